"""Exact money: amounts are integer grosze (1 PLN = 100 grosze), never floats.

Parsing accepts what people type in Poland and elsewhere: ``20000``, ``20 000,50``, ``20.000,50``,
``20,000.50``, ``1 234 zł``. Anything ambiguous is refused rather than guessed. Formatting for
display lives in the web layer (Babel knows the locale); this module only converts between text,
:class:`~decimal.Decimal` and grosze.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

GROSZE_PER_PLN = 100

_CURRENCY_WORDS = re.compile(r"(?i)\s*(zł|zl|pln)\.?\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


class MoneyError(ValueError):
    """Raised when text cannot be read as an amount of money."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_pln(text: str, *, allow_negative: bool = False) -> int:
    """Read an amount in PLN typed by a person and return it in grosze.

    Both the Polish decimal comma and the English decimal point are understood; a separator
    followed by exactly three digits, repeated, is read as a thousands separator. More than two
    decimal places is an error rather than a silent rounding.

    Raises :class:`MoneyError` with a machine-readable ``reason`` (``empty``, ``format``,
    ``precision``, ``negative``).
    """
    if text is None:
        raise MoneyError("empty")
    cleaned = _CURRENCY_WORDS.sub("", str(text).strip())
    cleaned = _SPACES.sub("", cleaned)
    if not cleaned:
        raise MoneyError("empty")
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
    if not re.fullmatch(r"[0-9.,]+", cleaned) or not re.search(r"[0-9]", cleaned):
        raise MoneyError("format")
    cleaned = _normalise_separators(cleaned)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - regex above keeps this unreachable
        raise MoneyError("format") from exc
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError("precision")
    if negative:
        value = -value
    if value < 0 and not allow_negative:
        raise MoneyError("negative")
    return int((value * GROSZE_PER_PLN).to_integral_value(rounding=ROUND_HALF_UP))


def _normalise_separators(text: str) -> str:
    """Turn a number with mixed separators into the plain ``1234.56`` form."""
    last_comma, last_dot = text.rfind(","), text.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        decimal_sep = "," if last_comma > last_dot else "."
        thousands_sep = "." if decimal_sep == "," else ","
        integer, _, fraction = text.rpartition(decimal_sep)
        if not _is_grouped(integer, thousands_sep):
            raise MoneyError("format")
        return integer.replace(thousands_sep, "") + "." + fraction
    sep = "," if last_comma >= 0 else "." if last_dot >= 0 else ""
    if not sep:
        return text
    parts = text.split(sep)
    # A single comma is the Polish decimal comma, always: "100,555" is refused for its three
    # decimals rather than read as a hundred thousand. A single dot before three digits is a
    # thousands separator ("20.000"), as Polish writing uses it.
    if len(parts) == 2 and (sep == "," or len(parts[1]) != 3):
        return parts[0] + "." + parts[1]
    # "20.000" or "1,234,567": thousands separators only.
    if _is_grouped(text, sep):
        return text.replace(sep, "")
    if len(parts) == 2:
        return parts[0] + "." + parts[1]
    raise MoneyError("format")


def _is_grouped(text: str, sep: str) -> bool:
    """True when ``text`` is digits grouped in threes by ``sep`` (or has no ``sep`` at all)."""
    parts = text.split(sep)
    if len(parts) == 1:
        return parts[0].isdigit()
    return (
        1 <= len(parts[0]) <= 3
        and parts[0].isdigit()
        and all(len(p) == 3 and p.isdigit() for p in parts[1:])
    )


def grosze_to_decimal(grosze: int) -> Decimal:
    """Return the amount as a :class:`Decimal` number of PLN with two places."""
    return (Decimal(grosze) / GROSZE_PER_PLN).quantize(Decimal("0.01"))


def grosze_to_input(grosze: int | None) -> str:
    """Render grosze for an edit box: ``12345`` → ``"123,45"``, whole amounts without decimals."""
    if grosze is None:
        return ""
    value = grosze_to_decimal(grosze)
    if grosze % GROSZE_PER_PLN == 0:
        return str(grosze // GROSZE_PER_PLN)
    return f"{value:.2f}".replace(".", ",")
