"""The Wilchwy diagnosis of the demo edition: needs, resources and residents' reports (in Polish).

Facts from the MOPS report (seed 003): Wilchwy was chosen "after the diagnosis" for its
concentration of social problems, worse since the 1 Maja colliery closed; the partner was CRIS
(Centrum Rozwoju Inicjatyw Społecznych) from Rybnik, who ran the programme with an animator; the
micro-projects renovated 3 playgrounds, gave 75 children summer swimming-pool passes, and brought
families together at a picnic and on a trip to Ustroń. The needs below are the ones those projects
answered, plus a few the diagnosis would also have found; the numbers, dates and evidence are
invented but plausible, and every contact is made up (``000 000 …``, ``.example``) — the demo
holds no one's real personal data. The diagnosis ends before drafting starts (1 October 2012).

Each need and resource stands on a named spot of the plan (:data:`pb.demo.wilchwy_plan.PLACES`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from pb.diagnosis.models import NeedSource, ResourceKind

WALK_DAY = date(2012, 8, 28)  # the community walk with the animator
MOPS_DAY = date(2012, 8, 20)  # the social workers' data for the district
MEETING_DAY = date(2012, 9, 11)  # residents' meeting in Dom Kultury
SURVEY_DAY = date(2012, 9, 14)  # the residents' survey counted (96 forms returned)

# key: a name the projects use to say which need they answer. ``supports``: "me too" count.
NEEDS: list[dict] = [
    {
        "key": "plac-szkola",
        "title": "Zniszczony plac zabaw przy szkole",
        "description": (
            "Łańcuchy huśtawek są zardzewiałe, z ławek odpadają deski, a piasek "
            "w piaskownicy jest brudny. Farba łuszczy się na wszystkich urządzeniach."
        ),
        "place": "Plac zabaw przy Szkole Podstawowej, ul. Szkolna",
        "affected": "dzieci do 10 lat i ich rodzice, głównie z domów przy ul. Szkolnej",
        "affected_count": 60,
        "evidence": (
            "Spacer badawczy 28 sierpnia 2012: uczestnicy programu obejrzeli plac "
            "z animatorem i zrobili zdjęcia. Zniszczenia potwierdził dyrektor szkoły."
        ),
        "source": NeedSource.WALK,
        "noted_on": WALK_DAY,
        "category": "Zieleń i place zabaw",
        "spot": "playground_school",
        "supports": 9,
    },
    {
        "key": "plac-bloki",
        "title": "Zniszczony plac zabaw przy blokach",
        "description": (
            "Zjeżdżalnia ma pęknięty ślizg, huśtawka nie ma siedziska, a ogrodzenie jest "
            "powyginane. Rodzice nie puszczają tam dzieci samych."
        ),
        "place": "Plac zabaw między blokami przy ul. Górniczej",
        "affected": "dzieci z bloków przy ul. Górniczej i ich rodzice",
        "affected_count": 50,
        "evidence": (
            "Ankieta wśród mieszkańców (wrzesień 2012): plac zabaw przy blokach wskazało "
            "jako najpilniejszą sprawę 41 z 96 osób, które oddały ankietę."
        ),
        "source": NeedSource.SURVEY,
        "noted_on": SURVEY_DAY,
        "category": "Zieleń i place zabaw",
        "spot": "playground_blocks",
        "supports": 14,
    },
    {
        "key": "plac-skwer",
        "title": "Zniszczony plac zabaw w parku nad potokiem",
        "description": (
            "W piaskownicy prawie nie ma piasku, huśtawka stoi bez siedziska, ławki są "
            "połamane. Wieczorem plac jest pusty i zaśmiecony."
        ),
        "place": "Plac zabaw w parku nad potokiem",
        "affected": "dzieci z domów przy ul. Lipowej i ul. Polnej",
        "affected_count": 40,
        "evidence": (
            "Spacer badawczy 28 sierpnia 2012 oraz głosy mieszkańców na spotkaniu "
            "w Domu Kultury 11 września 2012."
        ),
        "source": NeedSource.WALK,
        "noted_on": WALK_DAY,
        "category": "Zieleń i place zabaw",
        "spot": "playground_square",
        "supports": 6,
    },
    {
        "key": "wakacje",
        "title": "Dzieci nie mają co robić w wakacje",
        "description": (
            "Latem świetlica szkolna jest zamknięta, a wielu rodzin nie stać na kolonie ani "
            "na bilety. Dzieci całe dnie spędzają na podwórkach, wiele z nich nie umie pływać."
        ),
        "place": "Podwórka przy blokach i w całej dzielnicy",
        "affected": "dzieci w wieku szkolnym z rodzin korzystających z pomocy MOPS",
        "affected_count": 120,
        "evidence": (
            "Dane MOPS: w rejonie Wilchw z pomocy korzysta około 80 rodzin z dziećmi w wieku "
            "szkolnym. Co roku rodzice mówią pracownikom socjalnym, że latem dzieci nie mają "
            "dokąd pójść."
        ),
        "source": NeedSource.MOPS,
        "noted_on": MOPS_DAY,
        "category": "Dzieci i młodzież",
        "spot": "blocks_yard",
        "supports": 11,
    },
    {
        "key": "seniorzy",
        "title": "Starsi mieszkańcy nie mają gdzie usiąść i porozmawiać",
        "description": (
            "W dzielnicy brakuje ławek i miejsca, gdzie seniorzy mogą się spotkać. Przed Domem "
            "Kultury jest tylko wydeptany trawnik, a osoby czekające na zajęcia stoją."
        ),
        "place": "Teren zielony przed Domem Kultury w Wilchwach",
        "affected": "seniorzy, w tym samotni emeryci po kopalni",
        "affected_count": 150,
        "evidence": (
            "Spotkanie z mieszkańcami w Domu Kultury 11 września 2012: mówiło o tym kilkanaście "
            "starszych osób."
        ),
        "source": NeedSource.MEETING,
        "noted_on": MEETING_DAY,
        "category": "Seniorzy",
        "spot": "culture_green",
        "supports": 7,
    },
    {
        "key": "rodziny",
        "title": "Rodziny rzadko się spotykają",
        "description": (
            "Od zamknięcia kopalni 1 Maja sąsiedzi coraz rzadziej się widują. Brakuje wspólnych "
            "wydarzeń dla całych rodzin, a wyjazd z dziećmi jest dla wielu za drogi."
        ),
        "place": "Cała dzielnica",
        "affected": "rodziny z dziećmi i seniorzy z Wilchw",
        "affected_count": 300,
        "evidence": (
            "Ankieta wśród mieszkańców (wrzesień 2012): 58 z 96 osób nie było w ostatnim roku "
            "na żadnym wydarzeniu w dzielnicy. To samo mówili mieszkańcy na spotkaniu."
        ),
        "source": NeedSource.SURVEY,
        "noted_on": SURVEY_DAY,
        "category": "Rodziny",
        "spot": "centre",
        "supports": 5,
    },
    {
        "key": "naprawy",
        "title": "Zepsute sprzęty, na których naprawę nikogo nie stać",
        "description": (
            "Samotni i starsi sąsiedzi żyją z zepsutą pralką, cieknącym kranem albo "
            "podartym ubraniem, bo fachowiec to wydatek ponad ich siły. Wiele rodzin nie ma "
            "też żadnych narzędzi."
        ),
        "place": "Familoki przy ul. Górniczej i domy wokół",
        "affected": "samotni seniorzy i rodziny korzystające z pomocy społecznej",
        "affected_count": 60,
        "evidence": (
            "Dane MOPS: co miesiąc kilka rodzin prosi pracowników socjalnych o pomoc "
            "w drobnej naprawie. W ankiecie 23 osoby napisały, że chętnie pomogą sąsiadom."
        ),
        "source": NeedSource.MOPS,
        "noted_on": MOPS_DAY,
        "category": "Seniorzy",
        "spot": "miners_houses",
        "supports": 4,
    },
    {
        "key": "kladka",
        "title": "Ciemna ścieżka i kładka nad potokiem",
        "description": (
            "Na ścieżce od ul. Polnej do boiska nie ma ani jednej latarni. Wieczorem dzieci "
            "wracające z treningów idą po ciemku przez kładkę."
        ),
        "place": "Ścieżka i kładka między ul. Polną a boiskiem klubu",
        "affected": "dzieci trenujące w klubie i mieszkańcy ul. Polnej",
        "affected_count": 80,
        "evidence": "Spacer badawczy 28 sierpnia 2012 (druga część po zmroku).",
        "source": NeedSource.WALK,
        "noted_on": WALK_DAY,
        "category": "Bezpieczeństwo",
        "spot": "footbridge",
        "supports": 8,
    },
    {
        "key": "chodnik",
        "title": "Dziurawy chodnik na ul. Szkolnej",
        "description": (
            "Chodnik do szkoły jest popękany, a zimą oblodzony. Mamy z wózkami schodzą "
            "na jezdnię."
        ),
        "place": "ul. Szkolna, od ul. Głównej do szkoły",
        "affected": "dzieci idące do szkoły i rodzice z wózkami",
        "affected_count": 200,
        "evidence": "Spotkanie z mieszkańcami w Domu Kultury 11 września 2012.",
        "source": NeedSource.MEETING,
        "noted_on": MEETING_DAY,
        "category": "Bezpieczeństwo",
        "spot": "szkolna_pavement",
        "supports": 3,
        "closed": (
            "To zadanie miasta, a nie mikroprojektu. Animator zgłosił sprawę do urzędu miasta "
            "20 września 2012; remont chodnika zapowiedziano na 2013 rok."
        ),
    },
    {
        "key": "praca",
        "title": "Długie bezrobocie po zamknięciu kopalni",
        "description": (
            "Wielu dorosłych od lat nie pracuje i straciło wiarę, że coś się zmieni. "
            "Ich zawody przestały być potrzebne, a kursy nie dały im pracy."
        ),
        "place": "Cała dzielnica, zwłaszcza okolice dawnej kopalni 1 Maja",
        "affected": "dorośli w wieku aktywności zawodowej korzystający z pomocy społecznej",
        "affected_count": 150,
        "evidence": (
            "Dane MOPS i rozmowy pracowników socjalnych z klientami z rejonu Wilchw; "
            "to dlatego ten program powstał właśnie tutaj."
        ),
        "source": NeedSource.MOPS,
        "noted_on": MOPS_DAY,
        "category": "Praca i umiejętności",
        "spot": "colliery",
        "supports": 2,
    },
]

RESOURCES: list[dict] = [
    {
        "name": "Dom Kultury w Wilchwach",
        "kind": ResourceKind.ORGANISATION,
        "offers": (
            "Zajęcia dla dzieci i seniorów, pomoc przy imprezach, nagłośnienie. Tu odbywają się "
            "spotkania programu i debata mieszkańców."
        ),
        "place": "ul. Lipowa, przy ul. Głównej",
        "contact": "Kierownik Domu Kultury, tel. 000 000 101 (numer zmyślony)",
        "category": "Kultura",
        "spot": "culture_house",
    },
    {
        "name": "Sala w Domu Kultury — wolna w soboty",
        "kind": ResourceKind.PLACE,
        "offers": (
            "Sala na 60 osób z zapleczem kuchennym, w soboty bezpłatnie dla inicjatyw "
            "mieszkańców (po uzgodnieniu z kierownikiem)."
        ),
        "place": "Dom Kultury w Wilchwach",
        "contact": "Rezerwacja u kierownika Domu Kultury, tel. 000 000 101 (numer zmyślony)",
        "category": "Rodziny",
        "spot": "culture_hall",
    },
    {
        "name": "Szkoła Podstawowa w Wilchwach",
        "kind": ResourceKind.ORGANISATION,
        "offers": (
            "Boisko szkolne na pikniki i festyny, sala gimnastyczna po lekcjach, świetlica. "
            "Pedagog szkolny zna rodziny w trudnej sytuacji."
        ),
        "place": "ul. Szkolna",
        "contact": "Sekretariat szkoły, tel. 000 000 102, sekretariat@szkola.example",
        "category": "Dzieci i młodzież",
        "spot": "school",
    },
    {
        "name": "Parafia w Wilchwach",
        "kind": ResourceKind.ORGANISATION,
        "offers": (
            "Ogłoszenia po mszach, stoły i ławki na festyny, sala parafialna na spotkania "
            "seniorów."
        ),
        "place": "ul. Kościelna, przy kościele",
        "contact": "Kancelaria parafialna, tel. 000 000 103 (numer zmyślony)",
        "category": "Rodziny",
        "spot": "church",
    },
    {
        "name": "Parafialny zespół Caritas",
        "kind": ResourceKind.GROUP,
        "offers": (
            "Wolontariusze, którzy odwiedzają samotnych sąsiadów, pomagają przy zakupach "
            "i przy imprezach dla dzieci."
        ),
        "place": "Sala parafialna, ul. Kościelna",
        "contact": "Przez kancelarię parafialną, tel. 000 000 103 (numer zmyślony)",
        "category": "Seniorzy",
        "spot": "parish_hall",
    },
    {
        "name": "Klub sportowy z ul. Sportowej",
        "kind": ResourceKind.ORGANISATION,
        "offers": (
            "Boisko i szatnie, sprzęt sportowy na festyny. Trener może latem prowadzić "
            "zajęcia dla dzieci."
        ),
        "place": "Boisko klubu, ul. Sportowa",
        "contact": "Prezes klubu, tel. 000 000 106 (numer zmyślony)",
        "category": "Sport",
        "spot": "club_house",
    },
    {
        "name": "MOPS w Wodzisławiu Śląskim",
        "kind": ResourceKind.SERVICE,
        "offers": (
            "Pracownicy socjalni rejonu Wilchw znają rodziny, pomagają dotrzeć do nich "
            "z informacją i zbierają dane do diagnozy. MOPS prowadzi Program Aktywności "
            "Lokalnej razem z CRIS."
        ),
        "place": "ul. Kubsza 28, w centrum Wodzisławia (poza planem)",
        "contact": "Pracownik socjalny rejonu Wilchw, tel. 000 000 104 (numer zmyślony)",
        "category": "Rodziny",
        "spot": "mops_arrow",
    },
    {
        "name": "CRIS — Centrum Rozwoju Inicjatyw Społecznych z Rybnika",
        "kind": ResourceKind.ORGANISATION,
        "offers": (
            "Partner programu, organizacja pozarządowa: zatrudnia animatora, prowadzi spotkania, "
            "trening i szkolenia, pomaga grupom opisać mikroprojekt, ułożyć harmonogram "
            "i budżet, a potem je rozliczyć."
        ),
        "place": "Rybnik; spotkania w Domu Kultury w Wilchwach",
        "contact": "Biuro projektu, biuro@cris.example, tel. 000 000 105 (dane zmyślone)",
        "category": "Praca i umiejętności",
        "spot": "culture_meeting",
    },
    {
        "name": "Radna dzielnicy — liderka lokalna",
        "kind": ResourceKind.PERSON,
        "offers": (
            "Zna wielu mieszkańców i ich sprawy, pomaga zaprosić sąsiadów na spotkania "
            "i na debatę, wie, do kogo w urzędzie się zwrócić."
        ),
        "place": "Dyżury w Domu Kultury we wtorki, 17:00–18:00",
        "contact": "tel. 000 000 107, radna@wilchwy.example (dane zmyślone)",
        "category": "Rodziny",
        "spot": "culture_desk",
    },
    {
        "name": "Emerytowani górnicy i krawcowe — sąsiedzi-fachowcy",
        "kind": ResourceKind.GROUP,
        "offers": (
            "Kilkanaście osób, które umieją naprawić sprzęt, meble i ubrania i chętnie pokażą, "
            "jak to zrobić."
        ),
        "place": "Familoki przy ul. Górniczej",
        "contact": "Przez animatora programu, animator@wilchwy.example",
        "category": "Praca i umiejętności",
        "spot": "miners_group",
    },
]

# Residents' reports still waiting for the animator (they are never public until moderated).
REPORTS: list[dict] = [
    {
        "what": (
            "Przy kładce nad potokiem nie świeci żadna latarnia, wieczorem boję się tamtędy "
            "wracać z synem z treningu."
        ),
        "place": "Kładka nad potokiem przy ul. Polnej",
        "contact": "",
        "spot": "footbridge_report",
        "sent": datetime(2012, 9, 18, 17, 40, tzinfo=UTC),
    },
    {
        # Names a (made-up) person: the moderation page warns before anything is published.
        "what": (
            "Pani Genowefa Kwiatek z ul. Lipowej 12 mieszka sama, ma zepsuty piec i nikt "
            "jej nie pomaga."
        ),
        "place": "ul. Lipowa",
        "contact": "",
        "spot": "lipowa_south",
        "sent": datetime(2012, 9, 20, 9, 15, tzinfo=UTC),
    },
    {
        "what": (
            "Na przystanku przy Domu Kultury nie ma ławki ani kosza, starsi ludzie czekają "
            "na autobus na stojąco."
        ),
        "place": "Przystanek autobusowy przy ul. Głównej",
        "contact": "mieszkanka.wilchw@example.com (adres zmyślony)",
        "spot": "bus_stop",
        "sent": datetime(2012, 9, 24, 12, 5, tzinfo=UTC),
    },
    {
        "what": (
            "Boisko szkolne zamykają o 16, a młodzież nie ma gdzie pograć w piłkę "
            "po południu."
        ),
        "place": "Boisko szkolne",
        "contact": "",
        "spot": "school_field_report",
        "sent": datetime(2012, 9, 26, 19, 30, tzinfo=UTC),
    },
]
