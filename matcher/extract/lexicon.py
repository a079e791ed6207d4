"""Lexicon pattern lists (education levels, degree fields) → spaCy matchers over a Doc."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import filter_spans

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from matcher.taxonomy import Taxonomy


class LexiconMatcher:
    """Matches the patterns of one lexicon table (``{id: {patterns: [...]}}``), longest first."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy, table: str) -> None:
        from matcher.taxonomy_patterns import expand, is_token_pattern, token_patterns

        irregular = taxonomy.lexicon.get("inflection", {}) or {}
        entries = taxonomy.lexicon.get(table, {}) or {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens = Matcher(nlp.vocab)
        for entry_id, entry in entries.items():
            phrases, tokens = [], []
            for pattern in (entry or {}).get("patterns", ()) or ():
                pattern = str(pattern)
                if is_token_pattern(pattern):
                    tokens.extend(token_patterns(pattern, irregular))
                else:
                    phrases.extend(phrase.lower() for phrase in expand(pattern, irregular))
            if phrases:
                self.phrases.add(entry_id, list(nlp.tokenizer.pipe(sorted(set(phrases)))))
            if tokens:
                self.tokens.add(entry_id, tokens)

    def __call__(self, doc: Doc) -> list[Span]:
        from spacy.tokens import Span

        spans = [Span(doc, s, e, label=m) for m, s, e in self.phrases(doc)]
        if len(self.tokens):  # an empty Matcher warns (W036) on every call
            spans += [Span(doc, s, e, label=m) for m, s, e in self.tokens(doc)]
        return sorted(filter_spans(spans), key=lambda span: span.start)


@lru_cache(maxsize=16)
def lexicon_matcher(nlp: Language, taxonomy: Taxonomy, table: str) -> LexiconMatcher:
    return LexiconMatcher(nlp, taxonomy, table)
