"""Ballot secrecy against the database files: someone who copies them tries to pair cards with
ballots, the way the attack in issue 16 did.

On SQLite the attacker reads the write-ahead log (frames grouped by commit: the commit that turns
a card ``used`` is the one that adds its ballot) and the main file's pages (cells are written from
the end of a page towards its start, so their offsets follow the order of writing). On PostgreSQL
the heap keeps rows in the order they arrived. Each test says exactly what is left to pair.
"""

from __future__ import annotations

import re
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from pb.debate import services as debates
from pb.debate.models import Ballot, BallotMark
from pb.extensions import db
from tests.conftest import post
from tests.web.test_debate import cards, ids, make_debate, open_

VOTES = 10
CARD_STATUSES = {"issued", "used", "spoiled", "voided"}
RECEIPT = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")
HEX = re.compile(r"[0-9a-f]+")


def _dialect() -> str:
    return db.engine.dialect.name


# --- the attacker's tools: SQLite pages and the WAL, read by hand ------------------------------


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def _record(payload: bytes) -> list:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        kind, at = _varint(payload, at)
        types.append(kind)
    values, body = [], header_size
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    for kind in types:
        if kind in sizes:
            size = sizes[kind]
            raw = payload[body:body + size]
            values.append(None if kind == 0 else kind - 8 if kind in (8, 9)
                          else int.from_bytes(raw, "big", signed=True) if kind != 7 else raw)
        else:
            size = (kind - 12) // 2
            raw = payload[body:body + size]
            values.append(raw.decode("utf-8", "replace") if kind % 2 else raw)
        body += size
    return values


@dataclass(frozen=True)
class Cell:
    page: int
    offset: int  # where the cell lies in its page: lower offsets were written later
    values: tuple


def _cells(page: bytes, number: int) -> list[Cell]:
    """The cells of a b-tree page (records that fit the page; others are skipped)."""
    base = 100 if number == 1 else 0
    kind = page[base]
    if kind not in (0x02, 0x05, 0x0A, 0x0D):
        return []
    count = struct.unpack_from(">H", page, base + 3)[0]
    pointers = base + (12 if kind in (0x02, 0x05) else 8)
    out = []
    for i in range(count):
        try:
            offset = struct.unpack_from(">H", page, pointers + 2 * i)[0]
            at = offset + (4 if kind in (0x02, 0x05) else 0)
            if kind == 0x05:
                continue  # a table's interior cell holds only a key
            size, at = _varint(page, at)
            if kind == 0x0D:
                _, at = _varint(page, at)
            if size > len(page) - at:
                continue
            out.append(Cell(number, offset, tuple(_record(page[at:at + size]))))
        except (struct.error, IndexError, ValueError):
            continue
    return out


def _card(cell: Cell) -> tuple[str, str] | None:
    """(code hash, status) when the cell is a card's row."""
    v = cell.values
    if len(v) == 8 and v[5] in CARD_STATUSES and isinstance(v[4], str) and len(v[4]) == 64:
        return v[4], v[5]
    return None


def _ballot(cell: Cell) -> str | None:
    """The receipt when the cell is a ballot's row (id, debate, category, channel, receipt)."""
    v = cell.values
    if (len(v) == 5 and isinstance(v[0], str) and len(v[0]) == 32 and HEX.fullmatch(v[0])
            and isinstance(v[4], str) and RECEIPT.fullmatch(v[4])):
        return v[4]
    return None


