"""Vote-day load benchmark: pb under gunicorn (several workers) on SQLite and on PostgreSQL,
played by a separate load process, beside a bare one-insert Flask endpoint as the floor.

    bench/run-load [--kinds sqlite postgresql] [--voters 200] [--duration 15] [--rounds 3]
                   [--workers 4] [--threads 4] [--cards 30000]

For each database kind it makes a scratch database (a SQLite file in a temporary folder, or a
fresh PostgreSQL database next to --pg-url, dropped at the end), builds it with ``pb db upgrade``,
sets up a debate in-process (a coordinator, a published edition, six accepted projects, the
debate, the cards — their codes kept — and the voting open), starts gunicorn on ``wsgi:app``,
and runs the load process (``load.py client …``, a separate Python process with asyncio streams)
through these scenarios, each bounded by --duration seconds:

hall      --voters people at once, each one a fresh phone (own connection and cookies),
          arriving over the first 5 s: scan the card (GET /v/<code>), read for 1–5 s, choose
          (POST /v/<code>), check for 1–5 s, confirm (POST /v/<code>/cast → 303 to the
          receipt), then the next person steps up. The hall projector polls
          GET /debates/<id>/turnout.json every second.
burst     the same flow with no thinking: every voter at full speed (saturation).
cast      --voters clients posting only the confirm request (POST /v/<code>/cast), one card
          after another with one session's CSRF token: pb's one atomic write, at saturation.
floor     --voters clients posting to the bare endpoint (bench/floor_app.py, one insert in a
          transaction, same gunicorn settings, same database kind), at saturation.

cast and floor take turns in --rounds rounds (the floor's server runs beside pb's), so that
whatever else the machine does meanwhile weighs on both alike.

Latency is that of the confirm request (the insert for the floor), measured in the load process
from sending it to reading the whole answer. "errors" counts every answer that was not the
expected one (5xx, refusals, timeouts, broken connections) in any request of the flow. "lost"
counts acknowledged ballots (303 with a receipt; 200 with a key for the floor) missing from the
database afterwards; "extra" counts rows stored beyond what was acknowledged or left in doubt.
The target of issue 9: cast p99 < 200 ms at 200 concurrent voters, no errors, nothing lost, and
ballot throughput at least half the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECRET = "bench-load-secret-" + secrets.token_hex(23)  # 64 characters
PHASE_CAP = 60.0  # no scenario runs longer than this, whatever is asked
META_CSRF = re.compile(rb'<meta name="csrf-token" content="([^"]+)"')
RECEIPT = re.compile(r"/debates/(\d+)/receipt/([0-9A-Z]+)$")


# =============================================================================================
# The load process: asyncio streams, one connection per client.
# =============================================================================================


class HTTPError(Exception):
    """A request that got no proper answer (timeout, broken connection, bad framing)."""


class Conn:
    """One client: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reconnects = 0

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method: str, path: str, form: dict | None = None
                      ) -> tuple[int, dict[str, str], bytes]:
        try:
            return await asyncio.wait_for(self._request(method, path, form), self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            await self.close()
            raise HTTPError(f"{method} {path.split('/')[1]}: {type(error).__name__}") from error

    async def _request(self, method: str, path: str, form: dict | None):
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                f"Content-Length: {len(body)}"]
        if form is not None:
            head.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        data = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            self.writer.write(data)
            await self.writer.drain()
            status_line = await self.reader.readline()
        except (ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            status_line = b""
        if not status_line and reused:
            # The server had closed the idle keep-alive connection (the keep-alive is 5 s)
            # before reading this request: no byte of an answer came back. Send it once more on
            # a fresh connection, as browsers do.
            self.reconnects += 1
            await self.close()
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.writer.write(data)
            await self.writer.drain()
            status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("no answer")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
            headers[name] = value
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            payload = b""
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                payload += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            payload = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, payload


class Tally:
    """What one scenario saw."""

    def __init__(self) -> None:
        self.latencies: list[float] = []  # the measured request, seconds
        self.scan_latencies: list[float] = []
        self.poll_latencies: list[float] = []
        self.acknowledged: list[str] = []  # receipts (pb) or keys (floor)
        self.errors: dict[str, int] = {}
        self.in_doubt = 0  # measured requests that failed without an answer
        self.reconnects = 0
        self.out_of_cards = False

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def _csrf(page: bytes) -> str:
    match = META_CSRF.search(page)
    if not match:
        raise HTTPError("no CSRF token on the page")
    return match.group(1).decode()


async def _timed(conn: Conn, tally: Tally, method: str, path: str, form: dict | None = None,
                 into: list[float] | None = None):
    start = time.perf_counter()
    answer = await conn.request(method, path, form)
    if into is not None:
        into.append(time.perf_counter() - start)
    return answer


async def run_client(args: argparse.Namespace) -> dict:
    cards = iter(json.loads(Path(args.codes).read_text())) if args.codes else iter(())
    project_ids = [int(p) for p in args.projects.split(",")] if args.projects else []
    rnd = random.Random(args.seed)
    tally = Tally()
    deadline = time.monotonic() + min(args.duration, PHASE_CAP)
    think = (args.think_min, args.think_max)
    timeout = args.timeout

    def next_card() -> str | None:
        code = next(cards, None)
        if code is None:
            tally.out_of_cards = True
        return code

    def choice() -> list[int]:
        return rnd.sample(project_ids, rnd.randint(1, min(args.max_marks, len(project_ids))))

    async def pause() -> None:
        if think[1] > 0:
            await asyncio.sleep(rnd.uniform(*think))

    async def cast(conn: Conn, code: str, marks: list[int], token: str) -> None:
        try:
            status, headers, _ = await _timed(conn, tally, "POST", f"/v/{code}/cast",
                                              {"csrf_token": token, "project": marks},
                                              tally.latencies)
        except HTTPError as error:
            tally.in_doubt += 1
            tally.error(str(error))
            return
        match = RECEIPT.search(headers.get("location", ""))
        if status == 303 and match:
            tally.acknowledged.append(match.group(2))
        else:
            tally.error(f"cast {status}")

    async def voter() -> None:
        """People stepping up to vote, one after another, each with a fresh phone."""
        if think[1] > 0:
            # People take their seats and get their cards over the first few seconds; they do
            # not all scan in the same millisecond.
            await asyncio.sleep(rnd.uniform(0, think[1]))
        while time.monotonic() < deadline:
            code = next_card()
            if code is None:
                return
            conn = Conn(args.port, timeout)
            try:
                marks = choice()
                status, _, page = await _timed(conn, tally, "GET", f"/v/{code}",
                                               into=tally.scan_latencies)
                if status != 200:
                    tally.error(f"scan {status}")
                    continue
                await pause()
                status, _, page = await conn.request(
                    "POST", f"/v/{code}", {"csrf_token": _csrf(page), "project": marks})
                if status != 200:
                    tally.error(f"choose {status}")
                    continue
                await pause()
                await cast(conn, code, marks, _csrf(page))
            except HTTPError as error:
                tally.error(str(error))
            finally:
                tally.reconnects += conn.reconnects
                await conn.close()

    async def caster() -> None:
        """One session confirming card after card: only pb's atomic write, at full speed."""
        conn = Conn(args.port, timeout)
        try:
            code = next_card()
            if code is None:
                return
            try:
                status, _, page = await conn.request("GET", f"/v/{code}")
            except HTTPError as error:
                tally.error(str(error))
                return
            if status != 200:
                tally.error(f"scan {status}")
                return
            token = _csrf(page)
            while time.monotonic() < deadline:
                await cast(conn, code, choice(), token)
                code = next_card()
                if code is None:
                    return
        finally:
            tally.reconnects += conn.reconnects
            await conn.close()

    async def inserter() -> None:
        conn = Conn(args.port, timeout)
        try:
            while time.monotonic() < deadline:
                try:
                    status, _, body = await _timed(conn, tally, "POST", "/insert", {},
                                                   tally.latencies)
                except HTTPError as error:
                    tally.in_doubt += 1
                    tally.error(str(error))
                    continue
                if status == 200 and len(body) == 32:
                    tally.acknowledged.append(body.decode())
                else:
                    tally.error(f"insert {status}")
        finally:
            tally.reconnects += conn.reconnects
            await conn.close()

    async def projector(stop: asyncio.Event) -> None:
        conn = Conn(args.port, timeout)
        try:
            while not stop.is_set():
                try:
                    status, _, body = await _timed(
                        conn, tally, "GET", f"/debates/{args.debate}/turnout.json",
                        into=tally.poll_latencies)
                    if status != 200 or b'"turnout"' not in body:
                        tally.error(f"turnout {status}")
                except HTTPError as error:
                    tally.error(str(error))
                try:
                    await asyncio.wait_for(stop.wait(), 1.0)
                except TimeoutError:
                    pass
        finally:
            await conn.close()

    worker = {"hall": voter, "burst": voter, "cast": caster, "floor": inserter}[args.scenario]
    stop = asyncio.Event()
    poller = (asyncio.create_task(projector(stop)) if args.scenario in ("hall", "burst")
              else None)
    started = time.perf_counter()
    tasks = [asyncio.create_task(worker()) for _ in range(args.voters)]
    # Each task stops taking work at the deadline; what is in flight gets its own timeout.
    await asyncio.wait(tasks, timeout=min(args.duration, PHASE_CAP) + timeout + 10)
    for task in tasks:
        task.cancel()
    elapsed = time.perf_counter() - started
    stop.set()
    if poller is not None:
        await poller
    return {
        "scenario": args.scenario,
        "voters": args.voters,
        "elapsed": elapsed,
        "latencies": tally.latencies,
        "scan_latencies": tally.scan_latencies,
        "poll_latencies": tally.poll_latencies,
        "acknowledged": tally.acknowledged,
        "errors": tally.errors,
        "in_doubt": tally.in_doubt,
        "reconnects": tally.reconnects,
        "out_of_cards": tally.out_of_cards,
    }


def client_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="load.py client")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scenario", choices=["hall", "burst", "cast", "floor"], required=True)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--codes", help="JSON file with the card codes to use")
    parser.add_argument("--projects", default="")
    parser.add_argument("--debate", type=int, default=0)
    parser.add_argument("--max-marks", type=int, default=4)
    parser.add_argument("--think-min", type=float, default=0.0)
    parser.add_argument("--think-max", type=float, default=0.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    result = asyncio.run(run_client(args))
    Path(args.out).write_text(json.dumps(result))


# =============================================================================================
# The orchestrator: scratch databases, the set-up, gunicorn, the table.
# =============================================================================================


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(url: str, instance: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PB_")}
    env.update({"PB_DATABASE_URL": url, "PB_INSTANCE_PATH": str(instance),
                "PB_SECRET_KEY": SECRET, "PB_PUBLIC_URL": f"http://127.0.0.1:{port}",
                "PB_PORT": str(port)})
    return env


class Server:
    """gunicorn in its own process group; always ended with killpg."""

    def __init__(self, app: str, chdir: Path, url: str, instance: Path, log: Path,
                 workers: int, threads: int) -> None:
        self.port = free_port()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                 "--threads", str(threads), "--keep-alive", "5",
                 "--bind", f"127.0.0.1:{self.port}",
                 "--chdir", str(chdir), app],
                cwd=ROOT, env=env_for(url, instance, self.port), stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 45) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited before serving:\n{self.log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    conn.close()
                    self._wait_idle(deadline)
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer GET / in {timeout} s:\n"
                         f"{self.log.read_text()[-3000:]}")

    def _wait_idle(self, deadline: float) -> None:
        """One worker answering does not mean all have booted: wait until the server is idle
        (under 5% of a CPU over half a second), so no scenario pays for the start-up."""
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.5)
            if self.cpu_seconds() - before < 0.025:
                return

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far by gunicorn and its workers (Linux /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[2] is the process group (field 5 of stat); utime, stime are fields 14, 15.
            if int(fields[2]) == self.process.pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=15)


