"""The debate: set-up, cards, voting by phone and at the desk, counting once, secrecy, limits,
results."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from pb.core.cardcode import format_card_code
from pb.debate import services as debates
from pb.debate import voting
from pb.debate.models import (
    Ballot,
    BallotCard,
    BallotMark,
    CardStatus,
    Channel,
    Debate,
    DebateState,
    VoterCategory,
)
from pb.extensions import db
from tests.conftest import _META_CSRF, PUBLIC_URL, login, page_text, post
from tests.factories import accepted_project
from tests.qr_tools import decode_qr, pdf_pages


def make_debate(cast, *, projects: int = 3, min_marks: int = 1, max_marks: int = 2,
                winners: int = 2, board: bool = True) -> Debate:
    for i in range(projects):
        accepted_project(cast, f"Projekt {i + 1}", price_grosze=(100 + 50 * i) * 100)
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata w Testowie", held_on=date(2025, 4, 1), place="Szkoła",
        min_marks=min_marks, max_marks=max_marks, winners=winners, resident_weight=1,
        official_weight=1, officials_vote=True, ballot_board=board,
    ), acting=cast.coordinator)
    debates.set_debate_tellers(debate, [cast.teller], acting=cast.coordinator)
    db.session.commit()
    return debate


def cards(debate: Debate, cast, n: int = 3, category: VoterCategory = VoterCategory.RESIDENT):
    issued = debates.issue_cards(debate, count=n, category=category, acting=cast.coordinator)
    db.session.commit()
    return issued


def open_(debate: Debate, cast) -> None:
    debates.open_voting(debate, acting=cast.coordinator)
    db.session.commit()


def ids(debate: Debate) -> list[int]:
    return [e.project_id for e in debate.entries]


# --- set-up ----------------------------------------------------------------------------------


def test_coordinator_sets_up_the_debate_with_the_accepted_projects(app, client, cast):
    accepted_project(cast, "Piknik")
    accepted_project(cast, "Basen")
    login(client, cast.coordinator.login)
    form = client.get(f"/manage/editions/{cast.edition.id}/debate")
    assert form.status_code == 200
    response = post(client, f"/manage/editions/{cast.edition.id}/debate", {
        "name": "Debata", "held_on": "2025-04-01", "place": "Dom Kultury",
        "min_marks": "1", "max_marks": "2", "winners": "1", "officials_vote": "y",
        "resident_weight": "1", "official_weight": "2", "ballot_board": "y",
    })
    assert response.status_code == 302
    debate = db.session.scalar(sa.select(Debate))
    assert [e.project.title for e in debate.entries] == ["Piknik", "Basen"]
    assert debate.official_weight == 2
    console = page_text(client.get(f"/debates/{debate.id}/console"))
    assert "Piknik" in console and "Basen" in console
    # The lead line under the name: date, place and the marking rule, nothing dangling.
    assert "1 kwietnia 2025 · Dom Kultury · Zaznacz od 1 do 2 projektów." in console


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Nazwij debatę."),
        ({"min_marks": "3", "max_marks": "2"}, "nie może być większa niż największa"),
        ({"max_marks": "0"}, "Liczba musi być"),
        ({"official_weight": "0"}, "Liczba musi być"),
        ({"held_on": "jutro"}, "Podaj datę"),
        ({"max_marks": "5"}, "więcej znaków niż jest projektów"),
    ],
)
def test_bad_debate_settings_are_refused(app, client, cast, changes, message):
    make_debate(cast)
    login(client, cast.coordinator.login)
    data = {"name": "Debata", "held_on": "2025-04-01", "place": "", "min_marks": "1",
            "max_marks": "2", "winners": "2", "resident_weight": "1", "official_weight": "1",
            **changes}
    response = post(client, f"/manage/editions/{cast.edition.id}/debate", data)
    assert response.status_code == 400
    assert message in page_text(response)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Debate)).max_marks == 2


def test_only_the_coordinator_runs_the_debate(app, cast):
    debate = make_debate(cast)
    for who in ("animator", "teller", "participant", "official"):
        client = app.test_client()
        login(client, getattr(cast, who).login)
        assert client.get(f"/debates/{debate.id}/console").status_code == 403
        assert post(client, f"/debates/{debate.id}/open").status_code == 403
        assert post(client, f"/debates/{debate.id}/cards",
                    {"cards-count": "2", "cards-category": "resident"}).status_code == 403
    db.session.expire_all()
    assert debate.state == DebateState.SETUP
    assert db.session.scalar(sa.select(sa.func.count(BallotCard.id))) == 0


# --- cards -----------------------------------------------------------------------------------


def test_printed_cards_carry_their_own_codes(app, client, cast):
    debate = make_debate(cast)
    login(client, cast.coordinator.login)
    response = post(client, f"/debates/{debate.id}/cards",
                    {"cards-count": "6", "cards-category": "official"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    urls = [url for page in pdf_pages(response.data) for url in decode_qr(page)]
    assert len(urls) == 6 and len(set(urls)) == 6
    assert all(url.startswith(PUBLIC_URL + "/v/") for url in urls)
    # The database holds none of the codes, only their keyed hashes.
    stored = db.session.scalars(sa.select(BallotCard.code_hash)).all()
    codes = [url.rsplit("/", 1)[1] for url in urls]
    assert len(stored) == 6 and not set(codes) & set(stored)
    assert all(voting.lookup_card(code).state == voting.CardState.VALID for code in codes)
    assert {c.category for c in db.session.scalars(sa.select(BallotCard))} == {VoterCategory.OFFICIAL}


@pytest.mark.parametrize(("count", "status"), [("0", 400), ("2001", 400), ("dużo", 400)])
def test_bad_card_batches_are_refused(app, client, cast, count, status):
    debate = make_debate(cast)
    login(client, cast.coordinator.login)
    response = post(client, f"/debates/{debate.id}/cards",
                    {"cards-count": count, "cards-category": "resident"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(sa.func.count(BallotCard.id))) == 0


def test_a_lost_card_is_cancelled_by_its_number(app, client, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    login(client, cast.coordinator.login)
    assert post(client, f"/debates/{debate.id}/void", {"void-number": "1"}).status_code == 302
    phone = app.test_client()
    assert phone.get(f"/v/{issued[0].code}").status_code == 410
    assert phone.get(f"/v/{issued[1].code}").status_code == 200
    again = post(client, f"/debates/{debate.id}/void", {"void-number": "1"})
    assert again.status_code == 400


# --- voting by phone -------------------------------------------------------------------------


def test_phone_vote_from_scan_to_receipt(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 2)
    phone = app.test_client()
    waiting = phone.get(f"/v/{issued[0].code}")
    assert waiting.status_code == 200
    assert "Głosowanie jeszcze się nie zaczęło" in page_text(waiting)

    open_(debate, cast)
    page = phone.get(f"/v/{issued[0].code.lower()}")  # typed in small letters: still fine
    text = page_text(page)
    assert page.status_code == 200 and "Projekt 1" in text and "Projekt 3" in text
    too_many = post(phone, f"/v/{issued[0].code}", {"project": [str(i) for i in ids(debate)]})
    assert too_many.status_code == 400 and "Zaznacz od 1 do 2 projektów." in page_text(too_many)
    first, third = ids(debate)[0], ids(debate)[2]
    confirm = post(phone, f"/v/{issued[0].code}", {"project": [str(first), str(third)]})
    assert confirm.status_code == 200 and "Sprawdź swój wybór" in page_text(confirm)
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0  # not yet counted
    done = post(phone, f"/v/{issued[0].code}/cast", {"project": [str(first), str(third)]})
    assert done.status_code == 303
    receipt_page = page_text(phone.get(done.headers["Location"]))
    assert "Twój głos został policzony" in receipt_page

    ballot = db.session.scalar(sa.select(Ballot))
    assert sorted(m.project_id for m in ballot.marks) == sorted([first, third])
    assert ballot.channel == Channel.PHONE and ballot.receipt[:4] in receipt_page

    used = phone.get(f"/v/{issued[0].code}")
    assert used.status_code == 410
    assert "Ta karta została już użyta" in page_text(used)
    assert "Projekt 1" not in page_text(used)  # nothing about the choices
    again = post(phone, f"/v/{issued[0].code}/cast", {"project": [str(first)]})
    assert again.status_code == 410
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 1


def test_marks_are_checked_on_the_server(app, cast):
    debate = make_debate(cast, min_marks=2, max_marks=2)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    phone = app.test_client()
    for marks in ([], [ids(debate)[0]], ids(debate), [ids(debate)[0], ids(debate)[0]],
                  [ids(debate)[0], 999_999]):
        response = post(phone, f"/v/{issued[0].code}/cast", {"project": [str(m) for m in marks]})
        assert response.status_code == 400, marks
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0
    db.session.expire_all()
    assert db.session.scalar(sa.select(BallotCard.status)) == CardStatus.ISSUED


def test_a_mark_that_is_no_plain_number_is_ignored_not_an_error(app, cast):
    """Found by the fuzzing: "²" passes str.isdigit() but is no number for int()."""
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    phone = app.test_client()
    for path in (f"/v/{issued[0].code}", f"/v/{issued[0].code}/cast"):
        answer = post(phone, path, {"project": ["²"]})
        assert answer.status_code == 400 and "Zaznacz" in page_text(answer), path
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


def test_a_typed_code_leads_to_the_ballot(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    phone = app.test_client()
    messy = format_card_code(issued[0].code).lower().replace("-", " ").replace("0", "o")
    response = post(phone, "/vote", {"code": messy})
    assert response.status_code == 303
    assert phone.get(response.headers["Location"]).status_code == 200


def test_closed_voting_refuses_cards(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    phone = app.test_client()
    assert phone.get(f"/v/{issued[0].code}").status_code == 410
    refused = post(phone, f"/v/{issued[0].code}/cast", {"project": [str(ids(debate)[0])]})
    assert refused.status_code == 410
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


def test_confirmations_with_the_ballot_kept_are_refused_or_counted_as_ever(app, cast):
    """Once the worker keeps the ballot, a confirmation is first tried without a look-up (on
    PostgreSQL as one statement); what that cannot count must still get its own answer, with
    nothing written."""
    from pb.core.cardcode import new_card_code

    debate = make_debate(cast)
    issued = cards(debate, cast, 4)
    open_(debate, cast)
    first = str(ids(debate)[0])
    phone = app.test_client()
    assert phone.get(f"/v/{issued[0].code}").status_code == 200  # the ballot is kept now

    # A client that typed a wrong code a moment ago (under the limit) still votes.
    slip = app.test_client()
    slip.environ_base = {"REMOTE_ADDR": "10.2.2.2"}
    assert slip.get(f"/v/{new_card_code()}").status_code == 404
    assert post(slip, f"/v/{issued[1].code}/cast", {"project": [first]}).status_code == 303
    # Over the limit, a right code with a right choice waits like any other.
    app.config["CODE_GUESS_CLIENT_LIMIT"] = 1
    blocked = post(slip, f"/v/{issued[2].code}/cast", {"project": [first]})
    assert blocked.status_code == 429
    app.config["CODE_GUESS_CLIENT_LIMIT"] = 10
    # A used card.
    assert post(phone, f"/v/{issued[1].code}/cast", {"project": [first]}).status_code == 410
    # Voting closed while the ballot is still kept.
    debates.close_voting(db.session.get(Debate, debate.id), acting=cast.coordinator)
    db.session.commit()
    closed = post(phone, f"/v/{issued[0].code}/cast", {"project": [first]})
    assert closed.status_code == 410 and "Głosowanie zamknięte" in page_text(closed)

    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 1
    statuses = db.session.scalars(sa.select(BallotCard.status).order_by(BallotCard.number)).all()
    assert statuses == [CardStatus.ISSUED, CardStatus.USED, CardStatus.ISSUED, CardStatus.ISSUED]


# --- the desk --------------------------------------------------------------------------------


def test_teller_counts_paper_cards(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 4)
    other = make_other_debate_card(cast)
    open_(debate, cast)
    desk = app.test_client()
    login(desk, cast.teller.login)
    base = f"/debates/{debate.id}/desk"

    valid = page_text(desk.get(base, query_string={"code": format_card_code(issued[0].code)}))
    assert "KARTA WAŻNA" in valid and "Projekt 2" in valid
    counted = post(desk, base, {"code": issued[0].code, "project": [str(ids(debate)[1])],
                                "action": "count"})
    assert counted.status_code == 302
    assert "policzona" in page_text(desk.get(base))
    assert "JUŻ UŻYTA" in page_text(desk.get(base, query_string={"code": issued[0].code}))

    # A scanner types the whole URL from the QR code: that works too.
    assert "KARTA WAŻNA" in page_text(desk.get(base, query_string={"code": issued[1].url}))
    spoiled = post(desk, base, {"code": issued[1].code, "action": "spoil"})
    assert spoiled.status_code == 302

    typo = issued[2].code[:-1] + ("A" if issued[2].code[-1] != "A" else "B")
    assert "LITERÓWKA" in page_text(desk.get(base, query_string={"code": typo}))
    assert "INNEJ DEBATY" in page_text(desk.get(base, query_string={"code": other}))
    assert "NIEZNANY KOD" in page_text(desk.get(base, query_string={"code": "zzzz"}))

    too_many = post(desk, base, {"code": issued[3].code, "project": [str(i) for i in ids(debate)],
                                 "action": "count"})
    assert too_many.status_code == 400

    turnout = debates.turnout(debate)["resident"]
    assert (turnout.issued, turnout.paper, turnout.phone, turnout.spoiled) == (4, 1, 0, 1)


def make_other_debate_card(cast) -> str:
    """A valid card of another edition's debate."""
    from pb.projects import services as projects

    project = projects.create_project(cast.foreign_group, acting=cast.foreign_participant)
    project.state = projects.ProjectState.ACCEPTED
    db.session.flush()
    debate = debates.create_debate(cast.other_edition, debates.DebateData(
        name="Inna", held_on=date(2025, 4, 1), place="", min_marks=1, max_marks=1, winners=1,
        resident_weight=1, official_weight=1, officials_vote=False, ballot_board=False,
    ), acting=cast.coordinator)
    issued = debates.issue_cards(debate, count=1, category=VoterCategory.RESIDENT,
                                 acting=cast.coordinator)
    db.session.commit()
    return issued[0].code


