"""How the Wilchwy 2012/13 debate voted and how the four winners were carried out (demo, Polish).

The MOPS report (seed 003) says only what was done: 3 playgrounds renovated, a family picnic,
two-month swimming-pool passes for 75 children and a trip to Ustroń for 100 residents, the whole
programme costing 20,000 PLN. Vote counts, dates, receipts, suppliers and the journal are
invented to match, with 2013 prices; suppliers are made-up names.

Shapes (everything is keyed by the project's title in
:data:`pb.demo.wodzislaw_2012_projects.PROJECTS`):

- :data:`VOTES`: title → (resident ballots marking it, official ballots marking it);
  :data:`BALLOTS` gives how many ballots of each category were cast, and :func:`ballot_marks`
  spreads the counts over those ballots (1–4 marks each) so a loader can cast them.
- :data:`EXECUTION`: title of a chosen project → a dict with

  - ``tasks``: one (task title, status, actual start, actual end, login, note) per task of the
    project, in the project's order;
  - ``expenses``: (requested budget line's item, date, description, amount in grosze, supplier,
    document number);
  - ``own``: (own-contribution line's item, quantity delivered as decimal text, date, note);
  - ``results``: (result name, achieved value as decimal text);
  - ``journal``: (date, login, text);
  - ``story``: the group's closing story.
"""

from __future__ import annotations

from datetime import date

PLAYGROUNDS = "Odnowimy trzy place zabaw w Wilchwach"
GREEN_CORNER = "Zielony zakątek przy Domu Kultury"
PICNIC = "Piknik Rodzinny w Wilchwach"
REPAIR_CAFE = "Sąsiedzka naprawialnia"
POOL = "Wakacje na basenie dla 75 dzieci"
TRIP = "Wycieczka do Ustronia dla 100 mieszkańców"

ANIMATOR = "animator@wilchwy.example"

# Ballots cast at the debate on 15 March 2013, by category.
BALLOTS = {"resident": 70, "official": 5}

# How many ballots marked each project: (residents, officials). The four chosen lead clearly.
VOTES: dict[str, tuple[int, int]] = {
    PLAYGROUNDS: (52, 4),
    POOL: (49, 5),
    TRIP: (44, 3),
    PICNIC: (38, 3),
    GREEN_CORNER: (21, 2),
    REPAIR_CAFE: (17, 1),
}


def ballot_marks(category: str) -> list[tuple[str, ...]]:
    """The ballots of ``category`` ("resident" or "official"), each as the titles it marks.

    Marks are dealt round-robin, the most voted project first, so every project gets exactly its
    count from :data:`VOTES`, no ballot marks a project twice, and ballots carry 1–4 marks.
    Deterministic, so loading the demo twice casts the same ballots.
    """
    index = {"resident": 0, "official": 1}[category]
    count = BALLOTS[category]
    ballots: list[list[str]] = [[] for _ in range(count)]
    position = 0
    for title, votes in sorted(VOTES.items(), key=lambda item: (-item[1][index], item[0])):
        for _ in range(votes[index]):
            ballots[position % count].append(title)
            position += 1
    return [tuple(marks) for marks in ballots]


