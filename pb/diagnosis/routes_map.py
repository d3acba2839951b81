"""The district plan and the pins on it: uploading the plan, its picture, placing a pin.

The map itself is the macro ``templates/diagnosis/_map.html`` (an SVG that needs no
JavaScript; ``static/js/plan_map.js`` turns it into a zoomable Leaflet map where scripts run).
"""

from __future__ import annotations

from flask import abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pb import permissions
from pb.actions import form_status, run_form_action
from pb.core.plan import SCALE, cell_names, cell_of
from pb.diagnosis import bp, mapping
from pb.diagnosis.forms import PinForm, PlanForm
from pb.diagnosis.models import DistrictPlan, Need, NeedReport, Resource
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.permissions import load
from pb.projects.models import Project
from pb.security import is_safe_next

PIN_MODELS = {"need": Need, "resource": Resource, "project": Project, "report": NeedReport}


def pin_href(pin: mapping.MapPin, edition_id: int) -> str:
    """Where a pin on the map leads: its need's page, its resource's row in the public list,
    or its project."""
    if pin.kind == mapping.PinKind.NEED:
        return url_for("diagnosis.need_page", need_id=pin.ident)
    if pin.kind == mapping.PinKind.RESOURCE:
        return url_for("diagnosis.public_map", edition_id=edition_id) + f"#resource-{pin.number}"
    return url_for("projects.project_page", project_id=pin.ident)


def plan_image_url(plan: DistrictPlan) -> str:
    # The file's name changes with every new picture: a new address, so no stale copy is shown.
    return url_for("diagnosis.plan_image", edition_id=plan.edition_id, v=plan.file_name[:12])


# Globals, not a context processor: the map macro is imported without the page's context.
bp.add_app_template_global(pin_href)
bp.add_app_template_global(plan_image_url)
bp.add_app_template_global(SCALE, "PLAN_SCALE")  # type: ignore[arg-type]
bp.add_app_template_global(mapping.plan_of, "district_plan_of")
bp.add_app_template_global(cell_of, "plan_cell_of")


@bp.app_template_global("project_state_label")
def project_state_label(state: str) -> str:
    """A project pin's state in words (the map's pins and its list say where each project is)."""
    from pb.core.workflow import ProjectState
    from pb.projects.services import STATE_LABELS

    return str(STATE_LABELS[ProjectState(state)]) if state else ""


# --- the plan --------------------------------------------------------------------------------


@bp.route("/manage/editions/<int:edition_id>/plan", methods=["GET", "POST"])
@login_required
def plan(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_manage_diagnosis)
    current = mapping.plan_of(edition)
    form = PlanForm(obj=current)

    def save() -> DistrictPlan:
        upload = form.plan.data
        stored = current
        if upload:
            stored = mapping.store_plan(edition, upload.read(), acting=current_user)
        elif stored is None:
            raise DomainError(_("Choose the picture of the plan to send."), "plan")
        mapping.set_corners(stored, form.corners(), acting=current_user)
        return stored

    done = run_form_action(
        form, save, success=_("The plan has been saved."),
        to=url_for("diagnosis.plan", edition_id=edition.id),
    )
    if done:
        return done
    current = mapping.plan_of(edition)
    return render_template(
        "diagnosis/plan.html", edition=edition, plan=current, form=form,
        pins=(mapping.need_pins(edition) + mapping.resource_pins(edition)) if current else [],
    ), form_status(form)


@bp.route("/editions/<int:edition_id>/plan.jpg")
def plan_image(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_see_diagnosis, hidden=True)
    current = mapping.plan_of(edition)
    if current is None:
        abort(404)
    path = mapping.plan_path(current)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=86400, conditional=True,
                         etag=True)
    visibility = "public" if permissions.edition_is_public(current_user, edition) else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age=86400"
    return response


# --- placing a pin ---------------------------------------------------------------------------


def _object_page(kind: str, row) -> str:
    """The page a pin's object is seen on, to go back to after placing it."""
    if kind == "need":
        return url_for("diagnosis.need_page", need_id=row.id)
    if kind == "resource":
        return url_for("diagnosis.manage", edition_id=row.edition_id) + f"#resource-{row.number}"
    if kind == "report":
        return url_for("diagnosis.reports", edition_id=row.edition_id)
    return url_for("projects.project_page", project_id=row.id)


def _editable(kind: str, row) -> dict:
    """The pin being placed, as the map draws it (a report is drawn as a need)."""
    if kind == "project":
        label, number = row.display_title, None
    elif kind == "report":
        label, number = (row.what or "")[:80], None
    elif kind == "need":
        label, number = row.title, row.number
    else:
        label, number = row.name, row.number
    return {"kind": "need" if kind == "report" else kind, "number": number, "label": label,
            "point": row.point}


@bp.route("/pins/<kind>/<int:ident>", methods=["GET", "POST"])
@login_required
def place_pin(kind: str, ident: int):
    model = PIN_MODELS.get(kind)
    if model is None:
        abort(404)
    row = load(model, ident, permissions.can_place_pin)
    edition = row.edition
    current = mapping.plan_of(edition)
    form = PinForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    target = form.next.data if is_safe_next(form.next.data) else _object_page(kind, row)
    allowed = (permissions.can_place_pin(current_user, row) if kind == "project" else None)

    def save() -> None:
        if current is None:
            raise DomainError(_("The district has no plan yet."))
        point = None if form.remove.data else form.point
        mapping.set_pin(row, point, acting=current_user, allowed=allowed)

    done = run_form_action(
        form, save,
        success=lambda _r: (_("The pin has been removed from the map.") if form.remove.data
                            else _("The place on the map has been saved.")),
        to=target,
    )
    if done:
        return done
    pins = []
    if current is not None:
        pins = [p for p in mapping.need_pins(edition) + mapping.resource_pins(edition)
                if not (p.kind.value == kind and p.ident == row.id)]
    return render_template(
        "diagnosis/place_pin.html", kind=kind, row=row, edition=edition, plan=current,
        form=form, pins=pins, editable=_editable(kind, row), back=target,
        now_cell=cell_of(row.point) if row.point is not None else None,
        cells=cell_names(),
        may_upload=permissions.can_manage_diagnosis(current_user, edition),
    ), form_status(form)
