"""Pages of the diagnosis: the map and lists of needs and resources, the district plan,
residents' reports and their moderation, and the exports."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb import permissions
from pb.accounts.models import Role
from pb.actions import form_status, run_action, run_form_action
from pb.diagnosis import bp, mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.forms import (
    CategoryForm,
    NeedEditForm,
    NeedForm,
    ResourceForm,
    category_choices,
)
from pb.diagnosis.labels import (
    NEED_SOURCE_LABELS,
    NEED_STATE_LABELS,
    RESOURCE_KIND_LABELS,
)
from pb.diagnosis.models import (
    Need,
    NeedCategory,
    NeedSource,
    NeedState,
    Resource,
    ResourceKind,
)
from pb.editions.models import Edition
from pb.permissions import load, role_required

# --- needs, resources and categories: the managers' pages and the public lists ---------------

MANAGERS = (Role.COORDINATOR, Role.ANIMATOR)


@bp.app_context_processor
def inject_diagnosis():
    return {
        "NEED_SOURCE_LABELS": NEED_SOURCE_LABELS,
        "NEED_STATE_LABELS": NEED_STATE_LABELS,
        "RESOURCE_KIND_LABELS": RESOURCE_KIND_LABELS,
        "diagnosis_counts": diagnosis.diagnosis_counts,
        "need_no": need_no,
        "resource_no": resource_no,
    }


def _lists(edition: Edition):
    """The edition's categories, the filters asked for, and the needs and resources they let
    through, with the pins of those on the plan."""
    categories = diagnosis.categories_of(edition)
    filters = diagnosis.filters_from(request.args, categories)
    needs = filters.needs(diagnosis.needs_of(edition))
    resources = filters.resources(diagnosis.resources_of(edition))
    pins = mapping.need_pins(edition, needs) + mapping.resource_pins(edition, resources)
    return {
        "edition": edition, "categories": categories, "filters": filters, "needs": needs,
        "resources": resources, "plan": mapping.plan_of(edition), "pins": pins,
        "NO_CATEGORY": diagnosis.NO_CATEGORY, "NeedState": NeedState,
    }


@bp.route("/manage/editions/<int:edition_id>/diagnosis")
@role_required(*MANAGERS)
def manage(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_manage_diagnosis)
    return render_template(
        "diagnosis/manage.html", counts=diagnosis.diagnosis_counts(edition),
        map_label=_("Map of needs and resources"), **_lists(edition),
    )


@bp.route("/editions/<int:edition_id>/diagnosis")
def public_map(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_see_diagnosis, hidden=True)
    return render_template(
        "diagnosis/public_map.html", map_label=_("Map of needs and resources"),
        can_add_need=permissions.can_add_need(current_user, edition),
        can_manage=permissions.can_manage_diagnosis(current_user, edition),
        **_lists(edition),
    )


@bp.route("/needs/<int:need_id>")
def need_page(need_id: int):
    need = load(Need, need_id, permissions.can_see_need, hidden=True)
    projects = [p for p in need.projects if permissions.can_view_project(current_user, p)]
    return render_template(
        "diagnosis/need.html", need=need, edition=need.edition, projects=projects,
        can_manage=permissions.can_manage_need(current_user, need),
    )


# --- needs -----------------------------------------------------------------------------------


def _need_data(form: NeedForm, *, source: NeedSource | None = None) -> diagnosis.NeedData:
    return diagnosis.NeedData(
        title=form.title.data or "",
        description=form.description.data or "",
        place=form.place.data or "",
        affected=form.affected.data or "",
        affected_count=form.affected_count.data,
        evidence=form.evidence.data or "",
        source=source or NeedSource(form.source.data),
        noted_on=form.noted_on.data,
        category_id=form.category.data or None,
    )


@bp.route("/editions/<int:edition_id>/needs/new", methods=["GET", "POST"])
@role_required(*Role)
def need_new(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_add_need)
    manager = permissions.can_manage_diagnosis(current_user, edition)
    form = NeedForm()
    form.category.choices = category_choices(diagnosis.categories_of(edition))
    # A group on a community walk fills in the short form: the source is the walk, the date
    # today; the edition's managers write the whole need.
    source = None if manager else NeedSource.WALK
    if not manager:
        form.source.data = NeedSource.WALK.value
        form.noted_on.data = None
        form.evidence.data = ""

    def done_to(need: Need) -> str:
        if manager:
            return url_for("diagnosis.manage", edition_id=edition.id)
        return url_for("diagnosis.need_page", need_id=need.id)

    done = run_form_action(
        form,
        lambda: diagnosis.create_need(edition, _need_data(form, source=source),
                                      acting=current_user),
        success=lambda need: _("Need %(number)s “%(title)s” added.",
                               number=need_no(need.number), title=need.title),
        to=done_to,
    )
    if done:
        return done
    return (render_template("diagnosis/need_form.html", form=form, edition=edition, need=None,
                            manager=manager), form_status(form))


def need_no(number: int) -> str:
    """A need's number as lists and pins show it (N3 in English, P3 in Polish)."""
    return _("N%(number)d", number=number)


def resource_no(number: int) -> str:
    """A resource's number as lists and pins show it (R3 in English, Z3 in Polish)."""
    return _("R%(number)d", number=number)


