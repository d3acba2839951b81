"""``pb tally`` on files, without app or database."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pb.tally.cli import tally_command
from tests.pabulib_files import in_repo

SMALL = """META
key;value
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
a;60;Playground
b;50;Picnic
c;40;Pool passes
VOTES
voter_id;vote
1;a,b
2;a
3;b,c
4;a,c
"""


def run(*args):
    return CliRunner().invoke(tally_command, [str(a) for a in args])


def test_text_output_explains(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "project a funded: 3 votes, PLN\u00a060 fits in the PLN\u00a0100 left" in result.output
    assert "project b skipped" in result.output
    assert "total cost: PLN\u00a0100" in result.output
    polish = run(path, "--lang", "pl")
    assert "projekt a wybrany: 3 głosy" in polish.output


def test_json_output(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    result = run(path, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    # a has 3 votes; b and c 2 each: Pabulib's greedy ties follow the file order, so b is
    # tried first and does not fit in the 40 left, then c does
    assert data["rule"] == "greedy"
    assert data["selected"] == ["a", "c"]
    assert data["total_cost"] == 100
    assert data["ties"] == [{"projects": ["b", "c"], "decided_by": "order", "order": ["b", "c"],
                             "context": "greedy"}]
    mes = json.loads(run(path, "--json", "--rule", "mes").output)
    assert mes["rule"] == "mes"


def test_rule_option_overrides_meta():
    result = run(in_repo("Netherlands_Assen_2024.pb"), "--json", "--rule", "greedy")
    assert json.loads(result.output)["selected"] == ["3", "9", "8", "2", "11", "13", "14"]
    result = run(in_repo("Netherlands_Assen_2024.pb"), "--json")
    assert sorted(json.loads(result.output)["selected"], key=int) == [
        "2", "3", "5", "6", "9", "11", "12", "13", "14"
    ]


def test_bad_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace("4;a,c", "4;a,z"), encoding="utf-8")
    result = run(path)
    assert result.exit_code == 2
    assert "line 16: vote for unknown project 'z'" in result.output
    assert "Traceback" not in result.output
    missing = run(tmp_path / "nope.pb")
    assert missing.exit_code == 2 and "cannot read" in missing.output
    # Budapest 2024 is published with "rule;unknown"
    unknown = tmp_path / "unknown.pb"
    unknown.write_text(SMALL.replace("rule;greedy", "rule;unknown"), encoding="utf-8")
    bad_rule = run(unknown, "--json")
    assert bad_rule.exit_code == 2 and "unsupported rule 'unknown'" in bad_rule.output
