"""PDF bytes → page texts in reading order and integrity flags, with PDFium or pdfminer.six.

Both engines reduce each page to positioned ``Segment``s (``layout.py`` orders them) and keep
text a reader cannot see out of the page text, counting it instead:

- ``white_text``: drawn in white (or fully transparent) where nothing dark lies underneath;
  white letters on a coloured sidebar are kept, they are visible;
- ``tiny_text``: glyphs under ~4 pt high;
- ``off_page_text``: glyphs placed outside the page's visible box.

Hidden text stays out of ``Document.text`` so that it cannot earn a score; the flag carries
its count and a sample so the scorer and the report can say what was hidden.

PDFium is the default: ~25x faster on real resumes, and with word gaps measured from glyph
boxes (``_WORD_GAP``) its words match pdfminer's (``benchmarks/pdf_engines.py``).
Text drawn in invisible render mode is kept: that is how OCR layers of scanned PDFs are made.
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from matcher.errors import UnreadableDocument
from matcher.readers.layout import Segment, page_text
from matcher.types import IntegrityFlag

PDF_ENGINES: tuple[str, ...] = ("pdfium", "pdfminer")
DEFAULT_PDF_ENGINE = "pdfium"

_TINY = 4.0
"""Glyph box height (points) under which text is too small to read."""
_WORD_GAP = 0.1
"""A gap wider than this share of the glyph height is a space (pdfminer's word_margin)."""
_PITCH_GAP = 0.15
"""A pitch this share of the glyph height above the letter's usual pitch is a word gap."""
_MIN_PITCH_SAMPLES = 3
_SEGMENT_GAP = 2.5
"""A gap wider than this many glyph heights ends a segment (a column gutter, a tab stop)."""
_COLOUR_STRIDE = 8
"""Check the fill colour of every n-th glyph (and each line's first), then every glyph around
a hit: reading each glyph's colour would double PDFium's cost (~2 µs a call), and hidden text
comes in runs, not single letters."""
_LINE_START = re.compile(r"\n\s*")
_WHITE = 0.94
_SAMPLE_CHARS = 80
_FLAG_WORDING = {
    "white_text": "drawn in white on a white page",
    "tiny_text": f"smaller than {_TINY:g} pt",
    "off_page_text": "placed outside the visible page",
}


@dataclass(slots=True)
class _Hidden:
    """Hidden characters seen so far, by kind: count, pages, and the start of their text."""

    counts: dict[str, int] = field(default_factory=dict)
    pages: dict[str, set[int]] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, char: str, page: int) -> None:
        if not char.isspace():  # count letters, as both engines see the same ones
            self.counts[kind] = self.counts.get(kind, 0) + 1
        self.pages.setdefault(kind, set()).add(page + 1)
        sample = self.samples.setdefault(kind, [])
        if len(sample) < _SAMPLE_CHARS:
            sample.append(char)

    def flags(self) -> list[IntegrityFlag]:
        out = []
        for kind, count in self.counts.items():
            pages = ", ".join(str(p) for p in sorted(self.pages[kind]))
            sample = " ".join("".join(self.samples[kind]).split())
            out.append(
                IntegrityFlag(
                    kind,
                    f"{count} characters {_FLAG_WORDING[kind]} (page {pages}) were left out "
                    f"of the text, e.g. {sample[:60]!r}",
                    count,
                )
            )
        return out


@dataclass(frozen=True, slots=True)
class PdfText:
    pages: tuple[str, ...]
    flags: tuple[IntegrityFlag, ...]
    glyphs: int
    """Visible and hidden glyphs together: zero means there is no text layer at all."""
    images: int = 0
    """Images counted when there are no glyphs: a scan has some, a blank or damaged page none."""


def read_pdf(data: bytes, *, source: str, engine: str, max_pages: int) -> PdfText:
    """Extract the text of every page; raises ``UnreadableDocument`` naming the cause."""
    if engine == "pdfium":
        return _read_pdfium(data, source=source, max_pages=max_pages)
    if engine == "pdfminer":
        return _read_pdfminer(data, source=source, max_pages=max_pages)
    raise UnreadableDocument(
        source,
        f"unknown PDF engine {engine!r}: choose one of {', '.join(PDF_ENGINES)}",
        reason="usage",
    )


def _too_many_pages(source: str, count: int, max_pages: int) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"the PDF has {count} pages, over the {max_pages}-page limit: split it, or raise "
        "the limit (max_pages)",
        reason="too_large",
    )


def _encrypted(source: str) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        "encrypted PDF: remove the password (print or export it unprotected) and try again",
        reason="encrypted",
    )


def _corrupt(source: str, detail: str) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"corrupt or truncated PDF ({detail}): export or download the file again",
        reason="corrupt",
    )


# --- PDFium --------------------------------------------------------------------------------


