"""``matcher match``: many ads × many resumes, the best pairs for each ad and each resume."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any

import click

from matcher.cli.common import library_errors, open_output, output_options, resolve_format
from matcher.cli.score import (
    bar_total,
    batch_options,
    check_engine,
    dask_client,
    engine_options,
    make_settings,
    progress_bar,
    report_errors,
    ticking,
)

CSV_COLUMNS = ("per", "rank", "source", "ad", "match", "best_fit", "account_coordinator",
               "account_executive", "account_manager", "must_haves", "missing_skills", "reasons",
               "error")  # fmt: skip


@click.command("match")
@click.option("--ads", "ads", multiple=True, required=True, type=click.Path(),
              help="Job ads: a file, folder, glob, or CSV/JSONL batch (repeatable).")
@click.option("--resumes", "resumes", multiple=True, required=True, type=click.Path(),
              help="Resumes: a file, folder or glob (repeatable).")
@click.option("--top", "top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Pairs kept per ad (and per resume).")
@click.option("--per", type=click.Choice(["ad", "resume", "both"]), default="ad", show_default=True,
              help="Rank the best resumes for each ad, the best ads for each resume, or both.")
@batch_options
@engine_options
@output_options
def match(ads: tuple[str, ...], resumes: tuple[str, ...], top: int, per: str, fmt: str | None,
          out: str | None, **options: Any) -> None:
    """Match every resume against every job ad and print the best pairs, best first.

    With --per ad (the default) each ad gets its --top best resumes; with --per resume each
    resume gets its best ads; --per both prints both lists (each row's "per" says which).
    All pairs are scored at once with sparse matrices, so thousands × thousands take
    seconds; only the pairs printed are explained (must-haves, reasons).

    JSON prints one object per pair per line, grouped by ad (or resume) in input order and
    best first within each group (keys in the README's "JSON contract"). An input that cannot
    be read is still printed, after the pairs, in input order: its path under "ad" (a job ad)
    or "source" (a resume), no rank or match, and its one-line error (also on standard
    error); it makes the exit status 1.
    """
    check_engine(options)
    if options["unordered"]:
        raise click.UsageError("match ranks the inputs in their order (ties go to the earlier): "
                               "--unordered is for score")  # fmt: skip
    fmt = resolve_format(fmt, out)
    settings = make_settings(options)
    targets = [*((a, "job_ad") for a in ads), *((r, "resume") for r in resumes)]
    ad_results, resume_results, unread = [], [], []
    failed = seen = 0
    with library_errors(), ExitStack() as stack:
        ranker = None
        with progress_bar(bar_total(targets), label="reading", show=True) as tick:
            if options["engine"] == "dask":
                from matcher import cluster

                client = stack.enter_context(dask_client(options))
                results = ticking(cluster.iter_results(client, targets, settings=settings,
                                                        partition=options["partition"]), tick)  # fmt: skip

                def ranker(resume_profiles, ad_profiles, *, top, per, taxonomy):  # noqa: ANN001, ANN202
                    found = cluster.top_pairs(client, resume_profiles, ad_profiles, top=top, per=per,
                                              taxonomy=taxonomy)  # fmt: skip
                    return found.per_ad, found.per_resume
            else:
                from matcher.batch import iter_results

                results = iter_results(targets, settings=settings, jobs=options["jobs"], progress=tick)
            for result in results:
                seen += 1
                if result.error:
                    failed += 1
                    unread.append(result)
                elif result.kind == "job_ad":
                    ad_results.append(result)
                else:
                    resume_results.append(result)
        from matcher.cli.screen import echo_errors, write_rows
        from matcher.shortlist import error_row

        rows = list(pair_rows(ad_results, resume_results, top=top, per=per, blind=settings.blind,
                              taxonomy=settings.taxonomy, ranker=ranker))  # fmt: skip
    errors = [{"per": None, **error_row(r, ad=None, blind=settings.blind)} for r in unread]
    echo_errors(errors)
    rows.extend(errors)
    with open_output(out) as stream:
        write_rows(rows, fmt, stream, columns=CSV_COLUMNS)
    report_errors(failed, seen, summary=fmt == "table")


Ranker = Callable[..., tuple[list[list[int]], list[list[int]]]]
"""(resume profiles, ad profiles, *, top, per, taxonomy) → (best resumes per ad, best ads per
resume), each list empty when ``per`` does not ask for it."""


def pair_rows(ads: Sequence[Any], resumes: Sequence[Any], *, top: int, per: str, blind: bool,
              taxonomy: tuple[str, ...] = (), ranker: Ranker | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    """The ranked rows: ``top`` resumes per ad and/or ``top`` ads per resume.

    ``ranker`` picks the pairs (default: in this process; ``matcher.cluster`` on Dask); only the
    pairs picked are explained here.
    """
    from matcher.scoring.match import match_profiles
    from matcher.serialize import match_to_json
    from matcher.shortlist import _taxonomy

    tax = _taxonomy(taxonomy)
    resume_profiles = [r.profile for r in resumes]
    ad_profiles = [a.profile for a in ads]

    def row(r: int, a: int, rank: int, side: str) -> dict[str, Any]:
        pair = match_profiles(resume_profiles[r], ad_profiles[a], taxonomy=tax)
        out = match_to_json(pair, rank=rank, resume=resume_profiles[r], ad=ad_profiles[a], fit=resumes[r].fit)
        out = {"per": side, **out}
        if blind:
            from matcher.scoring.blind import blind_row

            out = blind_row(out, profile=resume_profiles[r])
        return out

    if not resume_profiles or not ad_profiles:
        return
    per_ad, per_resume = (ranker or rank_locally)(resume_profiles, ad_profiles, top=top, per=per, taxonomy=tax)
    for a, picks in enumerate(per_ad):
        yield from (row(r, a, rank, "ad") for rank, r in enumerate(picks, start=1))
    for r, picks in enumerate(per_resume):
        yield from (row(r, a, rank, "resume") for rank, a in enumerate(picks, start=1))


def rank_locally(resumes: Sequence[Any], ads: Sequence[Any], *, top: int, per: str,
                 taxonomy: Any) -> tuple[list[list[int]], list[list[int]]]:  # fmt: skip
    """The best resumes per ad (``match_matrix``) and best ads per resume, in this process."""
    from matcher.scoring.match import match_matrix

    per_ad: list[list[int]] = []
    per_resume: list[list[int]] = []
    if per in ("ad", "both"):
        best = match_matrix(resumes, ads, top_k=top, taxonomy=taxonomy)
        per_ad = [[int(i) for i in best.indices[a] if i >= 0] for a in range(len(ads))]
    if per in ("resume", "both"):
        per_resume = _top_ads_per_resume(resumes, ads, top=top, taxonomy=taxonomy)
    return per_ad, per_resume


def _top_ads_per_resume(resumes: Sequence[Any], ads: Sequence[Any], *, top: int, taxonomy: Any) -> list[list[int]]:
    """The ``top`` ads for each resume, best first (ties by ad order).

    ``match_matrix`` keeps the best resumes per ad; asking it for every resume of a block of
    ads gives the full block of scores, from which each resume keeps its best ads so far, so
    memory stays at one block, not the whole matrix.
    """
    import numpy as np

    from matcher.scoring.match import match_matrix

    n, k = len(resumes), min(top, len(ads))
    best_scores = np.full((n, 0), -np.inf, dtype=np.float32)
    best_ads = np.zeros((n, 0), dtype=np.int64)
    block = max(1, 2_000_000 // max(n, 1))  # ~2M scores per block
    for start in range(0, len(ads), block):
        chunk = ads[start:start + block]
        found = match_matrix(resumes, chunk, top_k=n, taxonomy=taxonomy)
        scores = np.full((n, len(chunk)), -np.inf, dtype=np.float32)
        for a in range(len(chunk)):
            valid = found.indices[a] >= 0
            scores[found.indices[a][valid], a] = found.scores[a][valid]
        best_scores = np.concatenate([best_scores, scores], axis=1)
        best_ads = np.concatenate([best_ads, np.broadcast_to(np.arange(start, start + len(chunk)), (n, len(chunk)))],
                                  axis=1)  # fmt: skip
        # Stable sort on -score keeps earlier ads first among equal scores.
        order = np.argsort(-best_scores, axis=1, kind="stable")[:, :k]
        best_scores = np.take_along_axis(best_scores, order, axis=1)
        best_ads = np.take_along_axis(best_ads, order, axis=1)
    return [[int(a) for a, s in zip(ads_row, scores_row) if np.isfinite(s)]
            for ads_row, scores_row in zip(best_ads, best_scores)]  # fmt: skip