def test_desk_is_for_tellers_and_coordinators(app, cast):
    debate = make_debate(cast)
    for who, status in (("participant", 403), ("animator", 403), ("official", 403),
                        ("teller", 200), ("coordinator", 200)):
        client = app.test_client()
        login(client, getattr(cast, who).login)
        assert client.get(f"/debates/{debate.id}/desk").status_code == status, who


def _second_teller():
    from pb.accounts.models import Role
    from pb.accounts.services import create_user
    from tests.conftest import PASSWORD

    teller = create_user(login="druga.komisja@pb.test", name="Barbara Druga", role=Role.TELLER,
                         password=PASSWORD, acting=None)
    db.session.commit()
    return teller


def test_a_teller_not_assigned_to_the_debate_cannot_count_there(app, cast):
    debate = make_debate(cast)  # the cast's teller is assigned; this one is not
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    stranger = _second_teller()
    desk = app.test_client()
    login(desk, stranger.login)
    base = f"/debates/{debate.id}/desk"
    assert desk.get(base).status_code == 403
    refused = post(desk, base, {"code": issued[0].code, "project": [str(ids(debate)[0])],
                                "action": "count"})
    assert refused.status_code == 403
    db.session.expire_all()
    assert debates.turnout(debate)["resident"].cast == 0  # nothing was counted
    assert f"/debates/{debate.id}/desk" not in desk.get("/").get_data(as_text=True)


