"""Does a resident's report look like it names a person? (pb.core.moderation)"""

from __future__ import annotations

import pytest

from pb.core.moderation import FIRST_NAMES, PersonHint, person_warnings

H, N, P, E = PersonHint.HONORIFIC, PersonHint.NAME, PersonHint.PHONE, PersonHint.EMAIL


@pytest.mark.parametrize(("text", "expected"), [
    # Mr / Mrs with a name, in any case.
    ("Pan Kowalski z trzeciego piętra pali na klatce.", [H]),
    ("Codziennie rano u pani Zosi zbierają się dzieciaki.", [H]),
    ("Trzeba zapytać pana Nowaka o klucze.", [H]),
    ("Państwo Wiśniewscy trzymają psa bez smyczy.", [H]),
    ("Według p. Malinowskiej plac jest zamykany.", [H]),
    # A first name and a surname.
    ("Obok mieszka Anna Nowak, która nie ma jak dojść do sklepu.", [N]),
    ("Śmieci wyrzuca Jan Kowalski spod siódemki.", [N]),
    ("Rozmawiałam z Janem Nowakiem o ławkach.", [N]),
    ("Sąsiad Zbyszko Wiśniewski rzuca butelki.", [N]),  # an unknown name, a surname's ending
    ("Marek Zieliński wie, kto niszczy huśtawki.", [N]),  # at the start of the text too
    # Phone numbers and e-mail addresses.
    ("Dzwońcie pod 500 600 700, pomogę.", [P]),
    ("Mój telefon: +48 32 455-12-34.", [P]),
    ("Tel. 500600700", [P]),
    ("Piszcie na jan.kowalski@example.com", [E]),
    # Several at once, in a fixed order.
    ("Pani Anna Nowak, tel. 501 502 503, anna@nowak.pl", [H, N, P, E]),
])
def test_what_names_a_person_is_noticed(text, expected):
    assert person_warnings(text) == expected


@pytest.mark.parametrize("text", [
    # Streets and patrons are not people.
    "Na ul. Jana Pawła II nie ma ani jednej ławki.",
    "Przy ulicy Adama Mickiewicza brakuje przejścia dla pieszych.",
    "Skrzyżowanie al. Marii Skłodowskiej i Szkolnej jest niebezpieczne.",
    "Chodnik przy Jana Pawła II jest dziurawy.",
    "Szkoła im. Tadeusza Kościuszki nie ma boiska.",
    "Plac przy kościele św. Jana Chrzciciela jest zaniedbany.",
    # Places with capitalised names.
    "W Domu Kultury nie ma zajęć dla seniorów.",
    "Przy Parku Śląskim brakuje koszy.",
    "Na Osiedlu Piastowskim nie działają latarnie.",
    "Szkoła Podstawowa nr 3 nie ma świetlicy w wakacje.",
    "Klub Sportowy Wilchwy nie ma gdzie trenować zimą.",
    # Numbers that are not phone numbers: house numbers, postcodes, years, counts.
    "Plac przy Szkolnej 12, 44-300 Wodzisław Śląski, od 2019 roku.",
    "Około 120 dzieci z bloków 3, 5 i 7 nie ma gdzie grać.",
    # Plain complaints, lower-case words.
    "Huśtawki są połamane, a piaskownica brudna.",
    "pan od śmieci nie przyjeżdża od miesiąca",
    "",
])
def test_streets_places_and_numbers_are_not_taken_for_people(text):
    assert person_warnings(text) == []


def test_first_names_come_in_their_usual_forms():
    for form in ("Jan", "Jana", "Janem", "Janowi", "Paweł", "Pawła", "Józek", "Józka",
                 "Jerzy", "Jerzego", "Anna", "Anny", "Annę", "Anną", "Zofia", "Zofii",
                 "Zosia", "Zosi", "Kinga", "Kingi"):
        assert form in FIRST_NAMES, form
