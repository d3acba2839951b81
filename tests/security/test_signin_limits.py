"""Password sign-in under attack: failed sign-ins are limited per login and per client, the
answers do not tell which logins exist (not even by their time), and the coordinator unlocks."""

from __future__ import annotations

import statistics
import time

import pytest
import sqlalchemy as sa

from pb import ratelimit
from pb.accounts import services as accounts
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.models import AuditEvent
from tests.conftest import PASSWORD, login, page_text, post

LOCKED = "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za"
WRONG = "Nieprawidłowy login lub hasło."


@pytest.fixture(autouse=True)
def _clear_of_a_window_edge(app):
    """The counts are kept in fixed windows; a test that started near the end of one would see
    its count start again halfway. Wait for the next window then (rarely, at most a minute)."""
    left = ratelimit.seconds_left(app.config["SIGNIN_WINDOW"])
    if left < 60:
        time.sleep(left + 0.1)


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try(client, user_login: str, password: str):
    return post(client, "/login", {"login": user_login, "password": password})


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_forty_wrong_passwords_lock_the_login_even_for_the_right_one(app, cast):
    attacker = _client(app, "203.0.113.5")
    answers = [_try(attacker, cast.participant.login, f"zgaduję {i}") for i in range(40)]
    assert [a.status_code for a in answers] == [400] * 10 + [429] * 30
    assert WRONG in page_text(answers[9])
    locked = answers[-1]
    assert LOCKED in page_text(locked) and "poproś koordynatora o odblokowanie" in page_text(locked)
    assert 0 < int(locked.headers["Retry-After"]) <= app.config["SIGNIN_WINDOW"]
    # The owner, from another address, with the right password: refused while locked.
    owner = _client(app, "198.51.100.7")
    refused = _try(owner, cast.participant.login, PASSWORD)
    assert refused.status_code == 429 and LOCKED in page_text(refused)
    assert not _signed_in(owner)


def test_the_lock_ends_with_its_window(app, cast):
    now = time.time()
    for i in range(11):
        with pytest.raises(DomainError):
            accounts.sign_in(cast.participant.login, f"zgaduję {i}", client="203.0.113.5", now=now)
    with pytest.raises(accounts.SignInLimited):
        accounts.sign_in(cast.participant.login, PASSWORD, client="198.51.100.7", now=now)
    later = now + app.config["SIGNIN_WINDOW"]
    assert accounts.sign_in(cast.participant.login, PASSWORD, client="198.51.100.7",
                            now=later) == cast.participant


def test_too_many_failures_from_one_client_lock_it_out_of_every_login(app, cast):
    attacker = _client(app, "203.0.113.9")
    limit = app.config["SIGNIN_CLIENT_LIMIT"]
    # One guess at each of many logins: no login reaches its own limit.
    answers = [_try(attacker, f"osoba.{i}", "hasło123") for i in range(limit)]
    assert {a.status_code for a in answers} == {400}
    assert _try(attacker, cast.coordinator.login, PASSWORD).status_code == 429
    assert not _signed_in(attacker)
    # Another client is not held back.
    login(_client(app, "198.51.100.8"), cast.coordinator.login)


def test_a_sign_in_clears_the_count_of_its_login(app, cast):
    client = _client(app, "198.51.100.10")
    for i in range(9):
        assert _try(client, cast.animator.login, f"pomyłka {i}").status_code == 400
    login(client, cast.animator.login)
    post(client, "/logout")
    answers = [_try(client, cast.animator.login, f"pomyłka {i}").status_code for i in range(10)]
    assert answers == [400] * 10


def test_missing_and_existing_logins_get_the_same_answers(app, cast):
    def answers(user_login: str, address: str) -> list[tuple[int, str]]:
        client = _client(app, address)
        return [(r.status_code, WRONG if WRONG in page_text(r) else
                 LOCKED if LOCKED in page_text(r) else page_text(r))
                for r in (_try(client, user_login, f"zgaduję {i}") for i in range(12))]

    known = answers(cast.participant.login, "203.0.113.20")
    assert known == [(400, WRONG)] * 10 + [(429, LOCKED)] * 2
    assert answers("nikt.taki", "203.0.113.21") == known


def test_a_missing_login_takes_as_long_as_an_existing_one(app, cast):
    """With a hash that costs time (production uses scrypt), a sign-in to a login that does not
    exist must cost as much as one to a login that does."""
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:200000"
    cast.official.set_password(PASSWORD)
    db.session.commit()
    client = _client(app, "203.0.113.30")

    def took(user_login: str) -> float:
        start = time.perf_counter()
        assert _try(client, user_login, "nie to hasło").status_code == 400
        return time.perf_counter() - start

    existing, missing = [], []
    for _ in range(5):  # interleaved, so a busy machine slows both alike
        existing.append(took(cast.official.login))
        missing.append(took("nikt.taki@pb.test"))
    assert statistics.median(missing) > 0.6 * statistics.median(existing), (existing, missing)


def test_the_coordinator_unlocks_a_login(app, cast):
    attacker = _client(app, "203.0.113.40")
    for i in range(11):
        _try(attacker, cast.participant.login, f"zgaduję {i}")
    owner = _client(app, "198.51.100.40")
    assert _try(owner, cast.participant.login, PASSWORD).status_code == 429

    animator = app.test_client()
    login(animator, cast.animator.login)
    assert post(animator, f"/accounts/{cast.participant.id}/unlock").status_code == 403
    assert _try(owner, cast.participant.login, PASSWORD).status_code == 429

    coordinator = app.test_client()
    login(coordinator, cast.coordinator.login)
    page = page_text(coordinator.get(f"/accounts/{cast.participant.id}"))
    assert "Logowanie zablokowane" in page and "Odblokuj logowanie" in page
    unlocked = post(coordinator, f"/accounts/{cast.participant.id}/unlock",
                    follow_redirects=True)
    assert "Piotr Uczestnik może znów zalogować się hasłem." in page_text(unlocked)
    assert "Odblokuj logowanie" not in page_text(unlocked)
    login(owner, cast.participant.login)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "signin_unlocked"))
    assert event.subject == f"user:{cast.participant.id}" and event.actor_id == cast.coordinator.id


def test_with_redis_the_limit_and_the_unlock_hold_across_workers(database_url, app, cast):
    """Two app instances (two worker processes) keep the sign-in counts in Redis: guesses
    spread over both are counted together, and an unlock in one frees the login in the other."""
    import redis

    from pb import create_app
    from tests.conftest import IN_CI, PUBLIC_URL, TEST_SECRET

    url = "redis://127.0.0.1:6379/11"
    store = redis.Redis.from_url(url)
    try:
        store.flushdb()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            raise
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    workers = [create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "PUBLIC_URL": PUBLIC_URL,
                           "SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": url})
               for _ in range(2)]
    try:
        answers = [_try(_client(workers[i % 2], "203.0.113.50"), cast.participant.login,
                        f"zgaduję {i}").status_code for i in range(12)]
        assert answers == [400] * 10 + [429] * 2
        assert _try(_client(workers[0], "198.51.100.50"), cast.participant.login,
                    PASSWORD).status_code == 429
        coordinator = workers[1].test_client()
        login(coordinator, cast.coordinator.login)
        post(coordinator, f"/accounts/{cast.participant.id}/unlock")
        login(_client(workers[0], "198.51.100.50"), cast.participant.login)
    finally:
        store.flushdb()
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()
