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
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.taxonomy.types import Taxonomy

MAX_EXPANSIONS = 300
"""Phrases one pattern may stand for. Every phrase is a tokenised doc in the PhraseMatcher,
built at start-up, so a pattern with more is refused: drop adjectives that the shorter
patterns already cover (PhraseMatcher finds "client relationships" inside "strong client
relationships")."""

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
FORBIDDEN_WORDS = frozenset(w for form in FORBIDDEN_FORMS for w in form.split())
"""A pattern none of whose words is in here cannot produce a forbidden phrase."""
_GROUP = re.compile(r"\(([^()]*)\)")
_WORD_OK = re.compile(r"^[\w.'&+/%-]+$")
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
    if "(" in body or ")" in body:
        depth = 0
        for char in body:
            if char == "(" or char == ")":
                depth += 1 if char == "(" else -1
                if depth < 0 or depth > 1:
                    return ["has unbalanced or nested parentheses; use one level of (a|b) groups"]
        if depth:
            return ["has an unclosed '('"]
    elif "|" in body:
        return ["has '|' outside a group; write (a|b)"]
    for word in _GROUP.sub(lambda m: " " + m.group(1).replace("|", " ") + " ", body).split():
        if word != NUM and not _WORD_OK.match(word):
            problems.append(f"has an unexpected character in {word!r}")
    for match in _GROUP.finditer(body):
        before, after = body[: match.start()], body[match.end() :]
        if (before and not before[-1].isspace()) or (after and not after[0].isspace()):
            # "strateg(y|ies)" would expand to "strateg y": groups hold whole words only.
            problems.append(
                f"group ({match.group(1)}) must stand apart from other words; "
                "put whole words in it, like (strategy|strategies)"
            )
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
                raise ValueError(
                    f"expands to more than {MAX_EXPANSIONS} phrases; drop optional words the shorter "
                    "patterns already cover, or split it"
                )
    return list(out)


