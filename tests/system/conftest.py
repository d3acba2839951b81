"""Fixtures of the system tests: a scratch database of the kind under test, and a gunicorn
serving pb on it that is always killed at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.system.harness import Gunicorn, create_scratch_database, migrate


@pytest.fixture
def scratch_db(tmp_path) -> Iterator[str]:
    url, drop = create_scratch_database(tmp_path)
    try:
        migrate(url, tmp_path / "instance")
        yield url
    finally:
        drop()


@pytest.fixture
def server_factory(tmp_path, scratch_db) -> Iterator:
    servers: list[Gunicorn] = []

    def make(**kwargs) -> Gunicorn:
        server = Gunicorn(scratch_db, tmp_path / "instance", tmp_path, **kwargs)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()
