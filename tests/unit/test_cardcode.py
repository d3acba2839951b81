"""Ballot card codes: unguessable, typed forgivingly, and typos caught by the check symbol."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pb.core.cardcode import (
    ALPHABET,
    CODE_LENGTH,
    DATA_SYMBOLS,
    ENTROPY_BITS,
    card_url,
    check_card_code,
    check_symbol,
    format_card_code,
    new_card_code,
    normalize_card_code,
)

data_symbols = st.text(alphabet=ALPHABET, min_size=DATA_SYMBOLS, max_size=DATA_SYMBOLS)
codes = data_symbols.map(lambda data: data + check_symbol(data))


def test_alphabet_is_32_unambiguous_symbols():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert ALPHABET == "".join(sorted(ALPHABET))


def test_entropy_is_at_least_60_bits():
    assert ENTROPY_BITS == DATA_SYMBOLS * 5 == 75
    assert ENTROPY_BITS >= 60


def test_new_code_is_canonical_and_valid():
    code = new_card_code()
    assert len(code) == CODE_LENGTH == 16
    assert set(code) <= set(ALPHABET)
    assert check_card_code(code)
    assert normalize_card_code(code) == code


def test_codes_are_unique_over_10000_draws():
    drawn = [new_card_code() for _ in range(10_000)]
    assert len(set(drawn)) == len(drawn)
    assert all(check_card_code(code) for code in drawn)
    # Every symbol shows up in every data position: the randomness reaches all of them.
    for position in range(DATA_SYMBOLS):
        assert {code[position] for code in drawn} == set(ALPHABET)


def test_format_groups_four_by_four():
    assert format_card_code("K7M2Q9XH4RTP3WZ5") == "K7M2-Q9XH-4RTP-3WZ5"


@given(codes)
def test_format_and_normalize_round_trip(code):
    printed = format_card_code(code)
    assert len(printed) == 19 and printed.count("-") == 3
    assert normalize_card_code(printed) == code
    assert check_card_code(printed)


@given(codes, st.data())
def test_typing_is_forgiving(code, data):
    typed = format_card_code(code).lower()
    # Look-alikes a person may type for the real symbols.
    typed = typed.replace("0", data.draw(st.sampled_from(["0", "o", "O"])))
    typed = typed.replace("1", data.draw(st.sampled_from(["1", "i", "I", "l", "L"])))
    typed = typed.replace("v", data.draw(st.sampled_from(["v", "u", "U"])))
    separator = data.draw(st.sampled_from(["-", " ", ".", "", " - ", "\t"]))
    typed = typed.replace("-", separator)
    assert normalize_card_code(f"  {typed}\n") == code


@given(codes)
def test_scanner_typing_the_url_is_read(code):
    for url in (
        card_url("http://192.168.1.20:5000", code),
        card_url("http://192.168.1.20:5000/", code) + "/",
        card_url("https://pb.example.org/debata", code) + "?utm=x#top",
        card_url("http://192.168.1.20:5000", code).lower(),
    ):
        assert normalize_card_code(url) == code


def test_card_url_is_short_and_joins_cleanly():
    assert card_url("http://10.0.0.2:5000/", "K7M2Q9XH4RTP3WZ5") == (
        "http://10.0.0.2:5000/v/K7M2Q9XH4RTP3WZ5"
    )
    assert card_url("http://10.0.0.2:5000", "K7M2Q9XH4RTP3WZ5").endswith(":5000/v/K7M2Q9XH4RTP3WZ5")


@given(codes, st.integers(min_value=1, max_value=CODE_LENGTH - 1))
def test_wrong_lengths_are_rejected(code, cut):
    assert normalize_card_code(code[:cut]) is None
    assert normalize_card_code(code + code[:cut]) is None
    assert not check_card_code(code[:cut])


@pytest.mark.parametrize("text", ["", "   ", "----", "K7M2-Q9XH-4RTP-3WZ!", "K7M2Q9XH4RTP3WZ5Ą"])
def test_garbage_is_rejected(text):
    assert normalize_card_code(text) is None
    assert not check_card_code(text)


@given(codes)
def test_every_single_substitution_is_caught(code):
    for position in range(CODE_LENGTH):
        for symbol in ALPHABET:
            if symbol != code[position]:
                typo = code[:position] + symbol + code[position + 1 :]
                assert not check_card_code(typo), (code, position, symbol)


@given(codes)
def test_every_adjacent_transposition_is_caught(code):
    for position in range(CODE_LENGTH - 1):
        a, b = code[position], code[position + 1]
        if a != b:
            typo = code[:position] + b + a + code[position + 2 :]
            assert not check_card_code(typo), (code, position)


def test_substitutions_and_transpositions_exhaustively():
    """All value pairs at every position, not a sample.

    The check is linear: whether an error is caught depends only on where it is and which
    values it swaps, never on the other symbols. So one background code with every pair of
    values placed at every position (or pair of adjacent positions) covers every code.
    """
    background = list(new_card_code()[:DATA_SYMBOLS])
    for position in range(CODE_LENGTH):
        for a in ALPHABET:
            for b in ALPHABET:
                if a == b:
                    continue
                # A substitution a → b at `position` (the check symbol's own position included).
                if position < DATA_SYMBOLS:
                    data = background.copy()
                    data[position] = a
                    code = "".join(data) + check_symbol("".join(data))
                else:
                    code = _with_check(background, a)
                typo = code[:position] + b + code[position + 1 :]
                assert check_card_code(code) and not check_card_code(typo)
                # A transposition of a and b at `position` and the next one.
                if position < CODE_LENGTH - 1:
                    code = _with_pair(background, position, a, b)
                    if code is None:
                        continue
                    typo = code[:position] + b + a + code[position + 2 :]
                    assert check_card_code(code) and not check_card_code(typo)


def _with_check(background: list[str], check: str) -> str:
    """A valid code ending in ``check``: change the first data symbol until it fits."""
    for first in ALPHABET:
        data = first + "".join(background[1:])
        if check_symbol(data) == check:
            return data + check
    raise AssertionError("every check symbol is reachable from the first symbol")


def _with_pair(background: list[str], position: int, a: str, b: str) -> str | None:
    """A valid code with ``a`` at ``position`` and ``b`` right after it."""
    if position + 1 < DATA_SYMBOLS:
        data = background.copy()
        data[position], data[position + 1] = a, b
        return "".join(data) + check_symbol("".join(data))
    # The pair is the last data symbol and the check: steer the check through the first symbol.
    for first in ALPHABET:
        data = [first, *background[1:]]
        data[position] = a
        joined = "".join(data)
        if check_symbol(joined) == b:
            return joined + b
    return None


def test_check_symbol_refuses_bad_input():
    with pytest.raises(ValueError):
        check_symbol("ABC")
    with pytest.raises(ValueError):
        check_symbol("O" * DATA_SYMBOLS)