def test_the_coordinator_assigns_and_removes_tellers_on_the_console(app, cast):
    from pb.ops.models import AuditEvent

    debate = make_debate(cast)
    second = _second_teller()
    open_(debate, cast)
    coordinator = app.test_client()
    login(coordinator, cast.coordinator.login)
    console = page_text(coordinator.get(f"/debates/{debate.id}/console"))
    assert "Barbara Druga" in console and "Tadeusz Liczący" in console

    # Tick the second teller, untick the first.
    saved = post(coordinator, f"/debates/{debate.id}/tellers",
                 {"tellers-tellers": [str(second.id)]})
    assert saved.status_code == 302
    db.session.expire_all()
    assert [u.login for u in db.session.get(Debate, debate.id).tellers] == [second.login]
    event = db.session.scalar(sa.select(AuditEvent)
                              .where(AuditEvent.action == "debate_tellers_set")
                              .order_by(AuditEvent.id.desc()).limit(1))
    assert event.detail == {"added": [second.login], "removed": [cast.teller.login]}

    # The assigned teller finds the desk on the home page; the removed one is refused.
    desk_link = f"/debates/{debate.id}/desk"
    assigned = app.test_client()
    login(assigned, second.login)
    assert desk_link in assigned.get("/").get_data(as_text=True)
    assert assigned.get(desk_link).status_code == 200
    removed = app.test_client()
    login(removed, cast.teller.login)
    assert desk_link not in removed.get("/").get_data(as_text=True)
    assert removed.get(desk_link).status_code == 403

    # Only tellers can be assigned: another account's id is refused with a message.
    wrong = post(coordinator, f"/debates/{debate.id}/tellers",
                 {"tellers-tellers": [str(cast.official.id)]})
    assert wrong.status_code == 400
    assert "tylko członków komisji skrutacyjnej" in page_text(wrong)


