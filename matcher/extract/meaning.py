"""Skills read by meaning: a sentence's clauses against each skill's written examples.

    sentence ─► clauses ─► content words ─► word-to-example-word similarities
             ─► best example per skill (soft word alignment, F-score) ─► MeaningHit

The patterns find a skill only where its surface forms are written. People write duties in
their own words ("looked after thirty client relationships", "walked the client's leadership
through the quarterly numbers"), so every skill in the taxonomy also carries ``examples``:
short paraphrases of it. A clause is scored against every example by a soft word alignment
(BERTScore-style, on static word vectors): each word of the example is matched to its most
similar word of the clause (recall) and each word of the clause to its most similar word of
the example (precision); the score is their F-measure. A skill's score is its best example's.

Mean-pooled sentence vectors were tried first and separated skills from unrelated sentences
far less well (``benchmarks/paraphrases.py --scorer mean`` prints both): one common word
("client", "managed") pulls every sentence towards the same examples.

Word vectors come from WordLlama (``l2_supercat``, 256 dimensions), whose wheel carries the
token embeddings (16 MB) and the tokenizer; they are read straight from the installed
package's files (WordLlama's own loader looks for the tokenizer under another folder name
and would try to download it). Nothing is downloaded, and the files are read only when the
first document is scored by meaning.

The lexicon's ``meaning_background`` sentences (bookkeeping, other trades, employers
describing themselves) compete with the skills: a clause closer to one of them than to any
skill example gives nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matcher.taxonomy import Taxonomy

__all__ = [
    "DEEP_THRESHOLD",
    "DEEP_WEIGHT",
    "THRESHOLD",
    "WEAK",
    "Candidate",
    "MeaningHit",
    "MeaningIndex",
    "clauses",
    "content_words",
    "meaning_index",
]

THRESHOLD = 0.60
"""A clause scoring this close to a skill's example names the skill; from ``WEAK`` up to here it
is only close (a must-have is "partly met", with its words shown). Chosen on sentences the
project did not write: on the dev half of ``benchmarks/onet_tasks`` (O*NET task statements),
the alignment's hits from 0.41 to 0.60 were right 33 times in 192 (with the trained reader's
and the patterns' hits unchanged, recall 0.450 with precision 0.39 at 0.41; 0.317 with 0.87
at 0.60), and on real resumes about 2 in 10 such hits stated their skill
(``benchmarks/meaning_precision.py``). Cross-validation on the project's own first set picks
0.39-0.42: that set is written much like the examples, and flatters the alignment."""
WEAK = 0.35
"""From here up to ``THRESHOLD`` a clause is close but not enough: a must-have is "partly met"."""
DEEP_WEIGHT = 0.5
"""Reading in depth (``MATCHER_MEANING=deep``): a clause's score for a skill is this share of
the static score plus the rest of its MiniLM cosine with the skill's closest example
(``matcher.extract.encoder``). Chosen with ``DEEP_THRESHOLD`` by the same cross-validation on
the first written set, among MiniLM alone, its two closest examples, weights 0.3/0.5/0.7 and
either/both/second-opinion combinations (``benchmarks/paraphrases.py --scorer``; figures in
docs/decisions.md)."""
DEEP_THRESHOLD = 0.60
"""``THRESHOLD`` of the in-depth score, chosen the same way: on the O*NET dev half its hits from
0.43 to 0.60 were right 57 times in 393 (recall 0.546 with precision 0.41 at 0.43; 0.362 with
0.88 at 0.60)."""
TIE = 0.1
"""A clause names its closest skill, and any other skill scoring within this of it."""
NEAREST = 30
"""Each clause word is compared with its this many most similar example words only; the rest
of the similarities are small and mostly noise, and leaving them out keeps scoring sparse."""
MIN_SIMILARITY = 0.2
"""Nor with example words less similar than this."""
ANCHOR = 0.4
"""A clause word this similar to an example word (or of the same stem) anchors it."""
MIN_ANCHORS = 2
"""A clause scores against an example only with this many of the example's words anchored."""
SYNONYM = 0.6
"""How similar two words of one ``meaning_synonyms`` set of the lexicon count."""
WHOLE_SENTENCE_WORDS = 8
"""A sentence cut into two clauses or more is also read whole only up to this many content
words: a short one may hold one duty the cut split; a long one is read clause by clause (and
costs a quarter less to read: 9 -> 7 ms per real two-page resume)."""
BACKGROUND_ANCHORS = 1
"""A background sentence needs only this many words anchored: one word of other work ("patients",
"plates") is enough to say what a clause is about."""
MIN_CLAUSE_WORDS = 3
"""Fewer content words than this is a heading, a label or a name, not a duty."""
BETA = 1.0
"""Recall counts this many times as much as precision in a clause's score (F-beta)."""
IDF_POWER = 1.0
"""How strongly rare example words outweigh common ones (0: all alike; 1: by log(1 + skills / skills using the word))."""
MAX_CLAUSE_WORDS = 14
"""A longer clause is read in windows of this many content words."""
_KEYS = 100_000
"""Words whose ``MeaningIndex._key`` is kept; past it the table starts again."""

