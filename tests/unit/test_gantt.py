"""The schedule chart: layout arithmetic and the standalone SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from pb.core.gantt import gantt_layout, gantt_svg, month_captions, truncate
from pb.core.schedule import TaskSpec

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]
WINDOW = (date(2013, 4, 1), date(2013, 11, 29))


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, parsed to check it is well-formed


def _svg(layout, title="Harmonogram"):
    return gantt_svg(layout, month_labels=MONTHS, format_date=date.isoformat, title=title)


def test_fractions_are_exact_for_known_dates():
    # April 2013 has 30 days: the axis is exactly that month, one day is 1/30.
    tasks = [TaskSpec("A", date(2013, 4, 1), date(2013, 4, 15))]
    layout = gantt_layout(tasks)
    assert (layout.axis_start, layout.axis_end, layout.days) == (
        date(2013, 4, 1), date(2013, 4, 30), 30)
    bar = layout.rows[0].planned
    assert bar.start == 0.0
    assert bar.end == 15 / 30 == 0.5
    assert not bar.outside
    assert layout.month_ticks == (date(2013, 4, 1),)


def test_span_is_padded_to_whole_months():
    tasks = [
        TaskSpec("B", date(2013, 5, 20), date(2013, 6, 3)),
        TaskSpec("A", date(2013, 4, 10), date(2013, 4, 12)),
    ]
    layout = gantt_layout(tasks)
    assert layout.axis_start == date(2013, 4, 1)
    assert layout.axis_end == date(2013, 6, 30)
    assert layout.days == 91
    assert layout.month_ticks == (date(2013, 4, 1), date(2013, 5, 1), date(2013, 6, 1))
    assert [(m.start, m.end) for m in layout.months] == [(0, 30 / 91), (30 / 91, 61 / 91),
                                                         (61 / 91, 1.0)]
    first = layout.rows[0].planned
    assert (first.start, first.end) == (9 / 91, 12 / 91)


def test_one_day_task_has_one_day_width():
    layout = gantt_layout([TaskSpec("Piknik", date(2013, 6, 15), date(2013, 6, 15))])
    bar = layout.rows[0].planned
    assert bar.end - bar.start == pytest.approx(1 / 30)
    assert bar.start == 14 / 30


def test_rows_follow_schedule_order():
    tasks = [
        TaskSpec("late", date(2013, 4, 1), date(2013, 4, 2), position=2),
        TaskSpec("second", date(2013, 5, 1), date(2013, 5, 2), position=1),
        TaskSpec("first", date(2013, 4, 20), date(2013, 4, 22), position=1),
    ]
    layout = gantt_layout(tasks)
    assert [r.task.title for r in layout.rows] == ["first", "second", "late"]
    assert [r.index for r in layout.rows] == [0, 1, 2]


def test_window_sets_the_axis_and_flags_overflow():
    tasks = [
        TaskSpec("in", date(2013, 4, 1), date(2013, 11, 29), position=1),
        TaskSpec("over", date(2013, 11, 20), date(2013, 12, 10), position=2),
        TaskSpec("before", date(2013, 3, 1), date(2013, 3, 5), position=3),
    ]
    layout = gantt_layout(tasks, window=WINDOW)
    assert (layout.axis_start, layout.axis_end) == WINDOW
    inside, over, before = layout.rows
    assert (inside.planned.start, inside.planned.end) == (0.0, 1.0)
    assert not inside.outside
    assert over.outside and over.planned.clipped_end and not over.planned.clipped_start
    assert over.planned.end == 1.0
    assert before.outside and before.planned.clipped_start
    assert before.planned.start == before.planned.end == 0.0
    assert layout.outside_window
    # A window not starting on the 1st: the partial month is on the axis but has no tick.
    mid = gantt_layout(tasks[:1], window=(date(2013, 4, 15), date(2013, 5, 31)))
    assert mid.month_ticks == (date(2013, 5, 1),)
    assert mid.months[0].first_day == date(2013, 4, 1) and mid.months[0].start == 0.0


def test_actual_bars_late_and_open_ended():
    tasks = [
        TaskSpec("A", date(2013, 4, 1), date(2013, 4, 10)),
        TaskSpec("B", date(2013, 4, 11), date(2013, 4, 20)),
        TaskSpec("C", date(2013, 4, 21), date(2013, 4, 25)),
    ]
    actual = {0: (date(2013, 4, 1), date(2013, 4, 8)), 1: (date(2013, 4, 12), None)}
    layout = gantt_layout(tasks, actual=actual, today=date(2013, 4, 24))
    a, b, c = layout.rows
    assert a.actual is not None and not a.late and a.actual.end == 8 / 30
    assert b.actual is not None and b.late and b.actual.last_day is None
    assert b.actual.end == 24 / 30  # runs until today, inclusive
    assert c.actual is None
    assert layout.has_actual
    assert layout.today_at == pytest.approx(23.5 / 30)


def test_empty_schedule():
    layout = gantt_layout([], today=date(2013, 5, 7))
    assert layout.rows == ()
    assert (layout.axis_start, layout.axis_end) == (date(2013, 5, 1), date(2013, 5, 31))
    root = _parse(_svg(layout))
    assert root.tag == f"{SVG}svg"
    windowed = gantt_layout([], window=WINDOW)
    assert windowed.days == 243 and len(windowed.month_ticks) == 8
    _parse(_svg(windowed))


def test_svg_is_accessible_and_lists_every_task():
    tasks = [
        TaskSpec('Zakup farby <i>"ekologicznej"</i> & pędzli', date(2013, 4, 2), date(2013, 4, 9),
                 "anna.kowalczyk"),
        TaskSpec("Malowanie", date(2013, 4, 10), date(2013, 5, 31)),
    ]
    text = _svg(gantt_layout(tasks, window=WINDOW), title='Plan <"A&B">')
    root = _parse(text)
    assert root.get("role") == "img"
    title_id = root.get("aria-labelledby")
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == title_id
    assert title.text == 'Plan <"A&B">'
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == root.get("aria-describedby")
    for task in tasks:
        assert task.title in desc.text
        assert task.start.isoformat() in desc.text and task.end.isoformat() in desc.text
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    for task in tasks:
        assert any(task.title in tip for tip in tooltips)
        assert any(t == task.title or task.title.startswith(t.rstrip("…")) for t in texts)
    # Raw markup never leaks: the angle bracket of the title is escaped.
    assert "<i>" not in text
    assert "kwi 2013" in texts and "maj" in texts


def test_svg_has_no_external_references_or_scripts():
    tasks = [TaskSpec("http://example.org/x", date(2013, 4, 1), date(2013, 4, 3))]
    text = _svg(gantt_layout(tasks, today=date(2013, 4, 2)))
    # The only URL is the SVG namespace; the task title is text, not a link.
    stripped = text.replace('xmlns="http://www.w3.org/2000/svg"', "", 1)
    assert "href" not in stripped
    assert "http" not in stripped.replace("http://example.org/x", "")
    assert "<script" not in text and "class=" not in text and "<style" not in text
    root = _parse(text)
    today_lines = [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray")]
    assert len(today_lines) == 1


def test_long_titles_are_truncated_with_full_text_in_tooltip():
    long_title = "Bardzo długi tytuł zadania " * 5
    text = _svg(gantt_layout([TaskSpec(long_title, date(2013, 4, 1), date(2013, 4, 3))]))
    root = _parse(text)
    shown = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("Bardzo")]
    assert shown and shown[0].endswith("…") and len(shown[0]) < len(long_title)
    assert any(" ".join(long_title.split()) in (t.text or "") for t in root.iter(f"{SVG}title"))


def test_control_characters_do_not_break_the_xml():
    _parse(_svg(gantt_layout([TaskSpec("a\x00b\x1f", date(2013, 4, 1),
                                               date(2013, 4, 1))])))


def test_year_shown_where_it_changes():
    layout = gantt_layout([TaskSpec("x", date(2012, 11, 5), date(2013, 2, 1))])
    assert month_captions(layout, MONTHS) == ["lis 2012", "gru", "sty 2013", "lut"]


def test_truncate():
    assert truncate("abc", 5) == "abc"
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("a  b\nc", 10) == "a b c"
