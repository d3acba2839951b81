"""Safe redirects after sign-in, and the signed session cookie. (Who may do what is in
:mod:`pb.permissions`.)"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


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
