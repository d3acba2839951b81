"""The district plan and its pins: uploading the plan and its corners, its picture, and placing
needs, resources, reports and projects on it by square, by typed square or by a point."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from pb.core.plan import Point
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import NeedReport, ResourceKind
from pb.extensions import db
from tests.conftest import csrf_token, login, page_text, post
from tests.factories import complete_project


def picture(size=(800, 600), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 220, 200)).save(buffer, fmt)
    return buffer.getvalue()


def send_plan(client, edition_id: int, data: bytes | None = None, **corners: str):
    fields = {"north": "", "south": "", "west": "", "east": "", **corners}
    if data is not None:
        fields["plan"] = (io.BytesIO(data), "plan.png")
    return post(client, f"/manage/editions/{edition_id}/plan", fields,
                content_type="multipart/form-data")


@pytest.fixture
def with_plan(cast):
    plan = mapping.store_plan(cast.edition, picture(), acting=cast.animator)
    db.session.commit()
    return plan


@pytest.fixture
def need(cast, with_plan):
    row = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Zniszczony plac zabaw"),
                                acting=cast.animator)
    db.session.commit()
    return row


# --- the plan --------------------------------------------------------------------------------


def test_a_manager_sends_the_plan_and_sees_it_with_its_grid(client, cast):
    login(client, "anim@pb.test")
    page = client.get(f"/manage/editions/{cast.edition.id}/plan")
    assert page.status_code == 200
    assert 'id="plan-send"' in page.get_data(as_text=True)  # only the form to send one
    assert "<svg class=\"plan-svg\"" not in page.get_data(as_text=True)

    response = send_plan(client, cast.edition.id, picture((800, 600)))
    assert response.status_code == 302
    plan = mapping.plan_of(cast.edition)
    assert (plan.width, plan.height) == (800, 600)
    assert plan.corners is None

    html = client.get(f"/manage/editions/{cast.edition.id}/plan").get_data(as_text=True)
    assert 'viewBox="0 0 800 600"' in html
    assert f'href="/editions/{cast.edition.id}/plan.jpg?v=' in html
    # The grid's labels, A–J across and 1–10 down.
    labels = re.findall(r'class="plan-grid-label"[^>]*>([A-J0-9]+)</text>', html)
    assert labels == list("ABCDEFGHIJ") + [str(n) for n in range(1, 11)]
    image = client.get(f"/editions/{cast.edition.id}/plan.jpg")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["Cache-Control"] == "public, max-age=86400"
    image.close()


def test_replacing_the_plan_keeps_the_corners_unless_changed(client, cast, with_plan):
    login(client, "anim@pb.test")
    assert send_plan(client, cast.edition.id, picture((600, 900)), north="50,02",
                     south="50,01", west="18,44", east="18,46").status_code == 302
    plan = mapping.plan_of(cast.edition)
    assert (plan.width, plan.height) == (600, 900)
    assert plan.north == Decimal("50.02")


def test_not_a_picture_is_refused_with_a_message(client, cast):
    login(client, "anim@pb.test")
    response = send_plan(client, cast.edition.id, b"%PDF-1.4 not a plan at all")
    assert response.status_code == 400
    assert 'id="plan-error"' in response.get_data(as_text=True)
    assert "JPEG, PNG" in page_text(response)
    assert mapping.plan_of(cast.edition) is None


def test_sending_nothing_without_a_plan_asks_for_the_picture(client, cast):
    login(client, "anim@pb.test")
    response = send_plan(client, cast.edition.id)
    assert response.status_code == 400
    assert 'id="plan-error"' in response.get_data(as_text=True)
    assert mapping.plan_of(cast.edition) is None


def test_a_too_large_plan_is_refused(app, client, cast, monkeypatch):
    login(client, "anim@pb.test")
    # Beyond what any request may carry: the "too large" page, nothing kept.
    huge = b"\x89PNG\r\n\x1a\n" + b"\x00" * (16 * 1024 * 1024 + 10)
    response = send_plan(client, cast.edition.id, huge)
    assert response.status_code == 413
    response.close()
    response.request.environ["wsgi.input"].close()  # the spooled upload the test client made
    assert mapping.plan_of(cast.edition) is None
    # Within the request's limit but over the plan's: the message on the form.
    monkeypatch.setattr(mapping, "PLANS", dataclasses.replace(mapping.PLANS, max_bytes=1000))
    response = send_plan(client, cast.edition.id, picture((800, 600)))
    assert response.status_code == 400
    assert "16 MB" in page_text(response)
    assert mapping.plan_of(cast.edition) is None


def test_corners_with_a_polish_comma_or_a_dot(client, cast, with_plan):
    login(client, "anim@pb.test")
    response = send_plan(client, cast.edition.id, north="50,021234", south=" 50.01 ",
                         west="18,44", east="18.465")
    assert response.status_code == 302
    plan = mapping.plan_of(cast.edition)
    db.session.refresh(plan)
    assert (plan.north, plan.south, plan.west, plan.east) == (
        Decimal("50.021234"), Decimal("50.01"), Decimal("18.44"), Decimal("18.465"))
    # Shown again with a comma, and cleared by emptying all four.
    html = client.get(f"/manage/editions/{cast.edition.id}/plan").get_data(as_text=True)
    assert 'value="50,021234"' in html
    assert send_plan(client, cast.edition.id).status_code == 302
    db.session.refresh(plan)
    assert plan.corners is None


@pytest.mark.parametrize(("corners", "field", "message"), [
    ({"north": "50,02"}, "south", "all four"),
    ({"north": "50,02", "south": "50,01", "west": "18,44"}, "east", "all four"),
    ({"north": "50,01", "south": "50,02", "west": "18,44", "east": "18,46"}, "south", "south"),
    ({"north": "50,02", "south": "50,01", "west": "18,46", "east": "18,44"}, "east", "east"),
    ({"north": "95", "south": "50,01", "west": "18,44", "east": "18,46"}, "north", "-90"),
    ({"north": "pięćdziesiąt", "south": "50,01", "west": "18,44", "east": "18,46"}, "north",
     "decimal"),
    ({"north": "50,0212345", "south": "50,01", "west": "18,44", "east": "18,46"}, "north",
     "six"),
    ({"north": "1e3", "south": "50,01", "west": "18,44", "east": "18,46"}, "north", "decimal"),
])
def test_wrong_corners_are_refused_and_nothing_changes(app, client, cast, with_plan, corners,
                                                        field, message):
    client.post("/language", data={"csrf_token": csrf_token(client), "lang": "en", "next": "/"})
    login(client, "anim@pb.test")
    response = send_plan(client, cast.edition.id, **corners)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error">([^<]*)<', html)
    assert error and message in error.group(1), html[:200]
    plan = mapping.plan_of(cast.edition)
    db.session.refresh(plan)
    assert plan.corners is None


def test_only_the_editions_managers_reach_the_plan_page(client, cast):
    for who in ("other.anim@pb.test", "piotr"):
        login(client, who)
        assert client.get(f"/manage/editions/{cast.edition.id}/plan").status_code == 403
        assert send_plan(client, cast.edition.id, picture()).status_code == 403
        client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert mapping.plan_of(cast.edition) is None


def test_the_plan_picture_of_a_published_edition_is_public(client, cast, with_plan):
    response = client.get(f"/editions/{cast.edition.id}/plan.jpg")
    assert response.status_code == 200
    response.close()


def test_no_plan_no_picture(client, cast):
    assert client.get(f"/editions/{cast.edition.id}/plan.jpg").status_code == 404


def test_an_unpublished_editions_plan_only_for_its_managers_and_groups(app, cast):
    mapping.store_plan(cast.other_edition, picture(), acting=cast.other_animator)
    db.session.commit()
    url = f"/editions/{cast.other_edition.id}/plan.jpg"
    expected = {None: 404, "anim@pb.test": 404, "piotr": 404, "other.anim@pb.test": 200,
                "fryderyk": 200, "coord@pb.test": 200}
    for who, status in expected.items():
        client = app.test_client()
        if who:
            login(client, who)
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert response.headers["Cache-Control"].startswith("private")
        response.close()


# --- placing a pin ---------------------------------------------------------------------------


def place(client, kind: str, ident: int, **fields):
    return post(client, f"/pins/{kind}/{ident}", {"x": "", "y": "", "cell": "",
                                                  "cell_text": "", **fields})


def test_a_need_goes_to_the_middle_of_the_chosen_square(client, cast, need):
    login(client, "anim@pb.test")
    page = client.get(f"/pins/need/{need.id}")
    assert page.status_code == 200
    assert not re.search(r'id="pin-now">[^<]*[A-J]\d', page.get_data(as_text=True))
    response = place(client, "need", need.id, cell="C4")
    assert response.status_code == 302
    db.session.refresh(need)
    assert need.point == Point(2500, 3500)
    assert re.search(r'id="pin-now">[^<]*C4\.', client.get(f"/pins/need/{need.id}").get_data(
        as_text=True))


def test_a_typed_square_wins_over_the_list(client, cast, need):
    login(client, "anim@pb.test")
    assert place(client, "need", need.id, cell="A1", cell_text=" j 10 ").status_code == 302
    db.session.refresh(need)
    assert need.point == Point(9500, 9500)


def test_a_point_clicked_on_the_map(client, cast, need):
    login(client, "anim@pb.test")
    assert place(client, "need", need.id, x="1234", y="8765", cell="B9").status_code == 302
    db.session.refresh(need)
    assert need.point == Point(1234, 8765)


def test_removing_a_pin(client, cast, need):
    need.point = Point(100, 200)
    db.session.commit()
    login(client, "anim@pb.test")
    assert place(client, "need", need.id, remove="1").status_code == 302
    db.session.refresh(need)
    assert need.point is None


@pytest.mark.parametrize("fields", [
    {"cell_text": "K4"}, {"cell_text": "C11"}, {"cell_text": "plac"}, {"cell": "Z9"},
    {"x": "10001", "y": "5"}, {"x": "-1", "y": "5"}, {"x": "12.5", "y": "5"}, {"x": "5", "y": ""},
    {"x": "٣", "y": "5"}, {},
])
def test_bad_places_are_refused_with_a_message_and_nothing_moves(client, cast, need, fields):
    need.point = Point(100, 200)
    db.session.commit()
    login(client, "anim@pb.test")
    response = place(client, "need", need.id, **fields)
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True) \
        or "error-text" in response.get_data(as_text=True)
    db.session.refresh(need)
    assert need.point == Point(100, 200)


def test_after_saving_back_where_the_user_came_from_if_local(client, cast, need):
    login(client, "anim@pb.test")
    response = place(client, "need", need.id, cell="A1", next="/manage/")
    assert response.headers["Location"].endswith("/manage/")
    response = place(client, "need", need.id, cell="A1", next="https://evil.example/")
    assert "evil" not in response.headers["Location"]
    response = place(client, "need", need.id, cell="A1", next="//evil.example/")
    assert "evil" not in response.headers["Location"]


def test_resources_and_reports_are_placed_by_the_managers(client, cast, with_plan):
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury", kind=ResourceKind.PLACE), acting=cast.animator)
    report = NeedReport(edition_id=cast.edition.id, what="Brak ławek")
    db.session.add(report)
    db.session.commit()
    login(client, "anim@pb.test")
    assert place(client, "resource", resource.id, cell="E5").status_code == 302
    assert place(client, "report", report.id, cell_text="F6").status_code == 302
    db.session.refresh(resource)
    db.session.refresh(report)
    assert resource.point == Point(4500, 4500)
    assert report.point == Point(5500, 5500)


def test_another_editions_animator_and_participants_cannot_place_a_need(app, cast, need):
    for who in ("other.anim@pb.test", "piotr", "fryderyk"):
        client = app.test_client()
        login(client, who)
        assert client.get(f"/pins/need/{need.id}").status_code == 403
        assert place(client, "need", need.id, cell="C4").status_code == 403
    db.session.refresh(need)
    assert need.point is None
    assert app.test_client().get(f"/pins/need/{need.id}").status_code == 302  # to sign in


def test_a_project_is_placed_by_its_group_and_not_by_another(app, cast, with_plan):
    project = complete_project(cast, "Ławki przy bloku")
    db.session.commit()
    member = app.test_client()
    login(member, "piotr")
    page = member.get(f"/projects/{project.id}/edit")
    assert f"/pins/project/{project.id}?next=" in page.get_data(as_text=True)
    assert place(member, "project", project.id, cell="D2").status_code == 302
    db.session.refresh(project)
    assert project.point == Point(3500, 1500)
    for who in ("zofia", "fryderyk", "other.anim@pb.test"):
        outsider = app.test_client()
        login(outsider, who)
        assert place(outsider, "project", project.id, cell="A1").status_code == 403
    db.session.refresh(project)
    assert project.point == Point(3500, 1500)
    manager = app.test_client()
    login(manager, "anim@pb.test")
    assert place(manager, "project", project.id, x="10", y="20").status_code == 302
    db.session.refresh(project)
    assert project.point == Point(10, 20)


def test_no_place_on_the_map_link_without_a_plan(client, cast):
    project = complete_project(cast, "Ławki przy bloku")
    db.session.commit()
    login(client, "piotr")
    assert "/pins/project/" not in client.get(f"/projects/{project.id}/edit").get_data(
        as_text=True)


def test_without_a_plan_the_page_says_the_coordinator_must_send_one(app, cast):
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Brak ławek"),
                                 acting=cast.animator)
    project = complete_project(cast, "Ławki przy bloku")
    db.session.commit()
    manager = app.test_client()
    login(manager, "anim@pb.test")
    page = manager.get(f"/pins/need/{need.id}")
    assert page.status_code == 200
    assert f'href="/manage/editions/{cast.edition.id}/plan"' in page.get_data(as_text=True)
    assert "<svg class=\"plan-svg\"" not in page.get_data(as_text=True)
    refused = place(manager, "need", need.id, cell="C4")
    assert refused.status_code == 400
    db.session.refresh(need)
    assert need.point is None
    member = app.test_client()
    login(member, "piotr")
    page = member.get(f"/pins/project/{project.id}")
    assert page.status_code == 200
    assert "/plan\"" not in page.get_data(as_text=True)  # no upload link for a participant


def test_unknown_kind_is_not_found(client, cast, need):
    login(client, "anim@pb.test")
    assert client.get(f"/pins/edition/{cast.edition.id}").status_code == 404


def test_the_map_draws_each_kind_by_shape_with_its_number_and_link(client, cast, need):
    need.point = Point(2500, 3500)
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury", kind=ResourceKind.PLACE), acting=cast.animator,
        point=Point(6000, 3000))
    db.session.commit()
    login(client, "anim@pb.test")
    html = client.get(f"/manage/editions/{cast.edition.id}/plan").get_data(as_text=True)
    # 800×600 plan: the need at (200, 210), a circle; the resource a square; numbers in text.
    assert re.search(r'<circle class="pin-shape pin-need\s*" cx="200.0" cy="210.0"', html)
    assert re.search(r'<rect class="pin-shape pin-resource', html)
    assert re.search(r'<text class="pin-number"[^>]*>1</text>', html)
    assert f"#resource-{resource.number}" in html
    assert re.search(r"<title>\w+ 1: Zniszczony plac zabaw</title>", html)
    # The legend names each shape in words.
    legend = html.split('class="plan-legend"', 1)[1]
    assert all(re.search(word, legend) for word in ("circle|pin-need", "pin-resource",
                                                     "pin-project"))


def test_the_macro_draws_nothing_without_a_plan_and_marks_chosen_projects(app, cast, with_plan):
    from flask import render_template_string

    from pb.diagnosis.mapping import MapPin, PinKind

    source = '{% from "diagnosis/_map.html" import plan_map %}{{ plan_map(plan, pins, "Mapa") }}'
    pins = [MapPin(PinKind.PROJECT, 7, 1, "Plac zabaw", Point(5000, 5000), chosen=True),
            MapPin(PinKind.PROJECT, 8, 2, "Piknik", Point(1000, 1000))]
    with app.test_request_context("/"):
        assert render_template_string(source, plan=None, pins=pins).strip() == ""
        html = render_template_string(source, plan=with_plan, pins=pins)
    # A chosen project: a diamond inside a thick ring; the other a plain diamond; both link to
    # their project page, and the legend explains the ring in words.
    assert html.count('class="pin-shape pin-chosen-ring"') == 2  # on the map and in the legend
    assert html.count("pin-project pin-chosen") == 2
    assert 'href="/projects/7"' in html and 'href="/projects/8"' in html
    legend = html.split('class="plan-legend"', 1)[1]
    assert "pin-chosen-ring" in legend and "</li>" in legend
