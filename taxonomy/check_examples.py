"""Check the reader's sentence files against taxonomy/skills.yaml; exits non-zero on a problem.

The files are taxonomy/skill_examples.yaml and every taxonomy/sentences/*.yaml (one author and
voice each). Ids must exist; every skl.* id needs >= 20 sentences in skill_examples.yaml and
>= 8 in each voice file (a file of background sentences only holds none); no sentence may
repeat another, in any file, or an existing `examples` entry (compared lower-cased, without
punctuation).
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
LEAST = {"skill_examples.yaml": 20}
"""Sentences each skill needs in a file (8 in a voice file)."""


def norm(s):
    return " ".join(re.findall(r"[a-z0-9]+", s.lower()))


def main():
    skills = {s["id"]: s for s in yaml.safe_load((HERE / "skills.yaml").read_text())["skills"]}
    problems, seen = [], {}
    for s in skills.values():
        for e in s.get("examples", []):
            seen[norm(e)] = f"skills.yaml {s['id']}"
    for path in [HERE / "skill_examples.yaml", *sorted((HERE / "sentences").glob("*.yaml"))]:
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        least = LEAST.get(path.name, 8) if bank.get("skills") else 0
        bank["skills"] = bank.get("skills") or {}
        for sid in bank["skills"]:
            if sid not in skills:
                problems.append(f"{path.name}: unknown id {sid}")
        for sid in skills:
            n = len(bank["skills"].get(sid) or [])
            if sid.startswith("skl.") and n < least:
                problems.append(f"{path.name}: {sid}: {n} sentences, need {least}")
        items = [(sid, e) for sid, v in bank["skills"].items() for e in v]
        items += [("background", e) for e in bank.get("background") or []]
        for where, e in items:
            if not isinstance(e, str):
                problems.append(f"{path.name} {where}: not a string: {e!r}")
                continue
            key = norm(e)
            if key in seen:
                problems.append(f"{path.name} {where}: {e!r} repeats {seen[key]}")
            seen[key] = f"{path.name} {where}"
        counts = [len(v) for v in bank["skills"].values()] or [0]
        print(f"{path.name}: {len(bank['skills'])} skills, {min(counts)}-{max(counts)} each, {sum(counts)} in all; "
              f"{len(bank.get('background') or [])} background")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
