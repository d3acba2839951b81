"""Where the tests find real Pabulib elections.

The small set in ``tests/data/pabulib/`` is part of the repository and always there. The whole
library (for the full reproduction test) is wherever ``PB_PABULIB_DIR`` points: when it is unset
or not a folder, the tests that need it skip with that reason, or fail in CI, where nothing may
be skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from tests.conftest import IN_CI

DATA_DIR = Path(__file__).resolve().parent / "data"
IN_REPO_DIR = DATA_DIR / "pabulib"
LIBRARY_ENV = "PB_PABULIB_DIR"


def in_repo(name: str) -> Path:
    """A file of the in-repository set, by name."""
    path = IN_REPO_DIR / name
    assert path.is_file(), f"missing from the repository: {path}"
    return path


def in_repo_files() -> list[str]:
    """The names of the in-repository elections, sorted."""
    return sorted(p.name for p in IN_REPO_DIR.glob("*.pb"))


def library_dir() -> Path | None:
    """The folder ``PB_PABULIB_DIR`` names, when it is set and is a folder."""
    value = os.environ.get(LIBRARY_ENV, "")
    path = Path(value).expanduser() if value else None
    return path if path is not None and path.is_dir() else None


def library_missing_reason() -> str:
    """Why the whole library is not available (plain words, naming the setting)."""
    value = os.environ.get(LIBRARY_ENV, "")
    if not value:
        return (f"{LIBRARY_ENV} is not set: point it at a folder of Pabulib .pb files to run "
                "the tests over the whole library")
    return f"{LIBRARY_ENV}={value} is not a folder"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test with ``reason``; in CI fail it, since nothing may be skipped there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing may be skipped)")
    pytest.skip(reason)


def require_library() -> Path:
    """The whole library's folder; otherwise skip the test, or fail it in CI."""
    path = library_dir()
    if path is None:
        skip_or_fail(library_missing_reason())
    return path


def library_params(exclude: set[str]) -> list:
    """Parameters for a test over each library file not in ``exclude``; without the library, one
    parameter that makes the test skip (or fail in CI) with the reason, so it is never silent."""
    path = library_dir()
    if path is None:
        return [pytest.param(None, id="no-library")]
    return sorted(p.name for p in path.glob("*.pb") if p.name not in exclude)
