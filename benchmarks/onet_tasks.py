"""Skill recognition on sentences the project did not write: O*NET task statements.

Every other sentence set in ``benchmarks/paraphrases/`` was written by the project's own
authors, and so was the reader's training bank: a set from the same hand can flatter. O*NET's
task statements were written by other people (analysts of the US Department of Labor), as
one-line duties, much as a resume bullet reads. ``benchmarks/onet_tasks/labels_*.tsv`` label
960 of them (by task id; the text stays in ``../shared/reference/full``) with the skills each
states:

- ``clear``: a recruiter screening for the skill would take the task as evidence of it;
- ``arguable``: the task touches on it; finding it is neither rewarded nor punished.

A skill found that is in neither column is a false hit. The labels were written blind, from
the skill ids, labels and notes, before any recogniser read the tasks. ``labels_A`` and
``labels_B`` cover every task of 32 sales, marketing and office occupations; ``labels_C`` nine
tasks each of 35 others (accountants, nurses, teachers, trades, software, law, executives…).

Occupations are cut in two by a stable hash of their code: ``dev`` may be read item by item
(``--misses``), ``test`` only in totals. Each task is read as ``matcher skills`` reads a
sentence (``matcher.extract.skills.skills_in_texts``): by the patterns alone, then with
reading by meaning (static) and in depth when the MiniLM weights are installed.

    python benchmarks/onet_tasks.py [--depth patterns|static|deep ...] [--misses]
    python benchmarks/onet_tasks.py --agreement

``agreement_*.tsv`` label 200 of the tasks again, by a fourth helper who saw neither the first
labels nor any result; ``--agreement`` prints how far the two agree, for scale: a reader that
found every first label would still differ from a second person this much.

This product includes information from the O*NET 29.2 Database by the U.S. Department of
Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.
USDOL/ETA has not approved, endorsed, or tested these modifications.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "onet_tasks"
TASKS = ROOT.parent / "shared" / "reference" / "full" / "onet_task_statements.txt"
NEAR = ("A", "B")
"""Label files of the sales, marketing and office occupations (``C`` holds the others)."""


@dataclass(frozen=True, slots=True)
class Task:
    task_id: str
    soc: str
    group: str
    clear: frozenset[str]
    arguable: frozenset[str]
    text: str = ""

    @property
    def split(self) -> str:
        return "dev" if hashlib.sha1(self.soc.encode()).digest()[0] % 2 == 0 else "test"

    @property
    def states_none(self) -> bool:
        return not self.clear and not self.arguable


def _ids(cell: str) -> frozenset[str]:
    cell = cell.strip()
    return frozenset() if cell in ("", "-") else frozenset(s.strip() for s in cell.split(",") if s.strip())


def load_labels(folder: Path = LABELS, pattern: str = "labels_*.tsv") -> list[Task]:
    """Every labelled task of ``folder``'s ``labels_*.tsv`` (or other ``pattern``), in file
    order (without text)."""
    tasks = []
    for path in sorted(folder.glob(pattern)):
        group = path.stem.split("_", 1)[1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 4:
                raise ValueError(f"{path.name}:{n}: expected task_id, soc, clear, arguable; got {len(cells)} cells")
            tasks.append(Task(cells[0].strip(), cells[1].strip(), group, _ids(cells[2]), _ids(cells[3])))
    return tasks


def with_text(tasks: list[Task], statements: Path = TASKS) -> list[Task]:
    """``tasks`` with their O*NET text; a task id missing from ``statements`` is an error."""
    with statements.open(encoding="utf-8", newline="") as f:
        text = {(r["O*NET-SOC Code"], r["Task ID"]): r["Task"] for r in csv.DictReader(f, delimiter="\t")}
    missing = [t.task_id for t in tasks if (t.soc, t.task_id) not in text]
    if missing:
        raise ValueError(f"{statements}: {len(missing)} labelled task ids not found, e.g. {missing[:3]}")
    return [Task(t.task_id, t.soc, t.group, t.clear, t.arguable, text[t.soc, t.task_id]) for t in tasks]


@dataclass(slots=True)
class Tally:
    clear: int = 0
    found: int = 0
    met: int = 0
    hits: int = 0
    false: int = 0
    tasks: int = 0
    tasks_false: int = 0
    none_tasks: int = 0
    none_false: int = 0

    def add(self, task: Task, found: dict[str, str]) -> None:
        """Count one task read as ``found`` (skill id → "met" or "found")."""
        self.tasks += 1
        self.clear += len(task.clear)
        self.found += sum(s in found for s in task.clear)
        self.met += sum(found.get(s) == "met" for s in task.clear)
        wrong = [s for s in found if s not in task.clear and s not in task.arguable]
        self.hits += sum(s in task.clear for s in found) + len(wrong)
        self.false += len(wrong)
        self.tasks_false += bool(wrong)
        if task.states_none:
            self.none_tasks += 1
            self.none_false += bool(found)

    @property
    def recall(self) -> float:
        """Share of the clear skill statements found."""
        return self.found / self.clear if self.clear else 0.0

    @property
    def precision(self) -> float:
        """Share of the counted hits (clear or false; arguable ones are left out) that are clear."""
        return (self.hits - self.false) / self.hits if self.hits else 0.0

    def line(self) -> str:
        def share(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "-"

        return (f"recall {share(self.found, self.clear)}, met {share(self.met, self.clear)}; "
                f"precision {share(self.hits - self.false, self.hits)}; "
                f"tasks with a false hit {share(self.tasks_false, self.tasks)}; "
                f"no-skill tasks given a skill {share(self.none_false, self.none_tasks)}")


def agreement(first: list[Task], second: list[Task]) -> list[str]:
    """Lines saying how far ``second``'s labels agree with ``first``'s on the tasks both label."""
    mine = {(t.soc, t.task_id): t for t in first}
    pairs = [(mine[t.soc, t.task_id], t) for t in second if (t.soc, t.task_id) in mine]
    a_clear = sum(len(a.clear) for a, _ in pairs)
    b_clear = sum(len(b.clear) for _, b in pairs)
    both = sum(len(a.clear & b.clear) for a, b in pairs)
    kept = sum(len(a.clear & (b.clear | b.arguable)) for a, b in pairs)
    kept_back = sum(len(b.clear & (a.clear | a.arguable)) for a, b in pairs)
    none_both = sum(a.states_none and b.states_none for a, b in pairs)
    none_either = sum(a.states_none or b.states_none for a, b in pairs)
    f1 = 2 * both / max(a_clear + b_clear, 1)

    def share(x: int, n: int) -> str:
        return f"{x / n:.3f} ({x}/{n})" if n else "-"

    return [f"{len(pairs)} tasks labelled twice: {a_clear} clear skill statements first, {b_clear} second",
            f"  the second person's clear labels among the first's (recall): {share(both, a_clear)}",
            f"  the first person's among the second's (precision): {share(both, b_clear)}; F1 {f1:.3f}",
            f"  first clear labels the second calls clear or arguable: {share(kept, a_clear)}",
            f"  second clear labels the first calls clear or arguable: {share(kept_back, b_clear)}",
            f"  tasks both say state no skill, of those either says so: {share(none_both, none_either)}"]


def read(tasks: list[Task], depth: str, *, wide: bool = True) -> list[dict[str, str]]:
    """Per task, the skills found (id → "met" or "found"), read as ``matcher skills`` does;
    ``wide=False`` leaves the skills' ``wide_patterns`` out."""
    from matcher.extract.nlp import get_nlp
    from matcher.extract.skills import skills_in_texts
    from matcher.taxonomy.load import load_taxonomy, without_wide_patterns

    taxonomy = load_taxonomy() if wide else without_wide_patterns(load_taxonomy())
    nlp = get_nlp(taxonomy)
    return [{s.id: s.status for s in found if s.type != "certification"}
            for found in skills_in_texts([t.text for t in tasks], nlp, taxonomy,
                                         depth=None if depth == "patterns" else depth)]