def scratch_database(kind: str, pg_url: str, folder: Path):
    import sqlalchemy as sa

    if kind == "sqlite":
        return f"sqlite:///{folder / 'pb-load.sqlite3'}", lambda: None
    name = f"pb_load_{secrets.token_hex(4)}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def drop() -> None:
        engine = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False), drop


def set_up_debate(url: str, instance: Path, cards: int) -> tuple[int, list[int], list[str]]:
    """Build the debate through pb's services, in this process; return (debate id, project ids,
    card codes)."""
    from datetime import date
    from decimal import Decimal

    os.environ["PB_INSTANCE_PATH"] = str(instance)
    from pb import create_app
    from pb.accounts.models import Role
    from pb.accounts.services import create_user
    from pb.core.budget import BudgetCategory
    from pb.debate import services as debates
    from pb.debate.models import VoterCategory
    from pb.editions.services import EditionData, add_member, create_edition, create_group
    from pb.extensions import db
    from pb.projects import services as projects

    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url,
                      "PUBLIC_URL": "http://127.0.0.1", "PASSWORD_HASH_METHOD":
                      "pbkdf2:sha256:1000"})
    with app.app_context():
        password = secrets.token_urlsafe(16)  # nobody signs in during the benchmark
        coordinator = create_user(login="koordynator@bench.test", name="Koordynator",
                                  role=Role.COORDINATOR, password=password, acting=None)
        animator = create_user(login="animator@bench.test", name="Animator",
                               role=Role.ANIMATOR, password=password, acting=None)
        member = create_user(login="uczestnik", name="Uczestnik", role=Role.PARTICIPANT,
                             password=password, acting=None)
        edition = create_edition(EditionData(
            name="PAL Wilchwy (benchmark)", municipality="Wodzisław Śląski", district="Wilchwy",
            description="", pool_grosze=20_000_00, project_cap_grosze=5_000_00,
            drafting_from=date(2025, 1, 1), review_from=date(2025, 3, 1),
            debate_on=date(2025, 4, 1), execution_from=date(2025, 4, 2),
            closed_on=date(2025, 12, 1), voting_rule="top", published=True,
        ), acting=coordinator)
        edition.animators = [animator]
        group = create_group(edition, name="Grupa", animator=animator, acting=coordinator)
        add_member(group, member, acting=animator)
        db.session.commit()
        titles = ["Plac zabaw przy Szkolnej", "Plac zabaw na Wilchwach", "Plac zabaw przy parku",
                  "Piknik rodzinny", "Karnety na basen", "Wycieczka do Ustronia"]
        for title in titles:
            project = projects.create_project(group, acting=member)
            projects.update_basics(project, projects.BasicsData(
                title=title, summary="Krótko o projekcie.", need="Potrzeba mieszkańców.",
                beneficiaries="mieszkańcy", beneficiaries_count=100, place="Wilchwy",
                description="Opis.",
            ), acting=member)
            projects.add_result(project, name="Uczestnicy", unit="os.", target=Decimal(100),
                                acting=member)
            projects.add_task(project, title="Zakupy", starts_on=date(2025, 4, 10),
                              ends_on=date(2025, 4, 20), responsible=member, acting=member)
            projects.add_budget_line(project, category=BudgetCategory.MATERIALS, item="Materiały",
                                     quantity=Decimal("4"), unit="szt.",
                                     unit_price_grosze=500_00, acting=member)
            projects.submit_project(project, acting=member)
            projects.accept_project(project, acting=animator)
            db.session.commit()
        debate = debates.create_debate(edition, debates.DebateData(
            name="Debata w Wilchwach", held_on=date(2025, 4, 1), place="Dom Kultury",
            min_marks=1, max_marks=4, winners=4, resident_weight=1, official_weight=1,
            officials_vote=True, ballot_board=True,
        ), acting=coordinator)
        db.session.commit()
        codes: list[str] = []
        while len(codes) < cards:
            batch = min(cards - len(codes), debates.MAX_CARDS_PER_BATCH)
            codes += [c.code for c in debates.issue_cards(
                debate, count=batch, category=VoterCategory.RESIDENT, acting=coordinator)]
            db.session.commit()
        debates.open_voting(debate, acting=coordinator)
        db.session.commit()
        result = debate.id, [e.project_id for e in debate.entries], codes
        db.session.remove()
        db.engine.dispose()
    return result