@bp.route("/manage/needs/<int:need_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def need_edit(need_id: int):
    need = load(Need, need_id, permissions.can_manage_need)
    form = NeedEditForm(data={
        "title": need.title, "description": need.description, "place": need.place,
        "affected": need.affected, "affected_count": need.affected_count,
        "evidence": need.evidence, "source": need.source.value, "noted_on": need.noted_on,
        "category": need.category_id or 0, "state": need.state.value,
        "closing_note": need.closing_note,
    })
    form.category.choices = category_choices(diagnosis.categories_of(need.edition))

    def save() -> Need:
        diagnosis.update_need(need, _need_data(form), acting=current_user)
        state = NeedState(form.state.data)
        if state != need.state or state == NeedState.CLOSED:
            diagnosis.set_need_state(need, state, note=form.closing_note.data or "",
                                     acting=current_user)
        return need

    done = run_form_action(
        form, save, success=_("Changes saved."),
        to=url_for("diagnosis.manage", edition_id=need.edition_id),
    )
    if done:
        return done
    return (render_template("diagnosis/need_form.html", form=form, edition=need.edition,
                            need=need, manager=True), form_status(form))


# --- resources -------------------------------------------------------------------------------


def _resource_data(form: ResourceForm) -> diagnosis.ResourceData:
    return diagnosis.ResourceData(
        name=form.name.data or "",
        kind=ResourceKind(form.kind.data),
        offers=form.offers.data or "",
        place=form.place.data or "",
        contact=form.contact.data or "",
        category_id=form.category.data or None,
    )


@bp.route("/manage/editions/<int:edition_id>/resources/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def resource_new(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_manage_diagnosis)
    form = ResourceForm()
    form.category.choices = category_choices(diagnosis.categories_of(edition))
    done = run_form_action(
        form, lambda: diagnosis.create_resource(edition, _resource_data(form),
                                                acting=current_user),
        success=lambda r: _("Resource %(number)s “%(name)s” added.",
                            number=resource_no(r.number), name=r.name),
        to=url_for("diagnosis.manage", edition_id=edition.id),
    )
    if done:
        return done
    return (render_template("diagnosis/resource_form.html", form=form, edition=edition,
                            resource=None), form_status(form))


@bp.route("/manage/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def resource_edit(resource_id: int):
    resource = load(Resource, resource_id, permissions.can_manage_resource)
    form = ResourceForm(data={
        "name": resource.name, "kind": resource.kind.value, "offers": resource.offers,
        "place": resource.place, "contact": resource.contact,
        "category": resource.category_id or 0,
    })
    form.category.choices = category_choices(diagnosis.categories_of(resource.edition))
    done = run_form_action(
        form, lambda: diagnosis.update_resource(resource, _resource_data(form),
                                                acting=current_user),
        success=_("Changes saved."),
        to=url_for("diagnosis.manage", edition_id=resource.edition_id),
    )
    if done:
        return done
    return (render_template("diagnosis/resource_form.html", form=form, edition=resource.edition,
                            resource=resource), form_status(form))


# --- categories ------------------------------------------------------------------------------


def _categories_page(edition: Edition, *, form: CategoryForm | None = None,
                     rename: tuple[int, CategoryForm] | None = None, status: int = 200):
    categories = diagnosis.categories_of(edition)
    rename_forms = {}
    for category in categories:
        if rename is not None and rename[0] == category.id:
            rename_forms[category.id] = rename[1]
        else:
            rename_forms[category.id] = CategoryForm(formdata=None, prefix=f"c{category.id}",
                                                     obj=category)
    return render_template(
        "diagnosis/categories.html", edition=edition, categories=categories,
        use={c.id: diagnosis.category_use(c) for c in categories},
        form=form or CategoryForm(formdata=None), rename_forms=rename_forms,
    ), status


@bp.route("/manage/editions/<int:edition_id>/categories", methods=["GET", "POST"])
@role_required(*MANAGERS)
def categories(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_manage_diagnosis)
    form = CategoryForm()
    done = run_form_action(
        form, lambda: diagnosis.add_category(edition, form.name.data, acting=current_user),
        success=lambda c: _("Category “%(name)s” added.", name=c.name),
        to=url_for("diagnosis.categories", edition_id=edition.id),
    )
    if done:
        return done
    return _categories_page(edition, form=form, status=form_status(form))


@bp.post("/manage/categories/<int:category_id>/rename")
@role_required(*MANAGERS)
def category_rename(category_id: int):
    category = load(NeedCategory, category_id, permissions.can_manage_category)
    edition = category.edition
    form = CategoryForm(prefix=f"c{category.id}")
    done = run_form_action(
        form, lambda: diagnosis.rename_category(category, form.name.data, acting=current_user),
        success=_("Category renamed."),
        to=url_for("diagnosis.categories", edition_id=edition.id),
    )
    if done:
        return done
    return _categories_page(edition, rename=(category_id, form), status=400)


@bp.post("/manage/categories/<int:category_id>/move")
@role_required(*MANAGERS)
def category_move(category_id: int):
    category = load(NeedCategory, category_id, permissions.can_manage_category)
    to = url_for("diagnosis.categories", edition_id=category.edition_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    return run_action(
        lambda: diagnosis.move_category(category, direction, acting=current_user), to=to,
    )


@bp.post("/manage/categories/<int:category_id>/remove")
@role_required(*MANAGERS)
def category_remove(category_id: int):
    category = load(NeedCategory, category_id, permissions.can_manage_category)
    name = category.name
    to = url_for("diagnosis.categories", edition_id=category.edition_id)

    def said(used: tuple[int, int]) -> str:
        message = _("Category “%(name)s” removed.", name=name)
        needs, resources = used
        if needs or resources:
            message += " " + _("Needs and resources left without a category: %(num)d.",
                               num=needs + resources)
        return message

    return run_action(
        lambda: diagnosis.remove_category(category, acting=current_user), to=to, success=said,
    )


# The other parts of the diagnosis attach their routes to the same blueprint.
from pb.diagnosis import routes_exports, routes_map, routes_reports  # noqa: E402,F401
