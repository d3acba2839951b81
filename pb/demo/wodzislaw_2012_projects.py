"""The six micro-projects drafted in Wilchwy for the 2012/13 debate (demo data, in Polish).

Four are the ones the debate really chose (seed 003): the renovation of 3 playgrounds, the family
picnic, two-month swimming-pool passes for 75 children and a trip to Ustroń for 100 residents.
The report gives no budgets, schedules or texts, nor the two ideas that lost: those are invented,
with 2013 prices. Volunteer work is valued at 10 zł an hour, about the minimum wage of 2013.

Shape of each entry (the loader relies on it):

- ``results``: (indicator, unit, target as decimal text);
- ``tasks``: (title, start, end, login of the responsible member of the owning group);
- ``budget``: (:class:`pb.core.budget.BudgetCategory` value, item, quantity text, unit,
  unit price in grosze, ``"requested"`` or ``"own"``);
- ``answers``: the keys of the diagnosis's needs it answers (:mod:`pb.demo.wilchwy_diagnosis`);
- ``spot``: where it stands on the district plan (a name in :data:`pb.demo.wilchwy_plan.PLACES`).
"""

from __future__ import annotations

from datetime import date

PROJECTS: list[dict] = [
    {
        "group": "Place zabaw",
        "title": "Odnowimy trzy place zabaw w Wilchwach",
        "answers": ["plac-szkola", "plac-bloki", "plac-skwer"],
        "spot": "playgrounds_project",
        "summary": (
            "Sami pomalujemy i naprawimy huśtawki, zjeżdżalnie i ławki oraz wymienimy piasek "
            "w piaskownicach na trzech placach zabaw w dzielnicy."
        ),
        "need": (
            "Place zabaw w Wilchwach od lat nie były remontowane: farba łuszczy się, łańcuchy "
            "huśtawek są zardzewiałe, a piasek w piaskownicach jest brudny. Rodzice boją się "
            "puszczać tam dzieci."
        ),
        "beneficiaries": "około 150 dzieci z dzielnicy i ich rodzice",
        "beneficiaries_count": 150,
        "place": "Trzy osiedlowe place zabaw w Wilchwach (przy szkole, przy blokach i na skwerze)",
        "description": (
            "Razem z zarządcą terenu obejrzymy trzy place zabaw i spiszemy, co trzeba naprawić. "
            "Oczyścimy i pomalujemy urządzenia, wymienimy zużyte łańcuchy i siedziska huśtawek "
            "oraz deski w ławkach. Do piaskownic przywieziemy czysty, płukany piasek. "
            "Na każdym placu zawiśnie nowa tablica z regulaminem i numerem telefonu do zgłaszania "
            "usterek. Pracę wykonamy sami, z pomocą chętnych sąsiadów."
        ),
        "results": [
            ("Odnowione place zabaw", "szt.", "3"),
            ("Wymienione siedziska i łańcuchy huśtawek", "kpl.", "6"),
            ("Piasek wymieniony w piaskownicach", "t", "6"),
        ],
        "tasks": [
            ("Przegląd placów z zarządcą terenu", date(2013, 4, 2), date(2013, 4, 12),
             "anna.kowalczyk"),
            ("Zakup farb i materiałów, zamówienie piasku", date(2013, 4, 15), date(2013, 4, 26),
             "marek.siwy"),
            ("Czyszczenie i szlifowanie urządzeń", date(2013, 4, 29), date(2013, 5, 17),
             "zbigniew.lis"),
            ("Malowanie i naprawa huśtawek, zjeżdżalni i ławek", date(2013, 5, 20),
             date(2013, 6, 14), "krystyna.bak"),
            ("Wymiana piasku w piaskownicach", date(2013, 6, 10), date(2013, 6, 14),
             "marek.siwy"),
            ("Montaż tablic i odbiór placów", date(2013, 6, 17), date(2013, 6, 21),
             "halina.grzyb"),
            ("Rozliczenie i sprawozdanie ze zdjęciami", date(2013, 6, 24), date(2013, 7, 5),
             "anna.kowalczyk"),
        ],
        "budget": [
            ("materials", "Farba olejna do metalu, 5 l", "8", "puszka", 8900, "requested"),
            ("materials", "Podkład antykorozyjny, 5 l", "4", "puszka", 6900, "requested"),
            ("materials", "Lakierobejca do drewna, 5 l", "6", "puszka", 7900, "requested"),
            ("materials", "Deska impregnowana 28×140 mm na siedziska ławek", "40", "mb", 950,
             "requested"),
            ("materials", "Łańcuch ocynkowany z hakami do huśtawki", "6", "kpl.", 8500,
             "requested"),
            ("materials", "Gumowe siedzisko do huśtawki", "6", "szt.", 4500, "requested"),
            ("materials", "Pędzle, wałki, papier ścierny, szczotki druciane, wkręty", "1", "kpl.",
             42000, "requested"),
            ("materials", "Piasek płukany do piaskownic", "6", "t", 6500, "requested"),
            ("transport", "Dowóz piasku wywrotką", "3", "kurs", 12000, "requested"),
            ("other", "Tablica z regulaminem placu zabaw", "3", "szt.", 15000, "requested"),
            ("volunteer_work", "Praca uczestników i sąsiadów przy remoncie", "120", "h", 1000,
             "own"),
            ("partner_help", "Wywóz starego piasku przez zarządcę terenu", "1", "usługa", 30000,
             "own"),
        ],
        "chosen": True,
    },
    {
        "group": "Place zabaw",
        "title": "Zielony zakątek przy Domu Kultury",
        "answers": ["seniorzy"],
        "spot": "culture_green_project",
        "summary": (
            "Ławki, kosze i rabaty kwiatowe przy Domu Kultury w Wilchwach — miejsce, w którym "
            "starsi mieszkańcy i mamy z dziećmi mogą usiąść i porozmawiać."
        ),
        "need": (
            "Przed Domem Kultury jest tylko wydeptany trawnik. Osoby starsze czekające na zajęcia "
            "nie mają gdzie usiąść, a teren wygląda na zaniedbany."
        ),
        "beneficiaries": "mieszkańcy odwiedzający Dom Kultury, zwłaszcza seniorzy i rodzice",
        "beneficiaries_count": 200,
        "place": "Teren zielony przed Domem Kultury w Wilchwach",
        "description": (
            "Ustawimy cztery ławki z oparciem i dwa kosze na śmieci. Wokół ławek założymy rabaty "
            "z krzewami i bylinami, które nie wymagają dużo pielęgnacji. "
            "Ziemię przygotujemy i obsadzimy sami, a sadzonki częściowo przyniosą sąsiedzi "
            "z przydomowych ogródków. Dom Kultury obiecał podlewanie w czasie wakacji."
        ),
        "results": [
            ("Ustawione ławki", "szt.", "4"),
            ("Założone rabaty kwiatowe", "m²", "24"),
        ],
        "tasks": [
            ("Uzgodnienie projektu z Domem Kultury i miastem", date(2013, 4, 2),
             date(2013, 4, 19), "halina.grzyb"),
            ("Zakup ławek, koszy i sadzonek", date(2013, 4, 22), date(2013, 5, 10),
             "zbigniew.lis"),
            ("Przygotowanie ziemi pod rabaty", date(2013, 5, 6), date(2013, 5, 17),
             "krystyna.bak"),
            ("Montaż ławek i koszy", date(2013, 5, 20), date(2013, 5, 24), "marek.siwy"),
            ("Sadzenie roślin i ściółkowanie", date(2013, 5, 27), date(2013, 6, 7),
             "krystyna.bak"),
            ("Otwarcie zakątka z sąsiadami", date(2013, 6, 14), date(2013, 6, 14),
             "anna.kowalczyk"),
        ],
        "budget": [
            ("equipment", "Ławka parkowa z oparciem", "4", "szt.", 42000, "requested"),
            ("equipment", "Kosz na śmieci stalowy", "2", "szt.", 19000, "requested"),
            ("materials", "Sadzonki krzewów ozdobnych", "40", "szt.", 1200, "requested"),
            ("materials", "Byliny i kwiaty sezonowe", "120", "szt.", 350, "requested"),
            ("materials", "Ziemia ogrodowa, worek 50 l", "40", "worek", 990, "requested"),
            ("materials", "Kora sosnowa, worek 80 l", "30", "worek", 1100, "requested"),
            ("materials", "Obrzeże trawnikowe", "30", "mb", 850, "requested"),
            ("materials", "Cement i kotwy do mocowania ławek", "1", "kpl.", 16000, "requested"),
            ("volunteer_work", "Prace ogrodowe i montaż", "60", "h", 1000, "own"),
            ("donated_materials", "Sadzonki z przydomowych ogródków sąsiadów", "30", "szt.", 800,
             "own"),
        ],
        "chosen": False,
    },
    {
        "group": "Rodzina i wypoczynek",
        "title": "Piknik Rodzinny w Wilchwach",
        "answers": ["rodziny"],
        "spot": "school_field",
        "summary": (
            "Całodniowy piknik dla rodzin z dzielnicy: gry i konkursy dla dzieci, grill, "
            "muzyka i wspólna zabawa sąsiadów."
        ),
        "need": (
            "W dzielnicy brakuje okazji, żeby sąsiedzi się poznali i spędzili czas razem. "
            "Wiele rodzin nie stać na wyjazdy, a dzieci spędzają wakacje na podwórku."
        ),
        "beneficiaries": "około 300 mieszkańców Wilchw, głównie rodziny z dziećmi",
        "beneficiaries_count": 300,
        "place": "Boisko przy szkole podstawowej w Wilchwach",
        "description": (
            "W sobotę na początku wakacji zorganizujemy piknik na boisku szkolnym. "
            "Dla dzieci przygotujemy dmuchany zamek, malowanie twarzy i konkursy z nagrodami, "
            "dla dorosłych muzykę i grill. Stoły i ławki użyczy parafia, a przy pikniku pomogą "
            "wolontariusze z dzielnicy. Zaprosimy też dzielnicowego i strażaków z pokazem."
        ),
        "results": [
            ("Uczestnicy pikniku", "os.", "300"),
            ("Konkursy i zabawy dla dzieci", "szt.", "8"),
        ],
        "tasks": [
            ("Zgoda szkoły na boisko i zgłoszenie imprezy w urzędzie", date(2013, 4, 8),
             date(2013, 5, 10), "danuta.wrobel"),
            ("Zamówienie nagłośnienia, zamku i toalet", date(2013, 5, 13), date(2013, 5, 31),
             "jozef.kania"),
            ("Plakaty i zaproszenia w dzielnicy", date(2013, 6, 3), date(2013, 6, 21),
             "grazyna.sowa"),
            ("Zakupy: jedzenie, napoje, nagrody", date(2013, 6, 24), date(2013, 6, 28),
             "irena.olszowka"),
            ("Piknik Rodzinny", date(2013, 6, 29), date(2013, 6, 29), "danuta.wrobel"),
            ("Sprzątanie, rozliczenie i podziękowania", date(2013, 7, 1), date(2013, 7, 12),
             "ryszard.pawlik"),
        ],
        "budget": [
            ("services", "Nagłośnienie z obsługą", "1", "dzień", 80000, "requested"),
            ("services", "Dmuchany zamek dla dzieci z obsługą", "1", "dzień", 45000, "requested"),
            ("services", "Toaleta przenośna", "2", "szt.", 23000, "requested"),
            ("food", "Kiełbasa na grill", "30", "kg", 1690, "requested"),
            ("food", "Bułki", "300", "szt.", 45, "requested"),
            ("food", "Woda mineralna i soki", "150", "l", 220, "requested"),
            ("materials", "Talerzyki, kubki, serwetki, węgiel drzewny", "1", "kpl.", 21000,
             "requested"),
            ("other", "Nagrody w konkursach (piłki, gry, książeczki)", "40", "szt.", 1500,
             "requested"),
            ("promotion", "Plakaty A3 i ulotki", "1", "kpl.", 12000, "requested"),
            ("volunteer_work", "Wolontariusze przy organizacji i w dniu pikniku", "80", "h", 1000,
             "own"),
            ("partner_help", "Stoły i ławki użyczone przez parafię", "10", "kpl.", 2000, "own"),
        ],
        "chosen": True,
    },
    {
        "group": "Rodzina i wypoczynek",
        "title": "Sąsiedzka naprawialnia",
        "answers": ["naprawy"],
        "spot": "repair_corner",
        "summary": (
            "Wypożyczalnia narzędzi i comiesięczny dzień napraw w Domu Kultury: naprawimy "
            "razem to, czego nie stać nas wymienić na nowe."
        ),
        "need": (
            "Wiele rodzin w dzielnicy nie ma wiertarki ani drabiny, a drobna naprawa u fachowca "
            "to wydatek ponad siły. Wśród sąsiadów są emerytowani górnicy i krawcowe, którzy "
            "chętnie pomogą."
        ),
        "beneficiaries": "rodziny z Wilchw korzystające z pomocy społecznej i seniorzy",
        "beneficiaries_count": 60,
        "place": "Sala w Domu Kultury w Wilchwach",
        "description": (
            "Kupimy podstawowe narzędzia i maszynę do szycia i zamkniemy je w szafie w Domu "
            "Kultury. Raz w miesiącu zorganizujemy dzień napraw, na który sąsiedzi przyniosą "
            "zepsute sprzęty i ubrania. Narzędzia będzie można wypożyczyć na tydzień za wpisem "
            "do zeszytu. Dyżury poprowadzą uczestnicy programu z pomocą sąsiadów-fachowców."
        ),
        "results": [
            ("Dni napraw", "szt.", "4"),
            ("Naprawione przedmioty", "szt.", "80"),
            ("Wypożyczenia narzędzi", "szt.", "40"),
        ],
        "tasks": [
            ("Uzgodnienie sali i szafy z Domem Kultury", date(2013, 4, 8), date(2013, 4, 26),
             "ryszard.pawlik"),
            ("Zakup narzędzi i maszyny do szycia", date(2013, 5, 6), date(2013, 5, 24),
             "jozef.kania"),
            ("Regulamin wypożyczalni i zeszyt wypożyczeń", date(2013, 5, 13), date(2013, 5, 24),
             "irena.olszowka"),
            ("Ogłoszenia w dzielnicy", date(2013, 5, 27), date(2013, 6, 7), "grazyna.sowa"),
            ("Dni napraw (raz w miesiącu)", date(2013, 6, 15), date(2013, 9, 21),
             "danuta.wrobel"),
            ("Podsumowanie i rozliczenie", date(2013, 9, 23), date(2013, 10, 4),
             "ryszard.pawlik"),
        ],
        "budget": [
            ("equipment", "Wiertarko-wkrętarka akumulatorowa", "2", "szt.", 29900, "requested"),
            ("equipment", "Zestaw kluczy i narzędzi ręcznych w walizce", "2", "kpl.", 18900,
             "requested"),
            ("equipment", "Drabina aluminiowa 3×8 szczebli", "1", "szt.", 24900, "requested"),
            ("equipment", "Szafa metalowa na narzędzia z zamkiem", "1", "szt.", 69000,
             "requested"),
            ("equipment", "Maszyna do szycia", "1", "szt.", 54900, "requested"),
            ("materials", "Wiertła, nici, kleje, drobne części", "1", "kpl.", 30000, "requested"),
            ("promotion", "Plakaty i ulotki", "1", "kpl.", 12000, "requested"),
            ("food", "Kawa, herbata i ciasto na dni napraw", "4", "spotkanie", 6000,
             "requested"),
            ("volunteer_work", "Dyżury w naprawialni", "48", "h", 1000, "own"),
            ("partner_help", "Sala użyczona przez Dom Kultury", "4", "dzień", 8000, "own"),
            ("donated_materials", "Narzędzia przekazane przez sąsiadów", "1", "kpl.", 20000,
             "own"),
        ],
        "chosen": False,
    },
    {
        "group": "Wycieczki i sport",
        "title": "Wakacje na basenie dla 75 dzieci",
        "answers": ["wakacje"],
        "spot": "towards_centre",
        "summary": (
            "Dwumiesięczne karnety na basen na lipiec i sierpień dla 75 dzieci z rodzin "
            "korzystających z pomocy MOPS."
        ),
        "need": (
            "Dzieci z rodzin w trudnej sytuacji spędzają wakacje na podwórku, a wielu z nich "
            "nie umie pływać. Rodziców nie stać na bilety na basen przez całe lato."
        ),
        "beneficiaries": "75 dzieci w wieku 7–15 lat z rodzin korzystających z pomocy MOPS",
        "beneficiaries_count": 75,
        "place": "Basen miejski w Wodzisławiu Śląskim",
        "description": (
            "Razem z pracownikami socjalnymi wybierzemy 75 dzieci z Wilchw, które najbardziej "
            "potrzebują wakacyjnego wypoczynku. Kupimy im imienne karnety na lipiec i sierpień "
            "oraz czepki pływackie. Rodzice podpiszą zgody, a dzieci ubezpieczymy. "
            "W wybrane dni uczestnicy programu będą dyżurować przy wejściu i pilnować listy "
            "obecności."
        ),
        "results": [
            ("Dzieci z karnetem", "os.", "75"),
            ("Wejścia na basen", "szt.", "1500"),
        ],
        "tasks": [
            ("Uzgodnienie ceny karnetów z basenem", date(2013, 4, 8), date(2013, 4, 30),
             "stanislaw.gajda"),
            ("Wybór dzieci z pracownikami socjalnymi", date(2013, 5, 6), date(2013, 6, 7),
             "teresa.lukasik"),
            ("Zebranie zgód rodziców", date(2013, 5, 20), date(2013, 6, 14), "bozena.mrozek"),
            ("Zakup karnetów, czepków i ubezpieczenia", date(2013, 6, 17), date(2013, 6, 21),
             "andrzej.kempny"),
            ("Wręczenie karnetów dzieciom", date(2013, 6, 28), date(2013, 6, 28),
             "teresa.lukasik"),
            ("Dyżury opiekunów i lista obecności", date(2013, 7, 1), date(2013, 8, 31),
             "wieslaw.hajduk"),
            ("Podsumowanie i rozliczenie", date(2013, 9, 2), date(2013, 9, 13),
             "stanislaw.gajda"),
        ],
        "budget": [
            ("tickets", "Karnet dwumiesięczny na basen dla dziecka (lipiec–sierpień)", "75",
             "szt.", 5400, "requested"),
            ("materials", "Czepek pływacki", "75", "szt.", 600, "requested"),
            ("services", "Ubezpieczenie NNW dziecka na wakacje", "75", "os.", 400, "requested"),
            ("promotion", "Plakaty informacyjne", "20", "szt.", 250, "requested"),
            ("other", "Kopie zgód rodziców i regulaminu", "300", "str.", 15, "requested"),
            ("volunteer_work", "Dyżury opiekunów przy wejściu na basen", "64", "h", 1000, "own"),
            ("partner_help", "Wybór rodzin przez pracowników socjalnych MOPS", "10", "h", 2500,
             "own"),
        ],
        "chosen": True,
    },
    {
        "group": "Wycieczki i sport",
        "title": "Wycieczka do Ustronia dla 100 mieszkańców",
        "answers": ["rodziny"],
        "spot": "coach_stop",
        "summary": (
            "Jednodniowy wyjazd autokarem do Ustronia dla 100 mieszkańców Wilchw: spacer "
            "bulwarami nad Wisłą, przewodnik, wspólny obiad."
        ),
        "need": (
            "Wiele rodzin i seniorów z dzielnicy od lat nigdzie nie wyjeżdżało. Wspólny wyjazd "
            "to okazja do odpoczynku i poznania sąsiadów."
        ),
        "beneficiaries": "100 mieszkańców Wilchw: rodziny z dziećmi i seniorzy",
        "beneficiaries_count": 100,
        "place": "Ustroń (wyjazd spod Domu Kultury w Wilchwach)",
        "description": (
            "W sierpniu dwa autokary zawiozą 100 mieszkańców do Ustronia. Z przewodnikiem "
            "przejdziemy bulwarami nad Wisłą i obejrzymy Muzeum Ustrońskie, a w południe zjemy "
            "wspólny obiad. Zapisy poprowadzimy w Domu Kultury; pierwszeństwo mają rodziny, "
            "które nie wyjeżdżają na wakacje. Nad każdą grupą czuwają dwaj opiekunowie z programu."
        ),
        "results": [
            ("Uczestnicy wycieczki", "os.", "100"),
        ],
        "tasks": [
            ("Wybór przewoźnika i rezerwacja obiadu", date(2013, 5, 6), date(2013, 5, 31),
             "andrzej.kempny"),
            ("Zapisy uczestników w Domu Kultury", date(2013, 6, 3), date(2013, 7, 12),
             "bozena.mrozek"),
            ("Lista uczestników i ubezpieczenie", date(2013, 7, 15), date(2013, 7, 26),
             "teresa.lukasik"),
            ("Spotkanie informacyjne dla uczestników", date(2013, 8, 9), date(2013, 8, 9),
             "wieslaw.hajduk"),
            ("Wycieczka do Ustronia", date(2013, 8, 17), date(2013, 8, 17), "stanislaw.gajda"),
            ("Rozliczenie i wystawa zdjęć", date(2013, 8, 19), date(2013, 9, 6),
             "bozena.mrozek"),
        ],
        "budget": [
            ("transport", "Autokar 50 miejsc Wodzisław–Ustroń–Wodzisław", "2", "kurs", 115000,
             "requested"),
            ("food", "Obiad dwudaniowy", "100", "os.", 1400, "requested"),
            ("services", "Przewodnik po Ustroniu", "1", "dzień", 30000, "requested"),
            ("tickets", "Bilet do Muzeum Ustrońskiego (ulgowy)", "100", "os.", 400, "requested"),
            ("services", "Ubezpieczenie NNW uczestnika", "100", "os.", 350, "requested"),
            ("food", "Woda mineralna 0,5 l", "120", "szt.", 110, "requested"),
            ("other", "Apteczka i drobne materiały", "1", "kpl.", 6000, "requested"),
            ("volunteer_work", "Opieka nad grupami w czasie wycieczki", "100", "h", 1000, "own"),
            ("partner_help", "Zapisy prowadzone w Domu Kultury", "1", "usługa", 15000, "own"),
        ],
        "chosen": True,
    },
]
