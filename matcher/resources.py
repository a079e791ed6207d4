"""Where the shipped data lives, in a source checkout and in an installed wheel."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _find(repo_dir: str, package: str) -> Path:
    # A source checkout wins so that editing taxonomy/ takes effect without reinstalling.
    candidate = _REPO / repo_dir
    if candidate.is_dir() and (_REPO / "pyproject.toml").is_file():
        return candidate
    # The data folders carry no __init__.py, so the import system sees namespace packages;
    # their location is the one entry of the package's __path__.
    module = importlib.import_module(package)
    return Path(next(iter(module.__path__)))


def taxonomy_dir() -> Path:
    """The folder holding the default taxonomy files."""
    return _find("taxonomy", "matcher._taxonomy")


def models_dir() -> Path:
    """The folder holding the shipped model files."""
    return _find("models", "matcher._models")


def default_cache_dir() -> Path:
    """``$MATCHER_CACHE_DIR``, else ``$XDG_CACHE_HOME/matcher``, else ``~/.cache/matcher``."""
    if os.environ.get("MATCHER_CACHE_DIR"):
        return Path(os.environ["MATCHER_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "matcher"


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file in its folder moved into place with
    ``os.replace``, so that no reader ever sees half a file. For caches, which only save time:
    a folder that cannot be written gives False and leaves nothing behind."""
    import contextlib
    import tempfile

    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:8]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
