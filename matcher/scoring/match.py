"""Resume profile × job-ad profile → Match: 0-100, its parts, the ad's must-haves, reasons.

    (resume Profile, ad Profile) ─► parts (each 0..1) ─► weighted mean ─► Match

The parts and their weights (``WEIGHTS``), each used only when the ad states it:

    required_skills   0.40  share of the ad's required skills the resume shows
    preferred_skills  0.15  share of its preferred skills
    rung              0.20  the resume's rung against the ad's: same 1.0; one rung over 0.75,
                            two over 0.5; one under 0.5, two under 0.1
    years             0.15  resume years / the ad's minimum, capped at 1
    education         0.05  1 if the resume's highest degree reaches the ad's, 0.5 if the
                            resume states none, else 0
    certifications    0.05  share of the ad's certifications the resume holds
    occupation        0.20  the resume's occupation against the ad's: for an ad at an account
                            rung, a resume at an account rung is the same (1.0), a neighbour
                            (sales, customer service, marketing) 0.5, an unrelated occupation
                            with no account evidence 0; for any other ad, the same occupation
                            code 1.0, the same O*NET minor group or ISCO unit group 0.5, else 0

The score is the weighted mean of the parts that apply, times 100. For an ad at an account
rung, a resume whose own occupation is far from client work and which holds no account
evidence (``matcher.scoring.features.far_occupation``) has its score scaled below ``UNRELATED_CAP``:
below the least a resume at an account rung can score (the occupation and rung parts alone
give it ``(0.20 + 0.20 × 0.1) / 1.20`` = 18.3), so it ranks under every such resume whatever
its skill overlap. An ad that marks no skill
as required has its unmarked skills treated as required; otherwise unmarked skills count as
preferred.

The resume's rung is read from its titles (the most recent position naming a rung, else its
headline), else from its years in account roles against each rung's typical minimum in the
taxonomy. It deliberately does not come from skills, so the match is monotone: adding a
required skill to a resume never lowers it. The ad's rung is its title's, else its own role
fit (``matcher.scoring.fit``).

``match_matrix`` scores every resume against every ad with sparse matrix products, chunk by
chunk of ads, keeping the ``top_k`` resumes per ad; ``match_profiles`` is the same arithmetic
on one pair plus the must-haves and reasons, so both give the same number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matcher.types import RUNGS, Evidence, Match, MatchPart, MustHave, Occupation, Profile, Reason

if TYPE_CHECKING:
    from matcher.taxonomy.load import Taxonomy

__all__ = ["ALIGNMENT", "WEIGHTS", "TopMatches", "match_matrix", "match_profiles", "resume_rung"]

WEIGHTS: dict[str, float] = {
    "required_skills": 0.40,
    "preferred_skills": 0.15,
    "rung": 0.20,
    "years": 0.15,
    "education": 0.05,
    "certifications": 0.05,
    "occupation": 0.20,
}
ALIGNMENT: dict[int, float] = {-2: 0.1, -1: 0.5, 0: 1.0, 1: 0.75, 2: 0.5}
"""Resume rung minus ad rung → the rung part."""
EDUCATION_RANK = {
    "high_school": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
    "mba": 4,
    "doctorate": 5,
}
_EDUCATION_WORDS = {
    1: "a high-school diploma",
    2: "an associate degree",
    3: "a bachelor's degree",
    4: "a master's degree or MBA",
    5: "a doctorate",
}
_UNKNOWN = -9
_CHUNK = 256
_LEAST_AT_RUNG = (WEIGHTS["occupation"] + WEIGHTS["rung"] * min(ALIGNMENT.values())) / sum(
    WEIGHTS.values()
)
UNRELATED_CAP = round(90 * _LEAST_AT_RUNG, 1)
"""The most a resume of an unrelated occupation with no account evidence scores on an ad at
an account rung: nine tenths of the least a resume at an account rung can score."""
# A resume's occupation against an account ad (``_Side.occupation`` on the resume side).
_OCC_UNKNOWN, _OCC_NEIGHBOUR, _OCC_FAR = 0, 1, 2


# --- what each side states --------------------------------------------------------------------


def _ad_skill_sets(ad: Profile) -> tuple[list[str], list[str]]:
    """The ad's required and preferred skill ids (see the module doc for unmarked skills)."""
    skills = [m for m in ad.skills if m.type != "certification"]
    explicit = any(m.required is True for m in skills)
    required = sorted(
        {m.id for m in skills if m.required is True or (m.required is None and not explicit)}
    )
    preferred = sorted({m.id for m in skills if m.id not in required})
    return required, preferred


