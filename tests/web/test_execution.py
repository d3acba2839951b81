"""Carrying out the chosen projects: tasks, money, results, journal, dashboard, report."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from PIL import Image

from pb.core.workflow import ProjectState, TaskStatus
from pb.debate import services as debates
from pb.debate import voting
from pb.debate.models import Channel
from pb.execution.models import Expense
from pb.extensions import db
from tests.conftest import login, page_text, post
from tests.qr_tools import pdf_text
from tests.unit.test_uploads import framed_noise, receipt_pdf
from tests.web.test_debate import cards, ids, make_debate, open_


@pytest.fixture
def chosen(app, cast):
    """A debate of three projects, voted and closed; the two most voted are chosen and started
    by the coordinator through the console."""
    debate = make_debate(cast, winners=2)
    issued = cards(debate, cast, 3)
    open_(debate, cast)
    p1, p2, _p3 = ids(debate)
    for card, marks in zip(issued, [[p1, p2], [p1], [p2]], strict=True):
        voting.cast_ballot(card.code, marks, channel=Channel.PHONE)
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    client = app.test_client()
    login(client, cast.coordinator.login)
    response = post(client, f"/debates/{debate.id}/start-execution")
    assert response.status_code == 302
    db.session.expire_all()
    return [entry.project for entry in debate.entries]


def _png(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_winners_go_into_execution_the_rest_are_kept(chosen):
    states = [p.state for p in chosen]
    assert states == [ProjectState.IN_EXECUTION, ProjectState.IN_EXECUTION,
                      ProjectState.NOT_SELECTED]
    # The plan as voted is kept as each task's baseline.
    task = chosen[0].tasks[0]
    assert (task.baseline_starts_on, task.baseline_ends_on) == (task.starts_on, task.ends_on)


def test_group_records_a_task_and_an_expense_with_a_receipt(app, cast, chosen):
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    task = project.tasks[0]
    bad = post(member, f"/projects/{project.id}/execution/tasks/{task.id}",
               {"form": "progress", "p-status": "done", "p-done_by": "0"})
    assert bad.status_code == 400 and "Podaj dzień zakończenia zadania." in page_text(bad)
    ok = post(member, f"/projects/{project.id}/execution/tasks/{task.id}", {
        "form": "progress", "p-status": "done", "p-actual_start": "2025-04-10",
        "p-actual_end": "2025-04-25", "p-done_by": str(cast.participant.id), "p-notes": "Gotowe",
    })
    assert ok.status_code == 302
    line = project.budget_lines[0]
    expense = post(member, f"/projects/{project.id}/execution/expenses", {
        "exp-line": str(line.id), "exp-spent_on": "2025-04-20", "exp-description": "Farba, 4 puszki",
        "exp-amount": "760,50", "exp-supplier": "Sklep", "exp-document_number": "FV 1/2025",
        "exp-receipt": (io.BytesIO(_png()), "paragon.png"),
    }, content_type="multipart/form-data")
    assert expense.status_code == 302
    db.session.expire_all()
    stored = db.session.scalar(sa.select(Expense))
    assert stored.amount_grosze == 760_50 and stored.receipt_type == "image/jpeg"
    page = page_text(member.get(f"/projects/{project.id}/execution"))
    # 4 × 100 zł planned = 400,00 zł... the cast's first project costs 4 × 100 zł.
    assert "760,50 zł" in page
    assert "przekroczone" in page  # spent more than the line's plan
    receipt = member.get(f"/projects/{project.id}/execution/expenses/{stored.id}/receipt")
    assert receipt.status_code == 200 and receipt.mimetype == "image/jpeg"
    # Never shown inline: a receipt is a download, whatever it is.
    assert receipt.headers["Content-Disposition"] == (
        f"attachment; filename=paragon-{stored.id}.jpg")
    receipt.close()
    # The late task shows: it ended after its planned end.
    db.session.expire_all()
    assert project.tasks[0].status == "done"


def test_a_task_moves_only_as_the_table_allows(app, cast, chosen):
    """A finished task can be reopened but not dropped outright; a dropped one only planned
    again. Each refusal names the way it can go, and changes nothing."""
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    task = project.tasks[0]
    url = f"/projects/{project.id}/execution/tasks/{task.id}"
    done = {"form": "progress", "p-status": "done", "p-actual_start": "2025-04-10",
            "p-actual_end": "2025-04-25", "p-done_by": "0"}
    assert post(member, url, done).status_code == 302
    refused = post(member, url, {**done, "p-status": "dropped"})
    assert refused.status_code == 400
    assert "Zadanie wykonane można tylko otworzyć ponownie" in page_text(refused)
    db.session.expire_all()
    assert task.status == TaskStatus.DONE
    assert post(member, url, {**done, "p-status": "in_progress"}).status_code == 302
    assert post(member, url, {**done, "p-status": "dropped"}).status_code == 302
    refused = post(member, url, {**done, "p-status": "done"})
    assert refused.status_code == 400 and "podjąć na nowo" in page_text(refused)
    db.session.expire_all()
    assert task.status == TaskStatus.DROPPED


def test_receipts_and_work_pages_are_not_public(app, cast, chosen):
    project = chosen[0]
    from pb.execution import services as execution

    line = project.budget_lines[0]
    from datetime import date

    expense = execution.record_expense(project, line=line, spent_on=date(2025, 5, 1),
                                       description="Farba", amount_grosze=100_00, supplier="",
                                       document_number="", receipt=_png(),
                                       acting=cast.participant)
    db.session.commit()
    public = app.test_client()
    assert public.get(f"/projects/{project.id}/execution/expenses/{expense.id}/receipt"
                      ).status_code == 302
    page = public.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "receipt" not in page and "paragon" not in page.lower()
    assert "100,00 zł" in page_text(public.get(f"/projects/{project.id}"))  # money spent: public
    for who in ("other_participant", "foreign_participant", "official", "other_animator"):
        client = app.test_client()
        login(client, getattr(cast, who).login)
        assert client.get(f"/projects/{project.id}/execution/expenses/{expense.id}/receipt"
                          ).status_code == 403
        refused = post(client, f"/projects/{project.id}/execution/expenses", {
            "exp-line": str(line.id), "exp-spent_on": "2025-05-01", "exp-description": "X",
            "exp-amount": "10"})
        assert refused.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Expense.id))) == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"this is not a picture" * 100, "musi być zdjęciem"),
        (b"%PDF-1.4 but never ends", "musi być zdjęciem"),
        (framed_noise(), "musi być zdjęciem"),  # a PDF's frame, noise inside
    ],
)
def test_bad_receipts_are_refused(app, cast, chosen, upload, message):
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    response = post(member, f"/projects/{project.id}/execution/expenses", {
        "exp-line": str(project.budget_lines[0].id), "exp-spent_on": "2025-04-20",
        "exp-description": "Farba", "exp-amount": "10",
        "exp-receipt": (io.BytesIO(upload), "paragon.jpg"),
    }, content_type="multipart/form-data")
    assert response.status_code == 400 and message in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Expense.id))) == 0


def test_a_pdf_receipt_is_a_download_too(app, cast, chosen):
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    pdf = receipt_pdf()
    assert post(member, f"/projects/{project.id}/execution/expenses", {
        "exp-line": str(project.budget_lines[0].id), "exp-spent_on": "2025-04-20",
        "exp-description": "Farba", "exp-amount": "10",
        "exp-receipt": (io.BytesIO(pdf), "paragon.pdf"),
    }, content_type="multipart/form-data").status_code == 302
    expense = db.session.scalar(sa.select(Expense))
    receipt = member.get(f"/projects/{project.id}/execution/expenses/{expense.id}/receipt")
    assert receipt.data == pdf and receipt.mimetype == "application/pdf"
    assert receipt.headers["Content-Disposition"] == f"attachment; filename=paragon-{expense.id}.pdf"
    receipt.close()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exp-amount": "-5"}, "nie może być ujemna"),
        ({"exp-amount": "1,234"}, "dwa miejsca"),
        ({"exp-description": ""}, "Napisz, co kupiono."),
        ({"exp-spent_on": "2030-01-01"}, "poza czasem realizacji"),
        ({"exp-line": "999999"}, "Nieprawidłowy wybór"),
    ],
)
def test_bad_expenses_are_refused(app, cast, chosen, changes, message):
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    data = {"exp-line": str(project.budget_lines[0].id), "exp-spent_on": "2025-04-20",
            "exp-description": "Farba", "exp-amount": "10", **changes}
    response = post(member, f"/projects/{project.id}/execution/expenses", data)
    assert response.status_code == 400 and message in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Expense.id))) == 0


def test_sums_are_exact(app, cast, chosen):
    from datetime import date

    from pb.execution import services as execution
    from pb.timeutil import warsaw_today

    project = chosen[1]
    line = project.budget_lines[0]
    for amount in (33_33, 33_33, 33_34):
        execution.record_expense(project, line=line, spent_on=date(2025, 5, 1),
                                 description="Część", amount_grosze=amount, supplier="",
                                 document_number="", receipt=None, acting=cast.participant)
    db.session.commit()
    progress = execution.progress(project, warsaw_today())
    assert progress.spent == 100_00
    assert progress.planned == 4 * 150_00 and progress.lines[0].left == 500_00
    assert not progress.overspent


def test_completion_needs_closed_tasks_and_abandoning_needs_a_reason(app, cast, chosen):
    project = chosen[0]
    animator = app.test_client()
    login(animator, cast.animator.login)
    refused = post(animator, f"/projects/{project.id}/execution/complete")
    assert refused.status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.IN_EXECUTION
    no_reason = post(animator, f"/projects/{project.id}/execution/abandon", {"ab-reason": ""})
    assert no_reason.status_code == 400
    member = app.test_client()
    login(member, cast.participant.login)
    assert post(member, f"/projects/{project.id}/execution/complete").status_code == 403
    task = project.tasks[0]
    post(member, f"/projects/{project.id}/execution/tasks/{task.id}", {
        "form": "progress", "p-status": "done", "p-actual_start": "2025-04-10",
        "p-actual_end": "2025-04-20", "p-done_by": "0"})
    assert post(animator, f"/projects/{project.id}/execution/complete").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.COMPLETED
    assert "completed" in [e.action for e in project.events]


def test_dashboard_public_progress_and_report(app, cast, chosen):
    from datetime import date
    from decimal import Decimal

    from pb.execution import services as execution

    project = chosen[0]
    execution.record_expense(project, line=project.budget_lines[0], spent_on=date(2025, 5, 1),
                             description="Farba", amount_grosze=450_00, supplier="S",
                             document_number="1", receipt=None, acting=cast.participant)
    execution.set_achieved(project.results[0], Decimal(1), acting=cast.participant)
    execution.add_journal_entry(project, written_on=date(2025, 5, 2), body="Pomalowaliśmy.",
                                photos=[_png()], acting=cast.participant)
    db.session.commit()
    animator = app.test_client()
    login(animator, cast.animator.login)
    dashboard = page_text(animator.get(f"/manage/editions/{cast.edition.id}/execution"))
    assert "Projekt 1" in dashboard and "Przekroczone:" in dashboard and "50,00 zł" in dashboard
    public = app.test_client()
    progress = page_text(public.get(f"/editions/{cast.edition.id}/progress"))
    assert "Projekt 1" in progress and "1 / 1 szt." in progress
    assert "Pomalowaliśmy." in page_text(public.get(f"/projects/{project.id}"))
    report = animator.get(f"/manage/editions/{cast.edition.id}/report.pdf")
    assert report.status_code == 200
    text = pdf_text(report.data)
    assert "Projekt 1" in text and "450,00 zł" in text and "400,00 zł" in text
    csv_text = animator.get(f"/manage/editions/{cast.edition.id}/report.csv").get_data(
        as_text=True)
    assert "Projekt 1;Place zabaw;in_execution;2;400.00;450.00" in csv_text
    outsider = app.test_client()
    login(outsider, cast.other_animator.login)
    assert outsider.get(f"/manage/editions/{cast.edition.id}/report.pdf").status_code == 403
    assert outsider.get(f"/manage/editions/{cast.edition.id}/execution").status_code == 403


def test_replanning_keeps_the_voted_plan(app, cast, chosen):
    project = chosen[0]
    task = project.tasks[0]
    voted = (task.starts_on, task.ends_on)
    member = app.test_client()
    login(member, cast.participant.login)
    no_reason = post(member, f"/projects/{project.id}/execution/tasks/{task.id}", {
        "form": "replan", "r-starts_on": "2025-05-01", "r-ends_on": "2025-05-10",
        "r-reason": ""})
    assert no_reason.status_code == 400
    ok = post(member, f"/projects/{project.id}/execution/tasks/{task.id}", {
        "form": "replan", "r-starts_on": "2025-05-01", "r-ends_on": "2025-05-10",
        "r-reason": "Deszcz"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert (task.baseline_starts_on, task.baseline_ends_on) == voted
    assert str(task.starts_on) == "2025-05-01"
    assert "z głosowania:" in page_text(member.get(f"/projects/{project.id}/execution"))
    event = [e for e in project.events if e.action == "task_replanned"][-1]
    assert event.detail["reason"] == "Deszcz" and event.actor_id == cast.participant.id




def test_history_shows_who_did_what(app, cast, chosen):
    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    text = page_text(member.get(f"/projects/{project.id}/execution"))
    assert "Historia projektu" in text
    assert "chosen" in text and "submitted" in text and "Adam Animator" in text


def test_journal_photos_are_checked_and_a_refusal_shows_on_the_photos_field(app, cast, chosen):
    from pathlib import Path

    from pb.execution.models import JournalEntry

    project = chosen[0]
    member = app.test_client()
    login(member, cast.participant.login)
    path = f"/projects/{project.id}/execution/journal"
    refused = post(member, path, {
        "j-written_on": "2025-05-02", "j-body": "Pomalowaliśmy.",
        "j-photos": [(io.BytesIO(_png()), "plac.jpg"),
                     (io.BytesIO(b"to nie jest zdjecie " * 50), "lawka.jpg")],
    }, content_type="multipart/form-data")
    assert refused.status_code == 400
    error = re.search(r'id="j-photos-error">([^<]*)<', refused.get_data(as_text=True))
    assert error and "nie jest zdjęciem" in error.group(1)
    assert db.session.scalar(sa.select(sa.func.count(JournalEntry.id))) == 0
    folder = Path(app.instance_path) / "uploads" / "journal" / str(project.id)
    assert not folder.exists() or list(folder.iterdir()) == []  # the good one is not left over

    accepted = post(member, path, {
        "j-written_on": "2025-05-02", "j-body": "Pomalowaliśmy.",
        "j-photos": (io.BytesIO(_png((3200, 2400))), "plac.jpg"),
    }, content_type="multipart/form-data")
    assert accepted.status_code == 302
    photo = db.session.scalar(sa.select(JournalEntry)).photos[0]
    assert (photo.width, photo.height) == (1600, 1200)
    served = member.get(f"/projects/{project.id}/journal/photos/{photo.id}")
    assert served.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(served.data)).size == (1600, 1200)
    served.close()
    assert [p.name for p in folder.iterdir()] == [photo.stored_name]


def _own_line(project):
    from pb.core.budget import BudgetCategory, Funding
    from pb.projects.models import BudgetLine

    line = BudgetLine(category=BudgetCategory.VOLUNTEER_WORK, item="Praca", quantity_centi=40_00,
                      unit="godz.", unit_price_grosze=0, funding=Funding.OWN, position=1)
    project.budget_lines.append(line)
    db.session.commit()
    return line


# Each date pb takes in execution, the form it is typed in, and the message it gets when it is
# outside the edition (execution 2025-04-02, closed 2025-12-01 in the cast).
HAPPENED = "poza czasem realizacji tej edycji: od 2 mar 2025 do 1 gru 2025"
PLANNED = "Zaplanuj zadanie w czasie realizacji: od 2 kwi 2025 do 30 lis 2025"
DATE_FORMS = {
    "expense": ("expenses", "exp-spent_on", HAPPENED, lambda p: {
        "exp-line": str(p.budget_lines[0].id), "exp-description": "Farba", "exp-amount": "10"}),
    "contribution": ("contributions", "own-delivered_on", HAPPENED, lambda p: {
        "own-line": str(_own_line(p).id), "own-quantity": "2"}),
    "journal": ("journal", "j-written_on", HAPPENED, lambda p: {"j-body": "Malowanie"}),
    "actual start": ("tasks/{task}", "p-actual_start", HAPPENED, lambda p: {
        "form": "progress", "p-status": "in_progress", "p-done_by": "0"}),
    "actual end": ("tasks/{task}", "p-actual_end", HAPPENED, lambda p: {
        "form": "progress", "p-status": "done", "p-actual_start": "2025-04-10",
        "p-done_by": "0"}),
    "replanned start": ("tasks/{task}", "r-starts_on", PLANNED, lambda p: {
        "form": "replan", "r-ends_on": "2025-05-10", "r-reason": "Deszcz"}),
    "replanned end": ("tasks/{task}", "r-ends_on", PLANNED, lambda p: {
        "form": "replan", "r-starts_on": "2025-05-01", "r-reason": "Deszcz"}),
    "new task": ("tasks", "task-starts_on", PLANNED, lambda p: {
        "task-title": "Sprzątanie", "task-ends_on": "2025-06-01", "task-responsible": "0",
        "task-reason": "Zapomnieliśmy"}),
}

PAIRS = {"p-actual_end": "p-actual_start", "r-starts_on": "r-ends_on", "r-ends_on": "r-starts_on",
         "task-starts_on": "task-ends_on"}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("what", DATE_FORMS)
def test_dates_in_execution_stay_within_the_edition(app, cast, chosen, what, day):
    project = chosen[0]
    path, field, message, rest = DATE_FORMS[what]
    fingerprint = _execution_rows(project)
    member = app.test_client()
    login(member, cast.participant.login)
    url = f"/projects/{project.id}/execution/" + path.format(task=project.tasks[0].id)
    data = {**rest(project), field: day}
    # A start after the edition, or an end before it, goes with its pair, so that the dates
    # are out of the edition rather than out of order.
    pair = PAIRS.get(field)
    if pair and (day > "2025") == field.endswith(("starts_on", "actual_start")):
        data[pair] = day
    answer = post(member, url, data, content_type="multipart/form-data")
    assert answer.status_code == 400, what
    assert message in page_text(answer), what
    db.session.expire_all()
    assert _execution_rows(project) == fingerprint


def _execution_rows(project) -> tuple:
    from pb.execution.models import ContributionDelivery, JournalEntry

    count = lambda model: db.session.scalar(  # noqa: E731
        sa.select(sa.func.count()).select_from(model).where(model.project_id == project.id))
    return (count(Expense), count(ContributionDelivery), count(JournalEntry),
            [(t.starts_on, t.ends_on, t.actual_start, t.actual_end, t.status)
             for t in project.tasks])
