"""How long the NLP stage takes per document: cold start, ``nlp.pipe`` and ``build_profiles``.

    python benchmarks/profile_speed.py [FOLDER ...]

Defaults to the project's own samples (``samples/resumes/*.txt``, ``samples/ads/*.txt``) and,
when present, the real resume PDFs in ``../shared/benchmark/resumes`` (read once, timed
separately from the NLP). Prints CPU ms per document and documents per second on one core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = ROOT.parent / "shared" / "benchmark" / "resumes"


def _time(label: str, texts: list, run) -> None:  # noqa: ANN001
    # CPU time, not wall time: on a shared machine other processes' load would show as ours.
    began = time.process_time()
    run()
    elapsed = time.process_time() - began
    chars = sum(len(t) for t in texts) / max(1, len(texts))
    print(f"  {label:<28} {elapsed / len(texts) * 1000:6.2f} ms/doc  {len(texts) / elapsed:7.0f} docs/s"
          f"  ({len(texts)} docs, {chars:,.0f} chars on average; CPU time)")


def main(argv: list[str]) -> int:
    began = time.perf_counter()
    import spacy  # noqa: F401

    imported = time.perf_counter()
    from matcher.extract.nlp import get_nlp
    from matcher.extract.profile import build_profiles
    from matcher.readers import read_document, read_text

    nlp = get_nlp()
    built = time.perf_counter()
    print(f"cold start: import spaCy {imported - began:.2f} s, taxonomy + pipeline {built - imported:.2f} s")
    sets: list[tuple[str, list]] = []
    folders = [Path(a) for a in argv] or [ROOT / "samples" / "resumes", ROOT / "samples" / "ads"]
    for folder in folders:
        docs = [read_text(p.read_text(encoding="utf-8"), source=str(p)) for p in sorted(folder.glob("*.txt"))]
        if docs:
            sets.append((str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder), docs))
    if not argv and BENCHMARK.is_dir():
        pdfs = sorted(BENCHMARK.glob("*.pdf"))
        start = time.perf_counter()
        docs = [read_document(p) for p in pdfs]
        print(f"reading {len(pdfs)} benchmark PDFs: {(time.perf_counter() - start) / len(pdfs) * 1000:.1f} ms/pdf")
        sets.append(("benchmark resume PDFs (text)", docs))
    for name, docs in sets:
        texts = [d.text for d in docs]
        print(name)
        list(build_profiles(docs[:5]))  # warm caches (lexicon matchers) outside the timing
        _time("tokenizer only", texts, lambda texts=texts: list(nlp.tokenizer.pipe(texts)))
        _time("nlp.pipe (spans, sentences)", texts, lambda texts=texts: list(nlp.pipe(texts)))
        _time("build_profiles (all)", texts, lambda docs=docs: list(build_profiles(docs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
