"""Reading by meaning is computed faster than it once was, never differently.

The speed-ups of ``matcher.extract.meaning`` and ``matcher.extract.skill_classifier`` keep
tables per word and sum in their own steps; these tests hold them to the results of the plain
computation (``benchmarks/meaning_identity.py`` compares whole corpora the same way).
"""

from __future__ import annotations

import numpy as np
import pytest


def test_reader_sums_a_clause_s_word_rows_to_the_last_bit_as_reduceat_does():
    # The reader was trained on clause vectors summed by np.add.reduceat; a sum in another
    # order would move its probabilities (and what it finds) by rounding.
    from matcher.extract.skill_classifier import _row_sums

    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((500, 256)).astype(np.float16).astype(np.float32)
    matrix[0] = 0
    for longest in (1, 2, 8, 9, 16, 17, 30):
        sizes = rng.integers(1, longest + 1, 40)
        index = rng.integers(1, 500, int(sizes.sum()))
        expected = np.add.reduceat(matrix[index], np.cumsum(sizes) - sizes, axis=0)
        np.testing.assert_array_equal(_row_sums(matrix, index, sizes), expected)


def test_reader_vector_of_a_clause_is_the_same_alone_or_among_others():
    from matcher.extract.skill_classifier import static_vectors

    clauses = [["negotiated", "renewals"], ["answered", "questions", "buyers", "phone", "email"],
               ["managed", "thirty", "client", "relationships", "quarterly", "reviews", "leadership",
                "numbers", "renewals", "upsell"], []]
    together = static_vectors(clauses)
    for n, words in enumerate(clauses):
        np.testing.assert_array_equal(static_vectors([words])[0], together[n])
    assert not together[3].any()
    np.testing.assert_allclose(np.linalg.norm(together[:3], axis=1), 1.0, rtol=1e-5)


def test_a_word_vector_is_the_same_computed_alone_with_others_or_kept():
    from matcher.extract.meaning import _VECTORS, _Vectors

    fresh = _Vectors()  # nothing kept yet
    words = ["negotiated", "client's", "co-ordinated", "renewals", "x"]
    together = fresh.words(words)
    for n, word in enumerate(words):
        np.testing.assert_array_equal(_Vectors().words([word])[0], together[n])
        np.testing.assert_array_equal(fresh.words([word])[0], together[n])  # kept
    np.testing.assert_array_equal(_VECTORS.words(words), together)
    assert fresh.words([]).shape == (0, together.shape[1])


def test_a_clause_scores_the_same_whatever_words_the_process_met_before():
    """A word's similarities to the examples are worked out once, when a process first meets it,
    alone or beside other new words: the scores must not hang on which."""
    from matcher.extract.meaning import MeaningIndex
    from matcher.taxonomy import load_taxonomy

    clauses = [["negotiated", "renewals", "purchasers"], ["answered", "questions", "buyers"],
               ["kept", "diaries", "directors"]]
    one_by_one, all_at_once = MeaningIndex(load_taxonomy()), MeaningIndex(load_taxonomy())
    for clause in clauses:
        for word in clause:  # every word met alone
            one_by_one.best_scores([[word]])
    for got, want in zip(one_by_one.best_scores(clauses), all_at_once.best_scores(clauses), strict=True):
        np.testing.assert_array_equal(got, want)


def test_content_words_follow_the_adverbs_setting_whatever_was_read_before(monkeypatch):
    from matcher.extract import meaning

    text = "Consistently answered the client's questions quickly"
    assert meaning.content_words(text) == ["answered", "client", "questions"]
    monkeypatch.setattr(meaning, "ADVERBS", True)
    assert meaning.content_words(text) == ["consistently", "answered", "client", "questions", "quickly"]
    monkeypatch.setattr(meaning, "ADVERBS", False)
    assert meaning.content_words(text) == ["answered", "client", "questions"]


def test_numpy_s_blas_is_held_to_one_thread_only_inside_the_context():
    # The products are numpy's: its BLAS runs on one thread inside, as many as before after.
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from matcher.extract.meaning import _one_blas_thread

    def numpy_blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas" and "numpy" in i["filepath"]]

    before = numpy_blas_threads()
    if not before:
        pytest.skip("numpy's BLAS is not one threadpoolctl sees here")
    with _one_blas_thread():
        assert numpy_blas_threads() == [1] * len(before)
    assert numpy_blas_threads() == before
