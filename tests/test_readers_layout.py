"""matcher.readers.layout: positioned segments → lines in reading order (no PDF needed)."""

from __future__ import annotations

import pytest

from matcher.readers.layout import Segment, find_gutter, page_text

WIDTH = 612.0


def _column(x0: float, x1: float, top: float, texts: list[str], step: float = 14) -> list[Segment]:
    return [Segment(x0, x1, top - i * step, top - i * step - 10, t) for i, t in enumerate(texts)]


LEFT = [f"left {i}" for i in range(8)]
RIGHT = [f"right {i}" for i in range(12)]


def test_readers_layout_one_column_reads_top_down() -> None:
    segments = _column(72, 540, 700, [f"line {i}" for i in range(10)])
    assert find_gutter(segments, WIDTH) is None
    assert page_text(segments, WIDTH).split("\n") == [f"line {i}" for i in range(10)]


@pytest.mark.parametrize("sidebar_top", [700, 640])
def test_readers_layout_two_columns_left_then_right(sidebar_top: float) -> None:
    segments = _column(40, 200, sidebar_top, LEFT) + _column(240, 570, 700, RIGHT)
    low, high = find_gutter(segments, WIDTH)
    assert 200 <= low < high <= 240
    lines = [line for line in page_text(segments, WIDTH).split("\n") if line]
    assert lines == LEFT + RIGHT


def test_readers_layout_banner_above_columns_comes_first() -> None:
    banner = [Segment(250, 360, 760, 740, "Jordan Avery")]  # centred, over the right column
    segments = banner + _column(40, 200, 700, LEFT) + _column(240, 570, 700, RIGHT)
    lines = [line for line in page_text(segments, WIDTH).split("\n") if line]
    assert lines == ["Jordan Avery", *LEFT, *RIGHT]


def test_readers_layout_full_width_row_between_column_blocks() -> None:
    upper = _column(40, 200, 700, LEFT[:4]) + _column(240, 570, 700, RIGHT[:4])
    divider = [Segment(40, 570, 630, 620, "Full-width heading across the page")]
    lower = _column(40, 200, 600, LEFT[4:]) + _column(240, 570, 600, RIGHT[4:8])
    lines = [line for line in page_text(upper + divider + lower, WIDTH).split("\n") if line]
    assert lines == [*LEFT[:4], *RIGHT[:4], "Full-width heading across the page", *LEFT[4:],
                     *RIGHT[4:8]]  # fmt: skip


def test_readers_layout_right_aligned_dates_are_not_a_column() -> None:
    rows = []
    for i in range(5):
        top = 700 - i * 60
        rows += [Segment(72, 260, top, top - 10, f"Title {i}"),
                 Segment(470, 540, top, top - 10, f"20{10 + i}")]  # fmt: skip
        rows += _column(72, 540, top - 14, [f"body {i}a", f"body {i}b"])
    assert find_gutter(rows, WIDTH) is None
    assert page_text(rows, WIDTH).split("\n")[:3] == ["Title 0 2010", "body 0a", "body 0b"]


def test_readers_layout_same_baseline_segments_join_in_x_order() -> None:
    segments = [Segment(300, 400, 700, 690, "second"), Segment(72, 200, 701, 690, "first")]
    assert page_text(segments, WIDTH) == "first second"
