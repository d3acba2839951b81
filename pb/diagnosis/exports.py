"""The diagnosis for others to use: CSV of the needs and of the resources, and GeoJSON of the pins
where the plan has its corners' coordinates.

Everything here is public (whoever may see the diagnosis, see
:func:`pb.permissions.can_see_diagnosis`): a resource's contact, a residents' report and who wrote
a need are never read. The projects named are the public ones only
(:func:`pb.permissions.project_is_public`), numbered as on the map.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from pb import csv_safe
from pb.core.plan import Point, cell_of, coordinates
from pb.core.workflow import CHOSEN
from pb.diagnosis.mapping import (
    MapPin,
    PinKind,
    need_pins,
    plan_of,
    project_pins,
    resource_pins,
)
from pb.diagnosis.models import (
    DistrictPlan,
    Need,
    NeedSource,
    NeedState,
    Resource,
    ResourceKind,
)
from pb.editions.models import Edition
from pb.extensions import db
from pb.i18n import fmt_date
from pb.permissions import project_is_public
from pb.projects.models import Project

NEED_STATE_LABELS = {
    NeedState.OPEN: _l("open"),
    NeedState.ANSWERED: _l("answered by a project"),
    NeedState.CLOSED: _l("closed"),
}
NEED_SOURCE_LABELS = {
    NeedSource.SURVEY: _l("residents' survey"),
    NeedSource.WALK: _l("community walk"),
    NeedSource.MOPS: _l("social welfare centre (MOPS) data"),
    NeedSource.MEETING: _l("meeting with residents"),
    NeedSource.RESIDENT: _l("a resident's report"),
    NeedSource.OTHER: _l("other source"),
}
RESOURCE_KIND_LABELS = {
    ResourceKind.PLACE: _l("place"),
    ResourceKind.ORGANISATION: _l("organisation"),
    ResourceKind.SERVICE: _l("service"),
    ResourceKind.PERSON: _l("person"),
    ResourceKind.GROUP: _l("group of people"),
}


# --- what the exports read ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicProject:
    """A public project as the exports name it: its number on the map and its title."""

    number: int
    title: str
    project: Project


@dataclass
class Diagnosis:
    """The edition's diagnosis as the public may see it."""

    edition: Edition
    plan: DistrictPlan | None
    needs: list[Need]
    resources: list[Resource]
    projects: list[PublicProject]
    answering: dict[int, list[PublicProject]]  # need id → public projects answering it
    pins: list[MapPin]


def public_projects_of(edition: Edition) -> list[Project]:
    """The public projects of ``edition`` by id: the order (and so the numbers) of the map."""
    projects = db.session.scalars(
        sa.select(Project).where(Project.edition_id == edition.id)
        .options(selectinload(Project.needs)).order_by(Project.id))
    return [p for p in projects if project_is_public(None, p)]


def diagnosis_of(edition: Edition) -> Diagnosis:
    needs = list(db.session.scalars(
        sa.select(Need).where(Need.edition_id == edition.id)
        .options(selectinload(Need.category), selectinload(Need.supports))
        .order_by(Need.number)))
    resources = list(db.session.scalars(
        sa.select(Resource).where(Resource.edition_id == edition.id)
        .options(selectinload(Resource.category)).order_by(Resource.number)))
    projects = [PublicProject(number, p.display_title, p)
                for number, p in enumerate(public_projects_of(edition), start=1)]
    answering: dict[int, list[PublicProject]] = {}
    for item in projects:
        for need in item.project.needs:
            answering.setdefault(need.id, []).append(item)
    chosen = frozenset(item.project.id for item in projects if item.project.state in CHOSEN)
    return Diagnosis(
        edition=edition, plan=plan_of(edition), needs=needs, resources=resources,
        projects=projects, answering=answering,
        # The same pins as the public map's; built here too for an unpublished edition, whose
        # diagnosis its managers and groups see (its projects are not public: none of them).
        pins=(need_pins(edition, needs) + resource_pins(edition, resources)
              + project_pins([item.project for item in projects], chosen_ids=chosen)),
    )


