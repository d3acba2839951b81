"""Editions and groups as the coordinator and animators manage them, and the public pages."""

from __future__ import annotations

import pytest

from pb.accounts.models import User
from pb.editions.models import Edition, Group
from pb.extensions import db
from tests.conftest import login, page_text, post

GOOD_EDITION = {
    "name": "PAL Wapienica 2013",
    "municipality": "Bielsko-Biała",
    "district": "Wapienica",
    "description": "Mikroprojekty mieszkańców.",
    "pool": "12 500,50",
    "project_cap": "3000",
    "drafting_from": "2013-01-07",
    "review_from": "2013-03-01",
    "debate_on": "2013-04-10",
    "execution_from": "2013-04-10",
    "closed_on": "2013-12-31",
    "voting_rule": "greedy",
    "published": "y",
}


def _edition_count() -> int:
    return db.session.scalar(db.select(db.func.count(Edition.id)))


def test_coordinator_creates_and_publishes_an_edition(app, client, cast):
    login(client, cast.coordinator.login)
    response = post(client, "/manage/editions/new", GOOD_EDITION)
    assert response.status_code == 302
    edition = db.session.scalar(db.select(Edition).where(Edition.name == "PAL Wapienica 2013"))
    assert edition.pool_grosze == 12_500_50 and edition.project_cap_grosze == 3_000_00
    public = app.test_client()
    text = page_text(public.get(f"/editions/{edition.id}"))
    assert "PAL Wapienica 2013" in text and "12 500,50 zł" in text and "3 000,00 zł" in text
    assert "PAL Wapienica 2013" in page_text(public.get("/editions/"))
    assert "PAL Wapienica 2013" in page_text(public.get("/"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Podaj nazwę edycji."),
        ({"municipality": ""}, "Podaj gminę."),
        ({"district": ""}, "Podaj dzielnicę."),
        ({"pool": ""}, "Podaj kwotę w złotych."),
        ({"pool": "dużo"}, "Podaj kwotę w złotych, na przykład 5000 albo 5 000,50."),
        ({"pool": "100,555"}, "najwyżej dwa miejsca po przecinku"),
        ({"pool": "-5"}, "Kwota nie może być ujemna."),
        ({"pool": "0"}, "Kwota musi być większa od zera."),
        ({"project_cap": "20000"}, "Limit na jeden projekt nie może przekraczać całej puli."),
        ({"drafting_from": "jutro"}, "Podaj datę, na przykład 2012-09-01."),
        ({"drafting_from": "2013-02-31"}, "Podaj datę"),
        ({"review_from": "2012-12-01"}, "„Początek oceny projektów” musi przypadać po „Początek przygotowania projektów”."),
        ({"closed_on": "2013-04-01"}, "„Zakończenie edycji” musi przypadać po „Początek realizacji”."),
        ({"voting_rule": "dice"}, "Nieprawidłowy wybór"),
        ({"name": "x" * 201}, "200"),
    ],
)
def test_bad_edition_input_gets_a_message_and_saves_nothing(client, cast, changes, message):
    login(client, cast.coordinator.login)
    before = _edition_count()
    response = post(client, "/manage/editions/new", {**GOOD_EDITION, **changes})
    assert response.status_code == 400
    text = page_text(response)
    assert message in text
    assert "Popraw formularz:" in text
    # What was typed is still in the form.
    assert "Wapienica" in response.get_data(as_text=True)
    assert _edition_count() == before


