"""Batch scoring and all-pairs matching on a Dask cluster: ``matcher.batch``'s rows, past one machine.

    with connect(scheduler) as client:                 # None: a LocalCluster on this machine
        iter_row_lines(client, targets, settings=...)   ``matcher score`` rows, as JSON text
        iter_results(client, targets, settings=...)     Results, for ``matcher match``
        write_partitions(client, targets, url, ...)     rows to JSONL partitions + manifest.json
        top_pairs(client, resumes, ads, top=10, ...)    all pairs in blocks, best per ad/resume

Inputs are listed here as ``matcher.batch`` lists them (files, folders, globs, CSV/JSONL rows),
and also as fsspec URLs (``file://``, and ``s3://`` and the like when their filesystem is
installed). They go to the workers in partitions; a worker handles each input exactly as a
local worker does (``matcher.batch.reply``), with the pipeline loaded once per worker thread
and kept between partitions. So a row is byte for byte the local engine's.

Exactly once: rows come only from the results of finished tasks, each partition's result
once. A worker lost mid-run loses only unfinished tasks, which the scheduler runs again on
another worker; as a task's result is its whole partition, a rerun cannot add rows. A
partition lost with its worker too often (the scheduler gives up after
``distributed.scheduler.allowed-failures`` tries, 3 by default) may hold an input that kills
workers, or may only have queued beside one: once the tasks in flight are done, its inputs
run one at a time, alone on the cluster, and an input whose worker dies then gets the local
engine's crash error.

Not enforced here: the per-input time limit (``Settings.timeout``). Dask runs tasks in worker
threads and the timer signal needs a main thread; a stuck input holds its worker until the
run is stopped.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from matcher.batch import CRASHED, Output, RowLine, Settings, Target
from matcher.errors import MatcherError

if TYPE_CHECKING:
    from matcher.types import Profile, Result

__all__ = [
    "PARTITION",
    "Manifest",
    "TopPairs",
    "connect",
    "iter_results",
    "iter_row_lines",
    "top_pairs",
    "write_partitions",
]

PARTITION = 32
"""Inputs per task: enough that the scheduler's ~1 ms per task is lost in ~0.3 s of work."""
IN_FLIGHT = 4
"""Partitions queued per worker thread, so no worker waits for the next between two."""
RESUME_BLOCK = 10_000
AD_BLOCK = 1_000
"""All-pairs blocks: 10,000 resumes × 1,000 ads is 40 MB of scores, 280 MB allocated at peak
and a few seconds of one core (``benchmarks/dask_engine.py``)."""
DEFAULT_SETTINGS = Settings()


# --- the cluster -----------------------------------------------------------------------


@contextmanager
def connect(
    scheduler: str | None = None, *, workers: int = 2, threads: int = 1, memory_limit: str = "auto"
) -> Iterator[Any]:
    """A ``distributed.Client`` to ``scheduler`` (an address such as ``tcp://host:8786``), or
    to a LocalCluster of ``workers`` processes × ``threads`` threads started for the block."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MatcherError(
            "the dask engine needs Dask: pip install 'matcher[dask]'"
        ) from exc
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise MatcherError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=threads, processes=True, memory_limit=memory_limit,
        dashboard_address=":0", silence_logs=logging.ERROR,  # any free port: never a clash
    )  # fmt: skip
    with cluster, Client(cluster) as client:
        yield client


def _threads(client: Any) -> int:
    info = client.scheduler_info()
    return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))


# --- inputs: local paths as matcher.batch lists them, fsspec URLs beside them --------------


def _requests(targets: Iterable[Target], kind: str | None) -> Iterator[dict[str, Any]]:
    from matcher.batch import _inputs, _split

    for target in targets:
        where, wanted = _split(target, kind)  # type: ignore[arg-type]
        if isinstance(where, str) and "://" in where:
            from fsspec.core import url_to_fs
            from fsspec.implementations.local import LocalFileSystem

            fs, path = url_to_fs(where)
            if isinstance(fs, LocalFileSystem):
                # The local engine's listing, so rows name files as it does.
                yield from _inputs([(path, wanted)], kind)  # type: ignore[arg-type]
            else:
                yield from _remote_inputs(fs, where, path, wanted)
        else:
            yield from _inputs([(where, wanted)], kind)  # type: ignore[arg-type]


def _remote_inputs(fs: Any, url: str, path: str, wanted: str | None) -> Iterator[dict[str, Any]]:
    """``matcher.batch._inputs`` for a filesystem that is not this machine's."""
    import glob
    import posixpath

    from matcher.readers.tabular import BATCH_SUFFIXES

    try:
        if fs.isdir(path):
            found = sorted(p for p in fs.find(path)
                           if not any(part.startswith(".") for part in posixpath.relpath(p, path).split("/")))  # fmt: skip
            if not found:
                yield {"source": url, "error": f"{url}: the folder holds no files", "kind": wanted}
        elif glob.has_magic(path) and not fs.exists(path):
            found = sorted(p for p in fs.glob(path) if fs.isfile(p))
            if not found:
                yield {"source": url, "error": f"{url}: no file matches this pattern", "kind": wanted}
        else:
            found = [path]
    except OSError as exc:
        yield {"source": url, "error": f"{url}: cannot list: {exc}", "kind": wanted}
        return
    for file in found:
        source = fs.unstrip_protocol(file) if file != path else url
        if posixpath.splitext(file)[1].lower() in BATCH_SUFFIXES:
            yield from _remote_batch(fs, file, source, wanted)
        else:
            yield {"fs": fs, "remote": file, "source": source, "kind": wanted}


