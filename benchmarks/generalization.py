"""How role fit holds on real documents it has never seen: false alarms, the development split,
and how well its account-work probability is calibrated.

    python benchmarks/generalization.py                   # the table, ~2 minutes on 2 cores
    python benchmarks/generalization.py --errors          # and the false alarms, by class
    python benchmarks/run.py --only generalization        # the same rows in the full table

Sets, all from ``../shared/benchmark`` (or ``--benchmark DIR``), never trained on:

- ``none_resumes/`` (``none_resumes.csv``): real resumes of people far from client work;
  every one should get no rung;
- ``real_ads_dev.jsonl``: real job ads; those labelled ``none`` should get no rung, as is and
  with account titles masked, and the few with an account rung should get it as is;
- the development split (``resumes.csv`` + ``postings.jsonl``): macro-F1 as is and masked,
  and its ``none`` documents without a rung.

Calibration: a document's account-work probability is the sum of its three rung fits. Its
Brier score against "is account work" is given per set, and a reliability table pools the
sets (each bin: documents, mean probability, share that is account work). Occupation
coverage, when the pipeline recognises occupations, is the share of ad titles and resume
headlines mapped to a known occupation.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import bootstrap_macro_f1, wilson  # noqa: E402 - a sibling script's module

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCHMARK = REPO.parent / "shared" / "benchmark"
TARGETS = {
    "none_resumes": "≥ 99%",
    "ads_none": "≥ 99%",
    "ads_rung": "all",
    "as_is": "≥ 0.90",
    "masked": "≥ 0.75",
    "dev_none": "100%",
}
BINS = (0.0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0001)


@dataclass(frozen=True, slots=True)
class Scored:
    """One document's outcome: what it is, what it got, and its account-work probability."""

    set: str
    id: str
    label: str
    predicted: str
    p_account: float
    group: str = ""
    """The document's class in its set (a resume's category, an ad's title), for reading errors."""
    occupation: str = ""


def false_alarm_items(benchmark: Path):
    """(resumes, ads): the labelled items of ``none_resumes`` and ``real_ads_dev``, each with
    its class for reading errors (category or title)."""
    from matcher.scoring.evaluate import LabelledDocument, postings_documents

    resumes, ads = [], []
    table = benchmark / "none_resumes.csv"
    if table.is_file():
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                resumes.append(
                    (
                        LabelledDocument(
                            row["file"], "resume", "none", path=benchmark / row["file"]
                        ),
                        row.get("category") or "",
                    )
                )
    jsonl = benchmark / "real_ads_dev.jsonl"
    if jsonl.is_file():
        ads = [(item, item.title or "") for item in postings_documents(jsonl)]
    return resumes, ads


def score(items, *, name: str, masked: bool = False) -> list[Scored]:
    """Read, profile and fit every item (a read error counts as no rung, probability 0)."""
    from matcher.errors import UnreadableDocument
    from matcher.extract.profile import build_profile
    from matcher.scoring.evaluate import read_labelled
    from matcher.scoring.fit import fit_roles

    out = []
    for item, group in items:
        try:
            document = read_labelled(item, masked=masked)
        except UnreadableDocument:
            out.append(Scored(name, item.id, item.label, "none", 0.0, group))
            continue
        profile = build_profile(document, kind=item.kind)
        fit = fit_roles(profile)
        occupation = getattr(profile, "occupation", None)
        out.append(
            Scored(
                name,
                item.id,
                item.label,
                fit.best or "none",
                sum(r.score for r in fit.rungs) / 100,
                group,
                _occupation_words(occupation),
            )
        )
    return out


def _occupation_words(occupation) -> str:  # noqa: ANN001
    if occupation is None or getattr(occupation, "code", None) is None:
        return ""
    return f"{occupation.label} ({occupation.code})"


def brier(scored: Sequence[Scored]) -> float:
    """Mean squared error of the account-work probability against the label."""
    if not scored:
        return float("nan")
    return sum((s.p_account - (s.label != "none")) ** 2 for s in scored) / len(scored)


def reliability(scored: Sequence[Scored]) -> list[tuple[str, int, float, float]]:
    """Per probability bin: (bin, documents, mean probability, share that is account work)."""
    rows = []
    for lo, hi in zip(BINS, BINS[1:]):
        inside = [s for s in scored if lo <= s.p_account < hi]
        if not inside:
            continue
        mean = sum(s.p_account for s in inside) / len(inside)
        share = sum(s.label != "none" for s in inside) / len(inside)
        rows.append((f"{lo:.1f}–{min(hi, 1.0):.1f}", len(inside), mean, share))
    return rows


def no_rung(scored: Sequence[Scored]) -> tuple[int, int]:
    none = [s for s in scored if s.label == "none"]
    return sum(s.predicted == "none" for s in none), len(none)


def _share(kept: int, total: int) -> str:
    """"99.3% (570 of 574; 95% CI 98.2–99.7%)": the share with its Wilson interval."""
    if not total:
        return "—"
    low, high = wilson(kept, total)
    return f"{kept / total:.1%} ({kept} of {total}; 95% CI {low:.1%}–{high:.1%})"


