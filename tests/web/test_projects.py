"""Drafting and review of micro-projects, as the group and the animator use them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from pb.core.budget import BudgetCategory
from pb.core.workflow import ProjectState
from pb.extensions import db
from pb.projects import services as projects
from pb.projects.models import Project, ProjectPhoto
from tests.conftest import csrf_token, login, page_text, post
from tests.factories import complete_project

# The cast's edition: execution from 2025-04-02 to 2025-11-30 (closes 2025-12-01).


def test_member_drafts_and_sees_what_is_missing(client, cast):
    login(client, cast.participant.login)
    response = post(client, f"/groups/{cast.group.id}/projects")
    assert response.status_code == 302
    project = db.session.scalar(db.select(Project))
    assert project.group_id == cast.group.id and project.state == ProjectState.DRAFT
    page = page_text(client.get(f"/projects/{project.id}"))
    for missing in ("Nadaj projektowi tytuł.", "Dodaj co najmniej jeden oczekiwany rezultat",
                    "Dodaj zadania harmonogramu.", "Dodaj pozycje kosztorysu"):
        assert missing in page
    refused = post(client, f"/projects/{project.id}/submit")
    assert refused.status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT and project.versions == []
    assert "nie jest jeszcze gotowy" in page_text(client.get(f"/projects/{project.id}"))


def test_full_review_cycle(app, cast):
    project = complete_project(cast)
    group = app.test_client()
    login(group, cast.participant.login)
    assert post(group, f"/projects/{project.id}/submit").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED and len(project.versions) == 1

    # Locked while with the animator.
    locked = post(group, f"/projects/{project.id}/edit", {"title": "Zmiana w trakcie"})
    assert locked.status_code == 400
    assert "zablokowany" in page_text(locked)
    db.session.expire_all()
    assert project.title == "Odnowa placu zabaw"

    animator = app.test_client()
    login(animator, cast.animator.login)
    no_comment = post(animator, f"/projects/{project.id}/comments",
                      {"action": "return", "section": "budget", "body": ""})
    assert no_comment.status_code == 400
    returned = post(animator, f"/projects/{project.id}/comments",
                    {"action": "return", "section": "budget", "body": "Farba jest za droga."})
    assert returned.status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.RETURNED
    page = page_text(group.get(f"/projects/{project.id}"))
    assert "Farba jest za droga." in page and "zwrócony do poprawy" in page

    line = project.budget_lines[0]
    changed = post(group, f"/projects/{project.id}/budget/{line.id}", {
        "category": "materials", "item": "Farba", "quantity": "4", "unit": "puszka",
        "unit_price": "149,00",
    })
    assert changed.status_code == 302
    assert post(group, f"/projects/{project.id}/submit").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED and len(project.versions) == 2

    diff = page_text(animator.get(f"/projects/{project.id}/versions/1/2"))
    assert "756,00 zł" in diff and "596,00 zł" in diff  # the old and new line totals

    assert post(animator, f"/projects/{project.id}/accept").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.ACCEPTED
    public = app.test_client()
    assert "Odnowa placu zabaw" in page_text(public.get(f"/editions/{cast.edition.id}"))
    assert public.get(f"/projects/{project.id}").status_code == 200
    # The history says who did what.
    actions = [e.action for e in project.events]
    assert actions[-3:] == ["budget_line_edited", "submitted", "accepted"]
    assert "returned" in actions


def test_only_managers_accept_or_return(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    post(client, f"/projects/{project.id}/submit")
    assert post(client, f"/projects/{project.id}/accept").status_code == 403
    response = post(client, f"/projects/{project.id}/comments",
                    {"action": "return", "section": "", "body": "Sam sobie zwracam"})
    assert response.status_code == 403
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED


@pytest.mark.parametrize("who", ["anonymous", "other_participant", "foreign_participant",
                                 "loose_participant", "other_animator", "official", "teller"])
def test_outsiders_cannot_read_or_change_a_draft(app, cast, who):
    project = complete_project(cast)
    client = app.test_client()
    if who != "anonymous":
        login(client, getattr(cast, who).login)
    line, task = project.budget_lines[0], project.tasks[0]
    reads = [client.get(f"/projects/{project.id}"),
             client.get(f"/projects/{project.id}/sheet.pdf"),
             client.get(f"/projects/{project.id}/edit")]
    assert all(r.status_code in (302, 403, 404) for r in reads), [r.status_code for r in reads]
    assert all("Odnowa placu zabaw" not in r.get_data(as_text=True) for r in reads)
    writes = [
        post(client, f"/projects/{project.id}/edit", {"title": "Przejęty"}),
        post(client, f"/projects/{project.id}/budget/{line.id}/remove"),
        post(client, f"/projects/{project.id}/schedule/{task.id}/remove"),
        post(client, f"/projects/{project.id}/submit"),
        post(client, f"/projects/{project.id}/withdraw"),
        post(client, f"/projects/{project.id}/comments", {"body": "hej"}),
        post(client, f"/groups/{cast.group.id}/projects"),
    ]
    assert all(r.status_code in (302, 403, 404) for r in writes), [r.status_code for r in writes]
    if who == "anonymous":
        assert all(r.status_code != 200 for r in writes)
    db.session.expire_all()
    assert project.title == "Odnowa placu zabaw" and len(project.budget_lines) == 1
    assert project.state == ProjectState.DRAFT and project.comments == []
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 1


def test_edition_overview_lists_projects_against_the_pool(app, cast):
    accepted = complete_project(cast, "Piknik rodzinny")
    complete_project(cast, "Basen")
    projects.submit_project(accepted, acting=cast.participant)
    projects.accept_project(accepted, acting=cast.animator)
    db.session.commit()
    client = app.test_client()
    login(client, cast.animator.login)
    text = page_text(client.get(f"/manage/editions/{cast.edition.id}"))
    assert "Piknik rodzinny" in text and "Basen" in text
    assert "przyjęty na debatę" in text and "szkic" in text
    assert "1 projekty" in text or "1 projekt" in text
    assert "20 000,00 zł" in text


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"quantity": "-3"}, "większa od zera"),
        ({"quantity": "0"}, "większa od zera"),
        ({"quantity": "5000000"}, "100 000"),
        ({"quantity": "dużo"}, "Podaj liczbę"),
        ({"quantity": "1,255"}, "dwoma miejscami"),
        ({"unit_price": "12,345"}, "najwyżej dwa miejsca po przecinku"),
        ({"unit_price": "-5"}, "Kwota nie może być ujemna."),
        ({"unit_price": "0"}, "Podaj cenę jednostkową większą od zera."),
        ({"unit_price": ""}, "Podaj cenę jednostkową większą od zera."),
        ({"item": ""}, "Napisz, czego dotyczy pozycja."),
        ({"category": "volunteer_work"}, "Nieprawidłowy wybór"),
        ({"item": "x" * 10_000}, "200"),
    ],
)
def test_bad_budget_line_is_refused_and_nothing_lost(app, cast, form, message):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    data = {"funding": "requested", "req-category": "materials", "req-item": "Pędzle",
            "req-quantity": "2", "req-unit": "szt.", "req-unit_price": "15,00"}
    data.update({f"req-{k}": v for k, v in form.items()})
    response = post(client, f"/projects/{project.id}/budget", data)
    assert response.status_code == 400
    assert message in page_text(response)
    db.session.expire_all()
    assert [line.item for line in project.budget_lines] == ["Farba"]


def test_budget_totals_are_computed_not_typed(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    response = post(client, f"/projects/{project.id}/budget", {
        "funding": "requested", "req-category": "services", "req-item": "Transport ziemi",
        "req-quantity": "2,5", "req-unit": "kurs", "req-unit_price": "33,33",
        "req-total": "1",  # a typed total is ignored
    })
    assert response.status_code == 302
    own = post(client, f"/projects/{project.id}/budget", {
        "funding": "own", "own-category": "volunteer_work", "own-item": "Praca przy malowaniu",
        "own-quantity": "40", "own-unit": "godz.", "own-unit_price": "0",
    })
    assert own.status_code == 302
    db.session.expire_all()
    assert project.requested_grosze == 756_00 + 83_33  # 2.5 × 33.33 = 83.325 → 83.33
    assert project.own_grosze == 0
    text = page_text(client.get(f"/projects/{project.id}/budget"))
    assert "839,33 zł" in text and "Praca przy malowaniu" in text


def test_over_the_cap_cannot_be_submitted(app, cast):
    project = complete_project(cast)
    projects.add_budget_line(project, category=BudgetCategory.EQUIPMENT, item="Zjeżdżalnia",
                             quantity=Decimal(1), unit="szt.", unit_price_grosze=4_500_00,
                             acting=cast.participant)
    db.session.commit()
    client = app.test_client()
    login(client, cast.participant.login)
    text = page_text(client.get(f"/projects/{project.id}"))
    assert "5 256,00 zł" in text and "5 000,00 zł" in text and "więcej niż limit" in text
    post(client, f"/projects/{project.id}/submit")
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"starts_on": "2025-05-10", "ends_on": "2025-05-01"}, "nie może się kończyć przed"),
        ({"starts_on": "2025-01-10", "ends_on": "2025-05-01"}, "w czasie realizacji"),
        ({"starts_on": "2025-05-10", "ends_on": "2026-01-01"}, "w czasie realizacji"),
        ({"starts_on": "10.05.2025"}, "Podaj datę"),
        ({"title": ""}, "Nazwij zadanie."),
        ({"responsible": "999"}, "Nieprawidłowy wybór"),
    ],
)
def test_bad_task_is_refused(app, cast, form, message):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    data = {"title": "Sadzenie", "starts_on": "2025-05-01", "ends_on": "2025-05-02",
            "responsible": str(cast.participant.id), **form}
    response = post(client, f"/projects/{project.id}/schedule", data)
    assert response.status_code == 400
    assert message in page_text(response)
    db.session.expire_all()
    assert [t.title for t in project.tasks] == ["Zakup farby"]


def test_task_responsible_must_be_a_group_member(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.animator.login)
    response = post(client, f"/projects/{project.id}/schedule", {
        "title": "Sadzenie", "starts_on": "2025-05-01", "ends_on": "2025-05-02",
        "responsible": str(cast.other_participant.id),
    })
    assert response.status_code == 400


def test_huge_title_is_refused_and_the_old_one_kept(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    response = post(client, f"/projects/{project.id}/edit", {"title": "T" * 10_000})
    assert response.status_code == 400
    assert "200" in page_text(response)
    db.session.expire_all()
    assert project.title == "Odnowa placu zabaw"


def test_tasks_can_be_reordered(app, cast):
    project = complete_project(cast)
    projects.add_task(project, title="Malowanie", starts_on=date(2025, 5, 1),
                      ends_on=date(2025, 5, 3), responsible=None, acting=cast.participant)
    db.session.commit()
    second = project.tasks[1]
    client = app.test_client()
    login(client, cast.participant.login)
    post(client, f"/projects/{project.id}/schedule/{second.id}/move", {"direction": "up"})
    db.session.expire_all()
    assert [t.title for t in project.tasks] == ["Malowanie", "Zakup farby"]


# --- photos ----------------------------------------------------------------------------------


def _image_bytes(fmt: str = "PNG", size=(2400, 1800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return buffer.getvalue()


def test_photo_is_checked_shrunk_and_served_to_the_group_only(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    response = post(client, f"/projects/{project.id}/photos",
                    {"photo": (io.BytesIO(_image_bytes()), "plac.png")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    photo = db.session.scalar(db.select(ProjectPhoto))
    assert (photo.width, photo.height) == (1600, 1200)
    served = client.get(f"/projects/{project.id}/photos/{photo.id}")
    body = served.data
    served.close()
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(body)).format == "JPEG"
    stranger = app.test_client()
    assert stranger.get(f"/projects/{project.id}/photos/{photo.id}").status_code == 404


def test_a_10_mb_file_that_is_not_an_image_is_refused(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    junk = b"%PDF-1.4 not really" + b"\0" * (10 * 1024 * 1024)
    # Encoded in memory: the test client would otherwise spool 10 MB to a file it never closes.
    boundary, body = encode_multipart({
        "csrf_token": csrf_token(client),
        "photo": FileStorage(io.BytesIO(junk), "zdjecie.jpg", content_type="image/jpeg"),
    })
    response = client.post(f"/projects/{project.id}/photos", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    text = page_text(response)
    assert "za duże" in text or "nie jest zdjęciem" in text
    small_junk = post(client, f"/projects/{project.id}/photos",
                      {"photo": (io.BytesIO(b"hello" * 100), "zdjecie.jpg")},
                      content_type="multipart/form-data")
    assert small_junk.status_code == 400
    assert "nie jest zdjęciem" in page_text(small_junk)
    db.session.expire_all()
    assert project.photos == [] and project.title == "Odnowa placu zabaw"


def test_at_most_two_photos(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    for _ in range(2):
        ok = post(client, f"/projects/{project.id}/photos",
                  {"photo": (io.BytesIO(_image_bytes("JPEG", (300, 200))), "a.jpg")},
                  content_type="multipart/form-data")
        assert ok.status_code == 302
    third = post(client, f"/projects/{project.id}/photos",
                 {"photo": (io.BytesIO(_image_bytes("JPEG", (300, 200))), "c.jpg")},
                 content_type="multipart/form-data")
    assert third.status_code == 400
    assert "najwyżej 2 zdjęcia" in page_text(third)


def test_project_sheet_is_one_printable_page(app, cast):
    from tests.qr_tools import pdf_pages, pdf_text

    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    response = client.get(f"/projects/{project.id}/sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pdf_pages(response.data, scale=0.5)) == 1
    text = pdf_text(response.data)
    assert "Odnowa placu zabaw" in text and "Place zabaw" in text
    assert "756,00 zł" in text and "Harmonogram" in text


def test_accepted_project_is_public_and_its_drafting_tools_are_not(app, cast):
    project = complete_project(cast)
    projects.submit_project(project, acting=cast.participant)
    projects.accept_project(project, acting=cast.animator)
    db.session.commit()
    public = app.test_client()
    page = page_text(public.get(f"/projects/{project.id}"))
    assert "Odnowa placu zabaw" in page and "756,00 zł" in page
    assert "Uwagi i ocena" not in page and "Wersje wysłane" not in page
    assert public.get(f"/projects/{project.id}/sheet.pdf").status_code == 200
    assert public.get(f"/projects/{project.id}/versions/1/current").status_code == 302


def test_photo_has_a_small_copy_for_the_phone_ballot(app, cast):
    project = complete_project(cast)
    client = app.test_client()
    login(client, cast.participant.login)
    post(client, f"/projects/{project.id}/photos",
         {"photo": (io.BytesIO(_image_bytes()), "plac.png")}, content_type="multipart/form-data")
    photo = db.session.scalar(db.select(ProjectPhoto))
    full = client.get(f"/projects/{project.id}/photos/{photo.id}")
    small = client.get(f"/projects/{project.id}/photos/{photo.id}?size=thumb")
    full_bytes, small_bytes = full.data, small.data
    full.close()
    small.close()
    assert max(Image.open(io.BytesIO(small_bytes)).size) == 240
    assert len(small_bytes) < len(full_bytes)
