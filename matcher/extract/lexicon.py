"""Lexicon pattern lists (education levels, degree fields) → spaCy matchers over a Doc."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.util import filter_spans

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from matcher.taxonomy.load import Taxonomy


class LexiconMatcher:
    """Matches the patterns of one lexicon table (``{id: {patterns: [...]}}``), longest first."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy, table: str) -> None:
        from matcher.extract.components import Patterns
        from matcher.taxonomy.load import lexicon_phrases, lexicon_token_patterns

        self.patterns = Patterns(nlp, lexicon_phrases(taxonomy, table), lexicon_token_patterns(taxonomy, table))

    def __call__(self, doc: Doc) -> list[Span]:
        return sorted(filter_spans(self.patterns(doc)), key=lambda span: span.start)


@lru_cache(maxsize=16)
def lexicon_matcher(nlp: Language, taxonomy: Taxonomy, table: str) -> LexiconMatcher:
    return LexiconMatcher(nlp, taxonomy, table)
