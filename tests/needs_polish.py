"""The Polish of the "drafts answer needs" strings, for the tests to read the pages in Polish
before the catalogues carry them.

The translations go into ``pb/translations`` when the part is merged (they are handed over as
``/work/tr/drafts.json``); until then :func:`add_missing_polish` compiles the ones the catalogue
lacks into a catalogue of their own for the test's app. Once the catalogue has them all, it does
nothing, and the tests read the real catalogue.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

ROOT = Path(__file__).resolve().parents[1]

# English plural msgids of the plural strings (singular → plural).
PLURALS = {"supported by %(num)d resident": "supported by %(num)d residents"}

POLISH: dict[str, str | list[str]] = {
    "Choose the needs from this edition's diagnosis.": "Wybierz potrzeby z diagnozy tej edycji.",
    "A closed need cannot be chosen any more.": "Zamkniętej potrzeby nie można już wybrać.",
    "Choose the needs from the list.": "Wybierz potrzeby z listy.",
    "Which needs of the district's diagnosis does it answer?":
        "Na które potrzeby z diagnozy dzielnicy odpowiada projekt?",
    "In your own words: how does the project answer the need?":
        "Własnymi słowami: jak projekt odpowiada na potrzebę?",
    "What is wrong or missing now, and what will change thanks to the project.":
        "Co dziś jest nie tak albo czego brakuje i co zmieni się dzięki projektowi.",
    "Choose the need from the district's diagnosis that the project answers.":
        "Wybierz z diagnozy dzielnicy potrzebę, na którą odpowiada projekt.",
    "Say in your own words how the project answers the need.":
        "Napisz własnymi słowami, jak projekt odpowiada na potrzebę.",
    "Answers need no. %(number)d: %(title)s": "Odpowiada na potrzebę nr %(number)d: %(title)s",
    "no residents' support yet": "na razie nikt jej nie poparł",
    "supported by %(num)d resident": ["poparł %(num)d mieszkaniec",
                                      "poparło %(num)d mieszkańców",
                                      "poparło %(num)d mieszkańców"],
    "Needs of the diagnosis": "Potrzeby z diagnozy",
    "How it answers the need": "Jak odpowiada na potrzebę",
    "Tick the need or needs the project answers (at least one). Each shows how many residents "
    "supported it.":
        "Zaznacz potrzebę lub potrzeby, na które odpowiada projekt (co najmniej jedną). Przy "
        "każdej widać, ilu mieszkańców ją poparło.",
    "No. %(number)d": "Nr %(number)d",
    "closed": "zamknięta",
    "This need has been closed; untick it and choose another one.":
        "Ta potrzeba została zamknięta: odznacz ją i wybierz inną.",
    "The district's diagnosis has no needs yet, so there is nothing to choose here. Describe "
    "the need in your own words below.":
        "Diagnoza dzielnicy nie ma jeszcze żadnych potrzeb, więc nie ma tu czego wybierać. "
        "Opisz potrzebę własnymi słowami poniżej.",
}


def add_missing_polish(app: Flask, folder: Path) -> None:
    """Give ``app`` the strings of :data:`POLISH` its Polish catalogue lacks."""
    from pb.extensions import babel

    with (ROOT / "pb" / "translations" / "pl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        known = {m.id if isinstance(m.id, str) else m.id[0]
                 for m in read_po(f, locale="pl") if m.id and m.string and not m.fuzzy}
    missing = {key: value for key, value in POLISH.items() if key not in known}
    if not missing:
        return
    catalog = Catalog(locale="pl")
    for key, value in missing.items():
        catalog.add((key, PLURALS[key]) if isinstance(value, list) else key, value)
    target = folder / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    app.extensions["babel"].translation_directories.append(str(folder))
    babel.domain_instance.cache.clear()  # translations are kept once loaded


def forget_added_polish() -> None:
    from pb.extensions import babel

    babel.domain_instance.cache.clear()