def test_edit_keeps_the_edition_when_input_is_bad(client, cast):
    login(client, cast.coordinator.login)
    url = f"/manage/editions/{cast.edition.id}/edit"
    form_page = client.get(url).get_data(as_text=True)
    assert 'value="20000"' in form_page and 'value="5000"' in form_page  # money shown for editing
    bad = post(client, url, {**GOOD_EDITION, "name": "Zmieniona", "project_cap": "999999"})
    assert bad.status_code == 400
    db.session.expire_all()
    assert cast.edition.name == "PAL Testowo 2025"
    ok = post(client, url, {**GOOD_EDITION, "name": "Zmieniona"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert cast.edition.name == "Zmieniona" and cast.edition.pool_grosze == 12_500_50


def test_coordinator_assigns_animators(client, cast):
    login(client, cast.coordinator.login)
    response = post(client, f"/manage/editions/{cast.edition.id}/animators",
                    {"animators": [str(cast.animator.id), str(cast.other_animator.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert {a.login for a in cast.edition.animators} == {"anim@pb.test", "other.anim@pb.test"}
    refused = post(client, f"/manage/editions/{cast.edition.id}/animators",
                   {"animators": [str(cast.teller.id)]})
    assert refused.status_code == 400


def test_removing_an_animator_from_the_edition_frees_their_groups(client, cast):
    login(client, cast.coordinator.login)
    post(client, f"/manage/editions/{cast.edition.id}/animators", {"animators": []})
    db.session.expire_all()
    assert cast.group.animator is None


def test_animator_creates_a_group_and_adds_participants(app, client, cast):
    login(client, cast.animator.login)
    response = post(client, f"/manage/editions/{cast.edition.id}/groups",
                    {"name": "Basen dla dzieci", "animator": str(cast.animator.id)})
    assert response.status_code == 302
    group = db.session.scalar(db.select(Group).where(Group.name == "Basen dla dzieci"))
    assert group.animator_id == cast.animator.id

    new = post(client, f"/groups/{group.id}/members/new", {"name": "Łucja Żółkiewska"})
    assert new.status_code == 302
    page = page_text(client.get(f"/groups/{group.id}"))
    assert "Łucja Żółkiewska" in page and "lucja.zolkiewska" in page

    existing = post(client, f"/groups/{group.id}/members", {"user": str(cast.loose_participant.id)})
    assert existing.status_code == 302
    db.session.expire_all()
    assert sorted(m.name for m in group.members) == ["Leon Bezgrupy", "Łucja Żółkiewska"]

    removed = post(client, f"/groups/{group.id}/members/{cast.loose_participant.id}/remove")
    assert removed.status_code == 302
    db.session.expire_all()
    assert [m.name for m in group.members] == ["Łucja Żółkiewska"]

    # The new participant can sign in through a card straight away (no password set).
    lucja = db.session.scalar(db.select(User).where(User.login == "lucja.zolkiewska"))
    assert lucja.password_hash is None


def test_a_participant_joins_one_group_per_edition(client, cast):
    login(client, cast.animator.login)
    response = post(client, f"/groups/{cast.group.id}/members", {"user": str(cast.other_participant.id)})
    assert response.status_code == 400
    db.session.expire_all()
    assert [m.name for m in cast.group.members] == ["Piotr Uczestnik"]


@pytest.mark.parametrize(
    ("url_suffix", "form", "message"),
    [
        ("groups", {"name": "", "animator": "0"}, "Podaj nazwę grupy."),
        ("groups", {"name": "place ZABAW", "animator": "0"}, "W tej edycji jest już grupa o tej nazwie."),
        ("groups", {"name": "Nowa", "animator": "999"}, "Nieprawidłowy wybór"),
    ],
)
def test_bad_group_input(client, cast, url_suffix, form, message):
    login(client, cast.animator.login)
    before = db.session.scalar(db.select(db.func.count(Group.id)))
    response = post(client, f"/manage/editions/{cast.edition.id}/{url_suffix}", form)
    assert response.status_code == 400
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count(Group.id))) == before


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": ""}, "Podaj imię i nazwisko."),
        ({"name": "Jan", "login": "piotr"}, "Ten login jest już zajęty."),
        ({"name": "Jan", "login": "ź!"}, "Login może zawierać"),
        ({"name": "Jan", "password": "krótkie"}, "co najmniej 8 znaków"),
    ],
)
def test_bad_new_participant_input(client, cast, form, message):
    login(client, cast.animator.login)
    before = db.session.scalar(db.select(db.func.count(User.id)))
    response = post(client, f"/groups/{cast.group.id}/members/new", form)
    assert response.status_code == 400
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count(User.id))) == before


def test_group_rename_and_bad_rename(client, cast):
    login(client, cast.animator.login)
    bad = post(client, f"/groups/{cast.group.id}/edit", {"name": "Piknik", "animator": "0"})
    assert bad.status_code == 400 and "W tej edycji jest już grupa o tej nazwie." in page_text(bad)
    ok = post(client, f"/groups/{cast.group.id}/edit", {"name": "Place zabaw i boiska", "animator": "0"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert cast.group.name == "Place zabaw i boiska" and cast.group.animator is None


def test_animator_does_not_see_other_editions_participants(client, cast, app):
    login(client, cast.other_animator.login)
    page = page_text(client.get(f"/groups/{cast.foreign_group.id}"))
    # Leon has no group anywhere: offered. Piotr and Zofia belong to groups the animator
    # does not manage: not offered, not named.
    assert "Leon Bezgrupy" in page
    assert "Piotr Uczestnik" not in page and "Zofia Zgrupy" not in page


def test_unpublished_edition_is_hidden_from_the_public(client, cast):
    assert "PAL Inne 2025" not in page_text(client.get("/editions/"))
    assert client.get(f"/editions/{cast.other_edition.id}").status_code == 404


def test_edition_shows_its_current_phase(client, cast):
    text = page_text(client.get(f"/editions/{cast.edition.id}"))
    # The cast's edition ended on 2025-12-01, before "today" in any run of this suite.
    assert "Zakończenie" in text
    html = client.get(f"/editions/{cast.edition.id}").get_data(as_text=True)
    assert html.count('aria-current="step"') == 1
