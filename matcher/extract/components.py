"""spaCy components that read a resume or job ad against the taxonomy.

    matcher_lines    sentence starts at line breaks and bullets (resumes are lists, not prose)
    matcher_skills   taxonomy skills → ``doc.spans["skills"]`` (``span.label_`` = skill id)
    matcher_titles   taxonomy job titles → ``doc.spans["titles"]`` (``span.label_`` = role id)
    matcher_skill_meaning
                     skills written in other words than the patterns know, by closeness to
                     each skill's examples (``matcher.extract.meaning``) → ``doc.spans["skills_meaning"]``,
                     each hit's score and example in ``doc.user_data["matcher.meaning"]``

Each is a spaCy factory, registered through the ``spacy_factories`` entry point, so
``nlp.add_pipe("matcher_skills")`` works in any English pipeline. The taxonomy is read from
the ``taxonomy`` config setting (extra YAML paths merged over the packaged taxonomy) the first
time the component runs, or handed over directly with ``component.use(taxonomy)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.attrs import IDX, IS_SPACE, LENGTH, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from matcher.taxonomy.patterns import WIDE

if TYPE_CHECKING:
    from matcher.taxonomy.load import Taxonomy

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
    n = len(doc)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    text = doc_text(doc)
    # Integer arrays instead of Token objects: iterating tokens was most of this step's time.
    rows = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
    line_start = 0  # char offset of the current line
    for i in range(1, n):
        idx, length, space = rows[i]
        p_idx, p_len, p_space = rows[i - 1]
        if space:
            continue
        first = text[idx]
        if p_space and "\n" in text[p_idx:p_idx + p_len]:
            newline = text.rindex("\n", p_idx, p_idx + p_len)
            before = text[line_start:newline].rstrip()
            line_start = newline + 1
            if first in _BULLETS or not before:
                starts[i] = True
            elif before[-1] in _FINAL or before[-1] in ":;":
                starts[i] = True
            elif first.islower() or before[-1] in _CONTINUES or before.endswith((" and", " or", " of")):
                starts[i] = False
            else:
                starts[i] = len(before.lstrip()) < _SHORT_LINE or first.isupper() or first.isdigit()
            continue
        if p_len == 1 and text[p_idx] in _FINAL and (first.isupper() or first in _BULLETS):
            starts[i] = True
        elif length == 1 and first in "•●▪■|" and i + 1 < n:
            starts[i] = True
    return starts


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it token by token when ``get_nlp``'s tokenizer kept it."""
    text = doc.user_data.get(TEXT_KEY)
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text


TEXT_KEY = "matcher.text"