def place_columns(point: Point | None, plan: DistrictPlan | None) -> list:
    """The grid cell and, when the plan has corners, latitude and longitude (else empty)."""
    if point is None or plan is None:
        return ["", "", ""]
    corners = plan.corners
    if corners is None:
        return [cell_of(point), "", ""]
    latitude, longitude = coordinates(point, corners)
    return [cell_of(point), latitude, longitude]


# --- CSV ------------------------------------------------------------------------------------


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv_safe.writer(out, delimiter=";")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def needs_csv(edition: Edition) -> str:
    """One row per need, with its category, state, evidence and source, support, the public
    projects answering it, and its place (grid cell; latitude and longitude with corners)."""
    d = diagnosis_of(edition)
    rows: list[list] = [[
        _("No."), _("Need"), _("What is wrong or missing"), _("Category"), _("State"),
        _("Why it was closed"), _("Where"), _("Who is affected"), _("How many people"),
        _("Evidence"), _("Source"), _("Noted on"), _("Residents who said \"me too\""),
        _("Projects answering it"), _("Grid cell"), _("Latitude"), _("Longitude"),
    ]]
    for need in d.needs:
        rows.append([
            need.number, need.title, need.description,
            need.category.name if need.category else "",
            str(NEED_STATE_LABELS[need.state]), need.closing_note, need.place, need.affected,
            need.affected_count if need.affected_count is not None else "",
            need.evidence, str(NEED_SOURCE_LABELS[need.source]), need.noted_on.isoformat(),
            need.support_count,
            " | ".join(f"{p.number}. {p.title}" for p in d.answering.get(need.id, [])),
            *place_columns(need.point, d.plan),
        ])
    return _csv(rows)


def resources_csv(edition: Edition) -> str:
    """One row per resource: what it is and offers and where (never how to reach it)."""
    d = diagnosis_of(edition)
    rows: list[list] = [[
        _("No."), _("Resource"), _("Kind"), _("Category"), _("What it offers"), _("Where"),
        _("Grid cell"), _("Latitude"), _("Longitude"),
    ]]
    for resource in d.resources:
        rows.append([
            resource.number, resource.name, str(RESOURCE_KIND_LABELS[resource.kind]),
            resource.category.name if resource.category else "", resource.offers,
            resource.place, *place_columns(resource.point, d.plan),
        ])
    return _csv(rows)


# --- GeoJSON (RFC 7946) ---------------------------------------------------------------------


def _degrees(value: Decimal) -> float:
    return float(value)


def geojson(edition: Edition) -> dict | None:
    """A FeatureCollection of Point features — the needs, resources and public projects with a
    place — with coordinates in [longitude, latitude] order; None when the plan has no corners
    (or there is no plan)."""
    d = diagnosis_of(edition)
    if d.plan is None or d.plan.corners is None:
        return None
    corners = d.plan.corners
    needs = {n.id: n for n in d.needs}
    resources = {r.id: r for r in d.resources}
    features = []
    for pin in d.pins:
        latitude, longitude = coordinates(pin.point, corners)
        properties: dict = {"kind": pin.kind.value, "number": pin.number,
                            "cell": cell_of(pin.point)}
        if pin.kind == PinKind.NEED:
            need = needs[pin.ident]
            properties.update(title=need.title, category=pin.category or None,
                              state=need.state.value, support_count=need.support_count)
        elif pin.kind == PinKind.RESOURCE:
            resource = resources[pin.ident]
            properties.update(name=resource.name, category=pin.category or None,
                              resource_kind=resource.kind.value)
        else:
            properties.update(title=pin.label, state=pin.state, chosen=pin.chosen,
                              answers=list(pin.answers))
        features.append({
            "type": "Feature",
            "id": f"{pin.kind.value}-{pin.number}",
            "geometry": {"type": "Point",
                         "coordinates": [_degrees(longitude), _degrees(latitude)]},
            "properties": properties,
        })
    return {
        "type": "FeatureCollection",
        "bbox": [_degrees(corners.west), _degrees(corners.south),
                 _degrees(corners.east), _degrees(corners.north)],
        "name": edition.name,
        "features": features,
    }


def geojson_text(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1)


def generated_on() -> str:
    from pb.timeutil import warsaw_today

    return fmt_date(warsaw_today(), "long")
