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

from dataclasses import dataclass, field
from datetime import date

from matcher.errors import UnreadableDocument
from matcher.types import IntegrityFlag

PDF_ENGINES: tuple[str, ...] = ("pdfium", "pdfminer")
DEFAULT_PDF_ENGINE = "pdfium"

_TINY = 4.0
"""Glyph box height (points) under which text is too small to read."""
_WHITE = 0.94
_SAMPLE_CHARS = 80
_FLAG_WORDING = {
    "white_text": "drawn in white on a white page",
    "tiny_text": f"smaller than {_TINY:g} pt",
    "off_page_text": "placed outside the visible page",
}




@dataclass(slots=True)
class Hidden:
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
    date: date | None = None
    """The Info dictionary's ModDate, else CreationDate (``matcher.readers.filedate``)."""


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


def too_many_pages(source: str, count: int, max_pages: int) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"the PDF has {count} pages, over the {max_pages}-page limit: split it, or raise "
        "the limit (max_pages)",
        reason="too_large",
    )


def encrypted(source: str) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        "encrypted PDF: remove the password (print or export it unprotected) and try again",
        reason="encrypted",
    )


def corrupt(source: str, detail: str) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"corrupt or truncated PDF ({detail}): export or download the file again",
        reason="corrupt",
    )



# The engines are imported on first use: each pulls in its own library.


def _read_pdfium(data: bytes, *, source: str, max_pages: int) -> PdfText:
    from matcher.readers.pdfium_engine import read_pdfium

    return read_pdfium(data, source=source, max_pages=max_pages)


def _read_pdfminer(data: bytes, *, source: str, max_pages: int) -> PdfText:
    from matcher.readers.pdfminer_engine import read_pdfminer

    return read_pdfminer(data, source=source, max_pages=max_pages)
