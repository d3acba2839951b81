"""Every string a user sees is in the catalogues, translated into Polish, and compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "pb" / "translations"


def _extract(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
         str(ROOT / "babel.cfg"), "-k", "_l", "--no-location", "-o", str(pot), str(ROOT)],
        check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def _key(message) -> object:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _strings(message) -> tuple:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _is_identity(message) -> bool:
    key = _key(message)
    return _strings(message) == (key if isinstance(key, tuple) else (key,))


def test_every_extracted_string_has_a_polish_translation(tmp_path):
    extracted = _extract(tmp_path)
    with (TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        polish = read_po(handle, locale="pl")
    translated = {}
    for message in polish:
        if not message.id:
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if all(strings) and not message.fuzzy:
            translated[_key(message)] = strings
    missing = [_key(m) for m in extracted if m.id and _key(m) not in translated]
    assert missing == [], "run 'pb translate update' and translate these in pl/messages.po"
    # Plurals need all three Polish forms (1 grupa, 2 grupy, 5 grup).
    for key, strings in translated.items():
        if isinstance(key, tuple):
            assert len(strings) == 3, key


def test_compiled_catalogues_match_their_sources():
    for language in ("pl", "en"):
        folder = TRANSLATIONS / language / "LC_MESSAGES"
        with (folder / "messages.po").open("rb") as handle:
            source = read_po(handle, locale=language)
        with (folder / "messages.mo").open("rb") as handle:
            compiled = read_mo(handle)
        # Entries that read the same as their English source change nothing, and Babel
        # compiles an untranslated plural as its English forms, so both are left out.
        expected = {
            _key(m): _strings(m) for m in source
            if m.id and not m.fuzzy and all(_strings(m)) and not _is_identity(m)
        }
        actual = {_key(m): _strings(m) for m in compiled if m.id and not _is_identity(m)}
        assert actual == expected, f"run 'pb translate compile' ({language})"
