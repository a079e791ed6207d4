"""``benchmarks/paraphrases.py``: a set of one's own, and the same reading as ``matcher skills``."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripts import load_script

paraphrases = load_script(Path("benchmarks/paraphrases.py"), "benchmarks_paraphrases")


@pytest.fixture()
def own_set(tmp_path):
    positives = tmp_path / "mine.tsv"
    positives.write_text("# my set\n"
                         "skl.negotiation\tBargained with purchasers over price on every contract.\n"
                         "skl.client_onboarding\tWalked new customers through their first weeks on the platform.\n",
                         encoding="utf-8")  # fmt: skip
    negatives = tmp_path / "mine_negatives.txt"
    negatives.write_text("Reconciled the bank accounts and posted journal entries each month.\n", encoding="utf-8")
    return positives, negatives


def test_a_set_of_ones_own_is_read_at_the_shipped_threshold(own_set, capsys):
    positives, negatives = own_set
    assert paraphrases.main(["--positives", str(positives), "--negatives", str(negatives)]) == 0
    out = capsys.readouterr().out
    assert "2 positive sentences" in out
    shipped = next(line for line in out.splitlines() if line.strip().startswith("shipped "))
    assert "negatives hit 0.000 (0/1)" in shipped
    # Whatever the recogniser finds of the two, the count is out of 2 statements.
    assert "/2)" in shipped


def test_unknown_skill_ids_are_an_error_naming_the_file(own_set, capsys):
    positives, negatives = own_set
    positives.write_text("skl.no_such_skill\tNegotiated renewals.\n", encoding="utf-8")
    assert paraphrases.main(["--positives", str(positives), "--negatives", str(negatives)]) == 2
    err = capsys.readouterr().err
    assert str(positives) in err and "skl.no_such_skill" in err


def test_matcher_skills_reads_what_the_benchmark_measures():
    # The command a user runs on a bullet and the benchmark's figures must be the same reading.
    from matcher.extract.meaning import THRESHOLD
    from matcher.extract.nlp import get_nlp
    from matcher.extract.skills import skills_in_texts
    from matcher.taxonomy import load_taxonomy

    rows = paraphrases.load("positives.tsv")[:120] + paraphrases.load("negatives.tsv")[:80]
    sentences = [s for _, s in rows]
    taxonomy = load_taxonomy()
    measured = [patterns | {k for k, v in scores.items() if v >= THRESHOLD}
                for patterns, scores in paraphrases.read(sentences)]
    shown = [{s.id for s in found} for found in skills_in_texts(sentences, get_nlp(taxonomy), taxonomy)]
    assert shown == measured
    assert sum(map(bool, shown)) > 60  # the positives do name skills: the comparison is not vacuous