def _remote_batch(fs: Any, file: str, source: str, wanted: str | None) -> Iterator[dict[str, Any]]:
    """A remote CSV/JSONL batch's rows: fetched here (it is read in the parent locally too)."""
    import tempfile
    from pathlib import Path

    from matcher.batch import _inputs

    with tempfile.TemporaryDirectory(prefix="matcher-") as folder:
        local = Path(folder) / Path(file).name
        try:
            fs.get_file(file, str(local))
        except OSError as exc:
            yield {"source": source, "error": f"{source}: cannot open: {exc}", "kind": wanted}
            return
        for request in _inputs([(local, wanted)], wanted):  # type: ignore[arg-type]
            for key in ("source", "error"):
                if isinstance(request.get(key), str):
                    request[key] = request[key].replace(str(local), source)
            yield request


def _chunks(requests: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for request in requests:
        chunk.append(request)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- on the worker -------------------------------------------------------------------


_LOCAL = threading.local()


def _scorer(settings_json: str, output: Output, inputs: int, today: str):  # noqa: ANN202 - a batch._Scorer
    """This worker thread's scorer for these settings, built on its first partition and kept
    for the next ones. Rebuilt after ``matcher.batch.RECYCLE`` inputs, as a local worker is
    replaced: spaCy's vocabulary keeps every new word it sees.

    ``today`` is the run's date as the client took it: "present" in a resume with no date of
    its own is the same day on every worker, whatever its clock or environment, and a worker
    kept from yesterday's run does not keep yesterday's date."""
    from datetime import date

    from matcher.batch import RECYCLE, Settings, _Scorer, _settings_args

    held = getattr(_LOCAL, "held", None)
    if held is None or held[0] != (settings_json, output) or held[2] >= RECYCLE:
        held = [(settings_json, output), None, 0]
        _LOCAL.held = held  # the previous scorer (if any) is dropped before the next loads
        held[1] = _Scorer(Settings(**_settings_args(json.loads(settings_json))), output)
    held[1].today = date.fromisoformat(today)
    held[2] += inputs
    return held[1]


def _score_partition(
    settings_json: str, output: Output, requests: list[dict[str, Any]], number: int, out_url: str | None,
    today: str,
) -> Any:
    """One task: each request's reply (as JSON text for rows); with ``out_url``, the rows are
    written to that folder's ``part-NNNNN.jsonl`` here and only a summary goes back."""
    from matcher.batch import reply

    scorer = _scorer(settings_json, output, len(requests), today)
    replies = []
    for request in requests:
        if "remote" in request:
            replies.append(_remote_reply(scorer, request, output))
        else:
            replies.append(reply(scorer, request, output))
    if output == "result":
        return replies
    lines = [(json.dumps(r, ensure_ascii=False), r["error"]) for r in replies]
    if out_url is None:
        return lines
    return _write_part(out_url, number, lines)


def _remote_reply(scorer: Any, request: dict[str, Any], output: Output) -> dict[str, Any]:
    """Fetch a remote file into a scratch folder under its own name and read it there."""
    import tempfile
    from pathlib import Path

    from matcher.batch import reply

    fs, source = request["fs"], request["source"]
    with tempfile.TemporaryDirectory(prefix="matcher-") as folder:
        local = Path(folder) / Path(request["remote"]).name
        try:
            fs.get_file(request["remote"], str(local))
        except OSError as exc:
            failed = {"source": source, "error": f"{source}: cannot open: {exc}", "kind": request.get("kind")}
            return reply(scorer, failed, output)
        out = reply(scorer, {"path": str(local), "source": source, "kind": request.get("kind")}, output)
    if isinstance(out.get("error"), str):
        out["error"] = out["error"].replace(str(local), source)
    if isinstance(out.get("profile"), dict):
        out["profile"]["source"] = source
    return out


def _write_part(out_url: str, number: int, lines: list[tuple[str, str | None]]) -> dict[str, Any]:
    """Write one partition's rows; a rerun of the task writes the same file again, whole."""
    import uuid

    import fsspec

    name = f"part-{number:05d}.jsonl"
    fs, root = fsspec.core.url_to_fs(out_url)
    fs.makedirs(root, exist_ok=True)
    final = f"{root.rstrip('/')}/{name}"
    # A name of its own: a task the scheduler gave up on may still be writing (a worker cut
    # off, not dead) while its rerun writes too. The last rename wins, whole either way.
    partial = f"{final}.{uuid.uuid4().hex}.partial"
    with fs.open(partial, "w", encoding="utf-8") as handle:
        handle.writelines(text + "\n" for text, _ in lines)
    fs.mv(partial, final)
    versions = set()
    for text, error in lines:
        if not error:
            row = json.loads(text)
            versions.add((row.get("taxonomy_version"), row.get("model_version")))
    return {"file": name, "rows": len(lines), "errors": [e for _, e in lines if e],
            "versions": sorted(versions)}  # fmt: skip


# --- in this process: partitions out, replies back, each exactly once ------------------------


def _run(
    client: Any,
    targets: Iterable[Target],
    *,
    settings: Settings,
    output: Output,
    ordered: bool,
    partition: int,
    out_url: str | None = None,
) -> Iterator[tuple[int, Any]]:
    """(partition number, its replies or written summary), in input order unless not ``ordered``."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from matcher.extract.profile import run_date

    settings_json = json.dumps(dataclasses.asdict(settings))
    today = run_date().isoformat()
    chunks = _chunks(_requests(targets, settings.kind), partition)
    window = IN_FLIGHT * _threads(client)
    where: dict[Any, tuple[int, int | None, list[dict[str, Any]]]] = {}
    suspects: deque[tuple[int, int, dict[str, Any]]] = deque()
    """Inputs of partitions lost with a worker too often: (partition, position, request)."""
    split: dict[int, list[Any]] = {}
    """Those partitions' replies, filled in one input at a time."""
    done: dict[int, Any] = {}
    completed = next_in = next_out = 0
    tasks = as_completed()

    def submit(number: int, requests: list[dict[str, Any]], item: int | None = None) -> None:
        write_to = out_url if item is None else None  # a split partition is written here
        future = client.submit(_score_partition, settings_json, output, requests, number, write_to, today,
                               pure=False)  # fmt: skip
        where[future] = (number, item, requests)
        tasks.add(future)

    def fill() -> None:
        nonlocal next_in
        if suspects:
            # Alone on the cluster, one input at a time: an input whose worker dies now is
            # the one that killed it, not a bystander queued on the same worker.
            if not where:
                number, item, request = suspects.popleft()
                submit(number, [request], item)
            return
        while (next_in - next_out if ordered else len(where)) < window:
            chunk = next(chunks, None)
            if chunk is None:
                return
            submit(next_in, chunk)
            next_in += 1

    try:
        fill()
        for future in tasks:
            number, item, requests = where.pop(future)
            try:
                payload = future.result()
            except KilledWorker:
                if item is None:
                    split[number] = [None] * len(requests)
                    suspects.extend((number, i, request) for i, request in enumerate(requests))
                    fill()
                    continue
                payload = _crashed(requests[0], output)
            finally:
                future.release()
            if item is not None:
                split[number][item] = payload[0]
                if any(reply is None for reply in split[number]):
                    fill()
                    continue
                payload = split.pop(number)
                if out_url is not None:
                    payload = _write_part(out_url, number, payload)
            completed += 1
            if ordered:
                done[number] = payload
                while next_out in done:
                    yield next_out, done.pop(next_out)
                    next_out += 1
            else:
                next_out = completed
                yield number, payload
            fill()
    finally:
        if where:
            client.cancel(list(where))


def _crashed(request: dict[str, Any], output: Output) -> list[Any]:
    from matcher.batch import _error_reply

    reply = _error_reply(request, CRASHED, output)
    if output == "result":
        return [reply]
    return [(json.dumps(reply, ensure_ascii=False), reply["error"])]


def iter_row_lines(
    client: Any,
    targets: Iterable[Target],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    ordered: bool = True,
    partition: int = PARTITION,
) -> Iterator[RowLine]:
    """``matcher.batch.iter_row_lines`` on the cluster: the same JSON text, one per input, in
    input order (or as partitions finish, when not ``ordered``)."""
    for _, lines in _run(client, targets, settings=settings, output="line", ordered=ordered,
                         partition=partition):  # fmt: skip
        for text, error in lines:
            yield RowLine(text, error)


def iter_results(
    client: Any,
    targets: Iterable[Target],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    ordered: bool = True,
    partition: int = PARTITION,
) -> Iterator[Result]:
    """``matcher.batch.iter_results`` on the cluster."""
    from matcher.batch import _from_reply

    for _, replies in _run(client, targets, settings=settings, output="result", ordered=ordered,
                           partition=partition):  # fmt: skip
        for reply in replies:
            yield _from_reply(reply, "result")


@dataclasses.dataclass(frozen=True, slots=True)
class Manifest:
    """What ``write_partitions`` wrote; ``to_json`` is the manifest.json it leaves beside them."""

    files: tuple[dict[str, Any], ...]
    """Per partition file, in input order: its name, row count and errors."""
    rows: int
    errors: int
    versions: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"format": "jsonl", "rows": self.rows, "errors": self.errors, "versions": self.versions,
                "files": [{"file": f["file"], "rows": f["rows"], "errors": len(f["errors"])}
                          for f in self.files]}  # fmt: skip


