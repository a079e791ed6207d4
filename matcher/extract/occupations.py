"""A job title as people write it → the O*NET or ESCO occupation it names, and how far that
occupation is from client account work.

    title ─► words ─► canonical words ─► index lookup (exact, normalised, part, head, span, rank, noun)
          ─► Occupation(code, label, scheme, method, confidence, relation, matched)

The index (``taxonomy/occupations.tsv.gz``, built by ``python -m matcher.extract.occupation_index``)
maps every O*NET 29.2 title (occupation titles, alternate and short titles, reported titles)
and every ESCO v1.1.1 label (preferred, alternative, hidden) in canonical form to one
occupation; where several claim a title the build chose one (see that module). The rules
(``taxonomy/occupations.yaml``) say how titles become canonical and give the relation table.

Canonical form, on both sides of the lookup: lower case, accents and punctuation gone, the
listed abbreviations spelled out ("Sr." → senior, "RGN" → registered general nurse), words
singular ("nurses" → nurse), gendered forms folded ("waitress" → waiter), numbers and Roman
numeral levels dropped ("Technician 1", "Analyst II").

A title is tried in this order; the first method that finds something wins, and within a
method the earlier part of a joined title, then the match covering most of the title:

- ``exact``: the canonical title is an indexed title;
- ``normalised``: so is the title without seniority words and job-board decoration ("Senior",
  "Head of", "Nights", "Job", "Permanent"), or without a level number;
- ``part``: one part of a title joined with "/", "&", "+", "and", commas, dashes or brackets
  ("PASTRY CHEF /SERVER" → pastry chef; "Staff Nurse, Cardiff" → staff nurse), exact or
  normalised;
- ``head``: the longest indexed tail of two words or more ("lead senior graphic designer" →
  graphic designer), the head of an English noun phrase being its end;
- ``span``: the longest indexed run of two words or more elsewhere ("Support Worker Job
  Ivybridge" → support worker), for titles followed by a place or an employer;
- ``rank``: when nothing matched, or only a rank did ("Director", "Vice President"): the function the rank heads, read as that function's manager, director or
  supervisor (a staff rank: its specialist, officer, coordinator...) — "Clinical Lead" →
  clinical manager, "Head of Finance" → finance manager, "VP Information Technology" →
  information technology manager (the rules' ``ranks``);
- ``noun``: the last single word that is an indexed title ("Renal Dialysis Nurse" → nurse);
- ``unknown``: none of these (``relation`` is then ``unknown`` too).

``confidence`` is the method's base (1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5) times ``(1 + coverage)
/ 2``, where coverage is the share of the title's content words (without decoration) the match
covers: it rises with how much of the title matched and how directly.

Two guards of the rules' ``relation_guards`` then keep the relation conservative: a match on a
rank of any function ("Manager", "Vice President" alone), or on a title the sources give to
occupations both near and far from client work (marked when the index is built), gets a
confidence of at most 0.25, below the role-fit gate's 0.3; and a title with a client-facing
phrase ("customer service", "sales", "account handler") is never ``unrelated``, unless a word
gives the phrase another sense ("Sales Ledger Clerk", "Customer Service Engineer").
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from matcher.types import Occupation

__all__ = ["Occupation", "OccupationIndex", "canonical_words", "load_occupations", "names_family", "occupation_of"]

INDEX_FILE = "occupations.tsv.gz"
RULES_FILE = "occupations.yaml"
FORMAT = "matcher-occupations/2"
SHARD = 2
"""Titles are stored in shards by this many first characters."""
"""The index file's layout; the builder writes it in the first header line."""

RELATIONS = ("account", "neighbour", "unrelated", "unknown")
_BASE = {"exact": 1.0, "normalised": 0.95, "part": 0.9, "head": 0.8, "span": 0.7, "rank": 0.6, "noun": 0.5}
_ORDER = {m: i for i, m in enumerate(_BASE)}
_MAX_WORDS = 16
"""Longer "titles" are sentences: only their first words are looked at."""

