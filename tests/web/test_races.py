"""Check-then-write paths raced for real: several threads, each with its own app context (its own
session and database connection), all past their checks before any writes, then let go at once.
The database holds each limit; the losers get a clear refusal, never a 500 from a constraint."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from PIL import Image

from pb import uploads
from pb.accounts.models import User
from pb.debate import services as debates
from pb.debate.models import Debate, DebateState
from pb.editions import services as editions
from pb.editions.models import Edition, Group, GroupMembership
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.models import AuditEvent
from pb.projects import photos
from pb.projects.models import Project, ProjectPhoto
from tests.conftest import login, page_text, post
from tests.factories import complete_project

DONE = "done"


def _at_once(app, n: int, prepare: Callable[[], object], act: Callable[[object], object]):
    """``prepare()`` (loading and checking what it needs) in ``n`` threads, then ``act(prepared)``
    in all of them at the same moment, each committing on success. Returns each thread's answer:
    DONE, or the refusal's message (in English)."""
    barrier = threading.Barrier(n, timeout=30)
    answers: list[str | None] = [None] * n

    def run(i: int) -> None:
        with app.app_context(), force_locale("en"):
            try:
                prepared = prepare()
                barrier.wait()
                act(prepared)
                db.session.commit()
                answers[i] = DONE
            except DomainError as refusal:
                db.session.rollback()
                answers[i] = str(refusal.message)
            except Exception as error:  # an answer the test shows, rather than a lost thread
                db.session.rollback()
                answers[i] = f"crash: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_racing_photo_uploads_leave_two_photos_in_their_places(app, cast):
    project_id, member_id = complete_project(cast).id, cast.participant.id
    db.session.commit()
    data = _jpeg()

    def prepare():
        project = db.session.get(Project, project_id)
        assert project.photos == []  # every upload has seen room for a photo
        return project, db.session.get(User, member_id)

    answers = _at_once(app, 4, prepare,
                       lambda ready: photos.add_photo(ready[0], data, acting=ready[1]))
    assert answers.count(DONE) == 2, answers
    losers = [a for a in answers if a != DONE]
    assert losers == ["Someone else added a photo at the same moment; the project now has 2 "
                      "photos, the most it can have."] * 2
    db.session.expire_all()
    kept = db.session.scalars(sa.select(ProjectPhoto).where(ProjectPhoto.project_id == project_id)
                              .order_by(ProjectPhoto.position)).all()
    assert [p.position for p in kept] == [0, 1]
    # The losers' files went with their rows: only the two kept photos (and small copies) remain.
    folder = photos.photo_path(kept[0]).parent
    assert {p.name for p in folder.iterdir()} == {
        path.name for photo in kept
        for path in (photos.photo_path(photo), uploads.thumbnail_path(photos.photo_path(photo)))}


