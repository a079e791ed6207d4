"""What both PDF engines share: the hidden-text tally, the page texts they return, the
thresholds for text a reader cannot see, and the errors for PDFs that cannot be read.

``pdf.py`` picks an engine and the engines (``pdfium_engine.py``, ``pdfminer_engine.py``)
fill these in; keeping them here means neither engine imports the module that imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.errors import UnreadableDocument
from matcher.types import IntegrityFlag

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
