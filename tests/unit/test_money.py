from decimal import Decimal

import pytest

from pb.core.money import MoneyError, grosze_to_decimal, grosze_to_input, parse_pln


@pytest.mark.parametrize(
    ("text", "grosze"),
    [
        ("20000", 2_000_000),
        ("20 000", 2_000_000),
        ("20\u00a0000,50", 2_000_050),
        ("20.000,50", 2_000_050),
        ("20,000.50", 2_000_050),
        ("20.000", 2_000_000),
        ("1,234,567", 123_456_700),
        ("0,01", 1),
        ("12,5", 1_250),
        ("12.5", 1_250),
        ("1 234 zł", 123_400),
        ("99 PLN", 9_900),
        ("  7,05 ", 705),
    ],
)
def test_parses_what_people_type(text, grosze):
    assert parse_pln(text) == grosze


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("zł", "empty"),
        ("dużo", "format"),
        ("1,2,3", "format"),
        ("12.34.5", "format"),
        ("1e5", "format"),
        ("100,555", "precision"),  # a Polish decimal comma with three places: refused, not guessed
        ("0,001", "precision"),
        ("-5", "negative"),
        ("1.000,5.5", "format"),
    ],
)
def test_refuses_what_it_cannot_read_exactly(text, reason):
    with pytest.raises(MoneyError) as error:
        parse_pln(text)
    assert error.value.reason == reason


def test_negative_when_allowed():
    assert parse_pln("-12,50", allow_negative=True) == -1250


def test_never_float():
    # 0.1 + 0.2 style errors cannot happen: the result is an exact integer.
    assert parse_pln("0,10") + parse_pln("0,20") == parse_pln("0,30")
    assert isinstance(parse_pln("0,30"), int)


def test_round_trip_for_editing():
    assert grosze_to_input(2_000_000) == "20000"
    assert grosze_to_input(1_250) == "12,50"
    assert grosze_to_input(None) == ""
    assert parse_pln(grosze_to_input(123_456)) == 123_456
    assert grosze_to_decimal(1_250) == Decimal("12.50")
