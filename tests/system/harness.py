"""What the system tests need: a scratch database, a real gunicorn serving pb on it, and HTTP
clients that vote the way a phone does (each with its own cookie jar).

The scratch database is of the kind under test: next to ``PB_TEST_DATABASE_URL`` when that is a
PostgreSQL URL (a fresh database, dropped afterwards), otherwise a SQLite file in a temporary
folder. It is built by the real ``pb db upgrade`` and filled in-process through the services.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from pb.config import REPO_ROOT

# A strong-looking secret for the server and the in-process set-up alike: card codes are
# looked up by a keyed hash, so both must use the same key.
SYSTEM_SECRET = ("system-test-secret-" + "0123456789abcdef" * 3)[:64]
PB_COMMAND = Path(sys.executable).with_name("pb")
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_RECEIPT = re.compile(r"/debates/(\d+)/receipt/([0-9A-Z]+)$")


# --- the scratch database --------------------------------------------------------------------


def create_scratch_database(tmp_path: Path) -> tuple[str, object]:
    """A fresh, empty database of the kind under test; returns (url, drop callback)."""
    base = os.environ.get("PB_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        url = f"sqlite:///{tmp_path / 'pb-system.sqlite3'}"
        return url, lambda: None
    name = f"pb_sys_{secrets.token_hex(6)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            engine.dispose()

    return url, drop


def server_env(database_url: str, instance_path: Path, port: int) -> dict[str, str]:
    """The environment of ``pb`` commands and gunicorn: nothing inherited decides for us."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PB_")}
    env.update({
        "PB_DATABASE_URL": database_url,
        "PB_INSTANCE_PATH": str(instance_path),
        "PB_SECRET_KEY": SYSTEM_SECRET,
        "PB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PB_PORT": str(port),
    })
    return env


def migrate(database_url: str, instance_path: Path) -> None:
    """``pb db upgrade``, the way an operator builds the schema."""
    assert PB_COMMAND.exists(), f"the pb command is not installed next to {sys.executable}"
    result = subprocess.run(
        [str(PB_COMMAND), "db", "upgrade"], cwd=REPO_ROOT, capture_output=True, text=True,
        env=server_env(database_url, instance_path, 8000), timeout=120, check=False,
    )
    assert result.returncode == 0, f"pb db upgrade failed:\n{result.stdout}\n{result.stderr}"


@dataclass
class Hall:
    """The debate the voters vote in: its id, the projects on the ballot, the card codes."""

    debate_id: int
    project_ids: list[int]
    codes: list[str] = field(repr=False)


