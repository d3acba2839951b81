"""Every model, imported in one place so Alembic and the app see the whole schema."""

from pb.accounts.models import Role, SigninCard, User
from pb.debate.models import (
    Ballot,
    BallotCard,
    BallotMark,
    Debate,
    DebateProject,
)
from pb.diagnosis.models import (
    DistrictPlan,
    Need,
    NeedCategory,
    NeedReport,
    NeedSupport,
    Resource,
    project_needs,
)
from pb.editions.models import Edition, Group, GroupMembership, edition_animators
from pb.execution.models import ContributionDelivery, Expense, JournalEntry, JournalPhoto
from pb.ops.models import AuditEvent
from pb.projects.models import (
    BudgetLine,
    Project,
    ProjectEvent,
    ProjectPhoto,
    ProjectVersion,
    ResultIndicator,
    ReviewComment,
    Task,
)
from pb.ratelimit.models import RateLimitHit

__all__ = [
    "AuditEvent",
    "Ballot",
    "BallotCard",
    "BallotMark",
    "Debate",
    "DebateProject",
    "DistrictPlan",
    "BudgetLine",
    "ContributionDelivery",
    "Edition",
    "Expense",
    "JournalEntry",
    "JournalPhoto",
    "Need",
    "NeedCategory",
    "NeedReport",
    "NeedSupport",
    "Group",
    "GroupMembership",
    "Project",
    "ProjectEvent",
    "ProjectPhoto",
    "ProjectVersion",
    "RateLimitHit",
    "Resource",
    "ResultIndicator",
    "ReviewComment",
    "Role",
    "SigninCard",
    "Task",
    "User",
    "edition_animators",
    "project_needs",
]
