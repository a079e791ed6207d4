"""benchmarks/pattern_gaps.py: account documents with few pattern skills once titles are masked,
their sentences without a skill, and the duty classes those sentences fall in."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "benchmarks_pattern_gaps", ROOT / "benchmarks" / "pattern_gaps.py"
)
pattern_gaps = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = pattern_gaps
spec.loader.exec_module(pattern_gaps)

THIN = """\
EXPERIENCE
Account Manager | Northwind Supply | 2019 - 2024
• I look after the stores that buy from us and visit them every week.
• Weekly visits to each store with a territory map.
"""
RICH = """\
EXPERIENCE
Account Manager | Northwind Supply | 2019 - 2024
• Managed a book of business of 40 key accounts.
• Negotiated renewals and upsold new services; ran quarterly business reviews.
• Built lasting relationships with buyers; reached 120% of quota.
"""


def _labels(tmp_path: Path) -> Path:
    (tmp_path / "thin.txt").write_text(THIN, encoding="utf-8")
    (tmp_path / "rich.txt").write_text(RICH, encoding="utf-8")
    (tmp_path / "other.txt").write_text(THIN, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "path,kind,label\nthin.txt,resume,account_manager\nrich.txt,resume,account_manager\n"
        "other.txt,resume,none\n",
        encoding="utf-8",
    )
    return labels


def test_benchmarks_pattern_gaps_lists_thin_account_documents(tmp_path):
    total, found = pattern_gaps.gaps(_labels(tmp_path))
    assert total == 2  # the "none" document is not an account document
    assert [g.id for g in found] == ["thin.txt"]
    (gap,) = found
    assert any("look after the stores" in s for s in gap.sentences)
    assert pattern_gaps.class_counts(found)["territory"] == 1


def test_benchmarks_pattern_gaps_sentences_skip_skill_spans():
    text = "Ran quarterly business reviews with clients. Visited every store each week."
    start = text.index("quarterly")
    assert pattern_gaps.unmatched_sentences(text, [(start, start + 26)]) == [
        "Visited every store each week."
    ]


def test_benchmarks_pattern_gaps_prints_the_table(tmp_path, capsys):
    assert pattern_gaps.main(["--labels", str(_labels(tmp_path)), "--sentences"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 of 2 account documents have at most 2 pattern skills")
    assert "| territory | 1 |" in out
    assert "## thin.txt (account_manager)" in out
