"""Phases, tokens, logins from names, and QR codes that real decoders read."""

from __future__ import annotations

from datetime import date

import pytest
import zxingcpp
from PIL import Image

from pb.core.names import login_from_name
from pb.core.phases import Phase, PhaseDates, current_phase, order_problems
from pb.core.qr import qr_matrix, qr_svg
from pb.core.tokens import derive_key, keyed_hash, new_url_token

DATES = PhaseDates(
    date(2012, 10, 1), date(2013, 2, 1), date(2013, 3, 15), date(2013, 4, 1), date(2013, 11, 30)
)


@pytest.mark.parametrize(
    ("today", "phase"),
    [
        (date(2012, 9, 30), Phase.DIAGNOSIS),
        (date(2012, 10, 1), Phase.DRAFTING),
        (date(2013, 1, 31), Phase.DRAFTING),
        (date(2013, 2, 1), Phase.REVIEW),
        (date(2013, 3, 15), Phase.DEBATE),
        (date(2013, 3, 31), Phase.DEBATE),
        (date(2013, 4, 1), Phase.EXECUTION),
        (date(2013, 11, 29), Phase.EXECUTION),
        (date(2013, 11, 30), Phase.CLOSED),
    ],
)
def test_current_phase(today, phase):
    assert current_phase(DATES, today) == phase


def test_debate_day_can_open_execution():
    same_day = PhaseDates(
        date(2013, 1, 1), date(2013, 2, 1), date(2013, 3, 1), date(2013, 3, 1), date(2013, 5, 1)
    )
    assert order_problems(same_day) == []
    assert current_phase(same_day, date(2013, 3, 1)) == Phase.DEBATE
    assert current_phase(same_day, date(2013, 3, 2)) == Phase.EXECUTION


def test_order_problems_name_the_offending_dates():
    assert order_problems(DATES) == []
    swapped = PhaseDates(
        date(2013, 3, 1), date(2013, 2, 1), date(2013, 3, 15), date(2013, 4, 1), date(2013, 4, 1)
    )
    assert order_problems(swapped) == [
        ("review_from", "drafting_from"),
        ("closed_on", "execution_from"),
    ]


def test_tokens_are_random_and_long_enough():
    tokens = {new_url_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) >= 22 for t in tokens)  # 128 bits in URL-safe base64
    with pytest.raises(ValueError):
        new_url_token(4)


def test_keyed_hash_depends_on_key_and_purpose():
    key_a = derive_key("secret-one", "signin-card")
    key_b = derive_key("secret-two", "signin-card")
    key_c = derive_key("secret-one", "ballot-card")
    assert keyed_hash(key_a, "code") == keyed_hash(key_a, "code")
    assert len({keyed_hash(k, "code") for k in (key_a, key_b, key_c)}) == 3


@pytest.mark.parametrize(
    ("name", "login"),
    [
        ("Łucja Żółkiewska", "lucja.zolkiewska"),
        ("Stanisław  Gajda-Nowak", "stanislaw.gajda.nowak"),
        ("Ó", "o.o"),
        ("!!!", "uczestnik"),
    ],
)
def test_login_from_name(name, login):
    assert login_from_name(name, lambda _c: False) == login


def test_login_from_name_avoids_taken_logins():
    taken = {"anna.nowak", "anna.nowak2"}
    assert login_from_name("Anna Nowak", taken.__contains__) == "anna.nowak3"


def _image_from_matrix(matrix, scale=8):
    n = len(matrix)
    image = Image.new("L", (n * scale, n * scale), 255)
    pixels = image.load()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    for dx in range(scale):
                        pixels[x * scale + dx, y * scale + dy] = 0
    return image


def test_qr_matrix_decodes_back():
    url = "http://192.168.1.20:8000/k/H1PSBdlhwMf340kHgrTPLA"
    results = zxingcpp.read_barcodes(_image_from_matrix(qr_matrix(url)))
    assert [r.text for r in results] == [url]


def test_qr_svg_is_self_contained_and_labelled():
    svg = qr_svg("http://x/k/abc", title='Kod "QR" & <test>')
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "href" not in svg  # nothing fetched from anywhere
    assert 'aria-label="Kod &quot;QR&quot; &amp; &lt;test&gt;"' in svg
    # One path holds every dark module; its runs cover exactly the matrix's dark cells.
    matrix = qr_matrix("http://x/k/abc")
    runs = [int(part.split("h")[1].split("v")[0]) for part in svg.split('d="')[1].split('"')[0].split("z") if part]
    assert sum(runs) == sum(sum(row) for row in matrix)


def test_task_moves_follow_the_table():
    from pb.core.workflow import CLOSED_TASK, TASK_MOVES, TaskStatus, task_move_allowed

    assert set(TASK_MOVES) == set(TaskStatus)
    for status in TaskStatus:
        assert task_move_allowed(status, status)  # notes and dates may always change
    assert task_move_allowed(TaskStatus.PLANNED, TaskStatus.DONE)
    assert not task_move_allowed(TaskStatus.DONE, TaskStatus.DROPPED)
    assert not task_move_allowed(TaskStatus.DROPPED, TaskStatus.DONE)
    assert task_move_allowed(TaskStatus.DONE, TaskStatus.IN_PROGRESS)
    assert CLOSED_TASK == {TaskStatus.DONE, TaskStatus.DROPPED}
