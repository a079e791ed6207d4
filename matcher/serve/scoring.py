"""The scoring thread: queued ads and resumes → the batch workers → rows in the database.

Requests never read documents: an upload is stored, spooled and queued, and this thread
feeds the queue to ``matcher.batch`` (the same worker pool as ``matcher score``, forked from
a server that has the pipeline loaded), so the page stays responsive and a hostile file
can only cost its own worker a timeout. The thread keeps one pool running while the queue
has work, pulling newly queued candidates in as it goes, and lets it go when the queue is
empty. Each result is matched against its screening's ad here (``matcher.shortlist``) and
saved with its blinded twin, so the page only sorts and shows stored rows.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from matcher.batch import Settings
from matcher.errors import MatcherError
from matcher.serve.store import Candidate, Screening, Store
from matcher.serve.uploads import spool_path
from matcher.types import Result

__all__ = ["Scorer"]

CLAIM = 32
"""Queued candidates fetched from the database at a time."""


class Scorer:
    """A daemon thread scoring what the store has queued; ``poke()`` after queueing."""

    def __init__(self, store: Store, spool: Path, *, jobs: int, timeout: float | None,
                 pdf_engine: str | None = None) -> None:  # fmt: skip
        self.store = store
        self.spool = spool
        self.jobs = jobs
        self.settings = Settings(timeout=timeout, pdf_engine=pdf_engine, cache_dir=None, keep_text=True)
        self.error: str | None = None
        """A problem no input escapes (a broken taxonomy or model), shown on every page."""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._ads: dict[int, Result] = {}
        self._thread = threading.Thread(target=self._loop, name="matcher-serve-scorer", daemon=True)

    def start(self) -> None:
        # Before any request can queue a file: what is queued now was spooled by a server
        # that has stopped, so its bytes are gone unless the database kept them.
        self.store.fail_queued("the server stopped before this file was read: upload it again")
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def close(self, timeout: float = 60.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                self._wake.clear()
                try:
                    did = self._score_ads() + self._score_resumes()
                except MatcherError as exc:
                    self.error = str(exc)
                    did = 0
                except Exception as exc:  # noqa: BLE001 - the thread must outlive one bad batch
                    self.error = f"{type(exc).__name__}: {exc}"
                    did = 0
                else:
                    self.error = None
                if not did:
                    self._wake.wait(1.0)
        finally:
            self.store.close()

    # --- ads --------------------------------------------------------------------------

    def _score_ads(self) -> int:
        from matcher.batch import iter_results

        screenings = self.store.queued_ads()
        if not screenings:
            return 0
        paths = [self._ad_path(s) for s in screenings]
        targets = [(str(p), "job_ad") for p in paths]
        results = iter_results(targets, settings=self.settings, jobs=min(self.jobs, len(targets)), pooled=True)
        for screening, path, result in zip(screenings, paths, results):
            self._save_ad(screening, path, result)
            path.unlink(missing_ok=True)
        return len(screenings)

    def _ad_path(self, screening: Screening) -> Path:
        path = spool_path(self.spool, owner="ad", key=screening.id, type_=screening.ad_type)
        if not path.exists():
            data = self.store.file(screening_id=screening.id)
            if data is not None:
                path.write_bytes(data)
            elif screening.ad_text is not None:
                path.write_text(screening.ad_text, encoding="utf-8")
        return path

    def _save_ad(self, screening: Screening, path: Path, result: Result) -> None:
        from matcher.serialize import result_to_json, to_plain

        if result.error:
            error = result.error.replace(str(path), screening.ad_name)
            if not path.exists():
                error = f"{screening.ad_name}: the server stopped before the ad was read: create the screening again"
            self.store.save_ad(screening.id, error=error)
            return
        row = result_to_json(result)
        row["source"] = screening.ad_name
        self.store.save_ad(screening.id, error=None, text=result.text, row=row,
                           profile=to_plain(result.profile), fit=to_plain(result.fit))  # fmt: skip

    def _ad(self, screening_id: int) -> Result | None:
        ad = self._ads.get(screening_id)
        if ad is None:
            from matcher.serialize import from_plain
            from matcher.types import Profile

            screening = self.store.screening(screening_id)
            if screening is None or screening.ad_profile is None:
                return None
            ad = Result(source=screening.ad_name, profile=from_plain(Profile, screening.ad_profile))
            self._ads[screening_id] = ad
        return ad

    # --- resumes ----------------------------------------------------------------------

    def _score_resumes(self) -> int:
        from matcher.batch import iter_results

        pending: deque[tuple[Candidate, Path]] = deque()
        last = 0

        def targets() -> Iterator[tuple[str, str]]:
            nonlocal last
            while not self._stop.is_set():
                batch = self.store.claim_queued(after=last, limit=CLAIM)
                if not batch:
                    return
                for candidate in batch:
                    last = candidate.id
                    path = self._resume_path(candidate)
                    pending.append((candidate, path))
                    yield str(path), "resume"

        count = 0
        for result in iter_results(targets(), settings=self.settings, jobs=self.jobs, pooled=True):
            candidate, path = pending.popleft()
            self._save_resume(candidate, path, result)
            count += 1
        return count

    def _resume_path(self, candidate: Candidate) -> Path:
        if candidate.path is not None:
            return Path(candidate.path)
        path = spool_path(self.spool, owner="resume", key=candidate.id, type_=candidate.type)
        if not path.exists():
            data = self.store.file(screening_id=candidate.screening_id, candidate_id=candidate.id)
            if data is not None:
                path.write_bytes(data)
        return path

    def _save_resume(self, candidate: Candidate, path: Path, result: Result) -> None:
        from matcher.scoring.blind import blind_row
        from matcher.serialize import to_plain
        from matcher.shortlist import shortlist_row

        if candidate.path is None:
            path.unlink(missing_ok=True)  # a spooled upload: its bytes live on only with --keep-files
        ad = self._ad(candidate.screening_id)
        if result.error or ad is None:
            error = (result.error or "the screening's ad is gone").replace(str(path), candidate.name)
            self.store.save_result(candidate.id, error=error)
            return
        row = shortlist_row(ad, result, rank=0, blind=False)
        row["source"], row["ad"] = candidate.name, ad.source
        self.store.save_result(candidate.id, error=None, text=result.text, profile=to_plain(result.profile),
                               fit=to_plain(result.fit), row=row,
                               blind_row=blind_row(row, profile=result.profile))  # fmt: skip
