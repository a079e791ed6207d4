"""Precision of our skill spans on SkillSpan dev (``../shared/benchmark/skills/skillspan_dev.json``).

SkillSpan (Zhang et al., NAACL 2022) marks skill and knowledge spans in job-posting sentences
with BIO tags. The sentences of each posting are joined, one per line, into a job ad (tokens
joined by spaces) and read by ``build_profile(kind="job_ad")``; every evidence span of every
skill and certification in the profile is one extraction, correct when it overlaps a
human-annotated skill or knowledge span. ``--raw`` counts the pipeline's
``doc.spans["skills"]`` instead, before the job-ad reading drops text about the employer
(company blurb, benefits) and negated mentions. Our taxonomy covers account management
only, so recall on this general corpus is not the measure; precision says whether what we
do extract is a real skill.

    python benchmarks/skillspan.py [--json PATH] [--raw | --meaning] [--no-wide] [--quiet]

Prints precision, counts, and every false positive with its sentence. Skips (exit 0) when
the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark" / "skills" / "skillspan_dev.json"


@dataclass(frozen=True)
class Result:
    extracted: int
    correct: int
    sentences: int
    false_positives: tuple[tuple[str, str, str], ...]
    """(skill id, matched text, sentence)."""
    seconds: float

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0


def _gold_spans(tags: list[str]) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B") or tag == "O":
            if start is not None:
                spans.append((start, i))
                start = None
            if tag.startswith("B"):
                start = i
        elif tag.startswith("I") and start is None:
            start = i
    return spans


def postings(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, gold spans as character offsets) per posting, its sentences one per line."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[tuple[str, list[tuple[int, int]]]] = []
    key = None
    for row in rows:
        if (row["idx"], row["source"]) != key:
            key = (row["idx"], row["source"])
            out.append(("", []))
        text, gold = out[-1]
        pos = len(text) + (1 if text else 0)
        offsets = []
        for token in row["tokens"]:
            offsets.append((pos, pos + len(token)))
            pos += len(token) + 1
        gold += [(offsets[a][0], offsets[b - 1][1])
                 for tags in (row["tags_skill"], row["tags_knowledge"]) for a, b in _gold_spans(tags)]
        out[-1] = ((text + "\n" if text else "") + " ".join(row["tokens"]), gold)
    return out


def _extracted(texts: list[str], *, raw: bool, wide: bool = True):
    """Per text: (skill id, start, end) of every extraction (``wide=False``: without the
    skills' ``wide_patterns``)."""
    from matcher.extract.nlp import get_nlp
    from matcher.taxonomy.load import load_taxonomy, without_wide_patterns

    taxonomy = load_taxonomy() if wide else without_wide_patterns(load_taxonomy())
    if raw:
        from matcher.extract.nlp import read_by_meaning

        nlp = get_nlp(taxonomy)
        for doc in nlp.pipe(texts):
            if raw == "meaning":
                doc = read_by_meaning(nlp, doc)
            key = "skills_meaning" if raw == "meaning" else "skills"
            yield [(span.label_, span.start_char, span.end_char) for span in doc.spans[key]]
        return
    from matcher.extract.profile import build_profiles
    from matcher.extract.sections import find_sections
    from matcher.types import Document

    documents = (Document(source=f"posting-{i}", text=text, sections=find_sections(text, kind="job_ad"),
                          kind_hint="job_ad") for i, text in enumerate(texts))
    for profile in build_profiles(documents, kind="job_ad", nlp=get_nlp(taxonomy), taxonomy=taxonomy):
        found = [(m.id, e.start, e.end) for m in profile.skills for e in m.evidence]
        found += [(c.id, c.evidence.start, c.evidence.end) for c in profile.certifications if c.id and c.evidence]
        yield found


def evaluate(path: Path, *, raw: bool | str = False, wide: bool = True) -> Result:
    data = postings(path)
    texts = [text for text, _ in data]
    began = time.perf_counter()
    extracted = correct = 0
    false_positives = []
    for (text, gold), found in zip(data, _extracted(texts, raw=raw, wide=wide)):
        for skill, start, end in found:
            extracted += 1
            if any(s < end and start < e for s, e in gold):
                correct += 1
            else:
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", end)
                false_positives.append((skill, text[start:end], text[line_start:line_end if line_end >= 0 else None]))
    sentences = sum(text.count("\n") + 1 for text in texts)
    return Result(extracted, correct, sentences, tuple(false_positives), time.perf_counter() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=DEFAULT)
    parser.add_argument("--quiet", action="store_true", help="Do not list the false positives.")
    parser.add_argument("--raw", action="store_true", help="Count doc.spans['skills'], not the job-ad profile.")
    parser.add_argument("--meaning", action="store_true",
                        help="Count the meaning recogniser's spans (doc.spans['skills_meaning']) alone; job-ad "
                             "profiles do not use them, so this is its precision on job-posting text.")
    parser.add_argument("--no-wide", action="store_true",
                        help="Leave the skills' wide_patterns out (the patterns the rungs read).")
    args = parser.parse_args(argv)
    if not args.json.is_file():
        print(f"skipped: {args.json} not found (the benchmark data sits beside the repository)")
        return 0
    result = evaluate(args.json, raw="meaning" if args.meaning else args.raw, wide=not args.no_wide)
    what = "meaning spans" if args.meaning else "pipeline spans" if args.raw else "job-ad profiles"
    what += ", no wide patterns" * args.no_wide
    print(f"SkillSpan dev ({what}): {result.correct}/{result.extracted} extracted skill spans overlap a human "
          f"skill or knowledge span: precision {result.precision:.1%} "
          f"({result.sentences} sentences in 58 postings, {result.seconds:.2f} s)")
    if not args.quiet:
        for skill, text, sentence in result.false_positives:
            print(f"  false positive: {skill} {text!r} in: {sentence[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