def test_a_tellers_home_page_links_the_desk_only_while_voting_is_open(app, cast):
    debate = make_debate(cast)
    teller = app.test_client()
    login(teller, cast.teller.login)
    desk_link = f"/debates/{debate.id}/desk"
    assert desk_link not in teller.get("/").get_data(as_text=True)  # still being set up
    open_(debate, cast)
    home = teller.get("/").get_data(as_text=True)
    assert desk_link in home and "Debata w Testowie" in home


def _refuse_audit_events(action: str) -> tuple[list[str], list[str]]:
    """The statements creating, and those dropping, a real trigger that makes the database under
    test refuse audit events of ``action``."""
    if db.engine.dialect.name == "postgresql":
        return [
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW "
            f"WHEN (NEW.action = '{action}') EXECUTE FUNCTION refuse_audit()",
        ], ["DROP TRIGGER refuse_audit ON audit_events", "DROP FUNCTION refuse_audit()"]
    return [
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
        f"WHEN NEW.action = '{action}' BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    ], ["DROP TRIGGER refuse_audit"]


@pytest.mark.parametrize(("action", "event"), [("count", "desk_ballot_entered"),
                                             ("spoil", "desk_spoiled_card")])
def test_a_desk_entry_and_its_audit_entry_are_saved_together_or_not_at_all(
    app, cast, action, event,
):
    from pb.ops.models import AuditEvent

    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    data = {"code": issued[0].code, "action": action, "project": [str(ids(debate)[0])]}
    desk = app.test_client()
    login(desk, cast.teller.login)
    create, drop = _refuse_audit_events(event)
    with db.engine.begin() as conn:
        for statement in create:
            conn.execute(sa.text(statement))
    try:
        with pytest.raises(sa.exc.DBAPIError, match="audit refused"):
            post(desk, f"/debates/{debate.id}/desk", data)
    finally:
        with db.engine.begin() as conn:
            for statement in drop:
                conn.execute(sa.text(statement))
    db.session.expire_all()
    # Nothing of the entry was kept: the card can still be counted, and nothing was recorded.
    assert db.session.scalar(sa.select(BallotCard.status)) == CardStatus.ISSUED
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))
                             .where(AuditEvent.action == event)) == 0
    # Once the audit can be written, the same entry goes through, with its audit entry.
    assert post(desk, f"/debates/{debate.id}/desk", data).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(BallotCard.status)) == (
        CardStatus.USED if action == "count" else CardStatus.SPOILED)
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == (action == "count")
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))
                             .where(AuditEvent.action == event)) == 1


