"""Check taxonomy/skill_examples.yaml against taxonomy/skills.yaml; exits non-zero on a problem.

Ids must exist, every skl.* id needs >= 20 sentences, and no sentence may repeat another
or an existing `examples` entry (compared lower-cased, without punctuation).
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def norm(s):
    return " ".join(re.findall(r"[a-z0-9]+", s.lower()))


def main():
    skills = {s["id"]: s for s in yaml.safe_load((HERE / "skills.yaml").read_text())["skills"]}
    bank = yaml.safe_load((HERE / "skill_examples.yaml").read_text())
    problems, seen = [], {}
    for s in skills.values():
        for e in s.get("examples", []):
            seen[norm(e)] = f"skills.yaml {s['id']}"
    for sid in bank["skills"]:
        if sid not in skills:
            problems.append(f"unknown id {sid}")
    for sid in skills:
        n = len(bank["skills"].get(sid) or [])
        if sid.startswith("skl.") and n < 20:
            problems.append(f"{sid}: {n} sentences, need 20")
    items = [(sid, e) for sid, v in bank["skills"].items() for e in v]
    items += [("background", e) for e in bank["background"]]
    for where, e in items:
        if not isinstance(e, str):
            problems.append(f"{where}: not a string: {e!r}")
            continue
        key = norm(e)
        if key in seen:
            problems.append(f"{where}: {e!r} repeats {seen[key]}")
        seen[key] = where
    counts = [len(v) for v in bank["skills"].values()]
    print(f"{len(counts)} skills, {min(counts)}-{max(counts)} each, {sum(counts)} in all; "
          f"{len(bank['background'])} background")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
