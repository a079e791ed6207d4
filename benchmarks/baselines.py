"""The scorers a user would reach for instead of matcher, fed the same taxonomy knowledge.

Two baselines, each scoring a document against one *target* per scored rung, both targets
built from ``taxonomy/`` (the role titles and notes of roles.yaml, the skills of skills.yaml
and their per-rung weights), so only the scorer differs from matcher's, not what it knows:

- **TF-IDF cosine** (scikit-learn ``TfidfVectorizer``): a rung's target text is its titles
  and notes plus every skill's label and surface forms, repeated in proportion to the
  skill's weight for that rung; the fit to a rung is the cosine of the two TF-IDF vectors.
- **keyword overlap**, the "match rate" of applicant-tracking systems: a rung's keywords are
  its job title (any title the taxonomy files under the rung) and every skill weighted 0.5 or
  more for it; the fit is the share of those keywords found in the document (a skill counts
  when any of its surface forms occurs as whole words).

The best rung wins, and a document whose best fit is below a threshold gets ``none``; the
threshold is the one that gives the best macro-F1 on the project's own labelled corpus
(``samples/labels.csv``), never on the benchmark.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matcher.scoring.evaluate import Evaluation, ItemResult, summarise
from matcher.types import RUNGS

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from matcher.taxonomy.load import Taxonomy

KEYWORD_WEIGHT = 0.5
"""A skill is one of a rung's keywords when its weight for the rung is at least this."""
REPEATS = 4
"""A skill of weight w appears ``max(1, round(REPEATS * w))`` times in a rung's target text."""


@dataclass(frozen=True, slots=True)
class RungTarget:
    """What a baseline compares a document with for one rung."""

    rung: str
    text: str
    """TF-IDF's target document."""
    keywords: tuple[tuple[str, tuple[str, ...]], ...]
    """(keyword name, surface forms) pairs: one for the job title, one per weighty skill."""


def rung_targets(taxonomy: Taxonomy) -> list[RungTarget]:
    """One target per scored rung, in ``RUNGS`` order, from the taxonomy alone."""
    from matcher.taxonomy.patterns import skill_exact_phrases, skill_phrases, title_phrases

    forms: dict[str, list[str]] = {}
    for skill_id, phrase in [*skill_phrases(taxonomy), *skill_exact_phrases(taxonomy)]:
        forms.setdefault(skill_id, []).append(phrase.lower())
    role_titles: dict[str, list[str]] = {}
    for role_id, phrase in title_phrases(taxonomy):
        role_titles.setdefault(role_id, []).append(phrase.lower())
    targets = []
    for rung in RUNGS:
        roles = [r for r in taxonomy.roles.values() if r.rung == rung]
        titles = tuple(dict.fromkeys(t for r in roles for t in role_titles.get(r.id, ())))
        parts = [*(r.label for r in roles), *(r.note for r in roles), *titles]
        keywords: list[tuple[str, tuple[str, ...]]] = [("job title", titles)]
        for skill in taxonomy.skills.values():
            weight = skill.weights.get(rung, 0.0)
            if weight <= 0:
                continue
            surface = tuple(dict.fromkeys([skill.label.lower(), *forms.get(skill.id, ())]))
            parts.extend([" ".join(surface)] * max(1, round(REPEATS * weight)))
            if weight >= KEYWORD_WEIGHT:
                keywords.append((skill.label, surface))
        targets.append(RungTarget(rung, "\n".join(parts), tuple(keywords)))
    return targets


class TfidfRungScorer:
    """Cosine of TF-IDF vectors between a document and each rung's target text."""

    def __init__(self, targets: Sequence[RungTarget]) -> None:
        self.targets = list(targets)

    def fit(self, corpus: Sequence[str]) -> TfidfRungScorer:
        """Learn vocabulary and IDF from ``corpus`` plus the targets; returns ``self``."""
        self.vectorizer_ = make_vectorizer().fit([*corpus, *(t.text for t in self.targets)])
        self.target_vectors_ = self.vectorizer_.transform([t.text for t in self.targets])
        return self

    def fits(self, texts: Sequence[str]) -> np.ndarray:
        """An ``len(texts)`` × 3 array of cosines in 0..1, columns in ``RUNGS`` order."""
        vectors = self.vectorizer_.transform(texts)
        return (vectors @ self.target_vectors_.T).toarray()