def stored_rows(url: str, debate_id: int | None) -> tuple[list[str], int]:
    """(receipts or floor keys stored, used cards)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if debate_id is None:
                return [r[0] for r in conn.execute(sa.text("SELECT id FROM bench_floor"))], 0
            receipts = [r[0] for r in conn.execute(
                sa.text("SELECT receipt FROM ballots WHERE debate_id = :d"), {"d": debate_id})]
            used = conn.execute(sa.text(
                "SELECT count(*) FROM ballot_cards WHERE debate_id = :d AND status = 'used'"),
                {"d": debate_id}).scalar_one()
            return receipts, used
    finally:
        engine.dispose()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, min(len(ordered), math.ceil(p / 100 * len(ordered))) - 1)]


def run_client_process(port: int, scenario: str, work: Path, args: argparse.Namespace,
                       codes: list[str] | None = None, debate: int = 0,
                       projects: list[int] | None = None, duration: float | None = None) -> dict:
    duration = args.duration if duration is None else duration
    out = work / f"result-{scenario}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "client", "--port", str(port),
               "--scenario", scenario, "--voters", str(args.voters),
               "--duration", str(duration), "--out", str(out)]
    if codes is not None:
        codes_file = work / f"codes-{scenario}.json"
        codes_file.write_text(json.dumps(codes))
        command += ["--codes", str(codes_file), "--debate", str(debate),
                    "--projects", ",".join(map(str, projects or []))]
    if scenario == "hall":
        command += ["--think-min", str(args.think_min), "--think-max", str(args.think_max)]
    subprocess.run(command, check=True, timeout=min(duration, PHASE_CAP) + 120)
    return json.loads(out.read_text())


def merge_rounds(rounds: list[dict]) -> dict:
    """One result from the rounds of a scenario (times, counts and latencies added up)."""
    merged = dict(rounds[0])
    for key in ("latencies", "scan_latencies", "poll_latencies", "acknowledged"):
        merged[key] = [value for r in rounds for value in r[key]]
    for key in ("elapsed", "in_doubt", "reconnects", "server_cpu"):
        merged[key] = sum(r[key] for r in rounds)
    merged["errors"] = {}
    for r in rounds:
        for kind, n in r["errors"].items():
            merged["errors"][kind] = merged["errors"].get(kind, 0) + n
    merged["out_of_cards"] = any(r["out_of_cards"] for r in rounds)
    merged["round_rates"] = [len(r["acknowledged"]) / r["elapsed"] if r["elapsed"] else 0.0
                             for r in rounds]
    return merged


def summarize(kind: str, result: dict, stored: list[str], used: int | None) -> dict:
    acked = result["acknowledged"]
    stored_set = set(stored)
    lost = sum(1 for a in acked if a not in stored_set)
    extra = len(stored) - len(acked) - result["in_doubt"]
    lat = result["latencies"]
    return {
        "db": kind,
        "scenario": result["scenario"],
        "voters": result["voters"],
        "done": len(acked),
        "rate": len(acked) / result["elapsed"] if result["elapsed"] else 0.0,
        "p50": percentile(lat, 50) * 1000,
        "p95": percentile(lat, 95) * 1000,
        "p99": percentile(lat, 99) * 1000,
        "scan_p99": percentile(result["scan_latencies"], 99) * 1000,
        "poll_p99": percentile(result["poll_latencies"], 99) * 1000,
        "errors": sum(result["errors"].values()),
        "error_kinds": result["errors"],
        "lost": lost,
        "extra": max(extra, 0),
        "cards_vs_ballots": None if used is None else used - len(stored),
        "out_of_cards": result["out_of_cards"],
        "reconnects": result["reconnects"],
        "elapsed": result["elapsed"],
        # Server CPU (all gunicorn processes) per acknowledged ballot or insert, milliseconds.
        "cpu_ms": result.get("server_cpu", 0.0) * 1000 / len(acked) if acked else float("nan"),
        "round_rates": result.get("round_rates", []),
    }


def run_kind(kind: str, args: argparse.Namespace, work: Path) -> list[dict]:
    folder = work / kind
    folder.mkdir()
    instance = folder / "instance"
    url, drop = scratch_database(kind, args.pg_url, folder)
    rows: list[dict] = []
    try:
        print(f"[{kind}] building the database and {args.cards} cards…", flush=True)
        upgrade = subprocess.run([str(Path(sys.executable).with_name("pb")), "db", "upgrade"],
                                 cwd=ROOT, env=env_for(url, instance, 8000),
                                 capture_output=True, text=True, timeout=120, check=False)
        if upgrade.returncode:
            raise SystemExit(f"pb db upgrade failed:\n{upgrade.stderr}")
        debate, project_ids, codes = set_up_debate(url, instance, args.cards)
        # Each scenario gets its own cards, in proportion to what it uses in its time; a
        # scenario that runs out stops early (reported).
        weights = {s: w for s, w in CARD_WEIGHTS.items() if s in args.scenarios}
        slices, start = {}, 0
        for name, weight in weights.items():
            end = start + len(codes) * weight // sum(weights.values())
            slices[name] = codes[start:end]
            start = end
        if "floor" in args.scenarios:
            _create_floor_table(url)
        servers: dict[str, Server] = {}
        try:
            if set(args.scenarios) - {"floor"}:
                servers["pb"] = Server("wsgi:app", ROOT, url, instance, folder / "pb.log",
                                       args.workers, args.threads)
            if "floor" in args.scenarios:
                servers["floor"] = Server("floor_app:app", HERE, url, instance,
                                          folder / "floor.log", args.workers, args.threads)
            for scenario in [s for s in ("hall", "burst") if s in args.scenarios]:
                print(f"[{kind}] pb: {scenario}…", flush=True)
                before, used_before = stored_rows(url, debate)
                result = _measured(servers["pb"], lambda scenario=scenario: run_client_process(
                    servers["pb"].port, scenario, folder, args, slices[scenario], debate,
                    project_ids))
                after, used_after = stored_rows(url, debate)
                new = list(set(after) - set(before))
                rows.append(summarize(kind, result, new, used_after - used_before))
            # The confirmation at saturation and the floor take turns, in short rounds, so that
            # whatever else the machine does in the meantime weighs on both alike.
            paired = [s for s in ("cast", "floor") if s in args.scenarios]
            rounds = args.rounds if len(paired) == 2 else 1
            turn = args.duration / rounds
            played: dict[str, list[dict]] = {s: [] for s in paired}
            before, used_before = stored_rows(url, debate)
            for n in range(rounds):
                for scenario in paired:
                    print(f"[{kind}] {'pb: ' if scenario == 'cast' else ''}{scenario}"
                          f"{f' (round {n + 1} of {rounds})' if rounds > 1 else ''}…", flush=True)
                    if scenario == "cast":
                        share = len(slices["cast"]) // rounds
                        played["cast"].append(_measured(servers["pb"], lambda share=share, n=n:
                            run_client_process(
                                servers["pb"].port, "cast", folder, args,
                                slices["cast"][n * share:(n + 1) * share], debate, project_ids,
                                duration=turn)))
                    else:
                        played["floor"].append(_measured(servers["floor"], lambda:
                            run_client_process(servers["floor"].port, "floor", folder, args,
                                               duration=turn)))
            if "cast" in played:
                after, used_after = stored_rows(url, debate)
                new = list(set(after) - set(before))
                rows.append(summarize(kind, merge_rounds(played["cast"]), new,
                                      used_after - used_before))
            if "floor" in played:
                stored, _ = stored_rows(url, None)
                rows.append(summarize(kind, merge_rounds(played["floor"]), stored, None))
        finally:
            for server in servers.values():
                server.stop()
    finally:
        drop()
    return rows


# Cards per scenario, in proportion: the hall's people think for seconds between requests, the
# confirmations at saturation use a card each.
CARD_WEIGHTS = {"hall": 1, "burst": 5, "cast": 14}


def _measured(server: Server, play) -> dict:
    """Run one scenario against ``server``; add the CPU its processes used meanwhile."""
    cpu = server.cpu_seconds()
    result = play()
    result["server_cpu"] = server.cpu_seconds() - cpu
    return result


def _create_floor_table(url: str) -> None:
    from importlib import util

    import sqlalchemy as sa

    spec = util.spec_from_file_location("floor_app_schema", HERE / "floor_app.py")
    os.environ["PB_DATABASE_URL"] = url
    floor = util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    engine = sa.create_engine(url)
    floor.metadata.create_all(engine)
    floor.engine.dispose()
    engine.dispose()


def print_table(rows: list[dict], args: argparse.Namespace) -> None:
    print()
    print(f"{args.voters} concurrent clients, {args.duration:.0f} s per scenario, gunicorn "
          f"--workers {args.workers} --threads {args.threads}, {os.cpu_count()} CPUs "
          f"(load process on the same machine)")
    print()
    head = ("| db | scenario | done | per s | p50 ms | p95 ms | p99 ms | errors | lost | extra "
            "| scan p99 ms | turnout p99 ms | server CPU ms each |")
    print(head)
    print("|" + "---|" * 13)
    for r in rows:
        done = f"{r['done']}" + (" (cards ran out)" if r["out_of_cards"] else "")
        scan = f"{r['scan_p99']:.0f}" if r["scan_p99"] == r["scan_p99"] else "–"
        poll = f"{r['poll_p99']:.0f}" if r["poll_p99"] == r["poll_p99"] else "–"
        print(f"| {r['db']} | {r['scenario']} | {done} | {r['rate']:.1f} | {r['p50']:.0f} | "
              f"{r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} | {r['lost']} | {r['extra']} | "
              f"{scan} | {poll} | {r['cpu_ms']:.1f} |")
    print()
    for kind in dict.fromkeys(r["db"] for r in rows):
        by = {r["scenario"]: r for r in rows if r["db"] == kind}
        floor = by.get("floor", {}).get("rate") or 0
        if floor:
            parts = [f"{s} {by[s]['rate'] / floor:.2f}" for s in ("burst", "cast") if s in by]
            print(f"{kind}: ballots/s ÷ floor inserts/s: " + ", ".join(parts))
            pairs = zip(by.get("cast", {}).get("round_rates", []), by["floor"]["round_rates"],
                        strict=False)
            ratios = [f"{c / f:.2f}" for c, f in pairs if f]
            if len(ratios) > 1:
                print(f"{kind}: cast ÷ floor in each round: " + ", ".join(ratios))
        for r in by.values():
            if r["errors"]:
                print(f"{kind} {r['scenario']} errors: {r['error_kinds']}")
            if r["reconnects"]:
                print(f"{kind} {r['scenario']}: {r['reconnects']} requests re-sent on a fresh "
                      "connection after the server closed an idle keep-alive one")
            if r["cards_vs_ballots"]:
                print(f"{kind} {r['scenario']}: used cards − ballots = {r['cards_vs_ballots']}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["client"]:
        client_main(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="bench/run-load", description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--scenarios", nargs="+", default=["hall", "burst", "cast", "floor"],
                        choices=["hall", "burst", "cast", "floor"])
    parser.add_argument("--duration", type=float, default=15,
                        help=f"seconds per scenario (at most {PHASE_CAP:.0f})")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--cards", type=int, default=30000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="cast and floor take turns in this many rounds (of --duration in all)")
    parser.add_argument("--think-min", type=float, default=1.0,
                        help="hall: shortest pause to read the ballot or check the choice")
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--pg-url", default=os.environ.get(
        "PB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    args.duration = min(args.duration, PHASE_CAP)
    work = Path(tempfile.mkdtemp(prefix="pb-load-"))
    started = time.monotonic()
    rows: list[dict] = []
    try:
        for kind in args.kinds:
            rows += run_kind(kind, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows, args)
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
