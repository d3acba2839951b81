"""The diagnosis's pages lead to each other: residents find the report page while it is open,
managers reach the pin of every need, resource and report from where they see it, and a pin on
the map leads to its need or resource."""

from __future__ import annotations

from pb.core.plan import Point
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import NeedReport, ResourceKind
from pb.extensions import db
from tests.conftest import login, page_text
from tests.security.world import image_bytes, open_reporting

REPORT_LINK = "Zgłoś potrzebę dzielnicy"


def test_residents_find_the_report_page_only_while_reporting_is_open(app, cast):
    public = app.test_client()
    closed = page_text(public.get(f"/editions/{cast.edition.id}"))
    assert REPORT_LINK not in closed
    open_reporting(cast.edition)
    db.session.commit()
    for path in (f"/editions/{cast.edition.id}", f"/editions/{cast.edition.id}/diagnosis"):
        page = public.get(path)
        assert REPORT_LINK in page_text(page)
        assert f'href="/editions/{cast.edition.id}/report"' in page.get_data(as_text=True)


def test_managers_place_pins_from_the_lists_the_need_page_and_the_queue(app, cast):
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac zabaw"),
                                 acting=cast.animator, point=Point(2500, 3500))
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Szkoła", kind=ResourceKind.PLACE), acting=cast.animator)
    report = NeedReport(edition_id=cast.edition.id, what="Brak ławek")
    db.session.add(report)
    db.session.commit()
    animator = app.test_client()
    login(animator, cast.animator.login)
    # No plan yet: nothing to place pins on, so no such links.
    manage = animator.get(f"/manage/editions/{cast.edition.id}/diagnosis").get_data(as_text=True)
    assert "/pins/" not in manage
    mapping.store_plan(cast.edition, image_bytes(size=(400, 300)), acting=cast.animator)
    db.session.commit()
    manage = animator.get(f"/manage/editions/{cast.edition.id}/diagnosis")
    html = manage.get_data(as_text=True)
    assert f"/pins/need/{need.id}" in html and f"/pins/resource/{resource.id}" in html
    assert "Kratka C4: przesuń" in page_text(manage)  # the need is on the plan, in C4
    assert f"/pins/need/{need.id}" in animator.get(f"/needs/{need.id}").get_data(as_text=True)
    queue = animator.get(f"/manage/editions/{cast.edition.id}/reports").get_data(as_text=True)
    assert f"/pins/report/{report.id}" in queue
    # The public sees the need's page, never a way to move its pin.
    public = app.test_client().get(f"/needs/{need.id}").get_data(as_text=True)
    assert "/pins/" not in public


def test_a_pin_leads_to_its_need_and_a_resource_to_its_row(app, cast):
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Plac zabaw"),
                                 acting=cast.animator, point=Point(2500, 3500))
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Szkoła", kind=ResourceKind.PLACE), acting=cast.animator, point=Point(7000, 2000))
    mapping.store_plan(cast.edition, image_bytes(size=(400, 300)), acting=cast.animator)
    db.session.commit()
    page = app.test_client().get(f"/editions/{cast.edition.id}/diagnosis")
    html = page.get_data(as_text=True)
    assert f'href="/needs/{need.id}"' in html
    anchor = f"resource-{resource.number}"
    assert f'href="/editions/{cast.edition.id}/diagnosis#{anchor}"' in html
    assert f'id="{anchor}"' in html
