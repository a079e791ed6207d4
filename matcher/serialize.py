"""Pipeline values ⇄ JSON: the contract scripts read, and the form the cache and workers use.

    to_plain(value)            any frozen value → JSON-ready data (dates as ISO strings)
    from_plain(cls, data)      JSON data → the frozen dataclass again (``Profile``, ``RoleFit``)
    result_to_json(result)     one row of ``matcher score --format json``
    match_to_json(match, ...)  one row of ``matcher screen`` / ``matcher match --format json``
    unmatched_to_json(...)     the row there of an input that could not be read

Nothing here pickles: JSON cannot run code when it is read back, so a cache file or a
worker's reply that someone tampered with can at worst give a wrong value, never a shell.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from matcher.types import RUNGS, Evidence, Match, MustHave, Profile, Reason, Result, RoleFit

T = TypeVar("T")

__all__ = ["from_plain", "match_to_json", "result_to_json", "to_plain", "unmatched_to_json"]

SCORE_FIELDS = (
    "source", "kind", "fit", "best_fit", "reasons", "skills", "error", "taxonomy_version",
    "model_version",
)  # fmt: skip
"""The keys every ``matcher score`` JSON row has (the README's contract), in order."""
MATCH_FIELDS = ("source", "ad", "rank", "match", "fit", "must_haves", "reasons")
_QUOTE = 240
"""Evidence sentences are cut to this many characters in rows: enough to read, not a page."""


# --- generic ---------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """Dataclasses → dicts, tuples → lists, dates → ISO strings; everything else as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: to_plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    # Once per class: ``dataclasses.fields`` builds its tuple anew on every call, and every
    # row holds an occupation, every worker reply a whole profile.
    return tuple(f.name for f in dataclasses.fields(cls))


def from_plain(cls: type[T], data: Any) -> T:
    """Rebuild a frozen dataclass of ``matcher.types`` from ``to_plain`` output.

    Fields the data lacks take their defaults, so a cache written before a field was added
    still loads; unknown keys (``count``, added for readers) are ignored.
    """
    return _converter(cls)(data)


@functools.cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else (lambda v: v)
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        inner = _converter(typing.get_args(tp)[0])
        return lambda v: tuple(inner(x) for x in v)
    if tp is date:
        return date.fromisoformat
    if tp is float:
        return lambda v: float(v)
    return lambda v: v  # str, int, bool, Literal: JSON already has the right type


def _dataclass_converter(cls: type) -> Callable[[dict[str, Any]], Any]:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls) if f.init]

    def build(data: dict[str, Any]) -> Any:
        return cls(**{name: convert(data[name]) for name, convert in fields if name in data})

    return build


# --- the score contract ----------------------------------------------------------------


def reason_to_json(reason: Reason) -> dict[str, Any]:
    return {"text": reason.text, "weight": round(reason.weight, 2),
            "evidence": _quote(reason.evidence)}  # fmt: skip


def _quote(evidence: Evidence | None) -> str | None:
    if evidence is None:
        return None
    sentence = " ".join((evidence.sentence or evidence.text).split())
    return sentence if len(sentence) <= _QUOTE else sentence[: _QUOTE - 1] + "…"


def _must_quote(item: MustHave) -> str | None:
    """The evidence of a must-have; one found by meaning says so first."""
    return _with_how(item.how, _quote(item.evidence))


def _with_how(how: str | None, quote: str | None) -> str | None:
    """``quote`` led by how it was found ("by meaning, 0.64 close to '…': …") when not by pattern."""
    return f"{how}: {quote}" if how and quote else quote


def fit_to_json(fit: RoleFit | None) -> dict[str, float | None]:
    """``{rung: 0-100}`` for the three rungs (None when there is no fit)."""
    scores = fit.as_dict() if fit is not None else {}
    return {rung: (round(scores[rung], 1) if rung in scores else None) for rung in RUNGS}


def top_rung(fit: RoleFit) -> str:
    """The best rung, or the highest-scoring one when none clears the threshold."""
    return fit.best or max(fit.rungs, key=lambda r: r.score).rung