_WORD = re.compile(r"[^\W_]+(?:['’`-][^\W_]+)*")
_SPLIT = re.compile(r"\s*(?:[/+|,;()\[\]{}·•]|(?<!\w)&|&(?!\w)|\s[-–—]\s|\s(?:and|at|@|for|in)\s)\s*", re.I)
"""Where a title joins others: "/", "&" between words (not in "R&D"), commas, brackets..."""
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})")
"""A lower-case letter run then a capitalised word, inside one written word: a space lost in
scraping ("Support WorkerCranleigh"). Keeps "McDonald" and "iPhone" whole."""
_POSSESSIVE = re.compile(r"['’`]s$")
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi"})


# --- rules -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rules:
    """``taxonomy/occupations.yaml``, validated and compiled."""

    version: str
    joined_prefixes: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]]
    irregular: dict[str, str]
    keep_s: frozenset[str]
    gendered: dict[str, str]
    drop_at: dict[str, tuple[tuple[str, ...], ...]]
    """Seniority and decoration phrases (canonical words) by their first word, longest first."""
    soc: dict[str, str]
    isco: dict[str, str]
    ambiguous: frozenset[tuple[str, ...]] = frozenset()
    """Titles (canonical words) that name a rank or a family of any function ("manager",
    "vice president"): a match on one of them alone is never sure of the relation."""
    client: tuple[tuple[str, ...], ...] = ()
    """Phrases (canonical words) that make a title client-facing commercial work ("customer
    service", "sales", "business development")."""
    client_at: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """``client`` by first word."""
    client_block: frozenset[str] = frozenset()
    """Words that give those phrases another sense ("sales ledger", "customer service engineer")."""
    rank_at: dict[str, tuple[tuple[tuple[str, ...], bool], ...]] = field(default_factory=dict)
    """Rank phrases (canonical words) by their first word, each with whether it is a leading
    rank ("manager", "head of", "vice president") or a staff one ("specialist", "associate"):
    leading ones first, longest first."""
    leading_try: tuple[str, ...] = ()
    """Ranks tried, in order, in place of a leading rank to find the function's occupation."""
    staff_try: tuple[str, ...] = ()
    """The same for a staff rank."""
    no_function: frozenset[str] = frozenset()
    """Words that name no function ("team", "department"): a rank with only these is any rank."""
    weak_function: frozenset[str] = frozenset()
    """Words that name a function only with another ("services", "support")."""


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and check the rules file; raises ``TaxonomyError`` listing every problem."""
    import yaml

    from matcher.errors import TaxonomyError
    from matcher.resources import taxonomy_dir

    path = Path(path) if path is not None else taxonomy_dir() / RULES_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError([f"{path}: cannot read the occupation rules ({exc})"]) from exc
    problems: list[str] = []
    canon = data.get("canonical") or {}
    drop = data.get("drop") or {}
    relation = data.get("relation") or {}
    if not isinstance(data.get("version"), str):
        problems.append("version must be a quoted string")
    for scheme in ("soc", "isco"):
        for code, value in (relation.get(scheme) or {}).items():
            if value not in RELATIONS[:3]:
                problems.append(f"relation.{scheme}.{code}: {value!r} is not one of {', '.join(RELATIONS[:3])}")
    if problems:
        raise TaxonomyError(f"{path}: {p}" for p in problems)
    base = Rules(
        version=data["version"],
        joined_prefixes=frozenset(map(str, canon.get("joined_prefixes") or ())),
        abbreviations={},
        irregular={str(k): str(v) for k, v in (canon.get("irregular") or {}).items()},
        keep_s=frozenset(map(str, canon.get("keep_s") or ())),
        gendered={},
        drop_at={},
        soc={str(k): str(v) for k, v in (relation.get("soc") or {}).items()},
        isco={str(k): str(v) for k, v in (relation.get("isco") or {}).items()},
    )
    # The lists are written as people write titles; make them canonical with the rules
    # known so far so they compare with canonical words.
    abbreviations = {str(k).lower(): tuple(_canonical_word(w, base) for w in str(v).lower().split())
                     for k, v in (canon.get("abbreviations") or {}).items()}  # fmt: skip
    gendered = {str(k).lower(): _canonical_word(str(v).lower(), base)
                for k, v in (canon.get("gendered") or {}).items()}  # fmt: skip
    rules = Rules(**{**{f: getattr(base, f) for f in base.__slots__}, "abbreviations": abbreviations,
                     "gendered": gendered})  # fmt: skip
    phrases = {tuple(canonical_words(str(p), rules)) for group in drop.values() for p in group or ()}
    relations = data.get("relation_guards") or {}
    ranks = data.get("ranks") or {}

    def canonical_set(key: str, table: dict = relations) -> list[tuple[str, ...]]:
        return sorted({tuple(canonical_words(str(p), rules)) for p in table.get(key) or ()} - {()})

    def canonical_list(key: str) -> tuple[str, ...]:
        return tuple(" ".join(canonical_words(str(p), rules)) for p in ranks.get(key) or ())
    return Rules(**{**{f: getattr(rules, f) for f in rules.__slots__},
                    "drop_at": _by_first(_longest_first([p for p in phrases if p])),
                    "ambiguous": frozenset(canonical_set("ambiguous")),
                    "client": tuple(canonical_set("client")),
                    "client_at": _by_first(canonical_set("client")),
                    "client_block": frozenset(w for p in canonical_set("client_block") for w in p),
                    "rank_at": _by_first([(p, True) for p in _longest_first(canonical_set("leading", ranks))]
                                         + [(p, False) for p in _longest_first(canonical_set("staff", ranks))]),
                    "leading_try": canonical_list("leading_try"),
                    "staff_try": canonical_list("staff_try"),
                    "no_function": frozenset(w for p in canonical_set("no_function", ranks) for w in p),
                    "weak_function": frozenset(w for p in canonical_set("weak_function", ranks) for w in p)})  # fmt: skip


def _by_first(phrases: list) -> dict[str, tuple]:
    """Phrases (canonical word tuples, or pairs whose first item is one) by their first word,
    in the order given."""
    out: dict[str, list] = {}
    for phrase in phrases:
        words = phrase[0] if isinstance(phrase[0], tuple) else phrase
        out.setdefault(words[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def _longest_first(phrases: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return sorted(phrases, key=lambda p: (-len(p), p))


# --- canonical words -------------------------------------------------------------------


def _fold(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose, no combining marks: most titles, at no cost
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _singular(word: str, rules: Rules) -> str:
    if word in rules.irregular:
        return rules.irregular[word]
    if len(word) <= 3 or word in rules.keep_s or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _canonical_word(word: str, rules: Rules) -> str:
    word = _singular(word, rules)
    return rules.gendered.get(word, word)


def _pieces(word: str, rules: Rules) -> list[str]:
    """One written word (lower case, folded) → its canonical words (none for a number)."""
    if not word.isalpha():  # letters only (most words): no apostrophe to drop
        word = _POSSESSIVE.sub("", word).replace("'", "").replace("’", "").replace("`", "")
    parts = word.split("-")
    joined: list[str] = []
    for part in parts:
        if joined and joined[-1] in rules.joined_prefixes:
            joined[-1] += part
        else:
            joined.append(part)
    out: list[str] = []
    for part in joined:
        # A letter is never a digit: only a part with other characters is searched for one.
        if not part or (not part.isalpha() and any(c.isdigit() for c in part)) or part in _ROMAN:
            continue  # levels and numbers: "Technician 1", "Analyst II", "£30k"
        single = _singular(part, rules)
        if part in rules.abbreviations or single in rules.abbreviations:
            out.extend(rules.abbreviations.get(part) or rules.abbreviations[single])
        else:
            out.append(rules.gendered.get(single, single))
    return out


def _words(text: str, rules: Rules) -> tuple[list[str], list[tuple[int, int]], bool]:
    """Canonical words of ``text``, the character span of the written word each came from,
    and whether a number or level was dropped."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    dropped = False
    folded = _fold(text)
    aligned = len(folded) == len(text)  # else (a ligature unfolded) spans cover the whole text
    for m in _WORD.finditer(folded):
        written = m.group()
        bounds = [0, *(g.start() for g in _GLUED.finditer(written)), len(written)]
        for a, b in zip(bounds, bounds[1:]):
            pieces = _pieces(written[a:b].lower(), rules)
            dropped = dropped or not pieces
            span = (m.start() + a, m.start() + b) if aligned else (0, len(text))
            for piece in pieces:
                if words and words[-1] == piece:
                    continue  # "RGN Nurse" → registered nurse nurse → registered nurse
                words.append(piece)
                spans.append(span)
    return words, spans, dropped


