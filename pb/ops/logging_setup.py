"""Structured logs: one JSON object a line when ``PB_LOG_FORMAT=json`` (for log collectors),
plain readable lines otherwise."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime


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
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(fmt: str | None, level: str = "INFO") -> None:
    """Attach one handler to pb's loggers (idempotent: calling twice adds nothing)."""
    logger = logging.getLogger("pb")
    if any(getattr(h, "_pb", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._pb = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