@dataclass(frozen=True, slots=True)
class Result:
    rows: list[tuple[str, str, str]]
    """(measurement, result, target)"""
    reliability: list[tuple[str, int, float, float]]
    errors: list[Scored]


def measure(benchmark: Path) -> Result:
    """Every row of the table; rows whose data is absent say so."""
    from matcher.scoring.evaluate import benchmark_documents, evaluate

    rows: list[tuple[str, str, str]] = []
    pooled: list[Scored] = []
    errors: list[Scored] = []
    resumes, ads = false_alarm_items(benchmark)
    if resumes:
        got = score(resumes, name="none_resumes")
        kept, total = no_rung(got)
        rows.append(("real non-account resumes given no rung (none_resumes)",
                     _share(kept, total), TARGETS["none_resumes"]))  # fmt: skip
        rows.append(("  Brier score of account-work probability, none_resumes",
                     f"{brier(got):.4f}", "lower is better"))  # fmt: skip
        pooled += got
        errors += [s for s in got if s.predicted != "none"]
        rows += coverage_rows(got, name="none_resumes documents")
    if ads:
        for masked in (False, True):
            view = "title-masked" if masked else "as is"
            got = score(ads, name=f"real_ads_dev {view}", masked=masked)
            kept, total = no_rung(got)
            rows.append((f"real non-account ads given no rung, {view} (real_ads_dev)",
                         _share(kept, total), TARGETS["ads_none"]))  # fmt: skip
            if not masked:
                rung = [s for s in got if s.label != "none"]
                right = sum(s.predicted == s.label for s in rung)
                rows.append(("  its account ads given their rung, as is",
                             f"{right} of {len(rung)}", TARGETS["ads_rung"]))  # fmt: skip
                rows.append(("  Brier score of account-work probability, real_ads_dev as is",
                             f"{brier(got):.4f}", "lower is better"))  # fmt: skip
                pooled += got
                rows += coverage_rows(got, name="real_ads_dev ads")
            errors += [s for s in got if s.label == "none" and s.predicted != "none"]
    if (benchmark / "resumes.csv").is_file() or (benchmark / "postings.jsonl").is_file():
        items = benchmark_documents(benchmark)
        views = {e.mode: e for e in evaluate(items)}
        for mode, view in (("as_is", "as is"), ("masked", "title-masked")):
            low, high = bootstrap_macro_f1(views[mode].items)
            rows.append((f"development split macro-F1, {view} ({len(items)} documents)",
                         f"{views[mode].macro_f1:.3f} (95% bootstrap {low:.2f}–{high:.2f})", TARGETS[mode]))  # fmt: skip
        rows.append(("development split 'none' documents given no rung, as is / masked",
                     " / ".join(f"{views[m].none_without_rung:.1%}" for m in views),
                     TARGETS["dev_none"]))  # fmt: skip
        dev = [
            Scored("dev", r.id, r.label, r.predicted, sum(r.scores) / 100)
            for r in views["as_is"].items
        ]
        rows.append(("  Brier score of account-work probability, development split as is",
                     f"{brier(dev):.4f}", "lower is better"))  # fmt: skip
        pooled += dev
    return Result(rows, reliability(pooled), errors)


def coverage_rows(scored: Sequence[Scored], *, name: str) -> list[tuple[str, str, str]]:
    """The share of documents whose own occupation (a resume's headline or latest position,
    an ad's title) the pipeline maps to a known occupation."""
    known = sum(bool(s.occupation) for s in scored)
    return [(f"  {name} mapped to a known occupation", _share(known, len(scored)), "")]


def render(result: Result) -> str:
    lines = ["| measurement | result | target |", "| --- | --- | --- |"]
    lines += [f"| {m} | {r} | {t} |" for m, r, t in result.rows]
    if result.reliability:
        lines += [
            "",
            "Reliability of the account-work probability (all sets above, as is, pooled):",
            "",
            "| probability | documents | mean probability | share that is account work |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| {b} | {n} | {m:.3f} | {s:.3f} |" for b, n, m, s in result.reliability]
    return "\n".join(lines)


def render_errors(errors: Sequence[Scored]) -> str:
    by_class = Counter((e.set, e.group) for e in errors)
    lines = ["", f"False alarms: {len(errors)}", ""]
    for (name, group), count in sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"- {name}: {group or '?'} × {count}")
    lines.append("")
    for e in sorted(errors, key=lambda e: (e.set, -e.p_account)):
        lines.append(f"  {e.set}  {e.id}  {e.group!r} → {e.predicted} ({e.p_account:.0%})"
                     f"{'  occupation ' + e.occupation if e.occupation else ''}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
    parser.add_argument("--errors", action="store_true", help="list the false alarms by class")
    args = parser.parse_args(argv)
    if not args.benchmark.is_dir():
        print(f"skipped: no benchmark data in {args.benchmark}")
        return 0
    result = measure(args.benchmark)
    print(render(result))
    if args.errors:
        print(render_errors(result.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
