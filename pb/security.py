"""Access control in one place: role checks, safe redirects, and the signed session cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_required
from itsdangerous import URLSafeTimedSerializer

from pb.accounts.models import Role

F = TypeVar("F", bound=Callable)


def role_required(*roles: Role) -> Callable[[F], F]:
    """Let through signed-in users with one of ``roles``; others get 403, strangers the sign-in."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_safe_next(target: str | None) -> bool:
    """Only local paths may be followed after sign-in: no scheme, no host, no ``//`` tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its serializer made once per set of secret keys.

    Flask builds a new serializer for every request (and checks it by serializing a test value);
    a phone voting loads its session on each request, so that is kept instead. Same cookie, same
    signature, same keys: a new SECRET_KEY or fallback list makes a new serializer."""

    _kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]
