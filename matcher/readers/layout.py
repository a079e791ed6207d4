"""Positioned runs of text on a PDF page → lines in reading order.

Both PDF engines reduce a page to ``Segment``s: runs of text on one line with their box (PDF
coordinates, y upwards). ``page_text`` groups them into rows, finds a column gutter if there
is one, and reads a two-column page left column first, then right, keeping rows that span
the gutter (a name banner, a full-width heading) in place between column blocks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_GUTTER_SEARCH = (0.2, 0.8)
"""Where on the page (fractions of its width) a column gutter may lie."""
_GUTTER_STEP = 2.0
_MIN_GUTTER_WIDTH = 6.0
"""Points of clear space a gutter needs; word gaps are 2-3 pt, column gutters 10 pt or more."""
_MAX_CROSSING = 0.08
"""Share of segments that may straddle a gutter (a banner, a wide heading) and still allow it."""
_BLOCK_GAP = 0.8
"""A vertical gap of this many line heights sets a block apart (line spacing is ~0.3)."""
_MIN_SIDE = 0.15
"""Share of segments each column needs, so a few right-aligned dates do not make a column."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text on one line: its box in PDF points (y grows upwards) and its text."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def _rows(segments: list[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = []
    spans: list[tuple[float, float]] = []
    for seg in sorted(segments, key=lambda s: (-s.top, s.x0)):
        middle = (seg.top + seg.bottom) / 2
        if rows:
            top, bottom = spans[-1]
            if bottom <= middle <= top:
                rows[-1].append(seg)
                spans[-1] = (max(top, seg.top), min(bottom, seg.bottom))
                continue
        rows.append([seg])
        spans.append((seg.top, seg.bottom))
    return [sorted(row, key=lambda s: s.x0) for row in rows]


def find_gutter(segments: list[Segment], width: float) -> tuple[float, float] | None:
    """The clear vertical band between two columns, or None for a one-column page."""
    count = len(segments)
    if count < 6 or width <= 0:
        return None
    allowed = max(1, int(_MAX_CROSSING * count))
    need = max(3, int(_MIN_SIDE * count))
    starts = sorted(seg.x0 for seg in segments)
    ends = sorted(seg.x1 for seg in segments)
    best: tuple[float, float] | None = None
    run_start: float | None = None
    x = width * _GUTTER_SEARCH[0]
    stop = width * _GUTTER_SEARCH[1]
    while x <= stop + _GUTTER_STEP:
        ok = False
        if x <= stop:
            left = bisect_right(ends, x)
            right = count - bisect_left(starts, x)
            crossing = count - left - right
            ok = crossing <= allowed and left >= need and right >= need
        if ok and run_start is None:
            run_start = x
        elif not ok and run_start is not None:
            band = (run_start, x - _GUTTER_STEP)
            if best is None or band[1] - band[0] > best[1] - best[0]:
                best = band
            run_start = None
        x += _GUTTER_STEP
    if best is None or best[1] - best[0] < _MIN_GUTTER_WIDTH - _GUTTER_STEP:
        return None
    return best


def _leading_rows(
    rows: list[list[Segment]], clean: list[Segment], middle: float, zone_top: float
) -> int:
    """How many top rows stand above both columns as a block of their own (a name banner).

    They lie above the point where both columns have begun and are set apart from what
    follows by a clear vertical gap; a main column that merely starts higher than its sidebar
    has no such gap and stays one column.
    """
    left_top = max((seg.top for seg in clean if seg.x0 < middle), default=zone_top)
    right_top = max((seg.top for seg in clean if seg.x0 >= middle), default=zone_top)
    both_top = min(left_top, right_top)
    above = 0
    while above < len(rows) and min(seg.bottom for seg in rows[above]) > both_top:
        above += 1
    leading = 0
    for k in range(min(above, len(rows) - 1)):
        bottom = min(seg.bottom for seg in rows[k])
        height = max(seg.top - seg.bottom for seg in rows[k])
        if bottom - max(seg.top for seg in rows[k + 1]) >= _BLOCK_GAP * height:
            leading = k + 1
    return leading


def page_text(segments: list[Segment], width: float) -> str:
    """The page's lines in reading order, one segment row per line."""
    rows = _rows(segments)
    band = find_gutter(segments, width)
    if band is None:
        return "\n".join(" ".join(seg.text for seg in row) for row in rows)
    low, high = band
    middle = (low + high) / 2

    def intrudes(seg: Segment) -> bool:
        return seg.x0 < high - 1 and seg.x1 > low + 1

    # The columns' vertical extent, from segments cleanly inside one column. A segment that
    # reaches into the gutter outside that extent (a centred name banner, a footer) spans
    # the page; inside it, it belongs to the column it starts in.
    clean = [seg for seg in segments if not intrudes(seg)]
    zone_top = max(seg.top for seg in clean)
    zone_bottom = min(seg.bottom for seg in clean)
    leading = _leading_rows(rows, clean, middle, zone_top)

    def spans(seg: Segment) -> bool:
        if seg.x0 < middle < seg.x1:
            return True
        return intrudes(seg) and (seg.bottom > zone_top or seg.top < zone_bottom)

    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend(left)
        if left and right:
            out.append("")  # keep the columns' last and first paragraphs apart
        out.extend(right)
        left.clear()
        right.clear()

    for number, row in enumerate(rows):
        if number < leading or any(spans(seg) for seg in row):
            flush()
            out.append(" ".join(seg.text for seg in row))
            continue
        left_part = [seg.text for seg in row if seg.x0 < middle]
        right_part = [seg.text for seg in row if seg.x0 >= middle]
        if left_part:
            left.append(" ".join(left_part))
        if right_part:
            right.append(" ".join(right_part))
    flush()
    return "\n".join(out)