def _ad_education(ad: Profile) -> int:
    ranks = [EDUCATION_RANK.get(e.level, 0) for e in ad.education if e.required is not False]
    return min(ranks) if ranks else 0


def _ad_certifications(ad: Profile) -> list[str]:
    return sorted({c.id or c.label.lower() for c in ad.certifications if c.required is not False})


def _resume_education(resume: Profile) -> int:
    return max((EDUCATION_RANK.get(e.level, 0) for e in resume.education), default=0)


def resume_rung(resume: Profile, *, taxonomy: Taxonomy | None = None) -> int:
    """The resume's rung as 0, 1, 2 (RUNGS order), or -9 when it cannot be told."""
    from datetime import date

    dated = sorted(
        (p for p in resume.positions if p.rung in RUNGS),
        key=lambda p: (
            date.max if p.current else (p.end or p.start or date.min),
            p.start or date.min,
        ),
        reverse=True,
    )
    if dated:
        return RUNGS.index(dated[0].rung)
    if resume.title_rung in RUNGS:
        return RUNGS.index(resume.title_rung)
    if resume.years_account > 0:
        from matcher.taxonomy.load import load_taxonomy

        taxonomy = taxonomy or load_taxonomy()
        level = 0
        for k, rung in enumerate(RUNGS):
            role = taxonomy.roles.get(rung)
            if (
                role is not None
                and role.years_min is not None
                and resume.years_account >= role.years_min
            ):
                level = k
        return level
    return _UNKNOWN


def _ad_rung(ad: Profile, fit_best: str | None) -> int:
    if ad.title_rung in RUNGS:
        return RUNGS.index(ad.title_rung)
    if fit_best in RUNGS:
        return RUNGS.index(fit_best)
    return _UNKNOWN


# --- the vectorised core ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    """One side (resumes or ads) as arrays; skill and certification columns share a vocabulary."""

    skills: object  # scipy.sparse csr (n × vocabulary), 1 where the skill is present/asked
    preferred: object | None
    certs: object
    years: np.ndarray
    education: np.ndarray
    rung: np.ndarray
    occupation: np.ndarray
    """Resumes: _OCC_UNKNOWN, _OCC_NEIGHBOUR or _OCC_FAR; ads: unused (zeros)."""
    code: np.ndarray
    """Index of the occupation code in a shared vocabulary, -1 when unknown."""
    group: np.ndarray
    """Index of the occupation's group (O*NET minor group, ISCO unit group), -1 when unknown."""

    def rows(self, part: slice) -> _Side:
        """The same side for a run of its rows: the compact block a cluster worker receives."""
        preferred = None if self.preferred is None else self.preferred[part]
        return _Side(self.skills[part], preferred, self.certs[part], self.years[part].copy(),
                     self.education[part].copy(), self.rung[part].copy(), self.occupation[part].copy(),
                     self.code[part].copy(), self.group[part].copy())  # fmt: skip


def _csr(rows: Sequence[Sequence[str]], vocabulary: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted({vocabulary[s] for s in row}))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(rows), max(len(vocabulary), 1)),
    )


def _vocabulary(*groups: Sequence[Sequence[str]]) -> dict[str, int]:
    names = sorted({s for group in groups for row in group for s in row})
    return {name: i for i, name in enumerate(names)}


