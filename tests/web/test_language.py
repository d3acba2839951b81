"""Polish by default, English on request, the choice remembered; money and dates per locale."""

from __future__ import annotations

from pb.extensions import db
from tests.conftest import login, page_text, post


def test_polish_is_the_default(client, cast):
    page = client.get(f"/editions/{cast.edition.id}")
    assert '<html lang="pl">' in page.get_data(as_text=True)
    text = page_text(page)
    assert "Pula na mikroprojekty" in text
    assert "20 000,00 zł" in text  # Polish money: space for thousands, comma, zł after
    assert "1 kwietnia 2025" in text  # Polish long date


def test_english_on_request_and_remembered(client, cast):
    response = post(client, "/language", {"lang": "en", "next": f"/editions/{cast.edition.id}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/editions/{cast.edition.id}")
    page = client.get(f"/editions/{cast.edition.id}")
    assert '<html lang="en">' in page.get_data(as_text=True)
    text = page_text(page)
    assert "Money for micro-projects" in text
    assert "PLN 20,000.00" in text
    assert "April 1, 2025" in text
    # Remembered on the next visit, on another page.
    assert "Sign in" in page_text(client.get("/login"))
    # And back.
    post(client, "/language", {"lang": "pl", "next": "/"})
    assert "Zaloguj się" in page_text(client.get("/login"))


def test_signed_in_users_choice_is_kept_with_their_account(app, cast):
    first = app.test_client()
    login(first, cast.animator.login)
    post(first, "/language", {"lang": "en", "next": "/"})
    db.session.expire_all()
    assert cast.animator.locale == "en"
    # A new device, without the cookie, still speaks English once signed in.
    second = app.test_client()
    assert "Zaloguj się" in page_text(second.get("/login"))
    login(second, cast.animator.login)
    assert "Manage editions" in page_text(second.get("/manage/"))


def test_unknown_language_and_foreign_next_are_ignored(client, cast):
    response = post(client, "/language", {"lang": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert "Zaloguj się" in page_text(client.get("/login"))


def test_error_pages_speak_the_chosen_language(client, cast):
    assert "Nie ma takiej strony." in page_text(client.get("/no-such-page"))
    post(client, "/language", {"lang": "en", "next": "/"})
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "There is no such page." in page_text(response)
