"""The frozen values that flow between the stages of the pipeline.

    document file ─► Document ─► spaCy Doc ─► Profile ─► RoleFit / Match ─► report

Every stage takes one of these and returns the next; nothing passes dicts of dicts between
modules. Character offsets (``start``/``end``) always index ``Document.text``.

Rung ids are the taxonomy role ids of the three scored roles, in ladder order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

RUNGS: tuple[str, ...] = ("account_coordinator", "account_executive", "account_manager")
"""The three scored rungs, entry level first."""

Kind = Literal["resume", "job_ad"]


# --- Documents -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a document: ``name`` is canonical (``experience``, ``requirements``...)."""

    name: str
    heading: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class IntegrityFlag:
    """Something in the file a reader would not see but a parser would (hidden text, ...)."""

    kind: str
    detail: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class Document:
    """The normalised text of one input, with its sections and integrity flags."""

    source: str
    text: str
    sections: tuple[Section, ...] = ()
    flags: tuple[IntegrityFlag, ...] = ()
    title: str | None = None
    """A title given outside the text (the title column of a job-ad CSV), if any."""
    kind_hint: Kind | None = None
    """Set when the input's container says what it is (a job-ad CSV row)."""
    media_type: str = "text/plain"
    engine: str | None = None
    pages: int | None = None
    sha256: str | None = None
    """Digest of the input bytes, for the profile cache."""
    file_date: date | None = None
    """The date the file carries about itself (PDF ModDate/CreationDate, DOCX modified/created)."""
    file_date_source: str | None = None
    """Where ``file_date`` came from: ``pdf_metadata`` or ``docx_metadata``."""

    def section_at(self, offset: int) -> str:
        """The canonical name of the section holding ``offset`` (``"other"`` if none)."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.name
        return "other"


# --- Profiles --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the document a fact was read: the matched words and their sentence."""

    text: str
    sentence: str
    section: str
    start: int
    end: int
    wide: bool = False
    """A skill read by one of its ``wide_patterns``: it counts for the profile, must-haves and
    matching, but not in the role-fit features."""


MEANING_CONFIRMED = 0.6
"""A skill found only by meaning meets a must-have, and counts in a match's skill coverage, from
this score up; below it the must-have is "partly met" (close, in other words: check it). On real
resumes about 2 in 10 meaning-only hits under 0.60 state their skill, and 10 of the 15 sampled from
0.60 up (``benchmarks/meaning_precision.py``, two hand-checked samples of 100 hits)."""


class _ReadByMeaning:
    """``how`` for a record with ``recogniser``, ``score`` and ``example`` fields."""

    __slots__ = ()

    @property
    def how(self) -> str | None:
        """"by meaning, 0.83 close to '…'" for a skill found by meaning, else None."""
        if self.recogniser != "meaning":  # type: ignore[attr-defined]
            return None
        return by_meaning(self.score, self.example, reader=self.reader)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class SkillMention(_ReadByMeaning):
    """One taxonomy skill found in a document, with every place it was seen."""

    id: str
    label: str
    type: str
    evidence: tuple[Evidence, ...]
    position: int | None = None
    """Index into ``Profile.positions`` of the most recent dated position that mentions it."""
    required: bool | None = None
    """For job ads: True if required, False if preferred, None if the ad does not say."""
    recogniser: Literal["pattern", "meaning"] = "pattern"
    """``pattern``: a surface form of the taxonomy; ``meaning``: only a clause close to one of
    the skill's examples (``matcher.extract.meaning``), with its ``score`` and ``example``."""
    score: float | None = None
    """By meaning: the closest clause's score, 0..1."""
    example: str | None = None
    """By meaning: the skill's example that clause came closest to."""
    reader: bool = False
    """By meaning: given by the trained reader (``score`` is its probability, ``example`` its
    closest training sentence), not by aligning the clause with the examples."""

    @property
    def count(self) -> int:
        return len(self.evidence)

    @property
    def confirmed(self) -> bool:
        """Whether the mention is sure enough to meet a must-have and count in a match: every
        pattern mention, and a meaning mention from ``MEANING_CONFIRMED`` up."""
        return self.recogniser != "meaning" or (self.score or 0.0) >= MEANING_CONFIRMED


    @property
    def text(self) -> str:
        return self.evidence[0].text if self.evidence else self.label


