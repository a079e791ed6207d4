"""A job title as written → the taxonomy role and scored rung it names, and its seniority.

The rule, for every title: expand the abbreviations the lexicon lists ("Sr. Acct. Mgr" →
"senior account manager"), find every taxonomy title phrase in it, and take the first phrase
that names a scored rung (longest on a tie); if none does, the first phrase of any role.
So "Sr Account Executive + Account Manager" is an account executive, "Virtual Sales
Associate Account Manager" an account manager, and "Account Executive Assistant" an account
executive — the rung the wording names, whatever modifiers come before or after it.

Seniority is read from the words up to the end of that phrase ("Senior Account Manager",
"Account Manager Senior" only when nothing else follows): words after it are most often the
employer's name run on ("Account Coordinator Senior Care Solutions"), and an employer's name
never makes a title senior.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from matcher.types import RUNGS

if TYPE_CHECKING:
    from spacy.language import Language

    from matcher.taxonomy.load import Taxonomy


# A dash or slash glued to one side of a word ("Account Executive- Dallas", "Account
# Manager/ Inside Sales") would hide the title from the tokenizer.
_DANGLING = re.compile(r"(?<=\w)[-–—/]+(?=\s|$)|(?<=\s)[-–—/]+(?=\w)")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    role: str
    rung: str | None
    seniority: str | None
    phrase: str
    """The title phrase found, as written after expanding abbreviations."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    abbreviations: re.Pattern[str] | None
    expansions: dict[str, str]
    seniority: re.Pattern[str] | None
    seniority_names: dict[str, str]


@lru_cache(maxsize=8)
def _lexicon(taxonomy: Taxonomy) -> _Lexicon:
    abbreviations = dict(taxonomy.lexicon.get("title_abbreviations", {}) or {})
    pattern = None
    if abbreviations:
        keys = sorted(abbreviations, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")
    modifiers = taxonomy.lexicon.get("title_modifiers", {}) or {}
    names: dict[str, str] = {}
    for group in ("seniority_up", "seniority_down"):
        for word in modifiers.get(group, ()) or ():
            word = str(word).lower()
            key = word.capitalize()
            expanded = str(abbreviations.get(key) or abbreviations.get(key.rstrip(".") + ".") or word).lower()
            names[word] = expanded.replace("-", " ")
    seniority = None
    if names:
        words = sorted(names, key=len, reverse=True)
        seniority = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)
    return _Lexicon(pattern, abbreviations, seniority, names)


def expand_abbreviations(title: str, taxonomy: Taxonomy) -> str:
    """``title`` with the lexicon's title abbreviations spelled out (case-sensitive)."""
    lexicon = _lexicon(taxonomy)
    if lexicon.abbreviations is None:
        return title
    return lexicon.abbreviations.sub(lambda m: lexicon.expansions[m.group()], title)


def seniority_of(title: str, taxonomy: Taxonomy) -> str | None:
    """The first seniority modifier in ``title`` ("senior", "junior", "associate"...), if any."""
    lexicon = _lexicon(taxonomy)
    if lexicon.seniority is None:
        return None
    match = lexicon.seniority.search(title)
    return lexicon.seniority_names.get(match.group().lower()) if match else None


def resolve_title(title: str, *, nlp: Language, taxonomy: Taxonomy) -> TitleMatch | None:
    """The role and rung ``title`` names (see the module doc for the rule), or None."""
    if not title or not title.strip():
        return None
    return _resolve(title, nlp, taxonomy)


@lru_cache(maxsize=8192)
def _resolve(title: str, nlp: Language, taxonomy: Taxonomy) -> TitleMatch | None:
    # Cached: the same titles ("Account Manager") recur across a batch of documents.
    expanded = _DANGLING.sub(" ", expand_abbreviations(title, taxonomy))
    doc = nlp.make_doc(expanded)
    spans = nlp.get_pipe("matcher_titles").find(doc)
    if not spans:
        return None
    scored = [s for s in spans if _rung(taxonomy, s.label_) in RUNGS]
    pool = scored or spans
    best = min(pool, key=lambda s: (s.start, -(s.end - s.start), s.label_))
    role = best.label_
    return TitleMatch(role, _rung(taxonomy, role), _title_seniority(expanded, best.end_char, taxonomy), best.text)


def _title_seniority(title: str, phrase_end: int, taxonomy: Taxonomy) -> str | None:
    """Seniority from the words before and within the title phrase; after it only when the
    rest is nothing but seniority words ("Account Manager, Senior")."""
    found = seniority_of(title[:phrase_end], taxonomy)
    if found is not None:
        return found
    rest = title[phrase_end:].strip(" ,;:-–—()[]|/")
    after = seniority_of(rest, taxonomy) if rest else None
    if after is not None and _lexicon(taxonomy).seniority.sub("", rest).strip(" ,;:-–—()[]|/.") == "":
        return after
    return None


def is_employer(text: str, taxonomy: Taxonomy) -> bool:
    """Whether ``text`` ends like an organisation's name ("Acme Group", "Contoso, Inc.")."""
    words = text.strip(" ,;:-–—()[]|/").lower().split()
    suffixes = _employer_suffixes(taxonomy)
    return len(words) >= 2 and (words[-1] in suffixes or words[-1].rstrip(".,") in suffixes)


@lru_cache(maxsize=8)
def _employer_suffixes(taxonomy: Taxonomy) -> frozenset[str]:
    return frozenset(str(w).lower() for w in taxonomy.lexicon.get("employer_suffixes", ()) or ())


def _rung(taxonomy: Taxonomy, role_id: str) -> str | None:
    role = taxonomy.roles.get(role_id)
    return role.rung if role is not None else None
