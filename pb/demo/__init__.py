"""Demo data: the Wodzisław Śląski 2012/13 edition, loaded by ``pb demo``.

The data is a plain structure in :mod:`pb.demo.wodzislaw_2012`; the loader below creates what is
missing, matched by natural keys (login, edition name, group name), and touches nothing that is
already there, so running it twice changes nothing. The six micro-projects live in
:mod:`pb.demo.wodzislaw_2012_projects`; later features extend the structure (the debate, the
execution, the district's diagnosis in :mod:`pb.demo.wilchwy_diagnosis` on the plan drawn by
:mod:`pb.demo.wilchwy_plan`) and the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from pb.accounts.models import Role, User
from pb.accounts.services import create_user
from pb.demo.wodzislaw_2012 import DEBATE, DEBATE_TELLERS, EDITION, GROUPS, PEOPLE
from pb.demo.wodzislaw_2012_projects import PROJECTS
from pb.editions.models import Edition, Group
from pb.editions.services import EditionData, add_member, create_edition, create_group
from pb.extensions import db

# Shown by ``pb demo`` and in the README; the demo is for trying pb out, not for real data.
DEMO_PASSWORD = "wilchwy2012"  # noqa: S105


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


def load_demo() -> DemoReport:
    """Create the demo edition, its people and groups where they are missing."""
    report = DemoReport()
    users: dict[str, User] = {}
    created_users = 0
    for person in PEOPLE:
        user = db.session.scalar(sa.select(User).where(User.login == person["login"]))
        if user is None:
            user = create_user(
                login=person["login"],
                name=person["name"],
                role=Role(person["role"]),
                password=DEMO_PASSWORD,
                email=person["login"] if "@" in person["login"] else None,
                acting=None,
            )
            created_users += 1
        users[person["login"]] = user
        if person["role"] != "participant" or not any(r == "participant" for _, r in report.logins):
            # Staff, and one participant as an example of the fifteen.
            report.logins.append((person["login"], person["role"]))
    if created_users:
        report.created.append(f"{created_users} accounts")

    edition = db.session.scalar(sa.select(Edition).where(Edition.name == EDITION["name"]))
    coordinator = next(u for u in users.values() if u.role == Role.COORDINATOR)
    if edition is None:
        data = EditionData(**{k: v for k, v in EDITION.items() if k != "animators"})
        edition = create_edition(data, acting=coordinator)
        edition.animators = [users[login] for login in EDITION["animators"]]
        report.created.append("the edition")

    for spec in GROUPS:
        group = db.session.scalar(
            sa.select(Group).where(Group.edition_id == edition.id, Group.name == spec["name"])
        )
        if group is None:
            group = create_group(
                edition, name=spec["name"], animator=users[spec["animator"]], acting=coordinator
            )
            for login in spec["members"]:
                add_member(group, users[login], acting=coordinator)
            report.created.append(f"group “{spec['name']}”")
    db.session.flush()
    needs = _load_diagnosis(edition, report)
    _load_projects(edition, users, report, needs)
    _mark_answered(needs, report)
    _load_debate(edition, users, report)
    return report


def _load_diagnosis(edition: Edition, report: DemoReport) -> dict:
    """The plan of Wilchwy, the needs and resources on it, "me too"s and waiting reports.

    Returns the needs by their key in :data:`pb.demo.wilchwy_diagnosis.NEEDS`."""
    import hashlib

    from pb.demo.wilchwy_diagnosis import NEEDS, REPORTS, RESOURCES
    from pb.demo.wilchwy_plan import CORNERS, PLACES, draw_plan
    from pb.diagnosis import mapping
    from pb.diagnosis import services as diagnosis
    from pb.diagnosis.models import Need, NeedReport, NeedState, NeedSupport

    if mapping.plan_of(edition) is None:
        plan = mapping.store_plan(edition, draw_plan(), acting=None)
        mapping.set_corners(plan, CORNERS, acting=None)
        report.created.append("the district plan")

    categories = {c.name: c.id for c in diagnosis.categories_of(edition)}
    existing = {n.title: n for n in diagnosis.needs_of(edition)}
    needs: dict[str, Need] = {}
    created = supported = 0
    for spec in NEEDS:
        need = existing.get(spec["title"])
        if need is None:
            need = diagnosis.create_need(edition, diagnosis.NeedData(
                title=spec["title"], description=spec["description"], place=spec["place"],
                affected=spec["affected"], affected_count=spec["affected_count"],
                evidence=spec["evidence"], source=spec["source"], noted_on=spec["noted_on"],
                category_id=categories.get(spec["category"]),
            ), acting=None, point=PLACES[spec["spot"]])
            if "closed" in spec:
                diagnosis.set_need_state(need, NeedState.CLOSED, note=spec["closed"],
                                         acting=None)
            created += 1
        needs[spec["key"]] = need
        # "Me too" from residents' browsers (the demo's tokens are "demo:1", "demo:2", …).
        have = {s.token_hash for s in need.supports}
        for number in range(1, spec["supports"] + 1):
            token_hash = hashlib.sha256(f"demo:{number}".encode()).hexdigest()
            if token_hash not in have:
                need.supports.append(NeedSupport(token_hash=token_hash))
                supported += 1
    if created:
        report.created.append(f"{created} needs of the diagnosis")
    if supported:
        report.created.append(f"{supported} residents' supports of needs")

    names = {r.name for r in diagnosis.resources_of(edition)}
    created = 0
    for spec in RESOURCES:
        if spec["name"] in names:
            continue
        diagnosis.create_resource(edition, diagnosis.ResourceData(
            name=spec["name"], kind=spec["kind"], offers=spec["offers"], place=spec["place"],
            contact=spec["contact"], category_id=categories.get(spec["category"]),
        ), acting=None, point=PLACES[spec["spot"]])
        created += 1
    if created:
        report.created.append(f"{created} resources of the diagnosis")

    sent = set(db.session.scalars(
        sa.select(NeedReport.what).where(NeedReport.edition_id == edition.id)))
    created = 0
    for spec in REPORTS:
        if spec["what"] in sent:
            continue
        row = NeedReport(edition_id=edition.id, what=spec["what"], place=spec["place"],
                         contact=spec["contact"], created_at=spec["sent"])
        row.point = PLACES[spec["spot"]]
        db.session.add(row)
        created += 1
    if created:
        report.created.append(f"{created} residents' reports waiting for moderation")
    db.session.flush()
    return needs


def _link_project(project, spec: dict, needs: dict) -> bool:
    """The needs ``project`` answers and its pin, where missing; True if anything changed."""
    from pb.demo.wilchwy_plan import PLACES
    from pb.diagnosis import mapping

    changed = False
    if not project.needs:
        project.needs.extend(needs[key] for key in spec["answers"])
        changed = True
    if project.point is None:
        mapping.set_pin(project, PLACES[spec["spot"]], acting=None, allowed=True)
        changed = True
    return changed


def _mark_answered(needs: dict, report: DemoReport) -> None:
    """A need some accepted project answers is answered (closed needs stay closed)."""
    from pb.diagnosis import services as diagnosis
    from pb.diagnosis.models import NeedState

    marked = 0
    for need in needs.values():
        if need.state == NeedState.OPEN and need.projects:
            diagnosis.set_need_state(need, NeedState.ANSWERED, acting=None)
            marked += 1
    if marked:
        report.created.append(f"{marked} needs marked as answered by projects")


def _load_debate(edition: Edition, users: dict[str, User], report: DemoReport) -> None:
    """The debate as it went: 70 residents and 5 officials chose 4 of the 6 projects."""
    from pb.debate import services as debates
    from pb.debate import voting
    from pb.debate.models import Channel, Debate, VoterCategory
    from pb.demo.wodzislaw_2012_execution import BALLOTS, ballot_marks

    if edition.debate is not None:
        return
    coordinator = next(u for u in users.values() if u.role == Role.COORDINATOR)
    debate = debates.create_debate(edition, debates.DebateData(**DEBATE), acting=coordinator)
    debates.set_debate_tellers(debate, [users[login] for login in DEBATE_TELLERS],
                               acting=coordinator)
    ids = {p.title: p.id for p in debates.accepted_projects(edition)}
    cards = {
        category: debates.issue_cards(debate, count=BALLOTS[category],
                                      category=VoterCategory(category), acting=coordinator)
        for category in BALLOTS
    }
    debates.open_voting(debate, acting=coordinator)
    # Casting is its own transaction: what came before must be saved first.
    db.session.commit()
    for category, issued in cards.items():
        for number, (card, titles) in enumerate(
            zip(issued, ballot_marks(category), strict=True)
        ):
            # Officials voted on paper at the desk; most residents by phone.
            channel = Channel.PAPER if category == "official" or number % 4 == 0 else (
                Channel.PHONE)
            voting.cast_ballot(card.code, [ids[t] for t in titles], channel=channel)
    debate = db.session.get(Debate, debate.id)
    debates.close_voting(debate, acting=coordinator)
    db.session.commit()
    report.created.append(f"the debate ({sum(BALLOTS.values())} ballots)")
    _load_execution(db.session.get(Debate, debate.id), users, report)


def _load_execution(debate, users: dict[str, User], report: DemoReport) -> None:
    """The four winners carried out as they really were, and completed."""
    from decimal import Decimal

    from pb.debate.results import debate_results
    from pb.demo.wodzislaw_2012_execution import ANIMATOR, EXECUTION
    from pb.execution import services as execution

    coordinator = next(u for u in users.values() if u.role == Role.COORDINATOR)
    animator = users[ANIMATOR]
    results = debate_results(debate, "pl")
    execution.start_execution(debate, results.tally.selected, acting=coordinator)
    for entry in debate.entries:
        project, spec = entry.project, EXECUTION.get(entry.project.title)
        if spec is None:
            continue
        tasks = {t.title: t for t in project.tasks}
        for title, status, start, end, login, note in spec["tasks"]:
            execution.update_task(tasks[title], status=status, actual_start=start,
                                  actual_end=end, done_by=users[login], notes=note,
                                  acting=animator)
        lines = {line.item: line for line in project.budget_lines}
        for item, spent_on, description, amount, supplier, document in spec["expenses"]:
            execution.record_expense(project, line=lines[item], spent_on=spent_on,
                                     description=description, amount_grosze=amount,
                                     supplier=supplier, document_number=document,
                                     receipt=None, acting=animator)
        for item, quantity, delivered_on, note in spec["own"]:
            execution.record_contribution(project, line=lines[item], delivered_on=delivered_on,
                                          quantity=Decimal(quantity), note=note, acting=animator)
        achieved = dict(spec["results"])
        for result in project.results:
            if result.name in achieved:
                execution.set_achieved(result, Decimal(achieved[result.name]), acting=animator)
        for written_on, login, body in spec["journal"]:
            execution.add_journal_entry(project, written_on=written_on, body=body, photos=[],
                                        acting=users[login])
        execution.set_closing_story(project, spec["story"], acting=animator)
        execution.complete_project(project, acting=animator)
    report.created.append("execution of the chosen projects")


def _load_projects(edition: Edition, users: dict[str, User], report: DemoReport,
                   needs: dict) -> None:
    """The six drafts, each answering needs of the diagnosis and pinned on the plan, submitted
    by its group and accepted by the animator."""
    from decimal import Decimal

    from pb.core.budget import BudgetCategory
    from pb.projects import services as projects
    from pb.projects.models import Project

    animator = users[EDITION["animators"][0]]
    created = linked = 0
    for spec in PROJECTS:
        exists = db.session.scalar(
            sa.select(Project).where(
                Project.edition_id == edition.id, Project.title == spec["title"]
            )
        )
        if exists is not None:
            # Loaded before the diagnosis existed: give it its needs and its place.
            linked += _link_project(exists, spec, needs)
            continue
        group = next(g for g in edition.groups if g.name == spec["group"])
        author = users[spec["tasks"][0][3]]
        project = projects.create_project(group, acting=author)
        projects.update_basics(project, projects.BasicsData(
            title=spec["title"], summary=spec["summary"], need=spec["need"],
            beneficiaries=spec["beneficiaries"], beneficiaries_count=spec["beneficiaries_count"],
            place=spec["place"], description=spec["description"],
        ), acting=author)
        for name, unit, target in spec["results"]:
            projects.add_result(project, name=name, unit=unit, target=Decimal(target),
                                acting=author)
        for title, start, end, login in spec["tasks"]:
            projects.add_task(project, title=title, starts_on=start, ends_on=end,
                              responsible=users[login], acting=author)
        for category, item, quantity, unit, price, _funding in spec["budget"]:
            projects.add_budget_line(project, category=BudgetCategory(category), item=item,
                                     quantity=Decimal(quantity), unit=unit,
                                     unit_price_grosze=price, acting=author)
        _link_project(project, spec, needs)
        projects.submit_project(project, acting=author)
        projects.accept_project(project, acting=animator)
        created += 1
    if created:
        report.created.append(f"{created} micro-projects")
    if linked:
        report.created.append(f"needs and plan places of existing micro-projects: {linked}")

