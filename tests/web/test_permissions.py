"""Every access rule lives in pb.permissions, and the services ask it too: a service called
directly by the wrong person refuses and writes nothing, whatever the route in front of it."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from pb.accounts import services as accounts
from pb.accounts.models import Role, User
from pb.debate import services as debates
from pb.debate.models import BallotCard, Debate, VoterCategory
from pb.editions import services as editions
from pb.editions.models import Edition, GroupMembership
from pb.execution import services as execution
from pb.extensions import db
from pb.ops.models import AuditEvent
from pb.projects import services as projects
from pb.projects.models import Project
from tests.factories import accepted_project, complete_project

PB = Path(__file__).resolve().parents[2] / "pb"


def _rows(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _debate(cast) -> Debate:
    accepted_project(cast, "Piknik")
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata", held_on=date(2025, 4, 1), place="", min_marks=1, max_marks=1, winners=1,
        resident_weight=1, official_weight=1, officials_vote=True, ballot_board=True,
    ), acting=cast.coordinator)
    db.session.commit()
    return debate


def test_debate_services_refuse_everyone_but_its_coordinator(app, cast):
    debate = _debate(cast)
    audits = _rows(AuditEvent)
    for person in (cast.animator, cast.teller, cast.participant, cast.official):
        with pytest.raises(PermissionError):
            debates.issue_cards(debate, count=3, category=VoterCategory.RESIDENT, acting=person)
        with pytest.raises(PermissionError):
            debates.open_voting(debate, acting=person)
        with pytest.raises(PermissionError):
            debates.set_presented_projects(debate, [], acting=person)
    assert _rows(BallotCard) == 0
    assert db.session.get(Debate, debate.id).entries, "the presented projects are untouched"
    assert _rows(AuditEvent) == audits
    # The coordinator may, and nothing else changed the rule.
    debates.issue_cards(debate, count=2, category=VoterCategory.RESIDENT, acting=cast.coordinator)
    assert len(db.session.scalars(sa.select(BallotCard)).all()) == 2


def test_an_animator_cannot_manage_another_editions_groups(app, cast):
    members = _rows(GroupMembership)
    with pytest.raises(PermissionError):
        editions.add_member(cast.foreign_group, cast.loose_participant, acting=cast.animator)
    with pytest.raises(PermissionError):
        editions.remove_member(cast.foreign_group, cast.foreign_participant, acting=cast.animator)
    with pytest.raises(PermissionError):
        editions.create_group(cast.other_edition, name="Nasza", animator=None,
                              acting=cast.animator)
    with pytest.raises(PermissionError):
        editions.set_edition_animators(cast.edition, [cast.other_animator], acting=cast.animator)
    assert _rows(GroupMembership) == members
    assert [g.name for g in db.session.get(Edition, cast.other_edition.id).groups] == [
        "Obca grupa"]
    # Their own edition's groups they manage.
    editions.add_member(cast.group, cast.loose_participant, acting=cast.animator)
    db.session.commit()
    assert _rows(GroupMembership) == members + 1


def test_only_coordinators_configure_editions_and_accounts(app, cast):
    edition = db.get_or_404(Edition, cast.edition.id)
    data = editions.EditionData(
        name="Zmieniona", municipality="X", district="Y", description="", pool_grosze=1_00,
        project_cap_grosze=1_00, drafting_from=date(2025, 1, 1), review_from=date(2025, 2, 1),
        debate_on=date(2025, 3, 1), execution_from=date(2025, 3, 2), closed_on=date(2025, 4, 1),
        voting_rule="top", published=False,
    )
    with pytest.raises(PermissionError):
        editions.update_edition(edition, data, acting=cast.animator)
    with pytest.raises(PermissionError):
        editions.create_edition(data, acting=cast.participant)
    with pytest.raises(PermissionError):
        accounts.update_user(cast.participant, name="X", role=Role.COORDINATOR, active=True,
                             email=None, acting=cast.animator)
    with pytest.raises(PermissionError):
        accounts.create_user(login="nowy.koordynator", name="Nowy", role=Role.COORDINATOR,
                             password="długie hasło 123", acting=cast.animator)
    with pytest.raises(PermissionError):
        accounts.set_password(cast.animator, "przejęte hasło 123", acting=cast.participant)
    db.session.rollback()
    assert db.session.get(Edition, cast.edition.id).name == "PAL Testowo 2025"
    assert db.session.get(User, cast.participant.id).role == Role.PARTICIPANT
    assert accounts.find_user_by_login("nowy.koordynator") is None
    assert accounts.authenticate(cast.animator.login, "przejęte hasło 123") is None
    # An animator may create a participant for their groups.
    made = accounts.create_user(login="nowa.osoba", name="Nowa Osoba", role=Role.PARTICIPANT,
                                acting=cast.animator)
    assert made.role == Role.PARTICIPANT


def test_signin_cards_only_for_ones_own_participants(app, cast):
    with pytest.raises(PermissionError):
        accounts.issue_signin_card(cast.foreign_participant, acting=cast.animator,
                                   single_use=True, valid_days=3)
    with pytest.raises(PermissionError):
        accounts.issue_signin_card(cast.participant, acting=cast.other_participant,
                                   single_use=True, valid_days=3)
    db.session.rollback()
    assert not db.session.get(User, cast.foreign_participant.id).signin_cards
    card, _code = accounts.issue_signin_card(cast.participant, acting=cast.animator,
                                             single_use=True, valid_days=3)
    with pytest.raises(PermissionError):
        accounts.revoke_signin_card(card, acting=cast.other_animator)
    assert card.revoked_at is None


def test_project_services_refuse_outsiders(app, cast):
    project = complete_project(cast, "Nasz projekt")
    for outsider in (cast.other_participant, cast.other_animator, cast.teller):
        with pytest.raises(PermissionError):
            projects.update_basics(project, projects.BasicsData(
                title="Przejęty", summary="", need="", beneficiaries="", beneficiaries_count=None,
                place="", description=""), acting=outsider)
        with pytest.raises(PermissionError):
            projects.submit_project(project, acting=outsider)
        with pytest.raises(PermissionError):
            projects.add_comment(project, body="Hej", section=None, acting=outsider)
    with pytest.raises(PermissionError):
        projects.create_project(cast.group, acting=cast.other_participant)
    db.session.rollback()
    assert db.session.get(Project, project.id).title == "Nasz projekt"
    assert _rows(Project) == 1


def test_only_the_coordinator_starts_execution(app, cast):
    debate = _debate(cast)
    debates.issue_cards(debate, count=1, category=VoterCategory.RESIDENT, acting=cast.coordinator)
    debates.open_voting(debate, acting=cast.coordinator)
    debates.close_voting(debate, acting=cast.coordinator)
    db.session.commit()
    with pytest.raises(PermissionError):
        execution.start_execution(debate, ["1"], acting=cast.animator)
    db.session.rollback()
    assert db.session.get(Debate, debate.id).entries[0].project.state.value == "accepted"


# --- the rules live in one module ------------------------------------------------------------


def _modules():
    for path in sorted(PB.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_access_predicates_are_defined_only_in_the_permissions_module():
    stray = [
        f"{path.relative_to(PB.parent)}: {node.name}"
        for path, tree in _modules() if path.name != "permissions.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith(("can_", "may_", "role_required", "actors_for"))
    ]
    assert stray == []


def test_refusals_come_from_the_permissions_module():
    """A route that answers 403 by itself has written an access rule of its own."""
    stray = [
        f"{path.relative_to(PB.parent)}:{node.lineno}"
        for path, tree in _modules() if path.name != "permissions.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "abort"
        and node.args and getattr(node.args[0], "value", None) == 403
    ]
    assert stray == []


def test_no_module_imports_another_areas_private_names():
    areas = {p.name for p in PB.iterdir() if (p / "__init__.py").exists()}
    crossing = []
    for path, tree in _modules():
        here = path.relative_to(PB).parts[0]
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("pb."):
                continue
            there = node.module.split(".")[1]
            if there in areas and there != here:
                crossing += [f"{path.relative_to(PB.parent)}: {node.module}.{a.name}"
                             for a in node.names if a.name.startswith("_")]
    assert crossing == []
