"""pdfminer.six → page texts, from its layout analysis (text lines with their boxes)."""

from __future__ import annotations

import logging
from functools import cache
from io import BytesIO

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


def read_pdfminer(data: bytes, *, source: str, max_pages: int) -> PdfText:
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
        raise encrypted(source) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on broken files
        raise corrupt(source, f"pdfminer: {type(exc).__name__}") from None
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    hidden = Hidden()
    pages = []
    glyphs = 0
    images = [0]
    try:
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= max_pages:
                raise too_many_pages(source, index + 1, max_pages)
            interpreter.process_page(page)
            text, seen = _pdfminer_page(device.get_result(), page, index, hidden, images)
            pages.append(text)
            glyphs += seen
    except UnreadableDocument:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise encrypted(source) from None
    except Exception as exc:  # noqa: BLE001
        raise corrupt(source, f"pdfminer: {type(exc).__name__}") from None
    if not pages:
        raise corrupt(source, "it has no pages")
    return PdfText(tuple(pages), tuple(hidden.flags()), glyphs, images[0], _pdfminer_date(document))


def _pdfminer_date(document):  # noqa: ANN001, ANN202 - a PDFDocument → date | None
    """The same Info dates PDFium reads; pdfminer lists the newest trailer's Info first."""
    from pdfminer.pdftypes import resolve1

    from matcher.readers.filedate import first_date

    try:
        infos = [resolve1(info) for info in document.info]
        values = [resolve1(info.get(key)) for key in ("ModDate", "CreationDate")
                  for info in infos if isinstance(info, dict)]  # fmt: skip
    except Exception:  # noqa: BLE001 - metadata never stops a read
        return None
    return first_date(values)


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


def _pdfminer_page(  # noqa: ANN001 - pdfminer's layout objects are untyped
    layout, page, index: int, hidden: Hidden, images: list[int]
) -> tuple[str, int]:
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
        return any(left <= x <= right and b <= y <= t for left, b, right, t in backgrounds)

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

