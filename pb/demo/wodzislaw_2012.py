"""The Wodzisław Śląski 2012/13 Local Activity Programme in the Wilchwy district.

Facts from the MOPS report (seed 003): 15 residents on social assistance worked for 16 months
under an animator; in groups they drafted 6 micro-projects, a public debate with residents and city
officials chose 4; the whole programme cost 20,000 PLN of ESF money. The report gives no exact
dates, no per-project cap and no names: the dates below are spread over the programme's 16
months, the cap is a quarter of the pool, and the people are invented.
"""

from __future__ import annotations

from datetime import date

EDITION = {
    "name": "PAL Wilchwy 2012/13",
    "municipality": "Wodzisław Śląski",
    "district": "Wilchwy",
    "description": (
        "Program Aktywności Lokalnej MOPS w Wodzisławiu Śląskim i CRIS z Rybnika, w ramach "
        "projektu „Razem Przeciw Wykluczeniu Społecznemu” (EFS). Piętnaścioro mieszkańców "
        "Wilchw w grupach przygotowuje mikroprojekty dla swojej dzielnicy; o wyborze "
        "zdecydują goście debaty — mieszkańcy i władze miasta."
    ),
    "pool_grosze": 20_000_00,
    "project_cap_grosze": 5_000_00,
    "drafting_from": date(2012, 10, 1),
    "review_from": date(2013, 2, 1),
    "debate_on": date(2013, 3, 15),
    "execution_from": date(2013, 4, 1),
    "closed_on": date(2013, 11, 30),
    "voting_rule": "top",
    "published": True,
    "animators": ["animator@wilchwy.example"],
}

_STAFF = [
    {"login": "koordynator@wilchwy.example", "name": "Barbara Nowicka", "role": "coordinator"},
    {"login": "animator@wilchwy.example", "name": "Tomasz Wieczorek", "role": "animator"},
    {"login": "radny@wilchwy.example", "name": "Henryk Mazur", "role": "official"},
    {"login": "urzad@wilchwy.example", "name": "Ewa Kubica", "role": "official"},
    {"login": "komisja@wilchwy.example", "name": "Jan Pietrzyk", "role": "teller"},
]

# Fifteen participants; logins without e-mail, as many participants have none.
_PARTICIPANT_NAMES = [
    "Anna Kowalczyk", "Marek Siwy", "Halina Grzyb", "Krystyna Bąk", "Zbigniew Lis",
    "Danuta Wróbel", "Józef Kania", "Irena Olszówka", "Ryszard Pawlik", "Grażyna Sowa",
    "Stanisław Gajda", "Teresa Łukasik", "Andrzej Kempny", "Bożena Mrozek", "Wiesław Hajduk",
]


def _login(name: str) -> str:
    from pb.core.names import login_from_name

    return login_from_name(name, lambda _candidate: False)


PARTICIPANTS = [{"login": _login(n), "name": n, "role": "participant"} for n in _PARTICIPANT_NAMES]
PEOPLE = _STAFF + PARTICIPANTS

_logins = [p["login"] for p in PARTICIPANTS]
GROUPS = [
    {"name": "Place zabaw", "animator": "animator@wilchwy.example", "members": _logins[0:5]},
    {"name": "Rodzina i wypoczynek", "animator": "animator@wilchwy.example",
     "members": _logins[5:10]},
    {"name": "Wycieczki i sport", "animator": "animator@wilchwy.example",
     "members": _logins[10:15]},
]

# The debate in the district's community centre, where residents and city officials chose 4 of
# the 6 projects (the ballots are in wodzislaw_2012_execution.py).
DEBATE = {
    "name": "Debata mieszkańców Wilchw",
    "held_on": date(2013, 3, 15),
    "place": "Dom Kultury w Wilchwach",
    "min_marks": 1,
    "max_marks": 4,
    "winners": 4,
    "resident_weight": 1,
    "official_weight": 1,
    "officials_vote": True,
    "ballot_board": True,
}

# The tellers the coordinator assigned to the debate's counting desk.
DEBATE_TELLERS = ["komisja@wilchwy.example"]