def canonical_words(text: str, rules: Rules | None = None) -> list[str]:
    """``text``'s canonical words (see the module doc)."""
    rules = rules if rules is not None else load_occupations().rules
    return _words(text, rules)[0]


def canonical(text: str, rules: Rules | None = None) -> str:
    """``text`` as an index key: its canonical words joined by spaces."""
    return " ".join(canonical_words(text, rules))


def _without(words: list[str], rules: Rules) -> list[int]:
    """Indexes of ``words`` left after removing the drop phrases (longest first at each word)."""
    keep: list[int] = []
    i = 0
    while i < len(words):
        for phrase in rules.drop_at.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            keep.append(i)
            i += 1
    return keep


# --- the index -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class OccupationIndex:
    """Canonical titles → occupation rows, with the rules that made them canonical.

    The titles are stored in shards by their first two characters and a shard is read the
    first time a lookup needs it: one document touches a few dozen of them, so a cold start
    pays for those, not for all 78,000 titles.
    """

    version: str
    codes: tuple[str, ...]
    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    groups: tuple[str, ...]
    """ISCO-08 group of ESCO rows ("" for O*NET rows)."""
    rules: Rules
    shards: dict[str, tuple[int, int]]
    """Shard prefix → where its lines are in ``data``."""
    data: bytes
    loaded: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        """The row of ``key`` as text ("~12" marks a generic head noun such as "engineer")."""
        prefix = key[:SHARD]
        shard = self.loaded.get(prefix)
        if shard is None:
            span = self.shards.get(prefix)
            lines = self.data[span[0] : span[1]].decode("utf-8").split("\n") if span else []
            shard = self.loaded[prefix] = dict(line.split("\t", 1) for line in lines)
        return shard.get(key)

    def read_all(self) -> OccupationIndex:
        """Read every shard now (a batch's fork server does, once for all its workers)."""
        for prefix in self.shards:
            self.get(prefix)  # a prefix is looked up in its own shard, which reads it
        return self

    def titles(self) -> list[str]:
        """Every indexed title."""
        return sorted(key for prefix in self.read_all().shards for key in self.loaded[prefix])

    def relation(self, row: int) -> str:
        """``neighbour`` or ``unrelated`` for an occupation row, from the rules' table."""
        return _relation(self, row)

    def occupation(self, row: int, *, method: str, confidence: float, matched: str,
                   relation: str | None = None) -> Occupation:  # fmt: skip
        return Occupation(self.codes[row], self.labels[row], self.schemes[row], method,
                          round(confidence, 2), relation or self.relation(row), matched)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _relation(index: OccupationIndex, row: int) -> str:
    return relation_of(index.schemes[row], index.codes[row], index.rules)


