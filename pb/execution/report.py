"""The final report for the funder: the figures of an edition, as PDF and as CSV."""

from __future__ import annotations

import io
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from pb import csv_safe
from pb.core.budget import Funding
from pb.core.workflow import CHOSEN, ProjectState
from pb.debate.models import Ballot, DebateState
from pb.editions.models import Edition, GroupMembership
from pb.execution import services as execution
from pb.execution.models import Expense
from pb.extensions import db
from pb.i18n import fmt_date, money, number
from pb.projects.forms import CATEGORY_LABELS
from pb.projects.models import Project
from pb.projects.services import STATE_LABELS
from pb.timeutil import warsaw_today


def _figures(edition: Edition) -> dict:
    projects = db.session.scalars(
        sa.select(Project).where(Project.edition_id == edition.id).order_by(Project.id)
    ).all()
    debate = edition.debate
    votes: dict[int, int] = {}
    ballots_by_category: list[tuple[str, int]] = []
    ballots = 0
    if debate is not None and debate.state == DebateState.CLOSED:
        from pb.debate.forms import CATEGORY_LABELS as CARD_LABELS
        from pb.debate.services import vote_counts

        for row in vote_counts(debate):
            votes[row.project.id] = sum(row.votes.values())
        for category, count in db.session.execute(
            sa.select(Ballot.category, sa.func.count()).where(Ballot.debate_id == debate.id)
            .group_by(Ballot.category)
        ).all():
            ballots_by_category.append((str(CARD_LABELS[category]), count))
            ballots += count
    today = warsaw_today()
    chosen = [p for p in projects if p.state in CHOSEN]
    progress = {p.id: execution.progress(p, today) for p in chosen}
    by_category: dict[str, list[int]] = {}
    for project in chosen:
        spent_by_line = dict(db.session.execute(
            sa.select(Expense.budget_line_id, sa.func.sum(Expense.amount_grosze))
            .where(Expense.project_id == project.id).group_by(Expense.budget_line_id)
        ).all())
        for line in project.budget_lines:
            if line.funding != Funding.REQUESTED:
                continue
            label = str(CATEGORY_LABELS[line.category])
            row = by_category.setdefault(label, [0, 0])
            row[0] += line.total_grosze
            row[1] += int(spent_by_line.get(line.id, 0))
    participants = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(GroupMembership.user_id)))
        .where(GroupMembership.edition_id == edition.id)
    )
    return {
        "projects": projects, "chosen": chosen, "progress": progress, "votes": votes,
        "ballots": ballots, "ballots_by_category": ballots_by_category,
        "by_category": sorted(by_category.items()), "participants": participants,
        "debate": debate,
    }


def report_labels() -> dict[str, str]:
    from pb.execution.report_pdf import REPORT_LABEL_KEYS

    words = {
        "report": _("Final report"),
        "place": _("Place"),
        "period": _("Period"),
        "generated_on": _("Generated on"),
        "members": _("Members"),
        "ballots_by_category": _("Ballots by category"),
        "money_summary": _("Money: plan and actual"),
        # {value} is filled in by the report.
        "percent_value": _("{value} %"),
        "details": _("The chosen projects"),
        "money": _("Money"),
        "own_contribution": _("Own contribution"),
        "of": _("of"),
        "result": _("Result"),
        "empty": _("(none)"),
        "key_figures": _("Key figures"),
        "participants": _("Participants"),
        "groups": _("Groups"),
        "drafted": _("Projects drafted"),
        "presented": _("Projects presented at the debate"),
        "chosen": _("Projects chosen"),
        "completed": _("Projects completed"),
        "ballots": _("Ballots cast"),
        "projects": _("Projects"),
        "project": _("Project"),
        "group": _("Group"),
        "state": _("State"),
        "votes": _("Votes"),
        "planned": _("Planned"),
        "spent": _("Spent"),
        "difference": _("Difference"),
        "percent": _("Share of plan"),
        "by_category": _("Money by category"),
        "category": _("Category"),
        "total": _("In total"),
        "own": _("Own contribution"),
        "own_planned": _("Own contribution planned"),
        "own_delivered": _("Own contribution delivered"),
        "tasks": _("Tasks closed"),
        "results": _("Results"),
        "target": _("Target"),
        "achieved": _("Achieved"),
        "story": _("How it went"),
        "overspent": _("overspent"),
        "page": _("Page {page} of {pages}"),
        "generated": _("Generated on"),
        "none": _("(none)"),
    }
    missing = set(REPORT_LABEL_KEYS) - set(words)
    if missing:  # a new heading in the PDF must be worded (and translated) here first
        raise KeyError(f"report labels without wording: {sorted(missing)}")
    return {key: words[key] for key in REPORT_LABEL_KEYS}


