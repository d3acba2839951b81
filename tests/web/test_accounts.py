"""Signing in and out, one's own password, and the coordinator's accounts."""

from __future__ import annotations

import pytest

from pb.accounts.models import Role, User
from pb.extensions import db
from tests.conftest import PASSWORD, login, page_text, post


def test_sign_in_and_out(client, cast):
    response = post(client, "/login", {"login": "COORD@pb.test ", "password": PASSWORD})
    assert response.status_code == 302
    home = page_text(client.get("/"))
    assert "Dzień dobry, Celina Koordynator" in home and "Koordynator" in home
    post(client, "/logout")
    assert "Dzień dobry" not in page_text(client.get("/"))
    assert client.get("/manage/").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"login": "coord@pb.test", "password": "wrong password"}, "Nieprawidłowy login lub hasło."),
        ({"login": "nobody@pb.test", "password": PASSWORD}, "Nieprawidłowy login lub hasło."),
        ({"login": "", "password": PASSWORD}, "Podaj e-mail lub login."),
        ({"login": "coord@pb.test", "password": ""}, "Podaj hasło."),
    ],
)
def test_bad_sign_in_is_refused_with_a_message(client, cast, form, message):
    response = post(client, "/login", form)
    assert response.status_code == 400
    assert message in page_text(response)
    assert client.get("/manage/").status_code == 302


def test_disabled_account_cannot_sign_in(client, cast):
    cast.animator.is_active_account = False
    db.session.commit()
    response = post(client, "/login", {"login": cast.animator.login, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/account", "/account"),
        ("https://evil.example/steal", "/"),
        ("//evil.example/steal", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_next_is_followed_only_when_local(client, cast, next_url, lands_on):
    response = post(
        client, "/login", {"login": cast.coordinator.login, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_change_own_password(client, cast):
    login(client, cast.participant.login)
    bad = post(client, "/account", {"current": "nope", "password": "newpassword1", "confirm": "newpassword1"})
    assert bad.status_code == 400 and "Obecne hasło jest nieprawidłowe." in page_text(bad)
    short = post(client, "/account", {"current": PASSWORD, "password": "short", "confirm": "short"})
    assert short.status_code == 400 and "co najmniej 8 znaków" in page_text(short)
    differ = post(client, "/account", {"current": PASSWORD, "password": "newpassword1", "confirm": "other"})
    assert differ.status_code == 400 and "Hasła nie są takie same." in page_text(differ)
    ok = post(client, "/account", {"current": PASSWORD, "password": "newpassword1", "confirm": "newpassword1"})
    assert ok.status_code == 302
    post(client, "/logout")
    login(client, cast.participant.login, "newpassword1")


def test_coordinator_creates_an_account_that_can_sign_in(app, client, cast):
    login(client, cast.coordinator.login)
    response = post(client, "/accounts/new", {
        "name": "Nowa Animatorka", "login": "Nowa@pb.test", "email": "nowa@example.com",
        "role": "animator", "password": "dobrehaslo",
    })
    assert response.status_code == 302
    assert "Nowa Animatorka" in page_text(client.get("/accounts/"))
    other = app.test_client()
    login(other, "nowa@pb.test", "dobrehaslo")
    assert other.get("/manage/").status_code == 200


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "login": "x1@pb.test", "role": "teller", "password": "dobrehaslo"}, "Podaj imię i nazwisko."),
        ({"name": "A", "login": "", "role": "teller", "password": "dobrehaslo"}, "Podaj login."),
        ({"name": "A", "login": "coord@pb.test", "role": "teller", "password": "dobrehaslo"}, "Ten login jest już zajęty."),
        ({"name": "A", "login": "zły login!", "role": "teller", "password": "dobrehaslo"}, "Login może zawierać"),
        ({"name": "A", "login": "x2@pb.test", "email": "not-an-email", "role": "teller", "password": "dobrehaslo"}, "Podaj poprawny adres e-mail."),
        ({"name": "A", "login": "x3@pb.test", "role": "teller", "password": ""}, "Ustaw hasło"),
        ({"name": "A", "login": "x4@pb.test", "role": "teller", "password": "krótkie"}, "co najmniej 8 znaków"),
        ({"name": "A", "login": "x5@pb.test", "role": "king", "password": "dobrehaslo"}, "Not a valid choice"),
    ],
)
def test_bad_account_form_is_refused_and_nothing_created(client, cast, form, message):
    login(client, cast.coordinator.login)
    before = db.session.scalar(db.select(db.func.count(User.id)))
    response = post(client, "/accounts/new", form)
    assert response.status_code == 400
    text = page_text(response)
    assert message in text or (message == "Not a valid choice" and "Nieprawidłowy wybór" in text)
    assert db.session.scalar(db.select(db.func.count(User.id))) == before


def test_participant_may_have_no_password(client, cast):
    login(client, cast.coordinator.login)
    response = post(client, "/accounts/new", {"name": "Jan Bez Hasła", "login": "jan.bh", "role": "participant"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.login == "jan.bh"))
    assert user.password_hash is None
    # Nobody can sign in to it with an empty password.
    assert post(client.application.test_client(), "/login", {"login": "jan.bh", "password": ""}).status_code == 400


def test_coordinator_changes_role_and_disables(client, cast):
    login(client, cast.coordinator.login)
    response = post(client, f"/accounts/{cast.teller.id}", {
        "name": "Tadeusz Liczący", "email": "", "role": "official", "active": "",
    })
    assert response.status_code == 302
    db.session.expire_all()
    assert cast.teller.role == Role.OFFICIAL and not cast.teller.is_active_account


def test_coordinator_cannot_lock_themselves_out(client, cast):
    login(client, cast.coordinator.login)
    response = post(client, f"/accounts/{cast.coordinator.id}", {
        "name": "Celina", "role": "teller", "active": "y",
    })
    assert response.status_code == 400
    assert "Nie możesz zmienić własnej roli" in page_text(response)
    db.session.expire_all()
    assert cast.coordinator.role == Role.COORDINATOR and cast.coordinator.name == "Celina Koordynator"


def test_group_member_keeps_participant_role(client, cast):
    login(client, cast.coordinator.login)
    response = post(client, f"/accounts/{cast.participant.id}", {
        "name": cast.participant.name, "role": "animator", "active": "y",
    })
    assert response.status_code == 400
    assert "należy do grupy" in page_text(response)


def test_coordinator_sets_a_password(app, client, cast):
    login(client, cast.coordinator.login)
    bad = post(client, f"/accounts/{cast.official.id}/password", {"pw-password": "abc", "pw-confirm": "abc"})
    assert bad.status_code == 400 and "co najmniej 8 znaków" in page_text(bad)
    ok = post(client, f"/accounts/{cast.official.id}/password", {"pw-password": "radny-haslo", "pw-confirm": "radny-haslo"})
    assert ok.status_code == 302
    login(app.test_client(), cast.official.login, "radny-haslo")


def test_account_list_filters_by_role(client, cast):
    login(client, cast.coordinator.login)
    text = page_text(client.get("/accounts/?role=teller"))
    assert "Tadeusz Liczący" in text and "Roman Radny" not in text
