"""Turn the taxonomy's pattern strings into plain matching data for spaCy.

A pattern is a phrase in a tiny language documented in ``taxonomy/SCHEMA.md``:

- ``(a|b|c)`` picks one alternative; an empty alternative makes the group optional;
- ``word/v`` expands to the verb's forms (negotiate, negotiates, negotiated, negotiating);
- ``word/n`` expands to the noun's forms (relationship, relationships);
- ``<num>`` stands for one number token ("a portfolio of <num> accounts"); not ``#``, which
  YAML would read as the start of a comment;
- a leading ``=`` makes the whole pattern case-sensitive ("=Excel").

Plain phrases become ``(id, lower-cased phrase)`` pairs for a ``PhraseMatcher`` on ``LOWER``;
patterns with ``#`` or ``=`` become token patterns for a ``Matcher``. Nothing here imports
spaCy: the outputs are plain data, so the taxonomy loads fast and the NLP stage builds its
matchers once.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.taxonomy import Taxonomy

MAX_EXPANSIONS = 400
"""More forms than this from one pattern is almost surely a mistake (and slows the matcher)."""

FORBIDDEN_FORMS: tuple[str, ...] = (
    "account",
    "accounts",
    "accountant",
    "accountants",
    "accounting",
    "accounts payable",
    "accounts receivable",
    "account payable",
    "account receivable",
    "bank account",
    "bank accounts",
)
"""Words that look like account management but are not: no pattern may be one of these,
contain "accountant(s)"/"accounting", or match inside one (so "payable" or "bank" alone are
refused too). This is a product rule rather than taxonomy data, so it lives in code where a
user taxonomy file cannot switch it off."""

NUM = "<num>"
_FORBIDDEN_TOKENS = frozenset({"accountant", "accountants", "accounting"})
_GROUP = re.compile(r"\(([^()]*)\)")
_WORD_OK = re.compile(r"^[\w.'&+/-]+$")
_VOWELS = "aeiou"


# --- inflection -------------------------------------------------------------------------


def _cvc(word: str) -> bool:
    """One-syllable consonant-vowel-consonant words double their last letter (plan -> planned)."""
    if len(word) < 3 or word[-1] in _VOWELS + "wxy" or word[-2] not in _VOWELS:
        return False
    if word[-3] in _VOWELS:
        return False
    return sum(1 for a, b in zip(" " + word, word) if b in _VOWELS and a not in _VOWELS) == 1


def verb_forms(verb: str, irregular: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """The base, third-person, past and -ing forms of a regular English verb.

    ``irregular`` maps a base form to the forms to use instead (``{"build": ["builds",
    "built", "building"]}``); the base form is always included.
    """
    verb = verb.lower()
    if irregular and verb in irregular:
        return tuple(dict.fromkeys([verb, *(f.lower() for f in irregular[verb])]))
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        third = verb + "es"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past = verb + "d"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        past = verb[:-1] + "ied"
    elif _cvc(verb):
        past = verb + verb[-1] + "ed"
    else:
        past = verb + "ed"
    if verb.endswith("ie"):
        gerund = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        gerund = verb[:-1] + "ing"
    elif _cvc(verb):
        gerund = verb + verb[-1] + "ing"
    else:
        gerund = verb + "ing"
    return tuple(dict.fromkeys([verb, third, past, gerund]))


def noun_forms(noun: str, irregular: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """The singular and plural of a regular English noun."""
    noun = noun.lower()
    if irregular and noun in irregular:
        return tuple(dict.fromkeys([noun, *(f.lower() for f in irregular[noun])]))
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        plural = noun + "es"
    elif noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        plural = noun[:-1] + "ies"
    else:
        plural = noun + "s"
    return (noun, plural)


# --- the pattern language -----------------------------------------------------------------


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern's syntax (empty list when it is well formed)."""
    problems: list[str] = []
    body = pattern[1:] if pattern.startswith("=") else pattern
    if not body.strip():
        return ["is empty"]
    depth = 0
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or depth > 1:
            return ["has unbalanced or nested parentheses; use one level of (a|b) groups"]
    if depth:
        return ["has an unclosed '('"]
    for word in _GROUP.sub(" ", body).split():
        if word != NUM and not _WORD_OK.match(word):
            problems.append(f"has an unexpected character in {word!r}")
    for group in _GROUP.findall(body):
        if "|" not in group:
            problems.append(f"group ({group}) needs at least two alternatives separated by '|'")
    if pattern.startswith("=") and "/" in body:
        problems.append("is case-sensitive ('=') and cannot also use /v or /n inflection")
    return problems