def prepare_debate(database_url: str, instance_path: Path, *, cards: int,
                   projects: int = 3) -> Hall:
    """A coordinator, a published edition, accepted projects, a debate, ``cards`` resident
    cards (codes kept) and the voting open — built in-process through the services."""
    from pb import create_app
    from pb.debate import services as debates
    from pb.debate.models import VoterCategory
    from pb.extensions import db
    from tests.conftest import Cast
    from tests.factories import accepted_project

    previous = os.environ.get("PB_INSTANCE_PATH")
    os.environ["PB_INSTANCE_PATH"] = str(instance_path)
    try:
        app = create_app({
            "TESTING": True,
            "SECRET_KEY": SYSTEM_SECRET,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PUBLIC_URL": "http://127.0.0.1",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        })
    finally:
        if previous is None:
            os.environ.pop("PB_INSTANCE_PATH", None)
        else:
            os.environ["PB_INSTANCE_PATH"] = previous
    with app.app_context():
        try:
            cast = Cast()
            for i in range(projects):
                accepted_project(cast, f"Projekt {i + 1}", price_grosze=(100 + 50 * i) * 100)
            debate = debates.create_debate(cast.edition, debates.DebateData(
                name="Debata systemowa", held_on=date(2025, 4, 1), place="Hala",
                min_marks=1, max_marks=2, winners=2, resident_weight=1, official_weight=1,
                officials_vote=True, ballot_board=True,
            ), acting=cast.coordinator)
            db.session.commit()
            codes: list[str] = []
            while len(codes) < cards:
                batch = min(cards - len(codes), debates.MAX_CARDS_PER_BATCH)
                codes += [c.code for c in debates.issue_cards(
                    debate, count=batch, category=VoterCategory.RESIDENT, acting=cast.coordinator)]
                db.session.commit()
            debates.open_voting(debate, acting=cast.coordinator)
            db.session.commit()
            return Hall(debate.id, [e.project_id for e in debate.entries], codes)
        finally:
            db.session.remove()
            db.engine.dispose()


# --- what is stored --------------------------------------------------------------------------


@dataclass
class Stored:
    ballots: int
    receipts: set[str]
    cards: dict[str, int]  # status -> count
    marks_per_ballot: dict[str, int]  # receipt -> number of marks
    tally: dict[int, int]  # project id -> marks


def stored(database_url: str, debate_id: int) -> Stored:
    from pb.debate.models import Ballot, BallotCard, BallotMark

    b, c, m = Ballot.__table__, BallotCard.__table__, BallotMark.__table__
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(b.c.receipt).where(b.c.debate_id == debate_id)).all()
            cards = dict(conn.execute(
                sa.select(c.c.status, sa.func.count()).where(c.c.debate_id == debate_id)
                .group_by(c.c.status)).all())
            marks = dict(conn.execute(
                sa.select(b.c.receipt, sa.func.count(m.c.project_id))
                .select_from(b.outerjoin(m, m.c.ballot_id == b.c.id))
                .where(b.c.debate_id == debate_id).group_by(b.c.receipt)).all())
            tally = dict(conn.execute(
                sa.select(m.c.project_id, sa.func.count())
                .select_from(m.join(b, m.c.ballot_id == b.c.id))
                .where(b.c.debate_id == debate_id).group_by(m.c.project_id)).all())
    finally:
        engine.dispose()
    return Stored(len(rows), {r.receipt for r in rows}, {str(k): v for k, v in cards.items()},
                  marks, tally)


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """pb under a real gunicorn, in its own process group (so one killpg ends it all)."""

    def __init__(self, database_url: str, instance_path: Path, log_dir: Path, *,
                 workers: int = 3, port: int | None = None) -> None:
        self.database_url = database_url
        self.instance_path = instance_path
        self.log_dir = log_dir
        self.workers = workers
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.pgid = 0
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"gunicorn-{self.starts}.log"

    def start(self, timeout: float = 45.0) -> None:
        """Start and wait for GET / to answer 200; fail clearly when it does not."""
        self.starts += 1
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "5",
             "--timeout", "60", "wsgi:app"],
            cwd=REPO_ROOT, env=server_env(self.database_url, self.instance_path, self.port),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.pgid = self.process.pid  # start_new_session: the master leads its own group
        log.close()
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"gunicorn exited with {self.process.returncode} before serving:\n"
                    + self.log_tail())
            try:
                status, _, _ = Client(self.port, timeout=5).request("GET", "/")
            except OSError as error:
                last = repr(error)
            else:
                if status == 200:
                    return
                last = f"GET / answered {status}"
            time.sleep(0.2)
        self.kill()
        raise AssertionError(
            f"gunicorn did not serve GET / within {timeout:.0f} s ({last}):\n" + self.log_tail())

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a crash, no goodbyes."""
        if self.process is None:
            return
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None
        # Workers are in the group too; wait until none is left holding the database.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _group_alive(self.pgid):
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.pgid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def _group_alive(pgid: int) -> bool:
    """Is any live (not zombie) process left in the group?"""
    if not pgid:
        return False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


# --- a phone ---------------------------------------------------------------------------------


class Client:
    """One phone: its own connection and cookie jar; never retries by itself."""

    def __init__(self, port: int, timeout: float = 60.0) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict | None = None
                ) -> tuple[int, dict[str, str], str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", "replace")
        except BaseException:
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def csrf_of(page: str) -> str:
    match = _META_CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def receipt_of(headers: dict[str, str]) -> tuple[int, str] | None:
    """(debate id, receipt) from a 303 to the receipt page."""
    match = _RECEIPT.search(headers.get("location", ""))
    return (int(match.group(1)), match.group(2)) if match else None


def open_ballot(client: Client, code: str, marks: list[int]) -> tuple[int, str | None]:
    """Scan the card and choose: (status, CSRF token of the confirmation) — token None when the
    ballot page was refused."""
    status, _, page = client.request("GET", f"/v/{code}")
    if status != 200:
        return status, None
    token = csrf_of(page)
    status, _, page = client.request("POST", f"/v/{code}",
                                     {"csrf_token": token, "project": marks})
    if status != 200:
        return status, None
    return status, csrf_of(page)


def cast(client: Client, code: str, marks: list[int], token: str
         ) -> tuple[int, dict[str, str], str]:
    return client.request("POST", f"/v/{code}/cast", {"csrf_token": token, "project": marks})
