"""Profiles already read, kept on disk so re-screening a pool does not parse it again.

A profile is keyed by everything that could change it: the digest of the input's bytes, how it
was read (PDF engine, kind asked for, the title a CSV row gave, the ``--as-of`` date), the
taxonomy (its version and a digest of its files, so an edit without a version bump still
invalidates), the occupation index and its rules (a digest of both files), the model
version and the code version (a digest of matcher's own sources). Change any of them and the
old entries are simply never looked up again. One input of the profile is not known before
reading: a resume without an ``--as-of`` reads "present" as its file's own date (fixed by its
bytes) or else as the day of the run. A profile of the second kind is served only on the day
it was made (``get(..., today=)``): yesterday's profile would count yesterday's years.

Entries are JSON files (never pickles: a cache directory another user can write to must not
be able to run code) written to a temporary file and moved into place with ``os.replace``,
which is atomic: two runs writing the same entry each put a whole file there, and a reader
sees the old file or the new one, never half of one. An entry that fails to load is a miss.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from matcher.resources import default_cache_dir, write_atomically
from matcher.types import Profile

__all__ = ["ProfileCache", "code_version", "default_cache_dir", "taxonomy_digest"]

FORMAT = 2
"""Bump when the entry layout changes (2: profiles carry occupations)."""


@functools.cache
def code_version() -> str:
    """The package version plus a digest of its Python sources (an edit invalidates entries)."""
    from matcher import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def taxonomy_digest(extra: Iterable[str | os.PathLike[str]] = ()) -> str:
    """A digest of the shipped taxonomy files and any user files layered over them."""
    from matcher.resources import taxonomy_dir

    digest = hashlib.sha256()
    shipped = sorted(p for p in Path(taxonomy_dir()).rglob("*") if p.suffix in (".yaml", ".yml"))
    for path in [*shipped, *(Path(p) for p in extra)]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")  # the taxonomy loader reports it properly
    return digest.hexdigest()[:16]


@functools.cache
def occupations_digest() -> str:
    """A digest of the occupation index and its rules (a rebuilt index invalidates entries).

    Hashing the files' bytes costs about a millisecond; loading the index would cost tens, and a
    warm run never needs it."""
    from matcher.extract.occupations import INDEX_FILE, RULES_FILE
    from matcher.resources import taxonomy_dir

    digest = hashlib.sha256()
    for name in (RULES_FILE, INDEX_FILE):
        try:
            digest.update((taxonomy_dir() / name).read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:16]


@dataclasses.dataclass
class ProfileCache:
    """A directory of profiles keyed by content and versions (see the module doc).

    ``hits``, ``misses`` and ``writes`` count this instance's lookups, for tests and ``-v``.
    """

    directory: Path
    taxonomy_version: str
    model_version: str = ""
    code: str = dataclasses.field(default_factory=code_version)
    hits: int = 0
    misses: int = 0
    writes: int = 0

    def key(self, content_sha256: str, **how: str | None) -> str:
        """The entry key for content read a given way (``engine=``, ``kind=``, ``title=``...)."""
        from matcher.extract.switch import meaning_depth

        # True/False as before reading in depth existed, so that those keys stay as they were.
        depth = meaning_depth()
        parts = {"format": FORMAT, "content": content_sha256, "taxonomy": self.taxonomy_version,
                 "occupations": occupations_digest(), "model": self.model_version, "code": self.code,
                 "meaning": depth if depth == "deep" else depth is not None, **how}  # fmt: skip
        if depth is not None:  # the trained reader that read the skills by meaning (retrained by `matcher train`)
            from matcher.extract.skill_classifier import reader_digest

            parts["reader"] = reader_digest("minilm" if depth == "deep" else "static")
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / "profiles" / key[:2] / f"{key}.json"

    def get(self, key: str, *, source: str, today: date | None = None) -> Profile | None:
        """The cached profile (its ``source`` set to ``source``), or None on a miss; with
        ``today``, a profile that read "present" as another run's date is a miss."""
        from matcher.serialize import from_plain

        try:
            with open(self._path(key), encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") != FORMAT or data.get("key") != key:
                raise ValueError("stale or foreign entry")
            profile = from_plain(Profile, data["profile"])
            if today is not None and profile.as_of_source == "run_date" and profile.as_of != today:
                raise ValueError("read on another day")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Missing, half-written by a crashed older version, or edited by hand: re-read.
            self.misses += 1
            return None
        self.hits += 1
        # The same bytes may sit under another name; the profile must name this input.
        return profile if profile.source == source else dataclasses.replace(profile, source=source)

    def put(self, key: str, profile: Profile) -> None:
        """Store ``profile``; a cache that cannot be written is skipped, never fatal."""
        from matcher.serialize import to_plain

        payload = json.dumps({"format": FORMAT, "key": key, "profile": to_plain(profile)},
                             ensure_ascii=False)  # fmt: skip
        # Read-only or full disk: scoring goes on without the cache.
        self.writes += write_atomically(self._path(key), payload.encode("utf-8"))

    def clear(self) -> int:
        """Remove every entry; return how many were removed."""
        removed = 0
        for path in (self.directory / "profiles").glob("*/*.json"):
            with _suppress_oserror():
                path.unlink()
                removed += 1
        return removed


def _suppress_oserror():  # noqa: ANN202
    import contextlib

    return contextlib.suppress(OSError)
