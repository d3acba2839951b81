"""Every model, imported in one place so Alembic and the app see the whole schema."""

from pb.accounts.models import Role, SigninCard, User
from pb.editions.models import Edition, Group, GroupMembership, edition_animators

__all__ = ["Edition", "Group", "GroupMembership", "Role", "SigninCard", "User", "edition_animators"]