def test_the_routes_leave_every_database_detail_of_the_vote_to_voting():
    """The vote's fast path (driver statements, dialects, autocommit) lives in voting.py only."""
    from pathlib import Path

    import pb.debate

    package = Path(pb.debate.__file__).parent
    routes = (package / "routes.py").read_text()
    for word in ("dialect", "DirectStatement", "direct_sql", "AUTOCOMMIT", "autocommit",
                 "isolation_level", "connection(", "postgresql", "sqlite", "ratelimit"):
        assert word not in routes, word
    for path in package.glob("*.py"):
        if path.name != "voting.py":
            text = path.read_text()
            for word in ("DirectStatement", "direct_sql", "AUTOCOMMIT", "dialect"):
                assert word not in text, (path.name, word)


# --- secrecy ---------------------------------------------------------------------------------


def test_nothing_stored_links_a_ballot_to_its_card(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 3)
    open_(debate, cast)
    for card in issued:
        voting.cast_ballot(card.code, [ids(debate)[0]], channel=Channel.PHONE)
    inspector = sa.inspect(db.engine)
    ballot_columns = {c["name"] for c in inspector.get_columns("ballots")}
    mark_columns = {c["name"] for c in inspector.get_columns("ballot_marks")}
    card_columns = {c["name"] for c in inspector.get_columns("ballot_cards")}
    assert ballot_columns == {"id", "debate_id", "category", "channel", "receipt"}
    assert mark_columns == {"ballot_id", "project_id"}
    # Cards keep no time of use, so neither time nor order can join the two tables.
    assert card_columns == {"id", "debate_id", "number", "category", "code_hash", "status",
                            "channel", "issued_at"}
    foreign = {fk["referred_table"] for fk in inspector.get_foreign_keys("ballots")}
    assert foreign == {"debates"}
    # Ballot keys are random, not a counter that follows the order of voting.
    keys = db.session.scalars(sa.select(Ballot.id)).all()
    assert all(len(k) == 32 for k in keys) and len(set(keys)) == 3
    assert not any(k.isdigit() for k in keys)
    # The board lists ballots by receipt, not in casting order.
    board = debates.ballots_board(debate)
    assert [row[0] for row in board] == sorted(row[0] for row in board)


# --- counting once ---------------------------------------------------------------------------


def test_one_card_many_simultaneous_submissions_threads(app, cast):
    import threading

    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    marks = [ids(debate)[0]]
    outcomes: list[str] = []
    barrier = threading.Barrier(12)

    def attempt() -> None:
        with app.app_context():
            barrier.wait()
            try:
                voting.cast_ballot(issued[0].code, marks, channel=Channel.PHONE)
                outcomes.append("counted")
            except voting.CardNotUsable:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["counted"] + ["refused"] * 11
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 1


def _cast_in_another_process(database_url: str, code: str, marks: list[int], start_at: float,
                             instance: str) -> str:
    import os
    import time

    os.environ["PB_INSTANCE_PATH"] = instance
    from pb import create_app
    from pb.debate import voting
    from tests.conftest import TEST_SECRET

    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "PUBLIC_URL": "http://x",
                      "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        time.sleep(max(0.0, start_at - time.time()))
        try:
            voting.cast_ballot(code, marks, channel=Channel.PAPER)
            return "counted"
        except voting.CardNotUsable:
            return "refused"
        finally:
            db.engine.dispose()


def test_one_card_many_simultaneous_submissions_processes(app, cast, database_url, tmp_path):
    import multiprocessing
    import time

    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    start_at = time.time() + 3
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        outcomes = pool.starmap(_cast_in_another_process, [
            (database_url, issued[0].code, [ids(debate)[0]], start_at, str(tmp_path))
        ] * 6)
    assert sorted(outcomes) == ["counted"] + ["refused"] * 5
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 1


# --- guessing --------------------------------------------------------------------------------


def test_code_guessing_is_rate_limited(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    guesser = app.test_client()
    from pb.core.cardcode import new_card_code

    statuses = [guesser.get(f"/v/{new_card_code()}").status_code for _ in range(10)]
    assert statuses == [404] * 10
    blocked = guesser.get(f"/v/{new_card_code()}")
    assert blocked.status_code == 429
    assert "Zbyt wiele błędnych kodów" in page_text(blocked)
    # While blocked, even a right code waits: a guesser cannot tell hits from misses.
    assert guesser.get(f"/v/{issued[0].code}").status_code == 429
    # Someone else in the hall is not affected.
    other = app.test_client()
    other.environ_base = {"REMOTE_ADDR": "10.1.1.9"}
    assert other.get(f"/v/{issued[0].code}").status_code == 200


def test_a_desk_typing_wrong_codes_is_slowed_down_too(app, cast):
    from pb.core.cardcode import new_card_code

    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    app.config["CODE_GUESS_CLIENT_LIMIT"] = 1  # a desk may get six times a phone's allowance
    desk = app.test_client()
    login(desk, cast.teller.login)
    base = f"/debates/{debate.id}/desk"
    answers = [desk.get(base, query_string={"code": new_card_code()}).status_code
               for _ in range(7)]
    assert answers == [200] * 6 + [429]
    # Over the limit even a real card waits, so the answers say nothing about the codes.
    assert desk.get(base, query_string={"code": issued[0].code}).status_code == 429
    other_teller = app.test_client()
    login(other_teller, cast.coordinator.login)
    assert "KARTA WAŻNA" in page_text(other_teller.get(base, query_string={"code": issued[0].code}))


def _redis_worker(database_url: str, redis_db: int, **config):
    """An app as a worker process with its counters in Redis (database ``redis_db``, emptied),
    and the Redis client; skipped where Redis is not running — never in CI."""
    import redis

    from pb import create_app
    from tests.conftest import IN_CI, TEST_SECRET

    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{redis_db}")
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            raise
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    return create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "PUBLIC_URL": PUBLIC_URL,
                       "SQLALCHEMY_DATABASE_URI": database_url,
                       "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}", **config}), client


