"""The recruiter's desk on disk: one SQLite file with screenings, candidates and decisions.

    Store(path)                    opens (and creates or migrates) the database
    store.create_screening(...)    store.add_candidate(...)    store.decide(...)
    store.claim_queued(...)        store.save_result(...)      what the scoring thread uses

One connection per thread (``sqlite3`` connections are not shared across threads), WAL so
readers never wait for the writer, and ``BEGIN IMMEDIATE`` for every write so two writers
queue on the database lock instead of failing half-way. Foreign keys cascade: deleting a
screening deletes its candidates, their files and their decisions. The schema carries a
version and migrates forward on open; a database from a newer matcher is refused.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matcher.errors import UsageError

__all__ = ["DECISIONS", "SCHEMA_VERSION", "Candidate", "Screening", "Store", "default_db_path"]

DECISIONS = ("advance", "hold", "reject")

# Each entry moves the schema from version N to N + 1; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE screenings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        ad_name TEXT NOT NULL,
        ad_type TEXT NOT NULL,
        ad_status TEXT NOT NULL CHECK (ad_status IN ('queued', 'done', 'error')),
        ad_error TEXT,
        ad_text TEXT,
        ad_row TEXT,
        ad_profile TEXT,
        ad_fit TEXT
    );
    CREATE TABLE candidates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        screening_id INTEGER NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        path TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'done', 'error')),
        error TEXT,
        text TEXT,
        profile TEXT,
        fit TEXT,
        row TEXT,
        blind_row TEXT,
        match REAL,
        created TEXT NOT NULL
    );
    CREATE INDEX candidates_by_screening ON candidates (screening_id, status, match);
    CREATE TABLE files (
        owner TEXT NOT NULL,
        screening_id INTEGER NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
        candidate_id INTEGER REFERENCES candidates (id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        PRIMARY KEY (owner, screening_id, candidate_id)
    );
    CREATE TABLE decisions (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
        decision TEXT NOT NULL CHECK (decision IN ('advance', 'hold', 'reject')),
        label TEXT,
        note TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/matcher/serve.sqlite3`` (``~/.local/share/matcher`` without it)."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "matcher" / "serve.sqlite3"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True, slots=True)
class Screening:
    id: int
    title: str
    created: str
    ad_name: str
    ad_type: str
    ad_status: str
    ad_error: str | None
    ad_text: str | None
    ad_row: dict[str, Any] | None
    ad_profile: dict[str, Any] | None
    ad_fit: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    screening_id: int
    name: str
    type: str
    path: str | None
    status: str
    error: str | None
    row: dict[str, Any] | None
    blind_row: dict[str, Any] | None
    match: float | None
    decision: str | None = None
    label: str | None = None
    note: str = ""


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Store:
    """The database at ``path``, created (with its folder) and migrated on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    # --- connections and schema ---------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in ``write``).
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                         check_same_thread=True)  # fmt: skip
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return connection

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the database lock is taken at once (one writer at a time)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self) -> None:
        with self.write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise UsageError(f"{self.path}: the database is schema version {version}, newer than "
                                 f"this matcher ({SCHEMA_VERSION}): upgrade matcher or use another --db")  # fmt: skip
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            else:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    # --- screenings ----------------------------------------------------------------------

    def create_screening(self, title: str, *, ad_name: str, ad_type: str, ad_text: str | None = None,
                         ad_error: str | None = None, ad_file: bytes | None = None) -> int:  # fmt: skip
        """A new screening whose ad waits for the scoring thread (or failed already)."""
        status = "error" if ad_error else "queued"
        with self.write() as db:
            cursor = db.execute(
                "INSERT INTO screenings (title, created, ad_name, ad_type, ad_status, ad_error, ad_text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (title, _now(), ad_name, ad_type, status, ad_error, ad_text))
            screening_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            if ad_file is not None:
                db.execute("INSERT INTO files (owner, screening_id, candidate_id, data) VALUES ('ad', ?, NULL, ?)",
                           (screening_id, ad_file))  # fmt: skip
        return screening_id

    def screenings(self) -> list[dict[str, Any]]:
        """Every screening, newest first, with its counts."""
        rows = self.db.execute(
            "SELECT s.id, s.title, s.created, s.ad_status, s.ad_error, "
            "count(c.id) AS total, sum(c.status = 'done') AS done, sum(c.status = 'error') AS errors "
            "FROM screenings s LEFT JOIN candidates c ON c.screening_id = s.id "
            "GROUP BY s.id ORDER BY s.id DESC").fetchall()
        return [dict(r) for r in rows]

    def screening(self, screening_id: int) -> Screening | None:
        row = self.db.execute("SELECT * FROM screenings WHERE id = ?", (screening_id,)).fetchone()
        if row is None:
            return None
        return Screening(row["id"], row["title"], row["created"], row["ad_name"], row["ad_type"],
                         row["ad_status"], row["ad_error"], row["ad_text"], _loads(row["ad_row"]),
                         _loads(row["ad_profile"]), _loads(row["ad_fit"]))  # fmt: skip

    def delete_screening(self, screening_id: int) -> bool:
        with self.write() as db:
            return db.execute("DELETE FROM screenings WHERE id = ?", (screening_id,)).rowcount > 0

    def queued_ads(self) -> list[Screening]:
        ids = [r[0] for r in self.db.execute("SELECT id FROM screenings WHERE ad_status = 'queued' ORDER BY id")]
        return [s for s in map(self.screening, ids) if s is not None]

    def save_ad(self, screening_id: int, *, error: str | None, text: str | None = None,
                row: dict[str, Any] | None = None, profile: Any = None, fit: Any = None) -> None:  # fmt: skip
        with self.write() as db:
            db.execute(
                "UPDATE screenings SET ad_status = ?, ad_error = ?, ad_text = coalesce(?, ad_text), "
                "ad_row = ?, ad_profile = ?, ad_fit = ? WHERE id = ?",
                ("error" if error else "done", error, text, _dumps(row), _dumps(profile), _dumps(fit),
                 screening_id))  # fmt: skip

    def file(self, *, screening_id: int, candidate_id: int | None = None) -> bytes | None:
        """The kept raw bytes of an ad (``candidate_id`` None) or a resume, if kept."""
        if candidate_id is None:
            row = self.db.execute("SELECT data FROM files WHERE owner = 'ad' AND screening_id = ?",
                                  (screening_id,)).fetchone()  # fmt: skip
        else:
            row = self.db.execute("SELECT data FROM files WHERE owner = 'resume' AND candidate_id = ?",
                                  (candidate_id,)).fetchone()  # fmt: skip
        return None if row is None else bytes(row[0])

    def drop_ad_file(self, screening_id: int) -> None:
        with self.write() as db:
            db.execute("DELETE FROM files WHERE owner = 'ad' AND screening_id = ?", (screening_id,))

    # --- candidates ----------------------------------------------------------------------

    def add_candidates(self, screening_id: int, items: list[dict[str, Any]], *, keep_files: bool) -> list[int]:
        """New candidates: dicts with ``name``, ``type``, and ``error`` or ``path`` / ``data``.

        ``data`` (uploaded bytes) is stored only with ``keep_files``; the caller spools it for
        the scoring thread. Returns the new ids in order.
        """
        ids = []
        now = _now()
        with self.write() as db:
            for item in items:
                error = item.get("error")
                cursor = db.execute(
                    "INSERT INTO candidates (screening_id, name, type, path, status, error, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (screening_id, item["name"], item["type"], item.get("path"),
                     "error" if error else "queued", error, now))  # fmt: skip
                candidate_id = int(cursor.lastrowid)  # type: ignore[arg-type]
                ids.append(candidate_id)
                if keep_files and item.get("data") is not None:
                    db.execute("INSERT INTO files (owner, screening_id, candidate_id, data) VALUES ('resume', ?, ?, ?)",
                               (screening_id, candidate_id, item["data"]))  # fmt: skip
        return ids

    def claim_queued(self, *, after: int, limit: int) -> list[Candidate]:
        """Queued candidates with an id above ``after`` whose ad is read, oldest first."""
        rows = self.db.execute(
            "SELECT c.* FROM candidates c JOIN screenings s ON s.id = c.screening_id "
            "WHERE c.status = 'queued' AND c.id > ? AND s.ad_status = 'done' ORDER BY c.id LIMIT ?",
            (after, limit)).fetchall()
        return [_candidate(r) for r in rows]

    def save_result(self, candidate_id: int, *, error: str | None, text: str | None = None,
                    profile: Any = None, fit: Any = None, row: dict[str, Any] | None = None,
                    blind_row: dict[str, Any] | None = None) -> None:  # fmt: skip
        match = None if row is None else float(row["match"])
        with self.write() as db:
            db.execute(
                "UPDATE candidates SET status = ?, error = ?, text = ?, profile = ?, fit = ?, row = ?, "
                "blind_row = ?, match = ? WHERE id = ?",
                ("error" if error else "done", error, text, _dumps(profile), _dumps(fit), _dumps(row),
                 _dumps(blind_row), match, candidate_id))  # fmt: skip

    def fail_queued(self, message: str) -> int:
        """Give every queued candidate whose file is gone ``message`` (after a restart)."""
        with self.write() as db:
            return db.execute(
                "UPDATE candidates SET status = 'error', error = name || ': ' || ? WHERE status = 'queued' "
                "AND path IS NULL AND id NOT IN (SELECT candidate_id FROM files WHERE owner = 'resume' "
                "AND candidate_id IS NOT NULL)", (message,)).rowcount

    def candidates(self, screening_id: int, *, status: str | None = None, min_score: float = 0.0,
                   order: str = "match") -> list[Candidate]:  # fmt: skip
        orders = {"match": "c.match DESC, c.id", "name": "c.name COLLATE NOCASE, c.id",
                  "decision": "d.decision IS NULL, d.decision, c.match DESC, c.id", "added": "c.id"}
        sql = ("SELECT c.*, d.decision, d.label, d.note FROM candidates c "
               "LEFT JOIN decisions d ON d.candidate_id = c.id WHERE c.screening_id = ?")  # fmt: skip
        args: list[Any] = [screening_id]
        if status is not None:
            sql += " AND c.status = ?"
            args.append(status)
        if min_score > 0:
            sql += " AND c.match >= ?"
            args.append(min_score)
        sql += f" ORDER BY {orders.get(order, orders['match'])}"
        return [_candidate(r) for r in self.db.execute(sql, args)]

    def candidate(self, candidate_id: int) -> Candidate | None:
        row = self.db.execute(
            "SELECT c.*, d.decision, d.label, d.note FROM candidates c "
            "LEFT JOIN decisions d ON d.candidate_id = c.id WHERE c.id = ?", (candidate_id,)).fetchone()
        return None if row is None else _candidate(row)

    def candidate_text(self, candidate_id: int) -> str | None:
        row = self.db.execute("SELECT text FROM candidates WHERE id = ?", (candidate_id,)).fetchone()
        return None if row is None else row[0]

    def progress(self, screening_id: int) -> dict[str, int]:
        row = self.db.execute(
            "SELECT count(*), sum(status = 'done'), sum(status = 'error'), sum(status = 'queued') "
            "FROM candidates WHERE screening_id = ?", (screening_id,)).fetchone()
        total, done, errors, queued = (int(v or 0) for v in row)
        return {"total": total, "done": done, "errors": errors, "queued": queued}

    # --- decisions -----------------------------------------------------------------------

    def decide(self, candidate_id: int, decision: str, *, note: str = "", label: str | None = None) -> None:
        if decision not in DECISIONS:
            raise UsageError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
        with self.write() as db:
            db.execute(
                "INSERT INTO decisions (candidate_id, decision, label, note, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (candidate_id) DO UPDATE SET decision = excluded.decision, "
                "label = excluded.label, note = excluded.note, updated = excluded.updated",
                (candidate_id, decision, label, note, _now()))

    def decisions(self, screening_id: int) -> list[dict[str, Any]]:
        """Every candidate with a decision, best match first, for export."""
        rows = self.db.execute(
            "SELECT c.id, c.name, c.status, c.match, c.row, c.type, d.decision, d.label, d.note, d.updated "
            "FROM candidates c JOIN decisions d ON d.candidate_id = c.id "
            "WHERE c.screening_id = ? ORDER BY c.match DESC, c.id", (screening_id,)).fetchall()
        return [dict(r) for r in rows]


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _candidate(row: sqlite3.Row) -> Candidate:
    keys = row.keys()
    return Candidate(row["id"], row["screening_id"], row["name"], row["type"], row["path"], row["status"],
                     row["error"], _loads(row["row"]), _loads(row["blind_row"]), row["match"],
                     row["decision"] if "decision" in keys else None,
                     row["label"] if "label" in keys else None,
                     (row["note"] if "note" in keys else "") or "")  # fmt: skip
