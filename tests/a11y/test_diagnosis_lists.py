"""axe-core finds nothing wrong on the diagnosis's lists and forms (needs): the public lists
and a need's page, the group's short need form on a phone, the managers' page, its forms and
the categories — also with a form's errors showing."""

from __future__ import annotations

import pytest

from tests.a11y.conftest import DESKTOP, PHONE, Auditor, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def diagnosis_world(app, cast, live_server):
    from pb.diagnosis import services as diagnosis
    from pb.diagnosis.models import NeedSource, NeedState, ResourceKind
    from pb.extensions import db

    green = diagnosis.categories_of(cast.edition)[3]
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Zniszczony plac zabaw", description="Huśtawki są połamane.", place="ul. Szkolna",
        affected="dzieci", affected_count=40, evidence="Spacer badawczy",
        source=NeedSource.WALK, category_id=green.id), acting=None)
    closed = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Ciemna ulica"),
                                   acting=None)
    diagnosis.set_need_state(closed, NeedState.CLOSED, note="Miasto postawiło latarnie.",
                             acting=None)
    diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury", kind=ResourceKind.PLACE, offers="Sala w soboty",
        contact="tel. 500 600 700"), acting=None)
    db.session.commit()
    return need


def test_diagnosis_pages_pass_axe(browser, live_server, cast, diagnosis_world):
    audit = Auditor("diagnosis")
    edition = cast.edition.id
    need = diagnosis_world.id
    for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        context = browser.new_context(**viewport)
        page = context.new_page()
        for name, path in [("public-lists", f"/editions/{edition}/diagnosis"),
                           ("public-filtered", f"/editions/{edition}/diagnosis?state=closed"),
                           ("need", f"/needs/{need}")]:
            page.goto(live_server + path)
            audit.check(page, name + suffix)
        sign_in(page, live_server, cast.participant.login)
        page.goto(live_server + f"/editions/{edition}/needs/new")
        audit.check(page, "walk-form" + suffix)
        page.locator("button[type=submit].button-primary").click()  # empty: the errors
        audit.check(page, "walk-form-errors" + suffix)
        context.close()
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, cast.animator.login)
    for name, path in [("manage", f"/manage/editions/{edition}/diagnosis"),
                       ("need-edit", f"/manage/needs/{need}/edit"),
                       ("resource-new", f"/manage/editions/{edition}/resources/new"),
                       ("categories", f"/manage/editions/{edition}/categories")]:
        page.goto(live_server + path)
        audit.check(page, name)
    page.goto(live_server + f"/manage/editions/{edition}/categories")
    page.locator("#name").fill("Seniorzy")
    page.locator("#name").press("Enter")
    audit.check(page, "categories-duplicate")
    context.close()
    audit.assert_clean()
