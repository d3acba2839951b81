"""Residents' voice: reporting a need without an account, moderation, "me too", photos of
needs and the poster."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from pb.core.plan import parse_cell
from pb.diagnosis import mapping, services
from pb.diagnosis.models import (
    Need,
    NeedReport,
    NeedSource,
    NeedSupport,
    ReportState,
)
from pb.extensions import db
from pb.i18n import LANG_COOKIE
from pb.ops.models import AuditEvent
from pb.timeutil import warsaw_today
from tests.conftest import PUBLIC_URL, login, page_text, post
from tests.qr_tools import decode_qr, pdf_pages, pdf_text
from tests.security.world import image_bytes, open_reporting

CONTACT = "kontakt.mieszkanca@przyklad.pl"


def open_reports(edition) -> None:
    open_reporting(edition)
    db.session.commit()


def english(client):
    client.set_cookie(LANG_COOKIE, "en")
    return client


def report_url(edition) -> str:
    return f"/editions/{edition.id}/report"


def reports() -> list[NeedReport]:
    return list(db.session.scalars(sa.select(NeedReport).order_by(NeedReport.id)))


def send_report(client, edition, **fields):
    data = {"what": "Brakuje ławek przy placu zabaw.", "place": "ul. Szkolna", **fields}
    return post(client, report_url(edition), data, content_type="multipart/form-data")


def upload_files(app) -> list:
    root = mapping.uploads.root() / "diagnosis"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def edition(cast):
    open_reports(cast.edition)
    return cast.edition


def waiting_report(edition, what="Brakuje ławek przy kościele.", contact=CONTACT,
                   **extra) -> NeedReport:
    report = NeedReport(edition_id=edition.id, what=what, place="przy kościele",
                        contact=contact, **extra)
    db.session.add(report)
    db.session.commit()
    return report


# --- reporting ---------------------------------------------------------------------------------


def test_a_resident_reports_a_need_without_an_account(app, client, edition):
    english(client)
    page = client.get(report_url(edition))
    assert page.status_code == 200
    text = page_text(page)
    assert "What is wrong or missing?" in text and "Only the animator sees it" in text

    response = send_report(client, edition, contact=CONTACT)
    assert response.status_code == 302, page_text(response)
    assert response.headers["Location"].endswith(f"/editions/{edition.id}/report/thanks")
    thanks = page_text(client.get(response.headers["Location"]))
    assert "waits for the animator" in thanks

    [report] = reports()
    assert report.state == ReportState.WAITING
    assert report.what == "Brakuje ławek przy placu zabaw." and report.place == "ul. Szkolna"
    assert report.contact == CONTACT and report.point is None and report.photo_name is None
    # Recorded, but without the contact.
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "need_reported"))
    assert event is not None and "mieszkanca@" not in json.dumps(event.detail)


def test_nothing_of_a_waiting_report_is_public(app, client, edition):
    send_report(client, edition, what="TAJNE-ZGLOSZENIE dziura w chodniku", contact=CONTACT)
    assert len(reports()) == 1
    anonymous = app.test_client()
    for path in (f"/editions/{edition.id}", "/editions/", report_url(edition),
                 f"/editions/{edition.id}/report/thanks"):
        html = anonymous.get(path).get_data(as_text=True)
        assert "TAJNE-ZGLOSZENIE" not in html and "mieszkanca@" not in html, path


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"what": "   "}, "what", "Write what is wrong or missing."),
    ({"contact": "dzwońcie wieczorem"}, "contact", "Give a phone number"),
    ({"what": "x" * 3001}, "what", "3000"),
])
def test_bad_input_is_explained_and_nothing_is_kept(app, client, edition, fields, field,
                                                    message):
    english(client)
    response = send_report(client, edition, **fields)
    assert response.status_code == 400
    assert message in page_text(response)
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert reports() == []


def test_a_photo_that_is_not_a_picture_is_refused(app, client, edition):
    english(client)
    response = send_report(client, edition, contact=CONTACT,
                           photo=(io.BytesIO(b"%PDF-1.4 not a picture"), "zdjecie.jpg"))
    assert response.status_code == 400
    text = page_text(response)
    assert "This file is not a photo" in text
    # What the resident wrote is still on the form.
    assert "Brakuje ławek przy placu zabaw." in response.get_data(as_text=True)
    assert reports() == [] and upload_files(app) == []


def test_a_photo_and_a_square_of_the_plan_come_with_the_report(app, client, cast, edition):
    mapping.store_plan(edition, image_bytes(size=(400, 300)), acting=cast.animator)
    db.session.commit()
    page = page_text(english(client).get(report_url(edition)))
    assert "Square on the plan" in page
    response = send_report(client, edition, cell="C4",
                           photo=(io.BytesIO(image_bytes("JPEG", (800, 600))), "plac.jpg"))
    assert response.status_code == 302
    [report] = reports()
    assert report.point == parse_cell("C4")
    assert report.photo_name and len(upload_files(app)) == 2  # the photo and its small copy
    # The photo is the animator's to see, not the public's.
    assert app.test_client().get(f"/manage/reports/{report.id}/photo").status_code == 302
    login(client, cast.participant.login)
    assert client.get(f"/manage/reports/{report.id}/photo").status_code == 403
    manager = app.test_client()
    login(manager, cast.animator.login)
    photo = manager.get(f"/manage/reports/{report.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert "private" in photo.headers["Cache-Control"]
    photo.close()


def test_a_square_that_is_not_on_the_plan_is_refused(app, client, cast, edition):
    mapping.store_plan(edition, image_bytes(size=(400, 300)), acting=cast.animator)
    db.session.commit()
    response = send_report(english(client), edition, cell="K11")
    assert response.status_code == 400
    assert "Choose a square of the plan, from A1 to J10." in page_text(response)
    assert reports() == []


def test_a_flood_from_one_address_is_stopped(app, client, edition):
    app.config["REPORT_CLIENT_LIMIT"] = 2
    english(client)
    for _ in range(2):
        assert send_report(client, edition).status_code == 302
    response = send_report(client, edition, what="Trzecie zgłoszenie",
                           photo=(io.BytesIO(image_bytes()), "a.png"))
    assert response.status_code == 429
    assert "Too many reports have been sent in the last hour." in page_text(response)
    assert "was not saved" in page_text(response)
    assert len(reports()) == 2 and upload_files(app) == []
    # Another address still may.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert send_report(other, edition).status_code == 302


def test_a_flood_into_one_edition_is_stopped(app, edition):
    app.config["REPORT_EDITION_LIMIT"] = 3
    for n in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.1.{n}"
        expected = 302 if n < 3 else 429
        assert send_report(client, edition).status_code == expected
    assert len(reports()) == 3


def test_reporting_is_closed_outside_the_diagnosis_and_drafting(app, client, cast):
    # The cast's edition is long past its review date.
    english(client)
    page = client.get(report_url(cast.edition))
    assert page.status_code == 200
    text = page_text(page)
    assert "Reporting needs is closed" in text and "February 28, 2025" in text
    assert f'href="/editions/{cast.edition.id}"' in page.get_data(as_text=True)
    assert send_report(client, cast.edition).status_code == 200
    assert reports() == []


def test_drafting_is_still_open_for_reports(app, client, cast):
    today = warsaw_today()
    cast.edition.drafting_from = today - timedelta(days=5)
    cast.edition.review_from = today + timedelta(days=5)
    cast.edition.debate_on = today + timedelta(days=10)
    cast.edition.execution_from = today + timedelta(days=11)
    cast.edition.closed_on = today + timedelta(days=100)
    db.session.commit()
    assert send_report(client, cast.edition).status_code == 302


def test_an_unpublished_edition_has_no_report_page(app, client, cast):
    open_reports(cast.other_edition)
    assert client.get(report_url(cast.other_edition)).status_code == 404
    login(client, cast.other_animator.login)
    assert client.get(report_url(cast.other_edition)).status_code == 404


# --- moderation ---------------------------------------------------------------------------------


def manager_client(app, cast):
    client = english(app.test_client())
    login(client, cast.animator.login)
    return client


def test_the_queue_shows_waiting_reports_newest_first_with_their_contact(app, cast, edition):
    older = waiting_report(edition, what="Starsze zgłoszenie o ławkach")
    newer = waiting_report(edition, what="Nowsze zgłoszenie o lampach", contact="")
    client = manager_client(app, cast)
    page = client.get(f"/manage/editions/{edition.id}/reports")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index(f'id="report-{newer.id}"') < html.index(f'id="report-{older.id}"')
    assert CONTACT in page_text(page) and "2 reports waiting" in page_text(page)
    assert f"/manage/editions/{edition.id}/poster.pdf" in html


def test_a_report_that_seems_to_name_a_person_carries_a_warning(app, cast, edition):
    named = waiting_report(edition, what="Pan Kowalski z bloku 5 wyrzuca śmieci pod ławką.")
    plain = waiting_report(edition, what="Na ul. Jana Pawła II brakuje koszy na śmieci.")
    html = manager_client(app, cast).get(
        f"/manage/editions/{edition.id}/reports").get_data(as_text=True)
    named_part = html[html.index(f'id="report-{named.id}"'):]
    plain_part = html[html.index(f'id="report-{plain.id}"'):html.index(f'id="report-{named.id}"')]
    assert "may name a person" in named_part.split("<article")[0]
    assert "may name a person" not in plain_part
    # The title proposed is the first sentence, not cut at "ul.".
    assert 'value="Na ul. Jana Pawła II brakuje koszy na śmieci"' in plain_part


def test_only_the_editions_managers_moderate(app, cast, edition):
    report = waiting_report(edition)
    path = f"/manage/editions/{edition.id}/reports"
    assert app.test_client().get(path).status_code == 302
    for who in (cast.participant, cast.official, cast.other_animator):
        client = app.test_client()
        login(client, who.login)
        assert client.get(path).status_code == 403
        assert post(client, f"/manage/reports/{report.id}/reject").status_code == 403
    assert db.session.get(NeedReport, report.id).state == ReportState.WAITING


def test_publishing_makes_a_need_from_the_report(app, client, cast, edition):
    mapping.store_plan(edition, image_bytes(size=(400, 300)), acting=cast.animator)
    db.session.commit()
    send_report(client, edition, what="Huśtawka jest zepsuta.", cell="B2", contact=CONTACT,
                photo=(io.BytesIO(image_bytes("JPEG", (640, 480))), "h.jpg"))
    [report] = reports()
    category = services.categories_of(edition)[3]
    manager = manager_client(app, cast)
    response = post(manager, f"/manage/reports/{report.id}/publish", {
        f"p{report.id}-title": "Zepsuta huśtawka",
        f"p{report.id}-description": "Huśtawka na placu jest zepsuta.",
        f"p{report.id}-category_id": str(category.id),
    })
    assert response.status_code == 302
    db.session.expire_all()
    need = db.session.scalar(sa.select(Need))
    assert need.title == "Zepsuta huśtawka" and need.description == "Huśtawka na placu jest zepsuta."
    assert need.source == NeedSource.RESIDENT and need.category_id == category.id
    assert need.place == "ul. Szkolna" and need.point == parse_cell("B2")
    assert need.photo_name == report.photo_name
    report = db.session.get(NeedReport, report.id)
    assert report.state == ReportState.PUBLISHED and report.need_id == need.id
    assert report.moderated_by_id == cast.animator.id
    assert "published as need 1" in page_text(manager.get(response.headers["Location"]))
    # The photo is now public with the need; the contact nowhere.
    public = app.test_client()
    photo = public.get(f"/needs/{need.id}/photo")
    assert photo.status_code == 200 and "public" in photo.headers["Cache-Control"]
    photo.close()
    assert CONTACT not in public.get(f"/editions/{edition.id}").get_data(as_text=True)
    events = db.session.scalars(sa.select(AuditEvent)).all()
    assert {"need_report_published", "need_created"} <= {e.action for e in events}
    assert all("mieszkanca@" not in json.dumps(e.detail) for e in events)

    # A second click (or another animator) finds it already moderated.
    again = post(manager, f"/manage/reports/{report.id}/publish", {
        f"p{report.id}-title": "Jeszcze raz"})
    assert again.status_code == 302
    assert "already moderated" in page_text(manager.get(again.headers["Location"]))
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 1


def test_publishing_needs_a_title(app, cast, edition):
    report = waiting_report(edition)
    manager = manager_client(app, cast)
    response = post(manager, f"/manage/reports/{report.id}/publish",
                    {f"p{report.id}-title": " ", f"p{report.id}-description": "Opis"})
    assert response.status_code == 400
    assert "Give the need a title." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0
    assert db.session.get(NeedReport, report.id).state == ReportState.WAITING


def test_merging_adds_one_supporter_to_an_existing_need(app, cast, edition):
    need = services.create_need(edition, services.NeedData(title="Brak ławek"),
                                acting=cast.animator)
    db.session.commit()
    report = waiting_report(edition)
    manager = manager_client(app, cast)
    response = post(manager, f"/manage/reports/{report.id}/merge",
                    {f"m{report.id}-need_id": str(need.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, need.id).support_count == 1
    [support] = db.session.scalars(sa.select(NeedSupport)).all()
    assert support.token_hash == f"report:{report.id}"
    report = db.session.get(NeedReport, report.id)
    assert report.state == ReportState.MERGED and report.need_id == need.id
    again = post(manager, f"/manage/reports/{report.id}/merge",
                 {f"m{report.id}-need_id": str(need.id)})
    assert "already moderated" in page_text(manager.get(again.headers["Location"]))
    assert db.session.get(Need, need.id).support_count == 1


def test_merging_into_another_editions_need_is_refused(app, cast, edition):
    foreign = services.create_need(cast.other_edition, services.NeedData(title="Obca"),
                                   acting=cast.other_animator)
    db.session.commit()
    report = waiting_report(edition)
    response = post(manager_client(app, cast), f"/manage/reports/{report.id}/merge",
                    {f"m{report.id}-need_id": str(foreign.id)})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(NeedSupport.id))) == 0
    assert db.session.get(NeedReport, report.id).state == ReportState.WAITING


def test_rejecting_keeps_the_note_and_drops_the_photo(app, client, cast, edition):
    send_report(client, edition, photo=(io.BytesIO(image_bytes()), "a.png"))
    [report] = reports()
    assert upload_files(app)
    manager = manager_client(app, cast)
    response = post(manager, f"/manage/reports/{report.id}/reject",
                    {f"r{report.id}-note": "To sprawa dla administracji budynku."})
    assert response.status_code == 302
    db.session.expire_all()
    report = db.session.get(NeedReport, report.id)
    assert report.state == ReportState.REJECTED
    assert report.moderation_note == "To sprawa dla administracji budynku."
    assert report.photo_name is None and upload_files(app) == []
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "need_report_rejected"))
    assert event.actor_id == cast.animator.id
    again = post(manager, f"/manage/reports/{report.id}/reject", {})
    assert "already moderated" in page_text(manager.get(again.headers["Location"]))


# --- "me too" -----------------------------------------------------------------------------------


def public_need(cast, edition, **extra) -> Need:
    need = services.create_need(edition, services.NeedData(title="Brak ławek", **extra),
                                acting=cast.animator)
    db.session.commit()
    return need


def support_count(need) -> int:
    return db.session.scalar(sa.select(sa.func.count(NeedSupport.id))
                             .where(NeedSupport.need_id == need.id))


def test_me_too_counts_once_per_browser(app, cast, edition):
    need = public_need(cast, edition)
    first = english(app.test_client())
    response = post(first, f"/needs/{need.id}/support")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("pb_me_too="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie
    token = first.get_cookie("pb_me_too").value
    assert support_count(need) == 1
    # Kept only as a keyed hash: the token is nowhere in the database.
    [row] = db.session.scalars(sa.select(NeedSupport)).all()
    assert token not in row.token_hash and len(row.token_hash) == 64

    again = post(first, f"/needs/{need.id}/support")
    assert "You already support this need." in page_text(first.get(again.headers["Location"]))
    assert support_count(need) == 1

    second = app.test_client()
    post(second, f"/needs/{need.id}/support")
    assert support_count(need) == 2


def test_me_too_is_closed_outside_reporting_and_hidden_for_unpublished(app, cast):
    need = public_need(cast, cast.edition)  # the cast's edition is past its review date
    client = english(app.test_client())
    response = post(client, f"/needs/{need.id}/support")
    assert response.status_code == 302
    assert "closed" in page_text(client.get(response.headers["Location"]))
    assert support_count(need) == 0
    open_reports(cast.other_edition)
    hidden = services.create_need(cast.other_edition, services.NeedData(title="Ukryta"),
                                  acting=cast.other_animator)
    db.session.commit()
    assert post(client, f"/needs/{hidden.id}/support").status_code == 404
    assert support_count(hidden) == 0


def test_me_too_floods_are_stopped(app, cast, edition):
    app.config["SUPPORT_CLIENT_LIMIT"] = 2
    needs = [public_need(cast, edition) for _ in range(3)]
    client = app.test_client()
    assert post(client, f"/needs/{needs[0].id}/support").status_code == 302
    assert post(client, f"/needs/{needs[1].id}/support").status_code == 302
    assert post(client, f"/needs/{needs[2].id}/support").status_code == 429
    assert support_count(needs[2]) == 0


def test_the_support_slot_shows_the_button_only_while_reporting_is_open(app, cast, edition):
    need = public_need(cast, edition)
    from flask import render_template

    with app.test_request_context():
        html = render_template("diagnosis/_support_slot.html", need=need)
    assert f'action="/needs/{need.id}/support"' in html and "csrf_token" in html
    edition.review_from = warsaw_today() - timedelta(days=1)
    edition.drafting_from = warsaw_today() - timedelta(days=30)
    db.session.commit()
    with app.test_request_context():
        assert "<form" not in render_template("diagnosis/_support_slot.html", need=need)


# --- photos of needs ----------------------------------------------------------------------------


def test_a_need_photo_follows_its_editions_visibility(app, cast):
    open_reports(cast.other_edition)
    need = services.create_need(cast.other_edition, services.NeedData(title="Ukryta"),
                                acting=cast.other_animator)
    stored = mapping.uploads.store(image_bytes(), mapping.NEED_PHOTOS, cast.other_edition.id)
    need.photo_name = stored.name
    db.session.commit()
    assert app.test_client().get(f"/needs/{need.id}/photo").status_code == 404
    manager = app.test_client()
    login(manager, cast.other_animator.login)
    response = manager.get(f"/needs/{need.id}/photo")
    assert response.status_code == 200 and "private" in response.headers["Cache-Control"]
    response.close()
    without = public_need(cast, cast.edition)
    assert app.test_client().get(f"/needs/{without.id}/photo").status_code == 404


# --- the poster ---------------------------------------------------------------------------------


def test_the_poster_leads_to_the_report_page(app, cast, edition):
    edition.district = "Wilchwy"
    db.session.commit()
    manager = app.test_client()
    login(manager, cast.animator.login)
    response = manager.get(f"/manage/editions/{edition.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    [page] = pdf_pages(pdf)
    assert page.width < page.height  # portrait
    assert decode_qr(page) == [f"{PUBLIC_URL}/editions/{edition.id}/report"]
    text = " ".join(pdf_text(pdf).split())
    assert "Co trzeba zmienić w dzielnicy Wilchwy?" in text or (
        "What needs to change in the Wilchwy district?" in text)
    assert edition.name in text and "Testowo, Wilchwy" in text
    assert f"{PUBLIC_URL}/editions/{edition.id}/report" in text
    participant = app.test_client()
    login(participant, cast.participant.login)
    assert participant.get(f"/manage/editions/{edition.id}/poster.pdf").status_code == 403


def test_the_flood_limits_are_settings():
    from pb.config import from_environment

    assert from_environment({"PB_REPORT_CLIENT_LIMIT": "5", "PB_REPORT_EDITION_LIMIT": "40",
                             "PB_SUPPORT_CLIENT_LIMIT": "50"}) == {
        "REPORT_CLIENT_LIMIT": 5, "REPORT_EDITION_LIMIT": 40, "SUPPORT_CLIENT_LIMIT": 50}
