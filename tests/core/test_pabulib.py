"""Reading and writing the Pabulib .pb format."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest

from pb.core import pabulib
from pb.core.tally import Ballot, Election, Project, tally
from tests.pabulib_files import DATA_DIR

SAMPLE = '''META
key;value
description;"Test; with ""quotes"""
num_projects;3
num_votes;4
budget;1000.50
vote_type;approval
rule;greedy
min_length;1
max_length;2
PROJECTS
project_id;cost;votes;name;category;selected
p1;600;3;"Plac zabaw; etap 1";sport;1
p2;400.25;2;"Name, with ""quotes""";culture;1
p3;100;1;Bench;;0
VOTES
voter_id;vote
v1;p1,p2
v2;p1
v3;p1,p2,p1
v4;p3
'''


def test_reads_sections_quotes_and_exact_money():
    election = pabulib.loads(SAMPLE)
    assert election.budget == Fraction("1000.50")
    assert [p.id for p in election.projects] == ["p1", "p2", "p3"]
    assert election.projects[0].name == "Plac zabaw; etap 1"
    assert election.projects[1].name == 'Name, with "quotes"'
    assert election.projects[1].cost == Fraction(40025, 100)
    assert election.projects[0].category == "sport"
    assert election.projects[2].category is None
    assert election.min_length == 1 and election.max_length == 2
    assert election.meta["rule"] == "greedy"
    # a project named twice on an approval ballot counts once
    assert election.ballots[2].projects == ("p1", "p2")
    assert election.scores() == {"p1": 3, "p2": 2, "p3": 1}
    assert pabulib.selected_in_file(election) == ["p1", "p2"]


def test_bom_and_crlf_are_accepted():
    text = "\ufeff" + SAMPLE.replace("\n", "\r\n")
    election = pabulib.loads(text)
    assert [p.id for p in election.projects] == ["p1", "p2", "p3"]
    assert election.meta["description"] == 'Test; with "quotes"'


def test_read_file_with_bom(tmp_path):
    path = tmp_path / "x.pb"
    path.write_bytes(("\ufeff" + SAMPLE).encode("utf-8"))
    assert pabulib.read(path).budget == Fraction("1000.5")


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("p1,p2\n", "p1,p9\n"), 18, "unknown project 'p9'"),
        (("p3;100;", "p3;abc;"), 15, "cost is not a number"),
        (("p3;100;1;Bench;;0", "p3;100;1;Bench;0"), 15, "fields"),
        (("budget;1000.50\n", ""), None, "no budget"),
        (("v4;p3", "v1;p3"), 21, "voter 'v1' appears twice"),
        (("p3;100;", "p1;100;"), 15, "listed twice"),
        (("vote_type;approval", "vote_type;plurality"), 7, "unknown vote_type"),
        (("voter_id;vote", "voter;vote"), 17, "'voter_id'"),
        (("min_length;1", "min_length;1.5"), 9, "whole number"),
        (("PROJECTS\n", "PROJECTZ\n"), 11, "PROJECTZ"),
    ],
)
def test_bad_files_name_the_line_and_problem(change, line, words):
    text = SAMPLE.replace(*change)
    with pytest.raises(pabulib.PabulibError) as caught:
        pabulib.loads(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    if line:
        assert str(caught.value).startswith(f"line {line}:")


def test_missing_section():
    with pytest.raises(pabulib.PabulibError, match="section VOTES is missing"):
        pabulib.loads(SAMPLE.split("VOTES")[0])


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_bytes(SAMPLE.encode("utf-8").replace(b"Bench", b"B\xe9nch"))
    with pytest.raises(pabulib.PabulibError, match="line 15: the file is not UTF-8"):
        pabulib.read(path)


def test_points_ballots_need_matching_points():
    text = SAMPLE.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote\n", "voter_id;vote;points\n"
    ).replace("v1;p1,p2\n", "v1;p1,p2;3,2\n").replace("v2;p1\n", "v2;p1;5\n").replace(
        "v3;p1,p2,p1\n", "v3;p1,p2;1,4\n"
    ).replace("v4;p3\n", "v4;p3;2,3\n")
    with pytest.raises(pabulib.PabulibError, match="line 21: 1 projects but 2 points"):
        pabulib.loads(text)
    election = pabulib.loads(text.replace("v4;p3;2,3", "v4;p3;2"))
    assert election.scores() == {"p1": 9, "p2": 6, "p3": 2}


def test_ordinal_ballots_use_borda_by_max_length():
    text = SAMPLE.replace("vote_type;approval", "vote_type;ordinal").replace(
        "v3;p1,p2,p1", "v3;p2,p1"
    )
    election = pabulib.loads(text)
    # max_length 2: first choice 2 points, second 1
    assert election.scores() == {"p1": 2 + 2 + 1, "p2": 1 + 2, "p3": 2}
    custom = pabulib.loads(text.replace("rule;greedy", "rule;greedy\nscoring_fn;5,1"))
    assert custom.scores() == {"p1": 5 + 5 + 1, "p2": 1 + 5, "p3": 5}


def test_round_trip_keeps_the_election_and_anonymises_voters():
    election = pabulib.loads(SAMPLE)
    text = pabulib.dumps(election)
    again = pabulib.loads(text)
    assert again.projects == election.projects
    assert [p.extra.get("selected") for p in again.projects] == ["1", "1", "0"]
    assert again.ballots == election.ballots
    assert again.budget == election.budget
    assert again.meta["rule"] == "greedy"
    assert "v1" not in text and "\n1;p1,p2\n" in text
    assert tally(again).selected == tally(election).selected


def test_round_trip_points_categories_and_weights(tmp_path):
    election = Election(
        [Project("a", Fraction("10.5"), "A"), Project("b", 7, "B; b")],
        [
            Ballot(("a", "b"), (3, 2), "resident"),
            Ballot(("b",), (5,), "official"),
        ],
        budget=20,
        vote_type="cumulative",
        category_weights={"official": 2},
    )
    path = tmp_path / "out.pb"
    pabulib.write(election, path)
    again = pabulib.read(path)
    assert again.projects == election.projects
    assert again.ballots == election.ballots
    assert again.category_weights == {"official": 2}
    assert again.scores() == {"a": 3, "b": 2 + 10}


def test_reads_a_debate_file_pb_wrote_with_weighted_categories():
    # pb's own extension: a voter_category column and the categories' weights in META
    election = pabulib.read(DATA_DIR / "pb_debate_weighted.pb")
    assert election.category_weights == {"resident": 1, "official": 3}
    assert Counter(b.category for b in election.ballots) == {"resident": 12, "official": 3}
    assert election.project("2").cost == Fraction("4500.5")
    assert election.project("4").name == "Sąsiedzka naprawialnia; etap 1"
    assert election.scores() == {"1": 7, "2": 6, "3": 12, "4": 12}
    # the three officials' ballots, counted three times each, carry 3 and 4
    assert tally(election).selected == ["4", "3"]
    assert tally(replace(election, category_weights={})).selected == ["1", "4"]


def test_writer_refuses_money_without_decimal_form():
    with pytest.raises(pabulib.PabulibError, match="finite decimal"):
        pabulib.format_number(Fraction(1, 3))
    assert pabulib.format_number(Fraction("222176.85")) == "222176.85"
    assert pabulib.format_number(Fraction(-1, 8)) == "-0.125"
