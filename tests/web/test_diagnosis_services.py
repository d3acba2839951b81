"""The diagnosis's operations: who may write what, numbering, categories, states, the plan."""

from __future__ import annotations

import pytest

from pb.core.plan import Point
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import DEFAULT_CATEGORIES, NeedState, ResourceKind
from pb.errors import DomainError
from pb.extensions import db
from tests.security.world import image_bytes


def test_a_new_edition_starts_with_the_default_categories(cast):
    names = [c.name for c in diagnosis.categories_of(cast.edition)]
    assert names == list(DEFAULT_CATEGORIES)
    assert "Zieleń i place zabaw" in names


def test_needs_are_numbered_within_their_edition(cast):
    first = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac zabaw"),
                                  acting=cast.animator)
    second = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Ławki"),
                                   acting=cast.participant)
    elsewhere = diagnosis.create_need(cast.other_edition, diagnosis.NeedData(title="Inne"),
                                      acting=cast.other_animator)
    db.session.commit()
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.noted_on is not None and first.state == NeedState.OPEN


@pytest.mark.parametrize("who", ["loose_participant", "foreign_participant", "other_animator",
                                 "official", "teller"])
def test_only_the_editions_managers_and_groups_write_needs(cast, who):
    with pytest.raises(PermissionError):
        diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Obcy wpis"),
                              acting=getattr(cast, who))


def test_a_participant_writes_needs_but_does_not_edit_them(cast):
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Brak ławek"),
                                 acting=cast.participant)
    with pytest.raises(PermissionError):
        diagnosis.update_need(need, diagnosis.NeedData(title="Zmienione"), acting=cast.participant)
    with pytest.raises(PermissionError):
        diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
            name="Szkoła", kind=ResourceKind.PLACE), acting=cast.participant)


def test_a_category_of_another_edition_is_refused(cast):
    foreign = diagnosis.categories_of(cast.other_edition)[0]
    with pytest.raises(DomainError) as refused:
        diagnosis.create_need(cast.edition, diagnosis.NeedData(
            title="Plac", category_id=foreign.id), acting=cast.animator)
    assert refused.value.field == "category_id"


def test_a_blank_title_or_negative_count_is_refused_on_its_field(cast):
    with pytest.raises(DomainError) as blank:
        diagnosis.create_need(cast.edition, diagnosis.NeedData(title="   "),
                              acting=cast.animator)
    assert blank.value.field == "title"
    with pytest.raises(DomainError) as negative:
        diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac",
                                                               affected_count=-3),
                              acting=cast.animator)
    assert negative.value.field == "affected_count"


def test_closing_a_need_asks_why(cast):
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac"),
                                 acting=cast.animator)
    with pytest.raises(DomainError) as refused:
        diagnosis.set_need_state(need, NeedState.CLOSED, note=" ", acting=cast.animator)
    assert refused.value.field == "closing_note" and need.state == NeedState.OPEN
    diagnosis.set_need_state(need, NeedState.CLOSED, note="Naprawione przez miasto.",
                             acting=cast.animator)
    assert need.state == NeedState.CLOSED and need.closing_note == "Naprawione przez miasto."
    diagnosis.set_need_state(need, NeedState.OPEN, acting=cast.animator)
    assert need.closing_note == ""


def test_a_replaced_plan_keeps_the_pins_and_removes_the_old_file(cast):
    plan = mapping.store_plan(cast.edition, image_bytes(size=(400, 300)), acting=cast.animator)
    first_file = mapping.plan_path(plan)
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac"),
                                 acting=cast.animator, point=Point(2500, 4000))
    db.session.commit()
    assert first_file.exists() and (plan.width, plan.height) == (400, 300)
    mapping.store_plan(cast.edition, image_bytes(size=(800, 600)), acting=cast.animator)
    db.session.commit()
    assert not first_file.exists() and mapping.plan_path(plan).exists()
    assert (plan.width, plan.height) == (800, 600)
    assert need.point == Point(2500, 4000)
    pins = mapping.need_pins(cast.edition)
    assert [(p.number, p.point) for p in pins] == [(1, Point(2500, 4000))]


def test_the_plan_is_refused_to_a_participant(cast):
    with pytest.raises(PermissionError):
        mapping.store_plan(cast.edition, image_bytes(), acting=cast.participant)
