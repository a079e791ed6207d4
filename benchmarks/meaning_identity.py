"""Proof that a change to the meaning recogniser leaves what it finds unchanged.

``--dump FILE`` writes, for every sentence of ``benchmarks/paraphrases/*.tsv`` and every
document under ``samples/resumes`` and ``samples/ads`` (read the way ``matcher`` reads them):

- the recogniser's hits as the pipeline keeps them (``WEAK`` up, resume sections that list no
  duties passed over for documents), and every hit from 0.2 up (what ``paraphrases.py`` reads);
- every clause's best score per skill (unrounded), the example giving it, and the clause's
  best background score: what ``matcher parse --explain-skill`` shows;
- every clause's probabilities from the trained reader (``skill_classifier``), each skill's
  from ``READER_FLOOR`` up; a hit records whether the reader gave it.

``--compare FILE`` computes the same with the installed code and reports every difference:
hits must agree on skill, offsets, example and reader and their scores to 1e-6; clause scores
and reader probabilities to 1e-6, with the same example wherever a score is above zero.

    git stash / checkout the reference; python benchmarks/meaning_identity.py --dump /tmp/ref.json
    back to the change;                  python benchmarks/meaning_identity.py --compare /tmp/ref.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOLERANCE = 1e-6
FLOOR = 0.2
READER_FLOOR = 0.01


def _inputs() -> list[tuple[str, str, tuple]]:
    """(name, text, sections) of every paraphrase sentence and readable sample document."""
    from matcher.errors import UnreadableDocument
    from matcher.readers import read_document

    out = []
    for tsv in sorted((REPO / "benchmarks" / "paraphrases").glob("*.tsv")):
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines()):
            if line.strip() and not line.startswith("#"):
                out.append((f"{tsv.name}:{n + 1}", line.split("\t", 1)[-1].strip(), ()))
    for folder in ("resumes", "ads"):
        for path in sorted((REPO / "samples" / folder).iterdir()):
            if path.suffix.lower() not in (".txt", ".md", ".pdf", ".docx", ".html"):
                continue
            try:
                document = read_document(path)
            except UnreadableDocument:
                continue
            out.append((f"samples/{folder}/{path.name}", document.text, tuple(document.sections)))
    return out


def _hit(hit) -> list:  # noqa: ANN001
    return [hit.skill, hit.start, hit.end, float(hit.score), hit.example, hit.read]


def collect() -> dict[str, dict]:
    from matcher.extract.components import HITS_KEY, skip_sections
    from matcher.extract.nlp import get_nlp

    nlp = get_nlp()
    meaning = nlp.get_pipe("matcher_skill_meaning")
    index = meaning.index
    inputs = _inputs()
    out: dict[str, dict] = {}
    for (name, _, sections), doc in zip(inputs, nlp.pipe(t for _, t, _ in inputs), strict=True):
        every = [_hit(h) for h in meaning.hits(doc, floor=FLOOR)]
        skip_sections(doc, sections)
        meaning(doc)
        kept = [_hit(h) for h in doc.user_data[HITS_KEY]]
        clauses = meaning.candidates(doc, every=True)
        best, where, background = index.best(index.scores([c[3] for c in clauses]))
        probs = meaning.reader_probabilities(clauses)
        rows = []
        for n, (a, b, _, words) in enumerate(clauses):
            nonzero = [[index.skill_ids[k], float(best[n, k]), index.examples[int(where[n, k])]]
                       for k in range(best.shape[1]) if best[n, k] > 0]
            read = {index.skill_ids[k]: float(probs[n, k]) for k in range(probs.shape[1]) if probs[n, k] >= READER_FLOOR}
            rows.append([a, b, words, float(background[n]), nonzero, read])
        out[name] = {"hits": kept, "floor": every, "clauses": rows}
    return out


def _same_hits(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x[0] == y[0] and x[1] == y[1] and x[2] == y[2] and x[4:] == y[4:] and abs(x[3] - y[3]) <= TOLERANCE
        for x, y in zip(a, b, strict=True))  # fmt: skip


def _same_clauses(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x[:3] != y[:3] or abs(x[3] - y[3]) > TOLERANCE:
            return False
        xs, ys = {s[0]: s for s in x[4] if s[1] > TOLERANCE}, {s[0]: s for s in y[4] if s[1] > TOLERANCE}
        if set(xs) != set(ys):
            return False
        if any(abs(xs[k][1] - ys[k][1]) > TOLERANCE or xs[k][2] != ys[k][2] for k in xs):
            return False
        # The reader's probabilities: a skill on one side only must be just under the floor on the other.
        xr, yr = x[5], y[5]
        for k in xr.keys() | yr.keys():
            if k in xr and k in yr:
                if abs(xr[k] - yr[k]) > TOLERANCE:
                    return False
            elif (xr.get(k) or yr.get(k)) >= READER_FLOOR + TOLERANCE:
                return False
    return True


def compare(reference: dict[str, dict], current: dict[str, dict]) -> list[str]:
    """One line per input whose hits or clause scores differ."""
    problems = [f"{name}: missing" for name in reference if name not in current]
    problems += [f"{name}: not in the reference" for name in current if name not in reference]
    for name in reference.keys() & current.keys():
        ref, cur = reference[name], current[name]
        for part in ("hits", "floor"):
            if not _same_hits(ref[part], cur[part]):
                problems.append(f"{name}: {part} differ: {ref[part]} != {cur[part]}")
        if not _same_clauses(ref["clauses"], cur["clauses"]):
            problems.append(f"{name}: clause scores or reader probabilities differ")
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dump", type=Path, metavar="FILE", help="Write the current hits and scores to FILE.")
    group.add_argument("--compare", type=Path, metavar="FILE", help="Compare the current ones with FILE's.")
    args = parser.parse_args(argv)
    current = collect()
    if args.dump:
        args.dump.write_text(json.dumps(current), encoding="utf-8")
        print(f"{len(current)} inputs, {sum(len(v['hits']) for v in current.values())} hits, "
              f"{sum(len(v['clauses']) for v in current.values())} clauses written to {args.dump}")
        return 0
    reference = json.loads(args.compare.read_text(encoding="utf-8"))
    problems = compare(reference, current)
    for line in problems[:50]:
        print(line)
    hits = sum(len(v["hits"]) for v in current.values())
    floor = sum(len(v["floor"]) for v in current.values())
    clauses = sum(len(v["clauses"]) for v in current.values())
    print(f"{len(current)} inputs, {hits} hits (WEAK up), {floor} hits (from {FLOOR}), {clauses} clauses: "
          + (f"{len(problems)} differ" if problems else "identical"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
