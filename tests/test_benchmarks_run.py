"""benchmarks/run.py: the baseline scorers rank what they should, and the table holds together."""

import sys
from pathlib import Path

import numpy as np
import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


def _load_run():
    return load_script(Path("benchmarks/run.py"), "benchmarks_run")


run = _load_run()
baselines = sys.modules["baselines"]

# Tiny targets written here, one per rung, so the scorers' behaviour is checked on its own.
TARGETS = [
    baselines.RungTarget(
        "account_coordinator",
        "account coordinator scheduling invoices order processing data entry",
        (("job title", ("account coordinator",)), ("scheduling", ("scheduling", "schedule"))),
    ),
    baselines.RungTarget(
        "account_executive",
        "account executive prospecting cold calling closing deals quota",
        (("job title", ("account executive",)), ("prospecting", ("prospecting", "cold calling"))),
    ),
    baselines.RungTarget(
        "account_manager",
        "account manager client retention renewals upselling key accounts",
        (("job title", ("account manager",)), ("renewals", ("renewals", "client retention"))),
    ),
]
MANAGER_TEXT = "Senior Account Manager. Owned renewals and client retention for key accounts."
UNRELATED_TEXT = "Pastry chef. Laminated dough, sourdough starters and wedding cakes."
CORPUS = [MANAGER_TEXT, UNRELATED_TEXT, "Account coordinator handling scheduling and invoices."]


@pytest.mark.parametrize("scorer", ["tfidf", "keyword"])
def test_baselines_score_a_matching_text_above_an_unrelated_one(scorer):
    model = (
        baselines.TfidfRungScorer(TARGETS).fit(CORPUS)
        if scorer == "tfidf"
        else baselines.KeywordRungScorer(TARGETS)
    )
    fits = model.fits([MANAGER_TEXT, UNRELATED_TEXT])
    manager = [t.rung for t in TARGETS].index("account_manager")
    assert fits.shape == (2, 3)
    assert fits[0, manager] > fits[1, manager]
    assert fits[0].argmax() == manager


def test_keyword_baseline_is_the_share_of_keywords_found_ignoring_case_and_punctuation():
    fits = baselines.KeywordRungScorer(TARGETS).fits(
        ["ACCOUNT-MANAGER; renewals!", "Renewals only"]
    )
    assert fits[0].tolist() == [0.0, 0.0, 1.0]
    assert fits[1].tolist() == [0.0, 0.0, 0.5]


def test_baseline_predicts_none_below_the_threshold_chosen_on_labelled_fits():
    fits = np.array([[0.1, 0.2, 0.9], [0.8, 0.1, 0.1], [0.05, 0.1, 0.02], [0.1, 0.03, 0.0]])
    labels = ["account_manager", "account_coordinator", "none", "none"]
    threshold = baselines.choose_threshold(fits, labels)
    assert 0.1 < threshold <= 0.8
    assert baselines.predict(fits, threshold) == labels


def test_rung_targets_come_from_the_taxonomy_with_each_rung_its_own_title():
    from matcher.taxonomy.load import load_taxonomy

    targets = baselines.rung_targets(load_taxonomy())
    assert [t.rung for t in targets] == [
        "account_coordinator",
        "account_executive",
        "account_manager",
    ]
    for target in targets:
        title = target.rung.replace("_", " ")
        assert title in dict(target.keywords)["job title"]
        assert len(target.keywords) > 5
    scores = baselines.KeywordRungScorer(targets).fits(["Account Executive", "Account Manager"])
    assert scores[0].argmax() == 1 and scores[1].argmax() == 2


def test_render_gives_one_markdown_table_with_the_comparison_columns():
    rows = [
        run.Row("cold start", "2.1 s", target="≤ 1.5 s"),
        run.Row("a | b", "1", "TF-IDF: 2", "x"),
    ]
    text = run.render(rows, preamble=["2 cores"])
    lines = text.splitlines()
    assert lines[0] == "2 cores"
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| measurement | matcher | compared with | ratio | target |"
    assert all(line.count("|") - line.count("\\|") == 6 for line in table)
    assert table[3] == "| a \\| b | 1 | TF-IDF: 2 | x |  |"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(10, 2, "matcher 5.0× faster"), (2, 10, "matcher 5.0× slower"), (1, 0, "—")],
)
def test_ratios_say_which_side_is_ahead(a, b, expected):
    assert run.times(a, b, what="matcher") == expected


def test_run_without_benchmark_data_says_skipped_instead_of_failing(tmp_path, capsys):
    out = tmp_path / "table.md"
    missing = tmp_path / "no-benchmark"
    code = run.main(
        ["--only", "pdf,extract,accuracy", "--benchmark", str(missing), "--out", str(out)]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert printed == out.read_text(encoding="utf-8")
    rows = [line for line in printed.splitlines() if line.startswith("| ") and "skipped" in line]
    assert len(rows) == 3
    assert all(str(missing) in line for line in rows)
    assert "cores" in printed and "Taxonomy" in printed


def test_the_skills_row_says_skipped_without_the_onet_files(tmp_path, capsys):
    code = run.main(["--only", "skills", "--reference", str(tmp_path / "no-reference")])
    printed = capsys.readouterr().out
    assert code == 0
    (row,) = [line for line in printed.splitlines() if line.startswith("| skills found")]
    assert "skipped: no O*NET reference files in" in row and "no-reference" in row