def write_partitions(
    client: Any,
    targets: Iterable[Target],
    out_url: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    partition: int = PARTITION,
    on_error: Any = None,
) -> Manifest:
    """Score ``targets`` into ``out_url`` (a folder or fsspec URL): ``part-NNNNN.jsonl`` files
    written by the workers, rows in input order across them, and ``manifest.json``.

    ``on_error(message)`` is called for each input that could not be scored.
    """
    import fsspec

    files, rows, errors, seen = [], 0, 0, set()
    for _, summary in _run(client, targets, settings=settings, output="line", ordered=True,
                           partition=partition, out_url=out_url):  # fmt: skip
        files.append(summary)
        rows += summary["rows"]
        errors += len(summary["errors"])
        seen.update(tuple(v) for v in summary["versions"])
        for message in summary["errors"]:
            if on_error is not None:
                on_error(message)
    manifest = Manifest(tuple(files), rows, errors, _versions(seen))
    fs, root = fsspec.core.url_to_fs(out_url)
    fs.makedirs(root, exist_ok=True)
    with fs.open(f"{root.rstrip('/')}/manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest.to_json(), handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return manifest


def _versions(seen: set[tuple[Any, Any]]) -> dict[str, Any]:
    from importlib import metadata

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "matcher": version("matcher"), "dask": version("dask"), "distributed": version("distributed"),
        "taxonomy": sorted({t for t, _ in seen if t}), "model": sorted({m for _, m in seen if m}),
    }  # fmt: skip


