"""The shared view every extractor reads: the Document, its spaCy Doc and its sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from matcher.types import Document, Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from matcher.taxonomy.load import Taxonomy

_SPACES = re.compile(r"\s+")


@dataclass
class Reading:
    """A document as read by the pipeline; offsets index ``document.text`` (= ``doc.text``)."""

    document: Document
    doc: Doc
    taxonomy: Taxonomy
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_ends: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

        # Integer arrays, not doc.sents: building a Span per sentence was a visible cost.
        rows = self.doc.to_array([SENT_START, IDX, LENGTH, IS_SPACE]).tolist()
        start = end = None
        for sent_start, idx, length, space in rows:
            if sent_start == 1 and start is not None:
                self._add_sentence(start, end)
                start = end = None
            if space:
                continue
            if start is None:
                start = idx
            end = idx + length
        if start is not None:
            self._add_sentence(start, end)

    def _add_sentence(self, start: int, end: int) -> None:
        self._sentence_starts.append(start)
        self._sentence_ends.append(end)

    @property
    def text(self) -> str:
        return self.document.text

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``offset`` (its line if between sentences)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self._sentence_ends[i]:
            return self._sentence_starts[i], self._sentence_ends[i]
        return self.line_bounds(offset)

    def line_bounds(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def sentences(self) -> Iterator[tuple[int, int]]:
        yield from zip(self._sentence_starts, self._sentence_ends)

    def section_at(self, offset: int) -> str:
        return self.document.section_at(offset)

    def evidence(self, start: int, end: int, *, sentence: tuple[int, int] | None = None) -> Evidence:
        """The words at ``start:end`` with their sentence (whitespace collapsed) and section."""
        s, e = sentence or self.sentence_bounds(start)
        s, e = min(s, start), max(e, end)
        return Evidence(
            text=_SPACES.sub(" ", self.text[start:end]).strip(),
            sentence=_SPACES.sub(" ", self.text[s:e]).strip(),
            section=self.section_at(start),
            start=start,
            end=end,
        )

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every non-blank line."""
        found = []
        offset = 0
        for line in self.text.split("\n"):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                found.append((offset + lead, offset + len(line.rstrip())))
            offset += len(line) + 1
        return found

    def sections_named(self, *names: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.document.sections if s.name in names]
