"""Vote day against a real gunicorn with several worker processes, on the database under test:
one card submitted by many phones at once counts once; many cards at once are all counted,
exactly once; a crash of every process in the middle of a burst loses nothing acknowledged and
leaves no card half used.

The outcome is deterministic, the timing is not: every assertion holds whichever request wins.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue

from tests.system.harness import (
    Client,
    Hall,
    cast,
    open_ballot,
    prepare_debate,
    receipt_of,
    stored,
)

USED_TITLE = "Ta karta została już użyta"  # "This card has already been used"


def marks_for(hall: Hall, i: int) -> list[int]:
    """Card i's choice: one project, or two for every fourth card (the debate allows 1–2)."""
    pids = hall.project_ids
    first = pids[i % len(pids)]
    return [first, pids[(i + 1) % len(pids)]] if i % 4 == 0 else [first]


def expected_tally(hall: Hall, cards: range) -> dict[int, int]:
    return dict(Counter(pid for i in cards for pid in marks_for(hall, i)))


def vote(client: Client, hall: Hall, i: int) -> tuple[str, str | None]:
    """The whole phone flow for card i: ("ok", receipt), ("refused", status) or raises."""
    code, marks = hall.codes[i], marks_for(hall, i)
    status, token = open_ballot(client, code, marks)
    if token is None:
        return "refused", str(status)
    status, headers, _ = cast(client, code, marks, token)
    if status == 303:
        found = receipt_of(headers)
        assert found is not None, f"303 to an unexpected place: {headers.get('location')}"
        assert found[0] == hall.debate_id
        return "ok", found[1]
    return "refused", str(status)


# --- 1. one card, many phones ----------------------------------------------------------------


def test_one_card_submitted_by_many_phones_at_once_counts_once(tmp_path, scratch_db,
                                                               server_factory):
    hall = prepare_debate(scratch_db, tmp_path / "instance", cards=1)
    server = server_factory()
    server.start()
    code, marks = hall.codes[0], [hall.project_ids[1]]
    phones = 32
    barrier = threading.Barrier(phones, timeout=120)

    def phone(_: int):
        client = Client(server.port)
        try:
            status, token = open_ballot(client, code, marks)
            assert token is not None, f"the ballot page answered {status} before any vote"
            barrier.wait()  # every phone presses "Confirm my vote" at once
            return cast(client, code, marks, token)
        except BaseException:
            barrier.abort()
            raise
        finally:
            client.close()

    with ThreadPoolExecutor(phones) as pool:
        answers = list(pool.map(phone, range(phones), timeout=180))

    statuses = Counter(status for status, _, _ in answers)
    assert statuses == {303: 1, 410: phones - 1}, statuses
    (winner,) = [receipt_of(h) for s, h, _ in answers if s == 303]
    assert winner is not None and winner[0] == hall.debate_id
    assert all(USED_TITLE in page for s, _, page in answers if s == 410)

    db = stored(scratch_db, hall.debate_id)
    assert db.ballots == 1 and db.receipts == {winner[1]}
    assert db.cards == {"used": 1}
    assert db.tally == {marks[0]: 1}


# --- 2. many cards, many phones --------------------------------------------------------------


def test_many_cards_at_once_are_each_counted_exactly_once(tmp_path, scratch_db, server_factory):
    n_cards, phones = 120, 40
    hall = prepare_debate(scratch_db, tmp_path / "instance", cards=n_cards)
    server = server_factory()
    server.start()
    todo: SimpleQueue[int] = SimpleQueue()
    for i in range(n_cards):
        todo.put(i)
    barrier = threading.Barrier(phones, timeout=60)
    outcomes: dict[int, tuple[str, str | None]] = {}
    receipt_pages: list[int] = []

    def phone(_: int) -> None:
        client = Client(server.port)
        try:
            barrier.wait()
            while True:
                try:
                    i = todo.get_nowait()
                except Empty:
                    return
                outcome = vote(client, hall, i)
                outcomes[i] = outcome
                if outcome[0] == "ok":
                    status, _, page = client.request(
                        "GET", f"/debates/{hall.debate_id}/receipt/{outcome[1]}")
                    receipt_pages.append(status)
                    assert outcome[1][:4] in page
        except BaseException:
            barrier.abort()
            raise
        finally:
            client.close()

    with ThreadPoolExecutor(phones) as pool:
        for future in [pool.submit(phone, k) for k in range(phones)]:
            future.result(timeout=240)

    refused = {i: o for i, o in outcomes.items() if o[0] != "ok"}
    assert not refused, f"cards refused (status): {refused}"
    receipts = [o[1] for o in outcomes.values()]
    assert len(receipts) == n_cards and len(set(receipts)) == n_cards
    assert receipt_pages == [200] * n_cards

    db = stored(scratch_db, hall.debate_id)
    assert db.receipts == set(receipts)
    assert db.ballots == n_cards
    assert db.cards == {"used": n_cards}
    assert db.tally == expected_tally(hall, range(n_cards))


