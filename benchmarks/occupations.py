"""Occupation coverage and accuracy on real titles (``../shared/benchmark``).

    python benchmarks/occupations.py [--benchmark DIR] [--no-pdfs] [--sample 100] [--seed 12]

Prints, as markdown:

- coverage: the share of ``real_ads_dev.jsonl`` titles, of ``none_resumes.csv`` headlines
  (the resume's first line as the source recorded it) and of the occupations the pipeline
  finds for ``none_resumes/*.pdf`` (``Profile.occupation``) that are an occupation, not
  unknown, with the methods and the relation counts;
- the hand-checked sample: the first ``--sample`` distinct mapped titles of the first two sets
  in the order of a hash keyed by ``--seed``, title → code and label; the verdicts a person wrote into
  ``benchmarks/occupation_check.csv`` (title, code, label, verdict, comment; verdict ``ok``,
  ``close`` or ``wrong``) give the accuracy. A title whose mapping changed since it was
  checked is listed as unchecked. ``--write-sample`` writes the sample to that CSV with empty
  verdicts, keeping the verdicts already given for unchanged mappings.

``--mixed`` draws another kind of sample, for checking code AND relation: half from the
``real_ads_dev.jsonl`` titles, half from the occupations the pipeline finds for the
documents (``none_resumes/*.pdf`` and the development split's ``resumes/*.pdf`` and
``postings.jsonl``), each half by a hash keyed by ``--seed``. Its check file (``--check``)
has the columns source, title (what was matched), document, code, label, relation, verdict,
relation_verdict (``ok`` or ``wrong``: is the occupation far from client account work, a
neighbour such as sales, customer service or marketing, or account work?) and comment.
The committed ones: ``occupation_check_s2.csv`` (``--seed 2``, checked before the fixes of
taxonomy 2026.12.3) and ``occupation_check_s3.csv`` (``--seed 3``, drawn and checked after
them).

Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark"
CHECK = ROOT / "benchmarks" / "occupation_check.csv"
CHECK_FIELDS = ("title", "code", "label", "verdict", "comment")
MIXED_FIELDS = ("source", "title", "document", "code", "label", "relation", "verdict", "relation_verdict", "comment")


def _titles(benchmark: Path) -> tuple[list[str], list[str]]:
    with open(benchmark / "real_ads_dev.jsonl", encoding="utf-8") as handle:
        ads = [json.loads(line)["title"] for line in handle if line.strip()]
    with open(benchmark / "none_resumes.csv", newline="", encoding="utf-8") as handle:
        headlines = [row["headline"] for row in csv.DictReader(handle)]
    return ads, headlines


def _pdf_occupations(benchmark: Path):  # noqa: ANN202
    from matcher.errors import UnreadableDocument
    from matcher.extract.profile import build_profiles
    from matcher.readers import read_document

    documents = []
    for path in sorted((benchmark / "none_resumes").glob("*.pdf")):
        try:
            documents.append(read_document(path))
        except UnreadableDocument:
            documents.append(None)
    readable = [d for d in documents if d is not None]
    return [p.occupation for p in build_profiles(readable, kind="resume")], len(documents) - len(readable)


def _pipeline_occupations(benchmark: Path) -> list[tuple[str, str, object]]:
    """(source, document id, Profile.occupation) for every readable document of
    ``none_resumes/`` and of the development split (resumes and postings)."""
    from matcher.errors import UnreadableDocument
    from matcher.extract.profile import build_profile
    from matcher.scoring.evaluate import benchmark_documents, read_labelled

    items = [("none_resumes", p.name, p, "resume") for p in sorted((benchmark / "none_resumes").glob("*.pdf"))]
    out = []
    for source, name, path, kind in items:
        try:
            from matcher.readers import read_document

            document = read_document(path)
        except UnreadableDocument:
            continue
        out.append((source, name, build_profile(document, kind=kind).occupation))
    for item in benchmark_documents(benchmark):
        try:
            document = read_labelled(item)
        except UnreadableDocument:
            continue
        out.append(("dev_" + item.kind, item.id, build_profile(document, kind=item.kind).occupation))
    return out


def _keyed(seed: int, text: str) -> str:
    return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()


def mixed_sample(benchmark: Path, seed: int, size: int, check: Path, write: bool) -> None:
    """The ``--mixed`` sample (see the module doc), printed with the verdicts of ``check``."""
    from matcher.extract.occupations import occupation_of

    ads, _ = _titles(benchmark)
    ad_titles = sorted({t for t in ads if (o := occupation_of(t)) and o.method != "unknown"})
    half = size // 2
    rows = [{"source": "real_ads_dev", "title": t, "document": "", "occupation": occupation_of(t)}
            for t in sorted(ad_titles, key=lambda t: _keyed(seed, t))[:half]]  # fmt: skip
    seen: dict[str, dict] = {}
    for source, document, occ in _pipeline_occupations(benchmark):
        if occ is not None and occ.method != "unknown" and occ.code and occ.matched not in seen:
            seen[occ.matched] = {"source": source, "title": occ.matched, "document": document, "occupation": occ}
    rows += [seen[t] for t in sorted(seen, key=lambda t: _keyed(seed, t))[: size - half]]
    old = {}
    if check.is_file():
        with open(check, newline="", encoding="utf-8") as handle:
            old = {(r["source"], r["title"]): r for r in csv.DictReader(handle)}
    counts: Counter[str] = Counter()
    out = []
    print(f"\nMixed sample of {len(rows)} (seed {seed}): {half} ad titles, {len(rows) - half} pipeline occupations\n")
    print("| source | title | occupation | method | relation | verdict | relation verdict |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        occ = row["occupation"]
        was = old.get((row["source"], row["title"]))
        same = was is not None and was["code"] == occ.code and was["relation"] == occ.relation
        verdict = was["verdict"] if same else ""
        relation_verdict = was["relation_verdict"] if same else ""
        counts[verdict or "unchecked"] += 1
        counts["rel_" + (relation_verdict or "unchecked")] += 1
        out.append({"source": row["source"], "title": row["title"], "document": row["document"], "code": occ.code,
                    "label": occ.label, "relation": occ.relation, "verdict": verdict,
                    "relation_verdict": relation_verdict, "comment": was["comment"] if same else ""})  # fmt: skip
        print(f"| {row['source']} | {row['title']} | {occ.code} {occ.label} | {occ.method} {occ.confidence:.2f} | "
              f"{occ.relation} | {verdict or '?'} | {relation_verdict or '?'} |")  # fmt: skip
    checked = counts["ok"] + counts["close"] + counts["wrong"]
    if checked:
        print(f"\ncode, hand-checked {checked}: ok {counts['ok']}, close {counts['close']}, wrong {counts['wrong']}; "
              f"accuracy (ok) {counts['ok'] / checked:.0%}, ok or close {(counts['ok'] + counts['close']) / checked:.0%}")
    rel = counts["rel_ok"] + counts["rel_wrong"]
    if rel:
        print(f"relation, hand-checked {rel}: ok {counts['rel_ok']}, wrong {counts['rel_wrong']}; "
              f"accuracy {counts['rel_ok'] / rel:.0%}")
    print(f"unchecked: code {counts['unchecked']}, relation {counts['rel_unchecked']}")
    if write:
        with open(check, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=MIXED_FIELDS)
            writer.writeheader()
            writer.writerows(out)
        print(f"wrote {check}", file=sys.stderr)


def _row(name: str, occupations: list) -> str:  # noqa: ANN001
    known = [o for o in occupations if o is not None and o.method != "unknown"]
    methods = Counter(o.method if o is not None else "none" for o in occupations)
    relations = Counter(o.relation if o is not None else "none" for o in occupations)
    share = len(known) / len(occupations) if occupations else 0.0
    return (f"| {name} | {len(occupations)} | {len(known)} ({share:.1%}) | "
            f"{', '.join(f'{k} {v}' for k, v in methods.most_common())} | "
            f"{', '.join(f'{k} {v}' for k, v in relations.most_common())} |")  # fmt: skip


def _read_checks() -> dict[str, dict[str, str]]:
    if not CHECK.is_file():
        return {}
    with open(CHECK, newline="", encoding="utf-8") as handle:
        return {row["title"]: row for row in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT)
    parser.add_argument("--no-pdfs", action="store_true", help="skip the pipeline over none_resumes/*.pdf")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--write-sample", action="store_true", help=f"write the sample to {CHECK.name}")
    parser.add_argument("--mixed", action="store_true", help="draw the mixed sample (ads + pipeline), code and relation")
    parser.add_argument("--check", type=Path, default=None, help="the --mixed sample's check file")
    args = parser.parse_args(argv)
    if not (args.benchmark / "real_ads_dev.jsonl").is_file():
        print(f"skipped: {args.benchmark} is absent")
        return 0
    if args.mixed:
        check = args.check or ROOT / "benchmarks" / f"occupation_check_s{args.seed}.csv"
        mixed_sample(args.benchmark, args.seed, args.sample, check, args.write_sample)
        return 0
    from matcher.extract.occupations import load_occupations, occupation_of

    started = time.perf_counter()
    load_occupations()
    loaded = time.perf_counter() - started
    ads, headlines = _titles(args.benchmark)
    started = time.perf_counter()
    ad_occ = [occupation_of(t) for t in ads]
    head_occ = [occupation_of(t) for t in headlines]
    lookups = time.perf_counter() - started
    print(f"index loaded in {loaded * 1000:.0f} ms; {len(ads) + len(headlines)} lookups in {lookups * 1000:.0f} ms\n")
    print("| set | items | mapped (not unknown) | methods | relations |")
    print("|---|---|---|---|---|")
    print(_row("real_ads_dev.jsonl titles", ad_occ))
    print(_row("none_resumes.csv headlines (first line)", head_occ))
    if not args.no_pdfs:
        pdf_occ, unreadable = _pdf_occupations(args.benchmark)
        print(_row(f"none_resumes/*.pdf, Profile.occupation ({unreadable} unreadable)", pdf_occ))

    mapped = sorted({t for t, o in zip([*ads, *headlines], [*ad_occ, *head_occ]) if o and o.method != "unknown"})
    # Ordered by a keyed hash, not drawn from the list: a title keeps its place in the order
    # when other titles become mapped or unmapped, so a checked sample stays checked.
    order = sorted(mapped, key=lambda t: hashlib.sha256(f"{args.seed}:{t}".encode()).hexdigest())
    sample = order[: args.sample]
    checks = _read_checks()
    verdicts: Counter[str] = Counter()
    rows = []
    print(f"\nSample of {len(sample)} distinct mapped titles (seed {args.seed}):\n")
    print("| title | occupation | method | verdict |")
    print("|---|---|---|---|")
    for title in sample:
        found = occupation_of(title)
        check = checks.get(title)
        verdict = check["verdict"] if check and check["code"] == found.code else ""
        verdicts[verdict or "unchecked"] += 1
        rows.append({"title": title, "code": found.code, "label": found.label, "verdict": verdict,
                     "comment": check["comment"] if check and verdict else ""})  # fmt: skip
        print(f"| {title} | {found.code} {found.label} | {found.method} {found.confidence:.2f} | {verdict or '?'} |")
    checked = verdicts["ok"] + verdicts["close"] + verdicts["wrong"]
    if checked:
        print(f"\nhand-checked {checked}: ok {verdicts['ok']}, close {verdicts['close']}, wrong {verdicts['wrong']};"
              f" accuracy (ok) {verdicts['ok'] / checked:.0%}, ok or close {(verdicts['ok'] + verdicts['close']) / checked:.0%}"
              f"; unchecked {verdicts['unchecked']}")  # fmt: skip
    if args.write_sample:
        with open(CHECK, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CHECK_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {CHECK}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
