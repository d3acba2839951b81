"""Ballot card codes: random, short, typed by hand, and checked for typos.

A code is 16 symbols of Crockford-style base32 without the letters that look like digits or
like each other (I, L, O, U): 15 random data symbols (75 bits from :mod:`secrets`) and one check
symbol. It is printed in four groups of four (``K7M2-Q9XH-4RTP-3WZ5``) and stored in its
canonical form: 16 uppercase symbols, no separators.

The check symbol makes the weighted sum of all 16 symbol values zero in the finite field GF(32),
the weight of position ``i`` being ``α**i`` for a primitive element ``α``. Every symbol value is
an element of the field, so:

- a single substituted symbol changes the sum by ``α**i · (a - b)``, a product of two non-zero
  field elements, which is never zero: every single substitution is detected;
- swapping two different symbols at positions ``i`` and ``j`` changes the sum by
  ``(α**i - α**j) · (a - b)``, non-zero as long as ``α**i != α**j``, which holds for any
  ``i != j < 31`` (``α`` has order 31): every transposition, adjacent or not, is detected.

A check modulo a prime (Crockford's mod 37) needs extra check symbols outside the alphabet; a
mod-31 check over 32 values misses the swap of the values 0 and 31. The field needs neither.
The desk uses this to say "typo" rather than "unknown card".
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 15
CODE_LENGTH = DATA_SYMBOLS + 1
GROUP = 4
BITS_PER_SYMBOL = 5
ENTROPY_BITS = DATA_SYMBOLS * BITS_PER_SYMBOL  # 75: unguessable even with many tries a second

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# What people and scanners type for a symbol that is not in the alphabet.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SEPARATORS = re.compile(r"[\s\-.\u2010-\u2015\u2212_]+")

# GF(32) as polynomials over GF(2) modulo the primitive x^5 + x^2 + 1.
_POLY = 0b100101
_EXP: list[int] = []
_element = 1
for _ in range(31):
    _EXP.append(_element)
    _element <<= 1
    if _element & 0b100000:
        _element ^= _POLY
_LOG = {element: power for power, element in enumerate(_EXP)}
_WEIGHTS = [_EXP[i % 31] for i in range(CODE_LENGTH)]


def _times(a: int, b: int) -> int:
    """The product of two elements of GF(32)."""
    if a == 0 or b == 0:
        return 0
    return _EXP[(_LOG[a] + _LOG[b]) % 31]


def _syndrome(values: list[int]) -> int:
    """The weighted sum of symbol values in GF(32) (addition is XOR)."""
    total = 0
    for weight, value in zip(_WEIGHTS, values, strict=False):
        total ^= _times(weight, value)
    return total


def check_symbol(data: str) -> str:
    """The check symbol that completes 15 canonical data symbols into a valid code."""
    if len(data) != DATA_SYMBOLS or any(symbol not in _VALUE for symbol in data):
        raise ValueError("a card code has 15 data symbols of the card alphabet")
    partial = _syndrome([_VALUE[symbol] for symbol in data])
    # Solve partial + w15 · c = 0; in characteristic 2, minus is plus.
    inverse_weight = _EXP[(31 - _LOG[_WEIGHTS[DATA_SYMBOLS]]) % 31]
    return ALPHABET[_times(partial, inverse_weight)]


def new_card_code() -> str:
    """A fresh random card code in canonical form (16 symbols, the last one the check)."""
    bits = secrets.randbits(ENTROPY_BITS)
    data = "".join(
        ALPHABET[(bits >> (BITS_PER_SYMBOL * i)) & 0b11111] for i in range(DATA_SYMBOLS)
    )
    return data + check_symbol(data)


def format_card_code(code: str) -> str:
    """The code as printed: four groups of four joined by dashes (``K7M2-Q9XH-4RTP-3WZ5``)."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize_card_code(text: str) -> str | None:
    """The canonical code in what a person or a hand-held scanner typed, or ``None``.

    Accepts any case, spaces, dashes and dots anywhere, O for 0, I or L for 1, U for V, and a
    full URL whose last path segment is the code (a scanner reading the QR types the URL).
    Returns ``None`` when the length is wrong or a character is not a card symbol; it does not
    look at the check symbol (see :func:`check_card_code`).
    """
    text = text.strip()
    if "/" in text:
        path = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
        text = path.rsplit("/", 1)[-1]
    text = _SEPARATORS.sub("", text).upper().translate(_LOOKALIKES)
    if len(text) != CODE_LENGTH or any(symbol not in _VALUE for symbol in text):
        return None
    return text


def check_card_code(code: str) -> bool:
    """Whether ``code`` (canonical or as typed) has a correct check symbol."""
    canonical = normalize_card_code(code)
    if canonical is None:
        return False
    return _syndrome([_VALUE[symbol] for symbol in canonical]) == 0


def card_url(public_url: str, code: str) -> str:
    """The short address a card's QR code carries: ``<public url>/v/<code>``."""
    return f"{public_url.rstrip('/')}/v/{code}"
