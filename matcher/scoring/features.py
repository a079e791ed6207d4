"""Profile → a short vector of named, interpretable features, each with the evidence behind it.

    Profile ─► FeatureVector (name, value, plain-word detail, Evidence) ─► model ─► RoleFit

The features are few (about thirty) and each means one thing a recruiter would check: years
overall (not counting years in an occupation far from client work) and in account roles, the
rung of the titles held, how much of each rung's typical work the skills cover, leadership and
scope, stated results, education, certifications and integrity. Skill knowledge comes from
the taxonomy (each skill's per-rung ``weights`` and each rung role's ``signals``); no skill
name appears here.

Title features go blank when a document's role titles are masked, so the model is trained on
masked copies too (``matcher.scoring.train``) and must also read the content features.

An ad's stated minimum years is not a feature: real ads ask "2+ years" for managers as often
as for executives, while the project's own ads follow the rung too neatly, so a model would
learn the corpus rather than the job. The match still checks the minimum (``matcher.scoring.match``).

Values are capped or saturating so that repeating a keyword cannot push a score without
limit: a skill counts once however often it is written, and coverage saturates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from matcher.types import RUNGS, Evidence, Occupation, Profile, SkillMention

if TYPE_CHECKING:
    import numpy as np

    from matcher.taxonomy.load import Taxonomy

__all__ = [
    "ACCOUNT_EVIDENCE",
    "FEATURES",
    "FEATURES_VERSION",
    "Feature",
    "FeatureVector",
    "far_occupation",
    "feature_matrix",
    "profile_features",
]

FEATURES_VERSION = "features.v4"
"""Bumped whenever a feature's meaning changes; a model records the version it was fit on."""

YEARS_CAP = 15.0
"""Years beyond this add nothing: 15 and 25 years read the same for these rungs."""
SIGNAL_SATURATION = 1.5
"""Sum of a rung's signal weights at which its skill coverage reaches 1 - 1/e."""
DUTY_SMOOTHING = 2.0
"""Added to the skill count when a rung's duties are taken as a share, so one skill is not 100%."""
EVIDENCE_MASS = 3
"""Distinct pieces of account evidence (account skills, the ladder's own figures and scope) a
document with no account or neighbouring title needs before its content alone may carry it to
account work (the ``evidence_thin`` feature); and the account skills written under a resume's
latest position, when neither it nor the headline names an occupation, before an older
occupation far from client work stops counting (``occupation_far``)."""
OCCUPATION_CONFIDENCE = 0.3
"""An occupation matched with less confidence than this says nothing about a document."""
RECENT_MONTHS = 12
"""Positions ending within a year of the latest one are recent, as the latest is; an earlier
sales or service job is past career, which the account years weigh."""
STUFFING_MENTIONS = 12
"""One skill written more often than this (or 25 distinct skills with 150+ mentions) is
keyword stuffing, not a work history."""

# Whether a sentence is about clients: words of the genre, like the cue words in
# matcher.extract.metrics. Bookkeeping senses of "account" do not count.
_CLIENT = re.compile(
    r"\b(?:clients?|customers?|accounts?|buyers?|brands?|advertisers?|partners?)\b", re.IGNORECASE
)
_CLIENT_TITLE = re.compile(
    r"\b(?:clients?|customers?|accounts?|sales|salesperson|business development|new business|"
    r"relationships?|partnerships?|key accounts?|telesales|brands?|marketing|advertising)\b",
    re.IGNORECASE,
)
"""Words of a job title that place it in client or sales work (not "accountant")."""
_BOOKKEEPING = re.compile(
    r"\baccounts? (?:payable|receivable|reconcil\w*)|\baccounting\b|\bledger|\bbookkeep", re.IGNORECASE
)

_LADDER_METRICS = frozenset({"quota_attainment", "book_size", "accounts", "retention", "renewal"})
"""Figures of the account ladder's own work (not revenue or growth: every commercial job
states them)."""
_LADDER_SIGNALS = frozenset({"key_accounts"})
"""Scope of the account ladder's own work: key accounts. Not a territory or region, which
dispatchers, inspectors and police officers are assigned too."""