# PDFium is not thread-safe: one document at a time per process. Batches scale with
# processes, not threads; the lock only keeps a threaded caller from crashing.
_PDFIUM_LOCK = threading.Lock()


def _read_pdfium(data: bytes, *, source: str, max_pages: int) -> PdfText:
    with _PDFIUM_LOCK:
        return _read_pdfium_locked(data, source=source, max_pages=max_pages)


def _read_pdfium_locked(data: bytes, *, source: str, max_pages: int) -> PdfText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise _encrypted(source) from None
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise UnreadableDocument(
                source,
                "PDF uses an unsupported security handler: save it without protection",
                reason="encrypted",
            ) from None
        detail = str(exc)
        if "(" in detail:  # "Failed to load document (PDFium: Data format error)."
            detail = detail[detail.index("(") + 1 :].rstrip(".)")
        raise _corrupt(source, detail) from None
    try:
        count = len(pdf)
        if count == 0:
            raise _corrupt(source, "it has no pages")
        if count > max_pages:
            raise _too_many_pages(source, count, max_pages)
        hidden = _Hidden()
        pages = []
        glyphs = 0
        for index in range(count):
            page = pdf[index]
            try:
                text, seen = _pdfium_page(page, index, hidden, raw)
            finally:
                page.close()
            pages.append(text)
            glyphs += seen
        images = 0 if glyphs else _pdfium_images(pdf, raw)
    except pdfium.PdfiumError as exc:
        raise _corrupt(source, f"PDFium: {exc}") from None
    finally:
        pdf.close()
    return PdfText(tuple(pages), tuple(hidden.flags()), glyphs, images)


def _pdfium_images(pdf, raw) -> int:  # noqa: ANN001
    """Images on all pages: only asked when there is no text, to tell a scan from a blank."""
    count = 0
    for page in pdf:
        try:
            count += sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4))
        finally:
            page.close()
    return count


def _pdfium_page(page, index: int, hidden: _Hidden, raw) -> tuple[str, int]:  # noqa: ANN001
    import numpy as np  # imported here: the text-only path and `--help` do not need it

    width = page.get_width()
    # get_bbox follows inherited boxes; get_cropbox falls back to US Letter when not on the page.
    left_edge, bottom_edge, right_edge, top_edge = page.get_bbox()
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return "", 0
        text = textpage.get_text_range()
        if len(text) != count:
            # Characters outside the BMP take two UTF-16 units in the range text; index one
            # by one so that text and boxes stay aligned.
            text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 0xFFFD) for i in range(count))
        # PDFium reports a hyphen that ends a line as U+FFFE; make it a hyphen again so that
        # the normaliser can rejoin the word ("manage-\nment").
        text = text.replace("\ufffe", "-")
        boxes = (raw.FS_RECTF * count)()
        loose_box = raw.FPDFText_GetLooseCharBox
        for i in range(count):
            loose_box(handle, i, boxes[i])
        # (left, top, right, bottom) per character, read in one go rather than per attribute.
        flat = np.frombuffer(boxes, dtype=np.float32).astype(np.float64)
        white = _pdfium_white(page, handle, text, flat, raw)
        return _pdfium_segments(text, flat, (left_edge, bottom_edge, right_edge, top_edge),
                                white, hidden, index, width)  # fmt: skip
    finally:
        textpage.close()


# Unicode white space, as code points, for telling glyphs from gaps without a Python loop.
_SPACE_CODES = (9, 10, 11, 12, 13, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
                8287, 12288)  # fmt: skip


