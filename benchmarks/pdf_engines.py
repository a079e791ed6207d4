"""PDFium vs pdfminer.six on the real resume PDFs: speed and text quality, as a markdown table.

    python benchmarks/pdf_engines.py [--repeat 3]

Reads ``../shared/benchmark/resumes/*.pdf`` (relative to the repository root) and skips
cleanly when that folder is absent. Without a hand-made transcript, quality is measured by
agreement between independent extractors, per document, then averaged:

- *words confirmed*: share of an engine's words that the other engine also extracted for
  the same document (a glued "verbaland" or split "manage ment" is confirmed by neither);
- *long tokens*: letter runs of 16+ characters per 1,000 words, a symptom of lost spaces;
- *order*: similarity of the two word sequences (difflib ratio): 1.0 means the same reading
  order; it cannot say which engine is right, only whether they disagree;
- *sections*: headings recognised per document, a proxy for clean line breaks.

Rows: each engine through ``read_document`` (layout, hidden-text checks, normalisation and
sections included), and PDFium's own text without our word-gap and column handling, the
baseline that motivated them.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARK = REPO.parent / "shared" / "benchmark" / "resumes"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LONG = re.compile(r"[^\W\d_]{16,}")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _raw_pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        pdf.close()


def _time(function, paths: list[Path], repeat: int) -> tuple[list[str], float]:  # noqa: ANN001
    texts = [function(p) for p in paths]  # warm-up, and the texts to compare
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for path in paths:
            function(path)
        best = min(best, time.perf_counter() - started)
    return texts, 1000 * best / len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best is kept)")
    args = parser.parse_args(argv)
    paths = sorted(BENCHMARK.glob("*.pdf"))
    if not paths:
        print(f"skipped: no PDFs in {BENCHMARK}")
        return 0
    sys.path.insert(0, str(REPO))
    from matcher.extract.sections import find_sections
    from matcher.readers import read_document

    runs = {
        "pdfium (default)": lambda p: read_document(p, pdf_engine="pdfium").text,
        "pdfminer.six": lambda p: read_document(p, pdf_engine="pdfminer").text,
        "pdfium, raw text": _raw_pdfium,
    }
    texts: dict[str, list[str]] = {}
    speed: dict[str, float] = {}
    for name, function in runs.items():
        texts[name], speed[name] = _time(function, paths, args.repeat)
    reference = {"pdfium (default)": "pdfminer.six", "pdfminer.six": "pdfium (default)",
                 "pdfium, raw text": "pdfminer.six"}  # fmt: skip
    pages = sum(_page_count(p) for p in paths)
    print(f"{len(paths)} resume PDFs ({pages} pages) from {BENCHMARK.parent.name}/resumes; "
          f"best of {args.repeat} passes.\n")  # fmt: skip
    print("| extraction | ms / document | words confirmed by the other engine | "
          "long tokens / 1k words | order agreement | sections / document |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in runs:
        other = reference[name]
        confirmed, long_rate, order, sections = [], [], [], []
        for mine, theirs in zip(texts[name], texts[other]):
            words, others = _words(mine), _words(theirs)
            pool = Counter(others)
            hits = sum(min(n, pool[w]) for w, n in Counter(words).items())
            confirmed.append(hits / max(1, len(words)))
            long_rate.append(1000 * len(_LONG.findall(mine)) / max(1, len(words)))
            order.append(SequenceMatcher(None, words, others, autojunk=False).ratio())
            sections.append(len(find_sections(mine, kind="resume")))
        print(f"| {name} | {speed[name]:.1f} | {statistics.mean(confirmed):.1%} | "
              f"{statistics.mean(long_rate):.1f} | {statistics.mean(order):.3f} | "
              f"{statistics.mean(sections):.1f} |")  # fmt: skip
    ratio = speed["pdfminer.six"] / speed["pdfium (default)"]
    print(f"\npdfium (default) reads a resume {ratio:.0f}x faster than pdfminer.six.")
    return 0


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


if __name__ == "__main__":
    raise SystemExit(main())