@dataclass(frozen=True, slots=True)
class Occupation:
    """What occupation a job title names, in O*NET 29.2 or ESCO v1.1.1 (``matcher.extract.occupations``).

    ``relation`` is the occupation's distance from client account work: ``account`` (the
    taxonomy names a scored rung), ``neighbour`` (sales, customer service, marketing...),
    ``unrelated`` or ``unknown`` (no occupation recognised).
    """

    code: str | None
    """O*NET-SOC code ("25-3031.00"), or the ESCO code ("2341.1") when only ESCO knows the title."""
    label: str | None
    scheme: str | None
    """``onet``, ``esco``, or None (unknown, or known only to the taxonomy)."""
    method: str
    """``exact``, ``normalised``, ``part``, ``head``, ``span``, ``noun``, ``taxonomy`` or ``unknown``."""
    confidence: float
    relation: str
    matched: str
    """The words of the title that were matched (the whole title when nothing was)."""

    def cite(self) -> str:
        """The occupation as a reason names it: "Registered Nurses (O*NET 29-1141.00)"."""
        if self.code is None:
            return self.label or "unknown"
        scheme = {"onet": "O*NET", "esco": "ESCO"}.get(self.scheme or "", self.scheme or "")
        return f"{self.label} ({scheme} {self.code})"


@dataclass(frozen=True, slots=True)
class Position:
    """A job held (resume) with its dates; ``rung`` is set when the title names a scored rung."""

    title: str
    role: str | None
    rung: str | None
    employer: str | None
    start: date | None
    end: date | None
    current: bool
    months: int | None
    evidence: Evidence | None = None
    seniority: str | None = None
    """Modifier read from the title: ``senior``, ``junior``, ``associate``, ``lead``..."""
    occupation: Occupation | None = None
    """The occupation the title names (None when the position has no title)."""


@dataclass(frozen=True, slots=True)
class Education:
    level: str
    """``high_school``, ``associate``, ``bachelor``, ``master``, ``mba`` or ``doctorate``."""
    field: str | None
    institution: str | None
    year: int | None
    evidence: Evidence | None = None
    required: bool | None = None


@dataclass(frozen=True, slots=True)
class Certification:
    id: str | None
    label: str
    evidence: Evidence | None = None
    required: bool | None = None


@dataclass(frozen=True, slots=True)
class Metric:
    """A number the document states about results or scope.

    ``kind`` is one of ``quota_attainment``, ``revenue``, ``book_size``, ``accounts``,
    ``retention``, ``renewal``, ``growth``; ``unit`` is ``%``, ``$`` or ``count``.
    """

    kind: str
    value: float
    unit: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Signal:
    """Leadership or scope: ``team_led``, ``trained_others``, ``region``, ``key_accounts``..."""

    kind: str
    value: float | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Contact:
    """Personal details, kept so that blind mode knows exactly what to remove."""

    name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What one resume or job ad says, each fact with its evidence.

    One type serves both kinds; the job-ad fields stay empty on a resume and vice versa.
    """

    source: str
    kind: Kind
    skills: tuple[SkillMention, ...] = ()
    positions: tuple[Position, ...] = ()
    education: tuple[Education, ...] = ()
    certifications: tuple[Certification, ...] = ()
    metrics: tuple[Metric, ...] = ()
    signals: tuple[Signal, ...] = ()
    contact: Contact = field(default_factory=Contact)
    flags: tuple[IntegrityFlag, ...] = ()
    years_experience: float = 0.0
    years_account: float = 0.0
    """Years in account-management roles (scored rungs and their neighbours), overlaps merged."""
    notes: tuple[str, ...] = ()
    """Gaps and overlaps in the dated history, in plain words."""
    headline: str | None = None
    """The resume's headline title, or the job ad's title."""
    headline_evidence: Evidence | None = None
    """Where the headline stands in the text (None when it came with the ad, outside the text)."""
    title_role: str | None = None
    title_rung: str | None = None
    occupation: Occupation | None = None
    """The headline's occupation, else the most recent position's (resumes); the title's (ads)."""
    min_years: float | None = None
    """Job ads: the minimum years of experience asked for."""
    taxonomy_version: str = ""
    as_of: date | None = None
    """Resumes: the date "Present" was read as (see ``matcher.extract.profile.resolve_as_of``)."""
    as_of_source: str | None = None
    """Where ``as_of`` came from: ``option``, ``pdf_metadata``, ``docx_metadata``,
    ``run_date`` or ``latest_year`` (see ``matcher.extract.profile.resolve_as_of``)."""
    near_skills: tuple[SkillMention, ...] = ()
    """Skills found neither by pattern nor by meaning, but with a clause close to one of their
    examples (``matcher.extract.meaning.WEAK`` up to ``THRESHOLD``): a must-have is "partly met"."""


