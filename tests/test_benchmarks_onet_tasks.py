"""``benchmarks/onet_tasks.py``: O*NET task statements labelled with skills, read as ``matcher
skills`` reads a sentence, with false hits counted against the clear and arguable labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripts import load_script

from matcher.taxonomy import load_taxonomy

onet = load_script(Path("benchmarks/onet_tasks.py"), "benchmarks_onet_tasks")
STATEMENTS = onet.TASKS


def test_the_shipped_labels_name_known_skills_once_each_and_carry_no_task_text():
    tasks = onet.load_labels()
    assert len(tasks) >= 900
    skills = {s for s, v in load_taxonomy().skills.items() if v.type != "certification"}
    for task in tasks:
        assert task.task_id.isdigit() and task.soc.count("-") == 1, task
        assert task.clear | task.arguable <= skills, task
        assert not task.clear & task.arguable, task
    assert len({(t.soc, t.task_id) for t in tasks}) == len(tasks)
    # Both splits hold sales occupations and others, and both hold tasks stating nothing.
    for split in ("dev", "test"):
        part = [t for t in tasks if t.split == split]
        assert {t.group for t in part} == {"A", "B", "C"}
        assert sum(t.states_none for t in part) >= 40


def test_a_false_hit_is_a_skill_in_neither_column_and_an_arguable_one_is_free():
    task = onet.Task("1", "41-0000.00", "A", frozenset({"skl.negotiation"}), frozenset({"skl.communication"}))
    tally = onet.Tally()
    tally.add(task, {"skl.negotiation": "found", "skl.communication": "met", "skl.invoicing": "met"})
    assert (tally.clear, tally.found, tally.met) == (1, 1, 0)
    assert (tally.hits, tally.false, tally.tasks_false) == (2, 1, 1)
    nothing = onet.Task("2", "41-0000.00", "A", frozenset(), frozenset())
    tally.add(nothing, {})
    assert (tally.none_tasks, tally.none_false) == (1, 0)
    assert "precision 0.500 (1/2)" in tally.line()


def test_a_malformed_label_line_is_an_error_naming_the_file_and_line(tmp_path):
    (tmp_path / "labels_Z.tsv").write_text("# x\n12\t41-0000.00\tskl.negotiation\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels_Z.tsv:2: expected task_id, soc, clear, arguable"):
        onet.load_labels(tmp_path)


def test_without_the_statements_the_script_skips(tmp_path, capsys):
    assert onet.main(["--statements", str(tmp_path / "absent.txt")]) == 0
    assert "skipped" in capsys.readouterr().err


@pytest.mark.benchmark_data
@pytest.mark.skipif(not STATEMENTS.is_file(), reason="../shared/reference/full is absent")
def test_every_labelled_task_is_in_onet_and_is_read():
    tasks = onet.with_text(onet.load_labels(), STATEMENTS)
    assert all(t.text for t in tasks)
    sample = [t for t in tasks if t.group == "A"][:5]
    read = onet.read(sample, "patterns")
    assert len(read) == len(sample) and all(isinstance(r, dict) for r in read)


@pytest.mark.benchmark_data
@pytest.mark.skipif(not STATEMENTS.is_file(), reason="../shared/reference/full is absent")
def test_the_reader_learns_no_labelled_task():
    """The set measures text written elsewhere only while no training sentence copies one of its
    tasks: no run of six words is shared (common phrases of four are)."""
    import re

    from matcher.extract.skill_classifier import training_sentences

    def runs(text: str, n: int = 6) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z']+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    sentences, _ = training_sentences(load_taxonomy())
    taught = set().union(*(runs(s) for s in sentences))
    shared = [t.text for t in onet.with_text(onet.load_labels(), STATEMENTS) if runs(t.text) & taught]
    assert not shared, shared[:3]


def test_agreement_counts_a_second_labelling_against_the_first():
    def task(clear, arguable=()):
        return onet.Task("1", "41-0000.00", "A", frozenset(clear), frozenset(arguable))

    first = [task({"skl.negotiation", "skl.communication"}), onet.Task("2", "41-0000.00", "A", frozenset(), frozenset())]
    second = [task({"skl.negotiation"}, {"skl.communication"}), onet.Task("2", "41-0000.00", "D", frozenset(), frozenset())]
    lines = "\n".join(onet.agreement(first, second))
    assert "2 tasks labelled twice: 2 clear skill statements first, 1 second" in lines
    assert "(recall): 0.500 (1/2)" in lines and "(precision): 1.000 (1/1); F1 0.667" in lines
    assert "clear or arguable: 1.000 (2/2)" in lines
    assert "of those either says so: 1.000 (1/1)" in lines
