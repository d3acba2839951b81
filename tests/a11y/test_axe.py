"""axe-core finds no WCAG 2.1 A/AA violation (nor a best-practice one) on any page that a
participant, resident, official, teller or the public sees, in every state that changes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y.conftest import (
    DESKTOP,
    PHONE,
    Auditor,
    close_voting,
    open_voting,
    sign_in,
    start_execution,
)

pytestmark = pytest.mark.browser


def test_public_pages_and_errors(browser, live_server, hall):
    audit = Auditor("public")
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    edition = hall.cast.edition
    for name, path in [
        ("home", "/"),
        ("login", "/login"),
        ("editions", "/editions/"),
        ("edition", f"/editions/{edition.id}"),
        ("project", f"/projects/{hall.projects[0].id}"),
        ("debate-setup", f"/debates/{hall.debate.id}"),
        ("vote", "/vote"),
        ("card-not-open", f"/v/{hall.cards[0].code}"),
        ("card-unknown", "/v/AAAABBBBCCCCDDDD"),
        ("error-404", "/no-such-page"),
        ("error-405", "/logout"),
    ]:
        page.goto(live_server + path)
        audit.check(page, name)
    # A wrong code typed on /vote: the form's errors.
    page.goto(live_server + "/vote")
    page.locator("#code").fill("xyz")
    page.locator("#code").press("Enter")
    audit.check(page, "vote-error")
    # A failed sign-in.
    page.goto(live_server + "/login")
    page.locator("#login").fill("nobody")
    page.locator("#password").fill("wrong")
    page.locator("#password").press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, "login-error")
    # An expired form (CSRF): the 400 page.
    page.goto(live_server + "/login")
    page.evaluate("document.querySelector('input[name=csrf_token]').value = 'stale'")
    page.locator("#login").fill("nobody")
    page.locator("#password").fill("wrong")
    page.locator("#password").press("Enter")
    audit.check(page, "error-400")
    # English too: the language switch changes words, not structure.
    page.get_by_role("button", name="English").click()
    page.goto(live_server + f"/debates/{hall.debate.id}")
    audit.check(page, "debate-setup-en")
    context.close()
    audit.assert_clean()


def test_voting_pages(browser, live_server, hall):
    audit = Auditor("voting")
    open_voting(hall)
    phone = browser.new_context(**PHONE).new_page()
    debate_url = f"{live_server}/debates/{hall.debate.id}"
    phone.goto(debate_url)
    audit.check(phone, "debate-open")
    ballot = f"{live_server}/v/{hall.cards[0].code}"
    phone.goto(ballot)
    audit.check(phone, "ballot", shot=True)
    phone.locator(".ballot-details summary").first.click()
    audit.check(phone, "ballot-details")
    # Too many marks: the error on the ballot.
    for box in phone.get_by_role("checkbox").all():
        box.check()
    phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    audit.check(phone, "ballot-error")
    phone.get_by_role("checkbox").nth(2).uncheck()
    phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
    audit.check(phone, "confirm", shot=True)
    phone.get_by_role("button", name="Zmień wybór").click()
    audit.check(phone, "ballot-changed")
    phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
    phone.get_by_role("button", name="Potwierdzam mój głos").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Dziękujemy")
    audit.check(phone, "receipt", shot=True)
    phone.goto(ballot)
    audit.check(phone, "card-used")

    # The tellers' desk: empty, a valid card with its marks, a used card, a typo.
    teller = browser.new_context(**DESKTOP).new_page()
    sign_in(teller, live_server, hall.cast.teller.login)
    desk = f"{live_server}/debates/{hall.debate.id}/desk"
    teller.goto(desk)
    audit.check(teller, "desk")
    field = teller.locator("#code")
    field.fill(hall.official_cards[0].code)
    field.press("Enter")
    expect(teller.get_by_role("alert")).to_contain_text("KARTA WAŻNA")
    audit.check(teller, "desk-valid", shot=True)
    teller.keyboard.press("1")
    teller.keyboard.press("2")
    teller.keyboard.press("3")
    teller.keyboard.press("Enter")
    expect(teller.locator(".error-summary")).to_be_visible()
    audit.check(teller, "desk-error")
    teller.goto(desk + "?code=" + hall.cards[0].code)
    audit.check(teller, "desk-used")
    code = hall.cards[1].code
    teller.goto(desk + "?code=" + code[:-1] + ("A" if code[-1] != "A" else "B"))
    audit.check(teller, "desk-typo")

    # Closed: results, ballot board, the closed card message.
    close_voting(hall)
    public = browser.new_context(**DESKTOP).new_page()
    public.goto(debate_url)
    public.get_by_text("Jak wybrano zwycięzców, krok po kroku").click()
    public.locator(".board summary").click()
    audit.check(public, "debate-closed", shot=True)
    phone.goto(f"{live_server}/v/{hall.cards[2].code}")
    audit.check(phone, "card-closed")
    teller.goto(desk)
    audit.check(teller, "desk-closed")
    audit.assert_clean()


def test_participant_pages(browser, live_server, hall, app):
    from pb.accounts.services import issue_signin_card
    from pb.extensions import db

    audit = Auditor("participant")
    cast = hall.cast
    _card, code = issue_signin_card(cast.participant, acting=cast.animator, single_use=True,
                                    valid_days=3)
    db.session.commit()
    page = browser.new_context(**DESKTOP).new_page()
    page.goto(f"{live_server}/k/{code}")
    audit.check(page, "signin-card")
    page.goto(f"{live_server}/k/not-a-real-card-code")
    audit.check(page, "signin-card-invalid")
    sign_in(page, live_server, cast.participant.login)
    audit.check(page, "home")
    draft = hall.draft.id
    accepted = hall.projects[0]
    row = {
        "results": hall.draft.results[0].id,
        "schedule": hall.draft.tasks[0].id,
        "budget": hall.draft.budget_lines[0].id,
    }
    for name, path in [
        ("group", f"/groups/{cast.group.id}"),
        ("project-draft", f"/projects/{draft}"),
        ("edit-basics", f"/projects/{draft}/edit"),
        ("edit-results", f"/projects/{draft}/results"),
        ("edit-result-row", f"/projects/{draft}/results/{row['results']}"),
        ("edit-schedule", f"/projects/{draft}/schedule"),
        ("edit-task-row", f"/projects/{draft}/schedule/{row['schedule']}"),
        ("edit-budget", f"/projects/{draft}/budget"),
        ("edit-budget-row", f"/projects/{draft}/budget/{row['budget']}"),
        ("project-accepted", f"/projects/{accepted.id}"),
        ("compare", f"/projects/{accepted.id}/versions/1/current"),
        ("account", "/account"),
        ("error-403", f"/debates/{hall.debate.id}/console"),
    ]:
        page.goto(live_server + path)
        audit.check(page, name)
    # Bad input on a form: errors beside the fields and in the summary.
    page.goto(f"{live_server}/projects/{draft}/budget")
    page.locator("#requested").get_by_role("button", name="Dodaj pozycję").click()
    audit.check(page, "edit-budget-errors")
    page.goto(f"{live_server}/projects/{draft}/edit")
    page.get_by_label("Tytuł").fill("")
    page.get_by_role("button", name="Zapisz i przejdź do rezultatów").click()
    audit.check(page, "edit-basics-errors")
    audit.assert_clean()


def test_execution_pages(browser, live_server, hall):
    audit = Auditor("execution")
    cast = hall.cast
    open_voting(hall)
    start_execution(hall)
    project = hall.projects[0]
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, cast.participant.login)
    page.goto(f"{live_server}/projects/{project.id}/execution")
    audit.check(page, "work", shot=True)
    page.goto(f"{live_server}/projects/{project.id}/execution/tasks/{project.tasks[0].id}")
    audit.check(page, "task")
    page.get_by_label("Stan").select_option("done")
    page.get_by_role("button", name="Zapisz").first.click()
    audit.check(page, "task-error")
    page.goto(f"{live_server}/projects/{project.id}")
    audit.check(page, "project-in-execution")
    public = browser.new_context(**DESKTOP).new_page()
    public.goto(f"{live_server}/editions/{cast.edition.id}/progress")
    audit.check(public, "progress", shot=True)
    public.goto(f"{live_server}/projects/{project.id}")
    audit.check(public, "project")
    public.goto(f"{live_server}/editions/{cast.edition.id}")
    audit.check(public, "edition")
    audit.assert_clean()


def test_pages_on_a_phone(browser, live_server, hall):
    """At 360 px wide tables scroll inside their panels: they must be reachable by keyboard."""
    audit = Auditor("phone")
    cast = hall.cast
    open_voting(hall)
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{live_server}/debates/{hall.debate.id}")
    audit.check(phone, "debate-open")
    start_execution(hall)
    project = hall.projects[0]
    for name, path in [
        ("home", "/"),
        ("edition", f"/editions/{cast.edition.id}"),
        ("debate-closed", f"/debates/{hall.debate.id}"),
        ("project", f"/projects/{project.id}"),
        ("progress", f"/editions/{cast.edition.id}/progress"),
    ]:
        phone.goto(live_server + path)
        audit.check(phone, name)
    sign_in(phone, live_server, cast.participant.login)
    for name, path in [
        ("group", f"/groups/{cast.group.id}"),
        ("draft", f"/projects/{hall.draft.id}"),
        ("edit-results", f"/projects/{hall.draft.id}/results"),
        ("edit-schedule", f"/projects/{hall.draft.id}/schedule"),
        ("edit-budget", f"/projects/{hall.draft.id}/budget"),
        ("work", f"/projects/{project.id}/execution"),
    ]:
        phone.goto(live_server + path)
        audit.check(phone, name)
    audit.assert_clean()