# --- 3. a crash in the middle of a burst -----------------------------------------------------


def test_a_crash_mid_burst_loses_nothing_acknowledged_and_half_uses_no_card(
        tmp_path, scratch_db, server_factory):
    n_cards, phones, crash_after = 180, 30, 60
    hall = prepare_debate(scratch_db, tmp_path / "instance", cards=n_cards)
    server = server_factory()
    server.start()
    todo: SimpleQueue[int] = SimpleQueue()
    for i in range(n_cards):
        todo.put(i)
    acknowledged: dict[int, str] = {}
    in_doubt: dict[int, str] = {}  # card -> what happened to its submission
    not_sent: list[int] = []  # the server was gone before the card's cast reached it
    crashed = threading.Event()
    enough = threading.Event()
    lock = threading.Lock()

    def phone(_: int) -> None:
        client = Client(server.port, timeout=30)
        try:
            while not crashed.is_set():
                try:
                    i = todo.get_nowait()
                except Empty:
                    return
                try:
                    outcome, detail = vote(client, hall, i)
                except ConnectionRefusedError:  # the server was already gone
                    not_sent.append(i)
                    continue
                # The server died under this request: the connection dropped, or a page was cut
                # off in the middle (IncompleteRead is not an OSError).
                except (OSError, http.client.HTTPException) as error:
                    in_doubt[i] = repr(error)
                    continue
                if outcome == "ok":
                    with lock:
                        acknowledged[i] = detail
                        if len(acknowledged) >= crash_after:
                            enough.set()
                else:
                    in_doubt[i] = f"refused {detail}"
        finally:
            client.close()

    with ThreadPoolExecutor(phones) as pool:
        futures = [pool.submit(phone, k) for k in range(phones)]
        try:
            assert enough.wait(timeout=120), (
                f"only {len(acknowledged)} ballots acknowledged before the crash was due")
            server.kill()  # SIGKILL to the master and every worker, mid-burst
        finally:
            crashed.set()
        for future in futures:
            future.result(timeout=120)
    assert len(acknowledged) < n_cards, "the burst ended before the crash"
    while True:
        try:
            not_sent.append(todo.get_nowait())
        except Empty:
            break
    assert all(not detail.startswith("refused") for detail in in_doubt.values()), in_doubt

    # Right after the crash, before anything else touches the database.
    server.start()
    after_crash = stored(scratch_db, hall.debate_id)
    assert set(acknowledged.values()) <= after_crash.receipts, "an acknowledged ballot was lost"
    assert after_crash.cards.get("used", 0) == after_crash.ballots, (
        f"cards and ballots disagree: {after_crash.cards} vs {after_crash.ballots} ballots")
    assert all(n >= 1 for n in after_crash.marks_per_ballot.values()), "a ballot lost its marks"
    assert after_crash.ballots - len(acknowledged) <= len(in_doubt)

    # Finish the vote: every card not acknowledged is tried again on the restarted server.
    # A card whose ballot was stored before the crash is refused as used; any other card counts.
    retried: dict[int, tuple[str, str | None]] = {}
    retry_queue: SimpleQueue[int] = SimpleQueue()
    for i in [*in_doubt, *not_sent]:
        retry_queue.put(i)

    def finisher(_: int) -> None:
        client = Client(server.port)
        try:
            while True:
                try:
                    i = retry_queue.get_nowait()
                except Empty:
                    return
                retried[i] = vote(client, hall, i)
        finally:
            client.close()

    with ThreadPoolExecutor(10) as pool:
        for future in [pool.submit(finisher, k) for k in range(10)]:
            future.result(timeout=240)

    assert set(acknowledged) | set(retried) == set(range(n_cards))
    refused_again = {i for i, (o, _) in retried.items() if o != "ok"}
    assert refused_again <= set(in_doubt), "a card never sent before the crash was refused"
    assert all(retried[i] == ("refused", "410") for i in refused_again), retried
    final = stored(scratch_db, hall.debate_id)
    all_receipts = set(acknowledged.values()) | {r for o, r in retried.values() if o == "ok"}
    assert all_receipts <= final.receipts
    # The ballots stored but never acknowledged are exactly the cards refused on the retry.
    assert final.ballots - len(all_receipts) == len(refused_again)
    assert final.ballots == n_cards
    assert final.cards == {"used": n_cards}
    assert all(n >= 1 for n in final.marks_per_ballot.values())
    assert final.tally == expected_tally(hall, range(n_cards))