def _word_forms(word: str, irregular: Mapping[str, Mapping[str, Sequence[str]]]) -> tuple[str, ...]:
    if word.endswith("/v"):
        return verb_forms(word[:-2], irregular.get("verbs"))
    if word.endswith("/n"):
        return noun_forms(word[:-2], irregular.get("nouns"))
    return (word,)


def expand(
    pattern: str, irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> list[str]:
    """Every concrete phrase a pattern stands for, in a stable order, without duplicates.

    Case is kept (the caller lower-cases unless the pattern is case-sensitive); ``=`` is dropped.
    """
    irregular = irregular or {}
    body = pattern[1:] if pattern.startswith("=") else pattern
    pieces = _GROUP.split(body)
    # _GROUP.split alternates literal text and group contents.
    choices = [
        [piece] if i % 2 == 0 else [alt.strip() for alt in piece.split("|")]
        for i, piece in enumerate(pieces)
    ]
    out: dict[str, None] = {}
    for combo in itertools.product(*choices):
        words = " ".join(combo).split()
        if not words:
            continue
        for forms in itertools.product(*(_word_forms(w, irregular) for w in words)):
            out[" ".join(forms)] = None
            if len(out) > MAX_EXPANSIONS:
                raise ValueError(f"expands to more than {MAX_EXPANSIONS} phrases; split it")
    return list(out)


def is_token_pattern(pattern: str) -> bool:
    """Whether a pattern needs a token ``Matcher`` (numbers or case) rather than a phrase."""
    return pattern.startswith("=") or NUM in pattern.split()


def forbidden_reason(phrase: str) -> str | None:
    """Why a concrete phrase may not count as account-management evidence, or None."""
    tokens = phrase.lower().split()
    if not tokens:
        return None
    if _FORBIDDEN_TOKENS.intersection(tokens):
        return "contains an accountancy word (accountant/accounting)"
    for form in FORBIDDEN_FORMS:
        if form in ("account", "accounts"):
            continue
        if f" {' '.join(tokens)} " in f" {form} " or f" {form} " in f" {' '.join(tokens)} ":
            return f"overlaps the non-account-management phrase {form!r}"
    if tokens in (["account"], ["accounts"]):
        return "is just 'account(s)', which says nothing about account management"
    return None


def _word_spec(forms: Sequence[str], *, case_sensitive: bool, optional: bool = False) -> list[dict[str, Any]]:
    if list(forms) == [NUM]:
        # "40+ accounts": the plus sign is its own token after the number.
        return [{"LIKE_NUM": True}, {"ORTH": "+", "OP": "?"}]
    attr = "ORTH" if case_sensitive else "LOWER"
    values = list(dict.fromkeys(forms if case_sensitive else (f.lower() for f in forms)))
    spec: dict[str, Any] = {attr: values[0] if len(values) == 1 else {"IN": values}}
    if optional:
        spec["OP"] = "?"
    return [spec]


def token_patterns(
    pattern: str, irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> list[list[dict[str, Any]]]:
    """spaCy ``Matcher`` patterns for one pattern string, one dict per token.

    One-word alternatives and inflections become a single ``IN`` spec (an empty alternative
    makes it optional), so "manage/v (a|the|) portfolio of <num> accounts" is one pattern, not
    dozens; only groups with multi-word alternatives multiply.
    """
    irregular = irregular or {}
    case = pattern.startswith("=")
    body = pattern[1:] if case else pattern
    pieces = _GROUP.split(body)
    slots: list[list[list[list[dict[str, Any]]]]] = []  # per piece: alternatives, each a spec list
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            specs = [s for w in piece.split() for s in _word_spec(_word_forms(w, irregular), case_sensitive=case)]
            slots.append([specs])
            continue
        alts = [a.split() for a in piece.split("|")]
        optional = any(not a for a in alts)
        if all(len(a) <= 1 for a in alts):
            forms = [f for a in alts if a for f in _word_forms(a[0], irregular)]
            slots.append([_word_spec(forms, case_sensitive=case, optional=optional)])
        else:
            slots.append(
                [[s for w in a for s in _word_spec(_word_forms(w, irregular), case_sensitive=case)] for a in alts]
            )
    out = []
    for combo in itertools.product(*slots):
        specs = [s for part in combo for s in part]
        if specs and specs not in out:
            out.append(specs)
    return out


# --- compiled views of a taxonomy -------------------------------------------------------


def _compile(
    entries: Iterable[tuple[str, Sequence[str]]],
    irregular: Mapping[str, Mapping[str, Sequence[str]]],
) -> tuple[list[tuple[str, str]], list[tuple[str, list[dict[str, Any]]]]]:
    phrases: dict[tuple[str, str], None] = {}
    tokens: list[tuple[str, list[dict[str, Any]]]] = []
    seen_tokens: set[tuple[str, str]] = set()
    for entry_id, patterns in entries:
        for pattern in patterns:
            if is_token_pattern(pattern):
                for specs in token_patterns(pattern, irregular):
                    key = (entry_id, repr(specs))
                    if key not in seen_tokens:
                        seen_tokens.add(key)
                        tokens.append((entry_id, specs))
            else:
                for phrase in expand(pattern, irregular):
                    phrases[(entry_id, phrase.lower())] = None
    return list(phrases), tokens


def _irregular(tax: Taxonomy) -> Mapping[str, Mapping[str, Sequence[str]]]:
    return tax.lexicon.get("inflection", {}) or {}


@functools.lru_cache(maxsize=8)
def _skill_compiled(tax: Taxonomy):
    return _compile(((s.id, s.patterns) for s in tax.skills.values()), _irregular(tax))


@functools.lru_cache(maxsize=8)
def _title_compiled(tax: Taxonomy):
    return _compile(((r.id, (*r.titles, *r.abbreviations)) for r in tax.roles.values()), _irregular(tax))


def skill_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(skill_id, lower-cased phrase)`` for a spaCy ``PhraseMatcher(attr="LOWER")``.

    Inflections are already expanded; tokenise each phrase with the same tokenizer as the
    documents (``nlp.make_doc``).
    """
    return list(_skill_compiled(tax)[0])


def skill_token_patterns(tax: Taxonomy) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(skill_id, Matcher pattern)`` for the patterns with numbers or exact case."""
    return list(_skill_compiled(tax)[1])


@functools.lru_cache(maxsize=8)
def _excludes(tax: Taxonomy) -> list[tuple[str, str]]:
    return _compile(((s.id, s.exclude) for s in tax.skills.values()), _irregular(tax))[0]


def skill_exclude_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(skill_id, lower-cased phrase)``: a match of that skill inside one of these is void.

    ("Excel" the spreadsheet is not meant in "excel at building relationships".)
    """
    return list(_excludes(tax))


def title_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(role_id, lower-cased title phrase)`` for a ``PhraseMatcher(attr="LOWER")``."""
    return list(_title_compiled(tax)[0])


def title_token_patterns(tax: Taxonomy) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(role_id, Matcher pattern)`` for case-sensitive abbreviations such as ``=KAM``."""
    return list(_title_compiled(tax)[1])