_SHORT = {
    "account_coordinator": "coordinator",
    "account_executive": "executive",
    "account_manager": "manager",
}
_UP = ("senior", "sr", "lead", "principal", "head", "chief", "group")
_DOWN = (
    "junior",
    "jr",
    "associate",
    "assistant",
    "trainee",
    "entry",
    "graduate",
    "apprentice",
    "intern",
)


@dataclass(frozen=True, slots=True)
class Feature:
    """One named feature and how to say it in words.

    ``present`` is used when the value is above zero, ``absent`` otherwise; ``{detail}`` is
    filled with the words read from the document (a title, skill labels, a number).
    """

    name: str
    group: str
    present: str
    absent: str


def _rung_features() -> list[Feature]:
    out = []
    for rung in RUNGS:
        short = _SHORT[rung]
        out.append(
            Feature(
                f"title_{short}",
                "title",
                f"title reads account {short} ({{detail}})",
                f"title is not account {short}",
            )
        )
    for rung in RUNGS:
        short = _SHORT[rung]
        out.append(
            Feature(
                f"recent_{short}",
                "title",
                "most recent role: {detail}",
                f"no recent account {short} role",
            )
        )
    for rung in RUNGS:
        short = _SHORT[rung]
        out.append(
            Feature(
                f"years_as_{short}",
                "title",
                f"{{detail}} as account {short}",
                f"no time as account {short}",
            )
        )
    for rung in RUNGS:
        short = _SHORT[rung]
        out.append(
            Feature(
                f"duties_{short}",
                "skills",
                f"work typical of an account {short}: {{detail}}",
                f"little work typical of an account {short}",
            )
        )
    return out