# --- Scores ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """One signed contribution to a score, in plain words, traced to evidence when it has one."""

    text: str
    weight: float
    evidence: Evidence | None = None

    @property
    def sign(self) -> str:
        return "+" if self.weight >= 0 else "-"


@dataclass(frozen=True, slots=True)
class RungFit:
    rung: str
    score: float
    """0-100."""
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class RoleFit:
    """How well one document fits each scored rung, and the best one (None below threshold)."""

    source: str
    kind: Kind
    rungs: tuple[RungFit, ...]
    best: str | None
    threshold: float
    taxonomy_version: str
    model_version: str

    def score(self, rung: str) -> float:
        for fit in self.rungs:
            if fit.rung == rung:
                return fit.score
        raise KeyError(rung)

    def as_dict(self) -> dict[str, float]:
        return {fit.rung: fit.score for fit in self.rungs}


@dataclass(frozen=True, slots=True)
class MustHave(_ReadByMeaning):
    """One requirement of the ad, checked against the resume."""

    label: str
    kind: str
    """``skill``, ``years``, ``education``, ``certification``."""
    status: Literal["met", "partly_met", "not_met", "not_stated"]
    evidence: Evidence | None = None
    recogniser: str | None = None
    """Skills: ``pattern`` or ``meaning``, whichever found it in the resume (None when not found)."""
    score: float | None = None
    """Skills found by meaning (met or partly met): how close the resume's clause came, 0..1."""
    example: str | None = None
    """Skills found by meaning: the skill's example that clause came closest to."""
    reader: bool = False
    """Skills found by meaning: given by the trained reader (``SkillMention.reader``)."""



def by_meaning(score: float | None, example: str | None, *, reader: bool = False) -> str:
    """How a skill found by meaning reads in evidence: "by meaning, 0.83 close to '…'" (the
    alignment score and the example), "by meaning (trained reader), 0.94 sure, like '…'" (the
    reader's probability and its closest training sentence); "(MiniLM)" when resumes are read in
    depth (``MATCHER_MEANING=deep``, which also keys the profile cache, so a profile is never
    shown under the other setting)."""
    from matcher.extract.switch import meaning_depth

    deep = meaning_depth() == "deep"
    if reader:
        return f"by meaning ({'MiniLM, ' * deep}trained reader), {score or 0.0:.2f} sure, like '{example or ''}'"
    how = "by meaning (MiniLM)" if deep else "by meaning"
    return f"{how}, {score or 0.0:.2f} close to '{example or ''}'"


@dataclass(frozen=True, slots=True)
class MatchPart:
    name: str
    score: float
    """0-100 for this part alone."""
    weight: float


@dataclass(frozen=True, slots=True)
class Match:
    """How well a resume fits one job ad, 0-100, with the parts that make the number."""

    resume: str
    ad: str
    score: float
    parts: tuple[MatchPart, ...]
    must_haves: tuple[MustHave, ...]
    reasons: tuple[Reason, ...]
    rung_alignment: str
    """``aligned``, ``under`` (resume below the ad's rung), ``over``, or ``unknown``."""
    taxonomy_version: str
    model_version: str


@dataclass(frozen=True, slots=True)
class Result:
    """One input's outcome in a batch: a profile and fit, or the error that stopped it."""

    source: str
    profile: Profile | None = None
    fit: RoleFit | None = None
    error: str | None = None
    kind: Kind | None = None
    """The kind the input was read as: asked for (``matcher match --ads``) or detected."""
    text: str | None = None
    """The document's normalised text, only when ``Settings.keep_text`` asked for it."""