def _pdfium_segments(
    text: str,
    flat: np.ndarray,
    crop: tuple[float, float, float, float],
    white: set[int],
    hidden: _Hidden,
    index: int,
    width: float,
) -> tuple[str, int]:
    """Glyphs and their boxes → page text; vectorised, since a page holds thousands of glyphs."""
    import numpy as np

    count = len(text)
    box = flat.reshape(count, 4)
    left, top, right, bottom = box[:, 0], box[:, 1], box[:, 2], box[:, 3]
    height = top - bottom
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    newline = (codes == 10) | (codes == 13)
    blank = np.isin(codes, _SPACE_CODES) | (height <= 0)  # generated spaces have no box
    glyph = ~blank
    masks = {"white_text": np.zeros(count, dtype=bool)}
    if white:
        masks["white_text"][sorted(white)] = True
    masks["tiny_text"] = glyph & ~masks["white_text"] & (height < _TINY)
    x_min, y_min, x_max, y_max = crop
    outside = (right < x_min) | (left > x_max) | (top < y_min) | (bottom > y_max)
    masks["off_page_text"] = glyph & ~masks["white_text"] & ~masks["tiny_text"] & outside
    visible = glyph.copy()
    for kind, mask in masks.items():
        if mask.any():
            visible &= ~mask
            last = -2
            for i in np.flatnonzero(mask).tolist():
                if i > last + 1:  # a gap in the glyph run: keep the sample's words apart
                    hidden.add(kind, " ", index)
                hidden.add(kind, text[i], index)
                last = i
    glyphs = int(glyph.sum())
    order = np.flatnonzero(visible)
    if order.size == 0:
        return "", glyphs
    prev, cur = order[:-1], order[1:]
    lines = np.cumsum(newline)
    gaps = np.cumsum(blank & ~newline)
    h = height[cur]
    gap = left[cur] - right[prev]
    middle = (top[cur] + bottom[cur]) / 2
    same_line = (bottom[prev] <= middle) & (middle <= top[prev])
    split = (lines[cur] > lines[prev]) | ~same_line | (gap > _SEGMENT_GAP * h) | (gap < -h)
    marked = gaps[cur - 1] > gaps[prev]  # PDFium put a space (real or generated) between
    space = ~split & (marked | (gap > _WORD_GAP * h) | _wide_pitch(
        codes[prev], left, right, prev, cur, height, split | marked
    ))

    chars = [text[i] for i in order.tolist()]
    spaced = [" " + c if s else c for c, s in zip(chars[1:], space.tolist())]
    spaced.insert(0, chars[0])
    starts = np.flatnonzero(np.concatenate(([True], split)))
    ends = [*starts[1:].tolist(), len(chars)]
    x0 = np.minimum.reduceat(left[order], starts).tolist()
    x1 = np.maximum.reduceat(right[order], starts).tolist()
    y1 = np.maximum.reduceat(top[order], starts).tolist()
    y0 = np.minimum.reduceat(bottom[order], starts).tolist()
    segments = [
        Segment(x0[k], x1[k], y1[k], y0[k], "".join(spaced[s:e]))
        for k, (s, e) in enumerate(zip(starts.tolist(), ends))
    ]
    return page_text(segments, width), glyphs


