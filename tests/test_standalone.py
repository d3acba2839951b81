"""A fresh clone of pb, with nothing beside it, collects its tests and passes the ones it carries
data for: no test depends on a folder outside the repository.

The clone is of the committed HEAD (uncommitted changes are not in it). It runs with this
interpreter, with ``PYTHONPATH`` pointing at the clone so the clone's own ``pb`` is imported, and
without ``PB_PABULIB_DIR`` and ``CI``, as a new user would run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pabulib_files import LIBRARY_ENV, skip_or_fail

ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The committed HEAD, checked out alone in an empty folder."""
    if shutil.which("git") is None:
        skip_or_fail("git is not installed: cannot clone the repository to test it stands alone")
    top = _git("rev-parse", "--show-toplevel")
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT:
        skip_or_fail(f"{ROOT} is not a git checkout: cannot clone it to test it stands alone")
    head = _git("rev-parse", "HEAD").stdout.strip()
    target = tmp_path / "lonely" / "pb"
    target.parent.mkdir()
    # --shared borrows the objects instead of copying them: the working tree is what matters
    cloned = _git("clone", "-q", "--shared", "--no-checkout", str(ROOT), str(target))
    assert cloned.returncode == 0, cloned.stderr
    checkout = _git("checkout", "-q", "--detach", head, cwd=target)
    assert checkout.returncode == 0, checkout.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == ["pb"]  # no ../shared beside it
    return target


def _run(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {LIBRARY_ENV, "CI", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(clone)
    return subprocess.run([sys.executable, *args], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_a_lone_clone_collects_and_passes_its_own_data_tests(clone):
    own = _run(clone, "-c", "import pb; print(pb.__file__)")
    assert own.stdout.strip() == str(clone / "pb" / "__init__.py"), own.stderr

    collected = _run(clone, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q")
    summary = collected.stdout.strip().splitlines()[-1:]
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    assert "error" not in " ".join(summary).lower(), summary
    assert re.search(r"\d+ tests? collected", collected.stdout), summary

    core = _run(clone, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", "tests/core")
    assert core.returncode == 0, core.stdout[-3000:] + core.stderr[-3000:]
    passed = re.search(r"(\d+) passed", core.stdout)
    assert passed and int(passed.group(1)) >= 50, core.stdout[-1000:]
    skipped = [line for line in core.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skipped, "the tests over the whole library should say they skipped"
    for line in skipped:
        assert f"{LIBRARY_ENV} is not set" in line, line