def make_vectorizer() -> TfidfVectorizer:
    """The TF-IDF settings both baseline tasks use: words and word pairs, English stop words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True, min_df=1)


class KeywordRungScorer:
    """Share of each rung's keywords that occur in a document (an ATS-style match rate).

    Case and punctuation are ignored, as match-rate tools do: a document and every surface
    form become runs of lower-case words, and a form is found when it is one of the
    document's word n-grams (a set look-up, so scoring stays cheap however many forms).
    """

    def __init__(self, targets: Sequence[RungTarget]) -> None:
        self.targets = list(targets)
        self._keywords: list[list[frozenset[str]]] = [
            [frozenset(filter(None, map(_words, surface))) for _, surface in target.keywords]
            for target in self.targets
        ]
        self._longest = max(
            (len(form.split()) for target in self._keywords for forms in target for form in forms),
            default=1,
        )

    def fits(self, texts: Sequence[str]) -> np.ndarray:
        """An ``len(texts)`` × 3 array of shares in 0..1, columns in ``RUNGS`` order."""
        out = np.zeros((len(texts), len(self.targets)))
        for i, text in enumerate(texts):
            grams = _ngrams(_words(text).split(), self._longest)
            for j, keywords in enumerate(self._keywords):
                found = sum(1 for forms in keywords if not forms.isdisjoint(grams))
                out[i, j] = found / len(keywords) if keywords else 0.0
        return out


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _ngrams(words: list[str], longest: int) -> set[str]:
    return {
        " ".join(words[start : start + n])
        for n in range(1, longest + 1)
        for start in range(len(words) - n + 1)
    }


# --- deciding a rung -----------------------------------------------------------------------


def predict(fits: np.ndarray, threshold: float) -> list[str]:
    """The best rung per row, or ``none`` where the best fit is below ``threshold``."""
    best = fits.argmax(axis=1)
    return [RUNGS[b] if row[b] >= threshold else "none" for row, b in zip(fits, best)]


def summarise_predictions(
    ids: Sequence[str], labels: Sequence[str], fits: np.ndarray, threshold: float, *, mode: str
) -> Evaluation:
    """The same per-class scores ``matcher eval`` reports, for a baseline's predictions."""
    results = [
        ItemResult(i, "resume", label, predicted, tuple(float(x) for x in row))
        for i, label, predicted, row in zip(ids, labels, predict(fits, threshold), fits)
    ]
    return summarise(results, mode=mode, model_version="baseline")


def choose_threshold(fits: np.ndarray, labels: Sequence[str]) -> float:
    """The ``none`` threshold with the best macro-F1 on ``labels`` (ties: the lowest)."""
    best_f1, best_threshold = -1.0, 0.0
    ids = [str(i) for i in range(len(labels))]
    for threshold in sorted({0.0, *np.round(fits.max(axis=1), 6)}):
        f1 = summarise_predictions(ids, labels, fits, threshold, mode="tuning").macro_f1
        if f1 > best_f1:
            best_f1, best_threshold = f1, float(threshold)
    return best_threshold


# --- all pairs -----------------------------------------------------------------------------


def tfidf_all_pairs(
    resume_texts: Sequence[str], ad_texts: Sequence[str], *, top_k: int
) -> dict[str, float]:
    """TF-IDF cosine between every resume and every ad, the ``top_k`` resumes per ad kept.

    Returns the seconds spent vectorising (fitting on both sets, as a user would) and
    matching (the sparse product and the top-k selection), and the peak memory the matching
    allocated (tracemalloc), the figure matcher's ``match_matrix`` row reports.
    """
    import tracemalloc

    started = time.perf_counter()
    vectors = make_vectorizer().fit_transform([*resume_texts, *ad_texts])
    resumes, ads = vectors[: len(resume_texts)], vectors[len(resume_texts) :]
    vectorised = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    cosine = (ads @ resumes.T).toarray()  # rows: ads; L2-normalised rows make this the cosine
    k = min(top_k, cosine.shape[1])
    top = np.argpartition(-cosine, k - 1, axis=1)[:, :k]
    order = np.take_along_axis(cosine, top, axis=1).argsort(axis=1)[:, ::-1]
    top = np.take_along_axis(top, order, axis=1)
    matched = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert top.shape == (len(ad_texts), k)
    return {"vectorise": vectorised, "match": matched, "peak": float(peak)}
