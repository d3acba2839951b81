"""The diagnosis's exports: the PDF "Mapa zasobów i potrzeb", CSV of needs and of resources, and
GeoJSON of the pins where the plan has coordinates. For whoever may see the diagnosis
(:func:`pb.permissions.can_see_diagnosis`; 404 to others); nothing personal in any of them."""

from __future__ import annotations

import json

from flask import Response
from flask_babel import gettext as _

from pb import permissions
from pb.diagnosis import bp, exports
from pb.editions.models import Edition
from pb.permissions import load


def _edition(edition_id: int) -> Edition:
    return load(Edition, edition_id, permissions.can_see_diagnosis, hidden=True)


def _download(body: str | bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/editions/<int:edition_id>/diagnosis.pdf")
def map_pdf(edition_id: int):
    from pb.diagnosis.map_pdf import map_pdf as build

    edition = _edition(edition_id)
    return _download(build(edition), "application/pdf",
                     f"mapa-zasobow-i-potrzeb-{edition.id}.pdf")


@bp.route("/editions/<int:edition_id>/needs.csv")
def needs_csv(edition_id: int):
    edition = _edition(edition_id)
    return _download(exports.needs_csv(edition), "text/csv", f"potrzeby-{edition.id}.csv")


@bp.route("/editions/<int:edition_id>/resources.csv")
def resources_csv(edition_id: int):
    edition = _edition(edition_id)
    return _download(exports.resources_csv(edition), "text/csv", f"zasoby-{edition.id}.csv")


@bp.route("/editions/<int:edition_id>/diagnosis.geojson")
def geojson(edition_id: int):
    """The pins as GeoJSON; without the plan's corners there are no coordinates, so 404 with a
    JSON error saying why (the programs that read GeoJSON read JSON)."""
    edition = _edition(edition_id)
    collection = exports.geojson(edition)
    if collection is None:
        body = json.dumps({"error": _("This edition's plan has no coordinates of its corners, "
                                      "so there is no GeoJSON.")}, ensure_ascii=False)
        return Response(body, status=404, mimetype="application/json")
    return _download(exports.geojson_text(collection), "application/geo+json",
                     f"diagnoza-{edition.id}.geojson")