# --- all pairs in blocks -----------------------------------------------------------------------


def _block_top(r_block: Any, a_block: Any, r_start: int, a_start: int, k_ad: int, k_resume: int) -> tuple:
    """One block's best resumes per ad and best ads per resume, in global indices."""
    import numpy as np

    from matcher.scoring.match import _CHUNK, _block_scores, _top

    n, m = len(r_block.years), len(a_block.years)
    scores = np.empty((m, n), dtype=np.float32)  # rounded tenths: float32 keeps them apart
    for start in range(0, m, _CHUNK):
        cols = slice(start, min(start + _CHUNK, m))
        scores[cols] = _block_scores(r_block, a_block, slice(0, n), cols)
    out: list[Any] = [None, None, None, None]
    if k_ad:
        top, best = _top(scores, min(k_ad, n))
        out[0:2] = top + r_start, best
    if k_resume:
        top, best = _top(scores.T, min(k_resume, m))
        out[2:4] = top + a_start, best
    return tuple(out)


def _merge(held: tuple[Any, Any] | None, new: tuple[Any, Any], k: int) -> tuple[Any, Any]:
    """Two rows-aligned top lists → the ``k`` best of both, ties to the lower index."""
    import numpy as np

    if held is None:
        return new
    indices = np.concatenate([held[0], new[0]], axis=1)
    scores = np.concatenate([held[1], new[1]], axis=1)
    order = np.lexsort((indices, -scores), axis=1)[:, :k]
    return np.take_along_axis(indices, order, axis=1), np.take_along_axis(scores, order, axis=1)