@Language.component("matcher_lines")
def set_line_sentences(doc: Doc) -> Doc:
    """Sentence starts suited to resumes: every bullet and layout line stands alone."""
    import numpy

    if not len(doc):
        return doc
    # spaCy stores "not a start" as -1 in an unsigned array.
    values = numpy.array([1 if s else -1 for s in _line_break_starts(doc)], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc


# --- taxonomy matchers -----------------------------------------------------------------


_END = -1
"""Trie key holding the labels of the phrases that end at a node."""
_NUM = -2
"""Trie key of an edge any number-like token follows ("a portfolio of 40 accounts")."""
NUMBER = object()
"""Stands for one number token in a word sequence."""


class Patterns:
    """Phrases and token patterns compiled for speed, matched together.

    Phrases and token patterns of plain words (``LOWER`` or ``ORTH``; one value or an ``IN``
    set; maybe optional) are expanded into word sequences and stored in a trie keyed by the
    hashes spaCy keeps for each token, so matching is one dict lookup per token and building
    needs no Doc per phrase (the token Matcher walked every pattern at every token and was
    most of the pipeline's time; 15,000 PhraseMatcher Docs were most of its start-up). Only
    patterns needing numbers stay in a Matcher, and it only reads sentences with a digit.
    """

    def __init__(self, nlp: Language, phrases: Iterable[tuple[str, str]],
                 token_patterns: Iterable[tuple[str, list[dict]]]) -> None:
        self.nlp = nlp
        self.lower: dict = {}
        self.orth: dict = {}
        self.numbers = Matcher(nlp.vocab)
        self._words: dict[str, list[tuple[str, ...]]] = {}
        for key, phrase in phrases:
            self._add(self.lower, key, tuple(phrase.split()))
        for key, pattern in token_patterns:
            plain = _plain_words(pattern)
            if plain is None:
                self.numbers.add(key, [pattern])
                continue
            attr, sequences = plain
            for words in sequences:
                self._add(self.lower if attr == "LOWER" else self.orth, key, words)

    def _add(self, trie: dict, key: str, words: tuple[str, ...]) -> None:
        import itertools

        strings = self.nlp.vocab.strings
        for split in itertools.product(*(self._segmentations(w) for w in words)):
            node = trie
            for token in (t for part in split for t in part):
                node = node.setdefault(_NUM if token is NUMBER else strings.add(token), {})
            # A dict, not a set: keys come back in taxonomy order whatever the hash seed, so
            # two skills on the same words always resolve the same way.
            node.setdefault(_END, {})[key] = None

    def _segmentations(self, word: str) -> list[tuple[str, ...]]:
        """How the tokenizer may cut ``word`` (each distinct word is tokenised once).
        Abbreviations with dots are cut by case ("B.A." is one token, "b.a." two), so each
        casing's cut is kept."""
        if word is NUMBER:
            return [(NUMBER,)]
        if word not in self._words:
            lower = word.islower()  # LOWER phrases are lower-cased; ORTH ones keep their case
            forms = (word, word.upper(), word.title()) if lower and not word.isalnum() else (word,)
            cuts = {tuple(t.text.lower() if lower else t.text for t in self.nlp.tokenizer(f)) for f in forms}
            self._words[word] = sorted(cuts)
        return self._words[word]

    def __call__(self, doc: Doc) -> list[Span]:
        found: list[tuple[str, int, int]] = []
        n = len(doc)
        if n and self.lower:
            _walk(self.lower, _column(doc, LOWER), _column(doc, LIKE_NUM), found)
        if n and self.orth:
            _walk(self.orth, _column(doc, ORTH), _column(doc, LIKE_NUM), found)
        spans = [Span(doc, s, e, label=key) for key, s, e in found]
        if len(self.numbers) and any(c.isdigit() for c in doc_text(doc)):
            spans += [Span(doc, s, e, label=m) for m, s, e in self.numbers(doc)]
        return spans


def _column(doc: Doc, attr: int) -> list[int]:
    """One token attribute as a list, computed once per Doc and shared by every matcher
    (turning 64-bit hashes into Python ints costs more than the matching itself)."""
    cache = doc.user_data.setdefault("matcher.columns", {})
    column = cache.get(attr)
    if column is None or len(column) != len(doc):
        column = cache[attr] = doc.to_array(attr).tolist()
    return column


def _walk(trie: dict, keys: list[int], numbers: list[int], found: list[tuple[str, int, int]]) -> None:
    """Every phrase of ``trie`` in the token keys; ``_NUM`` edges take any number token."""
    n = len(keys)
    number_edge = _NUM in trie
    for i in range(n):
        node = trie.get(keys[i])
        if node is None and not (number_edge and numbers[i]):
            continue
        stack = [(node, i + 1)] if node is not None else []
        if numbers[i] and number_edge:
            stack.append((trie[_NUM], i + 1))
        while stack:
            node, j = stack.pop()
            for key in node.get(_END, ()):
                found.append((key, i, j))
            if j >= n:
                continue
            nxt = node.get(keys[j])
            if nxt is not None:
                stack.append((nxt, j + 1))
            if numbers[j]:
                nxt = node.get(_NUM)
                if nxt is not None:
                    stack.append((nxt, j + 1))


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
            from matcher.taxonomy.load import load_taxonomy

            self.use(load_taxonomy(*self.paths, default=self.default))

    def _build(self, taxonomy: Taxonomy) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SkillRuler(_TaxonomyComponent):
    """Taxonomy skills → ``doc.spans["skills"]``, longest match first, exclusions applied.

    A skill's ``exclude`` phrases name contexts where its words mean something else ("bank
    account" is not account management): a skill match overlapping one of its own exclude
    phrases is dropped. So is a match the lexicon's ``skill_name_context`` shows to be the
    name of a team, department or job ("customer service team", "Head of Customer Service").
    """

    spans_key = "skills"

    def _build(self, taxonomy: Taxonomy) -> None:
        from matcher.taxonomy.load import (
            skill_context_phrases,
            skill_context_rules,
            skill_exclude_phrases,
            skill_near_phrases,
            skill_phrases,
            skill_token_patterns,
        )

        # Context rules' patterns and their near phrases share the one trie, under their own keys.
        context_phrases, context_tokens = skill_context_phrases(taxonomy)
        near = [(key + _NEAR, phrase) for key, phrase in skill_near_phrases(taxonomy)]
        self.patterns = Patterns(self.nlp, [*skill_phrases(taxonomy), *context_phrases, *near],
                                 [*skill_token_patterns(taxonomy), *context_tokens])
        self.rules = {key: (skill, lists) for key, skill, lists in skill_context_rules(taxonomy)}
        excludes = skill_exclude_phrases(taxonomy)
        self.excludes = Patterns(self.nlp, excludes, ()) if excludes else None
        context = taxonomy.lexicon.get("skill_name_context") or {}
        self.name_after = frozenset(str(w).lower() for w in context.get("after", ()) or ())
        self.name_before = tuple(tuple(str(p).lower().split()) for p in context.get("before", ()) or ())

    def __call__(self, doc: Doc) -> Doc:
        self._ensure()
        spans = self.patterns(doc)
        if any(span.label_.endswith(WIDE) for span in spans):
            spans = [_unwiden(doc, span) if span.label_.endswith(WIDE) else span for span in spans]
        if self.rules:
            spans = self._in_context(doc, spans)
        if self.excludes is not None and spans:
            blocked: dict[str, list[tuple[int, int]]] = {}
            for span in self.excludes(doc):
                blocked.setdefault(span.label_, []).append((span.start, span.end))
            spans = [
                span for span in spans
                if not any(s < span.end and span.start < e for s, e in blocked.get(span.label_, ()))
            ]  # fmt: skip
        wide = [span for span in spans if is_wide(span)]
        if wide:
            spans = [span for span in spans if not is_wide(span)]
        spans = [span for span in filter_spans(spans) if not self._names_something(doc, span)]
        for span in spans:
            span.id_ = span.label_
        if wide:
            # Wide matches only add to what the patterns found: never in place of a pattern
            # match they overlap, so the role-fit features read exactly what they were fitted on.
            taken = sorted((span.start, span.end) for span in spans)
            starts = [a for a, _ in taken]
            for span in filter_spans(wide):
                i = bisect.bisect_left(starts, span.end) - 1
                if (i >= 0 and taken[i][1] > span.start) or self._names_something(doc, span):
                    continue
                spans.append(span)
        doc.spans[self.spans_key] = sorted(spans, key=lambda span: span.start)
        return doc

    def _in_context(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Plain matches, and the context rules' matches whose context holds, as their skill."""
        plain, ruled, near = [], [], {}
        for span in spans:
            label = span.label_
            if label.endswith(_NEAR):
                near.setdefault(label[:-len(_NEAR)], []).append(span)
            elif label in self.rules:
                ruled.append(span)
            else:
                plain.append(span)
        for span in ruled:
            skill_id, lists = self.rules[span.label_]
            nearby = near.get(span.label_, ())
            if (lists and _whole_item(doc, span)) or any(_close(doc, span, n) for n in nearby):
                plain.append(Span(doc, span.start, span.end, label=skill_id))
        return plain

    def _names_something(self, doc: Doc, span: Span) -> bool:
        """Whether the words around ``span`` make it a team, job or department name."""
        if span.end < len(doc) and doc[span.end].lower_ in self.name_after:
            return True
        # The word just before is checked first: slicing the Doc for every phrase cost half
        # of this component's time, and that word rules out nearly every phrase.
        before = doc[span.start - 1].lower_ if span.start else None
        for phrase in self.name_before:
            n = len(phrase)
            if (span.start >= n and (not n or phrase[-1] == before)
                    and tuple(t.lower_ for t in doc[span.start - n:span.start]) == phrase):  # fmt: skip
                return True
        return False


def _unwiden(doc: Doc, span: Span) -> Span:
    """A ``wide_patterns`` match as its skill's span, marked wide by its ``id_`` ("skl.x~wide")."""
    return Span(doc, span.start, span.end, label=span.label_[: -len(WIDE)], span_id=span.label_)


def is_wide(span: Span) -> bool:
    """Whether a ``doc.spans["skills"]`` span was read by one of its skill's ``wide_patterns``."""
    return span.id_.endswith(WIDE)


_NEAR = "~near"
"""Key suffix of a context rule's near phrases in the skill trie."""
_ITEM_MARKS = frozenset(",;|:/()[]·•●○◦▪■□–—-*➢➤►✓✔>.!?") | {"and", "&", "or"}
"""Tokens that end a list item ("Skills: Leadership, CRM and Negotiation")."""
_STOPS = frozenset(",;|·•●○◦▪■□➢➤►✓✔")
"""Tokens a near phrase may not be read across: they start another item."""


def _is_start(token: Token) -> bool:
    return bool(token.is_sent_start) or "\n" in token.text


def _whole_item(doc: Doc, span: Span) -> bool:
    """Whether ``span`` is a whole list item: a line, sentence or list mark on each side."""
    before = doc[span.start - 1] if span.start else None
    after = doc[span.end] if span.end < len(doc) else None
    starts = (before is None or _is_start(doc[span.start]) or "\n" in before.whitespace_
              or before.is_space or before.lower_ in _ITEM_MARKS)
    ends = (after is None or _is_start(after) or "\n" in doc[span.end - 1].whitespace_
            or after.is_space or after.lower_ in _ITEM_MARKS)
    return starts and ends


def _close(doc: Doc, span: Span, near: Span) -> bool:
    """Whether ``near`` is within ``NEAR_WINDOW`` words of ``span``, in one sentence and item."""
    from matcher.taxonomy.load import NEAR_WINDOW

    if near.start >= span.end:
        first, last = span.end, near.start
    elif near.end <= span.start:
        first, last = near.end, span.start
    else:
        return False
    if last - first > NEAR_WINDOW:
        return False
    # The token after the gap too: a line or sentence starting there also splits them
    # (a slice past the end of the Doc stops at its end).
    if any(_is_start(t) for t in doc[first:last + 1]):
        return False
    return not any(t.text in _STOPS for t in doc[first:last])


class TitleRuler(_TaxonomyComponent):
    """Taxonomy job titles → ``doc.spans["titles"]`` (``label_`` = role id), longest first."""

    spans_key = "titles"

    def _build(self, taxonomy: Taxonomy) -> None:
        from matcher.taxonomy.load import title_phrases, title_token_patterns

        self.patterns = Patterns(self.nlp, title_phrases(taxonomy), title_token_patterns(taxonomy))

    def find(self, doc: Doc) -> list[Span]:
        """Every title phrase in ``doc``, overlapping ones included."""
        self._ensure()
        return self.patterns(doc)

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        for span in spans:
            span.id_ = span.label_
        doc.spans[self.spans_key] = sorted(filter_spans(spans), key=lambda span: span.start)
        return doc


class SkillMeaning(_TaxonomyComponent):
    """Skills by meaning: every clause of every sentence scored against the skills' examples.

    Pattern matches keep precedence: a skill the patterns found in a sentence is not looked
    for there again. The skill's ``exclude`` phrases void a clause as they void a pattern
    match, and a clause with accountancy words ("accounts payable", "bookkeeping") or closer
    to the lexicon's background sentences than to any example gives nothing. Hits from
    ``WEAK`` up are kept in ``doc.user_data[HITS_KEY]`` (close-but-weak ones let a must-have
    be "partly met"); those from ``THRESHOLD`` up are also spans in ``doc.spans["skills_meaning"]``.
    """

    spans_key = "skills_meaning"

    def _build(self, taxonomy: Taxonomy) -> None:
        from matcher.extract.meaning import meaning_index
        from matcher.taxonomy.patterns import skill_exclude_phrases

        self.index = meaning_index(taxonomy)
        self.taxonomy = taxonomy
        self._readers: dict = {}
        # The skills' exclude phrases and the lexicon's accountancy words in one matcher (one
        # walk over the tokens); accountancy words under the label "", which no skill has.
        blocked = taxonomy.lexicon.get("meaning_blocked") or ()
        voids = [*skill_exclude_phrases(taxonomy), *(("", str(p).lower()) for p in blocked)]
        self.voids = Patterns(self.nlp, voids, ()) if voids else None

    def candidates(self, doc: Doc, *, every: bool = False) -> list[tuple[int, int, str, list[str]]]:
        """(start, end, text, content words) of every clause, sentence by sentence; sentences
        in sections that list no duties (``skip_sections``) only when ``every``."""
        from matcher.extract.meaning import MAX_CLAUSE_WORDS, clauses, windows

        text = doc_text(doc)
        skip = () if every else doc.user_data.get(SKIP_KEY, ())
        out = []
        for start, end in _sentence_bounds(doc):
            skipped = False
            for s, e, _ in skip:  # a plain loop: a generator per sentence cost more than the test
                if s <= start < e:
                    skipped = True
                    break
            if skipped:
                continue
            for a, b, words in clauses(text[start:end], start):
                if len(words) <= MAX_CLAUSE_WORDS:  # one window: the clause
                    out.append((a, b, text[a:b], words))
                else:
                    out.extend((a, b, text[a:b], window) for window in windows(words))
        return out

    def _voids(self, doc: Doc) -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]],
                                        dict[str, list[tuple[int, int]]]]:
        """Character ranges: per skill its pattern matches and exclusions; accountancy words
        and job-title lines (for every skill)."""
        import bisect

        from matcher.extract.meaning import MIN_CLAUSE_WORDS, content_words

        bounds = _sentence_bounds(doc)
        firsts = [a for a, _ in bounds]
        text = doc_text(doc)

        def sentence(at: int) -> tuple[int, int]:
            i = bisect.bisect_right(firsts, at) - 1
            return bounds[i] if i >= 0 else (at, at)

        found: dict[str, list[tuple[int, int]]] = {}
        for span in doc.spans.get("skills", ()):
            found.setdefault(span.label_, []).append(sentence(span.start_char))
        # Accountancy words void their whole sentence, not only their clause: in "Ran payroll
        # for 40 staff and answered their questions" the questions are staff's, not clients'.
        blocked: list[tuple[int, int]] = []
        excluded: dict[str, list[tuple[int, int]]] = {}
        for span in self.voids(doc) if self.voids is not None else ():
            if span.label_:
                excluded.setdefault(span.label_, []).append((span.start_char, span.end_char))
            else:
                blocked.append(sentence(span.start_char))
        # A sentence that is a job title with a word or two around it ("Senior Account
        # Manager, Acme") is a heading, not a duty.
        for span in doc.spans.get("titles", ()):
            a, b = sentence(span.start_char)
            rest = text[a:span.start_char] + " " + text[span.end_char:b]
            if len(content_words(rest)) < MIN_CLAUSE_WORDS:
                blocked.append((a, b))
        return found, blocked, excluded

    def explain(self, doc: Doc, skill_id: str, *, deep: bool = False) -> list:
        """Every clause of ``doc`` scored against ``skill_id``, best first (``Candidate``s);
        ``deep``: by the in-depth score (``DEEP_WEIGHT``), with each clause's MiniLM cosine."""
        import numpy

        from matcher.extract.meaning import DEEP_THRESHOLD, DEEP_WEIGHT, THRESHOLD, TIE, Candidate

        self._ensure()
        if skill_id not in self.index.skill_ids:
            return []
        k = self.index.skill_ids.index(skill_id)
        found, blocked, excluded = self._voids(doc)
        clauses = self.candidates(doc, every=True)
        skip = doc.user_data.get(SKIP_KEY, ())
        best, where, background = self.index.best(self.index.scores([c[3] for c in clauses]))
        examples, minilm, vectors = self.index.examples, None, None
        some = best.max(axis=1) > 0 if best.shape[1] else numpy.zeros(len(clauses), dtype=bool)
        if deep and len(clauses):
            # As ``_scores(…, "deep")``, but MiniLM's cosine of every clause, to show it.
            index = self._deep_index()
            cols = [index.skill_ids.index(sid) for sid in self.index.skill_ids]
            texts = [_encoded_text(c) for c in clauses]
            vectors = index.vectors(texts)  # for the reader too
            d_best, d_where, d_background = index.best_scores(texts, vectors)
            minilm, where, examples = d_best[:, cols], d_where[:, cols], index.examples
            read = some[:, None]
            best = DEEP_WEIGHT * best + (1 - DEEP_WEIGHT) * minilm * read
            background = DEEP_WEIGHT * background + (1 - DEEP_WEIGHT) * d_background * some
        reader = self.reader("deep" if deep else "static")
        probs = self.reader_probabilities(clauses, "deep" if deep else "static", vectors)[:, k] if clauses else []
        out = []
        for n, (a, b, text, _) in enumerate(clauses):
            section = next((name for s, e, name in skip if s <= a < e), None)
            why = (f"in the {section} section, which lists no duties" if section is not None
                   else _voided(a, b, skill_id, found, blocked, excluded))
            p = round(float(probs[n]), 3)
            nearest = reader.nearest(clauses[n][3], skill_id) if why is None and p >= reader.threshold else ""
            read = bool(nearest) and _states_duty(self.index, clauses[n], nearest)
            if why is None:  # what the alignment alone still needs
                if (not some[n]) if deep else best[n, k] <= 0:
                    why = ("no example of any skill has two of its words in the clause" if deep
                           else "no example has two of its words in the clause")
                elif not _states_duty(self.index, clauses[n], examples[int(where[n, k])]):
                    why = "a name or heading, or only words common to many skills"
                elif background[n] >= best[n, k]:
                    why = "closer to a background sentence"
                elif best[n, k] < best[n].max() - TIE:
                    why = f"closer to {self.index.skill_ids[int(best[n].argmax())]}"
            aligned = why is None and best[n, k] >= (DEEP_THRESHOLD if deep else THRESHOLD)
            shown = nearest if read and not aligned else examples[int(where[n, k])]
            out.append(Candidate(a, b, " ".join(text.split()), round(float(best[n, k]), 3),
                                 shown, round(float(background[n]), 3), why,
                                 None if minilm is None else round(float(minilm[n, k]), 3), p, read))
        out.sort(key=lambda c: (-c.score, c.start))
        return out

    def _deep_index(self):  # noqa: ANN202
        from matcher.extract.encoder import deep_index

        return deep_index(self.taxonomy)

    def _scores(self, clauses: list, scorer: str, vectors=None, looked_up=None):  # noqa: ANN001, ANN202
        """(best, where, background, examples) of ``clauses`` by ``scorer``: "static" (word
        alignment), "deep" (reading in depth: ``DEEP_WEIGHT`` × static + the rest × MiniLM,
        MiniLM only for the clauses the static scorer gives some skill). For
        ``benchmarks/paraphrases.py --scorer`` also "minilm" (its cosine alone) and "mean:W"
        or "mean:Wp" (W × static + (1 - W) × MiniLM; with "p", as "deep", only for clauses the
        static scorer gives some skill)."""
        import numpy

        if scorer == "static":
            best, where, background = self.index.best_scores([c[3] for c in clauses], looked_up)
            return best, where, background, self.index.examples
        deep = self._deep_index()
        texts = [_encoded_text(c) for c in clauses]
        cols = [deep.skill_ids.index(k) for k in self.index.skill_ids]
        if scorer == "minilm":
            d_best, d_where, d_background = deep.best_scores(texts)
            return d_best[:, cols], d_where[:, cols], d_background, deep.examples
        from matcher.extract.meaning import DEEP_WEIGHT

        w = DEEP_WEIGHT if scorer == "deep" else float(scorer.split(":", 1)[1].rstrip("p"))
        best, _, background = self.index.best_scores([c[3] for c in clauses])
        # A clause no skill example shares two words with scores 0 by the static scorer: at
        # weight 0.5 only a MiniLM cosine above 0.86 would lift it to the threshold, and
        # leaving those clauses out saves a quarter of the cost with the same figures on the
        # written sets.
        pruned = scorer == "deep" or scorer.endswith("p")
        live = (best.max(axis=1) > 0).nonzero()[0] if pruned else numpy.arange(len(clauses))
        d_best = numpy.zeros_like(best)
        d_where = numpy.zeros(best.shape, dtype=numpy.int64)
        d_background = numpy.zeros_like(background)
        if len(live):
            b, wh, bg = deep.best_scores([texts[i] for i in live.tolist()],
                                         None if vectors is None else vectors[live])
            d_best[live], d_where[live], d_background[live] = b[:, cols], wh[:, cols], bg
        return (w * best + (1 - w) * d_best, d_where, numpy.maximum(w * background + (1 - w) * d_background, 0),
                deep.examples)

    def hits(self, doc: Doc, *, floor: float, scorer: str = "static", rules: bool = True,
             reader: bool = True) -> list:
        """Every clause's best skills scoring ``floor`` or more that no rule voids, and those the
        trained reader gives (``reader``; "static" and "deep" only), one ``MeaningHit`` per
        skill and place (the best of overlapping clauses)."""
        from matcher.extract.meaning import MeaningHit

        self._ensure()
        clauses = self.candidates(doc) if len(doc) else []
        if not clauses:
            return []
        import numpy

        from matcher.extract import meaning

        read = reader and scorer in ("static", "deep")
        # In depth the reader reads every clause's MiniLM vector: encode them once for both.
        vectors = self._deep_index().vectors([_encoded_text(c) for c in clauses]) \
            if read and scorer == "deep" else None
        # The clauses' words looked up once, for the alignment and the reader's vectors.
        looked_up = self.index.look_up([c[3] for c in clauses]) if scorer == "static" else None
        best, where, background, examples = self._scores(clauses, scorer, vectors, looked_up)
        # A clause names its closest skill, and others only when about as close (``TIE``): a
        # clause near many skills at once ("work with customers on new products") is about
        # none in particular. Several duties in one sentence are read from its clauses.
        if not best.shape[1]:
            return []
        top = best.max(axis=1)
        rows, cols = numpy.nonzero((best >= floor) & (best >= (top - meaning.TIE)[:, None]))
        # A clause at least as close to a background sentence gives nothing.
        ahead = best[rows, cols] > background[rows]
        rows, cols = rows[ahead], cols[ahead]
        if read:
            static: list = []
            word_rows = self.index.reader_rows(looked_up) if looked_up is not None else None
            probs = self.reader_probabilities(clauses, scorer, vectors, static, word_rows)
            given = numpy.nonzero(probs >= self.reader(scorer).threshold)
        if not len(rows) and not (read and len(given[0])):
            return []
        # Only now the rules' ranges: a document nothing is close in does not walk its tokens.
        found, blocked, excluded = self._voids(doc)
        chosen: dict[tuple[int, int, str], MeaningHit] = {}
        skill_ids = self.index.skill_ids
        names: dict[int, bool] = {}  # per clause, whether it is a name or heading (``is_name``)
        for n, k, score, example in zip(rows.tolist(), cols.tolist(), best[rows, cols].tolist(),
                                        where[rows, cols].tolist(), strict=True):
            a, b = clauses[n][0], clauses[n][1]
            skill = skill_ids[k]
            if _voided(a, b, skill, found, blocked, excluded):
                continue
            said = examples[example]
            if rules and not _states_duty(self.index, clauses[n], said, names, n):
                continue
            key = (a, b, skill)
            if key not in chosen or chosen[key].score < score:
                chosen[key] = MeaningHit(skill, a, b, round(score, 3), said, scorer != "static")
        if read:
            for hit in self._read(clauses, scorer, found, blocked, excluded, rules=rules, names=names,
                                  given=(probs, given, static)):
                key = (hit.start, hit.end, hit.skill)
                if key not in chosen or chosen[key].score < hit.score:
                    chosen[key] = hit
        return _outermost(sorted(chosen.values(), key=lambda h: (h.start, -h.end, h.skill)))

    def reader(self, scorer: str = "static"):  # noqa: ANN201 - a SkillClassifier
        """The trained reader (``matcher.extract.skill_classifier``) of ``scorer``'s vectors."""
        from matcher.extract.skill_classifier import load_skill_classifier

        self._ensure()
        embedding = "minilm" if scorer == "deep" else "static"
        found = self._readers.get(embedding)
        if found is None:  # once: finding the models folder stats files
            found = self._readers[embedding] = load_skill_classifier(self.taxonomy, embedding)
        return found

    def reader_probabilities(self, clauses: list, scorer: str = "static", vectors=None,  # noqa: ANN001, ANN201
                             static=None, rows=None):  # noqa: ANN001
        """(clauses × the index's skills) probabilities the trained reader gives each clause
        (``vectors``: in depth, the clauses' MiniLM vectors when already encoded; ``static``: a
        list that receives the clauses' static vectors, when these are read; ``rows``: the
        clauses' words already looked up, ``MeaningIndex.reader_rows``)."""
        import numpy

        from matcher.extract.skill_classifier import static_vectors

        reader = self.reader(scorer)
        if not clauses:
            return numpy.zeros((0, len(self.index.skill_ids)), dtype=numpy.float32)
        if scorer == "deep":
            if vectors is None:
                vectors = self._deep_index().vectors([_encoded_text(c) for c in clauses])
        else:
            vectors = static_vectors([c[3] for c in clauses], rows)
            if static is not None:
                static.append(vectors)
        from matcher.extract.meaning import _one_blas_thread

        rows = reader.feature_rows([c[3] for c in clauses], self.index.word_feature) if reader.words else None
        with _one_blas_thread():  # a small product: waking a second BLAS thread costs more than it saves
            return reader.probabilities(vectors, self.index.skill_ids, rows)

    def _read(self, clauses: list, scorer: str, found: dict, blocked: list, excluded: dict, *,
              rules: bool, names: dict | None = None, given: tuple) -> list:
        """The trained reader's hits: each clause and skill it gives at least its threshold,
        under the rules an aligned clause meets; ``score`` is the probability, ``example`` the
        reader's training sentence of that skill closest to the clause. ``given``: the
        probabilities (``reader_probabilities``), the (clause, skill) cells at the threshold, and
        the list holding the clauses' static vectors when these were read."""
        from matcher.extract.meaning import MeaningHit

        reader = self.reader(scorer)
        probs, cells, static = given
        out = []
        for n, k in zip(*cells, strict=True):
            a, b = clauses[n][0], clauses[n][1]
            skill = self.index.skill_ids[int(k)]
            if _voided(a, b, skill, found, blocked, excluded):
                continue
            said = reader.nearest(clauses[n][3], skill, static[0][n] if static else None)
            if rules and not _states_duty(self.index, clauses[n], said, names, n):
                continue
            out.append(MeaningHit(skill, a, b, round(float(probs[n, k]), 3), said, scorer != "static", read=True))
        return out

    def __call__(self, doc: Doc) -> Doc:
        from matcher.extract.meaning import WEAK
        from matcher.extract.switch import meaning_depth

        hits = self.hits(doc, floor=WEAK, scorer="deep" if meaning_depth() == "deep" else "static")
        spans: list[Span] = []
        for hit in hits:
            if hit.found:
                span = doc.char_span(hit.start, hit.end, label=hit.skill, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.user_data[HITS_KEY] = hits
        doc.spans[self.spans_key] = spans
        return doc


def _voided(a: int, b: int, skill: str, found: dict, blocked: list, excluded: dict) -> str | None:
    """Why the clause ``a``–``b`` may not name ``skill`` whichever reader scores it (``_voids``'
    three lists), or None: the patterns found it in that sentence, accountancy words or a job
    title, or an exclude phrase of the skill."""
    # Plain loops: a generator for each of ``any``'s tests cost more than the tests.
    for s, e in found.get(skill, ()):
        if s <= a and b <= e:
            return "the patterns found the skill in this sentence"
    for s, e in blocked:
        if s < b and a < e:
            return "accountancy words or a job title"
    for s, e in excluded.get(skill, ()):
        if s < b and a < e:
            return "an exclude phrase of the skill"
    return None


def _encoded_text(clause: tuple) -> str:
    """What MiniLM reads of a clause (``candidates``' tuple): its text as written (the windows
    of a clause read in windows, ``meaning.windows``, share it), or for a clause of more than 40
    spaces, each window's content words."""
    return " ".join(clause[3]) if clause[2].count(" ") > 40 else clause[2]


def _states_duty(index, clause: tuple, example: str, names: dict | None = None, n: int = 0) -> bool:  # noqa: ANN001
    """Whether a clause (``candidates``' tuple) close to ``example`` may name its skill: it is
    no name or heading, and says more of the example than words common to the work
    (``matcher.extract.meaning_rules``). ``names``: whether each clause (by its number ``n``) is
    a name, kept for the clause's other skills."""
    from matcher.extract.meaning_rules import is_name, says_what

    if names is None:
        return not is_name(clause[2]) and says_what(index, clause[3], example)
    named = names.get(n)
    if named is None:
        named = names[n] = is_name(clause[2])
    return not named and says_what(index, clause[3], example)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) characters of each sentence, from integer arrays (no Span per sentence),
    computed once per Doc."""
    import numpy

    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    bounds: list[tuple[int, int]] = []
    if len(doc):
        rows = doc.to_array([SENT_START, IDX, LENGTH]).astype("int64")
        firsts = numpy.flatnonzero(rows[:, 0] == 1)
        if not len(firsts) or firsts[0] != 0:
            firsts = numpy.concatenate([[0], firsts])
        lasts = numpy.concatenate([firsts[1:] - 1, [len(doc) - 1]])
        bounds = list(zip(rows[firsts, 1].tolist(), (rows[lasts, 1] + rows[lasts, 2]).tolist(), strict=True))
    doc.user_data[_BOUNDS_KEY] = (len(doc), bounds)
    return bounds


_BOUNDS_KEY = "matcher.sentence_bounds"


NOT_DUTIES = frozenset(("contact", "education", "certifications", "languages", "interests", "references"))
"""Resume sections whose sentences are not read by meaning: they list no duties (certifications
and languages are found by the patterns)."""
SKIP_KEY = "matcher.meaning_skip"
"""``doc.user_data`` key of the (start, end, section name) ranges ``matcher_skill_meaning`` passes over."""


def skip_sections(doc: Doc, sections: Iterable) -> None:
    """Mark the ``sections`` of ``doc`` that list no duties (``NOT_DUTIES``) for the meaning
    recogniser to pass over."""
    doc.user_data[SKIP_KEY] = [(s.start, s.end, s.name) for s in sections if s.name in NOT_DUTIES]


HITS_KEY = "matcher.meaning"
"""``doc.user_data`` key of the ``MeaningHit`` list ``matcher_skill_meaning`` writes."""


def _outermost(hits: list) -> list:
    """One hit per skill and place: where clauses of one sentence overlap (a piece and the
    whole sentence) the best-scoring one stands for the skill there."""
    out: list = []
    for hit in hits:
        same = [h for h in out if h.skill == hit.skill and h.start < hit.end and hit.start < h.end]
        if not same:
            out.append(hit)
        elif all(hit.score > h.score for h in same):
            out = [h for h in out if h not in same] + [hit]
    return sorted(out, key=lambda h: (h.start, h.skill))


_MAX_WORD_PHRASES = 5000
"""A token pattern with more spellings than this stays in the (slower) Matcher."""


def _plain_words(pattern: list[dict]) -> tuple[str, list[tuple]] | None:
    """(attr, every word sequence) for a token pattern of plain words on one attribute
    (``LOWER`` or ``ORTH``; one value or an ``IN`` set; maybe optional), number tokens
    (``LIKE_NUM``, kept as ``NUMBER``) and punctuation given as ``ORTH`` (same in lower case);
    None for anything else."""
    import itertools

    attrs = {key for spec in pattern for key in spec if key not in ("OP", "LIKE_NUM")}
    if "LOWER" in attrs:
        # {"ORTH": "+"} beside LOWER words: punctuation has no case.
        if any(isinstance(spec.get("ORTH"), str) and spec["ORTH"].isalnum() for spec in pattern):
            return None
        attrs.discard("ORTH")
    if len(attrs) > 1 or not attrs <= {"LOWER", "ORTH"}:
        return None
    attr = attrs.pop() if attrs else "LOWER"
    slots: list[list] = []
    total = 1
    for spec in pattern:
        if spec.get("OP") not in (None, "?"):
            return None
        if "LIKE_NUM" in spec:
            if spec["LIKE_NUM"] is not True or len(set(spec) - {"LIKE_NUM", "OP"}):
                return None
            options: list = [NUMBER]
        else:
            value = spec.get(attr, spec.get("ORTH"))
            if isinstance(value, str):
                options = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                options = list(value["IN"])
            else:
                return None
        if spec.get("OP") == "?":
            options.append(None)
        slots.append(options)
        total *= len(options)
        if total > _MAX_WORD_PHRASES:
            return None
    words = [tuple(w for w in combo if w is not None) for combo in itertools.product(*slots)]
    return attr, [w for w in words if w]


def _grouped(patterns: Iterable[tuple[str, list[dict]]]) -> dict[str, list[list[dict]]]:
    grouped: dict[str, list[list[dict]]] = {}
    for key, pattern in patterns:
        grouped.setdefault(key, []).append(pattern)
    return grouped


@Language.factory("matcher_skills", default_config={"taxonomy": [], "default": True})
def make_skill_ruler(nlp: Language, name: str, taxonomy: list[str], default: bool) -> SkillRuler:
    return SkillRuler(nlp, name, taxonomy, default)


@Language.factory("matcher_skill_meaning", default_config={"taxonomy": [], "default": True})
def make_skill_meaning(nlp: Language, name: str, taxonomy: list[str], default: bool) -> SkillMeaning:
    return SkillMeaning(nlp, name, taxonomy, default)


@Language.factory("matcher_titles", default_config={"taxonomy": [], "default": True})
def make_title_ruler(nlp: Language, name: str, taxonomy: list[str], default: bool) -> TitleRuler:
    return TitleRuler(nlp, name, taxonomy, default)