def relation_of(scheme: str, code: str, rules: Rules) -> str:
    """The rules' relation of an occupation code (the longest listed prefix; else unrelated)."""
    # An ESCO code starts with its ISCO-08 group ("1420.3" is in 1420): one prefix rule serves
    # a whole group and a single ESCO occupation.
    table = rules.soc if scheme == "onet" else rules.isco
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table[code[:n]]
    return "unrelated"


def read_index(path: str | Path, rules: Rules) -> OccupationIndex:
    """Read an index file written by ``matcher.extract.occupation_index``."""
    from matcher.errors import TaxonomyError

    try:
        raw = gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError) as exc:
        raise TaxonomyError([f"{path}: cannot read the occupation index ({exc}); rebuild it with "
                             "python -m matcher.extract.occupation_index"]) from exc  # fmt: skip
    parts = raw.split(b"\n%%\n", 3)
    first = parts[0].split(b"\n", 1)[0].decode("utf-8", "replace").split("\t")
    if first[0] != FORMAT or len(parts) != 4:
        raise TaxonomyError([f"{path}: not a {FORMAT} file; rebuild it with python -m matcher.extract.occupation_index"])
    _, table, shards, data = parts
    codes, schemes, labels, groups = zip(*(line.split("\t") for line in table.decode("utf-8").split("\n")))
    spans = {}
    for line in shards.decode("utf-8").split("\n"):
        prefix, start, end = line.split("\t")
        spans[prefix] = (int(start), int(end))
    return OccupationIndex(first[1], codes, schemes, labels, groups, rules, spans, data)


