"""How well position titles are read from real resume PDFs (``../shared/benchmark``).

    python benchmarks/positions_coverage.py [--benchmark DIR] [--dump FILE.jsonl]

For ``none_resumes/*.pdf`` and the development split's ``resumes/*.pdf`` it prints, as
markdown: documents, positions, the share of positions with a title, the share whose title
holds the source's anonymisation placeholders ("Company Name", "City", "State": the employer
or the place was read into the title, a mis-split), and the share of recent positions (the
latest, and any ending within ``RECENT_MONTHS`` of it, as the occupation guard reads them)
whose title maps to an occupation with confidence ≥ ``OCCUPATION_CONFIDENCE``.

The placeholders are only counted here, as a proxy: the library never looks for them.
``--dump`` writes every position (file, title, employer, occupation) as JSON lines, for
reading the layouts behind the misses. Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCHMARK = REPO.parent / "shared" / "benchmark"
SETS = ("none_resumes", "resumes")
PLACEHOLDER = re.compile(r"\b(?:Company Name|City|State)\b")


@dataclass(slots=True)
class Tally:
    documents: int = 0
    unreadable: int = 0
    positions: int = 0
    titled: int = 0
    misplit: int = 0
    recent: int = 0
    recent_mapped: int = 0
    rows: list[dict] = field(default_factory=list)


def _recent(positions: tuple, as_of: date | None) -> list:
    """The latest position and those ending within ``RECENT_MONTHS`` of it."""
    from matcher.scoring.features import RECENT_MONTHS

    def ended(position) -> date | None:  # noqa: ANN001
        return (as_of if position.current else None) or position.end or position.start

    ordered = sorted(
        positions,
        key=lambda p: (date.max if p.current else (p.end or p.start or date.min), p.start or date.min),
        reverse=True,
    )
    if not ordered:
        return []
    latest = ended(ordered[0])
    return [
        p for p in ordered
        if p is ordered[0] or (latest and ended(p) and (latest - ended(p)).days <= RECENT_MONTHS * 30.5)
    ]


def measure(folder: Path) -> Tally:
    from matcher.errors import UnreadableDocument
    from matcher.extract.occupations import occupation_of
    from matcher.pipeline import profile, read
    from matcher.scoring.features import OCCUPATION_CONFIDENCE

    tally = Tally()
    for path in sorted(folder.glob("*.pdf")):
        tally.documents += 1
        try:
            prof = profile(read(path), kind="resume")
        except UnreadableDocument:
            tally.unreadable += 1
            continue
        recent = {id(p) for p in _recent(prof.positions, prof.as_of)}
        for position in prof.positions:
            tally.positions += 1
            title = position.title
            tally.titled += bool(title)
            tally.misplit += bool(PLACEHOLDER.search(title))
            occupation = occupation_of(title) if title else None
            mapped = bool(occupation and occupation.code and occupation.confidence >= OCCUPATION_CONFIDENCE)
            if id(position) in recent:
                tally.recent += 1
                tally.recent_mapped += mapped
            tally.rows.append({
                "file": path.name, "title": title, "employer": position.employer,
                "recent": id(position) in recent, "mapped": mapped,
                "occupation": occupation.label if occupation else None,
                "evidence": position.evidence.text if position.evidence else None,
            })
    return tally


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
    parser.add_argument("--dump", type=Path, help="write every position as JSON lines")
    args = parser.parse_args(argv)
    folders = [args.benchmark / name for name in SETS if (args.benchmark / name).is_dir()]
    if not folders:
        print(f"skipped: no benchmark data in {args.benchmark}")
        return 0
    print("| set | documents | positions | with a title | title holds employer/place | recent titles → occupation |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    began = time.perf_counter()
    for folder in folders:
        tally = measure(folder)
        print(f"| {folder.name} | {tally.documents} ({tally.unreadable} unreadable) | {tally.positions} "
              f"| {_share(tally.titled, tally.positions)} | {_share(tally.misplit, tally.positions)} "
              f"| {_share(tally.recent_mapped, tally.recent)} |")
        for row in tally.rows if dump else ():
            dump.write(json.dumps({"set": folder.name, **row}, ensure_ascii=False) + "\n")
    if dump:
        dump.close()
    print(f"\n({time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