FEATURES: tuple[Feature, ...] = (
    Feature("is_job_ad", "kind", "a job ad", "a resume"),
    Feature("years_total", "experience", "{detail}", "no dated work experience"),
    Feature("years_account", "experience", "{detail} in client-facing account roles", "no years in account roles"),
    Feature("neighbour_title", "title", "title is a neighbouring role ({detail})", "title is not a neighbouring role"),
    Feature("seniority_up", "title", "senior wording in the title ({detail})", "no senior wording in the title"),
    Feature("seniority_down", "title", "junior wording in the title ({detail})", "no junior wording in the title"),
    *_rung_features(),
    Feature("client_facing", "skills", "skills used with clients ({detail})", "skills not shown with clients or accounts"),
    Feature("team_led", "leadership", "led people ({detail})", "no leadership evidence"),
    Feature("trained_others", "leadership", "trained or mentored others ({detail})", "no training or mentoring"),
    Feature("key_accounts", "scope", "key or strategic accounts ({detail})", "no key accounts named"),
    Feature("territory", "scope", "owned a territory or region ({detail})", "no territory stated"),
    Feature("quota_metric", "results", "states quota results ({detail})", "no quota results stated"),
    Feature("book_metric", "results", "states a book of business ({detail})", "no book of business stated"),
    Feature("retention_metric", "results", "states retention or renewals ({detail})", "no retention figures"),
    Feature("revenue_metric", "results", "states revenue or growth ({detail})", "no revenue figures"),
    Feature("degree_bachelor", "education", "{detail}", "bachelor's degree not stated"),
    Feature("degree_graduate", "education", "{detail}", "no master's degree or MBA"),
    Feature("certifications", "certifications", "certified: {detail}", "no certifications"),
    Feature("rung_certification", "certifications", "account-management certification: {detail}",
            "no account-management certification"),
    Feature("integrity_issue", "integrity", "integrity: {detail}", "no integrity issues"),
    Feature("occupation_far", "occupation", "occupation far from client work: {detail}",
            "occupation not known to be far from client work"),
    Feature("evidence_thin", "occupation", "thin account evidence: {detail}",
            "account evidence is not thin"),
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
ACCOUNT_EVIDENCE: tuple[str, ...] = tuple(
    f.name
    for f in FEATURES
    if f.group in ("kind", "title", "skills", "scope", "results", "integrity", "occupation")
    and not f.name.startswith("seniority_") and f.name != "revenue_metric"
) + ("years_account", "rung_certification")
"""What the model's gate may read to decide whether a document is about account work at all:
account titles and years, duties, scope and results — not seniority (years overall, degrees,
senior wording), which says how far up a ladder, not which ladder; and not revenue or growth
figures, which every commercial job states (owners, store managers, bankers, salespeople):
they say how much, not which work. The rung model reads them all."""
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


@dataclass(frozen=True, slots=True)
class FeatureVector:
    """The features of one profile: values with what was read and where."""

    source: str
    values: tuple[float, ...]
    details: tuple[str, ...]
    evidence: tuple[Evidence | None, ...]

    def value(self, name: str) -> float:
        return self.values[_INDEX[name]]


# --- taxonomy-derived tables ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tables:
    weights: dict[str, tuple[float, ...]]
    """skill id -> weight per rung (RUNGS order)."""
    signals: tuple[dict[str, float], ...]
    """per rung: skill id -> weight of the evidence that separates it from its neighbours."""
    rung_certs: frozenset[str]
    account_roles: frozenset[str]
    neighbours: frozenset[str]


@lru_cache(maxsize=4)
def _tables(taxonomy: Taxonomy) -> _Tables:
    weights = {
        sid: tuple(float(s.weights.get(r, 0.0)) for r in RUNGS)
        for sid, s in taxonomy.skills.items()
    }
    signals = tuple(dict(taxonomy.roles[r].signals) if r in taxonomy.roles else {} for r in RUNGS)
    certs = {c for role in taxonomy.roles.values() if role.rung for c in role.certifications}
    ladder = {r.id for r in taxonomy.roles.values() if r.rung is not None}
    neighbours = {r.id for r in taxonomy.roles.values() if r.rung is None}
    return _Tables(weights, signals, frozenset(certs), frozenset(ladder), frozenset(neighbours))


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    if taxonomy is not None:
        return taxonomy
    from matcher.taxonomy.load import load_taxonomy

    return load_taxonomy()


# --- helpers ----------------------------------------------------------------------------------


def _years(value: float) -> str:
    value = round(value, 1)
    text = f"{value:g}"
    return f"{text} year" if value == 1 else f"{text} years"


def _first(mentions: Sequence[SkillMention]) -> Evidence | None:
    for mention in mentions:
        if mention.evidence:
            return mention.evidence[0]
    return None


def _labels(mentions: Sequence[SkillMention], limit: int = 3) -> str:
    return ", ".join(m.label for m in mentions[:limit])


def _seniority(words: Iterable[str | None]) -> tuple[str | None, str | None]:
    up = down = None
    for word in words:
        if not word:
            continue
        tokens = re.findall(r"[a-z]+", word.lower())
        for token in tokens:
            if up is None and token in _UP:
                up = token
            if down is None and token in _DOWN:
                down = token
    return up, down


def _recency(position) -> tuple:
    # Current roles first, then by end date; undated positions last, in document order.
    end = date.max if position.current else (position.end or position.start or date.min)
    return (end, position.start or date.min)


def _client_sentence(sentence: str) -> bool:
    return bool(_CLIENT.search(sentence)) and not _BOOKKEEPING.search(sentence)


def _pattern_skills(profile: Profile) -> list:
    """The skills the taxonomy's ``patterns`` found, with that evidence only. Skills found by
    meaning or by ``wide_patterns`` are left out on purpose: the role-fit model was fitted on
    what the patterns read, and these features stay what it was fitted on until it is refitted."""
    found = []
    for m in profile.skills:
        if m.recogniser != "pattern":
            continue
        if any(e.wide for e in m.evidence):
            evidence = tuple(e for e in m.evidence if not e.wide)
            if not evidence:
                continue
            m = replace(m, evidence=evidence)
        found.append(m)
    return found


def _stuffed(profile: Profile) -> str | None:
    found = _pattern_skills(profile)
    counts = [m.count for m in found]
    if not counts:
        return None
    if max(counts) > STUFFING_MENTIONS and profile.kind == "resume":
        top = max(found, key=lambda m: (m.count, m.id))
        return f"'{top.label}' written {top.count} times (keyword stuffing)"
    if len(counts) >= 25 and sum(counts) >= 150:
        return f"{sum(counts)} skill mentions (keyword stuffing)"
    return None


# --- the features ----------------------------------------------------------------------------


def profile_features(profile: Profile, *, taxonomy: Taxonomy | None = None) -> FeatureVector:
    """Every feature of ``profile``, each with what was read and its evidence (None if none)."""
    tables = _tables(_taxonomy(taxonomy))
    n = len(FEATURES)
    values = [0.0] * n
    details = [""] * n
    evidence: list[Evidence | None] = [None] * n

    def put(name: str, value: float, detail: str = "", ev: Evidence | None = None) -> None:
        i = _INDEX[name]
        values[i] = float(value)
        details[i] = detail
        evidence[i] = ev

    is_ad = profile.kind == "job_ad"
    put("is_job_ad", 1.0 if is_ad else 0.0)

    # Experience (job ads carry none).
    positions = profile.positions
    recent = sorted(positions, key=_recency, reverse=True)
    longest_account = max(
        (p for p in positions if p.role in tables.account_roles and p.months),
        key=lambda p: p.months or 0,
        default=None,
    )
    # Years in an occupation far from client work say nothing of how far up this ladder a
    # person is: a barista of eight years who became an account executive last year is new
    # to it.
    far_months = sum(
        p.months or 0
        for p in positions
        if _read(p.occupation) and p.occupation.relation == "unrelated" and p.role is None
    )
    relevant = max(profile.years_experience - far_months / 12, 0.0)
    besides = f", besides {_years(far_months / 12)} in other occupations" if far_months else ""
    put(
        "years_total",
        min(relevant, YEARS_CAP),
        f"{_years(relevant)} of work experience{besides}",
        positions[0].evidence if positions else None,
    )
    put(
        "years_account",
        min(profile.years_account, YEARS_CAP),
        _years(profile.years_account),
        longest_account.evidence if longest_account else None,
    )

    # Titles: the headline (the ad's own title) and the roles held.
    title_rung = profile.title_rung
    if title_rung in RUNGS:
        put(
            f"title_{_SHORT[title_rung]}",
            1.0,
            profile.headline or title_rung,
            profile.headline_evidence,
        )
    elif profile.title_role in tables.neighbours:
        put(
            "neighbour_title",
            1.0,
            profile.headline or profile.title_role,
            profile.headline_evidence,
        )
    rung_positions = [p for p in recent if p.rung in RUNGS]
    if rung_positions:
        latest = rung_positions[0]
        put(
            f"recent_{_SHORT[latest.rung]}",
            1.0,
            latest.title + (f", {latest.employer}" if latest.employer else ""),
            latest.evidence,
        )
    for rung in RUNGS:
        held = [p for p in positions if p.rung == rung]
        months = sum(p.months or 0 for p in held)
        if held:
            longest = max(held, key=lambda p: p.months or 0)
            put(
                f"years_as_{_SHORT[rung]}",
                min(months / 12, YEARS_CAP) if months else 0.25,
                _years(months / 12) if months else "undated time",
                longest.evidence,
            )
    if (
        not title_rung
        and not rung_positions
        and recent
        and recent[0].role in tables.neighbours
        and not is_ad
    ):
        put("neighbour_title", 1.0, recent[0].title, recent[0].evidence)
    up, down = _seniority([profile.headline, *(p.title for p in recent[:1])])
    if up:
        put("seniority_up", 1.0, up)
    if down:
        put("seniority_down", 1.0, down)

    # Skills: each counts once; coverage of each rung's signals saturates.
    skills = [m for m in _pattern_skills(profile) if m.id in tables.weights]
    facing = [m for m in skills if any(_client_sentence(e.sentence) for e in m.evidence)]
    if skills:
        put(
            "client_facing",
            len(facing) / len(skills),
            _labels(facing) if facing else "",
            _first(facing),
        )
    for k, rung in enumerate(RUNGS):
        short = _SHORT[rung]
        signal = tables.signals[k]
        hits = sorted(
            (m for m in skills if signal.get(m.id, 0.0) > 0), key=lambda m: (-signal[m.id], m.id)
        )
        total = sum(signal[m.id] for m in hits)
        if hits:
            # A share of the document's skills, not a count: long documents written by others
            # list many more skills than short ones, whatever the job.
            put(
                f"duties_{short}",
                total / (len(skills) + DUTY_SMOOTHING),
                _labels(hits),
                _first(hits),
            )

    # Leadership and scope.
    by_kind: dict[str, list] = {}
    for signal in profile.signals:
        by_kind.setdefault(signal.kind, []).append(signal)
    team = by_kind.get("team_led", [])
    if team:
        size = max((s.value or 0.0) for s in team)
        best = max(team, key=lambda s: s.value or 0.0)
        put("team_led", 1.0 + math.log1p(min(size, 50.0)) / 4, best.evidence.text, best.evidence)
    for kind, name in (
        ("trained_others", "trained_others"),
        ("key_accounts", "key_accounts"),
        ("region", "territory"),
    ):
        found = by_kind.get(kind, [])
        if found:
            put(name, 1.0, found[0].evidence.text, found[0].evidence)

    # Stated results.
    metric_groups = {
        "quota_metric": ("quota_attainment",),
        "book_metric": ("book_size", "accounts"),
        "retention_metric": ("retention", "renewal"),
        "revenue_metric": ("revenue", "growth"),
    }
    for name, kinds in metric_groups.items():
        found = [m for m in profile.metrics if m.kind in kinds]
        if found:
            put(name, 1.0, found[0].evidence.text, found[0].evidence)

    # Education: the highest level stated.
    ranks = {"high_school": 1, "associate": 2, "bachelor": 3, "master": 4, "mba": 4, "doctorate": 5}
    education = sorted(profile.education, key=lambda e: (-ranks.get(e.level, 0), e.level))
    if education and ranks.get(education[0].level, 0) >= 3:
        top = education[0]
        put("degree_bachelor", 1.0, _education_words(top, "bachelor"), top.evidence)
        if ranks.get(top.level, 0) >= 4:
            put("degree_graduate", 1.0, _education_words(top, top.level), top.evidence)

    # Certifications.
    if profile.certifications:
        certs = profile.certifications
        put(
            "certifications",
            min(len(certs), 3),
            ", ".join(c.label for c in certs[:2]),
            certs[0].evidence,
        )
        rung_certs = [c for c in certs if c.id in tables.rung_certs]
        if rung_certs:
            put("rung_certification", 1.0, rung_certs[0].label, rung_certs[0].evidence)

    # Integrity: hidden text is already left out by the readers; flag and penalise it anyway.
    problems = [f.detail for f in profile.flags]
    stuffed = _stuffed(profile)
    if stuffed:
        problems.append(stuffed)
    if problems:
        put("integrity_issue", 1.0, "; ".join(problems))

    far = _far_occupation(profile, tables, recent)
    if far is not None:
        put("occupation_far", 1.0, far[0], far[1])
    thin = _thin_evidence(profile, tables, skills, facing)
    if thin is not None:
        put("evidence_thin", thin[0], thin[1])

    return FeatureVector(profile.source, tuple(values), tuple(details), tuple(evidence))


def far_occupation(
    profile: Profile, *, taxonomy: Taxonomy | None = None
) -> tuple[str, Evidence | None] | None:
    """The document's own occupation in words, with its evidence, when it is far from client
    work and no account-role evidence outweighs it (the ``occupation_far`` feature); else None."""
    recent = sorted(profile.positions, key=_recency, reverse=True)
    return _far_occupation(profile, _tables(_taxonomy(taxonomy)), recent)


def _far_occupation(
    profile: Profile, tables: _Tables, recent: Sequence
) -> tuple[str, Evidence | None] | None:
    """The document's own occupation, in words, when it is far from client work and no
    account-role evidence outweighs it; else None.

    Its own occupation is an ad's title (when the title itself names it: with the title
    unknown, another piece of the first lines names the customers or the employer); a
    resume's headline and its recent positions (the latest, and any ending within
    ``RECENT_MONTHS`` of it). It is far when every one of them that is known is unrelated to
    client work (not an account role, not a neighbour such as sales or customer service), and
    none of their titles is worded as client or sales work. Account evidence outweighs it
    when the years in positions at an account rung are at least the years in those far
    positions (and at least one): years in neighbouring roles, which count toward
    ``years_account``, do not. It also does when
    neither the headline nor the latest position's title names an occupation and that
    position's own duties hold ``EVIDENCE_MASS`` account skills: the far occupation is then an
    older job's, and the latest is read from what the person does.
    """
    if profile.title_rung in RUNGS or profile.title_role in tables.account_roles:
        return None
    occupation = profile.occupation
    if profile.kind == "job_ad" and not _named_by(occupation, profile.headline):
        # The ad's own title is unknown and the occupation was read from another piece of
        # its first lines (a customer segment, "Mid-Market Shippers"; the employer): that
        # piece says whom the job serves or who offers it, not what the job is.
        occupation = None
    places: list[tuple[Occupation | None, Evidence | None, str | None]] = [
        (occupation, profile.headline_evidence, profile.headline)
    ]
    held = []
    if profile.kind != "job_ad" and recent:

        def ended(position) -> date | None:  # noqa: ANN001
            return (profile.as_of if position.current else None) or position.end or position.start

        latest = ended(recent[0])
        for position in recent:
            end = ended(position)
            if position is recent[0] or (
                latest and end and (latest - end).days <= RECENT_MONTHS * 30.5
            ):
                held.append(position)
                places.append((position.occupation, position.evidence, position.title))
    if any(p.role in tables.account_roles or p.role in tables.neighbours for p in held):
        return None
    if (
        held
        and not _read(held[0].occupation)
        and not _read_at_top(profile)
        and len(_duties_of(profile, tables, held[0])) >= EVIDENCE_MASS
    ):
        # Neither the headline nor the latest title is read, and the latest position's own
        # duties are account work: an older occupation is where the person was, not where
        # they are (a career changer whose new title is unusual, generic or missing).
        return None
    known = [
        (o, ev)
        for o, ev, title in places
        if o is not None and o.code is not None and o.confidence >= OCCUPATION_CONFIDENCE
    ]
    if not known or any(o.relation != "unrelated" for o, _ in known):
        return None
    if any(_CLIENT_TITLE.search(title or o.matched) for o, _, title in places if o is not None):
        # Whatever occupation the index files it under, a title in the words of client or
        # sales work ("Client Services Coordinator", "Account Handler") is not far from it.
        return None
    far_years = sum(p.months or 0 for p in held) / 12
    rung_years = sum(p.months or 0 for p in profile.positions if p.rung in RUNGS) / 12
    if rung_years >= max(1.0, far_years):
        return None
    occupation, evidence = known[0]
    return occupation.cite(), evidence


def _skill_evidence(tables: _Tables, skills: Sequence, facing: Sequence) -> set[str]:
    """Distinct account skills: those that signal a rung, and any shown with clients."""
    found = {m.id for m in skills if any(signal.get(m.id, 0.0) > 0 for signal in tables.signals)}
    return found | {m.id for m in facing}


def _account_mass(
    profile: Profile, tables: _Tables, skills: Sequence, facing: Sequence
) -> set[str]:
    """Distinct pieces of account evidence in the content: account skills, and the account
    ladder's own figures (quota attainment, a book of accounts, retention or renewals) and
    scope (key accounts), each kind once."""
    found = _skill_evidence(tables, skills, facing)
    found |= {f"metric:{m.kind}" for m in profile.metrics if m.kind in _LADDER_METRICS}
    return found | {f"signal:{s.kind}" for s in profile.signals if s.kind in _LADDER_SIGNALS}


def _named_by(occupation: Occupation | None, title: str | None) -> bool:
    """Whether ``title`` holds the words the occupation was matched on."""
    if occupation is None or not title:
        return occupation is None
    return occupation.matched.casefold() in title.casefold()


def _read(occupation: Occupation | None) -> bool:
    return (
        occupation is not None
        and occupation.code is not None
        and occupation.confidence >= OCCUPATION_CONFIDENCE
    )


def _read_at_top(profile: Profile) -> bool:
    """Whether the headline or a top line names an occupation (one not taken from a position)."""
    if not _read(profile.occupation):
        return False
    held = {p.occupation for p in profile.positions}
    return profile.headline is not None or profile.occupation not in held


def _duties_of(profile: Profile, tables: _Tables, position) -> set[str]:  # noqa: ANN001
    """The account skills written under ``position`` (``SkillMention.position``)."""
    index = next(i for i, p in enumerate(profile.positions) if p is position)
    skills = [m for m in _pattern_skills(profile) if m.id in tables.weights and m.position == index]
    facing = [m for m in skills if any(_client_sentence(e.sentence) for e in m.evidence)]
    return _skill_evidence(tables, skills, facing)


def _thin_evidence(
    profile: Profile, tables: _Tables, skills: Sequence, facing: Sequence
) -> tuple[float, str] | None:
    """How thin the account evidence is (0-1) and why in words, for a document that only its
    skills could place in account work; else None.

    Thin means: no title of the document or of a position held is an account rung, a
    neighbouring role, or worded as client or sales work; no time in account roles; no
    account certification; and fewer than ``EVIDENCE_MASS`` distinct pieces of account
    evidence: skills that signal a rung or are shown with clients (``facing``), and the
    ladder's own figures and scope — quota attainment, a book of accounts, retention or
    renewals, key accounts — each kind once. Then two office words
    ("scheduling", "reporting") in a short document, which are a large share of very little,
    cannot make it account work, while a short resume that states its book and its retention
    is not thin: the value is the share of ``EVIDENCE_MASS`` missing.
    """
    if profile.title_rung in RUNGS or profile.years_account > 0:
        return None
    roles = tables.account_roles | tables.neighbours
    if profile.title_role in roles or any(p.role in roles or p.rung in RUNGS for p in profile.positions):
        return None
    places = [(profile.occupation, profile.headline)] + [(p.occupation, p.title) for p in profile.positions]
    for occupation, title in places:
        if occupation is not None and occupation.relation in ("account", "neighbour"):
            return None
        if title and _CLIENT_TITLE.search(title) and not _BOOKKEEPING.search(title):
            return None
    if any(c.id in tables.rung_certs for c in profile.certifications):
        return None
    found = _account_mass(profile, tables, skills, facing)
    if len(found) >= EVIDENCE_MASS:
        return None
    words = {0: "no account skills or figures", 1: "1 account skill or figure"}.get(
        len(found), f"{len(found)} account skills or figures"
    )
    return (EVIDENCE_MASS - len(found)) / EVIDENCE_MASS, f"{words} and no account or client title"


def _education_words(education, level: str) -> str:
    names = {
        "bachelor": "bachelor's degree",
        "master": "master's degree",
        "mba": "MBA",
        "doctorate": "doctorate",
    }
    words = names.get(level, level)
    if education.field:
        words += f" in {education.field.replace('_', ' ')}"
    return words


def feature_matrix(profiles: Iterable[Profile], *, taxonomy: Taxonomy | None = None) -> np.ndarray:
    """The features of many profiles as an (n, features) float array, in ``FEATURES`` order."""
    import numpy as np

    taxonomy = _taxonomy(taxonomy)
    rows = [profile_features(p, taxonomy=taxonomy).values for p in profiles]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))
