"""Load a script of the project (``benchmarks/*.py``, ``samples/build*.py``) as a module, so its
functions can be tested without running its command line."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(path: Path, name: str) -> ModuleType:
    """The script at ``path`` (relative to the repository root, or absolute) imported as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)  # benchmarks put benchmarks/ on sys.path, so siblings import too
    return module
