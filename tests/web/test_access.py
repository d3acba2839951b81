"""Who may see and do what: every role, and outsiders who must be refused."""

from __future__ import annotations

import pytest

from tests.conftest import login, page_text, post


def _urls(cast):
    e, g, fg = cast.edition, cast.group, cast.foreign_group
    return {
        "manage_list": "/manage/",
        "new_edition": "/manage/editions/new",
        "edition_overview": f"/manage/editions/{e.id}",
        "edition_edit": f"/manage/editions/{e.id}/edit",
        "foreign_overview": f"/manage/editions/{cast.other_edition.id}",
        "accounts": "/accounts/",
        "group": f"/groups/{g.id}",
        "foreign_group": f"/groups/{fg.id}",
        "card": f"/groups/{g.id}/members/{cast.participant.id}/card",
        "own_account": "/account",
        "public_edition": f"/editions/{e.id}",
        "unpublished_edition": f"/editions/{cast.other_edition.id}",
    }


# Expected status per role for each page. 302 = sent to sign in.
EXPECTED = {
    "anonymous": {
        "manage_list": 302, "new_edition": 302, "edition_overview": 302, "edition_edit": 302,
        "foreign_overview": 302, "accounts": 302, "group": 302, "foreign_group": 302,
        "card": 302, "own_account": 302, "public_edition": 200, "unpublished_edition": 404,
    },
    "coordinator": {
        "manage_list": 200, "new_edition": 200, "edition_overview": 200, "edition_edit": 200,
        "foreign_overview": 200, "accounts": 200, "group": 200, "foreign_group": 200,
        "card": 200, "own_account": 200, "public_edition": 200, "unpublished_edition": 200,
    },
    "animator": {
        "manage_list": 200, "new_edition": 403, "edition_overview": 200, "edition_edit": 403,
        "foreign_overview": 403, "accounts": 403, "group": 200, "foreign_group": 403,
        "card": 200, "own_account": 200, "public_edition": 200, "unpublished_edition": 404,
    },
    "other_animator": {
        "manage_list": 200, "new_edition": 403, "edition_overview": 403, "edition_edit": 403,
        "foreign_overview": 200, "accounts": 403, "group": 403, "foreign_group": 200,
        "card": 403, "own_account": 200, "public_edition": 200, "unpublished_edition": 200,
    },
    "participant": {
        "manage_list": 403, "new_edition": 403, "edition_overview": 403, "edition_edit": 403,
        "foreign_overview": 403, "accounts": 403, "group": 200, "foreign_group": 403,
        "card": 403, "own_account": 200, "public_edition": 200, "unpublished_edition": 404,
    },
    "other_participant": {
        "manage_list": 403, "new_edition": 403, "edition_overview": 403, "edition_edit": 403,
        "foreign_overview": 403, "accounts": 403, "group": 403, "foreign_group": 403,
        "card": 403, "own_account": 200, "public_edition": 200, "unpublished_edition": 404,
    },
    "official": {
        "manage_list": 403, "new_edition": 403, "edition_overview": 403, "edition_edit": 403,
        "foreign_overview": 403, "accounts": 403, "group": 403, "foreign_group": 403,
        "card": 403, "own_account": 200, "public_edition": 200, "unpublished_edition": 404,
    },
    "teller": {
        "manage_list": 403, "new_edition": 403, "edition_overview": 403, "edition_edit": 403,
        "foreign_overview": 403, "accounts": 403, "group": 403, "foreign_group": 403,
        "card": 403, "own_account": 200, "public_edition": 200, "unpublished_edition": 404,
    },
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_pages(client, cast, role):
    if role != "anonymous":
        login(client, getattr(cast, role).login)
    urls = _urls(cast)
    got = {name: client.get(url).status_code for name, url in urls.items()}
    assert got == EXPECTED[role]


def test_anonymous_is_sent_to_sign_in_and_back(client, cast):
    response = client.get(f"/groups/{cast.group.id}")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_refused_page_says_so_in_polish(client, cast):
    login(client, cast.other_animator.login)
    response = client.get(f"/groups/{cast.group.id}")
    assert response.status_code == 403
    assert "Nie masz dostępu do tej strony." in page_text(response)
    # And nothing of the group leaks into the refusal.
    assert cast.participant.name not in page_text(response)


def test_outsider_cannot_change_another_editions_group(client, cast, app):
    login(client, cast.other_animator.login)
    add = post(client, f"/groups/{cast.group.id}/members/new", {"name": "Intruz"})
    remove = post(client, f"/groups/{cast.group.id}/members/{cast.participant.id}/remove")
    new_group = post(client, f"/manage/editions/{cast.edition.id}/groups", {"name": "Obca"})
    card = post(client, f"/groups/{cast.group.id}/members/{cast.participant.id}/card",
                {"valid_days": "3", "single_use": "y"})
    assert [r.status_code for r in (add, remove, new_group, card)] == [403, 403, 403, 403]
    from pb.extensions import db

    db.session.expire_all()
    assert [m.name for m in cast.group.members] == [cast.participant.name]
    assert [g.name for g in cast.edition.groups] == ["Piknik", "Place zabaw"]
    assert cast.participant.signin_cards == []


def test_participant_cannot_manage_own_group(client, cast):
    login(client, cast.participant.login)
    response = post(client, f"/groups/{cast.group.id}/members/new", {"name": "Kolega"})
    assert response.status_code == 403
    page = page_text(client.get(f"/groups/{cast.group.id}"))
    assert "Place zabaw" in page and "Piotr Uczestnik" in page
    assert "Dodaj nowego uczestnika" not in page


def test_state_changes_refuse_get(client, cast):
    login(client, cast.coordinator.login)
    assert client.get("/logout").status_code == 405
    assert client.get(f"/groups/{cast.group.id}/members/{cast.participant.id}/remove").status_code == 405


def test_form_without_csrf_token_is_refused_with_a_clear_message(client, cast):
    login(client, cast.coordinator.login)
    response = client.post(f"/manage/editions/{cast.edition.id}/groups", data={"name": "Bez tokenu"})
    assert response.status_code == 400
    assert "Formularz wygasł" in page_text(response)


def test_session_cookie_is_httponly_and_samesite(client, cast):
    response = post(client, "/login", {"login": cast.coordinator.login, "password": "correct horse battery"})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
