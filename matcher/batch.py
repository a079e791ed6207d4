"""Many inputs → exactly one result each, in input order, on every core, in bounded memory.

    iter_results(targets, ...)  Results (profile and fit, or the error) — for match and screen
    iter_rows(targets, ...)     ``matcher score`` JSON rows, built in the workers
    iter_row_lines(targets, ...)  the same rows as JSON text, passed through untouched — for score
    count_inputs(targets)       how many results to expect (None when a CSV/JSONL is involved)

Targets are files, folders, globs and CSV/JSONL batches of ads, as ``matcher.readers`` reads
them. The parent only lists files and splits batch rows; reading, parsing and scoring happen
in worker processes, each of which loads the spaCy pipeline once. Requests and replies cross
the pipes as JSON, never pickles.

Why a small pool of our own rather than ``ProcessPoolExecutor``: a hostile file can keep a
parser busy in C code that no signal interrupts, and an executor cannot kill one stuck task.
Here each worker has an in-process deadline (a timer signal, free when nothing goes wrong)
and the parent a hard one: a worker silent for longer is killed and replaced, its input gets
a timeout error and the run goes on. Memory stays flat: at most ``jobs × depth`` inputs are
in flight and results leave in input order through a window of a few dozen.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal

from matcher.errors import MatcherError, UnreadableDocument
from matcher.types import Kind, Profile, Result, RoleFit

__all__ = [
    "RowLine",
    "Settings",
    "Target",
    "count_inputs",
    "iter_results",
    "iter_row_lines",
    "iter_rows",
]

Output = Literal["result", "row", "line"]
"""What the parent yields: a Result, a row's dict, or a row's JSON text (``RowLine``). Workers
build rows for both of the last two."""
DEPTH = 2
"""Inputs queued per worker, so a worker never waits for the parent between two inputs."""
GRACE = 10.0
"""Seconds past the per-input time limit before the parent kills a silent worker."""
_PRELOAD = ("matcher.batch", "matcher.serialize", "matcher.cache", "matcher.scoring.fit", "matcher._batch_preload")
"""Imported once by the fork server (see ``_Pool``); the last one builds the default pipeline."""
RECYCLE = 5_000
"""Inputs a worker serves before it is replaced: spaCy's vocabulary keeps every new word it
sees, so a worker that read 100,000 documents holds far more memory than one that read 5,000.
A replacement is forked from the preloaded server and starts in a fraction of a second."""
START_LIMIT = 120.0
"""Seconds a new worker may take to load the pipeline before it counts as stuck."""


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs to know, sent to it once as JSON."""

    kind: Kind | None = None
    pdf_engine: str | None = None
    timeout: float | None = 30.0
    """Seconds one input may take (read, parse and score); None for no limit."""
    cache_dir: str | None = None
    """Where the profile cache lives; None to read every input afresh."""
    taxonomy: tuple[str, ...] = ()
    """User taxonomy files layered over the shipped one."""
    spacy_model: str | None = None
    blind: bool = False
    """Rows only: redact what identifies a candidate (see ``matcher.scoring.blind``)."""
    as_of: str | None = None
    """ISO date "Present" means in every resume; None: each file's own date, else the run's."""
    keep_text: bool = False
    """Results only: send each document's text back too (``Result.text``), for callers that
    store it (``matcher serve``). The profile cache is bypassed: it keeps no text."""


@dataclasses.dataclass(frozen=True, slots=True)
class RowLine:
    """One ``matcher score`` row as the JSON text ``json.dumps(row, ensure_ascii=False)`` gives."""

    text: str
    error: str | None
    """The row's ``error``, so a caller can count failures without decoding the row."""


# --- inputs ----------------------------------------------------------------------------


Target = str | os.PathLike[str] | tuple[str | os.PathLike[str], Kind | None]
"""A file, folder, glob or batch file; paired with a kind to read everything under it as that."""


