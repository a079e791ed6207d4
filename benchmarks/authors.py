"""Leave one author out: how the trained skill reader reads an author it never learnt from.

Each file of ``taxonomy/sentences/`` is one author writing in one voice (resume bullets, job
adverts, summaries, cover letters, …, or near misses from other occupations). In turn, each is
held out: the reader (``matcher.extract.skill_classifier``, the static one) is fitted on the
taxonomy's examples, ``taxonomy/skill_examples.yaml`` and every other author, then reads the
held-out author's sentences whole, as ``matcher skills`` would read one clause, without the
alignment score or the rules. Per author and as a mean over authors, it prints the share of
their skill sentences given their skill, and the share of their background sentences given any
skill, from each threshold.

A test of authors rather than of sentences: a sentence set written by one person flatters a
reader trained on that person's other sentences; a new author's voice is what a resume is.

    python benchmarks/authors.py [--only NAME ...] [--without NAME ...] [--thresholds 0.6 0.8 0.9]
                                 [--C 64] [--no-words] [--no-prior]

``--only`` holds out (and trains on) only those authors (file stems); ``--without`` adds a second
column, the same reader fitted without those authors too, so what they add to the others shows.
``--C``, ``--no-words`` (the clause's vector alone) and ``--no-prior`` (the ``none`` class as
fitted) try other settings than the shipped ones. Each fit takes 10-60 s; every author is
fitted once per column. Nothing here reads ``benchmarks/`` or ``../shared``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np


def _read(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    skills = [(skill, str(s)) for skill, sentences in (doc.get("skills") or {}).items() for s in sentences or ()]
    return skills, [str(s) for s in doc.get("background") or ()]


def fitted(taxonomy, banks: list[Path], folder: Path):  # noqa: ANN001, ANN201 - a SkillClassifier
    """The static reader fitted on ``banks`` (with the shipped settings as set on the module)."""
    from matcher.extract import skill_classifier as sc

    out = folder / f"reader_{len(list(folder.iterdir()))}.json"
    sc.train_skill_classifier(taxonomy, "static", out, banks=banks)
    reader = sc.load_skill_classifier(taxonomy, "static", out)
    sc._LOADED.clear()  # each fit is read once; keep none of them
    return reader


def probabilities(reader, taxonomy, texts: list[str]) -> np.ndarray:  # noqa: ANN001
    """(sentences × classes) the reader's probabilities for whole sentences."""
    from matcher.extract import skill_classifier as sc

    if not texts:
        return np.zeros((0, len(reader.classes)), dtype=np.float32)
    from matcher.extract.meaning import MeaningIndex, content_words

    # The clauses' word features as the pipeline reads them (``SkillMeaning.reader_probabilities``).
    rows = reader.feature_rows([content_words(t) for t in texts], MeaningIndex(taxonomy).word_feature) \
        if reader.words else None
    return reader.probabilities(sc.sentence_vectors("static", texts), None, rows)


def shares(reader, taxonomy, path: Path, thresholds: list[float]) -> tuple[list[float], list[float], int, int]:  # noqa: ANN001
    """Per threshold: the share of ``path``'s skill sentences given their skill, and of its
    background sentences given any skill (nan when it has none); and the two counts."""
    skills, background = _read(path)
    column = {c: i for i, c in enumerate(reader.classes)}
    pos = probabilities(reader, taxonomy, [s for _, s in skills])
    own = np.asarray([pos[i, column[k]] if k in column else 0.0 for i, (k, _) in enumerate(skills)])
    neg = probabilities(reader, taxonomy, background)[:, :-1].max(axis=1) if background else np.zeros(0)
    recall = [float(np.mean(own >= t)) if len(own) else float("nan") for t in thresholds]
    given = [float(np.mean(neg >= t)) if len(neg) else float("nan") for t in thresholds]
    return recall, given, len(skills), len(background)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="Only these authors (file stems).")
    parser.add_argument("--without", nargs="+", metavar="NAME", default=[],
                        help="A second column fitted without these authors as well.")
    parser.add_argument("--thresholds", nargs="+", type=float, default=None, metavar="T")
    parser.add_argument("--C", type=float, default=None, help="Inverse regularisation (default: shipped).")
    parser.add_argument("--no-words", action="store_true", help="The clause's vector alone, no word features.")
    parser.add_argument("--no-prior", action="store_true", help="The none class as fitted, not moved to NONE_PRIOR.")
    parser.add_argument("--folder", type=Path, default=None, help="Author files (default: taxonomy/sentences).")
    args = parser.parse_args(argv)

    from matcher.extract import skill_classifier as sc
    from matcher.taxonomy import load_taxonomy

    files = sorted((args.folder or sc.bank_files()[0].parent / sc.SENTENCES).glob("*.yaml"))
    if args.only:
        files = [f for f in files if f.stem in args.only]
    unknown = sorted(set(args.only or ()) - {f.stem for f in files}) + \
        sorted(set(args.without) - {f.stem for f in files})
    if unknown or not files:
        print(f"error: no author file named {', '.join(unknown) or '(any)'}", file=sys.stderr)
        return 2
    settings = dict(sc.SETTINGS["static"])
    if args.C is not None:
        settings["C"] = args.C
    if args.no_words:
        settings["words"] = False
    sc.SETTINGS["static"] = settings
    taxonomy = load_taxonomy()
    if args.no_prior:
        sc.NONE_PRIOR = None
    thresholds = args.thresholds or [settings["threshold"]]
    base = [sc.bank_files()[0]]
    columns = {"with every other author": lambda held: [f for f in files if f != held]}
    if args.without:
        columns[f"without {', '.join(args.without)}"] = \
            lambda held: [f for f in files if f != held and f.stem not in args.without]
    print(f"{len(files)} authors; static reader, C={settings['C']:g}, word features "
          f"{'on' if settings['words'] else 'off'}, none prior {'as fitted' if args.no_prior else sc.NONE_PRIOR}; "
          "recall of a held-out author's skill sentences / share of their background given a skill")
    means: dict[str, list[tuple[list[float], list[float]]]] = {name: [] for name in columns}
    with tempfile.TemporaryDirectory() as tmp:
        for held in files:
            cells = []
            for name, others in columns.items():
                reader = fitted(taxonomy, base + others(held), Path(tmp))
                recall, given, n_pos, n_neg = shares(reader, taxonomy, held, thresholds)
                means[name].append((recall, given))
                cells.append(f"{name}: " + ", ".join(f"from {t:g} {r:.3f} / {g:.1%}" for t, r, g in
                                                   zip(thresholds, recall, given, strict=True)))
            print(f"  {held.stem} ({n_pos} skill sentences, {n_neg} background): " + "; ".join(cells), flush=True)
    for name, rows in means.items():
        line = []
        for i, t in enumerate(thresholds):
            recall = [r[i] for r, _ in rows if not np.isnan(r[i])]
            given = [g[i] for _, g in rows if not np.isnan(g[i])]
            line.append(f"from {t:g} {np.mean(recall):.3f} over {len(recall)} / {np.mean(given):.1%} over {len(given)}")
        print(f"mean, {name}: " + "; ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
