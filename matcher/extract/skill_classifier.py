"""A trained reader of skills: which skill a clause states, learnt from the project's own sentences.

The meaning recogniser's alignment score (``matcher.extract.meaning``) compares a clause with
each written example word by word. This is its second opinion: a multinomial logistic
regression over one vector per clause and the clause's word features (each content word's
stem, or its verb when irregular, and the lexicon's synonym set it belongs to:
``MeaningIndex.word_features``), fitted to every skill's sentences against sentences that state
none, its ``"none"`` class. The sentences: the taxonomy's ``examples``, the bank in
``taxonomy/skill_examples.yaml`` (34-49 a skill) and one file per author and voice in
``taxonomy/sentences/`` (resume bullets, job ads, summaries, plain and non-native English, duty
lists, other industries, graduates, reviews, senior leaders, cover letters; 8-10 a skill each, and
two files of near misses from other occupations), with their ``background`` sentences and the
lexicon's ``meaning_background``. Background sentences are about one in four; a real document's
clauses mostly state nothing, so the ``none`` intercept is moved to a prior of ``NONE_PRIOR``.
A clause whose probability for a skill reaches the file's ``threshold`` states it, under the
same rules as an aligned clause (exclusions, accountancy words, names and headings).

Two vectors, two files, one code path:

- ``static`` — the mean of the clause's content words' WordLlama vectors (already loaded for
  the alignment score; a few microseconds a clause). ``models/skill_meaning.static.json``.
- ``minilm`` — all-MiniLM-L6-v2's sentence vector (``matcher.extract.encoder``; read in
  depth only). ``models/skill_meaning.minilm.json``.

The files are data (JSON, floats rounded to ``SIGNIFICANT`` digits, a digest of the body
checked on load); ``matcher train`` rebuilds them byte for byte from the taxonomy
(``train_skill_classifier``). No sentence of ``benchmarks/`` is ever among the training
sentences: the paraphrase sets measure this reader, they do not teach it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.errors import ModelError

if TYPE_CHECKING:
    from matcher.taxonomy.types import Taxonomy

FORMAT = "matcher.skill_meaning"
FORMAT_VERSION = 1
SIGNIFICANT = 6
"""Significant digits kept for every float written to the file."""
NONE = "none"
"""The class of sentences that state no skill."""
BANK = "skill_examples.yaml"
"""The taxonomy file holding the larger bank of sentences per skill, and background sentences."""
SENTENCES = "sentences"
"""The taxonomy folder of more such files, one author and voice each."""

SETTINGS: dict[str, dict[str, float]] = {
    # Each reader's inverse regularisation ``C``, the probability from which it gives a skill,
    # and whether it reads the clause's word features beside its vector. Chosen by leaving one
    # author of the sentence files out at a time (benchmarks/authors.py; docs/decisions.md has
    # the tables): the highest recall with at most 1% of the held-out author's background given a
    # skill (from 0.7 or 0.8), of which 0.8 kept the O*NET dev half's precision (0.7 lowered it).
    "static": {"C": 64.0, "threshold": 0.8, "words": True},
    "minilm": {"C": 64.0, "threshold": 0.8, "words": True},
}
NONE_PRIOR: float | None = 0.8
"""The share of a real document's clauses taken to state no skill. About one training sentence
in four is a background sentence, so the fitted model expects far more skill statements than a
resume holds; its ``none`` intercept is moved by the difference of the two log-odds (a prior
shift, the reader's probabilities then being those of a reader fitted to this mix). None: the
intercept as fitted."""
MIN_COUNT = 2
"""A word feature is kept when at least this many training sentences have it."""


def model_file(embedding: str) -> str:
    return f"skill_meaning.{embedding}.json"


# --- vectors -------------------------------------------------------------------------------


class _WordRows:
    """Words met so far in this process, each a row of unit WordLlama vectors (rounded to half
    precision, kept as float32 so that no row is converted again) in one growing matrix whose
    row 0 is zeros, so a document's words are gathered with one index. At most ``MAX`` words
    (20 MB); past it the table starts again."""

    MAX = 20_000

    def __init__(self) -> None:
        self.row: dict[str, int] = {}
        self.matrix = np.zeros((1024, 256), dtype=np.float32)
        self._lock = threading.Lock()

    def rows(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of ``words``, adding the words not met yet, and the matrix they index.

        Read together under the lock: another thread may grow the matrix or start the table
        again at any time, but a matrix once handed out never has its used rows rewritten
        (growing copies it, starting again takes a new one)."""
        with self._lock:
            try:  # most often every word is known
                return np.asarray(list(map(self.row.__getitem__, words)), dtype=np.int64), self.matrix
            except KeyError:
                pass
            new = [w for w in dict.fromkeys(words) if w not in self.row]
            from matcher.extract.meaning import _VECTORS

            if len(self.row) + len(new) > self.MAX:
                # Start again with this call's words only, so every one of them has a row.
                self.row = {}
                self.matrix = np.zeros_like(self.matrix)
                new = list(dict.fromkeys(words))
            vectors = _VECTORS.words(new).astype(np.float16)
            at = len(self.row) + 1
            if at + len(new) > len(self.matrix):
                grown = np.zeros((max(min(2 * len(self.matrix), self.MAX + 1), at + len(new)), 256),
                                 dtype=np.float32)
                grown[:at] = self.matrix[:at]
                self.matrix = grown
            self.matrix[at:at + len(new)] = vectors
            for i, w in enumerate(new):
                self.row[w] = at + i
            return np.asarray(list(map(self.row.__getitem__, words)), dtype=np.int64), self.matrix


_WORD_ROWS = _WordRows()


def static_vectors(word_lists: Sequence[Sequence[str]], rows: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Per clause, the unit mean of its words' WordLlama vectors (zeros for no words).
    ``rows``: the words' rows (one after the other) in a matrix of their half-precision vectors
    whose row 0 is zeros, when already looked up (``MeaningIndex.reader_rows``)."""
    out = np.zeros((len(word_lists), 256), dtype=np.float32)
    sizes = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
    has = np.flatnonzero(sizes)
    if len(has):
        index, matrix = rows if rows is not None else _WORD_ROWS.rows(list(chain.from_iterable(word_lists)))
        sums = _row_sums(matrix, index, sizes[has])
        out[has] = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
    return out


def _row_sums(matrix: np.ndarray, index: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per group of ``sizes`` (each at least 1) consecutive entries of ``index``, the sum of
    those rows of ``matrix`` (whose row 0 is zeros), to the last bit as
    ``np.add.reduceat(matrix[index], starts, axis=0)`` sums them: the first row plus numpy's
    pairwise sum of the others (one after the other below 8 rows; 8 running sums, then the
    rest, up to 15). reduceat itself walks every column of every group apart, which costs more
    than the sums; here each step adds one row of every group at once, groups padded with row
    0 (adding zeros changes no sum). Groups of more than 16 rows are left to reduceat."""
    ends = np.cumsum(sizes)
    starts = ends - sizes
    out = np.empty((len(sizes), matrix.shape[1]), dtype=np.float32)
    padded = np.concatenate(([0], index))  # entry i of index is padded[i + 1]; padded[0] is row 0
    for group in (sizes <= 8, (sizes > 8) & (sizes <= 16)):
        chosen = np.flatnonzero(group)
        if not len(chosen):
            continue
        width = int(sizes[chosen].max())
        step = np.arange(width)[:, None]
        # (width × groups × columns): step j of every group, contiguous.
        rows = matrix.take(padded[np.where(step < sizes[chosen], starts[chosen] + step + 1, 0)], axis=0)
        if width <= 8:
            rest = rows[1].copy() if width > 1 else np.zeros_like(rows[0])
            for j in range(2, width):
                rest += rows[j]
        else:
            rest = ((rows[1] + rows[2]) + (rows[3] + rows[4])) + ((rows[5] + rows[6]) + (rows[7] + rows[8]))
            for j in range(9, width):
                rest += rows[j]
        out[chosen] = rows[0] + rest
    long = np.flatnonzero(sizes > 16)
    if len(long):
        from matcher.extract.meaning import _ranges

        local = sizes[long]
        out[long] = np.add.reduceat(matrix[index[_ranges(starts[long], local)]], np.cumsum(local) - local, axis=0)
    return out


def bank_files() -> list[Path]:
    """The sentence files the reader learns from: ``taxonomy/skill_examples.yaml``, then every
    ``taxonomy/sentences/*.yaml`` (one author and voice each) in name order."""
    from matcher.resources import taxonomy_dir

    return [taxonomy_dir() / BANK, *sorted((taxonomy_dir() / SENTENCES).glob("*.yaml"))]


def training_sentences(taxonomy: Taxonomy, banks: Sequence[Path] | None = None) -> tuple[list[str], list[str]]:
    """(sentences, labels): every non-certification skill's examples and the sentence files'
    (``banks``, default ``bank_files()``) under its id, then the lexicon's and the files'
    background sentences under ``NONE``; in taxonomy order, file by file, no duplicates."""
    import yaml

    read = []
    for path in bank_files() if banks is None else banks:
        try:
            read.append(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise ModelError(f"{path}: cannot read the sentence bank: {exc}") from None
    sentences: list[str] = []
    labels: list[str] = []
    seen: set[str] = set()

    def add(text: str, label: str) -> None:
        key = " ".join(str(text).lower().split())
        if key and key not in seen:
            seen.add(key)
            sentences.append(str(text))
            labels.append(label)

    for skill in taxonomy.skills.values():
        if skill.type == "certification":
            continue
        for text in (*skill.examples, *chain.from_iterable((bank.get("skills") or {}).get(skill.id) or ()
                                                           for bank in read)):
            add(text, skill.id)
    for text in (*(taxonomy.lexicon.get("meaning_background") or ()),
                 *chain.from_iterable(bank.get("background") or () for bank in read)):
        add(str(text), NONE)
    return sentences, labels


def word_feature_lists(taxonomy: Taxonomy, texts: Sequence[str]) -> list[list[str]]:
    """Each sentence's word features (``MeaningIndex.word_features`` of its content words)."""
    from matcher.extract.meaning import MeaningIndex, content_words

    index = MeaningIndex(taxonomy)
    return [index.word_features(content_words(t)) for t in texts]


def _word_logits(rows: Sequence[Sequence[int]], weights: np.ndarray) -> np.ndarray:
    """(clauses × classes): each clause's word features (``rows`` of ``weights``, distinct) as a
    binary vector of unit length, times ``weights`` (features × classes). A clause with no
    known feature gets zeros."""
    out = np.zeros((len(rows), weights.shape[1]), dtype=weights.dtype)
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    has = np.flatnonzero(sizes)
    if len(has):
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(sizes.sum()))
        starts = np.cumsum(sizes[has]) - sizes[has]
        out[has] = np.add.reduceat(weights[flat], starts, axis=0) / np.sqrt(sizes[has])[:, None].astype(weights.dtype)
    return out


def sentence_vectors(embedding: str, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of whole sentences (training, and the clause text in depth)."""
    if embedding == "static":
        from matcher.extract.meaning import content_words

        return static_vectors([content_words(t) for t in texts])
    if embedding == "minilm":
        from matcher.extract.encoder import encoder

        return encoder().encode(list(texts))
    raise ValueError(f"unknown embedding {embedding!r}: 'static' or 'minilm'")


# --- the model -------------------------------------------------------------------------------


class SkillClassifier:
    """A fitted reader: ``probabilities(vectors)`` per class, ``classes`` ending in ``NONE``."""

    def __init__(self, *, embedding: str, classes: Sequence[str], coef: np.ndarray, intercept: np.ndarray,
                 threshold: float, version: str, examples: dict[str, list[str]] | None = None,
                 words: Sequence[str] = (), word_coef: np.ndarray | None = None) -> None:
        self.embedding = embedding
        self.classes = tuple(classes)
        self.coef = coef
        self.intercept = intercept
        self.words = {w: i for i, w in enumerate(words)}
        """The word features it reads (``MeaningIndex.word_features``), each its row of ``word_coef``."""
        self.word_coef = word_coef if word_coef is not None else np.zeros((0, len(self.classes)), dtype=np.float32)
        self._word_rows: dict[str, tuple[int, ...]] = {}
        self.threshold = threshold
        self.version = version
        self.examples = {skill: tuple(sentences) for skill, sentences in (examples or {}).items()}
        """Each skill's training sentences (kept in the file, so loading reads no YAML)."""
        self._example_vectors: dict[str, np.ndarray] = {}
        self._columns: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}

    def feature_rows(self, clause_words: Sequence[Sequence[str]],
                     word_feature: Callable[[str], tuple[str, ...]]) -> list[list[int]]:
        """Per clause, the rows of ``word_coef`` its words' features take (distinct, in order),
        from each word's features (``MeaningIndex.word_feature``); kept per word."""
        known = self._word_rows
        out = []
        for words in clause_words:
            rows: list[int] = []
            for w in words:
                found = known.get(w)
                if found is None:
                    if len(known) >= 100_000:
                        known.clear()
                    found = known[w] = tuple(self.words[f] for f in word_feature(w) if f in self.words)
                rows.extend(found)
            out.append(list(dict.fromkeys(rows)) if len(rows) > 1 else rows)
        return out

    def probabilities(self, vectors: np.ndarray, skills: Sequence[str] | None = None,
                      rows: Sequence[Sequence[int]] | None = None) -> np.ndarray:
        """(clauses × classes) probabilities of ``vectors`` (this reader's embedding) and, when it
        reads words, the clauses' word features (``feature_rows``); with ``skills``, only those
        columns, in that order (0 for a skill it does not know)."""
        logits = vectors @ self.coef.T + self.intercept
        if self.words:
            if rows is None:
                raise ValueError("this reader reads word features: pass each clause's feature_rows")
            logits += _word_logits(rows, self.word_coef)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        probs = e / e.sum(axis=1, keepdims=True)
        if skills is None:
            return probs
        key = tuple(skills)
        if key not in self._columns:
            known = {c: i for i, c in enumerate(self.classes)}
            self._columns[key] = (np.asarray([known.get(k, 0) for k in key]),
                                  np.asarray([k not in known for k in key]))
        cols, unknown = self._columns[key]
        out = probs[:, cols]
        out[:, unknown] = 0.0
        return out

    def nearest(self, words: Sequence[str], skill: str, vector: np.ndarray | None = None) -> str:
        """The training sentence of ``skill`` whose words are closest to ``words`` (static
        vectors, whichever the embedding; ``vector``: theirs, when already read): what a hit is
        shown close to. A skill's sentences are turned into vectors the first time one of its
        hits is shown."""
        sentences = self.examples.get(skill)
        if not sentences:
            return ""
        if skill not in self._example_vectors:
            from matcher.extract.meaning import content_words

            self._example_vectors[skill] = static_vectors([content_words(t) for t in sentences])
        from matcher.extract.meaning import _one_blas_thread

        with _one_blas_thread():
            sims = self._example_vectors[skill] @ (static_vectors([words])[0] if vector is None else vector)
        return sentences[int(np.argmax(sims))]


def _round(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT}g}") if value else 0.0


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def train_skill_classifier(taxonomy: Taxonomy, embedding: str, out: Path, *,
                           banks: Sequence[Path] | None = None) -> str:
    """Fit the reader for ``embedding`` on the taxonomy's sentences and write it to ``out``;
    returns its version (``skill_meaning.<embedding>+<12 hex>``)."""
    from sklearn.linear_model import LogisticRegression

    settings = SETTINGS[embedding]
    sentences, labels = training_sentences(taxonomy, banks)
    X, vocabulary = training_matrix(taxonomy, embedding, sentences, settings["words"])
    model = LogisticRegression(C=settings["C"], max_iter=5000)
    model.fit(X, labels)
    classes = [str(c) for c in model.classes_]
    order = [classes.index(c) for c in sorted(c for c in classes if c != NONE)] + [classes.index(NONE)]
    dense = X.shape[1] - len(vocabulary)
    share = labels.count(NONE) / len(labels)
    shift = 0.0 if NONE_PRIOR is None else np.log(NONE_PRIOR / (1 - NONE_PRIOR)) - np.log(share / (1 - share))
    intercept = model.intercept_ + np.where(np.asarray(classes) == NONE, shift, 0.0)
    body = {
        "embedding": embedding,
        "classes": [classes[i] for i in order],
        "coef": [[_round(v) for v in model.coef_[i][:dense]] for i in order],
        "intercept": [_round(intercept[i]) for i in order],
        "none_prior": NONE_PRIOR,
        "words": vocabulary,
        "word_coef": [[_round(v) for v in model.coef_[i][dense:]] for i in order],
        "threshold": settings["threshold"],
        "C": settings["C"],
        "examples": {skill: [s for s, lab in zip(sentences, labels, strict=True) if lab == skill]
                     for skill in sorted(set(labels) - {NONE})},
        "taxonomy_version": taxonomy.version,
        "training": {"sentences": len(sentences), "none": labels.count(NONE),
                     "sha256": hashlib.sha256("\n".join(f"{lab}\t{s}" for s, lab in
                                                        zip(sentences, labels, strict=True)).encode()).hexdigest()},
    }
    digest = hashlib.sha256(_canonical(body)).hexdigest()
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": digest, "body": body}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, sort_keys=True, indent=1, ensure_ascii=True) + "\n", encoding="ascii")
    return f"{Path(out.name).stem}+{digest[:12]}"


def training_matrix(taxonomy: Taxonomy, embedding: str, sentences: Sequence[str], words: bool):  # noqa: ANN201
    """(features, vocabulary): the sentences' vectors and, with ``words``, their word features
    after them as unit binary columns (a scipy sparse matrix); the vocabulary is the features
    at least ``MIN_COUNT`` sentences have, sorted (empty without ``words``)."""
    X = sentence_vectors(embedding, sentences).astype(np.float64)
    if not words:
        return X, []
    from collections import Counter

    from scipy import sparse

    lists = word_feature_lists(taxonomy, sentences)
    counts = Counter(chain.from_iterable(lists))
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    where = {f: i for i, f in enumerate(vocabulary)}
    rows = [[where[f] for f in fs if f in where] for fs in lists]
    matrix = sparse.csr_matrix(
        (np.concatenate([np.full(len(r), 1 / np.sqrt(len(r))) for r in rows if r] or [np.zeros(0)]),
         np.fromiter(chain.from_iterable(rows), dtype=np.int64),
         np.concatenate(([0], np.cumsum([len(r) for r in rows])))),
        shape=(len(sentences), len(vocabulary)))
    return sparse.hstack([sparse.csr_matrix(X), matrix]).tocsr(), vocabulary


def train_shipped_readers(taxonomy: Taxonomy, out_dir: Path | None = None) -> list[tuple[Path, str | None, str | None]]:
    """Rebuild both readers into ``out_dir`` (default: the shipped ``models/``): per file,
    (path, version, None), or (path, None, why) when its vectors cannot be had here (MiniLM's
    weights not installed); that file is then left as it is."""
    from matcher.errors import MatcherError
    from matcher.resources import models_dir

    out_dir = out_dir or models_dir()
    done: list[tuple[Path, str | None, str | None]] = []
    for embedding in SETTINGS:
        path = out_dir / model_file(embedding)
        if embedding == "minilm":
            from matcher.extract.encoder import check_weights

            try:
                check_weights()
            except MatcherError as exc:
                done.append((path, None, str(exc)))
                continue
        done.append((path, train_skill_classifier(taxonomy, embedding, path), None))
    return done


def reader_digest(embedding: str) -> str:
    """The shipped reader file's recorded digest (or "" when it is missing), read once per file
    state: what the profile cache keys a reading by meaning on."""
    from matcher.resources import models_dir

    path = models_dir() / model_file(embedding)
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _digest_of(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _digest_of(path: str, mtime_ns: int, size: int) -> str:
    # The top-level "sha256" is the file's last key (keys sorted): read the tail, not 400 kB of JSON.
    import re

    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, size - 256))
            tail = handle.read().decode("ascii", "replace")
    except OSError:
        return ""
    found = re.findall(r'"sha256": "([0-9a-f]{64})"', tail)
    return found[-1] if found else ""