def _pages(data: bytes, page_size: int):
    for i in range(len(data) // page_size):
        yield i + 1, data[i * page_size:(i + 1) * page_size]


def _wal_commits(wal: bytes) -> tuple[int, list[list[tuple[int, bytes]]], int]:
    """The WAL's valid frames grouped by commit, and how many bytes lie beyond them."""
    if len(wal) < 32:
        return 0, [], len(wal)
    page_size = struct.unpack_from(">I", wal, 8)[0]
    salts = wal[16:24]
    commits, frames, at, end = [], [], 32, 32
    while at + 24 + page_size <= len(wal):
        number, size_after = struct.unpack_from(">II", wal, at)
        if wal[at + 8:at + 16] != salts:
            break
        frames.append((number, wal[at + 24:at + 24 + page_size]))
        at += 24 + page_size
        if size_after:
            commits.append(frames)
            frames, end = [], at
    return page_size, commits, len(wal) - end


def pair_from_wal(main: bytes, wal: bytes) -> dict[str, str]:
    """Card (by code hash) → receipt, for each commit that turned one card used and added one
    ballot, judged against the newest earlier version of each row (the main file, then the
    WAL's earlier commits)."""
    page_size, commits, _ = _wal_commits(wal)
    if not commits:
        return {}
    status: dict[str, str] = {}
    receipts: set[str] = set()
    for number, page in _pages(main, page_size):
        for cell in _cells(page, number):
            if (card := _card(cell)) is not None:
                status.setdefault(*card)
            if (receipt := _ballot(cell)) is not None:
                receipts.add(receipt)
    pairs = {}
    for frames in commits:
        used, added = set(), set()
        for number, page in frames:
            for cell in _cells(page, number):
                if (card := _card(cell)) is not None:
                    if card[1] == "used" and status.get(card[0]) != "used":
                        used.add(card[0])
                    status[card[0]] = card[1]
                if (receipt := _ballot(cell)) is not None and receipt not in receipts:
                    added.add(receipt)
                    receipts.add(receipt)
        if len(used) == 1 and len(added) == 1:
            pairs[used.pop()] = added.pop()
    return pairs


def order_by_offsets(main: bytes, page_size: int, receipts: set[str]) -> list[str]:
    """The ballots in the order their cells were written, as far as the pages tell: within a
    page, cells are written from its end towards its start."""
    cells = [(cell.page, -cell.offset, _ballot(cell))
             for number, page in _pages(main, page_size) for cell in _cells(page, number)
             if _ballot(cell) in receipts]
    return [receipt for *_, receipt in sorted(cells)]


def _written_in_key_order(main: bytes, page_size: int, hashes: set[str],
                          receipts: set[str]) -> bool:
    """True when, in every page, the cells of the debate's cards and ballots lie in the order
    of their keys: the layout then tells nothing the keys do not."""
    cards_by_page: dict[int, list[Cell]] = {}
    ballots_by_page: dict[int, list[Cell]] = {}
    for number, page in _pages(main, page_size):
        for cell in _cells(page, number):
            if (card := _card(cell)) is not None and card[0] in hashes:
                cards_by_page.setdefault(number, []).append(cell)
            if _ballot(cell) in receipts:
                ballots_by_page.setdefault(number, []).append(cell)
    for by_page, key in ((cards_by_page, lambda c: c.values[2]),  # the card's number
                         (ballots_by_page, lambda c: c.values[0])):  # the ballot's key
        for cells in by_page.values():
            by_offset = [key(c) for c in sorted(cells, key=lambda c: c.offset)]
            if by_offset != sorted(by_offset) and by_offset != sorted(by_offset, reverse=True):
                return False
    return True


# --- the vote the attacker watches ---------------------------------------------------------


def _vote(app, cast) -> tuple[object, dict[str, str]]:
    """A debate with VOTES phone votes cast through the app, the cards taken out of order;
    the truth, in the order of voting: card hash → receipt."""
    debate = make_debate(cast)
    issued = cards(debate, cast, VOTES + 2)
    open_(debate, cast)
    first, second = (str(p) for p in ids(debate)[:2])
    truth = {}
    for i, n in enumerate([7, 2, 9, 0, 5, 11, 3, 8, 1, 6][:VOTES]):
        code = issued[n].code
        phone = app.test_client()
        phone.environ_base = {"REMOTE_ADDR": f"10.9.0.{i + 1}"}
        assert phone.get(f"/v/{code}").status_code == 200
        answer = post(phone, f"/v/{code}/cast", {"project": [first] if i % 2 else [first, second]})
        assert answer.status_code == 303
        truth[debates.card_hash(code)] = answer.headers["Location"].rsplit("/", 1)[1]
    return debate, truth


def _sqlite_files(tmp_path: Path, name: str) -> tuple[bytes, bytes]:
    """Copy the database and its WAL as they lie on disk, as the attacker would."""
    source = Path(db.engine.url.database)
    folder = tmp_path / name
    folder.mkdir()
    copies = []
    for suffix in ("", "-wal"):
        original = source.with_name(source.name + suffix)
        if original.exists():
            shutil.copyfile(original, folder / original.name)
            copies.append((folder / original.name).read_bytes())
        else:
            copies.append(b"")
    return copies[0], copies[1]


def _sqlite_pragma(statement: str):
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {statement}").first()


# --- the tests -------------------------------------------------------------------------------


def test_sqlite_files_pair_cards_with_ballots_only_while_voting_is_open(app, cast, tmp_path):
    if _dialect() != "sqlite":
        pytest.skip("the files of an SQLite database")
    _sqlite_pragma("wal_checkpoint(TRUNCATE)")  # the WAL starts empty, as after a quiet spell
    debate, truth = _vote(app, cast)
    receipts, page_size = set(truth.values()), _sqlite_pragma("page_size")[0]

    # While voting is open the WAL holds the commits since its last checkpoint: it pairs the
    # last two votes, rightly, and nothing of earlier ones lingers beyond its valid frames.
    main, wal = _sqlite_files(tmp_path, "during")
    during = pair_from_wal(main, wal)
    assert {truth[card] for card in during} == set(during.values())
    assert during.keys() == set(list(truth)[-2:])
    assert _wal_commits(wal)[2] == 0
    # And the pages keep the order in which ballots were written: this remains until the close.
    _sqlite_pragma("wal_checkpoint(TRUNCATE)")
    main, _ = _sqlite_files(tmp_path, "checkpointed")
    assert order_by_offsets(main, page_size, receipts) == list(truth.values())

    # The close rewrites the file in key order and empties the WAL: at rest nothing pairs.
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    main, wal = _sqlite_files(tmp_path, "closed")
    assert wal == b""
    assert pair_from_wal(main, wal) == {}
    assert _written_in_key_order(main, page_size, set(truth), receipts)
    assert order_by_offsets(main, page_size, receipts) == sorted(
        receipts, key=lambda r: db.session.scalar(sa.select(Ballot.id).where(Ballot.receipt == r)))


def test_postgresql_heap_holds_ballots_in_receipt_order_once_voting_is_closed(app, cast):
    if _dialect() != "postgresql":
        pytest.skip("the heap of a PostgreSQL database")
    debate, truth = _vote(app, cast)
    heap = "SELECT {} FROM {} ORDER BY ctid"
    arrived = db.session.scalars(sa.text(heap.format("receipt", "ballots"))).all()
    assert arrived == list(truth.values())  # the heap keeps arrival order while voting is open
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    closed = db.session.scalars(sa.text(heap.format("receipt", "ballots"))).all()
    assert closed == sorted(truth.values())
    marks = db.session.execute(sa.text(heap.format("ballot_id, project_id", "ballot_marks"))).all()
    assert marks == sorted(marks) and len(marks) == 15
    numbers = db.session.scalars(sa.text(heap.format("number", "ballot_cards"))).all()
    assert numbers == sorted(numbers)


def test_a_backup_lists_ballots_by_receipt_and_marks_by_ballot(app, cast, tmp_path):
    import json
    import tarfile

    from pb.ops.backup import DATA_NAME, write_backup

    _, truth = _vote(app, cast)
    write_backup(tmp_path / "backup.tar.gz", tmp_path / "instance")
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        tables = json.loads(archive.extractfile(DATA_NAME).read())["tables"]
    assert [b["receipt"] for b in tables["ballots"]] == sorted(truth.values())
    marks = [(m["ballot_id"], m["project_id"]) for m in tables["ballot_marks"]]
    assert marks == sorted(marks) and len(marks) == 15
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BallotMark)) == 15