def _split(target: Target, default: Kind | None) -> tuple[str | os.PathLike[str], Kind | None]:
    if isinstance(target, tuple):
        return target[0], target[1] or default
    return target, default


def _inputs(targets: Iterable[Target], kind: Kind | None) -> Iterator[dict[str, Any]]:
    """One request per input: a file path, a batch row's text, or an error found on the way."""
    from matcher.readers import _expand  # listing only: reading happens in the workers
    from matcher.readers.tabular import BATCH_SUFFIXES, iter_batch

    for target in targets:
        where, wanted = _split(target, kind)

        def keep_row(text: str, *, source: str, kind_hint: str | None, title: str | None,
                     wanted: Kind | None = wanted) -> dict[str, Any]:  # fmt: skip
            return {"text": text, "source": source, "kind_hint": kind_hint, "title": title, "kind": wanted}

        for path in _expand(where):
            if isinstance(path, UnreadableDocument):
                yield {"source": path.source, "error": str(path), "kind": wanted}
            elif path.suffix.lower() in BATCH_SUFFIXES and path.is_file():
                from matcher.readers import MAX_BYTES

                for row in iter_batch(path, read_text=keep_row, kind_hint=wanted or "job_ad",  # type: ignore[arg-type]
                                      max_bytes=MAX_BYTES):  # fmt: skip
                    if isinstance(row, UnreadableDocument):
                        yield {"source": row.source, "error": str(row), "kind": wanted}
                    else:
                        yield row  # type: ignore[misc]
            else:
                yield {"path": str(path), "source": str(path), "kind": wanted}


def count_inputs(targets: Iterable[Target]) -> int | None:
    """How many results the targets will give, or None if a batch file's rows would need reading."""
    from matcher.readers import _expand
    from matcher.readers.tabular import BATCH_SUFFIXES

    total = 0
    for target in targets:
        for path in _expand(_split(target, None)[0]):
            if not isinstance(path, UnreadableDocument) and path.suffix.lower() in BATCH_SUFFIXES:
                return None
            total += 1
    return total


# --- the work on one input (runs in a worker, or in-process) ---------------------------