_WORD = re.compile(r"[a-z](?:[a-z'&-]*[a-z])?")
# Where one duty ends and the next begins, inside a sentence: a mark (with the spaces around
# it), a comma or full stop before a space, a joining word or a dash between spaces. The
# alternatives that start with a space are grouped behind one ``\s+`` so that every
# alternative starts with a character set, which lets the regex engine skip ahead to them.
_CLAUSE_BREAK = re.compile(
    r"\s+(?:[;:•|()\[\]]\s*|(?:and|while|as well as|including|plus|then|whilst)\s+|[–—-]\s+)"
    r"|[;:•|()\[\]]\s*|,\s+|\.\s+",
    re.I,
)
_STOP = frozenset(
    """a an the and or but of to in on for with at by from as into onto over per via than
    is are was were be been being am do does did done has have had having will would shall
    should can could may might must i me my we us our you your he him his she her it its they
    them their this that these those there here who whom whose which what when where why how
    all any each every both either neither some such no not only own same so too very just
    also more most other another up down out off about again further once s t
    etc e g ie eg""".split()
)
_DROP = _STOP | frozenset("abcdefghijklmnopqrstuvwxyz")
"""Words never content words: function words and single letters."""
# Words that end the name of a team ("the customer service team"), as the patterns drop a
# skill phrase followed by "team" or "department".
# Manner adverbs ("consistently", "actually", "patiently": seven letters or more ending in
# "-ly") say how, never what, and dilute a short clause; they are not content words. These
# "-ly" words are not manner adverbs, or say what the work is.
_LY_WORDS = frozenset("""supply assembly family monthly weekly quarterly yearly friendly timely comply
    anomaly monopoly italy july daily early likely costly orderly""".split())
ADVERBS = False
"""Whether manner adverbs count as content words."""
# A sentence in the employer's voice ("We offer ...", "Our products are sold in 90 countries")
# describes the company, not a duty of the writer.
_EMPLOYER_VOICE = frozenset(("we", "our"))
_EMPLOYER_NOUNS = frozenset("""company firm group business organisation organization corporation
    employer""".split())
_UNIT_WORDS = frozenset("team teams department departments division divisions".split())
_NAME_WORDS = 3
_SUBJECT_DETERMINERS = frozenset(("the", "our", "their", "this", "your", "its"))
"""At most this many words before a unit word are taken as the team's name."""
_WORDLLAMA_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_WORDLLAMA_WEIGHTS = "weights/l2_supercat_256.safetensors"


@dataclass(frozen=True, slots=True)
class MeaningHit:
    """A clause found to mean a skill: character offsets into the text, score 0..1, and the
    example it came closest to."""

    skill: str
    start: int
    end: int
    score: float
    example: str
    deep: bool = False
    """Scored in depth (static and MiniLM: ``DEEP_WEIGHT``), so found from ``DEEP_THRESHOLD``."""
    read: bool = False
    """Given by the trained reader (``matcher.extract.skill_classifier``): ``score`` is its
    probability, at least its threshold (0.8 or 0.9), and ``example`` its training sentence
    closest to the clause."""

    @property
    def found(self) -> bool:
        """Whether the clause is close enough to name the skill (not only "close")."""
        return self.score >= (DEEP_THRESHOLD if self.deep else THRESHOLD)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One clause scored against one skill (for ``matcher parse --explain-skill``)."""

    start: int
    end: int
    text: str
    score: float
    example: str
    background: float
    """The clause's best score against the background sentences."""
    blocked: str | None = None
    """Why a close clause still gives nothing (an exclusion, accountancy words, background)."""
    minilm: float | None = None
    """Reading in depth: the clause's MiniLM cosine with the skill's closest example (``score``
    is then the in-depth score, ``example`` MiniLM's closest)."""
    reader: float | None = None
    """The trained reader's probability for the skill (``matcher.extract.skill_classifier``)."""
    read: bool = False
    """Whether the reader gives the skill here (its probability at its threshold, no rule against)."""


# --- words --------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Lower-cased words of ``text``, a possessive read as its word ("client's", "clients'")."""
    return _unpossessed(_WORD.findall(text.lower()))


