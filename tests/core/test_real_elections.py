"""Real Pabulib elections: pb reproduces the official winners and pabutools' outcomes.

Always on the small set in the repository (``tests/data/pabulib/``), which covers every ballot
type and rule; over the whole library when ``PB_PABULIB_DIR`` names it (skipped otherwise, and a
failure in CI).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pb.core import pabulib
from pb.core.tally import TallyError, parse_rule, tally
from tests.pabulib_files import (
    IN_REPO_DIR,
    in_repo_files,
    library_params,
    require_library,
    skip_or_fail,
)

IN_REPO = in_repo_files()
# The library's copies of the in-repository files are already checked by the in-repository tests.
LIBRARY = library_params(exclude=set(IN_REPO))


@pytest.fixture(scope="module")
def elections():
    return {}


def load(cache, path: Path):
    if path not in cache:
        cache[path] = pabulib.read(path)
    return cache[path]


def supported(rule: str) -> bool:
    try:
        parse_rule(rule)
    except TallyError:
        return False
    return True


def check_official_winners(election) -> None:
    """The file's rule selects the projects the city funded; an unsupported rule is refused."""
    official = pabulib.selected_in_file(election)
    rule = election.meta.get("rule", "")
    if not supported(rule):
        with pytest.raises(TallyError):
            tally(election, pabulib_defaults=True)
        return
    result = tally(election, pabulib_defaults=True)
    assert result.total_cost <= election.budget
    if official is not None:
        assert sorted(result.selected) == sorted(official)


def check_pabutools(election, rule: str, reference: dict, name: str) -> None:
    """pb with pabutools' conventions selects what pabutools selected."""
    expected = reference["files"].get(name, {}).get("outcomes", {}).get(rule)
    if expected is None:
        assert name not in reference["files"] or rule not in reference["files"][name]["outcomes"]
        return
    # pabutools: exact shares of the real budget (no flooring), no vote threshold, ties by id
    result = tally(election, rule, tie_breaking="id", apply_threshold=False, integral=False)
    assert sorted(result.selected) == sorted(expected)


# --- the set in the repository ----------------------------------------------------------------


def test_the_in_repo_set_covers_every_ballot_type_and_rule(elections):
    loaded = {name: load(elections, IN_REPO_DIR / name) for name in IN_REPO}
    assert {e.vote_type for e in loaded.values()} >= {"approval", "choose-1", "cumulative",
                                                      "ordinal"}
    with_official = {e.meta["rule"] for e in loaded.values()
                     if pabulib.selected_in_file(e) is not None}
    assert with_official >= {"greedy", "greedy-no-skip", "greedy-threshold", "equalshares/add1",
                             "equalshares/add1-comparison"}
    ordinal = [e for e in loaded.values() if e.vote_type == "ordinal"]
    assert any(pabulib.selected_in_file(e) is not None for e in ordinal)
    reference = json.loads((IN_REPO_DIR / "pabutools_outcomes.json").read_text("utf-8"))
    assert set(reference["files"]) <= set(IN_REPO)
    assert len(reference["files"]) >= 5


@pytest.mark.parametrize("name", IN_REPO)
def test_official_winners(name, elections):
    check_official_winners(load(elections, IN_REPO_DIR / name))


@pytest.mark.parametrize("name", IN_REPO)
@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_pabutools_outcomes(name, rule, elections):
    reference = json.loads((IN_REPO_DIR / "pabutools_outcomes.json").read_text("utf-8"))
    check_pabutools(load(elections, IN_REPO_DIR / name), rule, reference, name)


# --- the whole library (PB_PABULIB_DIR) -------------------------------------------------------


def test_the_library_is_there(elections):
    folder = require_library()
    names = sorted(p.name for p in folder.glob("*.pb"))
    assert len(names) >= 20, f"only {len(names)} .pb files in {folder}"
    checked = [
        name for name in names
        if pabulib.selected_in_file(load(elections, folder / name)) is not None
        and supported(load(elections, folder / name).meta.get("rule", ""))
    ]
    assert len(checked) >= 15


@pytest.mark.parametrize("name", LIBRARY)
def test_library_official_winners(name, elections):
    check_official_winners(load(elections, require_library() / name))


@pytest.mark.parametrize("name", LIBRARY)
@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_library_pabutools_outcomes(name, rule, elections):
    folder = require_library()
    reference_file = folder / "pabutools_outcomes.json"
    if not reference_file.is_file():
        missing = f"no pabutools_outcomes.json in {folder}: nothing to compare with"
        skip_or_fail(missing)
    reference = json.loads(reference_file.read_text("utf-8"))
    check_pabutools(load(elections, folder / name), rule, reference, name)