_LOCK = threading.Lock()
_LOADED: dict[tuple[str, str], SkillClassifier] = {}


def load_skill_classifier(taxonomy: Taxonomy, embedding: str, path: Path | None = None) -> SkillClassifier:
    """The shipped reader for ``embedding`` (once per process), its digest checked."""
    from matcher.resources import models_dir

    path = path or models_dir() / model_file(embedding)
    key = (str(path), taxonomy.version)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"{path}: skill reader not found; run `matcher train` to build it") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a readable skill reader ({exc}); rebuild it with `matcher train`") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT \
                or document.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{path}: not a matcher skill reader (format {FORMAT!r} version {FORMAT_VERSION})")
        body = document["body"]
        if hashlib.sha256(_canonical(body)).hexdigest() != document.get("sha256"):
            raise ModelError(f"{path}: its digest does not match its contents; rebuild it with `matcher train`")
        classifier = SkillClassifier(
            embedding=body["embedding"], classes=tuple(body["classes"]),
            coef=np.asarray(body["coef"], dtype=np.float32), intercept=np.asarray(body["intercept"], dtype=np.float32),
            threshold=float(body["threshold"]), version=f"{path.stem}+{document['sha256'][:12]}",
            examples=body.get("examples") or {}, words=body.get("words") or (),
            word_coef=np.asarray(body.get("word_coef") or np.zeros((len(body["classes"]), 0)),
                                 dtype=np.float32).T.copy(),
        )  # fmt: skip
        _LOADED[key] = classifier
        return classifier
