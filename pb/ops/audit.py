"""Recording audit events, and logging them as structured lines too."""

from __future__ import annotations

import logging

from flask_login import current_user

from pb.extensions import db
from pb.ops.models import AuditEvent

log = logging.getLogger("pb.audit")


def record(action: str, subject: str = "", actor=None, **detail) -> AuditEvent:
    """Add an audit event to the current transaction (it is saved with the change it records)."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(action=action, subject=subject, actor=actor, detail=detail)
    db.session.add(event)
    log.info(action, extra={"audit": {"action": action, "subject": subject,
                                      "actor": getattr(actor, "login", None), **detail}})
    return event