@functools.cache
def load_occupations() -> OccupationIndex:
    """The shipped index and rules, read once per process (lazily: only a lookup needs it)."""
    from matcher.resources import taxonomy_dir

    rules = load_rules()
    return read_index(taxonomy_dir() / INDEX_FILE, rules)


# --- lookup ----------------------------------------------------------------------------


def occupation_of(title: str | None) -> Occupation | None:
    """The occupation ``title`` names (see the module doc); None only for an empty title."""
    if title is None or not title.strip():
        return None
    return _occupation_of(title.strip())


@functools.lru_cache(maxsize=8192)
def _occupation_of(title: str) -> Occupation:
    # Cached: the same titles recur across positions and documents in a batch.
    index = load_occupations()
    whole = _Text(title, index.rules)
    best: _Hit | None = None
    rank: tuple[int, ...] = ()
    # The best method wins; on a tie the earlier part (people write the main title first),
    # then the match covering more words.
    for n, text in enumerate([title, *_parts(title)]):
        piece = whole if n == 0 else _Text(text, index.rules)
        hit = _best_hit(piece, index, n == 0)
        if hit is None:
            continue
        key = (_ORDER[hit.method], n, -hit.covered, -hit.length, hit.start)
        if best is None or key < rank:
            best, rank = hit, key
    rules = index.rules
    if best is None or tuple(best.words) in rules.ambiguous:
        # Nothing, or a rank alone ("Director" of "Director of Finance"): read the rank
        # through the function the title names, when it names one. ("Lead Cook" is a cook.)
        by_rank = _by_rank(whole, index)
        if by_rank is not None:
            best = by_rank
    if best is None:
        return Occupation(None, None, None, "unknown", 0.0, "unknown", title)
    coverage = best.covered / max(1, whole.content)
    confidence = _BASE[best.method] * (1 + min(1.0, coverage)) / 2
    relation = index.relation(best.row)
    if best.mixed or tuple(best.words) in rules.ambiguous:
        # "Manager", "Vice President", "Business Manager": a rank of any function (sales
        # too), whatever occupation the sources filed it under; "Program Manager", which the
        # sources give to sales and to far occupations alike.
        confidence = min(confidence, AMBIGUOUS_CONFIDENCE)
    if relation == "unrelated" and _client_facing(whole.words, rules):
        # "Customer Service Assistant", "Account Handler": client-facing commercial work is
        # never far from it, whatever the sources filed the words under.
        relation = "neighbour"
    return index.occupation(best.row, method=best.method, confidence=confidence, matched=best.matched,
                            relation=relation)  # fmt: skip


