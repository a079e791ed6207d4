"""PDF bytes → page texts in reading order and integrity flags, with PDFium or pdfminer.six.

Both engines (``pdfium_engine.py``, ``pdfminer_engine.py``) reduce each page to positioned
``Segment``s (``layout.py`` orders them) and keep text a reader cannot see out of the page
text, counting it instead:

- ``white_text``: drawn in white (or fully transparent) where nothing dark lies underneath;
  white letters on a coloured sidebar are kept, they are visible;
- ``tiny_text``: glyphs under ~4 pt high;
- ``off_page_text``: glyphs placed outside the page's visible box.

Hidden text stays out of ``Document.text`` so that it cannot earn a score; the flag carries
its count and a sample so the scorer and the report can say what was hidden. Text drawn in
invisible render mode is kept: that is how OCR layers of scanned PDFs are made.

PDFium is the default: ~18x faster on real resumes, and with word gaps measured from glyph
boxes its words match pdfminer's (``benchmarks/pdf_engines.py``).
"""

from __future__ import annotations

from matcher.errors import UnreadableDocument
from matcher.readers.pdf_types import (  # re-exported: the engines' shared types live there
    Hidden,
    PdfText,
    corrupt,
    encrypted,
    too_many_pages,
)

PDF_ENGINES: tuple[str, ...] = ("pdfium", "pdfminer")
DEFAULT_PDF_ENGINE = "pdfium"

__all__ = [
    "DEFAULT_PDF_ENGINE",
    "PDF_ENGINES",
    "Hidden",
    "PdfText",
    "corrupt",
    "encrypted",
    "read_pdf",
    "too_many_pages",
]


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


# The engines are imported on first use: each pulls in its own library.


def _read_pdfium(data: bytes, *, source: str, max_pages: int) -> PdfText:
    from matcher.readers.pdfium_engine import read_pdfium

    return read_pdfium(data, source=source, max_pages=max_pages)


def _read_pdfminer(data: bytes, *, source: str, max_pages: int) -> PdfText:
    from matcher.readers.pdfminer_engine import read_pdfminer

    return read_pdfminer(data, source=source, max_pages=max_pages)
