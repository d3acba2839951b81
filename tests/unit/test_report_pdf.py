"""The final report PDF: sane page count, every title and total printed, Polish letters intact."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pb.core.budget import line_total, parse_quantity
from pb.demo.wodzislaw_2012 import EDITION, GROUPS, PARTICIPANTS
from pb.demo.wodzislaw_2012_execution import BALLOTS, EXECUTION, VOTES
from pb.demo.wodzislaw_2012_projects import PROJECTS
from pb.execution.report_pdf import (
    REPORT_LABEL_KEYS,
    ReportData,
    ReportProject,
    final_report_pdf,
    percent,
    signed_money,
)

LABELS = {
    "report": "Sprawozdanie końcowe", "place": "Miejsce", "period": "Okres realizacji",
    "generated_on": "Wygenerowano", "key_figures": "Najważniejsze liczby",
    "participants": "Uczestnicy programu", "groups": "Grupy", "members": "Osoby",
    "drafted": "Przygotowane projekty", "presented": "Przedstawione na debacie",
    "chosen": "Wybrane w głosowaniu", "completed": "Zrealizowane", "ballots": "Oddane głosy",
    "ballots_by_category": "Karty do głosowania", "category": "Kategoria",
    "money_summary": "Pieniądze: plan i wykonanie", "projects": "Projekty",
    "project": "Projekt", "votes": "Głosy", "planned": "Plan", "spent": "Wydano",
    "difference": "Różnica", "percent": "% planu", "percent_value": "{value}\u00a0%",
    "total": "Razem", "overspent": "wydano więcej niż planowano",
    "by_category": "Koszty według kategorii", "details": "Realizacja wybranych projektów",
    "group": "Grupa", "state": "Stan", "tasks": "Zadania wykonane", "money": "Wydatki",
    "own_contribution": "Wkład własny", "of": "z", "result": "Rezultat", "target": "Cel",
    "achieved": "Osiągnięto", "story": "Słowo od grupy", "page": "Strona {page} z {pages}",
    "empty": "(brak)",
}
CATEGORIES = {
    "materials": "Materiały", "services": "Usługi", "transport": "Transport",
    "tickets": "Bilety", "food": "Wyżywienie", "equipment": "Wyposażenie",
    "promotion": "Promocja", "other": "Inne",
}


def pln(grosze: int) -> str:
    whole, part = divmod(grosze, 100)
    return f"{whole:,}".replace(",", "\u00a0") + f",{part:02d}\u00a0zł"


def _photo(colour: tuple[int, int, int], size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def report_from_demo(with_photos: bool = True) -> ReportData:
    """The report the web layer would build for the Wilchwy demo edition."""
    projects, by_category = [], {}
    for i, project in enumerate(PROJECTS):
        title = project["title"]
        run = EXECUTION.get(title)
        planned = own_planned = own_delivered = 0
        unit_prices = {}
        for category, item, qty, _unit, price, funding in project["budget"]:
            amount = line_total(parse_quantity(qty), price)
            if funding == "own":
                own_planned += amount
                unit_prices[item] = price
            else:
                planned += amount
                if project["chosen"]:
                    by_category.setdefault(category, [0, 0])[0] += amount
        spent = 0
        if run:
            items = {item: cat for cat, item, *_ in project["budget"]}
            for item, _day, _desc, amount, _sup, _doc in run["expenses"]:
                spent += amount
                by_category[items[item]][1] += amount
            for item, qty, _day, _note in run["own"]:
                own_delivered += line_total(Decimal(qty), unit_prices[item])
        achieved = dict(run["results"]) if run else {}
        residents, officials = VOTES[title]
        projects.append(ReportProject(
            title=title,
            group=project["group"],
            state_label="zrealizowany" if run else "nie wybrany",
            votes=residents + officials,
            planned_grosze=planned,
            spent_grosze=spent,
            own_planned_grosze=own_planned,
            own_delivered_grosze=own_delivered,
            results=[(name, f"{target}\u00a0{unit}",
                      f"{achieved[name]}\u00a0{unit}" if name in achieved else "—")
                     for name, unit, target in project["results"]],
            tasks_done=sum(t[1] == "done" for t in run["tasks"]) if run else 0,
            tasks_total=len(project["tasks"]),
            story=run["story"] if run else "",
            photo=_photo((90 + 30 * i, 140, 110)) if with_photos and run else None,
            chosen=project["chosen"],
        ))
    chosen = [p for p in projects if p.chosen]
    return ReportData(
        edition_name=EDITION["name"],
        place=f"{EDITION['municipality']}, dzielnica {EDITION['district']}",
        period="1 kwietnia – 29 listopada 2013",
        generated_on="30 listopada 2013",
        labels=LABELS,
        participants=len(PARTICIPANTS),
        groups=[(g["name"], len(g["members"])) for g in GROUPS],
        drafted=len(PROJECTS),
        presented=len(PROJECTS),
        chosen=len(chosen),
        completed=sum(p.state_label == "zrealizowany" for p in chosen),
        ballots=sum(BALLOTS.values()),
        ballots_by_category=[("Mieszkańcy", BALLOTS["resident"]),
                             ("Władze miasta", BALLOTS["official"])],
        projects=sorted(projects, key=lambda p: -(p.votes or 0)),
        by_category=[(CATEGORIES[c], p, s) for c, (p, s) in sorted(by_category.items())],
        planned_total=sum(p.planned_grosze for p in chosen),
        spent_total=sum(p.spent_grosze for p in chosen),
        money=pln,
        footer="PAL Wilchwy 2012/13 · MOPS Wodzisław Śląski · projekt współfinansowany z EFS",
    )


def _pages_and_text(pdf: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return len(texts), "\n".join(texts)
    finally:
        document.close()


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_demo_report_has_every_title_and_total():
    data = report_from_demo()
    count, text = _pages_and_text(final_report_pdf(data))
    assert 3 <= count <= 8
    flat = _flat(text)
    for project in data.projects:
        assert _flat(project.title) in flat, project.title
    for total in (data.planned_total, data.spent_total):
        assert _flat(pln(total)) in flat
    assert _flat(pln(17_691_00)) in flat and _flat(pln(17_484_24)) in flat
    for story in (p.story for p in data.projects if p.story):
        assert _flat(story)[:40] in flat
    assert f"Strona 1 z {count}" in flat and f"Strona {count} z {count}" in flat
    assert "Słowo od grupy" in flat and "Wydano" in flat


def test_overspending_is_marked_with_a_sign_not_only_colour():
    data = report_from_demo(with_photos=False)
    over = replace(data.projects[0], spent_grosze=data.projects[0].planned_grosze + 12_34)
    data = replace(data, projects=[over, *data.projects[1:]])
    _, text = _pages_and_text(final_report_pdf(data))
    flat = _flat(text)
    assert "▲ +12,34 zł" in flat
    assert "▲ wydano więcej niż planowano" in flat


def test_polish_letters_survive():
    data = replace(report_from_demo(with_photos=False),
                   edition_name="Zażółć gęślą jaźń — ZAŻÓŁĆ GĘŚLĄ JAŹŃ")
    _, text = _pages_and_text(final_report_pdf(data))
    assert "Zażółć gęślą jaźń" in text and "ZAŻÓŁĆ GĘŚLĄ JAŹŃ" in text
    assert "Wycieczka do Ustronia dla 100 mieszkańców" in _flat(text)


def test_empty_edition_still_renders():
    data = replace(report_from_demo(), projects=[], by_category=[], groups=[],
                   ballots_by_category=[], participants=0, drafted=0, presented=0, chosen=0,
                   completed=0, ballots=0, planned_total=0, spent_total=0)
    count, text = _pages_and_text(final_report_pdf(data))
    assert count == 1
    flat = _flat(text)
    assert "(brak)" in flat and "Strona 1 z 1" in flat and _flat(pln(0)) in flat


def test_long_edition_of_twenty_projects_has_page_numbers():
    base = report_from_demo(with_photos=False)
    template = next(p for p in base.projects if p.chosen)
    projects = [
        replace(template, title=f"Projekt numer {i}: {template.title}", votes=40 - i,
                spent_grosze=template.planned_grosze + (5_00 if i % 7 == 0 else -i * 10_00),
                photo=_photo((40, 90, 160), (300, 500)) if i % 3 == 0 else None)
        for i in range(20)
    ]
    data = replace(base, projects=projects,
                   planned_total=sum(p.planned_grosze for p in projects),
                   spent_total=sum(p.spent_grosze for p in projects))
    count, text = _pages_and_text(final_report_pdf(data))
    assert 8 <= count <= 30
    flat = _flat(text)
    for page in range(1, count + 1):
        assert f"Strona {page} z {count}" in flat
    for project in projects:
        assert _flat(project.title) in flat
    assert _flat(pln(data.spent_total)) in flat


def test_bad_photo_is_left_out():
    data = report_from_demo(with_photos=False)
    broken = replace(data.projects[0], photo=b"not an image")
    count, _ = _pages_and_text(final_report_pdf(replace(data, projects=[broken])))
    assert count >= 1


def test_missing_labels_are_refused():
    labels = {k: v for k, v in LABELS.items() if k != "spent"}
    with pytest.raises(ValueError, match="spent"):
        final_report_pdf(replace(report_from_demo(), labels=labels))


def test_label_keys_documented():
    assert set(REPORT_LABEL_KEYS) == set(LABELS)
    assert all(meaning for meaning in REPORT_LABEL_KEYS.values())


def test_percent_and_signed_difference_are_exact():
    assert percent(0, 0) is None
    assert percent(417_537, 424_200) == 98
    assert percent(1, 200) == 1  # 0.5 % rounds half up
    assert percent(10_201, 10_000) == 102
    assert signed_money(pln, 957) == "+9,57\u00a0zł"
    assert signed_money(pln, -6_663) == "\u221266,63\u00a0zł"
    assert signed_money(pln, 0) == "0,00\u00a0zł"


def test_report_module_imports_neither_flask_nor_the_database():
    import pathlib
    import subprocess
    import sys

    import pb

    root = pathlib.Path(pb.__file__).parent
    # Load pb and pb.execution as bare namespaces: their __init__ files import Flask.
    program = f"""
import sys, types
for name, path in (("pb", {str(root)!r}), ("pb.execution", {str(root / "execution")!r})):
    module = types.ModuleType(name); module.__path__ = [path]; sys.modules[name] = module
import pb.execution.report_pdf
bad = sorted(m for m in sys.modules if m.split(".")[0] in {{"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug", "jinja2"}})
print(",".join(bad))
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_page_label_without_placeholders_still_numbers_pages():
    data = replace(report_from_demo(with_photos=False), labels={**LABELS, "page": "strona"})
    count, text = _pages_and_text(final_report_pdf(data))
    assert f"strona 1/{count}" in _flat(text)