def vocabulary(
    pattern: str, irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> set[str]:
    """Every word any expansion of the pattern can contain (cheap: no cartesian product)."""
    irregular = irregular or {}
    body = pattern[1:] if pattern.startswith("=") else pattern
    words = " ".join(_GROUP.sub(lambda m: " ".join(m.group(1).split("|")), body).split()).split()
    return {form for word in words for form in _word_forms(word, irregular)}


def expansion_count(
    pattern: str, irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> int:
    """How many phrases ``expand`` would produce (before removing duplicates), without
    expanding."""
    irregular = irregular or {}
    body = pattern[1:] if pattern.startswith("=") else pattern
    count = 1
    for i, piece in enumerate(_GROUP.split(body)):
        if i % 2 == 0:
            for word in piece.split():
                count *= len(_word_forms(word, irregular))
        else:
            count *= sum(
                math.prod(len(_word_forms(w, irregular)) for w in alt.split())
                for alt in piece.split("|")
            )
    return count


def min_words(pattern: str) -> int:
    """The fewest words any expansion of the pattern has."""
    body = pattern[1:] if pattern.startswith("=") else pattern
    pieces = _GROUP.split(body)
    return sum(
        len(piece.split()) if i % 2 == 0 else min(len(alt.split()) for alt in piece.split("|"))
        for i, piece in enumerate(pieces)
    )


def pattern_forbidden(
    pattern: str,
    irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    *,
    words: set[str] | None = None,
) -> tuple[str, str] | None:
    """``(phrase, reason)`` for the first phrase of a pattern that is forbidden, or None.

    Works from the pattern's vocabulary, and expands it only when a forbidden phrase is
    possible at all, so checking a large taxonomy stays fast.
    """
    if words is None:
        words = vocabulary(pattern, irregular)
    bad = sorted(words & _FORBIDDEN_TOKENS)
    if bad:
        return bad[0], "is an accountancy word (accountant/accounting)"
    if not words & FORBIDDEN_WORDS:
        return None
    if min_words(pattern) > 2 and not words & (FORBIDDEN_WORDS - {"account", "accounts"}):
        return None
    for phrase in expand(pattern, irregular):
        reason = forbidden_reason(phrase.replace(NUM, ""))
        if reason:
            return phrase, reason
    return None


def is_token_pattern(pattern: str) -> bool:
    """Whether a pattern must use a token ``Matcher`` (numbers or exact case)."""
    return pattern.startswith("=") or NUM in pattern.split()


def forbidden_reason(phrase: str) -> str | None:
    """Why a concrete phrase may not count as account-management evidence, or None."""
    tokens = phrase.lower().split()
    if not tokens:
        return None
    if tokens in (["account"], ["accounts"]):
        return "is only 'account(s)', too vague to count as account management"
    if _FORBIDDEN_TOKENS.intersection(tokens):
        return "contains an accountancy word (accountant/accounting)"
    for form in FORBIDDEN_FORMS:
        if form in ("account", "accounts"):
            continue
        if f" {' '.join(tokens)} " in f" {form} " or f" {form} " in f" {' '.join(tokens)} ":
            return f"overlaps the non-account-management phrase {form!r}"
    return None


_SPLIT = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


def tokens_of(word: str) -> list[str]:
    """Split a pattern word the way spaCy's English tokenizer splits it in text.

    Hyphens between letters ("long-term" -> long, -, term), a final "'s" or "'" and a final
    period ("Sr." -> Sr, .) become tokens of their own; anything else stays one token.
    """
    if word == NUM:
        return [word]
    tail: list[str] = []
    if word.endswith("'s") and len(word) > 2:
        word, tail = word[:-2], ["'s"]
    elif word.endswith(("'", ".")) and len(word) > 1:
        word, tail = word[:-1], [word[-1]]
    parts = _SPLIT.split(word)
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append("-")
        out.append(part)
    return out + tail


def odd_tokens(phrase: str) -> list[str]:
    """Tokens a one-token-per-spec pattern cannot promise to match like spaCy would."""
    return [
        t
        for w in phrase.split()
        for t in tokens_of(w)
        if t != NUM and not t.isalnum() and len(t) > 1 and t != "'s"
    ]


def _spec(values: Sequence[str], *, case_sensitive: bool, optional: bool = False) -> dict[str, Any]:
    attr = "ORTH" if case_sensitive else "LOWER"
    values = list(dict.fromkeys(values if case_sensitive else (v.lower() for v in values)))
    spec: dict[str, Any] = {attr: values[0] if len(values) == 1 else {"IN": values}}
    if optional:
        spec["OP"] = "?"
    return spec


def _merge(alternatives: list[list[str]], *, case_sensitive: bool) -> list[list[dict[str, Any]]]:
    """Token specs for one slot: alternatives of equal length that differ in at most one
    position share one spec with an ``IN`` list; the rest stay separate choices."""
    optional = any(not alt for alt in alternatives)
    by_length: dict[int, list[list[str]]] = {}
    for alt in alternatives:
        if alt:
            by_length.setdefault(len(alt), []).append(alt)
    choices: list[list[dict[str, Any]]] = []
    for alts in by_length.values():
        varying = [i for i in range(len(alts[0])) if len({a[i] for a in alts}) > 1]
        groups = [alts] if len(varying) <= 1 else [[a] for a in alts]
        for group in groups:
            specs = []
            for i in range(len(group[0])):
                values = [a[i] for a in group]
                if values[0] == NUM:
                    # "40+ accounts": the plus sign is its own token after the number.
                    specs += [{"LIKE_NUM": True}, {"ORTH": "+", "OP": "?"}]
                else:
                    specs.append(_spec(values, case_sensitive=case_sensitive))
            choices.append(specs)
    if optional:
        if len(choices) == 1 and len(choices[0]) == 1 and "OP" not in choices[0][0]:
            choices[0][0]["OP"] = "?"
        else:
            choices.append([])
    return choices


def token_patterns(
    pattern: str, irregular: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> list[list[dict[str, Any]]]:
    """spaCy ``Matcher`` patterns for one pattern string, one dict per token.

    One-word alternatives and inflections become a single ``IN`` spec (an empty alternative
    makes it optional), so "manage/v (a|the|) portfolio of <num> accounts" is one pattern, not
    dozens; only groups whose alternatives differ in length or in several words multiply.
    """
    irregular = irregular or {}
    case = pattern.startswith("=")
    body = pattern[1:] if case else pattern
    slots: list[list[list[dict[str, Any]]]] = []
    for i, piece in enumerate(_GROUP.split(body)):
        if i % 2 == 0:
            for word in piece.split():
                forms = [tokens_of(f) for f in _word_forms(word, irregular)]
                slots.append(_merge(forms, case_sensitive=case))
        else:
            alternatives: list[list[str]] = []
            for alt in piece.split("|"):
                words = alt.split()
                if not words:
                    alternatives.append([])
                    continue
                for combo in itertools.product(*(_word_forms(w, irregular) for w in words)):
                    alternatives.append([t for w in combo for t in tokens_of(w)])
            slots.append(_merge(alternatives, case_sensitive=case))
    out: list[list[dict[str, Any]]] = []
    for combo in itertools.product(*slots):
        specs = [s for part in combo for s in part]
        for pattern in _split_first(specs):
            if pattern not in out:
                out.append(pattern)
    return out


def _split_first(specs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One pattern per value of an ``IN`` first token.

    spaCy's Matcher tests every pattern's first token against every token of the document, and
    an ``IN`` set is a Python call there; a plain ``LOWER`` value is checked in C. Later tokens
    are only tested once a match has started, so they may keep their ``IN`` sets.
    """
    if not specs:
        return []
    first = specs[0]
    if len(first) != 1 or "OP" in first:
        return [specs]
    ((attr, value),) = first.items()
    if not isinstance(value, dict) or set(value) != {"IN"}:
        return [specs]
    return [[{attr: v}, *specs[1:]] for v in value["IN"]]


# --- compiled views of a taxonomy -------------------------------------------------------


def _compile(
    entries: Iterable[tuple[str, Sequence[str]]],
    irregular: Mapping[str, Mapping[str, Sequence[str]]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, list[dict[str, Any]]]]]:
    """(lower-cased phrases, exact-case phrases, token patterns), each as (entry id, value).

    spaCy's token ``Matcher`` costs about a tenth of a millisecond per pattern on a long
    resume while the ``PhraseMatcher`` is nearly free, so only ``<num>`` patterns become token
    patterns; case-sensitive ones become phrases for a ``PhraseMatcher(attr="ORTH")``.
    """
    lower: dict[tuple[str, str], None] = {}
    exact: dict[tuple[str, str], None] = {}
    tokens: list[tuple[str, list[dict[str, Any]]]] = []
    seen: set[tuple[str, str]] = set()
    for entry_id, patterns in entries:
        for pattern in patterns:
            if NUM in pattern.split():
                for specs in token_patterns(pattern, irregular):
                    key = (entry_id, repr(specs))
                    if key not in seen:
                        seen.add(key)
                        tokens.append((entry_id, specs))
            elif pattern.startswith("="):
                for phrase in expand(pattern, irregular):
                    exact[(entry_id, phrase)] = None
            else:
                for phrase in expand(pattern, irregular):
                    lower[(entry_id, phrase.lower())] = None
    return list(lower), list(exact), tokens


def _exact_as_tokens(exact: list[tuple[str, str]]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [
        (key, [{"ORTH": t} for w in phrase.split() for t in tokens_of(w)]) for key, phrase in exact
    ]


def _irregular(tax: Taxonomy) -> Mapping[str, Mapping[str, Sequence[str]]]:
    return tax.lexicon.get("inflection", {}) or {}


@functools.lru_cache(maxsize=8)
def _skill_compiled(tax: Taxonomy):
    keyed = [(s.id, s.patterns) for s in tax.skills.values()]
    keyed += [(s.id + WIDE, s.wide_patterns) for s in tax.skills.values() if s.wide_patterns]
    return _compile(keyed, _irregular(tax))


WIDE = "~wide"
"""Key suffix of a skill's ``wide_patterns`` in the skill phrases and token patterns
("skl.reporting~wide"); ``matcher_skills`` gives such a match the skill's own label."""


@functools.lru_cache(maxsize=8)
def _title_compiled(tax: Taxonomy):
    return _compile(
        ((r.id, (*r.titles, *r.abbreviations)) for r in tax.roles.values()), _irregular(tax)
    )


def skill_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(skill_id, lower-cased phrase)`` for a spaCy ``PhraseMatcher(attr="LOWER")``.

    Inflections are already expanded; tokenise each phrase with the same tokenizer as the
    documents (``nlp.tokenizer.pipe``).
    """
    return list(_skill_compiled(tax)[0])


def skill_exact_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(skill_id, phrase)`` to match with exact case: a ``PhraseMatcher(attr="ORTH")``.

    These are the ``=`` patterns ("=Excel", "=CRM"), whose lower-case form is a common word.
    """
    return list(_skill_compiled(tax)[1])


def skill_token_patterns(
    tax: Taxonomy, *, exact: bool = True
) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(skill_id, Matcher pattern)`` for the patterns with a number (``<num>``).

    With ``exact=True`` (the default) the exact-case phrases are included too, as one
    ``ORTH`` spec per token; pass ``exact=False`` when matching ``skill_exact_phrases`` with
    a ``PhraseMatcher(attr="ORTH")``, which is much faster.
    """
    compiled = _skill_compiled(tax)
    return [*compiled[2], *(_exact_as_tokens(compiled[1]) if exact else ())]


@functools.lru_cache(maxsize=8)
def _excludes(tax: Taxonomy) -> list[tuple[str, str]]:
    compiled = _compile(((s.id, s.exclude) for s in tax.skills.values()), _irregular(tax))
    return [*compiled[0], *((k, p.lower()) for k, p in compiled[1])]


def skill_exclude_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(skill_id, lower-cased phrase)``: a match of that skill overlapping one of these is void.

    ("Excel" the spreadsheet is not meant in "excel at building relationships".)
    """
    return list(_excludes(tax))


def context_key(skill_id: str, index: int) -> str:
    """The match label of a skill's ``index``-th context rule ("skl.reporting#0")."""
    return f"{skill_id}#{index}"


def _context_rules(tax: Taxonomy):  # noqa: ANN202
    """``(key, skill_id, rule)`` of every skill's context rules, in taxonomy order."""
    return [
        (context_key(s.id, i), s.id, rule)
        for s in tax.skills.values()
        for i, rule in enumerate(s.context)
    ]


@functools.lru_cache(maxsize=8)
def _contexts(tax: Taxonomy):
    rules = [(key, rule) for key, _, rule in _context_rules(tax)]
    irregular = _irregular(tax)
    matched = _compile(((key, rule.patterns) for key, rule in rules), irregular)
    near = _compile(((key, rule.near) for key, rule in rules), irregular)
    return matched, [*near[0], *((k, p.lower()) for k, p in near[1])]


def skill_context_rules(tax: Taxonomy) -> list[tuple[str, str, bool]]:
    """``(key, skill_id, lists)`` of every context rule; ``key`` labels its matches."""
    return [(key, skill_id, rule.lists) for key, skill_id, rule in _context_rules(tax)]


def skill_context_phrases(
    tax: Taxonomy,
) -> tuple[list[tuple[str, str]], list[tuple[str, list[dict[str, Any]]]]]:
    """(lower-cased phrases, token patterns) of the context rules' patterns, keyed by rule.

    As ``skill_phrases`` and ``skill_token_patterns``; a match counts as the rule's skill only
    when its context holds (``Skill.context``).
    """
    lower, exact, tokens = _contexts(tax)[0]
    return list(lower), [*tokens, *_exact_as_tokens(exact)]


def skill_near_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(rule key, lower-cased phrase)``: the words that make a context rule's match count."""
    return list(_contexts(tax)[1])


def title_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(role_id, lower-cased title phrase)`` for a ``PhraseMatcher(attr="LOWER")``."""
    return list(_title_compiled(tax)[0])


def title_exact_phrases(tax: Taxonomy) -> list[tuple[str, str]]:
    """``(role_id, abbreviation)`` for a ``PhraseMatcher(attr="ORTH")`` ("AE", "KAM")."""
    return list(_title_compiled(tax)[1])


def title_token_patterns(
    tax: Taxonomy, *, exact: bool = True
) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(role_id, Matcher pattern)``; as ``skill_token_patterns``, exact-case ones included by default."""
    compiled = _title_compiled(tax)
    return [*compiled[2], *(_exact_as_tokens(compiled[1]) if exact else ())]