def _sides(
    resumes: Sequence[Profile],
    ads: Sequence[Profile],
    ad_best: Sequence[str | None],
    taxonomy: Taxonomy | None,
) -> tuple[_Side, _Side]:
    r_skills = [[m.id for m in p.skills if m.confirmed] for p in resumes]
    r_certs = [[c.id or c.label.lower() for c in p.certifications] for p in resumes]
    sets = [_ad_skill_sets(a) for a in ads]
    a_req = [s[0] for s in sets]
    a_pref = [s[1] for s in sets]
    a_certs = [_ad_certifications(a) for a in ads]
    skill_vocab = _vocabulary(r_skills, a_req, a_pref)
    cert_vocab = _vocabulary(r_certs, a_certs)
    r_codes = [_occupation_keys(p) for p in resumes]
    a_codes = [_occupation_keys(p) for p in ads]
    code_vocab = _vocabulary([[c for c, _ in r_codes + a_codes if c]])
    group_vocab = _vocabulary([[g for _, g in r_codes + a_codes if g]])
    resume_side = _Side(
        skills=_csr(r_skills, skill_vocab), preferred=None, certs=_csr(r_certs, cert_vocab),
        years=np.asarray([p.years_experience for p in resumes], dtype=np.float32),
        education=np.asarray([_resume_education(p) for p in resumes], dtype=np.float32),
        rung=np.asarray([resume_rung(p, taxonomy=taxonomy) for p in resumes], dtype=np.int16),
        occupation=np.asarray([_resume_occupation(p, taxonomy) for p in resumes], dtype=np.int8),
        code=np.asarray([code_vocab.get(c, -1) for c, _ in r_codes], dtype=np.int32),
        group=np.asarray([group_vocab.get(g, -1) for _, g in r_codes], dtype=np.int32),
    )  # fmt: skip
    ad_side = _Side(
        skills=_csr(a_req, skill_vocab), preferred=_csr(a_pref, skill_vocab), certs=_csr(a_certs, cert_vocab),
        years=np.asarray([a.min_years or 0.0 for a in ads], dtype=np.float32),
        education=np.asarray([_ad_education(a) for a in ads], dtype=np.float32),
        rung=np.asarray([_ad_rung(a, b) for a, b in zip(ads, ad_best, strict=True)], dtype=np.int16),
        occupation=np.zeros(len(ads), dtype=np.int8),
        code=np.asarray([code_vocab.get(c, -1) for c, _ in a_codes], dtype=np.int32),
        group=np.asarray([group_vocab.get(g, -1) for _, g in a_codes], dtype=np.int32),
    )  # fmt: skip
    return resume_side, ad_side


def _occupation_keys(profile: Profile) -> tuple[str | None, str | None]:
    """(code, group) of the document's own occupation, None where unknown."""
    occupation = profile.occupation
    if occupation is None or occupation.code is None:
        return None, None
    code = occupation.code
    # O*NET-SOC "29-1141.00": the minor group is "29-11"; ESCO "2221.1": the unit group "2221".
    group = code[:5] if occupation.scheme == "onet" else code.split(".")[0]
    return code, f"{occupation.scheme}:{group}"


def _resume_occupation(resume: Profile, taxonomy: Taxonomy | None) -> int:
    """The resume's occupation as it bears on an account ad (see ``_Side.occupation``)."""
    from matcher.scoring.features import far_occupation

    if far_occupation(resume, taxonomy=taxonomy) is not None:
        return _OCC_FAR
    occupation = resume.occupation
    if occupation is not None and occupation.relation in ("neighbour", "account"):
        return _OCC_NEIGHBOUR
    return _OCC_UNKNOWN