class _Scorer:
    """Reads, profiles and fits one input at a time; the pipeline is loaded once."""

    def __init__(self, settings: Settings, output: Output) -> None:
        from matcher.scoring.model import load_model
        from matcher.taxonomy.load import load_taxonomy

        self.settings = settings
        self.output = output
        self.taxonomy = load_taxonomy(*settings.taxonomy)
        # A missing or broken model is one error for the run, not one per input.
        self.model_version = str(load_model().model_version_)
        self._nlp = None
        self.cache = None
        self.text: str | None = None
        """The text of the document last read, when ``settings.keep_text``."""
        if settings.cache_dir is not None and not settings.keep_text:
            from matcher.cache import ProfileCache, taxonomy_digest

            digest = getattr(self.taxonomy, "digest", "") or taxonomy_digest(settings.taxonomy)
            self.cache = ProfileCache(
                Path(settings.cache_dir), taxonomy_version=f"{self.taxonomy.version}#{digest}",
                model_version=self.model_version,
            )
        from matcher.readers import DEFAULT_PDF_ENGINE

        self.engine = settings.pdf_engine or DEFAULT_PDF_ENGINE
        from matcher.extract.profile import run_date

        self.today = run_date()
        """The run's date, taken once: "present" for resumes with no date of their own."""

    @property
    def nlp(self):  # noqa: ANN201
        """The spaCy pipeline, built on the first cache miss: a warm re-run never imports spaCy."""
        if self._nlp is None:
            from matcher.extract.nlp import get_nlp

            self._nlp = get_nlp(self.taxonomy, spacy_model=self.settings.spacy_model)
        return self._nlp

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """A request (see ``_inputs``) → the JSON-ready reply for the parent."""
        return self.reply(self.result(request))

    def result(self, request: dict[str, Any]) -> Result:
        from matcher.readers.limits import deadline

        source, kind = request["source"], request.get("kind")
        self.text = None
        if "error" in request:
            return Result(source=source, error=request["error"], kind=kind)
        try:
            with deadline(self.settings.timeout, source):
                profile = self.profile(request)
                fit = self.fit(profile)
        except UnreadableDocument as exc:
            return Result(source=source, error=str(exc), kind=kind)
        except MatcherError as exc:
            return Result(source=source, error=f"{source}: {_one_line(str(exc))}", kind=kind)
        except (RecursionError, MemoryError) as exc:
            message = f"too complex to read ({type(exc).__name__}): export it again from the program that made it"
            return Result(source=source, error=f"{source}: {message}", kind=kind)
        except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the others
            message = (f"could not be scored ({type(exc).__name__}: {_one_line(str(exc))[:200]}); "
                       "please report this file to the matcher developers")  # fmt: skip
            return Result(source=source, error=f"{source}: {message}", kind=kind)
        return Result(source=source, profile=profile, fit=fit, kind=profile.kind, text=self.text)

    def profile(self, request: dict[str, Any]) -> Profile:
        from matcher.extract.profile import build_profile

        kind = request.get("kind") or self.settings.kind
        if "text" in request:
            from matcher.readers import read_text

            document = read_text(request["text"], source=request["source"],
                                 kind_hint=request["kind_hint"], title=request["title"])  # fmt: skip
            digest, how = document.sha256, {"kind": kind or request["kind_hint"], "title": request["title"]}
        else:
            from matcher.readers import read_document

            document = None
            digest = _file_digest(request["path"]) if self.cache is not None else None
            how = {"kind": kind, "engine": self.engine}
        key = None
        today = self.today
        if self.cache is not None and digest is not None:
            key = self.cache.key(digest, as_of=self.settings.as_of, **how)
            cached = self.cache.get(key, source=request["source"], today=today)
            if cached is not None:
                return cached
        if document is None:
            document = read_document(request["path"], pdf_engine=self.engine)
        from matcher.extract.kind import check_document

        check_document(document)  # too short, or neither a resume nor an ad: the input's error
        as_of = date.fromisoformat(self.settings.as_of) if self.settings.as_of else None
        profile = build_profile(document, kind=kind, nlp=self.nlp, taxonomy=self.taxonomy,
                                as_of=as_of, today=today)  # fmt: skip
        if self.settings.keep_text:
            self.text = document.text
        if key is not None:
            self.cache.put(key, profile)  # type: ignore[union-attr]
        return profile

    def fit(self, profile: Profile) -> RoleFit:
        from matcher.scoring.fit import fit_roles

        # The profile cache keys on the model version too: a cached profile never outlives a
        # model release that might read profiles differently.
        return fit_roles(profile, taxonomy=self.taxonomy)

    def reply(self, result: Result) -> dict[str, Any]:
        if self.output != "result":
            from matcher.serialize import result_to_json

            row = result_to_json(result)
            if self.settings.blind:
                from matcher.scoring.blind import blind_row

                row = blind_row(row, profile=result.profile)
            return row
        from matcher.serialize import to_plain

        reply = {"source": result.source, "error": result.error, "kind": result.kind,
                 "profile": to_plain(result.profile), "fit": to_plain(result.fit)}  # fmt: skip
        if result.text is not None:
            reply["text"] = result.text
        return reply


def _file_digest(path: str) -> str | None:
    import hashlib

    from matcher.readers import MAX_BYTES

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None  # the reader reports why
    return hashlib.sha256(data).hexdigest() if len(data) <= MAX_BYTES else None


def reply(scorer: _Scorer, request: dict[str, Any], output: Output) -> dict[str, Any]:
    """What a worker sends back for one request (see ``_inputs``): its row, or its result as
    plain data; a listing error needs no reading. ``matcher.cluster`` runs this on Dask."""
    if "error" in request:
        return _plain_error(request, output)
    return scorer.handle(request)