@dataclasses.dataclass(frozen=True, slots=True)
class TopPairs:
    """``per_ad[a]``: the best resumes for ad ``a``, best first; ``per_resume[r]`` the best ads
    for resume ``r`` (empty lists when not asked for)."""

    per_ad: list[list[int]]
    per_resume: list[list[int]]
    blocks: int


def top_pairs(
    client: Any,
    resumes: Sequence[Profile],
    ads: Sequence[Profile],
    *,
    top: int = 10,
    per: str = "ad",
    taxonomy: Any = None,
    resume_block: int = RESUME_BLOCK,
    ad_block: int = AD_BLOCK,
) -> TopPairs:
    """Every resume against every ad in blocks on the cluster: ``match_matrix``'s arithmetic,
    the same picks as ``matcher match`` makes locally.

    The profiles are turned into arrays here once (a sparse skills matrix and a few columns);
    each block is a task on a run of resume rows × a run of ad rows, sent as those arrays.
    Top lists are merged here as blocks finish, so this process holds ``top`` per ad and per
    resume, never a block of scores.
    """
    from distributed import as_completed

    from matcher.scoring.match import _ad_fits, _sides

    n, m = len(resumes), len(ads)
    if not n or not m:
        return TopPairs([[] for _ in ads], [[] for _ in resumes], 0)
    r, a = _sides(resumes, ads, _ad_fits(ads, taxonomy), taxonomy)
    k_ad = top if per in ("ad", "both") else 0
    k_resume = top if per in ("resume", "both") else 0
    r_starts, a_starts = range(0, n, resume_block), range(0, m, ad_block)
    r_parts = {s: client.scatter(r.rows(slice(s, s + resume_block))) for s in r_starts}
    a_parts = {s: client.scatter(a.rows(slice(s, s + ad_block))) for s in a_starts}
    per_ad: dict[int, tuple[Any, Any]] = {}
    per_resume: dict[int, tuple[Any, Any]] = {}
    where = {}
    for rs in r_starts:
        for as_ in a_starts:
            future = client.submit(_block_top, r_parts[rs], a_parts[as_], rs, as_, k_ad, k_resume, pure=False)
            where[future] = (rs, as_)
    for future in as_completed(list(where)):
        rs, as_ = where.pop(future)
        ad_top, ad_scores, resume_top, resume_scores = future.result()
        future.release()
        if k_ad:
            per_ad[as_] = _merge(per_ad.get(as_), (ad_top, ad_scores), k_ad)
        if k_resume:
            per_resume[rs] = _merge(per_resume.get(rs), (resume_top, resume_scores), k_resume)
    return TopPairs(
        [[int(i) for i in row] for s in a_starts if k_ad for row in per_ad[s][0]],
        [[int(i) for i in row] for s in r_starts if k_resume for row in per_resume[s][0]],
        len(r_starts) * len(a_starts),
    )
