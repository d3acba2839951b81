"""Real Pabulib elections: pb reproduces the official winners and pabutools' outcomes."""

from __future__ import annotations

import json

import pytest

from pb.core import pabulib
from pb.core.tally import TallyError, parse_rule, tally
from tests.core.conftest import PABULIB_DIR

FILES = sorted(p.name for p in PABULIB_DIR.glob("*.pb")) if PABULIB_DIR.is_dir() else []


def test_the_shared_elections_are_there():
    assert PABULIB_DIR.is_dir(), f"the real elections are missing: expected {PABULIB_DIR}"
    assert len(FILES) >= 20


@pytest.fixture(scope="module")
def elections():
    return {}


def load(cache, name):
    if name not in cache:
        cache[name] = pabulib.read(PABULIB_DIR / name)
    return cache[name]


@pytest.fixture(scope="module")
def reference():
    return json.loads((PABULIB_DIR / "pabutools_outcomes.json").read_text(encoding="utf-8"))


def supported(rule: str) -> bool:
    try:
        parse_rule(rule)
    except TallyError:
        return False
    return True


@pytest.mark.parametrize("name", FILES)
def test_official_winners(name, elections):
    election = load(elections, name)
    official = pabulib.selected_in_file(election)
    rule = election.meta.get("rule", "")
    if official is None or not supported(rule):
        with pytest.raises(TallyError) if not supported(rule) else _nothing():
            tally(election, pabulib_defaults=True)
        return
    result = tally(election, pabulib_defaults=True)
    assert sorted(result.selected) == sorted(official)
    assert result.total_cost <= election.budget


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_enough_files_have_official_winners(elections):
    checked = [
        name for name in FILES
        if pabulib.selected_in_file(load(elections, name)) is not None
        and supported(load(elections, name).meta.get("rule", ""))
    ]
    assert len(checked) >= 15


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_pabutools_outcomes(name, rule, elections, reference):
    expected = reference["files"].get(name, {}).get("outcomes", {}).get(rule)
    if expected is None:
        assert name not in reference["files"] or rule not in reference["files"][name]["outcomes"]
        return
    election = load(elections, name)
    # pabutools: exact shares of the real budget (no flooring), no vote threshold, ties by id
    result = tally(election, rule, tie_breaking="id", apply_threshold=False, integral=False)
    assert sorted(result.selected) == sorted(expected)
