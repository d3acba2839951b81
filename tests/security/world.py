"""A whole small world for the security tests: the cast, projects of every group in the states
that matter, photos, a sign-in card, a debate with cards (and one in an unpublished edition),
plus helpers to fingerprint the database and to start again from scratch.

Each private object carries a marker in its title so a test can check that no page ever shows it
to someone outside its group.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from jinja2 import BytecodeCache
from PIL import Image

from pb import uploads
from pb.accounts import services as accounts
from pb.core.budget import BudgetCategory, Funding
from pb.core.plan import Corners, Point
from pb.debate import services as debates
from pb.debate import voting
from pb.debate.models import Debate, VoterCategory
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import Need, NeedReport, NeedSource, Resource, ResourceKind
from pb.extensions import db
from pb.projects import photos as photo_service
from pb.projects import services as projects
from pb.projects.models import Project
from tests.conftest import Cast, csrf_token, login
from tests.factories import complete_project

ROLES = (
    "anonymous", "coordinator", "animator", "other_animator", "participant",
    "other_participant", "foreign_participant", "loose_participant", "official", "teller",
)

# Markers in the titles of private projects, and who may ever see each one.
MARKERS = {
    "SZKIC-A-PRYWATNY": {"coordinator", "animator", "participant"},
    "WYSLANY-A-PRYWATNY": {"coordinator", "animator", "participant"},
    "WYCOFANY-A-PRYWATNY": {"coordinator", "animator", "participant"},
    "SZKIC-B-PRYWATNY": {"coordinator", "animator", "other_participant"},
    "SZKIC-C-PRYWATNY": {"coordinator", "other_animator", "foreign_participant"},
    # The diagnosis: contacts and waiting reports are for the edition's managers only; the
    # unpublished edition's needs for its managers and groups.
    "KONTAKT-ZASOBU-PRYWATNY": {"coordinator", "animator"},
    "ZGLOSZENIE-CZEKA-PRYWATNE": {"coordinator", "animator"},
    "KONTAKT-ZGLASZAJACEGO-PRYWATNY": {"coordinator", "animator"},
    "POTRZEBA-C-PRYWATNA": {"coordinator", "other_animator", "foreign_participant"},
}

# Tables whose changes are bookkeeping, not state: wrong card codes are counted on purpose.
BOOKKEEPING = {"rate_limit_hits"}


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return buffer.getvalue()


@dataclass
class World:
    cast: Cast
    draft: Project  # the participant's group, editable, with a row of each kind and a photo
    submitted: Project  # locked with the animator, version 1
    withdrawn: Project
    accepted: list[Project]  # presented at the debate, the first one with a photo
    other_draft: Project  # another group of the same edition
    foreign_draft: Project  # a group of the other (unpublished) edition
    debate: Debate
    foreign_debate: Debate  # in the unpublished edition, still being set up
    card_codes: list[str] = field(default_factory=list)
    signin_code: str = ""
    signin_card_id: int = 0
    receipt: str = ""
    need: Need | None = None  # of the participant's edition, pinned, answered by the draft
    resource: Resource | None = None  # with a private contact
    report: NeedReport | None = None  # a resident's report waiting for moderation
    foreign_need: Need | None = None  # of the unpublished edition
    expense_id: int = 0  # with the "execution" world
    journal_photo_id: int = 0

    @property
    def draft_photo_id(self) -> int:
        return self.draft.photos[0].id

    @property
    def accepted_photo_id(self) -> int:
        return self.accepted[0].photos[0].id


def _photo(project: Project, member) -> None:
    photo_service.add_photo(project, image_bytes(), acting=member)


def build_world(cast: Cast, *, debate_state: str = "open", with_cards: bool = True,
                published: bool = True, ballot_board: bool = True,
                reporting: bool = False, corners: bool = False) -> World:
    """Build the world through the services. ``debate_state``: setup, open, closed, or
    execution (closed, and the winner being carried out). ``published=False``: then the
    coordinator unpublishes the participant's edition, and nothing of it may stay public.
    ``ballot_board=False``: the debate publishes no ballots, only counts. ``corners=True``:
    the plan has its corners' coordinates (so the diagnosis has GeoJSON)."""
    part, anim = cast.participant, cast.animator
    accepted = []
    for i, title in enumerate(("Jawny projekt 1", "Jawny projekt 2")):
        project = complete_project(cast, title)
        project.budget_lines[0].unit_price_grosze = (100 + 50 * i) * 100
        if i == 0:
            _photo(project, part)
            projects.add_budget_line(project, category=BudgetCategory.VOLUNTEER_WORK,
                                     item="Praca przy malowaniu", quantity=Decimal(10),
                                     unit="godz.", unit_price_grosze=30_00, acting=part)
        projects.submit_project(project, acting=part)
        projects.accept_project(project, acting=anim)
        accepted.append(project)
    db.session.commit()
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata w Testowie", held_on=cast.edition.debate_on, place="Szkoła",
        min_marks=1, max_marks=2, winners=1, resident_weight=1, official_weight=1,
        officials_vote=True, ballot_board=ballot_board,
    ), acting=cast.coordinator)
    # The cast's teller counts at this debate, and only there.
    debates.set_debate_tellers(debate, [cast.teller], acting=cast.coordinator)
    foreign_debate = debates.create_debate(cast.other_edition, debates.DebateData(
        name="Debata obca", held_on=cast.other_edition.debate_on, place="",
        min_marks=1, max_marks=1, winners=1, resident_weight=1, official_weight=1,
        officials_vote=True, ballot_board=True,
    ), acting=cast.coordinator)
    db.session.commit()
    codes: list[str] = []
    if with_cards:
        codes = [c.code for c in debates.issue_cards(debate, count=4, category=VoterCategory.RESIDENT,
                                                      acting=cast.coordinator)]
        db.session.commit()
    receipt = ""
    if debate_state in ("open", "closed", "execution"):
        debates.open_voting(debate, acting=cast.coordinator)
        db.session.commit()
        if codes:
            # The last card votes, so there is a receipt (and a board once closed).
            receipt = voting.cast_ballot(codes.pop(), [accepted[0].id],
                                         channel=voting.Channel.PHONE)
    if debate_state in ("closed", "execution"):
        debates.close_voting(debate, acting=cast.coordinator)
        db.session.commit()
    expense_id = journal_photo_id = 0
    if debate_state == "execution":
        # The first project won; it is being carried out, with an expense (and its receipt)
        # and a journal entry with a photo.
        from pb.debate.results import debate_results
        from pb.execution import services as execution

        selected = debate_results(debate, "pl").tally.selected
        execution.start_execution(debate, selected, acting=cast.coordinator)
        line = next(li for li in accepted[0].budget_lines if li.funding == Funding.REQUESTED)
        expense = execution.record_expense(
            accepted[0], line=line, spent_on=date(2025, 5, 1), description="Farba",
            amount_grosze=150_00, supplier="Sklep", document_number="FV 1/2025",
            receipt=image_bytes("JPEG"), acting=part)
        entry = execution.add_journal_entry(accepted[0], written_on=date(2025, 5, 2),
                                            body="Pomalowaliśmy ławki.",
                                            photos=[image_bytes()], acting=part)
        db.session.commit()
        expense_id, journal_photo_id = expense.id, entry.photos[0].id

    draft = complete_project(cast, "SZKIC-A-PRYWATNY")
    _photo(draft, part)
    submitted = complete_project(cast, "WYSLANY-A-PRYWATNY")
    projects.submit_project(submitted, acting=part)
    withdrawn = complete_project(cast, "WYCOFANY-A-PRYWATNY")
    projects.withdraw_project(withdrawn, acting=part)
    other_draft = projects.create_project(cast.other_group, acting=cast.other_participant,
                                          title="SZKIC-B-PRYWATNY")
    foreign_draft = projects.create_project(cast.foreign_group, acting=cast.foreign_participant,
                                            title="SZKIC-C-PRYWATNY")
    card, signin_code = accounts.issue_signin_card(part, acting=anim, single_use=True,
                                                   valid_days=14)
    need, resource, report, foreign_need = _diagnosis(cast, draft)
    if reporting:  # residents may report needs and say "me too": the diagnosis phase, today
        open_reporting(cast.edition)

    if corners:
        mapping.set_corners(mapping.plan_of(cast.edition), Corners(
            Decimal("50.02"), Decimal("18.44"), Decimal("50.00"), Decimal("18.48")),
            acting=anim)
    cast.edition.published = published
    db.session.commit()
    return World(need=need, resource=resource, report=report, foreign_need=foreign_need,
                 cast=cast, draft=draft, submitted=submitted, withdrawn=withdrawn,
                 accepted=accepted, other_draft=other_draft, foreign_draft=foreign_draft,
                 debate=debate, foreign_debate=foreign_debate, card_codes=codes,
                 signin_code=signin_code, signin_card_id=card.id, receipt=receipt,
                 expense_id=expense_id, journal_photo_id=journal_photo_id)


