"""Build ``taxonomy/occupations.tsv.gz``: every O*NET 29.2 and ESCO v1.1.1 title → one occupation.

    python -m matcher.extract.occupation_index [--reference DIR] [--out FILE] [--check]

Reads, from ``DIR`` (default ``../shared/reference/full`` beside the repository):
``onet_occupation_data.txt``, ``onet_alternate_titles.txt`` (Alternate Title and Short Title),
``onet_sample_of_reported_titles.txt`` and ``esco_occupations_en.csv`` (preferred, alternative
and hidden labels, with the ISCO-08 group). Each title is put in canonical form by the rules of
``taxonomy/occupations.yaml`` (``matcher.extract.occupations``); a title in brackets ("Ad Account
Executive" in "Advertising Account Executive (Ad Account Executive)"; in ESCO a bracket names a
domain and is dropped) and each part of a "waiter/waitress" or "audio/video technician"
label count as titles of their own, and so does an O*NET occupation title up
to its first comma when that part ends in a plural ("Substitute Teachers, Short-Term" →
substitute teacher; not "Hotel, Motel, and Resort Desk Clerks" → hotel).

When several occupations claim one canonical title, one is chosen, always the same way:

1. O*NET before ESCO (the SOC code is preferred wherever O*NET knows the title);
2. by how the title is given: an O*NET occupation's own title, then its alternate, short and
   reported titles, then derived titles (brackets, parts, up to the comma); for ESCO the
   preferred label, then alternative, then hidden labels, then derived ones;
3. the occupation that gives the title most often (rows, plus the O*NET sources listed for an
   alternate title);
4. the smallest code.

A one-word title that ends titles of 20 O*NET occupations or more ("engineer", "teacher",
"specialist") names a family, not an occupation: it goes to the occupation it ends most titles
of (then the smallest code) and is marked generic, so that a lookup reports it as a head noun
(method ``noun``, low confidence) even when it is the whole title. A title given to
occupations both near and far from client work is marked mixed (see the file layout below).
Last, ``index_overrides``
in ``taxonomy/occupations.yaml`` fixes bare titles the sources file misleadingly (each with
its reason), or removes them.

The file is deterministic (same inputs and rules → same bytes; gzip without a timestamp).
Its sections are separated by ``%%`` lines: header lines (format, version, sources,
attribution); one occupation a line (code, scheme, label, ISCO group); one shard a line (the
first two characters its titles share, and where its lines start and end, in bytes, in the
last section); then the titles, sorted, one a line with its occupation's line number after a
tab (``~`` before the number marks a generic head noun, ``?`` a title the sources also give
to occupations near client work, a quarter of its claims or more, when the chosen one is
far from it; the relations come from the rules file, so a change to them needs a rebuild).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from matcher.extract.occupations import (
    FORMAT,
    INDEX_FILE,
    RULES_FILE,
    SHARD,
    Rules,
    canonical,
    load_rules,
    relation_of,
)
from matcher.resources import taxonomy_dir

__all__ = ["build_index", "main"]

REPO = Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference" / "full"
FILES = ("onet_occupation_data.txt", "onet_alternate_titles.txt", "onet_sample_of_reported_titles.txt",
         "esco_occupations_en.csv")  # fmt: skip
ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications.",
    "This service uses the ESCO classification of the European Commission (ESCO v1.1.1); the data "
    "was modified: labels reduced to lookup keys.",
)
# Tiers (rule 2 of the module doc): lower wins; every O*NET tier is below every ESCO tier.
ONET_TITLE, ONET_ALTERNATE, ONET_DERIVED = 0, 1, 2
ESCO_PREFERRED, ESCO_ALT, ESCO_HIDDEN, ESCO_DERIVED = 3, 4, 5, 6
GENERIC_CODES = 20
"""A one-word title ending titles of this many O*NET occupations is a generic head noun."""
MIXED_SHARE = 0.25
"""A title is mixed when near occupations hold this share of its claims (at the best tier)."""
_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*")


def _variants(title: str, tier: int) -> list[tuple[str, int]]:
    """The title itself and the titles derived from it (at their derived tier)."""
    onet = tier <= ONET_DERIVED
    derived = ONET_DERIVED if onet else ESCO_DERIVED
    out = [(title, tier)]
    inside = _BRACKETS.findall(title)
    if inside:
        out.append((_BRACKETS.sub(" ", title), derived))
        if onet:  # O*NET brackets hold another name ("Chief Executive Officer (CEO)"); ESCO's a domain
            out.extend((t, derived) for t in inside)
    if "/" in title:
        parts = [p.strip() for p in _BRACKETS.sub(" ", title).split("/")]
        if all(len(p.split()) == 1 for p in parts):
            out.extend((p, derived) for p in parts)  # "waiter/waitress"
        else:
            # "audio/video technician": video technician and audio technician, never "audio".
            rest = " ".join(parts[-1].split()[1:])
            for part in parts:
                out.append((part if len(part.split()) > 1 else f"{part} {rest}", derived))
    return out


def _overrides() -> dict[str, str | None]:
    """``index_overrides`` of the rules file: bare titles the sources file misleadingly."""
    import yaml

    data = yaml.safe_load((taxonomy_dir() / RULES_FILE).read_text(encoding="utf-8"))
    return {str(k): (None if v is None else str(v)) for k, v in (data.get("index_overrides") or {}).items()}


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [line.rstrip("\r\n").split("\t") for line in handle]
    return rows[1:]


def build_index(reference: Path, rules: Rules | None = None) -> bytes:
    """The index file's bytes, built from the files in ``reference``."""
    rules = rules if rules is not None else load_rules()
    overrides = _overrides()
    occupations: dict[tuple[str, str], tuple[str, str]] = {}  # (scheme, code) → (label, group)
    # canonical title → {(scheme, code): [best tier, count]}
    claims: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(dict)

    # head word → {O*NET code: titles of two words or more it ends}
    heads: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def claim(title: str, tier: int, occupation: tuple[str, str], weight: int = 1) -> None:
        for text, t in _variants(title.strip(), tier):
            key = canonical(text, rules)
            if len(key) < 2:
                continue  # a letter left of "RT(R)" or "A/B" names nothing
            if occupation[0] == "onet" and " " in key:
                heads[key.rsplit(" ", 1)[1]][occupation[1]] += 1
            held = claims[key].setdefault(occupation, [t, 0])
            held[0] = min(held[0], t)
            held[1] += weight

    for code, title, *_ in _read_tsv(reference / FILES[0]):
        occupations[("onet", code)] = (title, "")
        claim(title, ONET_TITLE, ("onet", code))
        head = title.split(",", 1)[0]
        if head != title and head.endswith("s"):
            # "Substitute Teachers, Short-Term": the part before the comma names the occupation
            # when it ends with the plural the titles are written in ("Hotel, Motel, and Resort
            # Desk Clerks" does not make a hotel an occupation).
            claim(head, ONET_TITLE, ("onet", code))
    for code, title, short, sources in _read_tsv(reference / FILES[1]):
        weight = 1 + len([s for s in sources.split(",") if s.strip()])
        claim(title, ONET_ALTERNATE, ("onet", code), weight)
        if short and short != "n/a":
            claim(short, ONET_ALTERNATE, ("onet", code), weight)
    for code, title, *_ in _read_tsv(reference / FILES[2]):
        claim(title, ONET_ALTERNATE, ("onet", code))
    with open(reference / FILES[3], encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("conceptType") != "Occupation" or not row.get("code"):
                continue
            occupation = ("esco", row["code"])
            occupations[occupation] = (row["preferredLabel"].strip(), row["iscoGroup"].strip())
            claim(row["preferredLabel"], ESCO_PREFERRED, occupation)
            for column, tier in (("altLabels", ESCO_ALT), ("hiddenLabels", ESCO_HIDDEN)):
                for label in (row.get(column) or "").split("\n"):
                    if label.strip():
                        claim(label, tier, occupation)

    # The words of each O*NET occupation's own title ("Laborers and Freight, Stock, and Material
    # Movers, Hand" → ... mover): among claimants given a title the same way, the one
    # whose own name holds more of its words is the likelier owner ("Mover", "Systems Engineer").
    # Generic head nouns ("manager", "assistant") do not count: they name no occupation.
    family = {head for head, codes in heads.items() if len(codes) >= GENERIC_CODES}
    named = {occ: set(canonical(label, rules).split()) - family
             for occ, (label, _) in occupations.items() if occ[0] == "onet"}  # fmt: skip
    chosen = {key: min(held, key=lambda occ: (held[occ][0], -len(named.get(occ, set()).intersection(key.split())),
                                              -held[occ][1], occ[0] != "onet", occ[1]))
              for key, held in claims.items()}  # fmt: skip
    generic = set()
    for key in chosen:
        headed = heads.get(key)
        if " " not in key and headed and len(headed) >= GENERIC_CODES:
            # "Engineer", "Teacher", "Specialist" end titles of many occupations: a family, not
            # an occupation. It goes to the one it ends most titles of, marked generic.
            chosen[key] = ("onet", min(headed, key=lambda code: (-headed[code], code)))
            generic.add(key)
    for title, code in overrides.items():
        key = canonical(title, rules)
        generic.discard(key)
        if code is None:
            chosen.pop(key, None)
        else:
            chosen[key] = ("onet", code)
    # A title the sources give to occupations both far from client work and near it ("Finance
    # Specialist": payroll clerks and financial services sales agents) is marked mixed when the
    # chosen one is far and the near ones hold a quarter of its claims or more: a lookup then
    # gives it a confidence below the role-fit gate.
    fixed = {canonical(title, rules) for title in overrides}
    def near_share(key: str) -> float:
        held = claims[key]
        best = min(tier for tier, _ in held.values())
        weights = {occ: count for occ, (tier, count) in held.items() if tier == best}
        near = sum(count for occ, count in weights.items() if relation_of(*occ, rules) != "unrelated")
        return near / sum(weights.values())

    mixed = {key for key, occ in chosen.items()
             if key not in fixed and relation_of(*occ, rules) == "unrelated" and near_share(key) >= MIXED_SHARE}  # fmt: skip
    used = sorted(set(chosen.values()), key=lambda occ: (occ[0] != "onet", occ))
    row_of = {occ: i for i, occ in enumerate(used)}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((reference / name).read_bytes())
    header = [
        f"{FORMAT}\t{rules.version}",
        "sources\tO*NET 29.2 (occupation data, alternate titles, reported titles); ESCO v1.1.1 occupations (en)",
        f"sources_sha256\t{digest.hexdigest()}",
        *(f"attribution\t{line}" for line in ATTRIBUTION),
        # The shipped index records the command that first built it; this line is part of the
        # bytes --check compares, so it changes only together with a rebuild of the index.
        "built_by\tpython -m matcher.occupation_index",
        f"counts\t{len(used)} occupations, {len(chosen)} titles",
    ]
    table = [f"{code}\t{scheme}\t{occupations[(scheme, code)][0]}\t{occupations[(scheme, code)][1]}"
             for scheme, code in used]  # fmt: skip
    shards: dict[str, list[str]] = defaultdict(list)
    for key in sorted(chosen):
        shards[key[:SHARD]].append(f"{key}\t{'~' if key in generic else ''}{'?' if key in mixed else ''}{row_of[chosen[key]]}")
    blobs, spans, at = [], [], 0
    for prefix in sorted(shards):
        blob = "\n".join(shards[prefix]).encode("utf-8")
        spans.append(f"{prefix}\t{at}\t{at + len(blob)}")
        blobs.append(blob)
        at += len(blob)
    text = "\n".join(header) + "\n%%\n" + "\n".join(table) + "\n%%\n" + "\n".join(spans) + "\n%%\n"
    return gzip.compress(text.encode("utf-8") + b"".join(blobs), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matcher.extract.occupation_index", description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder holding the O*NET and ESCO files (default: ../shared/reference/full)")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: taxonomy/occupations.tsv.gz)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when the shipped file differs from a rebuild")
    args = parser.parse_args(argv)
    missing = [name for name in FILES if not (args.reference / name).is_file()]
    if missing:
        print(f"error: {args.reference}: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    out = args.out or taxonomy_dir() / INDEX_FILE
    data = build_index(args.reference)
    if args.check:
        same = out.is_file() and gzip.decompress(out.read_bytes()) == gzip.decompress(data)
        print(f"{out}: {'up to date' if same else 'differs from a rebuild'}")
        return 0 if same else 1
    out.write_bytes(data)
    print(f"{out}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