def tally(tasks: list[Task], found: list[dict[str, str]], *, split: str | None = None,
          near: bool | None = None) -> Tally:
    """``found``'s figures over the tasks of ``split`` ("dev" or "test"; None for both) and, with
    ``near``, only the sales, marketing and office occupations (True) or only the others."""
    out = Tally()
    for task, hits in zip(tasks, found, strict=True):
        if (split is None or task.split == split) and (near is None or (task.group in NEAR) is near):
            out.add(task, hits)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", action="append", choices=("patterns", "static", "deep"),
                        help="How to read (repeatable; default: all three, deep when its weights are installed).")
    parser.add_argument("--misses", action="store_true",
                        help="List the dev split's missed clear skills and false hits (never the test split's).")
    parser.add_argument("--statements", type=Path, default=TASKS, help="O*NET's Task Statements file.")
    parser.add_argument("--no-wide", action="store_true",
                        help="Leave the skills' wide_patterns out (the patterns the rungs read).")
    parser.add_argument("--agreement", action="store_true",
                        help="How far the second labelling (agreement_*.tsv) agrees with the first.")
    args = parser.parse_args(argv)
    if args.agreement:
        try:
            print("\n".join(agreement(load_labels(), load_labels(pattern="agreement_*.tsv"))))
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    if not args.statements.exists():
        print(f"skipped: {args.statements} is absent (O*NET task statements are not shipped)", file=sys.stderr)
        return 0
    try:
        tasks = with_text(load_labels(), args.statements)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    depths = args.depth or ["patterns", "static", "deep"]
    if "deep" in depths and not args.depth:
        from matcher.errors import UsageError
        from matcher.extract import encoder

        try:
            encoder.check_weights()
        except UsageError:
            depths.remove("deep")
    near = [t for t in tasks if t.group in NEAR]
    print(f"{len(tasks)} tasks ({len(near)} of sales, marketing and office occupations), "
          f"{sum(len(t.clear) for t in tasks)} clear skill statements, "
          f"{sum(t.states_none for t in tasks)} tasks stating no skill")
    for depth in depths:
        found = read(tasks, depth, wide=not args.no_wide)
        print(f"{depth}{' (no wide patterns)' * args.no_wide}:")
        for split in ("dev", "test"):
            for name, near_only in (("near", True), ("other", False), ("all", None)):
                print(f"  {split:4s} {name:5s}: {tally(tasks, found, split=split, near=near_only).line()}")
        if args.misses:
            for task, hits in zip(tasks, found, strict=True):
                if task.split != "dev":
                    continue
                missed = sorted(task.clear - hits.keys())
                wrong = sorted(s for s in hits if s not in task.clear | task.arguable)
                if missed or wrong:
                    print(f"    {task.soc} {task.task_id}: missed {missed} false {wrong}: {task.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
