"""Sentences → leadership and scope signals: teams led, people trained, territory owned.

    team_led        "led a team of 3", "managed 6 account coordinators", "supervised four reps"
    trained_others  "trained 4 new hires", "mentored junior staff" (value None when no number)
    region          "owned the Midwest territory", "covering the Southeast region"
    key_accounts    "key accounts", "strategic accounts", "national accounts", "top 10 accounts"

Like the metric cues, these verbs and nouns are grammar of the genre, kept beside the patterns.
"""

from __future__ import annotations

from matcher.extract.lookahead import starting_with
from matcher.extract.numbers import number_words
from matcher.extract.reading import Reading
from matcher.types import Signal

# A team or a group trained is two people or more; no bare articles (matcher.extract.numbers).
# The patterns are case-insensitive (``starting_with``): a word that must be capitalised, a
# place's name, is written ``(?-i:[A-Z]...)``, or "[A-Z]" would match any word.
_NUMBER_WORDS = {**number_words(2, 20), "a dozen": 12}


def _num(name: str = "num") -> str:
    return rf"(?P<{name}>\d{{1,3}}|" + "|".join(_NUMBER_WORDS) + r")\+?"


_NUM = _num()
_NUM2 = _num("num2")
_PEOPLE = (
    r"(?:people|staff|employees|reps?|representatives|coordinators|associates|account managers|"
    r"account executives|specialists|analysts|agents|members|direct reports|reports|sellers|"
    r"salespeople|sales reps|interns|hires|new hires|team members|colleagues|managers|executives)"
)
_TEAM = starting_with(
    "lmsodhb",
    rf"\b(?:led|lead|leading|leads|managed|manage|manages|managing|supervised|supervise|supervises|"
    rf"supervising|oversaw|oversee|oversees|overseeing|directed|headed|built|hired)\b"
    rf"(?:\s+[\w-]+){{0,3}}?\s+(?:(?:a\s+)?team\s+of\s+{_NUM}|{_NUM2}(?:\s+[\w-]+){{0,2}}?\s+{_PEOPLE}\b)",
)
_TRAIN = starting_with(
    "tmco",
    rf"\b(?:trained|train|trains|training|mentored|mentor|mentors|mentoring|coached|coach|coaches|"
    rf"coaching|onboarded|onboard)\b(?:\s+(?:{_NUM}|[\w-]+)){{0,3}}?\s+{_PEOPLE}\b",
)
_REGION = starting_with(
    "omcrah",
    r"\b(?:own(?:ed|s|ing)?|manag(?:ed|e|es|ing)|cover(?:ed|s|ing)?|responsible for|ran|run(?:s|ning)?|"
    r"assigned|handl(?:ed|e|es|ing))\b(?:\s+(?:the|a|an|my|our|entire|whole|(?-i:[A-Z][\w.-]*)|"
    r"\d+-state|multi-state|[\w-]+-state|accounts|clients|customers|sales|business|"
    r"in|across|throughout|within|for|of)){0,6}?\s+(?P<what>territory|territories|region|regions|"
    r"district|market)\b",
)
_KEY = starting_with(
    "ksnmgt",
    r"\b(?:(?:key|strategic|national|named|major|global|top[- ]tier|tier[- ]1)\s+"
    r"(?:accounts|clients|customers)|top\s+(?P<num>\d{1,3})\s+(?:accounts|clients|customers))\b",
)


def _number(text: str | None) -> float | None:
    if not text:
        return None
    text = text.lower().rstrip("+")
    if text.isdigit():
        return float(text)
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else None


def find_signals(reading: Reading) -> list[Signal]:
    """Every signal in the document, in text order; evidence sentences from the reading."""
    text = reading.text
    found: list[tuple[int, Signal]] = []
    for kind, pattern in (("team_led", _TEAM), ("trained_others", _TRAIN), ("region", _REGION),
                          ("key_accounts", _KEY)):
        for match in pattern.finditer(text):
            s, e = reading.sentence_bounds(match.start())
            if match.end() > e:
                continue  # the words ran across two sentences
            groups = match.groupdict()
            value = _number(groups.get("num") or groups.get("num2"))
            found.append((match.start(), Signal(kind, value, reading.evidence(match.start(), match.end(), sentence=(s, e)))))
    return [signal for _, signal in sorted(found, key=lambda pair: pair[0])]
