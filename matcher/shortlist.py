"""Read resumes + one read ad → match rows, best first (``matcher screen``, ``matcher serve``).

    shortlist(ad, results, top=..., min_score=..., blind=...)   every row, ranked and cut
    shortlist_row(ad, result, rank=..., blind=...)              one resume's row, as it arrives

A row is ``matcher screen``'s JSON row (``matcher.serialize.match_to_json``), blinded after
scoring if asked, so the score never depends on blind mode.
"""

from __future__ import annotations

from typing import Any

from matcher.types import Result

__all__ = ["shortlist", "shortlist_row"]


def shortlist(ad: Result, results: list[Result], *, top: int | None, min_score: float, blind: bool,
              taxonomy: tuple[str, ...] = ()) -> list[dict[str, Any]]:  # fmt: skip
    """Match every resume against the ad; the rows best first, cut to ``top`` / ``min_score``."""
    from matcher.scoring.match import match_profiles

    tax = _taxonomy(taxonomy)
    matches = [(match_profiles(r.profile, ad.profile, taxonomy=tax), r) for r in results]  # type: ignore[arg-type]
    # Best first; equal scores keep input order (sorted is stable), so output is deterministic.
    matches.sort(key=lambda pair: -pair[0].score)
    kept = [pair for pair in matches if pair[0].score >= min_score][: top or None]
    return [_row(match, result, ad, rank=rank, blind=blind) for rank, (match, result) in enumerate(kept, start=1)]


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
