"""Configuration in layers: defaults here → ``instance/config.py`` → ``PB_*`` environment.

Only this module and the app factory read configuration; everything else receives what it needs.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Keys that may come from the environment as PB_<KEY>; values are parsed as JSON when they look
# like JSON (numbers, true/false), otherwise taken as strings.
ENV_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "PUBLIC_URL",
    "PORT",
    "ENV",
    "SESSION_COOKIE_SECURE",
    "MAX_CONTENT_LENGTH",
    "REDIS_URL",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "PROXY_FIX",
    "TURNOUT_CACHE_SECONDS",
    "CODE_GUESS_SITE_DELAY",
    "PROXY_ADDRESSES",
    "REPORT_CLIENT_LIMIT",
    "REPORT_EDITION_LIMIT",
    "SUPPORT_CLIENT_LIMIT",
)

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "test", "password"}
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to change."""


def defaults(instance_path: Path) -> dict:
    """The built-in configuration, before the instance file and the environment."""
    return {
        "PB_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'pb.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "PUBLIC_URL": None,  # filled from the LAN address when not set
        "PORT": 8000,
        "BABEL_DEFAULT_LOCALE": "pl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Warsaw",
        "LANGUAGES": ["pl", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
        "WTF_CSRF_TIME_LIMIT": 60 * 60 * 12,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "SIGNIN_CARD_MAX_DAYS": 90,
        # Rate limits shared by all workers: in Redis when set (redis://…), else in the database.
        "REDIS_URL": None,
        # Wrong ballot codes tolerated per client per window (then even right codes wait), and
        # for the whole site: past that, every wrong code is answered this many seconds late.
        "CODE_GUESS_WINDOW": 600,
        "CODE_GUESS_CLIENT_LIMIT": 10,
        "CODE_GUESS_SITE_LIMIT": 300,
        # Failed password sign-ins tolerated per login and per client, per window (seconds);
        # over either, even the right password waits for the window to end.
        "SIGNIN_WINDOW": 900,
        "SIGNIN_LOGIN_LIMIT": 10,
        "SIGNIN_CLIENT_LIMIT": 30,
        "CODE_GUESS_SITE_DELAY": 1.0,
        # Residents' reports of needs, per window (seconds): at most so many from one client
        # address and so many into one edition (over either: refused, nothing kept); and "me too"
        # clicks from one client address.
        "REPORT_WINDOW": 3600,
        "REPORT_CLIENT_LIMIT": 10,
        "REPORT_EDITION_LIMIT": 60,
        "SUPPORT_CLIENT_LIMIT": 100,
        # With PROXY_FIX: the reverse proxies whose X-Forwarded-* headers are believed.
        "PROXY_ADDRESSES": "127.0.0.1,::1",
        # Every open debate page polls the turnout; each worker recounts at most this often.
        "TURNOUT_CACHE_SECONDS": 1.0,
    }


def from_environment(environ: os._Environ | dict) -> dict:
    """Collect ``PB_*`` variables into config keys."""
    found: dict = {}
    for key in ENV_KEYS:
        raw = environ.get(f"PB_{key}")
        if raw is None:
            continue
        value: object = raw
        if raw.strip().lower() in {"true", "false"} or raw.strip().lstrip("-").isdigit():
            value = json.loads(raw.strip().lower())
        if key in ("TURNOUT_CACHE_SECONDS", "CODE_GUESS_SITE_DELAY"):
            try:
                found[key] = max(0.0, float(raw))
            except ValueError:
                raise ConfigError(f"PB_{key} must be a number of seconds, not {raw!r}") from None
        elif key == "DATABASE_URL":
            found["SQLALCHEMY_DATABASE_URI"] = value
        elif key == "ENV":
            found["PB_ENV"] = value
        elif key == "PUBLIC_URL":
            found["PUBLIC_URL"] = str(value).rstrip("/")
        else:
            found[key] = value
    return found


def instance_secret(instance_path: Path) -> str:
    """Read the secret key kept in the instance folder, creating it on first use."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    from pb.private_files import private_folder, write_private

    private_folder(instance_path, instance_path.parent)
    key = secrets.token_hex(32)
    # Written with owner-only permissions: whoever reads it can forge sessions.
    write_private(path, (key + "\n").encode())
    return key


def check_secret(secret: str | None, *, production: bool) -> None:
    """Refuse a weak secret key outside development and tests."""
    if not production:
        return
    if secret is None or secret.strip().lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} random characters "
            "(or delete it from the configuration and pb will generate one in the instance folder)."
        )