def report_pdf(edition: Edition) -> bytes:
    from pb.execution.photos import first_photo
    from pb.execution.report_pdf import ReportData, ReportProject, final_report_pdf

    f = _figures(edition)
    projects = []
    for project in f["chosen"]:
        row = f["progress"][project.id]
        projects.append(ReportProject(
            title=project.title, group=project.group.name,
            state_label=str(STATE_LABELS[project.state]), votes=f["votes"].get(project.id),
            planned_grosze=row.planned, spent_grosze=row.spent,
            own_planned_grosze=row.own_planned, own_delivered_grosze=row.own_delivered,
            results=[(r.name, f"{number(r.target)} {r.unit}",
                      f"{number(r.achieved)} {r.unit}" if r.achieved is not None else "—")
                     for r, _pct in row.results],
            tasks_done=row.tasks_done, tasks_total=row.tasks_total,
            story=project.closing_story, photo=first_photo(project),
        ))
    data = ReportData(
        edition_name=edition.name,
        place=f"{edition.municipality}, {edition.district}",
        period=f"{fmt_date(edition.drafting_from, 'long')} – {fmt_date(edition.closed_on, 'long')}",
        generated_on=fmt_date(warsaw_today(), "long"),
        labels=report_labels(),
        participants=f["participants"] or 0,
        groups=[(g.name, len(g.memberships)) for g in edition.groups],
        drafted=sum(1 for p in f["projects"] if p.state != ProjectState.DRAFT or p.versions),
        presented=len(f["debate"].entries) if f["debate"] else 0,
        chosen=len(f["chosen"]),
        completed=sum(1 for p in f["chosen"] if p.state == ProjectState.COMPLETED),
        ballots=f["ballots"],
        ballots_by_category=f["ballots_by_category"],
        projects=projects,
        by_category=[(label, planned, spent) for label, (planned, spent) in f["by_category"]],
        planned_total=sum(p.planned_grosze for p in projects),
        spent_total=sum(p.spent_grosze for p in projects),
        money=money,
        footer=f"{edition.name} · pb",
    )
    return final_report_pdf(data)


def report_csv(edition: Edition) -> str:
    """One row per project, with plan and actual, for a spreadsheet (decimal comma ready)."""
    f = _figures(edition)
    out = io.StringIO()
    writer = csv_safe.writer(out, delimiter=";")
    writer.writerow(["project", "group", "state", "votes", "requested_pln", "spent_pln",
                     "own_planned_pln", "own_delivered_pln", "tasks_done", "tasks_total",
                     "results"])
    for project in f["projects"]:
        row = f["progress"].get(project.id)
        writer.writerow([
            project.title, project.group.name, project.state.value,
            f["votes"].get(project.id, ""),
            _pln(project.requested_grosze), _pln(row.spent) if row else "",
            _pln(project.own_grosze), _pln(row.own_delivered) if row else "",
            row.tasks_done if row else "", row.tasks_total if row else "",
            " | ".join(f"{r.name}: {r.achieved if r.achieved is not None else '-'}/{r.target}"
                       for r in project.results),
        ])
    writer.writerow([])
    writer.writerow(["category", "planned_pln", "spent_pln"])
    for label, (planned, spent) in f["by_category"]:
        writer.writerow([label, _pln(planned), _pln(spent)])
    return out.getvalue()


def _pln(grosze: int) -> Decimal:
    """Złoty as a number (``Decimal``, two places), so the CSV keeps it a number."""
    return Decimal(grosze).scaleb(-2)
