"""Residents' voice before the debate: reports of needs, their moderation, and "me too".

A resident reports a need on the edition's public page, without an account; the report waits,
seen by the edition's managers only, until the animator publishes it as a need, merges it into
an existing one (one more resident supporting it) or rejects it. Nothing of a report is public
before that, and its contact never is. Reports and "me too" clicks are counted per client
address (and reports per edition) with :mod:`pb.ratelimit`, so a flood is refused before
anything is kept.

"Me too" is once per browser: a random token in a long-lived cookie, kept in the database only
as an HMAC under a key derived from the app's secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from pb import ratelimit, uploads
from pb.accounts.models import User
from pb.constraints import written
from pb.core.plan import Point
from pb.core.tokens import derive_key, keyed_hash, new_url_token
from pb.db_types import utcnow
from pb.diagnosis import services
from pb.diagnosis.mapping import NEED_PHOTOS
from pb.diagnosis.models import Need, NeedReport, NeedSource, NeedState, NeedSupport, ReportState
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import (
    acting_may,
    can_moderate_reports,
    can_support_need,
    reports_are_open,
    require,
)

TITLE_LENGTH = 80  # a published need's title proposed from the report's first words


class TooMany(Exception):
    """Over a flood limit: nothing was kept. ``seconds`` until the window ends."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class ReportData:
    what: str
    place: str = ""
    point: Point | None = None
    contact: str = ""
    photo: bytes | None = None


# --- reporting -------------------------------------------------------------------------------


def _count_report(edition: Edition, client: str) -> None:
    """Count one report from ``client`` into ``edition``; over a limit: :class:`TooMany`.

    The client's count is taken first: a client over its own limit does not use up the
    edition's allowance for everyone else."""
    config = current_app.config
    window = config["REPORT_WINDOW"]
    if ratelimit.hit(f"report:client:{client}", window) > config["REPORT_CLIENT_LIMIT"]:
        raise TooMany(ratelimit.seconds_left(window))
    if ratelimit.hit(f"report:edition:{edition.id}", window) > config["REPORT_EDITION_LIMIT"]:
        raise TooMany(ratelimit.seconds_left(window))


def submit_report(edition: Edition, data: ReportData, *, client: str) -> NeedReport:
    """Keep a resident's report of a need, to wait for the animator.

    Refused while reports are closed (:class:`DomainError`) and over the flood limits
    (:class:`TooMany`); a photo goes through :func:`pb.uploads.store` like every upload. The
    audit log records that a report came, never its contact."""
    if not reports_are_open(None, edition):
        raise DomainError(_l("Reporting needs is closed for this edition."))
    what = data.what.strip()
    if not what:
        raise DomainError(_l("Write what is wrong or missing."), "what")
    _count_report(edition, client)
    stored = uploads.store(data.photo, NEED_PHOTOS, edition.id) if data.photo else None
    try:
        report = NeedReport(edition_id=edition.id, what=what, place=data.place.strip(),
                            contact=data.contact.strip(),
                            photo_name=stored.name if stored else None)
        report.point = data.point
        db.session.add(report)
        db.session.flush()
    except BaseException:
        if stored is not None:
            uploads.remove(uploads.path_of(NEED_PHOTOS, edition.id, stored.name))
        raise
    audit("need_reported", f"need_report:{report.id}", actor=None, edition=edition.id,
          photo=stored is not None, pinned=data.point is not None)
    return report


def reporting_until(edition: Edition) -> date:
    """The last day residents may report needs: the day before the review phase starts."""
    return edition.review_from - timedelta(days=1)


# --- reading ---------------------------------------------------------------------------------


def waiting_reports(edition: Edition) -> list[NeedReport]:
    """Reports waiting for the animator, newest first."""
    return list(db.session.scalars(
        sa.select(NeedReport)
        .where(NeedReport.edition_id == edition.id, NeedReport.state == ReportState.WAITING)
        .order_by(NeedReport.created_at.desc(), NeedReport.id.desc())
    ))


def moderated_reports(edition: Edition, limit: int = 20) -> list[NeedReport]:
    """The latest moderated reports, newest decision first."""
    return list(db.session.scalars(
        sa.select(NeedReport)
        .where(NeedReport.edition_id == edition.id, NeedReport.state != ReportState.WAITING)
        .order_by(NeedReport.moderated_at.desc(), NeedReport.id.desc()).limit(limit)
    ))


def photo_path(edition_id: int, name: str) -> Path:
    return uploads.path_of(NEED_PHOTOS, edition_id, name)


_ABBREVIATIONS = frozenset({"ul", "al", "pl", "os", "nr", "św", "im", "p", "ok", "np", "tzw",
                            "m.in", "tj", "godz", "r"})


