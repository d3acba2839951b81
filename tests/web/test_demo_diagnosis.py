"""``pb demo`` loads the Wilchwy diagnosis: the plan, needs, resources, reports, and the six
projects answering needs at their places — and loading it again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from PIL import Image

from pb.demo import load_demo
from pb.demo.wilchwy_diagnosis import NEEDS, REPORTS, RESOURCES
from pb.demo.wilchwy_plan import PLACES
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import NeedReport, NeedState, ReportState, ResourceKind
from pb.editions.models import Edition
from pb.extensions import db
from pb.projects.models import Project


def _counts() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in db.metadata.sorted_tables}


def _pins(edition: Edition) -> dict[str, list]:
    projects = list(db.session.scalars(
        sa.select(Project).where(Project.edition_id == edition.id).order_by(Project.id)))
    return {"needs": mapping.need_pins(edition), "resources": mapping.resource_pins(edition),
            "projects": mapping.project_pins(projects)}


def test_demo_diagnosis_is_loaded_once_and_complete(app):
    first = load_demo()
    db.session.commit()
    assert "the district plan" in first.created
    assert f"{len(NEEDS)} needs of the diagnosis" in first.created
    assert f"{len(RESOURCES)} resources of the diagnosis" in first.created
    assert f"{len(REPORTS)} residents' reports waiting for moderation" in first.created

    edition = db.session.scalar(sa.select(Edition))
    plan = mapping.plan_of(edition)
    assert plan is not None and (plan.width, plan.height) == (1600, 1200)
    assert plan.corners is not None
    with Image.open(mapping.plan_path(plan)) as picture:
        assert picture.size == (1600, 1200)

    # The needs: numbered, pinned, dated before drafting, with their supports.
    needs = diagnosis.needs_of(edition)
    assert [n.number for n in needs] == list(range(1, len(NEEDS) + 1))
    by_title = {n.title: n for n in needs}
    for spec in NEEDS:
        need = by_title[spec["title"]]
        assert need.point == PLACES[spec["spot"]]
        assert need.noted_on < edition.drafting_from
        assert need.category is not None and need.category.name == spec["category"]
        assert need.affected_count == spec["affected_count"] and need.evidence
        assert need.support_count == spec["supports"]
        if "closed" in spec:
            assert need.state == NeedState.CLOSED and need.closing_note
        elif need.projects:
            assert need.state == NeedState.ANSWERED
        else:
            assert need.state == NeedState.OPEN
    assert sum(n.state == NeedState.ANSWERED for n in needs) == 7
    assert sum(n.title.startswith("Zniszczony plac zabaw") for n in needs) == 3

    # The resources: every kind, a private contact for the managers, pinned.
    resources = diagnosis.resources_of(edition)
    assert len(resources) == len(RESOURCES)
    assert {r.kind for r in resources} == set(ResourceKind)
    assert all(r.contact and r.offers and r.point is not None for r in resources)

    # Residents' reports waiting for the animator; one leaves a contact.
    reports = list(db.session.scalars(sa.select(NeedReport)))
    assert len(reports) == len(REPORTS)
    assert all(r.state == ReportState.WAITING and r.need_id is None for r in reports)
    assert sum(bool(r.contact) for r in reports) == 1
    assert any("Genowefa Kwiatek" in r.what for r in reports)

    # Every project answers a need and sits on the plan, near a need it answers.
    projects = list(db.session.scalars(sa.select(Project).order_by(Project.id)))
    assert len(projects) == 6
    for project in projects:
        assert project.needs, project.title
        assert project.point is not None, project.title
        assert all(n.edition_id == edition.id for n in project.needs)
    answered = {n.title for p in projects for n in p.needs}
    assert {s["title"] for s in NEEDS if s["key"].startswith("plac-")} <= answered

    # Every pin of every map is one of the places drawn on the plan.
    pins = _pins(edition)
    assert len(pins["needs"]) == len(NEEDS) and len(pins["resources"]) == len(RESOURCES)
    assert len(pins["projects"]) == 6
    drawn = set(PLACES.values())
    for kind, rows in pins.items():
        for pin in rows:
            assert pin.point in drawn, (kind, pin.label)
    assert all(pin.answers for pin in pins["projects"])

    # Running the demo again changes nothing.
    before = _counts()
    states = {n.id: (n.state, n.map_x, n.map_y) for n in needs}
    again = load_demo()
    db.session.commit()
    assert again.created == []
    assert _counts() == before
    db.session.expire_all()
    assert {n.id: (n.state, n.map_x, n.map_y) for n in diagnosis.needs_of(edition)} == states


def test_demo_gives_projects_loaded_before_the_diagnosis_their_needs_and_places(app):
    """A database loaded by an older ``pb demo`` gets what is missing and nothing else."""
    load_demo()
    db.session.commit()
    project = db.session.scalar(sa.select(Project).where(Project.title == "Sąsiedzka naprawialnia"))
    answered = [n.id for n in project.needs]
    project.needs.clear()
    project.point = None
    db.session.commit()

    report = load_demo()
    db.session.commit()
    assert report.created == ["needs and plan places of existing micro-projects: 1"]
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    assert [n.id for n in project.needs] == answered
    assert project.point == PLACES["repair_corner"]
