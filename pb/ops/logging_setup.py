"""Structured logs: one JSON object a line when ``PB_LOG_FORMAT=json`` (for log collectors),
plain readable lines otherwise. No log line ever carries a card code (see :class:`CodeScrubber`)."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from pb.core.cardcode import ALPHABET

# A ballot card's or sign-in card's code in a path (/v/<code>, /v/<code>/cast, /k/<code>), in the
# desk's ?code= query, or on its own, printed or canonical (as in a database error's parameters).
_CODE_IN_PATH = re.compile(r"(/[vk]/)[^/\s?#\"']+")
_CODE_IN_QUERY = re.compile(r"([?&]code=)[^&\s\"'#]*")
_SYMBOL = "[" + re.escape(ALPHABET) + "]"
_CARD_CODE = re.compile(rf"\b(?:{_SYMBOL}{{4}}-?){{3}}{_SYMBOL}{{4}}\b")
HIDDEN = "…"
# The loggers that write request paths: pb's own (Flask logs an unhandled error with the URL),
# gunicorn's error and access logs, and the development server's.
PATH_LOGGERS = ("pb", "gunicorn.error", "gunicorn.access", "werkzeug")


def scrub(text: str) -> str:
    """``text`` with every card code replaced by an ellipsis."""
    text = _CODE_IN_PATH.sub(rf"\g<1>{HIDDEN}", text)
    text = _CODE_IN_QUERY.sub(rf"\g<1>{HIDDEN}", text)
    # A run of 16 digits is no card code (codes hold letters but for 1 in 10**8 of them).
    return _CARD_CODE.sub(lambda m: HIDDEN if not m[0].replace("-", "").isdigit() else m[0], text)


class CodeScrubber(logging.Filter):
    """Rewrites a record's message and traceback without card codes: a log line next to a time
    must not say which card was used when (the database itself never keeps that)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        audit = getattr(record, "audit", None)
        if audit:
            entry["audit"] = audit
        if record.exc_info or record.exc_text:
            entry["error"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _scrub_codes(target: logging.Logger | logging.Handler) -> None:
    if not any(isinstance(f, CodeScrubber) for f in target.filters):
        target.addFilter(CodeScrubber())


def configure_logging(fmt: str | None, level: str = "INFO") -> None:
    """Attach one handler to pb's loggers (idempotent: calling twice adds nothing), and keep
    card codes out of every logger that writes request paths, gunicorn's included (the app is
    loaded after gunicorn set its loggers up, so their filters stay)."""
    for name in PATH_LOGGERS:
        _scrub_codes(logging.getLogger(name))
    logger = logging.getLogger("pb")
    if any(getattr(h, "_pb", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._pb = True  # type: ignore[attr-defined]
    # Also on the handler: a logger's filter does not see records of its children (pb.audit…).
    _scrub_codes(handler)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