def _wide_pitch(
    code: np.ndarray, left: np.ndarray, right: np.ndarray, prev: np.ndarray, cur: np.ndarray,
    height: np.ndarray, excluded: np.ndarray,
) -> np.ndarray:
    """Pairs whose pitch (origin to origin) exceeds the usual pitch of that letter on the page.

    PDFium's loose box of a glyph with an overhang ("f", "l" in some fonts) reaches past its
    advance, hiding the word gap after it: "of the" came out "ofthe". The usual in-word pitch
    of each letter at each size, taken as the median over the page, stands in for its advance.
    """
    import numpy as np

    pitch = left[cur] - left[prev]
    size = np.round(height[prev] * 4).astype(np.int64)
    key = code.astype(np.int64) * 100_000 + size
    usable = ~excluded
    if usable.sum() < 20:
        return np.zeros(len(prev), dtype=bool)
    keys, pitches = key[usable], pitch[usable]
    order = np.lexsort((pitches, keys))
    keys, pitches = keys[order], pitches[order]
    groups, starts, counts = np.unique(keys, return_index=True, return_counts=True)
    medians = pitches[starts + counts // 2]
    where = np.searchsorted(groups, key)
    where = np.clip(where, 0, len(groups) - 1)
    known = (groups[where] == key) & (counts[where] >= _MIN_PITCH_SAMPLES)
    # Letters whose boxes overlap are kerned together, whatever their pitch ("Warf" then
    # "ighters" had a wide f→i pitch only because r→f was kerned tight).
    apart = left[cur] > right[prev]
    return known & apart & (pitch - medians[where] > _PITCH_GAP * height[prev])


def _pdfium_white(page, handle, text: str, flat: np.ndarray, raw) -> set[int]:  # noqa: ANN001
    """Indices of glyphs drawn in white or fully transparent over nothing darker."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    refs = (ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
    get_colour = raw.FPDFText_GetFillColor
    limit = 255 * _WHITE

    def is_white(i: int) -> bool:
        if text[i].isspace() or not get_colour(handle, i, *refs):
            return False
        return a.value == 0 or min(r.value, g.value, b.value) >= limit

    count = len(text)
    found: set[int] = set()
    # Every n-th glyph and the first glyph of every line: a hidden line of keywords is caught
    # however short it is, a hidden run inside a visible line if it is n glyphs or longer.
    line_starts = [m.end() for m in _LINE_START.finditer(text)]
    for i in sorted({*range(0, count, _COLOUR_STRIDE), *line_starts}):
        if i >= count or i in found or not is_white(i):
            continue
        found.add(i)
        # Walk out from the sampled hit to the exact ends of the white run.
        for step in (-1, 1):
            j = i + step
            while 0 <= j < count and (text[j].isspace() or is_white(j)):
                if not text[j].isspace():
                    found.add(j)
                j += step
    if not found:
        return found
    # Only pages with white glyphs (rare) pay for walking their objects: white letters on a
    # coloured sidebar or a picture are visible and stay in the text.
    backgrounds = _pdfium_backgrounds(page, raw)
    return {i for i in found if not _covered(flat[4 * i : 4 * i + 4], backgrounds)}


def _covered(box: np.ndarray, backgrounds: list[tuple[float, float, float, float]]) -> bool:
    x = (box[0] + box[2]) / 2
    y = (box[1] + box[3]) / 2
    return any(l <= x <= r and b <= y <= t for l, b, r, t in backgrounds)


def _pdfium_backgrounds(page, raw) -> list[tuple[float, float, float, float]]:  # noqa: ANN001
    """Boxes of images and of paths filled with a non-white colour on the page."""
    boxes = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=4):
        kind = obj.type
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if not raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
                continue
            if fill.value == 0:
                continue
            raw.FPDFPageObj_GetFillColor(
                obj.raw, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
            )
            if a.value == 0 or min(r.value, g.value, b.value) >= 255 * _WHITE:
                continue
        elif kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_SHADING):
            continue
        boxes.append(tuple(obj.get_bounds()))
    return boxes


# --- pdfminer.six --------------------------------------------------------------------------


def _read_pdfminer(data: bytes, *, source: str, max_pages: int) -> PdfText:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    _quiet_pdfminer()
    try:
        document = PDFDocument(PDFParser(BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _encrypted(source) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on broken files
        raise _corrupt(source, f"pdfminer: {type(exc).__name__}") from None
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    hidden = _Hidden()
    pages = []
    glyphs = 0
    images = [0]
    try:
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= max_pages:
                raise _too_many_pages(source, index + 1, max_pages)
            interpreter.process_page(page)
            text, seen = _pdfminer_page(device.get_result(), page, index, hidden, images)
            pages.append(text)
            glyphs += seen
    except UnreadableDocument:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _encrypted(source) from None
    except Exception as exc:  # noqa: BLE001
        raise _corrupt(source, f"pdfminer: {type(exc).__name__}") from None
    if not pages:
        raise _corrupt(source, "it has no pages")
    return PdfText(tuple(pages), tuple(hidden.flags()), glyphs, images[0])


@cache
def _quiet_pdfminer() -> None:
    # pdfminer logs a warning for every oddity of a damaged file; with no handler configured
    # Python would print them to stderr. Library code does not print: the error we raise says
    # what went wrong, and an application that configures logging still sees them.
    logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def _is_white_colour(colour) -> bool:  # noqa: ANN001
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return False
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return max(values) <= 1 - _WHITE
    return min(values) >= _WHITE


def _pdfminer_page(layout, page, index: int, hidden: _Hidden, images: list[int]) -> tuple[str, int]:  # noqa: ANN001, E501
    from pdfminer.layout import LTAnno, LTChar, LTCurve, LTFigure, LTImage, LTTextBox, LTTextLine

    x_min, y_min, x_max, y_max = page.cropbox
    backgrounds = []
    lines = []
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextBox):
            lines.extend(child for child in item if isinstance(child, LTTextLine))
        elif isinstance(item, LTTextLine):
            lines.append(item)
        elif isinstance(item, LTImage):
            backgrounds.append(item.bbox)
            images[0] += 1
        elif isinstance(item, LTFigure):
            backgrounds.append(item.bbox)
            stack.extend(item)
        elif isinstance(item, LTCurve) and item.fill:
            if not _is_white_colour(item.non_stroking_color):
                backgrounds.append(item.bbox)

    def on_dark(char: LTChar) -> bool:
        x = (char.x0 + char.x1) / 2
        y = (char.y0 + char.y1) / 2
        return any(l <= x <= r and b <= y <= t for l, b, r, t in backgrounds)

    segments = []
    glyphs = 0
    for line in lines:
        parts: list[str] = []
        for char in line:
            if isinstance(char, LTAnno):
                parts.append(char.get_text())
                continue
            if not isinstance(char, LTChar):
                continue
            text = char.get_text()
            glyphs += 1
            colour = getattr(char.graphicstate, "ncolor", None)
            if _is_white_colour(colour) and not on_dark(char):
                hidden.add("white_text", text, index)
            elif char.height < _TINY:
                hidden.add("tiny_text", text, index)
            elif char.x1 < x_min or char.x0 > x_max or char.y1 < y_min or char.y0 > y_max:
                hidden.add("off_page_text", text, index)
            else:
                parts.append(text)
        content = " ".join("".join(parts).split())
        if content:
            segments.append(Segment(line.x0, line.x1, line.y1, line.y0, content))
    return page_text(segments, float(x_max - x_min)), glyphs
