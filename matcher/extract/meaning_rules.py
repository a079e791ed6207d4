"""Rules that keep the meaning recogniser to clauses that state a duty, learnt from real resumes.

A hand-checked sample of the skills found only by meaning on real resumes
(``benchmarks/meaning_precision.py``) showed two classes of wrong hit that the score alone
does not separate:

- **only common words in common.** "Excellent customer service skills" is close to the
  invoicing example "billed customers for products and services" because both say
  "customers" and "services". Words that the examples of many skills use (``GENERIC_SHARE``)
  say who the work is for, not what it is; a clause must share (or nearly: ``ANCHOR``) at
  least one of the example's other words to be read as the skill (``says_what``).
- **names and headings.** "Queue Management System", "Communications & Marketing Division",
  a job title with its dates: a clause whose every word is capitalised names a thing; it
  states no duty (``is_name``).

Both are checks on a hit already scored, apart from the scorer itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.extract.meaning import MeaningIndex

__all__ = ["GENERIC_SHARE", "is_name", "says_what"]

GENERIC_SHARE = 0.2
"""A word the examples of more than this share of the skills use is common to the work
("customers", "clients", "buyers", "services", "sales", "work"): it says nothing of which skill
a clause states. At 0.125 ("business", "management", "products" too) two of the written
paraphrases' skill statements were lost (``benchmarks/paraphrases.py``); at 0.2 none is."""

_CAPITALISED = re.compile(r"[A-Za-z][A-Za-z'&-]*")


def is_name(text: str) -> bool:
    """Whether the clause ``text`` is a name or a heading: two words or more, every one but the
    function words capitalised, and not begun by a past-tense verb ("Managed Key Accounts" is a
    duty in title case)."""
    from matcher.extract.meaning import _STOP

    words = [w for w in _CAPITALISED.findall(text) if w.lower() not in _STOP]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not words[0].lower().endswith("ed")


@lru_cache(maxsize=8)
def _generic(index: MeaningIndex) -> frozenset[str]:
    """The stems (``MeaningIndex._key``) of words the examples of more than ``GENERIC_SHARE``
    of the skills use."""
    from matcher.extract.meaning import content_words

    skills: dict[str, set[str]] = {}
    for example, label in zip(index.examples, index.labels, strict=True):
        if label is not None:
            for word in content_words(example):
                skills.setdefault(index._key(word), set()).add(label)
    limit = GENERIC_SHARE * max(len(index.skill_ids), 1)
    return frozenset(key for key, users in skills.items() if len(users) > limit)


def says_what(index: MeaningIndex, words: Sequence[str], example: str) -> bool:
    """Whether a clause (its content ``words``) says at least one word of ``example`` that is
    not common to the work, or one near it (similarity ``ANCHOR`` or more, same stem or one
    ``meaning_synonyms`` set). An example of common words only cannot be judged: True."""
    own, keys, groups, vectors, said = _own(index, example)
    if not own:
        return True
    for w in words:
        known = said.get(w)
        if known is None:
            known = said[w] = _says(index, w, keys, groups, vectors)
        if known:
            return True
    if len(said) > _SAID:
        said.clear()
    return False


_SAID = 4096
"""Words whose answer is kept per example (``_own``'s last item); past it they are forgotten."""


def _says(index: MeaningIndex, word: str, keys: set, groups: set, vectors) -> bool:  # noqa: ANN001
    """Whether ``word`` is one of an example's own words (``keys``, their synonym sets ``groups``,
    their ``vectors``) or near one."""
    from matcher.extract.meaning import ANCHOR

    key = index._key(word)
    return key in keys or bool(groups.intersection(index._groups.get(key, ()))) \
        or float((_vector(index, word) @ vectors.T).max()) >= ANCHOR


@lru_cache(maxsize=4096)
def _own(index: MeaningIndex, example: str):  # noqa: ANN202
    """The words of ``example`` not common to the work, their stems, their synonym sets and
    their vectors; and a table of the clause words already judged against them (word: whether
    it says one of them)."""
    from matcher.extract.meaning import content_words

    generic = _generic(index)
    own = [w for w in dict.fromkeys(content_words(example)) if index._key(w) not in generic]
    keys = {index._key(w) for w in own}
    groups = {g for k in keys for g in index._groups.get(k, ())}
    return own, keys, groups, index.vectors.words(own) if own else None, {}


@lru_cache(maxsize=16384)
def _vector(index: MeaningIndex, word: str):  # noqa: ANN202
    """A word's unit vector (words recur across the clauses of a batch)."""
    return index.vectors.words([word])[0]