EXECUTION: dict[str, dict] = {
    PLAYGROUNDS: {
        "tasks": [
            ("Przegląd placów z zarządcą terenu", "done", date(2013, 4, 2), date(2013, 4, 11),
             "anna.kowalczyk", "Spisaliśmy usterki na trzech placach, zarządca dał zgodę."),
            ("Zakup farb i materiałów, zamówienie piasku", "done", date(2013, 4, 15),
             date(2013, 4, 25), "marek.siwy", "Porównaliśmy ceny w trzech sklepach."),
            ("Czyszczenie i szlifowanie urządzeń", "done", date(2013, 4, 29), date(2013, 5, 17),
             "zbigniew.lis", ""),
            ("Malowanie i naprawa huśtawek, zjeżdżalni i ławek", "done", date(2013, 5, 20),
             date(2013, 6, 14), "krystyna.bak", "Kilka dni przerwy na deszcz, zdążyliśmy."),
            ("Wymiana piasku w piaskownicach", "done", date(2013, 6, 10), date(2013, 6, 19),
             "marek.siwy", "Wywrotka przyjechała z tygodniowym opóźnieniem."),
            ("Montaż tablic i odbiór placów", "done", date(2013, 6, 20), date(2013, 6, 21),
             "halina.grzyb", "Odbiór z zarządcą bez uwag."),
            ("Rozliczenie i sprawozdanie ze zdjęciami", "done", date(2013, 6, 24),
             date(2013, 7, 4), "anna.kowalczyk", ""),
        ],
        "expenses": [
            ("Farba olejna do metalu, 5 l", date(2013, 4, 23), "Farba olejna, 8 puszek po 5 l",
             69840, "Sklep Budowlany „Pod Kasztanem”, Wodzisław Śl.", "FV 214/04/2013"),
            ("Podkład antykorozyjny, 5 l", date(2013, 4, 23), "Podkład antykorozyjny, 4 puszki",
             27600, "Sklep Budowlany „Pod Kasztanem”, Wodzisław Śl.", "FV 214/04/2013"),
            ("Lakierobejca do drewna, 5 l", date(2013, 4, 23), "Lakierobejca, 6 puszek",
             45120, "Sklep Budowlany „Pod Kasztanem”, Wodzisław Śl.", "FV 214/04/2013"),
            ("Deska impregnowana 28×140 mm na siedziska ławek", date(2013, 4, 25),
             "Deska impregnowana, 40 mb", 36480, "Tartak Olza, Wodzisław Śl.", "FV 88/2013"),
            ("Łańcuch ocynkowany z hakami do huśtawki", date(2013, 4, 25),
             "Łańcuchy z hakami, 6 kompletów", 51000, "Hurtownia Metal-Plac, Rybnik",
             "FV 1032/2013"),
            ("Gumowe siedzisko do huśtawki", date(2013, 4, 25), "Siedziska gumowe, 6 sztuk",
             25740, "Hurtownia Metal-Plac, Rybnik", "FV 1032/2013"),
            ("Pędzle, wałki, papier ścierny, szczotki druciane, wkręty", date(2013, 4, 26),
             "Pędzle, wałki, papier ścierny, szczotki", 24317,
             "Sklep Budowlany „Pod Kasztanem”, Wodzisław Śl.", "FV 229/04/2013"),
            ("Pędzle, wałki, papier ścierny, szczotki druciane, wkręty", date(2013, 5, 27),
             "Dokupione pędzle i wkręty po deszczu", 18640,
             "Sklep Budowlany „Pod Kasztanem”, Wodzisław Śl.", "Paragon 0457"),
            ("Piasek płukany do piaskownic", date(2013, 6, 18), "Piasek płukany, 6 t", 39000,
             "Żwirownia Marklowice", "FV 61/06/2013"),
            ("Dowóz piasku wywrotką", date(2013, 6, 18), "Transport piasku, 3 kursy", 36000,
             "Żwirownia Marklowice", "FV 61/06/2013"),
            ("Tablica z regulaminem placu zabaw", date(2013, 6, 12),
             "Tablice z regulaminem, 3 sztuki", 43800, "Reklama Śląsk, Wodzisław Śl.",
             "FV 45/06/2013"),
        ],
        "own": [
            ("Praca uczestników i sąsiadów przy remoncie", "146", date(2013, 6, 21),
             "Pomagało ośmioro sąsiadów, więcej godzin niż planowaliśmy."),
            ("Wywóz starego piasku przez zarządcę terenu", "1", date(2013, 6, 19),
             "Zarządca wywiózł stary piasek z trzech piaskownic."),
        ],
        "results": [
            ("Odnowione place zabaw", "3"),
            ("Wymienione siedziska i łańcuchy huśtawek", "6"),
            ("Piasek wymieniony w piaskownicach", "6"),
        ],
        "journal": [
            (date(2013, 4, 11), "anna.kowalczyk",
             "Obeszliśmy wszystkie trzy place z panem z zarządu terenu. Najgorzej jest przy "
             "blokach: dwie huśtawki bez siedzisk i spróchniałe ławki. Lista usterek jest "
             "gotowa."),
            (date(2013, 5, 17), "zbigniew.lis",
             "Skończyliśmy szlifowanie. Urządzenia są oczyszczone ze starej farby i rdzy. "
             "Dzieci z podwórka pytają codziennie, kiedy będzie można się bawić."),
            (date(2013, 6, 7), ANIMATOR,
             "Deszcz przerwał malowanie na kilka dni, ale grupa nadrabia popołudniami. "
             "Sąsiedzi przynoszą kawę i pomagają przy ławkach."),
            (date(2013, 6, 21), "halina.grzyb",
             "Place są odebrane bez uwag. Zawisły tablice z regulaminem i numerem do "
             "zgłaszania usterek. Przy szkole od razu zrobiło się tłoczno."),
        ],
        "story": (
            "Trzy place zabaw w Wilchwach znowu są kolorowe i bezpieczne. Sami oczyściliśmy, "
            "pomalowaliśmy i naprawiliśmy huśtawki, zjeżdżalnie i ławki, a do piaskownic "
            "trafił czysty piasek. Pomagało nam ośmioro sąsiadów, a o naszej pracy powstał "
            "reportaż w telewizji. Najbardziej cieszy nas to, że dzieci mają gdzie się bawić, "
            "a rodzice mówią nam na ulicy „dziękujemy”."
        ),
    },
    PICNIC: {
        "tasks": [
            ("Zgoda szkoły na boisko i zgłoszenie imprezy w urzędzie", "done", date(2013, 4, 8),
             date(2013, 5, 8), "danuta.wrobel", "Dyrektor szkoły zgodził się od razu."),
            ("Zamówienie nagłośnienia, zamku i toalet", "done", date(2013, 5, 13),
             date(2013, 5, 29), "jozef.kania", ""),
            ("Plakaty i zaproszenia w dzielnicy", "done", date(2013, 6, 3), date(2013, 6, 21),
             "grazyna.sowa", "Plakaty w sklepach, w kościele i na przystankach."),
            ("Zakupy: jedzenie, napoje, nagrody", "done", date(2013, 6, 24), date(2013, 6, 28),
             "irena.olszowka", ""),
            ("Piknik Rodzinny", "done", date(2013, 6, 29), date(2013, 6, 29), "danuta.wrobel",
             "Pogoda dopisała, przyszło więcej osób, niż liczyliśmy."),
            ("Sprzątanie, rozliczenie i podziękowania", "done", date(2013, 7, 1),
             date(2013, 7, 10), "ryszard.pawlik", ""),
        ],
        "expenses": [
            ("Nagłośnienie z obsługą", date(2013, 6, 29), "Nagłośnienie z akustykiem, 1 dzień",
             80000, "Studio Dźwięku Echo, Rybnik", "FV 27/06/2013"),
            ("Dmuchany zamek dla dzieci z obsługą", date(2013, 6, 29),
             "Dmuchany zamek z obsługą, 1 dzień", 45000, "Hopsasa Zabawy, Jastrzębie-Zdrój",
             "FV 113/2013"),
            ("Toaleta przenośna", date(2013, 6, 29), "Dwie toalety przenośne z serwisem",
             43000, "Toi-Serwis Śląsk, Rybnik", "FV 6/06/2013/TS"),
            ("Kiełbasa na grill", date(2013, 6, 28), "Kiełbasa śląska, 30 kg", 49470,
             "Masarnia Wilchwy", "FV 301/06/2013"),
            ("Bułki", date(2013, 6, 29), "Bułki, 280 sztuk", 12600, "Piekarnia u Stacha",
             "Paragon 1186"),
            ("Woda mineralna i soki", date(2013, 6, 28), "Woda i soki, 145 l", 31865,
             "Hurtownia Napojów Aqua, Wodzisław Śl.", "FV 512/06/2013"),
            ("Talerzyki, kubki, serwetki, węgiel drzewny", date(2013, 6, 28),
             "Naczynia jednorazowe, serwetki, węgiel", 19634, "Market Groszek, Wilchwy",
             "Paragon 2231"),
            ("Nagrody w konkursach (piłki, gry, książeczki)", date(2013, 6, 26),
             "Piłki, gry planszowe i książeczki, 40 sztuk", 58790, "Księgarnia i Zabawki Bajka",
             "FV 77/06/2013"),
            ("Plakaty A3 i ulotki", date(2013, 6, 4), "Plakaty A3 (40) i ulotki (500)", 12000,
             "Drukarnia Offset-Wodzisław", "FV 190/06/2013"),
        ],
        "own": [
            ("Wolontariusze przy organizacji i w dniu pikniku", "92", date(2013, 6, 29),
             "W dniu pikniku pomagało dwanaścioro wolontariuszy."),
            ("Stoły i ławki użyczone przez parafię", "10", date(2013, 6, 29),
             "Parafia użyczyła i przywiozła stoły z ławkami."),
        ],
        "results": [
            ("Uczestnicy pikniku", "340"),
            ("Konkursy i zabawy dla dzieci", "9"),
        ],
        "journal": [
            (date(2013, 5, 8), "danuta.wrobel",
             "Mamy zgodę szkoły na boisko i zgłoszenie w urzędzie. Strażacy obiecali przyjechać "
             "z wozem i pokazem."),
            (date(2013, 6, 21), "grazyna.sowa",
             "Rozwiesiłyśmy plakaty w całej dzielnicy i roznieśliśmy ulotki do skrzynek. "
             "Ludzie zaczepiają nas na ulicy i pytają o szczegóły."),
            (date(2013, 6, 29), ANIMATOR,
             "Piknik się udał: na boisku było około 340 osób. Dzieci oblegały dmuchany zamek i "
             "malowanie twarzy, a grill skończył się przed wieczorem. Grupa świetnie "
             "podzieliła się obowiązkami."),
            (date(2013, 7, 10), "ryszard.pawlik",
             "Boisko posprzątane, stoły wróciły do parafii. Wysłaliśmy podziękowania szkole, "
             "strażakom i wolontariuszom."),
        ],
        "story": (
            "W ostatnią sobotę czerwca boisko przy szkole wypełniło się rodzinami z całych "
            "Wilchw. Było dziewięć konkursów dla dzieci, dmuchany zamek, pokaz strażaków, "
            "muzyka i grill. Przyszło około 340 osób, więcej niż się spodziewaliśmy. "
            "Sąsiedzi, którzy mijali się latami bez słowa, usiedli przy jednym stole i pytają, "
            "kiedy następny piknik."
        ),
    },
    POOL: {
        "tasks": [
            ("Uzgodnienie ceny karnetów z basenem", "done", date(2013, 4, 8), date(2013, 4, 26),
             "stanislaw.gajda", "Basen dał zniżkę dla grupy 75 dzieci."),
            ("Wybór dzieci z pracownikami socjalnymi", "done", date(2013, 5, 6),
             date(2013, 6, 5), "teresa.lukasik", ""),
            ("Zebranie zgód rodziców", "done", date(2013, 5, 20), date(2013, 6, 14),
             "bozena.mrozek", "Zgody podpisali rodzice wszystkich 75 dzieci."),
            ("Zakup karnetów, czepków i ubezpieczenia", "done", date(2013, 6, 17),
             date(2013, 6, 20), "andrzej.kempny", ""),
            ("Wręczenie karnetów dzieciom", "done", date(2013, 6, 28), date(2013, 6, 28),
             "teresa.lukasik", "Wręczenie w Domu Kultury, z rodzicami."),
            ("Dyżury opiekunów i lista obecności", "done", date(2013, 7, 1), date(2013, 8, 31),
             "wieslaw.hajduk", ""),
            ("Podsumowanie i rozliczenie", "done", date(2013, 9, 2), date(2013, 9, 12),
             "stanislaw.gajda", ""),
        ],
        "expenses": [
            ("Karnet dwumiesięczny na basen dla dziecka (lipiec–sierpień)", date(2013, 6, 20),
             "Karnety imienne lipiec–sierpień, 75 sztuk", 405000,
             "Miejski Ośrodek Sportu i Rekreacji, Wodzisław Śl.", "FV 2013/06/418"),
            ("Czepek pływacki", date(2013, 6, 19), "Czepki pływackie, 75 sztuk", 42000,
             "Sklep Sportowy Delfin, Wodzisław Śl.", "FV 94/2013"),
            ("Ubezpieczenie NNW dziecka na wakacje", date(2013, 6, 20),
             "Polisa NNW na lipiec–sierpień, 75 dzieci", 30000, "Towarzystwo Ubezpieczeń Opoka",
             "Polisa NNW 7781/2013"),
            ("Plakaty informacyjne", date(2013, 5, 7), "Plakaty informacyjne A3, 20 sztuk",
             5000, "Drukarnia Offset-Wodzisław", "FV 141/05/2013"),
            ("Kopie zgód rodziców i regulaminu", date(2013, 5, 20),
             "Kopie zgód i regulaminu, 260 stron", 3900, "Punkt Ksero Kopiuś",
             "Paragon 0931"),
        ],
        "own": [
            ("Dyżury opiekunów przy wejściu na basen", "70", date(2013, 8, 31),
             "Dyżury we wtorki i czwartki przez całe wakacje."),
            ("Wybór rodzin przez pracowników socjalnych MOPS", "10", date(2013, 6, 5),
             "Pracownicy socjalni wskazali rodziny w najtrudniejszej sytuacji."),
        ],
        "results": [
            ("Dzieci z karnetem", "75"),
            ("Wejścia na basen", "1430"),
        ],
        "journal": [
            (date(2013, 4, 26), "stanislaw.gajda",
             "Basen zgodził się na cenę 54 zł za karnet na dwa miesiące. To mniej, niż "
             "płaci się za bilety jednorazowe."),
            (date(2013, 6, 28), "teresa.lukasik",
             "Wręczyliśmy 75 karnetów i czepków. Wiele dzieci będzie na basenie pierwszy raz "
             "w życiu."),
            (date(2013, 7, 25), "wieslaw.hajduk",
             "Na dyżurach przychodzi codziennie od 20 do 30 dzieci. Ratownicy prowadzą dla "
             "chętnych naukę pływania."),
            (date(2013, 9, 12), ANIMATOR,
             "Lista obecności pokazuje 1430 wejść przez lipiec i sierpień. Kilkanaścioro "
             "dzieci nauczyło się pływać."),
        ],
        "story": (
            "Przez lipiec i sierpień 75 dzieci z Wilchw chodziło na basen miejski za darmo. "
            "Uzbierało się 1430 wejść, a kilkanaścioro dzieci nauczyło się pływać. "
            "Dyżurowaliśmy przy wejściu na zmianę, więc rodzice wiedzieli, że dzieci są pod "
            "opieką. Dla wielu z nich to były pierwsze wakacje, które będą wspominać."
        ),
    },
    TRIP: {
        "tasks": [
            ("Wybór przewoźnika i rezerwacja obiadu", "done", date(2013, 5, 6),
             date(2013, 5, 29), "andrzej.kempny", "Wybraliśmy najtańszą z trzech ofert."),
            ("Zapisy uczestników w Domu Kultury", "done", date(2013, 6, 3), date(2013, 7, 12),
             "bozena.mrozek", "Chętnych było 130, powstała lista rezerwowa."),
            ("Lista uczestników i ubezpieczenie", "done", date(2013, 7, 15), date(2013, 7, 25),
             "teresa.lukasik", ""),
            ("Spotkanie informacyjne dla uczestników", "done", date(2013, 8, 9),
             date(2013, 8, 9), "wieslaw.hajduk", ""),
            ("Wycieczka do Ustronia", "done", date(2013, 8, 17), date(2013, 8, 17),
             "stanislaw.gajda", "Pojechało 100 osób, wszyscy wrócili zadowoleni."),
            ("Rozliczenie i wystawa zdjęć", "done", date(2013, 8, 19), date(2013, 9, 6),
             "bozena.mrozek", "Wystawa zdjęć w Domu Kultury."),
        ],
        "expenses": [
            ("Autokar 50 miejsc Wodzisław–Ustroń–Wodzisław", date(2013, 8, 17),
             "Dwa autokary, Wodzisław–Ustroń–Wodzisław", 230000, "Przewozy Beskid-Trans, Rybnik",
             "FV 402/08/2013"),
            ("Obiad dwudaniowy", date(2013, 8, 17), "Obiad dwudaniowy, 100 osób", 140000,
             "Karczma pod Czantorią, Ustroń", "FV 219/2013"),
            ("Przewodnik po Ustroniu", date(2013, 8, 17), "Przewodnik beskidzki, 1 dzień",
             30000, "Biuro Przewodnickie Równica, Ustroń", "Rachunek 33/2013"),
            ("Bilet do Muzeum Ustrońskiego (ulgowy)", date(2013, 8, 17),
             "Bilety ulgowe do muzeum, 100 osób", 40000, "Muzeum Ustrońskie",
             "FV 118/08/2013"),
            ("Ubezpieczenie NNW uczestnika", date(2013, 7, 25),
             "Polisa NNW na dzień wycieczki, 100 osób", 35000, "Towarzystwo Ubezpieczeń Opoka",
             "Polisa NNW 8123/2013"),
            ("Woda mineralna 0,5 l", date(2013, 8, 16), "Woda mineralna 0,5 l, 120 butelek",
             11880, "Market Groszek, Wilchwy", "Paragon 3012"),
            ("Apteczka i drobne materiały", date(2013, 8, 14),
             "Apteczka, plastry, worki na śmieci", 5748, "Apteka Pod Lipami, Wodzisław Śl.",
             "Paragon 7719"),
        ],
        "own": [
            ("Opieka nad grupami w czasie wycieczki", "100", date(2013, 8, 17),
             "Dziesięcioro opiekunów przez dziesięć godzin."),
            ("Zapisy prowadzone w Domu Kultury", "1", date(2013, 7, 12),
             "Dom Kultury prowadził zapisy przez sześć tygodni."),
        ],
        "results": [
            ("Uczestnicy wycieczki", "100"),
        ],
        "journal": [
            (date(2013, 5, 29), "andrzej.kempny",
             "Mamy przewoźnika i zarezerwowany obiad w Ustroniu. Autokary podjadą pod Dom "
             "Kultury o siódmej rano."),
            (date(2013, 7, 12), "bozena.mrozek",
             "Zapisy zamknięte: 100 osób na liście i 30 na liście rezerwowej. Pierwszeństwo "
             "miały rodziny, które nie wyjeżdżają na wakacje."),
            (date(2013, 8, 17), "stanislaw.gajda",
             "Wróciliśmy z Ustronia zmęczeni i zadowoleni. Przewodnik pokazał bulwary nad Wisłą "
             "i muzeum, a obiad wszystkim smakował. Dzieci pytają, gdzie pojedziemy za rok."),
            (date(2013, 9, 6), ANIMATOR,
             "W Domu Kultury wisi wystawa zdjęć z wycieczki. Grupa sama rozliczyła wszystkie "
             "faktury i przygotowała podziękowania."),
        ],
        "story": (
            "W sobotę 17 sierpnia dwa autokary zawiozły 100 mieszkańców Wilchw do Ustronia. "
            "Z przewodnikiem przeszliśmy bulwarami nad Wisłą, zwiedziliśmy Muzeum Ustrońskie i "
            "zjedliśmy wspólny obiad. Dla wielu rodzin i seniorów to był pierwszy wyjazd od "
            "lat. Zapisy, listy i opiekę nad grupami zorganizowaliśmy sami."
        ),
    },
}