def proposed_title(report: NeedReport) -> str:
    """The report's first sentence (not cut at "ul." or "nr"), as a title the animator may
    change before publishing; cut at a word when longer than :data:`TITLE_LENGTH`."""
    text = " ".join(report.what.split())
    first = text
    for match in re.finditer(r"[.!?](?=\s)", text):
        word = re.search(r"(\S+)$", text[:match.start()])
        if word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        first = text[:match.start()]
        break
    first = first.removesuffix(".")
    if len(first) <= TITLE_LENGTH:
        return first
    return first[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --- moderating ------------------------------------------------------------------------------


def _claim(report: NeedReport, state: ReportState, acting: User | None, note: str = "") -> None:
    """Move a waiting report to ``state``, atomically: of two animators clicking at once (or
    one clicking twice), one moderates and the other is told it was already done."""
    require(acting_may(acting, can_moderate_reports, report.edition))
    done = db.session.execute(
        sa.update(NeedReport)
        .where(NeedReport.id == report.id, NeedReport.state == ReportState.WAITING)
        .values(state=state, moderated_at=utcnow(), moderation_note=note.strip(),
                moderated_by_id=acting.id if acting is not None else None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise DomainError(_l("This report was already moderated."))
    db.session.refresh(report)


def publish_report(report: NeedReport, *, title: str, description: str,
                   category_id: int | None, acting: User | None) -> Need:
    """Make the report a need of its own: the resident's words (as the animator edited them),
    place, pin and photo; its source is a resident's report."""
    _claim(report, ReportState.PUBLISHED, acting)
    need = services.create_need(report.edition, services.NeedData(
        title=title, description=description, place=report.place,
        source=NeedSource.RESIDENT, category_id=category_id,
    ), acting=acting, point=report.point)
    need.photo_name = report.photo_name
    report.need_id = need.id
    audit("need_report_published", f"need_report:{report.id}", actor=acting, need=need.id)
    return need


def merge_report(report: NeedReport, need: Need, *, acting: User | None) -> Need:
    """Count the report as one more resident supporting ``need`` (of the same edition)."""
    if need.edition_id != report.edition_id:
        raise DomainError(_l("Choose one of this edition's needs."), "need_id")
    _claim(report, ReportState.MERGED, acting)
    report.need_id = need.id
    db.session.add(NeedSupport(need_id=need.id, token_hash=f"report:{report.id}"))
    db.session.flush()
    audit("need_report_merged", f"need_report:{report.id}", actor=acting, need=need.id)
    return need


def reject_report(report: NeedReport, *, note: str, acting: User | None) -> Path | None:
    """Reject the report (with an optional note for the record). Its photo is no longer
    needed: the path is returned, to be removed once the change is saved."""
    _claim(report, ReportState.REJECTED, acting, note)
    photo = photo_path(report.edition_id, report.photo_name) if report.photo_name else None
    report.photo_name = None
    audit("need_report_rejected", f"need_report:{report.id}", actor=acting,
          noted=bool(note.strip()))
    return photo


# --- "me too" --------------------------------------------------------------------------------

SUPPORT_COOKIE = "pb_me_too"
SUPPORT_COOKIE_DAYS = 365
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def support_token(cookie: str | None) -> tuple[str, bool]:
    """The browser's "me too" token and whether it is new (to be set in its cookie)."""
    if cookie and _TOKEN.match(cookie):
        return cookie, False
    return new_url_token(32), True


def _support_hash(token: str) -> str:
    return keyed_hash(derive_key(current_app.config["SECRET_KEY"], "need-support"), token)


def support_need(need: Need, token: str, *, client: str) -> bool:
    """Count one "me too" from the browser holding ``token``: True if counted, False if that
    browser had already supported the need (nothing changes then)."""
    require(can_support_need(None, need))
    if need.state == NeedState.CLOSED:
        raise DomainError(_l("This need is closed; it no longer collects support."))
    config = current_app.config
    window = config["REPORT_WINDOW"]
    if ratelimit.hit(f"support:client:{client}", window) > config["SUPPORT_CLIENT_LIMIT"]:
        raise TooMany(ratelimit.seconds_left(window))
    token_hash = _support_hash(token)
    already = db.session.scalar(sa.select(NeedSupport.id).where(
        NeedSupport.need_id == need.id, NeedSupport.token_hash == token_hash))
    if already is not None:
        return False
    if not written(lambda: db.session.add(NeedSupport(need_id=need.id,
                                                      token_hash=token_hash))):
        return False  # the same browser, twice at the same moment
    db.session.expire(need, ["supports"])
    audit("need_supported", f"need:{need.id}", actor=None)
    return True
