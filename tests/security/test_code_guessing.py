"""Guessing ballot codes: the site-wide limit slows every wrong code down without refusing a
right one, the desk's wrong codes count in the site's total, and a forged X-Forwarded-For
cannot give a guesser a fresh address per guess."""

from __future__ import annotations

import time

from pb import create_app, ratelimit
from pb.core.cardcode import new_card_code
from pb.debate import voting
from pb.extensions import db
from tests.conftest import IsolatedClient, _config, login
from tests.web.test_debate import cards, make_debate, open_

DELAY = 1.0


def _site_count(app) -> int:
    with app.app_context():
        return ratelimit.counts([voting.SITE_KEY], app.config["CODE_GUESS_WINDOW"])[
            voting.SITE_KEY]


def _timed_get(client, path: str):
    started = time.monotonic()
    response = client.get(path)
    return response.status_code, time.monotonic() - started


def test_one_fresh_address_per_guess_is_slowed_down_and_the_hall_still_votes(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    app.config.update(CODE_GUESS_SITE_LIMIT=3, CODE_GUESS_SITE_DELAY=DELAY)
    # A voter in the hall makes one typo that is still a well-formed code: one wrong code.
    voter = app.test_client()
    voter.environ_base = {"REMOTE_ADDR": "10.0.0.7"}
    assert voter.get(f"/v/{new_card_code()}").status_code == 404
    # A guesser with a fresh address for every guess: each is one client's first wrong code.
    answers = []
    for n in range(4):
        guesser = app.test_client()
        guesser.environ_base = {"REMOTE_ADDR": f"203.0.113.{n + 1}"}
        answers.append(_timed_get(guesser, f"/v/{new_card_code()}"))
    assert [status for status, _ in answers] == [404] * 4
    # Past the site's limit (3) every wrong code waits, whoever types it.
    assert all(took >= DELAY for _, took in answers[2:]), answers
    assert _site_count(app) == 5
    # The voter with one typo is not locked out: the right card opens at once.
    status, took = _timed_get(voter, f"/v/{issued[0].code}")
    assert status == 200 and took < DELAY
    # A right code at confirmation is not refused either.
    first = str(debate.entries[0].project_id)
    from tests.conftest import post

    assert post(voter, f"/v/{issued[1].code}/cast", {"project": [first]}).status_code == 303


def test_without_the_delay_wrong_codes_are_answered_at_once(app, cast):
    app.config.update(CODE_GUESS_SITE_LIMIT=0)  # the tests' setting: no delay
    guesser = app.test_client()
    status, took = _timed_get(guesser, f"/v/{new_card_code()}")
    assert status == 404 and took < 1.0


def test_wrong_codes_at_the_desk_count_in_the_sites_total(app, cast):
    debate = make_debate(cast)
    cards(debate, cast, 1)
    open_(debate, cast)
    desk = app.test_client()
    login(desk, cast.teller.login)
    for _ in range(2):
        desk.get(f"/debates/{debate.id}/desk", query_string={"code": new_card_code()})
    assert _site_count(app) == 2


def _behind_proxy(database_url: str):
    worker = create_app({**_config(database_url), "PROXY_FIX": True, "CODE_GUESS_SITE_DELAY": 0})
    worker.test_client_class = IsolatedClient
    return worker


def _counted(worker, *addresses: str) -> list[int]:
    with worker.app_context():
        keys = [f"client:{a}" for a in addresses]
        found = ratelimit.counts(keys, worker.config["CODE_GUESS_WINDOW"])
        db.session.remove()
    return [found[key] for key in keys]


def test_a_forged_forwarded_address_is_not_believed(app, database_url):
    worker = _behind_proxy(database_url)
    client = worker.test_client()
    # Straight to pb's port, claiming to be someone else: counted under the real address.
    client.get(f"/v/{new_card_code()}", environ_base={"REMOTE_ADDR": "203.0.113.9"},
               headers={"X-Forwarded-For": "198.51.100.1"})
    assert _counted(worker, "203.0.113.9", "198.51.100.1") == [1, 0]
    # Through the proxy (127.0.0.1 by default): counted under the address it forwards.
    client.get(f"/v/{new_card_code()}", environ_base={"REMOTE_ADDR": "127.0.0.1"},
               headers={"X-Forwarded-For": "198.51.100.2"})
    assert _counted(worker, "127.0.0.1", "198.51.100.2") == [0, 1]
    with worker.app_context():
        db.engine.dispose()
