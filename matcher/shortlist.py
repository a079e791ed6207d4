"""Read resumes + one read ad → match rows, best first (``matcher screen``, ``matcher serve``).

    shortlist(ad, results, top=..., min_score=..., blind=...)   every row, ranked and cut
    shortlist_row(ad, result, rank=..., blind=...)              one resume's row, as it arrives
    error_row(result, ad=..., blind=...)                        an unreadable input's row

A row is ``matcher screen``'s JSON row (``matcher.serialize.match_to_json``), blinded after
scoring if asked, so the score never depends on blind mode.
"""

from __future__ import annotations

from typing import Any

from matcher.types import Result

__all__ = ["error_row", "shortlist", "shortlist_row"]


def shortlist(ad: Result, results: list[Result], *, top: int | None, min_score: float, blind: bool,
              taxonomy: tuple[str, ...] = ()) -> list[dict[str, Any]]:  # fmt: skip
    """Match every resume against the ad; the rows best first, cut to ``top`` / ``min_score``,
    then one row per resume that could not be read (its ``error``, in input order), uncut."""
    from matcher.scoring.match import match_profiles

    tax = _taxonomy(taxonomy)
    read = [r for r in results if not r.error]
    matches = [(match_profiles(r.profile, ad.profile, taxonomy=tax), r) for r in read]  # type: ignore[arg-type]
    # Best first; equal scores keep input order (sorted is stable), so output is deterministic.
    matches.sort(key=lambda pair: -pair[0].score)
    kept = [pair for pair in matches if pair[0].score >= min_score][: top or None]
    rows = [_row(match, result, ad, rank=rank, blind=blind) for rank, (match, result) in enumerate(kept, start=1)]
    rows.extend(error_row(result, ad=ad.source, blind=blind) for result in results if result.error)
    return rows


def error_row(result: Result, *, ad: str | None, blind: bool) -> dict[str, Any]:
    """The row of an input that could not be read (``result.error``), blinded if asked as
    ``matcher score`` blinds its error rows: the file name may be the candidate's own.

    A resume's path goes under ``source``; a job ad's (``ad=None``, ``result.kind`` "job_ad",
    in ``matcher match``) under ``ad``, and stays: the ad is the recruiter's own file.
    """
    from matcher.serialize import unmatched_to_json

    if result.kind == "job_ad" and ad is None:
        return unmatched_to_json(source=None, ad=result.source, error=result.error)
    row = unmatched_to_json(source=result.source, ad=ad, error=result.error)
    if blind:
        from matcher.scoring.blind import blind_row

        row = blind_row(row, profile=None)
    return row


def shortlist_row(ad: Result, result: Result, *, rank: int, blind: bool, taxonomy: tuple[str, ...] = ()) -> dict[str, Any]:
    """One resume's match row against the ad, for a caller that ranks rows itself later."""
    from matcher.scoring.match import match_profiles

    match = match_profiles(result.profile, ad.profile, taxonomy=_taxonomy(taxonomy))  # type: ignore[arg-type]
    return _row(match, result, ad, rank=rank, blind=blind)


def _row(match, result: Result, ad: Result, *, rank: int, blind: bool) -> dict[str, Any]:  # noqa: ANN001
    from matcher.serialize import match_to_json

    row = match_to_json(match, rank=rank, resume=result.profile, ad=ad.profile, fit=result.fit)
    if blind:
        from matcher.scoring.blind import blind_row

        row = blind_row(row, profile=result.profile)
    return row


def _taxonomy(files: tuple[str, ...]):  # noqa: ANN202
    if not files:
        return None  # the matcher loads the shipped one itself
    from matcher.taxonomy.load import load_taxonomy

    return load_taxonomy(*files)
