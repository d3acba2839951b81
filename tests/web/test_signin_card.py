"""The printed sign-in card: its QR code, read from the PDF, signs a participant in on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pb.accounts import services as accounts
from pb.db_types import utcnow
from pb.errors import DomainError
from pb.extensions import db
from tests.conftest import PUBLIC_URL, login, page_text, post
from tests.qr_tools import decode_qr, pdf_pages, pdf_text


def _print_card(client, cast, **form):
    login(client, cast.animator.login)
    data = {"valid_days": "14", "single_use": "y", **form}
    response = post(client, f"/groups/{cast.group.id}/members/{cast.participant.id}/card", data)
    assert response.status_code == 200, page_text(response)[:500]
    assert response.mimetype == "application/pdf"
    return response.data


def _card_url(pdf: bytes) -> str:
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    codes = decode_qr(pages[0])
    assert len(codes) == 1, "exactly one QR code on the card"
    return codes[0]


def test_card_qr_decodes_to_a_link_that_signs_the_participant_in(app, cast):
    animator_client = app.test_client()
    pdf = _print_card(animator_client, cast)
    url = _card_url(pdf)
    assert url.startswith(PUBLIC_URL + "/k/")
    text = pdf_text(pdf)
    assert "Piotr Uczestnik" in text
    assert "Place zabaw" in text and "PAL Testowo 2025" in text
    assert "Włącz aparat w telefonie." in text  # plain Polish instructions, Polish letters intact

    phone = app.test_client()
    path = url.removeprefix(PUBLIC_URL)
    landing = phone.get(path)
    assert landing.status_code == 200
    assert "Zalogować jako Piotr Uczestnik?" in page_text(landing)
    # Opening the link (or a link preview fetching it) does not use the card up.
    assert phone.get(path).status_code == 200

    signed_in = post(phone, path)
    assert signed_in.status_code == 302, page_text(signed_in)
    home = page_text(phone.get("/"))
    assert "Dzień dobry, Piotr Uczestnik" in home
    assert "Place zabaw" in home  # the participant's group is right there

    # Single use: a second phone cannot use the same card.
    other_phone = app.test_client()
    again = post(other_phone, path)
    assert again.status_code == 410
    assert "Tej karty logowania już użyto" in page_text(again)
    assert "Dzień dobry" not in page_text(other_phone.get("/"))


def test_printing_a_new_card_cancels_the_old_one(app, cast):
    client = app.test_client()
    first = _card_url(_print_card(client, cast))
    second = _card_url(_print_card(client, cast))
    assert first != second
    phone = app.test_client()
    assert phone.get(first.removeprefix(PUBLIC_URL)).status_code == 410
    assert "unieważniona" in page_text(phone.get(first.removeprefix(PUBLIC_URL)))
    assert phone.get(second.removeprefix(PUBLIC_URL)).status_code == 200


def test_animator_can_revoke_a_reusable_card(app, cast):
    client = app.test_client()
    url = _card_url(_print_card(client, cast, single_use=""))
    path = url.removeprefix(PUBLIC_URL)
    phone = app.test_client()
    assert post(phone, path).status_code == 302
    post(phone, "/logout")
    assert post(phone, path).status_code == 302  # reusable: works twice

    db.session.expire_all()
    card = cast.participant.signin_cards[0]
    revoked = post(client, f"/cards/{card.id}/revoke", {"group_id": cast.group.id})
    assert revoked.status_code == 302
    post(phone, "/logout")
    refused = post(phone, path)
    assert refused.status_code == 410
    assert "unieważniona" in page_text(refused)


def test_card_list_shows_state(app, cast):
    client = app.test_client()
    _print_card(client, cast)
    page = page_text(client.get(f"/groups/{cast.group.id}/members/{cast.participant.id}/card"))
    assert "jednorazowa" in page and "aktywna" in page


def test_expired_card_is_refused(app, cast):
    card, code = accounts.issue_signin_card(
        cast.participant, acting=cast.animator, single_use=False, valid_days=1
    )
    db.session.commit()
    with pytest.raises(DomainError) as error:
        accounts.redeem_signin_card(code, now=utcnow() + timedelta(days=1, minutes=1))
    assert "straciła ważność" in str(error.value.message) or "expired" in str(error.value.message)


def test_unknown_code_is_a_clear_404(client, cast):
    response = client.get("/k/this-is-not-a-real-card-code")
    assert response.status_code == 404
    assert "Nie znamy tej karty logowania" in page_text(response)


def test_database_holds_no_usable_code(app, cast):
    _, code = accounts.issue_signin_card(
        cast.participant, acting=cast.animator, single_use=True, valid_days=5
    )
    db.session.commit()
    stored = db.session.execute(db.text("SELECT code_hash FROM signin_cards")).scalars().all()
    assert len(stored) == 1
    assert code not in stored[0] and len(stored[0]) == 64


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"valid_days": "0"}, "Podaj liczbę dni od 1 do 90."),
        ({"valid_days": "400"}, "Podaj liczbę dni od 1 do 90."),
        ({"valid_days": "dwa"}, "liczb"),  # WTForms' own Polish message
        ({"valid_days": ""}, "Podaj, przez ile dni karta ma być ważna."),
    ],
)
def test_bad_card_form_gets_a_polish_message_and_no_card(app, cast, form, message):
    client = app.test_client()
    login(client, cast.animator.login)
    response = post(client, f"/groups/{cast.group.id}/members/{cast.participant.id}/card", form)
    assert response.status_code == 400
    assert message in page_text(response)
    db.session.expire_all()
    assert cast.participant.signin_cards == []


def test_card_for_someone_outside_the_group_is_404(app, cast):
    client = app.test_client()
    login(client, cast.animator.login)
    response = post(
        client, f"/groups/{cast.group.id}/members/{cast.other_participant.id}/card",
        {"valid_days": "3"},
    )
    assert response.status_code == 404
