"""Every CSV pb serves opens in a spreadsheet without running a formula a participant typed."""

from __future__ import annotations

import csv
import io

from pb.extensions import db
from tests.conftest import login
from tests.factories import accepted_project

# Titles are stripped when saved, so a leading tab or carriage return is tested in tests/unit.
FORMULAS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)"]


def test_report_csv_neutralises_formulas_typed_by_participants(app, cast):
    cast.group.name = "=HYPERLINK(\"http://evil.test\")"
    for title in FORMULAS:
        project = accepted_project(cast, title)
        project.results[0].name = "@SUM(1+1)"
    db.session.commit()
    coordinator = app.test_client()
    login(coordinator, cast.coordinator.login)
    response = coordinator.get(f"/manage/editions/{cast.edition.id}/report.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    projects = rows[1:1 + len(FORMULAS)]
    assert [row[0] for row in projects] == ["'" + title for title in FORMULAS]
    assert {row[1] for row in projects} == {"'=HYPERLINK(\"http://evil.test\")"}
    assert all(row[10].startswith("'@SUM(1+1): ") for row in projects)
    # Amounts pb writes itself stay numbers a spreadsheet can add up.
    assert {row[4] for row in projects} == {"756.00"}
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)



def test_diagnosis_csvs_neutralise_formulas(app, cast):
    """Needs and resources: every text a manager or a resident typed, category names too."""
    from pb.core.plan import Point
    from pb.diagnosis import services as diagnosis
    from pb.diagnosis.models import NeedCategory, ResourceKind

    anim = cast.animator
    category = NeedCategory(edition_id=cast.edition.id, name="=KATEGORIA()", position=99)
    db.session.add(category)
    db.session.flush()
    for formula in FORMULAS:
        diagnosis.create_need(cast.edition, diagnosis.NeedData(
            title=formula, description=formula, place=formula, affected=formula,
            evidence=formula, category_id=category.id), acting=anim, point=Point(10, 10))
        diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
            name=formula, kind=ResourceKind.PLACE, offers=formula, place=formula,
            category_id=category.id), acting=anim)
    db.session.commit()
    client = app.test_client()
    for path in ("needs.csv", "resources.csv"):
        response = client.get(f"/editions/{cast.edition.id}/{path}")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
        assert len(rows) == 1 + len(FORMULAS)
        assert rows[1][1] == "'" + FORMULAS[0]
        cells = [cell for row in rows for cell in row]
        assert "'=KATEGORIA()" in cells
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
