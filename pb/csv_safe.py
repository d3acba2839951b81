"""CSV files a spreadsheet opens without running anything in them.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so a participant who names a project ``=HYPERLINK(...)`` would run it on
the coordinator's computer. Every CSV pb writes goes through :func:`writer`, which prefixes such
text cells with a single quote (the OWASP advice). Numbers pb computes are written as numbers
(``int``, ``Decimal``), never as text, so they are left alone: ``-12.50`` stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should see it: text that would start a formula gets a leading
    single quote; numbers and everything else pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every text cell passes through :func:`safe_cell`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])


def writer(out: TextIO, **options: Any) -> SafeWriter:
    """Like ``csv.writer(out, **options)``, with formulas neutralised."""
    return SafeWriter(out, **options)