def test_rate_limit_holds_across_workers_with_redis(database_url, cast, app):
    """Two app instances (as two worker processes would be) share the counters in Redis."""
    from pb.core.cardcode import new_card_code

    first, redis_client = _redis_worker(database_url, 15)
    workers = [first, _redis_worker(database_url, 15)[0]]
    debate = make_debate(cast)
    open_(debate, cast)
    statuses = []
    for i in range(12):
        client = workers[i % 2].test_client()
        statuses.append(client.get(f"/v/{new_card_code()}").status_code)
    assert statuses[:10] == [404] * 10 and statuses[10:] == [429, 429]
    redis_client.flushdb()
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()


def test_with_redis_counters_a_confirmation_checks_the_client_there(database_url, cast, app):
    """With the wrong-code counters in Redis, a confirmation is counted for a client with a clean
    record, and still for one with a slip under the limit; over it the client waits."""
    from pb.core.cardcode import new_card_code

    worker, redis_client = _redis_worker(database_url, 14, CODE_GUESS_CLIENT_LIMIT=2)
    debate = make_debate(cast)
    issued = cards(debate, cast, 3)
    open_(debate, cast)
    first = str(ids(debate)[0])
    try:
        with worker.app_context():
            phone = worker.test_client()
            assert phone.get(f"/v/{issued[0].code}").status_code == 200  # the ballot is kept
            assert post(phone, f"/v/{issued[0].code}/cast", {"project": [first]}).status_code == 303
            assert phone.get(f"/v/{new_card_code()}").status_code == 404  # one slip
            assert post(phone, f"/v/{issued[1].code}/cast", {"project": [first]}).status_code == 303
            assert phone.get(f"/v/{new_card_code()}").status_code == 404  # the limit reached
            assert post(phone, f"/v/{issued[2].code}/cast", {"project": [first]}).status_code == 429
            db.session.remove()  # the requests shared this context's session: close it first
            db.engine.dispose()
    finally:
        redis_client.flushdb()
    db.session.expire_all()
    statuses = db.session.scalars(sa.select(BallotCard.status).order_by(BallotCard.number)).all()
    assert statuses == [CardStatus.USED, CardStatus.USED, CardStatus.ISSUED]


# --- results ---------------------------------------------------------------------------------


def test_results_board_and_recount(app, cast):
    from pb.core.pabulib import loads
    from pb.core.tally import tally

    debate = make_debate(cast, winners=2)
    residents = cards(debate, cast, 3)
    officials = cards(debate, cast, 2, VoterCategory.OFFICIAL)
    open_(debate, cast)
    p1, p2, p3 = ids(debate)
    for card, marks in zip(residents + officials,
                           [[p1, p2], [p1], [p3], [p3], [p3, p2]], strict=True):
        voting.cast_ballot(card.code, marks, channel=Channel.PHONE)
    public = app.test_client()
    during = page_text(public.get(f"/debates/{debate.id}"))
    assert "Głosowanie trwa" in during and "Wyniki" not in during
    assert public.get(f"/debates/{debate.id}/board.csv").status_code == 404  # not before closing

    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    text = page_text(public.get(f"/debates/{debate.id}"))
    assert "Wyniki" in text and "wybrany" in text
    # Project 3 has 3 votes (1 resident + 2 officials), project 1 has 2, project 2 has 2.
    assert "mieszkańcy: 1, przedstawiciele władz: 2" in text

    board = public.get(f"/debates/{debate.id}/board.csv").get_data(as_text=True).splitlines()
    assert len(board) == 1 + 5
    # Recounting from the board gives the official count, project by project.
    import csv

    rows = list(csv.DictReader(board))
    recounted = {n: sum(int(r[n]) for r in rows) for n in ("1", "2", "3")}
    official = {str(r.position): sum(r.votes.values()) for r in debates.vote_counts(debate)}
    assert recounted == official == {"1": 2, "2": 2, "3": 3}
    receipts = [r["receipt"] for r in rows]
    assert all(code.replace("-", "") in text.replace("-", "") for code in receipts)
    pb_file = public.get(f"/debates/{debate.id}/results.pb").get_data(as_text=True)
    election = loads(pb_file)
    assert len(election.ballots) == 5
    recount = tally(election, "top:2", seed=debate.draw_seed)
    assert recount.selected[0] == "3"


