"""The CSV guard: text that a spreadsheet would run is quoted, numbers stay numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from pb import csv_safe


def test_text_that_starts_a_formula_is_quoted():
    for text in ("=1+1", "+1", "-1+1", "@A1", "\t=1", "\r=1"):
        assert csv_safe.safe_cell(text) == "'" + text


def test_plain_text_and_numbers_pass_unchanged():
    assert csv_safe.safe_cell("Plac zabaw = radość") == "Plac zabaw = radość"
    assert csv_safe.safe_cell(-5) == -5
    assert csv_safe.safe_cell(Decimal("-12.50")) == Decimal("-12.50")


def test_writer_guards_every_cell():
    out = io.StringIO()
    csv_safe.writer(out, delimiter=";").writerow(["=1+1", Decimal("-1.50"), 3])
    assert out.getvalue() == "'=1+1;-1.50;3\r\n"