def _unpossessed(words: list[str]) -> list[str]:
    """``words`` (lower-cased ``_WORD`` matches) with a possessive read as its word."""
    return [w[:-2] if w.endswith("'s") else w.rstrip("'") for w in words]


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` without function words, numbers or single letters."""
    return _content_of(_WORD.findall(text.lower()))


def _content_of(found: list[str]) -> list[str]:
    """``_content(_unpossessed(found))`` (``found``: lower-cased ``_WORD`` matches), each word
    looked up in a table of the words met so far rather than judged again."""
    return list(filter(None, map(_CONTENT[ADVERBS].__getitem__, found)))


class _ContentTable(dict):
    """Each ``_WORD`` match met so far and its content word ("" for none), for one setting of
    ``ADVERBS``; a word not met yet is judged on lookup. Past ``_KEYS`` words it starts again."""

    def __init__(self, adverbs: bool) -> None:
        super().__init__()
        self.adverbs = adverbs

    def __missing__(self, raw: str) -> str:
        if len(self) >= _KEYS:
            self.clear()
        word = _unpossessed([raw])[0]
        word = self[raw] = word if _is_content(word, self.adverbs) else ""
        return word


_CONTENT = {False: _ContentTable(False), True: _ContentTable(True)}
"""The table of each setting of ``ADVERBS``."""


def duty_words(text: str) -> list[str]:
    """``content_words`` without a team named as the clause's subject ("the customer service
    team is on the second floor", "our account team office closes at five"): such a clause says
    where or what a team is, not what the writer did. A team named later ("worked with the
    sales team", "led a team of six") stays: it is the duty's context."""
    return _content(_without_subject_team(_words(text)))


def _without_subject_team(words: list[str]) -> list[str]:
    """``words`` (all of a clause's, lower-cased) after a team named as their subject."""
    if words and words[0] in _SUBJECT_DETERMINERS:
        for i in range(2, min(_NAME_WORDS + 2, len(words))):
            if words[i] in _UNIT_WORDS:
                return words[i + 1:]
    return words


def _content(words: list[str]) -> list[str]:
    """The content words among ``words`` (lower-cased ``_WORD`` matches)."""
    return [w for w in words if _is_content(w, ADVERBS)]


def _is_content(word: str, adverbs: bool) -> bool:
    """Whether ``word`` is a content word (``adverbs``: manner adverbs are)."""
    return word not in _DROP and (adverbs or len(word) < 7 or not word.endswith("ly") or word in _LY_WORDS)


def _stem(word: str) -> str:
    """A crude stem, only to treat inflections of one word as the same word: an inflection
    ending first, then a derivation ending, so that "customers", "customer" and "customers'"
    (and "renewals", "renewal" and "renewed") meet; British "-ise"/"-yse" spellings read as
    "-ize"/"-yze" ("organised" and "organized")."""
    word = _BRITISH.sub(r"\1z\2", word)
    for suffix, keep in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 \
                and not (suffix == "s" and word.endswith(("ss", "us", "is"))):  # "business", "status"
            word = word[: -len(suffix)] + keep
            break
    for suffix in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # "negotiate" and "negotiated", "price" and "pricing" meet at "negotiat", "pric".
    word = word[:-1] if word.endswith("e") and len(word) > 4 else word
    # A doubled final consonant is one: "planned", "planning" and "plan"; "dialled" and "dial";
    # "travelled" and "traveled".
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy" else word


_BRITISH = re.compile(r"([iy])s(e|ed|es|ing|ation|ations)$")
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_DERIVATIONS = ("er", "ion", "ment", "ly", "al")


def _employer_voice(text: str, lower: str | None = None) -> bool:
    """Whether a sentence speaks for the employer ("We offer ...", "Our products ...", "The
    company sells ...", "This firm serves ..."): it describes the company, not a duty.
    ``lower``: ``text`` lower-cased, when that keeps every offset."""
    # The first two words of the first 60 characters, found one after the other.
    head, end = (lower, min(60, len(lower))) if lower is not None else (text[:60].lower(), None)
    end = len(head) if end is None else end
    first = _WORD.search(head, 0, end)
    if first is None:
        return False
    word = first.group()
    if word in _EMPLOYER_VOICE:
        return True
    if word not in ("the", "this"):
        return False
    second = _WORD.search(head, first.end(), end)
    return second is not None and second.group() in _EMPLOYER_NOUNS


def clauses(text: str, start: int = 0) -> list[tuple[int, int, list[str]]]:
    """(start, end, content words) of the clauses of one sentence ``text`` (beginning at
    ``start`` in the document): the pieces between the marks where one duty ends and the next
    begins, and the whole sentence too; each with at least ``MIN_CLAUSE_WORDS`` content words."""
    # Lower-cased once for the whole sentence when that keeps every offset (it does unless a
    # character lower-cases to two); the pieces' words are then found in place.
    lower: str | None = text.lower()
    if len(lower) != len(text):
        lower = None
    if _employer_voice(text, lower):
        return []
    lead = len(text) - len(text.lstrip())
    pieces = []
    pos = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, len(text)))
    out = []
    every: list[str] = []
    content = _CONTENT[ADVERBS].__getitem__
    for a, b in pieces:
        # Only the sentence's first piece is in a subject's place; "... and the creative
        # department" is an object.
        if lower is None:
            words = duty_words(text[a:b]) if not text[:a].strip() else content_words(text[a:b])
        else:
            found = _WORD.findall(lower, a, b)
            if a <= lead and found and _unpossessed(found[:1])[0] in _SUBJECT_DETERMINERS:
                words = _content(_without_subject_team(_unpossessed(found)))
            else:
                words = list(filter(None, map(content, found)))  # ``_content_of``
        every += words
        if len(words) >= MIN_CLAUSE_WORDS:
            out.append((start + a, start + b, words))
    whole = (start, start + len(text))
    # The whole sentence too, unless one piece already says all it says, or it is long and
    # its clauses say it piece by piece.
    if len(every) >= MIN_CLAUSE_WORDS and not (len(out) == 1 and out[0][2] == every) \
            and not (len(out) >= 2 and len(every) > WHOLE_SENTENCE_WORDS):
        out.append((*whole, every))
    return out


# --- vectors ------------------------------------------------------------------------------


class _Vectors:
    """WordLlama's token embeddings and tokenizer, read from the installed package on first use."""

    KEPT = 20_000
    """Words whose vector is kept (1 kB a word); past it the table starts again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table: np.ndarray | None = None
        self._tokenizer = None
        self._kept: dict[str, np.ndarray] = {}

    def _load(self) -> None:
        import importlib.util
        import json
        import struct
        from pathlib import Path

        from matcher.errors import UsageError

        spec = importlib.util.find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            raise UsageError("skills by meaning need the 'wordllama' package: pip install wordllama")
        root = Path(next(iter(spec.submodule_search_locations)))
        weights, tokenizer_file = root / _WORDLLAMA_WEIGHTS, root / _WORDLLAMA_TOKENIZER
        if not weights.is_file() or not tokenizer_file.is_file():
            raise UsageError(f"the installed wordllama package has no {weights.name} or tokenizer file "
                             f"under {root}; reinstall it with: pip install --force-reinstall wordllama")
        from tokenizers import Tokenizer

        raw = weights.read_bytes()
        (size,) = struct.unpack("<Q", raw[:8])
        info = json.loads(raw[8:8 + size])["embedding.weight"]
        begin, end = info["data_offsets"]
        dtype = {"F16": np.float16, "F32": np.float32}[info["dtype"]]
        table = np.frombuffer(raw, dtype=dtype, offset=8 + size + begin,
                              count=(end - begin) // np.dtype(dtype).itemsize).reshape(info["shape"])
        # Centred: raw token vectors share a large common direction that makes every pair of
        # words look alike. Kept in half precision; rows become float32 when used.
        self._mean = table.mean(axis=0, dtype=np.float32)
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._table = table

    def words(self, words: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``words`` (each the mean of its subword tokens), one row each. A
        word's vector is kept once computed: the index, the trained reader and the rules each
        ask for a document's new words. (A word's vector does not depend on the words computed
        with it.)"""
        kept = self._kept
        found: dict[str, np.ndarray] = {}
        missing = []
        for w in dict.fromkeys(words):
            row = kept.get(w)
            if row is None:
                missing.append(w)
            else:
                found[w] = row
        if missing:
            fresh = self._compute(missing)
            if len(kept) + len(missing) > self.KEPT:
                kept.clear()
            for w, row in zip(missing, fresh, strict=True):
                found[w] = kept[w] = row
        if not words:
            return np.zeros((0, self._table.shape[1] if self._table is not None else 0), dtype=np.float32)
        return np.stack([found[w] for w in words])

    def _compute(self, words: Sequence[str]) -> np.ndarray:
        """``words``' unit vectors, computed."""
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._load()
        assert self._table is not None and self._tokenizer is not None
        out = np.zeros((len(words), self._table.shape[1]), dtype=np.float32)
        # One word at a time: ``encode_batch`` hands a few words to a pool of threads, and
        # waking them cost several times the encoding (most of a new word's cost).
        encode = self._tokenizer.encode
        ids = [[t for t in encode(w, add_special_tokens=False).ids if t != 29871]  # the bare word-start mark "▁"
               for w in words]
        sizes = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        has = np.flatnonzero(sizes)
        if len(has):
            # Each word's token rows summed in one pass (reduceat over the concatenated rows).
            rows = self._table[np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(sizes.sum()))]
            starts = np.concatenate([[0], np.cumsum(sizes[has])[:-1]])
            sums = np.add.reduceat(rows.astype(np.float32), starts, axis=0)
            out[has] = sums / sizes[has, None] - self._mean
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


_VECTORS = _Vectors()
_BLAS: list = []


def _one_blas_thread():  # noqa: ANN202
    """A context that runs BLAS on one thread: these products are small, and waking a second
    BLAS thread on a busy machine cost several times the product itself (and a batch already
    runs one worker per core). The BLAS libraries loaded at the first use (numpy's among them:
    it is loaded with numpy) are looked up once with threadpoolctl; each use then only reads and
    sets their thread counts (threadpoolctl's own ``limit`` inspects every library again, which
    cost half as much as the products it guarded)."""
    import contextlib

    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS.append(ThreadpoolController().select(user_api="blas").lib_controllers)
        except Exception:  # noqa: BLE001 - threadpoolctl missing or failing: just run as is
            _BLAS.append(None)
    return _OneThread(_BLAS[0]) if _BLAS[0] else contextlib.nullcontext()


class _OneThread:
    """``_one_blas_thread``'s context: the libraries at one thread, then as they were."""

    __slots__ = ("_libraries", "_saved")

    def __init__(self, libraries: list) -> None:
        self._libraries = libraries
        self._saved: list = []

    def __enter__(self) -> None:
        for library in self._libraries:
            threads = library.get_num_threads()
            if threads is not None and threads != 1:
                library.set_num_threads(1)
                self._saved.append((library, threads))

    def __exit__(self, *exc: object) -> None:
        for library, threads in self._saved:
            library.set_num_threads(threads)
        self._saved.clear()


# --- the index ----------------------------------------------------------------------------


class MeaningIndex:
    """Every skill's examples (and the background sentences) as words, ready to score clauses.

    Similarities of a word to every example word are computed once per distinct word and
    kept, so a batch of documents pays for each new word once.
    """

    def __init__(self, taxonomy: Taxonomy, *, vectors: _Vectors | None = None) -> None:
        self.vectors = vectors or _VECTORS
        self.examples: list[str] = []
        self.labels: list[str | None] = []  # skill id, None for background
        words: dict[str, int] = {}
        members: list[list[int]] = []
        for skill in taxonomy.skills.values():
            if skill.type == "certification":
                continue
            for example in skill.examples:
                self._add(example, skill.id, words, members)
        for sentence in taxonomy.lexicon.get("meaning_background", ()) or ():
            self._add(str(sentence), None, words, members)
        self.vocabulary = list(words)
        self.members = [np.asarray(m, dtype=np.int32) for m in members]
        # Irregular forms read as their verb ("sold" is "sell"), and words of one synonym set
        # of the lexicon as near the same word: static vectors put many everyday synonyms far
        # apart ("buyers" and "clients", "phoned" and "called").
        lexicon = taxonomy.lexicon
        self._base = {str(form).lower(): str(base).lower()
                      for base, forms in ((lexicon.get("inflection") or {}).get("verbs") or {}).items()
                      for form in forms or ()}  # fmt: skip
        self._keys: dict[str, str] = {}
        self._stems: dict[str, list[int]] = {}
        for i, w in enumerate(self.vocabulary):
            self._stems.setdefault(self._key(w), []).append(i)
        self._groups: dict[str, list[int]] = {}
        self._group_names: list[str] = []
        for g, group in enumerate(lexicon.get("meaning_synonyms") or ()):
            self._group_names.append(f"~{str((group or [''])[0]).lower()}")
            for word in group or ():
                self._groups.setdefault(self._key(str(word).lower()), []).append(g)
        self._features: dict[str, tuple[str, ...]] = {}
        self._group_words: dict[int, list[int]] = {}
        for key, indices in self._stems.items():
            for g in self._groups.get(key, ()):
                self._group_words.setdefault(g, []).extend(indices)
        self._example_vectors: np.ndarray | None = None
        self._ids: dict[str, int] = {}
        self._table = _Table()  # sized when the examples are (``_prepare``)
        self._grid: np.ndarray | None = None
        self._lock = threading.Lock()
        self._n_skill_examples = sum(lab is not None for lab in self.labels)
        self.skill_ids: list[str] = []
        starts = []
        for i, lab in enumerate(self.labels[:self._n_skill_examples]):
            if not self.skill_ids or self.skill_ids[-1] != lab:
                self.skill_ids.append(str(lab))
                starts.append(i)
        self._starts = np.asarray(starts, dtype=np.int64)

    def _key(self, word: str) -> str:
        """The word as one form for every inflection: its verb if irregular, else its stem
        (kept per word: the rules ask for the same words' again and again)."""
        key = self._keys.get(word)
        if key is None:
            if len(self._keys) >= _KEYS:
                self._keys.clear()
            key = self._keys[word] = _stem(self._base.get(word, word))
        return key

    def word_features(self, words: Sequence[str]) -> list[str]:
        """The trained reader's word features of a clause's content words, distinct and in
        order: each word's ``word_feature``."""
        return list(dict.fromkeys(chain.from_iterable(map(self.word_feature, words))))

    def word_feature(self, word: str) -> tuple[str, ...]:
        """One content word's features for the trained reader: its key (its verb if irregular,
        else its stem: "negotiated" and "negotiating" are one feature) and, for a word of one
        of the lexicon's synonym sets, that set, named by its first word with a tilde ("buyers"
        and "patrons" both give "~client")."""
        found = self._features.get(word)
        if found is None:
            if len(self._features) >= _KEYS:
                self._features.clear()
            key = self._key(word)
            found = self._features[word] = (key, *(self._group_names[g] for g in self._groups.get(key, ())))
        return found

    def _add(self, text: str, label: str | None, words: dict[str, int], members: list[list[int]]) -> None:
        ws = content_words(text)
        if not ws:
            return
        self.examples.append(text)
        self.labels.append(label)
        members.append(sorted({words.setdefault(w, len(words)) for w in ws}))

    def _prepare(self) -> None:
        """Vectors of the example words, and which examples hold each word with its weight."""
        self._example_vectors = self.vectors.words(self.vocabulary)
        # Example words weighted by how few skills use them (IDF_POWER 0: all alike).
        skills_of: dict[int, set[str]] = {}
        for label, m in zip(self.labels, self.members, strict=True):
            for i in m.tolist():
                skills_of.setdefault(i, set()).add(str(label))
        n_skills = max(len(self.skill_ids), 1)
        weight = {i: float(np.log1p(n_skills / len(s)) ** IDF_POWER) for i, s in skills_of.items()}
        holders: list[list[tuple[int, float]]] = [[] for _ in self.vocabulary]
        shares: list[float] = []
        for e, m in enumerate(self.members):
            total = sum(weight[i] for i in m.tolist())
            for i in m.tolist():
                holders[i].append((e, weight[i] / total))
                shares.append(weight[i] / total)
        # The same weights example by example: each example's words (ascending) and theirs.
        sizes = np.asarray([len(m) for m in self.members], dtype=np.int64)
        self._member_ptr, self._member_size = np.cumsum(sizes) - sizes, sizes
        self._member_word = np.concatenate(self.members).astype(np.int64) if self.members else np.zeros(0, np.int64)
        self._member_weight = np.asarray(shares, dtype=np.float32)
        self._holder_ptr = np.cumsum([0] + [len(h) for h in holders]).astype(np.int64)
        self._holder_example = np.asarray([e for h in holders for e, _ in h], dtype=np.int64)
        self._holder_weight = np.asarray([w for h in holders for _, w in h], dtype=np.float32)
        self._need = np.full(len(self.examples), MIN_ANCHORS, dtype=np.int64)
        self._need[self._n_skill_examples:] = BACKGROUND_ANCHORS
        self._table = _Table(len(self.examples))

    def _word_rows(self, words: Iterable[str]) -> None:
        """For each new word, once: its ``NEAREST`` most similar example words (similarity at
        least ``MIN_SIMILARITY``; the same stem counts 1.0), and the examples those words are
        in, with the best similarity within each (the word's precision there, one row over every
        example). Both are appended to ``_table`` (every word's entries in one array, so a
        document's words are gathered with one index rather than concatenated) and the word gets
        its ``_ids`` row."""
        new = [w for w in dict.fromkeys(words) if w not in self._ids]
        if not new:
            return
        with self._lock:
            if self._example_vectors is None:
                self._prepare()
            new = [w for w in new if w not in self._ids]
            if not new:
                return
            vectors = self.vectors.words(new)
            with _one_blas_thread():
                # BLAS takes one row down its matrix-vector path, which sums in another order
                # than the product of two rows or more: a word met alone would get other last
                # bits than the same word met beside another, and what a long-running process
                # finds would hang on the order it met words. Two rows take the one path.
                if len(new) == 1:
                    sims = (np.repeat(vectors, 2, axis=0) @ self._example_vectors.T)[:1]
                else:
                    sims = vectors @ self._example_vectors.T
            for r, w in enumerate(new):
                key = self._key(w)
                for g in self._groups.get(key, ()):
                    at = self._group_words.get(g, ())
                    sims[r, at] = np.maximum(sims[r, at], SYNONYM)
                for i in self._stems.get(key, ()):
                    sims[r, i] = 1.0
            # Most words have fewer than ``NEAREST`` example words from ``MIN_SIMILARITY`` up:
            # those keep them all; only the others are partitioned for their nearest.
            close = sims >= MIN_SIMILARITY
            many = close.sum(axis=1) > NEAREST
            if many.any():
                rows = many.nonzero()[0]
                top = np.argpartition(-sims[rows], NEAREST - 1, axis=1)[:, :NEAREST]
                close[rows] = False
                close[rows[:, None], top] = sims[rows[:, None], top] >= MIN_SIMILARITY
            owner, near = close.nonzero()
            near_sim = sims[owner, near].astype(np.float32)
            per_word = np.bincount(owner, minlength=len(new))
            # Examples holding each near word, with that word's similarity: the best per
            # (word, example) is the word's precision there.
            counts = self._holder_ptr[near + 1] - self._holder_ptr[near]
            at = np.repeat(self._holder_ptr[near], counts) + (
                np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
            n_ex = len(self.examples)
            best = np.zeros(len(new) * n_ex, dtype=np.float32)
            np.maximum.at(best, np.repeat(owner, counts) * n_ex + self._holder_example[at], np.repeat(near_sim, counts))
            best = best.reshape(len(new), n_ex)
            # Each word's near example words, padded to ``NEAREST`` with the vocabulary's size (a
            # column no example word has) at similarity 0: a document's are gathered as one block.
            place = np.arange(len(owner)) - (np.cumsum(per_word) - per_word)[owner]
            near_pad = np.full((len(new), NEAREST), len(self.vocabulary), dtype=np.int64)
            sim_pad = np.zeros((len(new), NEAREST), dtype=np.float32)
            near_pad[owner, place], sim_pad[owner, place] = near, near_sim
            first = self._table.n_words
            # The trained reader's rows are the same vectors in half precision (``_WordRows``):
            # kept here too, so a clause's words are looked up once for both.
            self._table = self._table.extend(near_pad, sim_pad, best, vectors.astype(np.float16))
            for r, w in enumerate(new):
                self._ids[w] = first + r

    def look_up(self, clause_words: Sequence[Sequence[str]]) -> tuple[np.ndarray, _Table]:
        """Each word's row in the table (the clauses' words one after the other), the words not
        met yet scored first, and the table they index: what ``_cells`` reads, and the trained
        reader's vectors (``reader_rows``)."""
        total = sum(map(len, clause_words))
        try:  # most often every word has its row
            occurrence = np.fromiter(map(self._ids.__getitem__, chain.from_iterable(clause_words)),
                                     dtype=np.int64, count=total)
        except KeyError:
            self._word_rows(chain.from_iterable(clause_words))
            occurrence = np.fromiter(map(self._ids.__getitem__, chain.from_iterable(clause_words)),
                                     dtype=np.int64, count=total)
        return occurrence, self._table

    def reader_rows(self, looked_up: tuple[np.ndarray, _Table]) -> tuple[np.ndarray, np.ndarray] | None:
        """``look_up``'s words as rows of a matrix of half-precision vectors whose row 0 is
        zeros, as ``skill_classifier.static_vectors`` reads them; None when this index's vectors
        are not the shared ones the reader was trained on."""
        if self.vectors is not _VECTORS:
            return None
        occurrence, table = looked_up
        return occurrence + 1, table.vectors

    def _cells(self, clause_words: Sequence[Sequence[str]],
               looked_up: tuple[np.ndarray, _Table] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The cells (clause × ``len(examples)`` + example) where a clause scores above zero
        against an example, ascending, and the F-score there (float32): ``scores`` without its
        zeros.

        Sparse throughout, and in three steps so that recall and precision are summed only
        where a score can be above zero: each clause's best similarity to each example word
        (from its words' nearest example words); the cells where enough of the example's words
        are anchored (``MIN_ANCHORS``); there, recall over the example's words and precision
        over the clause's words, each summed in the same order as the dense F-score would be."""
        n_ex = len(self.examples)
        n = len(clause_words)
        none = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if not n or not n_ex:
            return none
        sizes = np.fromiter(map(len, clause_words), dtype=np.int64, count=n)
        if not sizes.any():
            return none
        occurrence, table = looked_up if looked_up is not None else self.look_up(clause_words)
        # One column past the vocabulary takes the padding of the words' near lists.
        size = len(self.vocabulary) + 1
        # Per clause and example word, the best similarity of any clause word (dense: clauses
        # × vocabulary) ...
        owner = np.repeat(np.arange(0, n * size, size, dtype=np.int64), sizes)
        close = np.zeros(n * size, dtype=np.float32)
        np.maximum.at(close, (table.near[occurrence] + owner[:, None]).reshape(-1),
                      table.near_sim[occurrence].reshape(-1))
        # ... and how many of each example's words the clause really says (or nearly): one
        # shared word ("clients") is not yet the example's meaning. Only cells with enough of
        # them (``MIN_ANCHORS``) can score.
        anchors = np.flatnonzero(close >= ANCHOR)
        word = anchors % size
        counts = self._holder_ptr[word + 1] - self._holder_ptr[word]
        anchored = np.bincount(np.repeat(anchors // size * n_ex, counts)
                               + self._holder_example[_ranges(self._holder_ptr[word], counts)], minlength=n * n_ex)
        live = (anchored.reshape(n, n_ex) >= self._need).reshape(-1).nonzero()[0]
        if not len(live):
            return none
        clause, example = np.divmod(live, n_ex)
        # Recall: over the example's words, the clause's best similarity, weighted.
        counts = self._member_size[example]
        at = _ranges(self._member_ptr[example], counts)
        which = np.repeat(np.arange(len(live)), counts)
        recall = np.bincount(which, weights=close[np.repeat(clause * size, counts) + self._member_word[at]]
                             * self._member_weight[at], minlength=len(live))
        # Precision: the mean over the clause's words of their best similarity within the
        # example (the words' rows of ``held``, read at the live cells only).
        counts = sizes[clause]
        at = _ranges((np.cumsum(sizes) - sizes)[clause], counts)
        which = np.repeat(np.arange(len(live)), counts)
        precision = np.bincount(which, weights=table.held.reshape(-1)[occurrence[at] * n_ex
                                                                  + np.repeat(example, counts)],
                                minlength=len(live)) / np.maximum(sizes, 1).astype(np.float32)[clause]
        b2 = BETA * BETA
        total = b2 * precision + recall
        f = np.where(total > 0, (1 + b2) * recall * precision / np.maximum(total, 1e-9), 0.0).astype(np.float32)
        keep = f > 0
        return live[keep], f[keep]

    def scores(self, clause_words: Sequence[Sequence[str]]) -> np.ndarray:
        """The F-score of each clause (given as its content words) against every example:
        (n_clauses × n_examples)."""
        n, n_ex = len(clause_words), len(self.examples)
        f = np.zeros(n * n_ex, dtype=np.float32)
        if n and n_ex:
            cells, values = self._cells(clause_words)
            f[cells] = values
        return f.reshape(n, n_ex)

    def best_scores(self, clause_words: Sequence[Sequence[str]], looked_up: tuple[np.ndarray, _Table] | None = None,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``best(scores(clause_words))``, from the nonzero cells only (``looked_up``: the words'
        ``look_up``, when already done)."""
        n, n_ex, n_skills = len(clause_words), len(self.examples), len(self.skill_ids)
        best = np.zeros((n, n_skills), dtype=np.float32)
        background = np.zeros(n, dtype=np.float32)
        if not n_skills:
            return best, np.zeros((n, 0), np.int64), background
        if self._grid is None:
            self._make_grid()
        # With every score zero, a skill's first example is its argmax.
        where = np.repeat(self._starts[None, :], n, axis=0)
        if not n or not n_ex:
            return best, where, background
        cells, values = self._cells(clause_words, looked_up)
        clause, example = cells // n_ex, cells % n_ex
        skill = example < self._n_skill_examples
        if not skill.all():
            np.maximum.at(background, clause[~skill], values[~skill])
            clause, example, values = clause[skill], example[skill], values[skill]
        if len(values):
            # Per (clause, skill) the highest score, the first example among equals (argmax's
            # choice): cells are ascending by example within a clause, so a stable sort on the
            # score, descending, keeps them in that order.
            slot = clause * n_skills + self._skill_of[example]
            order = np.lexsort((-values, slot))
            slot = slot[order]
            first = np.ones(len(slot), dtype=bool)
            first[1:] = slot[1:] != slot[:-1]
            pick = order[first]
            best.reshape(-1)[slot[first]] = values[pick]
            where.reshape(-1)[slot[first]] = example[pick]
        return best, where, background

    def _make_grid(self) -> None:
        """A skill's examples are contiguous (added skill by skill); background ones come
        last. The grid lays them out skills × widest, padded with the index one past the
        last example; ``_skill_of`` is each skill example's skill."""
        ends = [*self._starts[1:].tolist(), self._n_skill_examples]
        width = max((b - a for a, b in zip(self._starts.tolist(), ends, strict=True)), default=0)
        grid = np.full((len(self.skill_ids), width), len(self.examples), dtype=np.int64)
        skill_of = np.zeros(self._n_skill_examples, dtype=np.int64)
        for k, (a, b) in enumerate(zip(self._starts.tolist(), ends, strict=True)):
            grid[k, :b - a] = np.arange(a, b)
            skill_of[a:b] = k
        self._skill_of = skill_of
        self._grid = grid

    def best(self, f: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """From ``scores``: each clause's best score per skill (clauses × ``skill_ids``), the
        example index giving it, and each clause's best background score."""
        n = f.shape[0]
        if not self.skill_ids:
            return np.zeros((n, 0), np.float32), np.zeros((n, 0), np.int64), np.zeros(n, np.float32)
        if self._grid is None:
            self._make_grid()
        assert self._grid is not None
        padded = np.concatenate([f, np.full((n, 1), -1.0, dtype=f.dtype)], axis=1)
        cells = padded[:, self._grid]  # clauses × skills × widest
        pick = cells.argmax(axis=2)
        best = np.take_along_axis(cells, pick[..., None], axis=2)[..., 0]
        where = self._grid[np.arange(len(self.skill_ids))[None, :], pick]
        background = f[:, self._n_skill_examples:].max(axis=1) if f.shape[1] > self._n_skill_examples \
            else np.zeros(n, np.float32)
        return best, where, background


class _Table:
    """Every scored word's entries by the word's row in ``_ids``: its near example words
    (``NEAREST`` a word, padded: index into the vocabulary, similarity); its best similarity
    within every example (its precision there), one dense row a word in ``held``, so that a
    clause's precision is read at the cells it can score only; and its vector in half
    precision for the trained reader, one row down (``vectors`` row 0 is zeros).

    ``extend`` returns a new table for the added words. The arrays grow by doubling and are
    shared with the previous table, which never reads past its own entries: a thread still
    scoring with it is unaffected."""

    __slots__ = ("held", "n_words", "near", "near_sim", "vectors")

    def __init__(self, n_examples: int = 0) -> None:
        self.near, self.near_sim = np.zeros((0, NEAREST), np.int64), np.zeros((0, NEAREST), np.float32)
        self.held = np.zeros((0, n_examples), np.float32)
        self.vectors = np.zeros((1, 0), np.float32)
        self.n_words = 0

    def extend(self, near: np.ndarray, near_sim: np.ndarray, held: np.ndarray, vectors: np.ndarray) -> _Table:
        """A table with the entries of ``len(near)`` more words (one row a word in each)."""
        out = _Table.__new__(_Table)
        out.n_words = self.n_words + len(near)
        out.near, out.near_sim = _put(self.near, self.n_words, near), _put(self.near_sim, self.n_words, near_sim)
        out.held = _put(self.held, self.n_words, held)
        base = self.vectors if self.vectors.shape[1] == vectors.shape[1] else np.zeros((1, vectors.shape[1]), np.float32)
        out.vectors = _put(base, self.n_words + 1, vectors)
        return out


def _put(array: np.ndarray, used: int, values: np.ndarray) -> np.ndarray:
    """``values`` written after the first ``used`` entries (rows) of ``array``, in place when
    it has room, else in a copy twice as large."""
    end = used + len(values)
    if end > len(array):
        grown = np.empty((max(end, 2 * len(array), 1024 if array.ndim == 1 else 64), *array.shape[1:]),
                         dtype=array.dtype)
        grown[:used] = array[:used]
        array = grown
    array[used:end] = values
    return array


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``start, start + 1, ..., start + size - 1`` of every (start, size), one
    after the other."""
    ends = np.cumsum(sizes)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - (ends - sizes), sizes)


@lru_cache(maxsize=8)
def meaning_index(taxonomy: Taxonomy) -> MeaningIndex:
    """The index of ``taxonomy``, built once (vectors load when the first clause is scored)."""
    return MeaningIndex(taxonomy)


def windows(words: list[str]) -> list[list[str]]:
    """A long clause as overlapping windows of ``MAX_CLAUSE_WORDS`` content words."""
    if len(words) <= MAX_CLAUSE_WORDS:
        return [words]
    step = MAX_CLAUSE_WORDS // 2
    return [words[i:i + MAX_CLAUSE_WORDS] for i in range(0, len(words) - step, step)]