def test_with_the_ballot_board_off_no_file_lists_the_ballots(app, cast):
    # The .pb file lists every ballot's marks, as the board does: it follows the board setting.
    debate = make_debate(cast, board=False)
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    for card in issued:
        voting.cast_ballot(card.code, [debate.entries[0].project_id], channel=Channel.PHONE)
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    public = app.test_client()
    page = public.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Wyniki" in page_text(public.get(f"/debates/{debate.id}"))  # the counts are public
    assert "results.pb" not in page and "board.csv" not in page
    assert public.get(f"/debates/{debate.id}/results.pb").status_code == 404
    assert public.get(f"/debates/{debate.id}/board.csv").status_code == 404


def test_equal_shares_results_say_who_paid(app, cast):
    cast.edition.voting_rule = "mes"
    cast.edition.pool_grosze = 2_000_00  # a small pool, so money decides
    cast.edition.project_cap_grosze = 1_000_00
    db.session.commit()
    debate = make_debate(cast)  # costs 4×100, 4×150, 4×200 = 400, 600, 800 zł
    residents = cards(debate, cast, 4)
    officials = cards(debate, cast, 2, VoterCategory.OFFICIAL)
    open_(debate, cast)
    p1, p2, p3 = ids(debate)
    for card, marks in zip(residents + officials,
                           [[p1], [p1, p2], [p2], [p3], [p3], [p3]], strict=True):
        voting.cast_ballot(card.code, marks, channel=Channel.PHONE)
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    text = page_text(app.test_client().get(f"/debates/{debate.id}"))
    assert "Kto za co zapłacił" in text
    assert "zostaje" in text
    from pb.debate.results import debate_results

    results = debate_results(debate, "pl")
    paid = dict(results.payments)
    # Project 3 is chosen by one resident and both officials: they pay for it between them.
    assert sum(paid["3. Projekt 3"].values()) == 800_00
    assert set(paid["3. Projekt 3"]) == {"resident", "official"}
    assert results.used_grosze + results.left_grosze == 2_000_00


