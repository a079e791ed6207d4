"""The project's own job ads under samples/ads/: labelled, balanced, varied, original, in sync.

The role-fit model trains on these ads, so an unlabelled file, a class below its minimum, two
near-copies of one ad, a sentence lifted from the benchmark or a batch demo file that drifted
from its source text would each quietly weaken, skew or contaminate the shipped model.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ADS = SAMPLES / "ads"
LABELS = SAMPLES / "labels.csv"
SHARED = ROOT.parent / "shared"
CLASSES = {"account_coordinator", "account_executive", "account_manager", "none"}
MINIMUM = {"account_coordinator": 25, "account_executive": 25, "account_manager": 25, "none": 40}
AD_SUFFIXES = {".txt", ".md", ".html"}
# Role families the brief asks the negatives to cover; hard negatives share words with the rungs.
ACCOUNTING_ROLES = re.compile(r"accountant|accounting|accounts_|audit|tax|bookkeep|payroll|billing|controller")
NEAR_DUPLICATE = 0.5


@functools.cache
def _build_ads():
    """samples/build_ads.py is a script, not a package module: load it by path, once."""
    return load_script(SAMPLES / "build_ads.py", "samples_build_ads")


@functools.cache
def _ad_rows() -> tuple[dict[str, str], ...]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return tuple(row for row in csv.DictReader(handle) if row["kind"] == "job_ad")


@functools.cache
def _texts() -> dict[str, str]:
    return {row["path"]: (SAMPLES / row["path"]).read_text(encoding="utf-8") for row in _ad_rows()}


def _words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # markup is not wording
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_samples_ads_every_file_is_labelled_and_every_label_has_a_file():
    on_disk = {f"ads/{path.name}" for path in ADS.iterdir() if path.is_file()}
    labelled = [row["path"] for row in _ad_rows()]
    assert len(labelled) == len(set(labelled)), "an ad is labelled twice in labels.csv"
    assert sorted(on_disk - set(labelled)) == [], "ad files without a labels.csv row"
    assert sorted(set(labelled) - on_disk) == [], "labels.csv rows whose ad file is missing"


@pytest.mark.parametrize("row", _ad_rows(), ids=lambda row: row["path"])
def test_samples_ads_rows_are_well_formed(row):
    assert row["label"] in CLASSES
    assert Path(row["path"]).suffix in AD_SUFFIXES
    assert row["role"] and row["industry"], "role and industry let the trainer stratify"
    assert len(_words(_texts()[row["path"]])) >= 20, "too short to carry any evidence"


@pytest.mark.parametrize("label", sorted(MINIMUM))
def test_samples_ads_each_class_meets_its_minimum(label):
    counts = Counter(row["label"] for row in _ad_rows())
    assert counts[label] >= MINIMUM[label], f"{label}: {counts[label]} ads, need {MINIMUM[label]}"


def test_samples_ads_negatives_include_accounting_hard_cases():
    accounting = [row for row in _ad_rows()
                  if row["label"] == "none" and ACCOUNTING_ROLES.search(row["role"])]
    assert len(accounting) >= 8, [row["role"] for row in accounting]


def test_samples_ads_vary_in_length_format_and_industry():
    lengths = sorted(len(_words(text)) for text in _texts().values())
    suffixes = Counter(Path(path).suffix for path in _texts())
    industries = {row["industry"] for row in _ad_rows()}
    assert lengths[0] <= 60 and lengths[-1] >= 700, (lengths[0], lengths[-1])
    assert suffixes[".md"] >= 5 and suffixes[".html"] >= 2, suffixes
    assert len(industries) >= 10, industries


@pytest.mark.parametrize("label", sorted(CLASSES - {"none"}))
def test_samples_ads_each_rung_has_titles_without_account(label):
    # Many real titles never say "account" (client partner, key client lead); the model must see some.
    plain = [row for row in _ad_rows() if row["label"] == label and "account" not in row["role"]]
    assert len(plain) >= 4, f"{label}: only {len(plain)} ads with titles that avoid 'account'"


def test_samples_ads_have_no_near_duplicates():
    shingles = {path: _shingles(text, 5) for path, text in _texts().items()}
    close = []
    for (a, sa), (b, sb) in combinations(shingles.items(), 2):
        if sa and sb and len(sa & sb) / len(sa | sb) >= NEAR_DUPLICATE:
            close.append((a, b))
    assert close == []


@pytest.mark.parametrize("source", ["benchmark", "seeds"])
def test_samples_ads_copy_no_wording_from_shared_data(source):
    # Facts may carry over from the seeds; sentences may not, and the benchmark must stay unseen.
    base = SHARED / source
    if not base.is_dir():
        pytest.skip(f"{base} not present")
    files = [base / "postings.jsonl"] if source == "benchmark" else sorted(base.glob("*.txt"))
    theirs: set[tuple[str, ...]] = set()
    for path in files:
        theirs |= _shingles(path.read_text(encoding="utf-8"), 12)
    copied = {path: len(_shingles(text, 12) & theirs) for path, text in _texts().items()}
    assert {path: n for path, n in copied.items() if n} == {}


def test_samples_ads_batch_files_match_build_ads(tmp_path):
    module = _build_ads()
    module.build(tmp_path)
    for name in ("ads.jsonl", "ads.csv"):
        assert (SAMPLES / name).read_bytes() == (tmp_path / name).read_bytes(), \
            f"samples/{name} is stale: run python samples/build_ads.py"


def test_samples_ads_batch_metadata_is_true_to_the_text():
    module = _build_ads()
    labelled = {row["path"] for row in _ad_rows()}
    assert 15 <= len(module.BATCH) <= 30
    for name, title, company in module.BATCH:
        assert f"ads/{name}" in labelled
        text = (ADS / name).read_text(encoding="utf-8")
        assert title in text and company in text, name
    with (SAMPLES / "ads.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == [Path(name).stem for name, _, _ in module.BATCH]
    assert rows[0]["description"] == (ADS / module.BATCH[0][0]).read_text(encoding="utf-8")
