"""Objects many tests need, built through the services as users would build them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pb.core.budget import BudgetCategory
from pb.diagnosis.models import NeedState
from pb.extensions import db
from pb.projects import services as projects
from pb.projects.models import Project


def complete_project(cast, title: str = "Odnowa placu zabaw") -> Project:
    """A project with everything a submission needs, built through the services."""
    member = cast.participant
    project = projects.create_project(cast.group, acting=member)
    projects.update_basics(project, projects.BasicsData(
        title=title, summary="Nowe huśtawki i piaskownica przy ul. Szkolnej.",
        need="Plac jest zniszczony.", beneficiaries="dzieci z osiedla", beneficiaries_count=120,
        place="ul. Szkolna", description="Malujemy, naprawiamy, sadzimy.",
    ), acting=member)
    projects.add_result(project, name="Odnowione place zabaw", unit="szt.",
                        target=Decimal(1), acting=member)
    projects.add_task(project, title="Zakup farby", starts_on=date(2025, 4, 10),
                      ends_on=date(2025, 4, 20), responsible=member, acting=member)
    projects.add_budget_line(project, category=BudgetCategory.MATERIALS, item="Farba",
                             quantity=Decimal("4"), unit="puszka", unit_price_grosze=189_00,
                             acting=member)
    # A draft answers a need of the diagnosis, when the edition's diagnosis has one to choose.
    first_open = next((n for n in projects.needs_to_choose_from(project)
                       if n.state != NeedState.CLOSED), None)
    if first_open is not None:
        projects.set_project_needs(project, [first_open.id], acting=member)
    db.session.commit()
    return project


def accepted_project(cast, title: str, price_grosze: int = 189_00) -> Project:
    """A complete project, submitted by its group and accepted by the animator."""
    project = complete_project(cast, title)
    if price_grosze != 189_00:
        project.budget_lines[0].unit_price_grosze = price_grosze
    projects.submit_project(project, acting=cast.participant)
    projects.accept_project(project, acting=cast.animator)
    db.session.commit()
    return project
