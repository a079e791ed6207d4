"""PDFium (pypdfium2) → page texts: glyph boxes read once per page, then vectorised.

PDFium's own text loses word spaces on real resumes ("verbaland written"), so spaces and line
segments are decided here from the glyph boxes: a gap wider than a share of the glyph height,
or a pitch wider than the letter's usual pitch on the page, is a word gap.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import operator
import re
import threading
from typing import TYPE_CHECKING

from matcher.errors import UnreadableDocument
from matcher.readers.layout import Segment, page_text
from matcher.readers.pdf_types import (
    _TINY,
    _WHITE,
    Hidden,
    PdfText,
    corrupt,
    encrypted,
    too_many_pages,
)

if TYPE_CHECKING:
    import numpy as np

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



# PDFium is not thread-safe: one document at a time per process. Batches scale with
# processes, not threads; the lock only keeps a threaded caller from crashing.
_PDFIUM_LOCK = threading.Lock()


def read_pdfium(data: bytes, *, source: str, max_pages: int) -> PdfText:
    with _PDFIUM_LOCK:
        return _read_pdfium_locked(data, source=source, max_pages=max_pages)


def _read_pdfium_locked(data: bytes, *, source: str, max_pages: int) -> PdfText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise encrypted(source) from None
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise UnreadableDocument(
                source,
                "PDF uses an unsupported security handler: save it without protection",
                reason="encrypted",
            ) from None
        detail = str(exc)
        if "(" in detail:  # "Failed to load document (PDFium: Data format error)."
            detail = detail[detail.index("(") + 1 :].rstrip(".)")
        raise corrupt(source, detail) from None
    try:
        count = len(pdf)
        if count == 0:
            raise corrupt(source, "it has no pages")
        if count > max_pages:
            raise too_many_pages(source, count, max_pages)
        hidden = Hidden()
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
        made = _pdfium_date(pdf)
    except pdfium.PdfiumError as exc:
        raise corrupt(source, f"PDFium: {exc}") from None
    finally:
        pdf.close()
    return PdfText(tuple(pages), tuple(hidden.flags()), glyphs, images, made)


def _pdfium_date(pdf):  # noqa: ANN001, ANN202 - a pdfium document → date | None
    from matcher.readers.filedate import first_date

    try:
        info = pdf.get_metadata_dict()
    except Exception:  # noqa: BLE001 - metadata never stops a read
        return None
    return first_date(info.get(key) for key in ("ModDate", "CreationDate"))


def _pdfium_images(pdf, raw) -> int:  # noqa: ANN001
    """Images on all pages: only asked when there is no text, to tell a scan from a blank."""
    count = 0
    for page in pdf:
        try:
            count += sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4))
        finally:
            page.close()
    return count


def _pdfium_page(page, index: int, hidden: Hidden, raw) -> tuple[str, int]:  # noqa: ANN001
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
        # Spaces and line breaks (a fifth of a page) need no box: left at zero, they count
        # as blanks below. One ctypes call per glyph is most of this module's cost, so the
        # calls go through a plain-address prototype of the same function, mapped over the
        # glyphs: no ctypes structure made per glyph, no Python loop (~40% less time).
        glyphs = list(itertools.compress(range(count), map(operator.not_, map(str.isspace, text))))
        base, size = ctypes.addressof(boxes), ctypes.sizeof(raw.FS_RECTF)
        address = ctypes.cast(handle, ctypes.c_void_p).value
        loose_box = _by_address("FPDFText_GetLooseCharBox", 3)
        list(map(loose_box, itertools.repeat(address, len(glyphs)), glyphs, [base + size * i for i in glyphs]))
        # (left, top, right, bottom) per character, read in one go rather than per attribute.
        flat = np.frombuffer(boxes, dtype=np.float32).astype(np.float64)
        white = _pdfium_white(page, handle, text, flat, raw)
        return _pdfium_segments(text, flat, (left_edge, bottom_edge, right_edge, top_edge),
                                white, hidden, index, width)  # fmt: skip
    finally:
        textpage.close()


@functools.cache
def _by_address(name: str, arguments: int):  # returns a ctypes function
    """PDFium's ``name`` (a call taking a handle, an index and pointers, returning an int)
    with every pointer argument a plain integer address: ctypes then converts nothing but ints.
    Same C function, same calling convention (pypdfium2 loads PDFium as a ``CDLL``)."""
    from pypdfium2 import raw

    types = (ctypes.c_void_p, ctypes.c_int, *[ctypes.c_void_p] * (arguments - 2))
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, *types)
    return prototype(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)


# Unicode white space, as code points, for telling glyphs from gaps without a Python loop.
_SPACE_CODES = (9, 10, 11, 12, 13, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
                8287, 12288)  # fmt: skip


def _pdfium_segments(
    text: str,
    flat: np.ndarray,
    crop: tuple[float, float, float, float],
    white: set[int],
    hidden: Hidden,
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
    samples = sorted({*range(0, count, _COLOUR_STRIDE), *line_starts})
    for i in _white_samples(handle, text, samples, limit):
        if i in found:
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


def _white_samples(handle: object, text: str, samples: list[int], limit: float) -> list[int]:
    """The sampled glyphs that ``is_white`` would accept, asked of PDFium in one mapped pass
    (the samples are a tenth of a page's glyphs; one Python call each was ~3 ms a resume)."""
    import numpy as np

    count = len(text)
    wanted = [i for i in samples if i < count and not text[i].isspace()]
    if not wanted:
        return []
    channels = [np.zeros(len(wanted), dtype=np.uint32) for _ in range(4)]
    addresses = [range(c.ctypes.data, c.ctypes.data + 4 * len(wanted), 4) for c in channels]
    get_colour = _by_address("FPDFText_GetFillColor", 6)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    ok = np.fromiter(map(get_colour, itertools.repeat(address, len(wanted)), wanted, *addresses),
                     dtype=bool, count=len(wanted))  # fmt: skip
    r, g, b, a = channels
    white = ok & ((a == 0) | (np.minimum(np.minimum(r, g), b) >= limit))
    return [wanted[k] for k in np.flatnonzero(white).tolist()]


def _covered(box: np.ndarray, backgrounds: list[tuple[float, float, float, float]]) -> bool:
    x = (box[0] + box[2]) / 2
    y = (box[1] + box[3]) / 2
    return any(left <= x <= right and b <= y <= t for left, b, right, t in backgrounds)


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


