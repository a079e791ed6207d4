"""Time limits for reading one document, so a hostile file cannot hang a batch.

Two ways, both ending in ``UnreadableDocument(reason="timeout")``:

- ``deadline``: a timer signal interrupts the read in-process. Free when nothing goes wrong,
  but Unix-only, main thread only, and it cannot stop C code that never returns to Python.
- ``read_in_worker``: the read runs in a long-lived worker process that is killed at the
  deadline and replaced. Requests and replies cross the pipe as JSON, never as pickles.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import Any

from matcher.errors import UnreadableDocument
from matcher.types import Document, IntegrityFlag, Section


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that parsers' ``except Exception`` let it by."""


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _timeout_error(source: str, seconds: float) -> UnreadableDocument:
    return UnreadableDocument(
        source, f"timed out after {seconds:g} s (a damaged or hostile file?): export it again, "
        "or raise the time limit (timeout)", reason="timeout",
    )


@contextmanager
def deadline(seconds: float | None, source: str) -> Iterator[None]:
    """Raise ``UnreadableDocument(reason="timeout")`` if the block runs past ``seconds``."""
    if not seconds or not can_interrupt():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise _timeout_error(source, seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # someone else's timer was running: give it back what is left
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - seconds, 0.001))


def document_to_json(document: Document) -> dict[str, Any]:
    data = asdict(document)
    data["file_date"] = document.file_date.isoformat() if document.file_date else None
    return data


def document_from_json(data: dict[str, Any]) -> Document:
    data = dict(data)
    data["sections"] = tuple(Section(**s) for s in data["sections"])
    data["flags"] = tuple(IntegrityFlag(**f) for f in data["flags"])
    if data.get("file_date"):
        data["file_date"] = date.fromisoformat(data["file_date"])
    return Document(**data)


def _serve(connection, read_document: Callable[..., Document]) -> None:  # noqa: ANN001
    """Run in the worker process: read each requested path, reply with JSON."""
    while True:
        try:
            request = json.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            document = read_document(request["path"], **request["options"])
            reply = {"document": document_to_json(document)}
        except UnreadableDocument as exc:
            reply = {"error": [exc.source, exc.detail, exc.reason]}
        except BaseException as exc:  # noqa: BLE001 - report, then keep serving
            reply = {"error": [request["path"], f"could not be read ({type(exc).__name__})",
                               "internal"]}  # fmt: skip
        connection.send_bytes(json.dumps(reply).encode("utf-8"))


class _Worker:
    def __init__(self, reader: Callable[..., Document]) -> None:
        import multiprocessing  # ~100 ms to import: only when a worker is wanted

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, reader), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


_worker: _Worker | None = None
_lock = threading.Lock()


def read_in_worker(
    path: str, *, timeout: float, options: dict[str, Any], reader: Callable[..., Document]
) -> Document:
    """``reader(path, **options)`` in a worker process killed after ``timeout`` s.

    ``reader`` is ``matcher.readers.read_document``, passed in (by name, as the worker's
    target is) so that this module does not import the package that imports it.
    """
    global _worker
    request = json.dumps({"path": path, "options": options}).encode("utf-8")
    with _lock:
        if _worker is None or not _worker.process.is_alive():
            _worker = _Worker(reader)
        worker = _worker
        try:
            worker.connection.send_bytes(request)
            ready = worker.connection.poll(timeout)
            reply = json.loads(worker.connection.recv_bytes()) if ready else None
        except (EOFError, OSError):
            worker.stop()
            _worker = None
            raise UnreadableDocument(
                path, "the reader crashed on this file: export it again", reason="crash"
            ) from None
        if reply is None:
            worker.stop()
            _worker = None
            raise _timeout_error(path, timeout)
    if "error" in reply:
        source, message, reason = reply["error"]
        raise UnreadableDocument(source, message, reason=reason)
    return document_from_json(reply["document"])