def open_reporting(edition) -> None:
    """Put ``edition`` in its diagnosis phase by today's date (drafting starts in ten days):
    residents may report needs and say "me too"."""
    from datetime import timedelta

    from pb.timeutil import warsaw_today

    today = warsaw_today()
    edition.drafting_from = today + timedelta(days=10)
    edition.review_from = today + timedelta(days=40)
    edition.debate_on = today + timedelta(days=50)
    edition.execution_from = today + timedelta(days=51)
    edition.closed_on = today + timedelta(days=200)


def _diagnosis(cast: Cast, draft: Project) -> tuple[Need, Resource, NeedReport, Need]:
    """A plan with a need and a resource on it, a waiting report, and a need of the other
    (unpublished) edition. The draft answers the need and sits on the plan."""
    anim = cast.animator
    mapping.store_plan(cast.edition, image_bytes(size=(400, 300)), acting=anim)
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Zniszczony plac zabaw", description="Huśtawki są połamane.",
        place="ul. Szkolna", affected="dzieci", affected_count=40,
        evidence="Spacer badawczy", source=NeedSource.WALK), acting=anim, point=Point(2500, 4000))
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury", kind=ResourceKind.PLACE, offers="Sala w soboty",
        contact="KONTAKT-ZASOBU-PRYWATNY tel. 500 600 700"), acting=anim, point=Point(6000, 3000))
    report = NeedReport(edition_id=cast.edition.id, what="ZGLOSZENIE-CZEKA-PRYWATNE: brak ławek",
                        place="przy kościele", contact="KONTAKT-ZGLASZAJACEGO-PRYWATNY")
    db.session.add(report)
    # Photos: the need's is public with it, the waiting report's for the managers only (voice).
    need.photo_name = uploads.store(image_bytes(), mapping.NEED_PHOTOS, cast.edition.id).name
    report.photo_name = uploads.store(image_bytes(), mapping.NEED_PHOTOS, cast.edition.id).name
    foreign_need = diagnosis.create_need(cast.other_edition, diagnosis.NeedData(
        title="POTRZEBA-C-PRYWATNA"), acting=cast.other_animator)
    draft.needs.append(need)
    draft.point = Point(3000, 5000)
    db.session.flush()
    return need, resource, report, foreign_need


