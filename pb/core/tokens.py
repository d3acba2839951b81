"""Unguessable codes and their keyed hashes.

Codes printed on sign-in cards (and later on ballot cards) are random and are never stored as
they are: the database keeps only an HMAC of each code under a key that lives in the instance
folder, so a copy of the database alone cannot be used to sign in or to vote.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_url_token(n_bytes: int = 16) -> str:
    """Return a URL-safe random token carrying ``8 * n_bytes`` bits of randomness."""
    if n_bytes < 8:
        raise ValueError("a token needs at least 64 bits of randomness")
    return secrets.token_urlsafe(n_bytes)


def derive_key(secret: str | bytes, purpose: str) -> bytes:
    """Derive a separate key for one purpose from the application secret.

    Different purposes (sign-in cards, ballot cards) get unrelated keys, so a hash leaked from one
    table says nothing about another.
    """
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"pb/" + purpose.encode(), hashlib.sha256).digest()


def keyed_hash(key: bytes, code: str) -> str:
    """Return the hex HMAC-SHA256 of ``code`` under ``key``; what the database stores."""
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()