def result_to_json(result: Result) -> dict[str, Any]:
    """One input's row of ``matcher score --format json`` (see the README's JSON contract).

    ``reasons`` explains the best rung (the top-scoring one when none clears the threshold);
    ``reasons_by_rung`` has all three. An unreadable input keeps every key, empty or null.
    """
    profile, fit = result.profile, result.fit
    row: dict[str, Any] = {
        "source": result.source,
        "kind": profile.kind if profile else None,
        "fit": fit_to_json(fit),
        "best_fit": fit.best if fit else None,
        "reasons": [],
        "skills": [],
        "error": result.error,
        "taxonomy_version": (fit.taxonomy_version if fit else
                             profile.taxonomy_version if profile else None),  # fmt: skip
        "model_version": fit.model_version if fit else None,
        "reasons_by_rung": {},
        "headline": profile.headline if profile else None,
        "occupation": to_plain(profile.occupation) if profile and profile.occupation else None,
        "years_experience": profile.years_experience if profile and profile.kind == "resume" else None,
        "years_account": profile.years_account if profile and profile.kind == "resume" else None,
        "as_of": profile.as_of.isoformat() if profile and profile.as_of else None,
        "as_of_source": profile.as_of_source if profile else None,
        "flags": [],
    }
    if fit is not None and fit.rungs:
        by_rung = {r.rung: r for r in fit.rungs}
        row["reasons"] = [reason_to_json(r) for r in by_rung[top_rung(fit)].reasons]
        row["reasons_by_rung"] = {
            rung: [reason_to_json(r) for r in by_rung[rung].reasons] for rung in RUNGS if rung in by_rung
        }
    if profile is not None:
        row["skills"] = [
            {"id": s.id, "label": s.label, "text": s.text, "count": s.count,
             "required": s.required, "evidence": _with_how(s.how, _quote(s.evidence[0]) if s.evidence else None),
             "recogniser": s.recogniser, "confirmed": s.confirmed, "reader": s.reader,
             "wide": bool(s.evidence) and all(e.wide for e in s.evidence)}
            for s in profile.skills
        ]  # fmt: skip
        row["flags"] = [{"kind": f.kind, "detail": f.detail, "count": f.count} for f in profile.flags]
    return row


# --- the match contract ----------------------------------------------------------------


def match_to_json(
    match: Match,
    *,
    rank: int,
    resume: Profile | None = None,
    ad: Profile | None = None,
    fit: RoleFit | None = None,
) -> dict[str, Any]:
    """One ranked row of ``matcher screen`` / ``matcher match``.

    With the two profiles it also lists the ad's skills the resume shows (with the resume's
    own words) and those it lacks, and the resume's integrity flags: what a report needs.
    """
    row = unmatched_to_json(source=match.resume, ad=match.ad, error=None)
    row.update({
        "rank": rank,
        "match": round(match.score, 1),
        "fit": fit_to_json(fit),
        "best_fit": fit.best if fit else None,
        "must_haves": [
            {"label": m.label, "kind": m.kind, "status": m.status, "evidence": _must_quote(m),
             "recogniser": m.recogniser}
            for m in match.must_haves
        ],
        "reasons": [reason_to_json(r) for r in match.reasons],
        "parts": {p.name: round(p.score, 1) for p in match.parts},
        "weights": {p.name: p.weight for p in match.parts},
        "rung_alignment": match.rung_alignment,
        "headline": resume.headline if resume else None,
        "years_experience": resume.years_experience if resume else None,
        "taxonomy_version": match.taxonomy_version,
        "model_version": match.model_version,
    })  # fmt: skip
    if fit is not None:
        row["reasons_by_rung"] = {r.rung: [reason_to_json(x) for x in r.reasons] for r in fit.rungs}
    if resume is not None:
        row["flags"] = [{"kind": f.kind, "detail": f.detail, "count": f.count} for f in resume.flags]
    if resume is not None and ad is not None:
        held = {s.id: s for s in resume.skills}
        near = {s.id: s for s in resume.near_skills}
        for skill in ad.skills:
            required = effective_required(skill.required, ad_marks_any=any(s.required for s in ad.skills))
            mine = held.get(skill.id)
            if mine is not None and mine.confirmed:
                row["matched_skills"].append({
                    "id": skill.id, "label": skill.label, "required": required,
                    "text": mine.text, "evidence": _quote(mine.evidence[0]) if mine.evidence else None,
                })  # fmt: skip
            else:
                missing = {"id": skill.id, "label": skill.label, "required": required}
                close = mine or near.get(skill.id)
                if close is not None:  # a clause close by meaning, not surely enough: its words, to check
                    missing["close"] = {"text": close.text, "how": close.how}
                row["missing_skills"].append(missing)
    return row


def unmatched_to_json(*, source: str | None, ad: str | None, error: str | None) -> dict[str, Any]:
    """The row of an input that could not be matched (``error``: why), in the shape of a
    ranked row: every key there, empty or null, so a script reads both alike.

    ``matcher screen`` and ``matcher match`` print one after their ranked rows for each
    input that could not be read, as ``matcher score`` prints an error row: the input under
    ``source`` (a resume) or ``ad`` (a job ad), and its one-line ``error``.
    """
    return {
        "source": source, "ad": ad, "rank": None, "match": None, "fit": fit_to_json(None),
        "best_fit": None, "must_haves": [], "reasons": [], "parts": {}, "weights": {},
        "rung_alignment": None, "matched_skills": [], "missing_skills": [], "headline": None,
        "years_experience": None, "flags": [], "reasons_by_rung": {}, "taxonomy_version": None,
        "model_version": None, "error": error,
    }  # fmt: skip


def effective_required(required: bool | None, *, ad_marks_any: bool) -> bool:
    """Whether the match counts an ad's skill as required (``matcher.scoring.match``'s rule): an ad
    that marks no skill as required has all its skills required; otherwise unmarked ones are
    preferred."""
    return required is True if ad_marks_any else required is not False
