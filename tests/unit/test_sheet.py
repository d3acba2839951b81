"""The one-page project sheet: always one A4 page, Polish letters intact, totals printed."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pb.core.budget import Funding, line_total, parse_quantity
from pb.core.schedule import TaskSpec
from pb.demo.wodzislaw_2012 import EDITION
from pb.demo.wodzislaw_2012_projects import PROJECTS
from pb.projects.sheet import SHEET_LABEL_KEYS, SheetData, project_sheet_pdf

MONTHS = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]
CATEGORIES = {
    "materials": "Materiały", "services": "Usługi", "transport": "Transport",
    "tickets": "Bilety", "food": "Wyżywienie", "equipment": "Wyposażenie",
    "promotion": "Promocja", "other": "Inne", "volunteer_work": "Praca wolontariuszy",
    "donated_materials": "Materiały darowane", "partner_help": "Pomoc partnera",
}
LABELS = {
    "group": "Grupa", "answers": "Potrzeby z diagnozy", "need": "Potrzeba", "beneficiaries": "Odbiorcy", "place": "Miejsce",
    "description": "Opis", "results": "Oczekiwane rezultaty", "schedule": "Harmonogram",
    "budget": "Kosztorys", "category": "Kategoria", "item": "Pozycja", "quantity": "Ilość",
    "unit": "J.m.", "unit_price": "Cena jedn.", "line_total": "Wartość",
    "requested_total": "Razem wnioskowana kwota", "own": "Wkład własny",
    "own_total": "Razem wkład własny", "more_lines": "… i jeszcze {count} pozycji",
    "empty": "(brak)",
}
WINDOW = (EDITION["execution_from"], date(2013, 11, 29))


def pln(grosze: int) -> str:
    whole, part = divmod(grosze, 100)
    return f"{whole:,}".replace(",", "\u00a0") + f",{part:02d}\u00a0zł"


def sheet_from_demo(project: dict, **changes) -> SheetData:
    """A sheet filled the way the web layer fills it, from a demo project."""
    requested, own, req_total, own_total = [], [], 0, 0
    for category, item, qty, unit, price, funding in project["budget"]:
        amount = line_total(parse_quantity(qty), price)
        row = (CATEGORIES[category], item, qty, unit, pln(price), pln(amount))
        if funding == Funding.OWN:
            own.append(row)
            own_total += amount
        else:
            requested.append(row)
            req_total += amount
    fields = {
        "edition_name": EDITION["name"] + " · Wodzisław Śląski",
        "group_name": project["group"],
        "title": project["title"],
        "summary": project["summary"],
        "need": project["need"],
        "beneficiaries": project["beneficiaries"],
        "place": project["place"],
        "description": project["description"],
        "results": [(name, f"{target}\u00a0{unit}") for name, unit, target in project["results"]],
        "tasks": [TaskSpec(t, s, e, r, i) for i, (t, s, e, r) in enumerate(project["tasks"])],
        "window": WINDOW,
        "budget_rows": requested,
        "requested_total": pln(req_total),
        "own_rows": own,
        "own_total": pln(own_total),
        "cap_note": "Limit na projekt: " + pln(EDITION["project_cap_grosze"]),
        "photo": None,
        "labels": LABELS,
        "month_labels": MONTHS,
        "format_date": lambda d: d.strftime("%d.%m.%Y"),
        "footer": "Debata PAL Wilchwy · 15 marca 2013 · karta projektu wydrukowana z pb",
    }
    fields.update(changes)
    return SheetData(**fields)


def long_sheet() -> SheetData:
    """Everything too long: 20 budget lines, 10 tasks, a wall of text, a photo."""
    base = sheet_from_demo(PROJECTS[0])
    rows = [("Materiały", f"Pozycja numer {i} — żółta farba, łańcuchy, śruby i gwoździe " * 2,
             "12,5", "szt.", pln(1234_56), pln(15432_00)) for i in range(20)]
    tasks = [TaskSpec(f"Zadanie {i}: bardzo długa nazwa zadania z harmonogramu grupy",
                      date(2013, 4, 1) + timedelta(days=20 * i),
                      date(2013, 4, 10) + timedelta(days=20 * i), "anna.kowalczyk", i)
             for i in range(10)]
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 160, 90)).save(photo, "JPEG")
    wall = "Zażółć gęślą jaźń, a potem długo opisujemy potrzeby dzielnicy. " * 40
    return replace(
        base,
        title="Bardzo długi tytuł projektu, który ciągnie się i ciągnie przez całą szerokość "
              "strony, aż trzeba go przyciąć",
        summary=wall[:300], need=wall, beneficiaries=wall, place=wall, description=wall,
        budget_rows=rows, own_rows=rows[:6], tasks=tasks,
        results=[(f"Wskaźnik {i} o długiej nazwie, żeby się zawijał", "1 000 szt.")
                 for i in range(6)],
        photo=photo.getvalue(),
    )


def _pages_and_text(pdf: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        page = document[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        document.close()
    return count, text


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p["title"])
def test_demo_sheet_is_one_page_with_title_group_and_totals(project):
    data = sheet_from_demo(project)
    count, text = _pages_and_text(project_sheet_pdf(data))
    assert count == 1
    flat = " ".join(text.split())
    assert " ".join(project["title"].split()) in flat
    assert project["group"] in flat
    for total in (data.requested_total, data.own_total):
        assert " ".join(total.split()) in flat
    assert "Harmonogram" in flat and "Kosztorys" in flat


def test_polish_letters_survive():
    data = sheet_from_demo(PROJECTS[0], summary="Zażółć gęślą jaźń — ZAŻÓŁĆ GĘŚLĄ JAŹŃ")
    _, text = _pages_and_text(project_sheet_pdf(data))
    assert "Zażółć gęślą jaźń" in text
    assert "ZAŻÓŁĆ GĘŚLĄ JAŹŃ" in text


def test_long_content_still_fits_one_page():
    data = long_sheet()
    count, text = _pages_and_text(project_sheet_pdf(data))
    assert count == 1
    flat = " ".join(text.split())
    assert data.requested_total.replace("\u00a0", " ") in flat.replace("\u00a0", " ")
    assert "…" in text  # something was cut, visibly


def test_empty_sections_and_bad_photo():
    data = sheet_from_demo(PROJECTS[1], tasks=[], budget_rows=[], own_rows=[], results=[],
                           photo=b"not a jpeg", window=None)
    count, text = _pages_and_text(project_sheet_pdf(data))
    assert count == 1 and "(brak)" in text


def test_missing_labels_are_refused():
    labels = {k: v for k, v in LABELS.items() if k != "budget"}
    with pytest.raises(ValueError, match="budget"):
        project_sheet_pdf(sheet_from_demo(PROJECTS[0], labels=labels))


def test_label_keys_documented():
    assert set(SHEET_LABEL_KEYS) == set(LABELS)
    assert all(meaning for meaning in SHEET_LABEL_KEYS.values())


def test_pln_helper():
    assert pln(5_000_00) == "5\u00a0000,00\u00a0zł"