def _by_rank(whole: _Text, index: OccupationIndex) -> _Hit | None:
    """The occupation of the function a rank heads: the title's other words with each rank of
    the same level in turn ("Clinical Lead" → clinical manager, "Head of Finance" → finance
    manager, "Relationship Banking Associate" → banking specialist), longest function first;
    None when the title names no function or none of these is indexed."""
    rules = index.rules
    words = whole.words
    ranks: list[tuple[int, int]] = []  # (first, past-the-end) of each rank phrase
    leading = False
    i = 0
    while i < len(words):
        for phrase, is_leading in rules.rank_at.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                ranks.append((i, i + len(phrase)))
                leading = leading or is_leading
                i += len(phrase)
                break
        else:
            i += 1
    if not ranks:
        return None
    in_rank = {j for a, b in ranks for j in range(a, b)}
    kept = set(whole.kept)

    def run(indexes: range) -> list[int]:  # content words next to a rank, up to the first gap
        out = []
        for j in indexes:
            if j in in_rank or j not in kept or words[j] in rules.no_function:
                break
            out.append(j)
        return out

    # The function stands before the rank ("Clinical Lead") or after it ("Head of Care",
    # "VP Information Technology"). A run is shortened to its head first, the end of an English
    # noun phrase ("Relationship Banking Associate" → banking, "Director Global Sales" →
    # sales), then to its start, for a place or a unit written after the function ("Head of
    # Finance North West" → finance).
    before = run(range(ranks[0][0] - 1, -1, -1))[::-1]
    after = ranks[-1][1]
    after += after < len(words) and words[after] == "of"
    after_run = run(range(after, len(words)))
    shortened = [before[k:] for k in range(len(before))]
    shortened += [after_run[k:] for k in range(len(after_run))]
    shortened += [after_run[:k] for k in range(len(after_run) - 1, 0, -1)]
    tries = rules.leading_try if leading else rules.staff_try
    for function in shortened:
        names = [words[j] for j in function]
        if len(names) == 1 and names[0] in rules.weak_function:
            continue
        for rank in tries:
            for key in (" ".join([*names, rank]), " ".join([rank, "of", *names])):
                value = index.get(key)
                if value is None:
                    continue
                value = value.lstrip("~")
                first, last = min(function[0], ranks[0][0]), max(function[-1], ranks[-1][1] - 1)
                covered = len(names) + sum(1 for j in in_rank if j in kept)
                return _Hit(int(value.lstrip("?")), "rank", min(covered, whole.content), last - first + 1, first,
                            whole.matched(first, last), value[0] == "?", key.split())  # fmt: skip
    return None


AMBIGUOUS_CONFIDENCE = 0.25
"""The most a match on a rank of any function can claim (below the 0.3 the role-fit gate needs)."""


def _client_facing(words: list[str], rules: Rules) -> bool:
    """True when ``words`` hold a client-facing phrase and no word that gives it another sense."""
    at = rules.client_at
    found = any(tuple(words[i : i + len(p)]) == p for i, w in enumerate(words) if w in at for p in at[w])
    return found and rules.client_block.isdisjoint(words)


def _parts(title: str) -> list[str]:
    parts = [p.strip(" -–—*#_:.") for p in _SPLIT.split(title)]
    parts = [p for p in parts if p]
    return parts if len(parts) > 1 else []