def test_racing_uploads_through_the_site_answer_each_loser_clearly(app, cast):
    project_id = complete_project(cast).id
    db.session.commit()
    clients = []
    for _ in range(6):
        client = app.test_client()
        login(client, cast.participant.login)
        clients.append(client)
    barrier = threading.Barrier(len(clients), timeout=30)
    answers = []

    def upload(client):
        barrier.wait()
        response = post(client, f"/projects/{project_id}/photos",
                        {"photo": (io.BytesIO(_jpeg()), "a.jpg")},
                        content_type="multipart/form-data")
        answers.append((response.status_code, page_text(response)))

    threads = [threading.Thread(target=upload, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(code for code, _ in answers) == [302, 302, 400, 400, 400, 400]
    for code, text in answers:
        assert code == 302 or "najwyżej 2 zdjęcia" in text or "W tej samej chwili" in text
    assert sorted(db.session.scalars(sa.select(ProjectPhoto.position)
                                     .where(ProjectPhoto.project_id == project_id))) == [0, 1]


def test_removing_the_first_photo_moves_the_second_into_its_place(app, cast):
    project = complete_project(cast)
    first = photos.add_photo(project, _jpeg(), acting=cast.participant)
    photos.add_photo(project, _jpeg(), acting=cast.participant)
    db.session.commit()
    photos.remove_photo(first, acting=cast.participant)
    db.session.commit()
    db.session.expire_all()
    assert [p.position for p in project.photos] == [0]


def _edition_with_accepted_project(cast) -> Edition:
    from pb.core.workflow import ProjectState

    project = complete_project(cast)
    project.state = ProjectState.ACCEPTED
    db.session.commit()
    return cast.edition


_DEBATE = debates.DebateData(
    name="Debata", held_on=date(2025, 4, 1), place="Sala", min_marks=1, max_marks=1, winners=1,
    resident_weight=1, official_weight=1, officials_vote=True, ballot_board=True)


def test_opening_the_voting_twice_at_once_opens_it_once(app, cast):
    edition = _edition_with_accepted_project(cast)
    debate = debates.create_debate(edition, _DEBATE, acting=cast.coordinator)
    db.session.commit()
    debate_id, coordinator_id = debate.id, cast.coordinator.id

    def prepare():
        ready = db.session.get(Debate, debate_id), db.session.get(User, coordinator_id)
        assert ready[0].state == DebateState.SETUP
        return ready

    answers = _at_once(app, 3, prepare,
                       lambda ready: debates.open_voting(ready[0], acting=ready[1]))
    assert answers.count(DONE) == 1, answers
    assert [a for a in answers if a != DONE] == [
        "Voting can be opened only once, before it has started."] * 2
    opened = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "voting_opened"))
    assert opened == 1


def test_creating_the_debate_twice_at_once_creates_one(app, cast):
    edition = _edition_with_accepted_project(cast)
    edition_id, coordinator_id = edition.id, cast.coordinator.id

    def prepare():
        ready = db.session.get(Edition, edition_id), db.session.get(User, coordinator_id)
        assert ready[0].debate is None
        return ready

    answers = _at_once(app, 3, prepare,
                       lambda ready: debates.create_debate(ready[0], _DEBATE, acting=ready[1]))
    assert answers.count(DONE) == 1, answers
    assert [a for a in answers if a != DONE] == [
        "This edition already has its debate: someone else created it a moment ago."] * 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Debate)) == 1


def test_creating_a_group_twice_at_once_creates_one(app, cast):
    edition_id, coordinator_id = cast.edition.id, cast.coordinator.id
    db.session.commit()

    def prepare():
        return db.session.get(Edition, edition_id), db.session.get(User, coordinator_id)

    def act(ready):
        edition, coordinator = ready
        editions.create_group(edition, name="Ogród", animator=None, acting=coordinator)

    answers = _at_once(app, 3, prepare, act)
    assert answers.count(DONE) == 1, answers
    # A loser checked after the winner saved, or raced it to the database: the same answer.
    assert [a for a in answers if a != DONE] == [
        "This edition already has a group with this name."] * 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Group)
                             .where(Group.name == "Ogród")) == 1


def test_adding_a_member_twice_at_once_adds_once(app, cast):
    group_id, user_id = cast.group.id, cast.loose_participant.id
    coordinator_id = cast.coordinator.id
    db.session.commit()

    def prepare():
        return (db.session.get(Group, group_id), db.session.get(User, user_id),
                db.session.get(User, coordinator_id))

    def act(ready):
        group, user, coordinator = ready
        editions.add_member(group, user, acting=coordinator)

    answers = _at_once(app, 3, prepare, act)
    assert answers.count(DONE) == 1, answers
    # A loser checked after the winner saved, or raced it to the database.
    assert set(answers) - {DONE} <= {
        "This person is already in the group.",
        "This person has just been put into a group of this edition by someone else."}
    assert len(answers) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupMembership)
                             .where(GroupMembership.user_id == user_id)) == 1