CRASHED = "the reader crashed on this file (a damaged or hostile file?): export it again"
"""The error of an input whose worker process died while reading it."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _from_reply(reply: dict[str, Any], output: Output, row_text: bytes = b"") -> Any:
    """What the parent yields for a reply; ``row_text`` is the row as a worker encoded it."""
    if output == "line":
        text = row_text.decode("utf-8") if row_text else json.dumps(reply, ensure_ascii=False)
        return RowLine(text, reply["error"])
    if output == "row":
        return json.loads(row_text) if row_text else reply
    from matcher.serialize import from_plain

    profile = from_plain(Profile, reply["profile"]) if reply.get("profile") else None
    fit = from_plain(RoleFit, reply["fit"]) if reply.get("fit") else None
    return Result(source=reply["source"], profile=profile, fit=fit, error=reply.get("error"),
                  kind=reply.get("kind"), text=reply.get("text"))  # fmt: skip


def _error_reply(request: dict[str, Any], message: str, output: Output) -> dict[str, Any]:
    source = request["source"]
    result = Result(source=source, error=f"{source}: {message}", kind=request.get("kind"))
    if output != "result":
        from matcher.serialize import result_to_json

        return result_to_json(result)
    return {"source": source, "error": result.error, "kind": result.kind, "profile": None, "fit": None}


# --- the worker process ----------------------------------------------------------------


def _serve(connection, settings_json: str, output: Output) -> None:  # noqa: ANN001
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        scorer = _Scorer(Settings(**_settings_args(json.loads(settings_json))), output)
    except BaseException as exc:  # noqa: BLE001 - tell the parent why, once
        message = str(exc) if isinstance(exc, MatcherError) else f"{type(exc).__name__}: {exc}"
        try:
            connection.send_bytes(json.dumps({"fatal": message}).encode())
        except OSError:
            pass  # the parent already stopped, on another worker's report of the same problem
        return
    try:
        connection.send_bytes(b'{"ready": true}')
    except OSError:
        return  # the parent finished (a short batch) before this worker was ready
    while True:
        try:
            request = json.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        reply = scorer.handle(request)
        message = json.dumps(reply, ensure_ascii=False)
        if output != "result":
            # The row's error on a line of its own, then the row: the parent reads the short
            # line and passes the row's text on as it is (see _Pool._receive).
            message = f"{json.dumps({'error': reply['error']}, ensure_ascii=False)}\n{message}"
        try:
            connection.send_bytes(message.encode("utf-8"))
        except OSError:
            return  # the parent stopped listening (its consumer broke off): nothing to do


def _settings_args(data: dict[str, Any]) -> dict[str, Any]:
    data["taxonomy"] = tuple(data.get("taxonomy", ()))
    return data


class _Worker:
    def __init__(self, context, settings_json: str, output: Output) -> None:  # noqa: ANN001
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings_json, output), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.sent = 0
        self.queue: deque[tuple[int, dict[str, Any]]] = deque()
        self.since = time.monotonic()
        """When the input at the head of the queue started (or the worker, until ready)."""

    def send(self, index: int, request: dict[str, Any]) -> None:
        if not self.queue:
            self.since = time.monotonic()
        self.sent += 1
        self.queue.append((index, request))
        self.connection.send_bytes(json.dumps(request, ensure_ascii=False).encode("utf-8"))

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        self.connection.close()
        self.process.join(2 if not kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


class _Pool:
    """``jobs`` workers fed through pipes; see the module doc for the limits it enforces."""

    def __init__(
        self, jobs: int, settings: Settings, output: Output, *, grace: float = GRACE, recycle: int = RECYCLE
    ) -> None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        # forkserver: workers never inherit the parent's threads (a progress bar) or locks,
        # and the server imports spaCy and the pipeline modules once for every worker it
        # forks (a replaced worker too), so a worker starts in the time it takes to build
        # the pipeline, not to import spaCy.
        if "forkserver" in methods:
            self.context = multiprocessing.get_context("forkserver")
            self.context.set_forkserver_preload(list(_PRELOAD))
        else:
            self.context = multiprocessing.get_context("spawn")
        self.settings_json = json.dumps(dataclasses.asdict(settings))
        self.output = output
        self.settings = settings
        self.grace = grace
        self.recycle = recycle
        self.workers = [_Worker(self.context, self.settings_json, output) for _ in range(jobs)]

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()

    def replace(self, worker: _Worker, *, kill: bool = True) -> _Worker:
        worker.stop(kill=kill)
        fresh = _Worker(self.context, self.settings_json, self.output)
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def limit(self, worker: _Worker) -> float:
        if not worker.ready:
            return START_LIMIT + (self.settings.timeout or 0)
        return (self.settings.timeout or float("inf")) + self.grace

    def run(self, requests: Iterator[dict[str, Any]]) -> Iterator[Any]:
        from multiprocessing.connection import wait

        window = len(self.workers) * DEPTH * 4
        done: dict[int, Any] = {}
        next_out = next_in = 0
        exhausted = False
        while True:
            for worker in list(self.workers):
                if worker.sent >= self.recycle and not worker.queue:
                    self.replace(worker, kill=False)
            # Feed idle workers, never running further ahead than the window.
            while not exhausted and next_in < next_out + window:
                fresh = [w for w in self.workers if w.sent < self.recycle] or self.workers
                worker = min(fresh, key=lambda w: len(w.queue))
                if len(worker.queue) >= DEPTH or worker.sent >= self.recycle:
                    break
                request = next(requests, None)
                if request is None:
                    exhausted = True
                    break
                if "error" in request:  # nothing to read: the listing already failed
                    done[next_in] = _from_reply(_plain_error(request, self.output), self.output)
                else:
                    worker.send(next_in, request)
                next_in += 1
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in self.workers if w.queue or not w.ready]
            if exhausted and next_out == next_in:
                return
            if not busy:
                continue
            now = time.monotonic()
            wait_for = max(0.0, min(w.since + self.limit(w) - now for w in busy))
            for connection in wait([w.connection for w in busy], timeout=wait_for):
                worker = next(w for w in self.workers if w.connection is connection)
                self._receive(worker, done)
            now = time.monotonic()
            for worker in list(self.workers):
                if (worker.queue or not worker.ready) and now - worker.since > self.limit(worker):
                    self._expire(worker, done)

    def _receive(self, worker: _Worker, done: dict[int, Any]) -> None:
        try:
            # A row comes as a line with its error and a line with the row (JSON holds no raw
            # line break): decoding and re-encoding every row here took parent CPU from the
            # workers, two cores for three processes.
            head, _, row_text = worker.connection.recv_bytes().partition(b"\n")
            reply = json.loads(head)
        except (EOFError, OSError):
            self._crashed(worker, done)
            return
        if "fatal" in reply:
            self.close()
            raise MatcherError(reply["fatal"])
        if "ready" in reply:
            worker.ready = True
            worker.since = time.monotonic()
            return
        index, _ = worker.queue.popleft()
        done[index] = _from_reply(reply, self.output, row_text)
        worker.since = time.monotonic()

    def _crashed(self, worker: _Worker, done: dict[int, Any]) -> None:
        self._fail_head(worker, done, CRASHED)

    def _expire(self, worker: _Worker, done: dict[int, Any]) -> None:
        if not worker.ready and not worker.queue:
            self.close()
            raise MatcherError(f"a worker did not start within {START_LIMIT:g} s: try --jobs 1")
        limit = self.settings.timeout or 0
        self._fail_head(worker, done, f"timed out after {limit:g} s (a damaged or hostile file?): "
                                      "export it again, or raise the time limit (--timeout)")  # fmt: skip

    def _fail_head(self, worker: _Worker, done: dict[int, Any], message: str) -> None:
        """Give the input in hand its error, replace the worker, and resend the rest."""
        queue = list(worker.queue)
        if not worker.ready and not queue:
            self.close()
            raise MatcherError("a worker process died while loading the pipeline: try --jobs 1")
        if not queue:  # died between two inputs: nothing was lost
            self.replace(worker)
            return
        (index, request), rest = queue[0], queue[1:]
        done[index] = _from_reply(_error_reply(request, message, self.output), self.output)
        fresh = self.replace(worker)
        for index, request in rest:
            fresh.send(index, request)


def _plain_error(request: dict[str, Any], output: Output) -> dict[str, Any]:
    reply = _error_reply(request, "", output)
    reply["error"] = request["error"]  # already "source: cause"
    return reply


# --- entry points ----------------------------------------------------------------------


def _run(
    targets: Iterable[Target],
    *,
    settings: Settings,
    output: Output,
    jobs: int | None,
    progress: Callable[[], None] | None,
    pooled: bool = False,
) -> Iterator[Any]:
    requests = _inputs(targets, settings.kind)
    jobs = max(1, jobs or os.cpu_count() or 1)
    head = [r for _, r in zip(range(2), requests)]
    if not pooled and (jobs == 1 or len(head) < 2):
        # One input (the job seeker's PDF) or one core: a pool would only add start-up time.
        stream = _in_process(_chain(head, requests), settings, output)
    else:
        stream = _pooled(_chain(head, requests), settings, output, jobs)
    for item in stream:
        yield item
        if progress is not None:
            progress()


def _chain(head: list[dict[str, Any]], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield from head
    yield from rest


def _in_process(requests: Iterator[dict[str, Any]], settings: Settings, output: Output) -> Iterator[Any]:
    scorer: _Scorer | None = None
    for request in requests:
        if "error" in request:
            yield _from_reply(_plain_error(request, output), output)
            continue
        scorer = scorer or _Scorer(settings, output)
        result = scorer.result(request)
        yield result if output == "result" else _from_reply(scorer.reply(result), output)


def _pooled(requests: Iterator[dict[str, Any]], settings: Settings, output: Output, jobs: int) -> Iterator[Any]:
    pool = _Pool(jobs, settings, output)
    try:
        yield from pool.run(requests)
    finally:
        pool.close()


def iter_results(
    targets: Iterable[Target],
    *,
    settings: Settings = Settings(),
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
    pooled: bool = False,
) -> Iterator[Result]:
    """One ``Result`` per input under ``targets``, in input order (see the module doc).

    ``jobs`` worker processes (default: one per core; 1 runs in this process, as does a
    single input, unless ``pooled``: a long-lived caller such as ``matcher serve`` keeps
    spaCy out of its own process). ``progress`` is called once per result. Raises
    ``MatcherError`` only for a problem no input could escape (an invalid taxonomy); an
    input's own problem is its Result's ``error``.
    """
    return _run(targets, settings=settings, output="result", jobs=jobs, progress=progress,
                pooled=pooled)  # fmt: skip


def iter_rows(
    targets: Iterable[Target],
    *,
    settings: Settings = Settings(),
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """One ``matcher score`` JSON row per input, in input order, blinded if ``settings.blind``.

    Rows are built in the workers, so only a few kilobytes of JSON cross back per input.
    """
    return _run(targets, settings=settings, output="row", jobs=jobs, progress=progress)


def iter_row_lines(
    targets: Iterable[Target],
    *,
    settings: Settings = Settings(),
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[RowLine]:
    """``iter_rows`` as JSON text: each row's ``json.dumps(row, ensure_ascii=False)`` and error.

    The text is the one the worker wrote, so printing JSON lines costs this process no
    decoding or encoding.
    """
    return _run(targets, settings=settings, output="line", jobs=jobs, progress=progress)
