"""benchmarks/generalization.py: the false-alarm table reads a benchmark folder's real-document
sets, counts what got a rung, and its calibration figures are the textbook ones."""

import json
from pathlib import Path

import pytest
from batch_files import write_pdf
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
generalization = load_script(Path("benchmarks/generalization.py"), "benchmarks_generalization")

NURSE_RESUME = """\
Dana Whitfield
Registered Nurse
EXPERIENCE
Registered Nurse | St. Anne Hospital | 03/2016 - 11/2024
Cared for 6 patients a shift on a medical-surgical unit; charted assessments and medications.
Educated patients and families on discharge plans and wound care.
EDUCATION
Bachelor of Science in Nursing, 2015
"""
NURSE_AD = (
    "Staff Nurse",
    "We are hiring a staff nurse for our surgical ward. You will assess patients, give "
    "medication and keep accurate records. NMC registration required.",
)
ACCOUNT_AD = (
    "Senior Account Manager",
    "You will own a book of 40 key accounts, lead renewals and upsell, hit a quarterly quota "
    "and keep client retention above 95%. 5+ years of account management in SaaS required.",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("benchmark")
    (root / "none_resumes").mkdir()
    write_pdf(root / "none_resumes" / "1.pdf", NURSE_RESUME)
    (root / "none_resumes.csv").write_text(
        "file,id,category,headline\nnone_resumes/1.pdf,1,HEALTHCARE,Dana Whitfield\n",
        encoding="utf-8",
    )
    with (root / "real_ads_dev.jsonl").open("w", encoding="utf-8") as out:
        for i, ((title, text), label) in enumerate(
            ((NURSE_AD, "none"), (ACCOUNT_AD, "account_manager"))
        ):
            ad = {"id": str(i), "title": title, "description": text, "label": label}
            out.write(json.dumps(ad) + "\n")
    return root


def test_the_table_counts_real_documents_of_other_occupations_and_the_account_ads(folder):
    result = generalization.measure(folder)
    rows = {m.strip(): value for m, value, _ in result.rows}
    # One document of each proves little: the share carries its 95% Wilson interval.
    assert rows["real non-account resumes given no rung (none_resumes)"] == "100.0% (1 of 1; 95% CI 20.7%–100.0%)"
    assert rows["real non-account ads given no rung, as is (real_ads_dev)"] == "100.0% (1 of 1; 95% CI 20.7%–100.0%)"
    assert rows["its account ads given their rung, as is"] == "1 of 1"
    assert "development split" not in " ".join(rows)  # absent sets are left out, not invented
    assert result.errors == []


def test_brier_and_reliability_are_computed_from_the_probabilities():
    scored = [
        generalization.Scored("s", "a", "none", "none", 0.2),
        generalization.Scored("s", "b", "account_manager", "account_manager", 0.9),
        generalization.Scored("s", "c", "none", "account_manager", 0.95),
    ]
    assert generalization.brier(scored) == pytest.approx((0.04 + 0.01 + 0.9025) / 3)
    bins = {b: (n, share) for b, n, _, share in generalization.reliability(scored)}
    assert bins["0.1–0.3"] == (1, 0.0)
    assert bins["0.9–1.0"] == (2, 0.5)


def test_the_script_says_skipped_without_the_data(tmp_path, capsys):
    assert generalization.main(["--benchmark", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_the_macro_f1_interval_widens_as_the_set_shrinks():
    from matcher.scoring.evaluate import ItemResult

    stats = load_script(Path("benchmarks/stats.py"), "benchmarks_stats")
    # Four rungs, one in four predictions wrong, at two sizes: the interval holds the figure and
    # is narrower for the larger set.
    labels = ["none", "account_coordinator", "account_executive", "account_manager"]

    def items(n):
        return [ItemResult(str(i), "resume", labels[i % 4], labels[(i + (i % 4 == 0)) % 4], (0.0, 0.0, 0.0))
                for i in range(n)]  # fmt: skip

    small, large = stats.bootstrap_macro_f1(items(20)), stats.bootstrap_macro_f1(items(400))
    assert small[0] < large[0] <= large[1] < small[1]
    assert stats.bootstrap_macro_f1(items(400)) == large  # seeded: the table reads the same each run