def _coverage(resume_matrix, ad_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(resumes × ads) share of each ad's items the resume has, and which ads ask any."""
    asked = np.asarray(ad_matrix.sum(axis=1), dtype=np.float32).ravel()
    hits = (resume_matrix @ ad_matrix.T).toarray().astype(np.float32)
    return hits / np.maximum(asked, 1.0)[None, :], asked > 0


def _parts(
    r: _Side, a: _Side, rows: slice, cols: slice
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each part's (score, applies) for the block of resumes ``rows`` × ads ``cols``."""
    n = r.years[rows].shape[0]
    ones = np.ones((n, 1), dtype=bool)
    required, req_on = _coverage(r.skills[rows], a.skills[cols])
    preferred, pref_on = _coverage(r.skills[rows], a.preferred[cols])
    certs, cert_on = _coverage(r.certs[rows], a.certs[cols])
    min_years = a.years[cols]
    years = np.minimum(1.0, r.years[rows][:, None] / np.maximum(min_years, 1e-6)[None, :])
    edu_r, edu_a = r.education[rows][:, None], a.education[cols][None, :]
    education = np.where(edu_r >= edu_a, 1.0, np.where(edu_r == 0, 0.5, 0.0)).astype(np.float32)
    diff = np.clip(r.rung[rows][:, None].astype(np.int32) - a.rung[cols][None, :], -2, 2)
    table = np.asarray([ALIGNMENT[d] for d in range(-2, 3)], dtype=np.float32)
    rung = table[diff + 2]
    rung_on = (r.rung[rows][:, None] != _UNKNOWN) & (a.rung[cols][None, :] != _UNKNOWN)
    occupation, occupation_on = _occupation_part(r, a, rows, cols)
    return {
        "required_skills": (required, ones & req_on[None, :]),
        "preferred_skills": (preferred, ones & pref_on[None, :]),
        "rung": (rung, rung_on),
        "years": (years.astype(np.float32), ones & (min_years > 0)[None, :]),
        "education": (education, ones & (a.education[cols] > 0)[None, :]),
        "certifications": (certs, ones & cert_on[None, :]),
        "occupation": (occupation, occupation_on),
    }


def _occupation_part(r: _Side, a: _Side, rows: slice, cols: slice) -> tuple[np.ndarray, np.ndarray]:
    """The occupation part's (score, applies) for a block (see the module doc)."""
    account_ad = (a.rung[cols] != _UNKNOWN)[None, :]
    at_rung = (r.rung[rows] != _UNKNOWN)[:, None]
    kind = r.occupation[rows][:, None]
    # An ad at an account rung: the resume's distance from account work.
    ladder = np.where(
        kind == _OCC_FAR, 0.0, np.where(at_rung, 1.0, np.where(kind == _OCC_NEIGHBOUR, 0.5, 0.0))
    )
    ladder_on = (kind == _OCC_FAR) | at_rung | (kind == _OCC_NEIGHBOUR)
    # Any other ad: the same occupation, the same group, or another.
    r_code, a_code = r.code[rows][:, None], a.code[cols][None, :]
    r_group, a_group = r.group[rows][:, None], a.group[cols][None, :]
    same = np.where(r_code == a_code, 1.0, np.where(r_group == a_group, 0.5, 0.0))
    same_on = (r_code >= 0) & (a_code >= 0)
    score = np.where(account_ad, ladder, same).astype(np.float32)
    return score, np.where(account_ad, ladder_on, same_on)


def _unrelated(r: _Side, a: _Side, rows: slice, cols: slice) -> np.ndarray:
    """Pairs of an ad at an account rung and a resume far from client work."""
    return (r.occupation[rows] == _OCC_FAR)[:, None] & (a.rung[cols] != _UNKNOWN)[None, :]


def _scores(r: _Side, a: _Side, rows: slice, cols: slice) -> tuple[dict, np.ndarray]:
    """The parts of a block and its scores, unrelated resumes scaled under ``UNRELATED_CAP``."""
    parts = _parts(r, a, rows, cols)
    score = _combine(parts)
    return parts, np.where(_unrelated(r, a, rows, cols), score * (UNRELATED_CAP / 100.0), score)


def _combine(parts: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    total = weight = 0.0
    for name, (score, applies) in parts.items():
        # float64 here so one pair and the all-pairs block round to the same tenth.
        w = WEIGHTS[name] * applies
        total = total + w * np.asarray(score, dtype=np.float64)
        weight = weight + w
    weight = np.asarray(weight, dtype=np.float32)
    return np.where(weight > 0, 100.0 * np.asarray(total) / np.maximum(weight, 1e-9), 0.0)


def _ad_fits(ads: Sequence[Profile], taxonomy: Taxonomy | None) -> list[str | None]:
    """The role fit's best rung for ads whose title names none (only those are scored)."""
    need = [i for i, a in enumerate(ads) if a.title_rung not in RUNGS]
    best: list[str | None] = [None] * len(ads)
    if need:
        from matcher.scoring.fit import fit_many

        for i, fit in zip(need, fit_many([ads[i] for i in need], taxonomy=taxonomy), strict=True):
            best[i] = fit.best
    return best


# --- all pairs ------------------------------------------------------------------------------


def _block_scores(r: _Side, a: _Side, rows: slice, cols: slice) -> np.ndarray:
    """Ads ``cols`` × resumes ``rows``: each pair's score as ``match_profiles`` gives it (the
    unrelated cap included), rounded to the tenth it is shown at.

    Every pair's arithmetic is its own, so a block of any shape gives the same numbers as the
    whole matrix (``matcher.cluster`` scores the matrix in blocks on many machines), provided
    the blocks are rows of sides built together (``_Side.rows``): occupation codes and groups
    are indices into a vocabulary of the sides built at once.
    """
    # Round before ranking so ties are exact and broken by resume order.
    return np.round(_scores(r, a, rows, cols)[1].T, 1)


def _top(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best columns of each row of ``block`` and their scores, best first, ties
    by column order."""
    n = block.shape[1]
    # One integer key per cell, score tenths first and then the column, so that equal scores
    # at the cut-off go to the earlier columns too (a bare argpartition picks among them at
    # random, and blocks scored apart would then disagree with the whole matrix).
    key = np.rint(block * 10).astype(np.int64) * n + (n - 1 - np.arange(n, dtype=np.int64))
    top = np.argpartition(-key, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (block.shape[0], 1))
    order = np.argsort(-np.take_along_axis(key, top, axis=1), axis=1)
    top = np.take_along_axis(top, order, axis=1)
    return top, np.take_along_axis(block, top, axis=1).astype(np.float32)


@dataclass(frozen=True, slots=True)
class TopMatches:
    """The best resumes for each ad: ``indices[a]`` into the resumes, ``scores[a]`` 0-100,
    best first (ties broken by resume order); rows shorter than ``top_k`` pad with -1 / nan."""

    indices: np.ndarray
    scores: np.ndarray


def match_matrix(
    resumes: Sequence[Profile],
    ads: Sequence[Profile],
    *,
    top_k: int = 10,
    taxonomy: Taxonomy | None = None,
) -> TopMatches:
    """Score every resume against every ad and keep the ``top_k`` resumes per ad."""
    r, a = _sides(resumes, ads, _ad_fits(ads, taxonomy), taxonomy)
    n, m = len(resumes), len(ads)
    k = min(top_k, n)
    indices = np.full((m, top_k), -1, dtype=np.int64)
    scores = np.full((m, top_k), np.nan, dtype=np.float32)
    if n == 0 or m == 0 or k == 0:
        return TopMatches(indices, scores)
    for start in range(0, m, _CHUNK):
        cols = slice(start, min(start + _CHUNK, m))
        top, top_scores = _top(_block_scores(r, a, slice(0, n), cols), k)
        indices[cols, :k] = top
        scores[cols, :k] = top_scores
    return TopMatches(indices, scores)


# --- one pair, explained --------------------------------------------------------------------


def match_profiles(resume: Profile, ad: Profile, *, taxonomy: Taxonomy | None = None) -> Match:
    """How well ``resume`` fits ``ad``: 0-100, the parts, each must-have, and reasons."""
    from matcher.scoring.fit import fit_roles
    from matcher.scoring.model import load_model

    model = load_model()
    ad_best = None if ad.title_rung in RUNGS else fit_roles(ad, model=model, taxonomy=taxonomy).best
    r, a = _sides([resume], [ad], [ad_best], taxonomy)
    parts, scores = _scores(r, a, slice(0, 1), slice(0, 1))
    # Rounded as the all-pairs matrix rounds (``np.round``: a half to even on the float), so a
    # score on a half-tenth is the same number in both.
    score = float(np.round(scores[0, 0], 1))
    applied = [(name, float(s[0, 0]), bool(on[0, 0])) for name, (s, on) in parts.items()]
    match_parts = tuple(
        MatchPart(name, round(value * 100, 1), WEIGHTS[name]) for name, value, on in applied if on
    )

    diff = int(r.rung[0]) - int(a.rung[0])
    unknown = r.rung[0] == _UNKNOWN or a.rung[0] == _UNKNOWN
    alignment = (
        "unknown" if unknown else "aligned" if diff == 0 else "over" if diff > 0 else "under"
    )
    must_haves = _must_haves(resume, ad)
    reasons = _reasons(resume, ad, applied, must_haves, alignment, int(r.rung[0]), int(a.rung[0]))
    return Match(
        resume=resume.source, ad=ad.source, score=score, parts=match_parts, must_haves=must_haves,
        reasons=reasons, rung_alignment=alignment, taxonomy_version=resume.taxonomy_version or ad.taxonomy_version,
        model_version=str(getattr(model, "model_version_", "unsaved")),
    )  # fmt: skip


def _first(evidence: Sequence[Evidence]) -> Evidence | None:
    return evidence[0] if evidence else None


def _must_haves(resume: Profile, ad: Profile) -> tuple[MustHave, ...]:
    required, _ = _ad_skill_sets(ad)
    have = {m.id: m for m in resume.skills}
    near = {m.id: m for m in resume.near_skills}
    asked = {m.id: m for m in ad.skills}
    out = []
    for skill_id in required:
        # Met when the patterns found it, or a clause came close enough to be sure
        # (``SkillMention.confirmed``); partly met when a clause came close (its words are the
        # evidence); not met only when nothing in the resume is close.
        label = asked[skill_id].label
        mention = have.get(skill_id) or near.get(skill_id)
        if mention is None:
            out.append(MustHave(label, "skill", "not_met", _first(asked[skill_id].evidence)))
            continue
        status = "met" if skill_id in have and mention.confirmed else "partly_met"
        out.append(MustHave(label, "skill", status, _first(mention.evidence), mention.recogniser, mention.score,
                            mention.example, mention.reader))
    if ad.min_years:
        label = f"{ad.min_years:g}+ years of experience"
        if not resume.positions and resume.years_experience == 0:
            out.append(MustHave(label, "years", "not_stated"))
        else:
            status = "met" if resume.years_experience >= ad.min_years else "not_met"
            evidence = next((p.evidence for p in resume.positions if p.evidence is not None), None)
            out.append(MustHave(label, "years", status, evidence))
    level = _ad_education(ad)
    if level:
        label = _EDUCATION_WORDS.get(level, "a degree")
        held = _resume_education(resume)
        top = max(resume.education, key=lambda e: EDUCATION_RANK.get(e.level, 0), default=None)
        status = "not_stated" if held == 0 else "met" if held >= level else "not_met"
        out.append(MustHave(label, "education", status, top.evidence if top is not None else None))
    held_certs = {c.id or c.label.lower(): c for c in resume.certifications}
    for cert in ad.certifications:
        if cert.required is False:
            continue
        key = cert.id or cert.label.lower()
        mine = held_certs.get(key)
        out.append(
            MustHave(
                cert.label,
                "certification",
                "met" if mine else "not_met",
                mine.evidence if mine else cert.evidence,
            )
        )
    return tuple(out)


def _occupation_words(occupation: Occupation | None) -> str:
    return "unknown" if occupation is None or occupation.code is None else occupation.cite()


def _occupation_reason(
    resume: Profile,
    ad: Profile,
    value: float,
    account_ad: bool,
    weight: Callable[[str, float], float],
) -> Reason:
    mine, theirs = resume.occupation, ad.occupation
    if account_ad:
        if value == 1.0:
            text = "occupation: at an account rung, as the ad"
        elif value == 0.5:
            text = f"occupation: {_occupation_words(mine)}, a neighbour of account work"
        else:
            from matcher.scoring.features import far_occupation

            far = far_occupation(resume)
            words = far[0] if far else _occupation_words(mine)
            text = (
                f"occupation: {words}, far from client work, with no account evidence: "
                "ranked below every candidate at an account rung"
            )
            return Reason(text, weight("occupation", value), far[1] if far else None)
    elif value == 1.0:
        text = f"same occupation as the ad: {_occupation_words(theirs)}"
    elif value == 0.5:
        text = f"occupation {_occupation_words(mine)} is in the ad's group ({_occupation_words(theirs)})"
    else:
        text = f"occupation {_occupation_words(mine)} is not the ad's ({_occupation_words(theirs)})"
    return Reason(text, weight("occupation", value))


def _reasons(
    resume: Profile,
    ad: Profile,
    applied: list[tuple[str, float, bool]],
    must: tuple[MustHave, ...],
    alignment: str,
    r_rung: int,
    a_rung: int,
) -> tuple[Reason, ...]:
    def weight(name: str, value: float) -> float:
        return round(WEIGHTS[name] * (value - 0.5) * 2, 3)

    values = {name: value for name, value, on in applied if on}
    reasons: list[Reason] = []
    skills = [m for m in must if m.kind == "skill"]
    met = [m for m in skills if m.status == "met"]
    missing = [m for m in skills if m.status == "not_met"]
    partly = [m for m in skills if m.status == "partly_met"]
    if "required_skills" in values:
        if met:
            reasons.append(
                Reason(
                    f"has {len(met)} of {len(skills)} required skills: "
                    + ", ".join(m.label for m in met[:4]),
                    abs(weight("required_skills", 1.0)) * len(met) / len(skills),
                    met[0].evidence,
                )
            )
        if missing:
            reasons.append(
                Reason(
                    "missing required: " + ", ".join(m.label for m in missing[:4]),
                    -abs(weight("required_skills", 0.0)) * len(missing) / len(skills),
                    missing[0].evidence,
                )
            )
        if partly:
            reasons.append(
                Reason("close to required, in other words: " + ", ".join(m.label for m in partly[:4]),
                       0.0, partly[0].evidence)
            )
    if "preferred_skills" in values:
        value = values["preferred_skills"]
        reasons.append(
            Reason(f"{value:.0%} of the preferred skills", weight("preferred_skills", value))
        )
    if "rung" in values:
        names = {k: RUNGS[k].replace("_", " ") for k in range(len(RUNGS))}
        text = {
            "aligned": f"at the ad's rung ({names[a_rung]})",
            "over": f"over-qualified: {names.get(r_rung, '?')} for an {names.get(a_rung, '?')} ad",
            "under": f"under-qualified: {names.get(r_rung, '?')} for an {names.get(a_rung, '?')} ad",
        }[alignment]
        # Aligned adds the part's weight; any misfit takes away what it costs.
        value = values["rung"]
        reasons.append(
            Reason(
                text, WEIGHTS["rung"] if value == 1.0 else -round(WEIGHTS["rung"] * (1 - value), 3)
            )
        )
    if "occupation" in values:
        reasons.append(
            _occupation_reason(resume, ad, values["occupation"], a_rung != _UNKNOWN, weight)
        )
    if "years" in values:
        reasons.append(
            Reason(
                f"{resume.years_experience:g} years against {ad.min_years:g} asked",
                weight("years", values["years"]),
            )
        )
    for item in must:
        if item.kind in ("education", "certification"):
            words = {"met": "has", "not_met": "lacks", "not_stated": "does not state"}[item.status]
            value = {"met": 1.0, "not_met": 0.0, "not_stated": 0.5}[item.status]
            name = "education" if item.kind == "education" else "certifications"
            reasons.append(Reason(f"{words} {item.label}", weight(name, value), item.evidence))
    reasons = [r for r in reasons if r.weight != 0 or r.evidence is not None]
    reasons.sort(key=lambda r: (-abs(r.weight), r.text))
    return tuple(Reason(r.text, round(r.weight, 3), r.evidence) for r in reasons)