# --- building once, restoring often ----------------------------------------------------------
#
# Building the world through the services takes a while; the security tests need it fresh for
# every route and again after every request that wrote. So it is built once per database and
# set of options, kept as rows (and photo files), and restored with plain INSERTs: same ids, so
# signed-in clients stay signed in.

_SNAPSHOTS: dict[tuple, tuple[dict, dict, dict]] = {}


def _refs(obj) -> dict:
    """An object's attributes with models replaced by (class, id) to load them again."""
    def ref(value):
        if isinstance(value, db.Model):
            return ("model", type(value), value.id)
        if isinstance(value, list):
            return ("list", [ref(v) for v in value])
        return ("value", value)
    return {name: ref(value) for name, value in vars(obj).items() if not name.startswith("_")}


def _load(refs: dict, into) -> None:
    def load(ref):
        if ref[0] == "model":
            return db.session.get(ref[1], ref[2])
        if ref[0] == "list":
            return [load(r) for r in ref[1]]
        return ref[1]
    for name, ref in refs.items():
        setattr(into, name, load(ref))


def _upload_folder() -> Path:
    return uploads.root()


def _photo_files() -> dict:
    folder = _upload_folder()
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _empty_tables() -> None:
    """DELETE rather than TRUNCATE: on PostgreSQL it is many times faster for a few rows."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def _restore(rows: dict, files: dict) -> None:
    _empty_tables()
    with db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            if rows.get(table.name):
                names = [c.name for c in table.columns]
                conn.execute(table.insert(), [dict(zip(names, row, strict=True))
                                              for row in rows[table.name]])
        if conn.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key and isinstance(
                        table.c.id.type, sa.Integer):
                    top = max((row[list(table.columns).index(table.c.id)]
                               for row in rows.get(table.name, [])), default=0)
                    conn.execute(sa.text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, "
                                         ":called)"),
                                 {"t": table.name, "v": max(top, 1), "called": top > 0})
    folder = _upload_folder()
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def fast_commits() -> None:
    """On PostgreSQL, stop waiting for each commit to reach the disk, for this test's engine
    only: these tests check answers, not durability, and they commit thousands of times."""
    engine = db.engine
    if engine.dialect.name != "postgresql" or getattr(engine, "_pb_fast", False):
        return

    def _on_connect(dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        dbapi_connection.commit()

    sa.event.listen(engine, "connect", _on_connect)
    engine.dispose()
    engine._pb_fast = True


def world_for(**options) -> World:
    """A fresh world: every table emptied, then the world of these options put back."""
    fast_commits()
    key = (str(db.engine.url), tuple(sorted(options.items())))
    if key not in _SNAPSHOTS:
        _empty_tables()
        world = build_world(Cast(), **options)
        _SNAPSHOTS[key] = (fingerprint(skip=set()), _photo_files(),
                           {"world": _refs(world), "cast": _refs(world.cast)})
    rows, files, refs = _SNAPSHOTS[key]
    _restore(rows, files)
    cast = Cast.__new__(Cast)
    _load(refs["cast"], cast)
    world = World.__new__(World)
    _load(refs["world"], world)
    world.cast = cast
    return world


def rebuild_world(**options) -> World:
    """Empty every table and put the world back (the ``app`` fixture only empties them between
    tests)."""
    return world_for(**options)


def fingerprint(*, skip: set[str] = BOOKKEEPING) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: equal fingerprints, nothing written."""
    db.session.expire_all()
    result = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in skip:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order)).all()
            result[table.name] = [tuple(row) for row in rows]
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


_SESSIONS: dict[tuple, tuple[str, str]] = {}


class _SharedBytecode(BytecodeCache):
    """Compiled templates shared by the many apps the tests create (one per test)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


def share_compiled_templates(app) -> None:
    app.jinja_env.bytecode_cache = _BYTECODE


def clients_for(app, cast: Cast) -> dict:
    """One signed-in test client per role (and one anonymous), each with ``pb_csrf``, a CSRF
    token read from a page. Restored worlds keep their ids, so a session cookie signed in
    once is reused."""
    share_compiled_templates(app)
    clients = {}
    for role in ROLES:
        client = app.test_client()
        user = getattr(cast, role, None)
        key = (str(db.engine.url), role, user.id if user else None, user.login if user else None)
        if key in _SESSIONS:
            cookie, token = _SESSIONS[key]
            client.set_cookie("session", cookie)
        else:
            if user is not None:
                login(client, user.login)
            token = csrf_token(client)
            _SESSIONS[key] = (client.get_cookie("session").value, token)
        client.pb_csrf = token
        clients[role] = client
    return clients