def test_a_made_up_receipt_is_not_confirmed(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    receipt = voting.cast_ballot(issued[0].code, [ids(debate)[0]], channel=Channel.PHONE)
    client = app.test_client()
    assert client.get(f"/debates/{debate.id}/receipt/{receipt}").status_code == 200
    assert client.get(f"/debates/{debate.id}/receipt/ABCD2345").status_code == 404


# --- the ballot stays what was printed; vote-day requests stay light -------------------------


def test_a_project_leaves_the_debate_when_taken_back_before_cards_are_printed(app, cast):
    debate = make_debate(cast, projects=3)
    first, second, third = ids(debate)
    animator = app.test_client()
    login(animator, cast.animator.login)
    returned = post(animator, f"/projects/{second}/comments",
                    {"action": "return", "section": "", "body": "Proszę poprawić kosztorys."})
    assert returned.status_code == 302
    db.session.expire_all()
    assert [(e.project_id, e.position) for e in debate.entries] == [(first, 1), (third, 2)]


def test_a_project_on_printed_cards_cannot_be_taken_back(app, cast):
    debate = make_debate(cast, projects=2)
    cards(debate, cast, 1)
    project_id = ids(debate)[0]
    animator = app.test_client()
    login(animator, cast.animator.login)
    refused = post(animator, f"/projects/{project_id}/comments",
                   {"action": "return", "section": "", "body": "Jeszcze jedna zmiana."})
    assert refused.status_code == 400
    assert "jest na wydrukowanych kartach" in page_text(refused)
    db.session.expire_all()
    from pb.core.workflow import ProjectState
    from pb.projects.models import Project

    assert db.session.get(Project, project_id).state == ProjectState.ACCEPTED
    assert ids(debate)[0] == project_id


def _statements(app):
    """Collect the SQL statements the app sends while the block runs."""
    seen: list[str] = []

    def listener(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    return seen, lambda: sa.event.remove(db.engine, "before_cursor_execute", listener)


def test_a_vote_reads_the_card_once_and_writes_the_ballot_in_one_transaction(app, cast):
    debate = make_debate(cast, projects=3)
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    mark = str(ids(debate)[0])
    db.session.remove()
    app.test_client().get(f"/v/{issued[1].code}")  # the worker reads the ballot's projects once
    phone = app.test_client()
    seen, stop = _statements(app)
    try:
        scan = phone.get(f"/v/{issued[0].code}")
        assert scan.status_code == 200 and "Projekt 3" in page_text(scan)
        after_scan = len(seen)
        choose = phone.post(f"/v/{issued[0].code}", data={
            "csrf_token": _META_CSRF.search(scan.get_data(as_text=True)).group(1),
            "project": [mark]})
        assert choose.status_code == 200
        after_choose = len(seen)
        done = phone.post(f"/v/{issued[0].code}/cast", data={
            "csrf_token": _META_CSRF.search(choose.get_data(as_text=True)).group(1),
            "project": [mark]})
        assert done.status_code == 303
    finally:
        stop()
    # The scan and the choice each read the card, with the wrong-code counters, in one query; the
    # projects come from what the worker keeps. The vote is the card's UPDATE, which finds the
    # card by its code (no separate look-up), and the ballot's two INSERTs — on PostgreSQL all
    # three in one statement.
    assert after_scan == 1, seen[:after_scan]
    assert after_choose - after_scan == 1, seen[after_scan:after_choose]
    confirm = [statement.split()[0].upper() for statement in seen[after_choose:]]
    if db.engine.dialect.name == "postgresql":
        assert confirm == ["WITH"], seen[after_choose:]
        assert all(part in seen[-1] for part in ("UPDATE ballot_cards", "INSERT INTO ballots",
                                                 "INSERT INTO ballot_marks"))
    else:
        assert confirm == ["UPDATE", "INSERT", "INSERT"], seen[after_choose:]
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 1


def test_a_phone_vote_on_postgresql_runs_without_begin_and_commit(app, cast):
    """On PostgreSQL each statement of a phone's request commits itself (the vote is one
    statement), sparing two round trips; on SQLite the vote's three statements share one
    transaction. Afterwards the pooled connection is transactional again for everyone else."""
    debate = make_debate(cast, projects=3)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    marks = [str(pid) for pid in ids(debate)[:2]]
    db.session.remove()
    postgresql = db.engine.dialect.name == "postgresql"
    seen: list[tuple[str, bool]] = []

    def listener(conn, cursor, statement, *args):
        raw = conn.connection.driver_connection
        seen.append((statement.split()[0].upper(),
                     raw.autocommit if postgresql else raw.in_transaction))

    phone = app.test_client()
    scan = phone.get(f"/v/{issued[0].code}")
    token = _META_CSRF.search(scan.get_data(as_text=True)).group(1)
    db.session.remove()
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        done = phone.post(f"/v/{issued[0].code}/cast", data={"csrf_token": token,
                                                              "project": marks})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    assert done.status_code == 303
    if postgresql:  # the vote in one statement that commits itself
        assert seen == [("WITH", True)], seen
    else:  # the card's UPDATE begins the transaction, the ballot's INSERTs are inside it
        assert seen == [("UPDATE", False), ("INSERT", True), ("INSERT", True)], seen
    db.session.remove()
    assert sorted(db.session.scalars(sa.select(BallotMark.project_id))) == sorted(
        int(m) for m in marks)
    db.session.remove()
    for _ in range(3):  # whichever pooled connection comes next
        with db.engine.connect() as conn:
            if postgresql:
                assert conn.connection.driver_connection.autocommit is False
            conn.execute(sa.text("SELECT 1"))
            assert conn.in_transaction()


def test_reading_a_card_takes_no_lock_on_sqlite(app, cast):
    """So that the vote's UPDATE is what asks for SQLite's write lock, and simply waits its turn."""
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    db.session.remove()
    with app.test_request_context("/"):
        lookup = voting.lookup_card(issued[0].code)
        assert lookup.state == voting.CardState.VALID
        raw = db.session.connection().connection.dbapi_connection
        if db.engine.dialect.name == "sqlite":
            assert not raw.in_transaction
        else:  # PostgreSQL: a plain read holds no row lock another vote could wait on
            assert not db.session.connection().execute(sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'tuple'")).scalar()
        db.session.remove()


def test_turnout_is_recounted_at_most_once_per_cache_time(app, cast):
    debate = make_debate(cast)
    cast.edition.published = True
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    projector = app.test_client()
    app.config["TURNOUT_CACHE_SECONDS"] = 3600
    assert projector.get(f"/debates/{debate.id}/turnout.json").json["turnout"]["all"]["cast"] == 0
    voting.cast_ballot(issued[0].code, [ids(debate)[0]], channel=Channel.PHONE)
    kept = projector.get(f"/debates/{debate.id}/turnout.json").json
    assert kept["turnout"]["all"]["cast"] == 0  # what this worker counted a moment ago
    app.config["TURNOUT_CACHE_SECONDS"] = 0
    fresh = projector.get(f"/debates/{debate.id}/turnout.json").json
    assert fresh["turnout"]["all"]["cast"] == 1 and fresh["state"] == "open"


def test_a_worker_started_during_the_vote_is_ready_before_its_first_voter(app, cast):
    from pb import VOTER_TEMPLATES, warm_up

    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    debate_id = debate.id
    db.session.remove()
    warm_up(app)
    kept = list(app.extensions["pb_ballot_views"].values())
    assert [view.debate_id for view in kept] == [debate_id]
    assert [e.title for e in kept[0].entries] == ["Projekt 1", "Projekt 2", "Projekt 3"]
    compiled = {key[1] for key in app.jinja_env.cache.keys()}
    assert set(VOTER_TEMPLATES) <= compiled
    seen, stop = _statements(app)
    try:
        assert app.test_client().get(f"/v/{issued[0].code}").status_code == 200
    finally:
        stop()
    assert len(seen) == 1  # only the card: the ballot was ready


def test_warm_up_without_a_database_does_not_stop_the_worker(tmp_path):
    from pb import create_app, warm_up

    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 64,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'pb.db'}"})
    warm_up(app)  # logs and carries on
    assert app.test_client().get("/vote").status_code == 200
