"""Health check for load balancers and monitors, and the coordinator's audit log."""

from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, render_template, request

from pb.accounts.models import Role
from pb.extensions import db
from pb.ops import bp
from pb.ops.models import AuditEvent
from pb.permissions import role_required
from pb.projects.models import ProjectEvent


@bp.route("/healthz")
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.route("/audit")
@role_required(Role.COORDINATOR)
def audit_log():
    """The audit log with the projects' histories, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = 100
    events = db.session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page * page)
    ).all()
    project_events = db.session.scalars(
        sa.select(ProjectEvent).order_by(ProjectEvent.at.desc(), ProjectEvent.id.desc())
        .limit(per_page * page)
    ).all()
    rows = [(e.at, e.actor, e.action, e.subject, e.detail) for e in events] + [
        (e.at, e.actor, e.action, f"project:{e.project_id}", e.detail) for e in project_events
    ]
    rows.sort(key=lambda row: row[0], reverse=True)
    start = per_page * (page - 1)
    return render_template("ops/audit.html", rows=rows[start:start + per_page], page=page,
                           more=len(rows) > start + per_page)