@dataclass(slots=True)
class _Text:
    """A title's canonical words, where each came from, and which of them are content."""

    text: str
    words: list[str]
    spans: list[tuple[int, int]]
    levelled: bool
    kept: list[int]
    """Indexes of the words left without seniority and decoration."""

    def __init__(self, text: str, rules: Rules) -> None:
        self.text = text
        words, spans, levelled = _words(text, rules)
        self.words, self.spans, self.levelled = words[:_MAX_WORDS], spans[:_MAX_WORDS], levelled
        self.kept = _without(self.words, rules)

    @property
    def content(self) -> int:
        return len(self.kept) or len(self.words)

    def matched(self, first: int, last: int) -> str:
        """The written text from word ``first`` to word ``last`` (indexes into ``words``)."""
        return self.text[self.spans[first][0] : self.spans[last][1]].strip()


@dataclass(frozen=True, slots=True)
class _Hit:
    row: int
    method: str
    covered: int
    """Content words of the whole title this match covers."""
    length: int
    start: int
    matched: str
    mixed: bool = False
    """The sources give the title to occupations both far from and near client work."""
    words: list[str] = field(default_factory=list)
    """The canonical words matched."""



def _best_hit(piece: _Text, index: OccupationIndex, is_whole: bool) -> _Hit | None:
    """The best match inside one piece of the title, by the first method that finds one."""
    keys = index
    words, kept = piece.words, piece.kept
    if not words:
        return None

    def hit(value: str, method: str, first: int, last: int, covered: int) -> _Hit:
        if value[0] == "~":  # a generic head noun ("engineer") names a family, not an occupation
            value, method = value[1:], "noun"
        mixed = value[0] == "?"  # the sources give this title to client-facing occupations too
        return _Hit(int(value.lstrip("?")), method, covered, last - first + 1, first, piece.matched(first, last),
                    mixed, words[first : last + 1])  # fmt: skip

    # A part that matches is a "part" match of the whole title, however it matched.
    found = None
    value = keys.get(" ".join(words))
    if value is not None:
        method = ("normalised" if piece.levelled else "exact") if is_whole else "part"
        found = hit(value, method, 0, len(words) - 1, len(kept) or len(words))
        if index.schemes[found.row] == "onet":
            return found
    if kept and len(kept) < len(words):
        value = keys.get(" ".join(words[i] for i in kept))
        # O*NET's code wins over ESCO's: "Senior Account Manager" is an ESCO label, but O*NET
        # knows the account manager.
        if value is not None and (found is None or index.schemes[int(value.lstrip("~?"))] == "onet"):
            return hit(value, "normalised" if is_whole else "part", kept[0], kept[-1], len(kept))
    if found is not None:
        return found
    content = [words[i] for i in kept] or words
    where = kept or list(range(len(words)))
    n = len(content)
    # The longest indexed tail of two words or more.
    for start in range(1, n - 1):
        value = keys.get(" ".join(content[start:]))
        if value is not None:
            return hit(value, "head", where[start], where[-1], n - start)
    # The longest indexed run of two words or more, the earliest first.
    for length in range(n - 1, 1, -1):
        for start in range(0, n - length + 1):
            value = keys.get(" ".join(content[start : start + length]))
            if value is not None:
                return hit(value, "span", where[start], where[start + length - 1], length)
    # The last single word that is a title.
    for i in range(n - 1, -1, -1):
        value = keys.get(content[i])
        if value is not None:
            return hit(value, "noun", where[i], where[i], 1)
    return None


def names_family(occupation: Occupation) -> bool:
    """True for a bare generic head noun ("Teacher", "Engineer"): a family of occupations,
    never a surname, unlike the head noun of "Jane Baker"."""
    if occupation.method != "noun":
        return False
    index = load_occupations()
    value = index.get(canonical(occupation.matched, index.rules))
    return value is not None and value.startswith("~")


def with_relation(occupation: Occupation | None, relation: str) -> Occupation | None:
    """``occupation`` with another relation (the taxonomy outranks the index for our roles)."""
    import dataclasses

    if occupation is None or occupation.relation == relation:
        return occupation
    return dataclasses.replace(occupation, relation=relation)
