"""spaCy components that read a resume or job ad against the taxonomy.

    matcher_lines    sentence starts at line breaks and bullets (resumes are lists, not prose)
    matcher_skills   taxonomy skills → ``doc.spans["skills"]`` (``span.label_`` = skill id)
    matcher_titles   taxonomy job titles → ``doc.spans["titles"]`` (``span.label_`` = role id)

Each is a spaCy factory, registered through the ``spacy_factories`` entry point, so
``nlp.add_pipe("matcher_skills")`` works in any English pipeline. The taxonomy is read from
the ``taxonomy`` config setting (extra YAML paths merged over the packaged taxonomy) the first
time the component runs, or handed over directly with ``component.use(taxonomy)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if TYPE_CHECKING:
    from matcher.taxonomy import Taxonomy

_BULLETS = frozenset("•●○◦▪■□–—-*·➢➤►✓✔>")
_FINAL = frozenset(".!?")
# A line ending in one of these continues on the next line ("... logistics,\nand services").
_CONTINUES = frozenset(",&/(-+")
_SHORT_LINE = 45
"""A line shorter than this without final punctuation is a heading, title or date line."""


# --- sentences -------------------------------------------------------------------------


def _line_break_starts(doc: Doc) -> list[bool]:
    """Whether each token starts a sentence, from line layout first and punctuation second.

    A resume is mostly lines: a bullet, a title, a date line each stand alone; only wrapped
    prose ("...enterprise customers\\nin B2B software") continues on the next line, which shows
    as a lowercase start or a previous line ending mid-phrase.
    """
    starts = [False] * len(doc)
    if not len(doc):
        return starts
    starts[0] = True
    line_start = 0  # char offset of the current line
    text = doc.text
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text:
            if token.is_space:
                continue
            newline = prev.idx + prev.text.rindex("\n")
            before = text[line_start:newline].rstrip()
            line_start = newline + 1
            first = token.text[0]
            if first in _BULLETS or not before:
                starts[i] = True
            elif before[-1] in _FINAL or before[-1] in ":;":
                starts[i] = True
            elif first.islower() or before[-1] in _CONTINUES or before.endswith((" and", " or", " of")):
                starts[i] = False
            else:
                starts[i] = len(before.lstrip()) < _SHORT_LINE or first.isupper() or first.isdigit()
            continue
        if token.is_space:
            continue
        if prev.text in _FINAL and (token.is_title or token.is_upper or token.text[0] in _BULLETS):
            starts[i] = True
        elif token.text in ("•", "●", "▪", "■", "|") and i + 1 < len(doc):
            starts[i] = True
    return starts


@Language.component("matcher_lines")
def set_line_sentences(doc: Doc) -> Doc:
    """Sentence starts suited to resumes: every bullet and layout line stands alone."""
    for token, start in zip(doc, _line_break_starts(doc)):
        token.is_sent_start = start
    return doc


# --- taxonomy matchers -----------------------------------------------------------------


class _TaxonomyComponent:
    """Shared plumbing: load the taxonomy once, build matchers lazily."""

    spans_key = ""

    def __init__(self, nlp: Language, name: str, taxonomy: Sequence[str], default: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.paths = tuple(taxonomy)
        self.default = default
        self._built = False

    def use(self, taxonomy: Taxonomy) -> None:
        """Build the matchers from an already-loaded taxonomy."""
        self._build(taxonomy)
        self._built = True

    def _ensure(self) -> None:
        if not self._built:
            from matcher.taxonomy import load_taxonomy

            self.use(load_taxonomy(*self.paths, default=self.default))

    def _phrase_matcher(self, pairs: Iterable[tuple[str, str]]) -> PhraseMatcher:
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_key: dict[str, list[str]] = {}
        for key, phrase in pairs:
            by_key.setdefault(key, []).append(phrase)
        for key, phrases in sorted(by_key.items()):
            matcher.add(key, list(self.nlp.tokenizer.pipe(sorted(set(phrases)))))
        return matcher

    def _build(self, taxonomy: Taxonomy) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SkillRuler(_TaxonomyComponent):
    """Taxonomy skills → ``doc.spans["skills"]``, longest match first, exclusions applied.

    A skill's ``exclude`` phrases name contexts where its words mean something else ("bank
    account" is not account management): a skill match overlapping one of its own exclude
    phrases is dropped.
    """

    spans_key = "skills"

    def _build(self, taxonomy: Taxonomy) -> None:
        from matcher.taxonomy import skill_exclude_phrases, skill_phrases, skill_token_patterns

        self.phrases = self._phrase_matcher(skill_phrases(taxonomy))
        self.tokens = Matcher(self.nlp.vocab)
        for key, patterns in _grouped(skill_token_patterns(taxonomy)).items():
            self.tokens.add(key, patterns)
        excludes = skill_exclude_phrases(taxonomy)
        self.excludes = self._phrase_matcher(excludes) if excludes else None

    def __call__(self, doc: Doc) -> Doc:
        self._ensure()
        vocab = doc.vocab.strings
        spans = [Span(doc, s, e, label=m) for m, s, e in self.phrases(doc)]
        if len(self.tokens):  # an empty Matcher warns (W036) on every call
            spans += [Span(doc, s, e, label=m) for m, s, e in self.tokens(doc)]
        if self.excludes is not None and spans:
            blocked: dict[str, list[tuple[int, int]]] = {}
            for m, s, e in self.excludes(doc):
                blocked.setdefault(vocab[m], []).append((s, e))
            spans = [
                span for span in spans
                if not any(s < span.end and span.start < e for s, e in blocked.get(span.label_, ()))
            ]  # fmt: skip
        for span in spans:
            span.id_ = span.label_
        doc.spans[self.spans_key] = sorted(filter_spans(spans), key=lambda span: span.start)
        return doc


class TitleRuler(_TaxonomyComponent):
    """Taxonomy job titles → ``doc.spans["titles"]`` (``label_`` = role id), longest first."""

    spans_key = "titles"

    def _build(self, taxonomy: Taxonomy) -> None:
        from matcher.taxonomy import title_phrases, title_token_patterns

        self.phrases = self._phrase_matcher(title_phrases(taxonomy))
        self.tokens = Matcher(self.nlp.vocab)
        for key, patterns in _grouped(title_token_patterns(taxonomy)).items():
            self.tokens.add(key, patterns)

    def find(self, doc: Doc) -> list[Span]:
        """Every title phrase in ``doc``, overlapping ones included."""
        self._ensure()
        spans = [Span(doc, s, e, label=m) for m, s, e in self.phrases(doc)]
        if len(self.tokens):
            spans += [Span(doc, s, e, label=m) for m, s, e in self.tokens(doc)]
        return spans

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        for span in spans:
            span.id_ = span.label_
        doc.spans[self.spans_key] = sorted(filter_spans(spans), key=lambda span: span.start)
        return doc


def _grouped(patterns: Iterable[tuple[str, list[dict]]]) -> dict[str, list[list[dict]]]:
    grouped: dict[str, list[list[dict]]] = {}
    for key, pattern in patterns:
        grouped.setdefault(key, []).append(pattern)
    return grouped


@Language.factory("matcher_skills", default_config={"taxonomy": [], "default": True})
def make_skill_ruler(nlp: Language, name: str, taxonomy: list[str], default: bool) -> SkillRuler:
    return SkillRuler(nlp, name, taxonomy, default)


@Language.factory("matcher_titles", default_config={"taxonomy": [], "default": True})
def make_title_ruler(nlp: Language, name: str, taxonomy: list[str], default: bool) -> TitleRuler:
    return TitleRuler(nlp, name, taxonomy, default)
