"""Ending sessions: a session cookie copied (stolen) before a sign-out, a password change or a
disabled account must not sign anyone in after it."""

from __future__ import annotations

from pb.accounts import services as accounts
from pb.extensions import db
from tests.conftest import PASSWORD, login, page_text, post


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A fresh browser carrying the copied cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_cookie_copied_before_sign_out_is_signed_out_after_it(app, cast):
    client = app.test_client()
    login(client, cast.coordinator.login)
    copied = _cookie(client)
    assert _signed_in(_replay(app, copied))
    post(client, "/logout")
    thief = _replay(app, copied)
    assert not _signed_in(thief)
    assert thief.get("/accounts/").status_code == 302  # to the sign-in page
    login(client, cast.coordinator.login)  # signing in again works


def test_own_password_change_ends_other_sessions_but_not_this_one(app, cast):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, cast.participant.login)
    login(laptop, cast.participant.login)
    copied = _cookie(phone)
    changed = post(laptop, "/account", {"current": PASSWORD, "password": "nowe hasło 123",
                                        "confirm": "nowe hasło 123"})
    assert changed.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    assert not _signed_in(_replay(app, copied))


def test_a_password_set_by_the_coordinator_ends_the_persons_sessions(app, cast):
    participant, coordinator = app.test_client(), app.test_client()
    login(participant, cast.participant.login)
    login(coordinator, cast.coordinator.login)
    set_ = post(coordinator, f"/accounts/{cast.participant.id}/password",
                {"pw-password": "nowe hasło 123", "pw-confirm": "nowe hasło 123"})
    assert set_.status_code == 302
    assert not _signed_in(participant)
    assert _signed_in(coordinator)
    login(participant, cast.participant.login, "nowe hasło 123")


def test_the_coordinator_setting_their_own_password_stays_signed_in(app, cast):
    coordinator = app.test_client()
    login(coordinator, cast.coordinator.login)
    copied = _cookie(coordinator)
    post(coordinator, f"/accounts/{cast.coordinator.id}/password",
         {"pw-password": "nowe hasło 123", "pw-confirm": "nowe hasło 123"})
    assert _signed_in(coordinator)
    assert not _signed_in(_replay(app, copied))


def test_disabling_an_account_ends_its_sessions(app, cast):
    animator, coordinator = app.test_client(), app.test_client()
    login(animator, cast.animator.login)
    login(coordinator, cast.coordinator.login)
    copied = _cookie(animator)
    saved = post(coordinator, f"/accounts/{cast.animator.id}",
                 {"name": cast.animator.name, "email": "", "role": "animator"})  # not active
    assert saved.status_code == 302
    assert not _signed_in(animator)
    assert not _signed_in(_replay(app, copied))
    assert animator.get("/manage/").status_code == 302
    # Enabled again, the account does not bring the old sessions back.
    post(coordinator, f"/accounts/{cast.animator.id}",
         {"name": cast.animator.name, "email": "", "role": "animator", "active": "y"})
    assert not _signed_in(_replay(app, copied))
    login(animator, cast.animator.login)


def test_a_disabled_account_is_signed_out_even_without_a_new_version(app, cast):
    """Disabled behind pb's back (the database edited by hand): its sessions end too."""
    client = app.test_client()
    login(client, cast.official.login)
    cast.official.is_active_account = False
    db.session.commit()
    assert not _signed_in(client)


def test_a_card_signs_in_and_its_session_ends_at_sign_out(app, cast):
    _, code = accounts.issue_signin_card(cast.participant, acting=cast.animator, single_use=False,
                                         valid_days=7)
    db.session.commit()
    phone = app.test_client()
    signed = post(phone, f"/k/{code}", follow_redirects=True)
    assert "Piotr Uczestnik" in page_text(signed)
    assert _signed_in(phone)
    copied = _cookie(phone)
    post(phone, "/logout")
    assert not _signed_in(_replay(app, copied))
    post(phone, f"/k/{code}")  # the reusable card still signs in
    assert _signed_in(phone)
