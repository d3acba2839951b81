"""Logins made from people's names, for participants who have no e-mail address."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_POLISH = str.maketrans({"ł": "l", "Ł": "l"})


def login_from_name(name: str, is_taken: Callable[[str], bool]) -> str:
    """``"Anna Kowalska"`` → ``"anna.kowalska"``; a number is added while ``is_taken`` says so.

    Letters with Polish diacritics become their plain forms (ł → l, ż → z), so the login can be
    typed on any keyboard.
    """
    folded = unicodedata.normalize("NFKD", name.translate(_POLISH))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", ".", ascii_only).strip(".")[:100] or "uczestnik"
    if len(base) < 2:
        base = f"{base}.{base}"
    candidate, n = base, 1
    while is_taken(candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate
