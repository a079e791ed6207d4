"""The package's public API resolves, and importing the package stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import matcher


@pytest.mark.parametrize("name", [n for n in matcher.__all__ if n != "__version__"])
def test_init_every_public_name_resolves(name):
    assert getattr(matcher, name) is not None


def test_init_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        matcher.nope  # noqa: B018


def test_init_import_does_not_load_spacy_or_sklearn():
    code = "import sys, matcher; print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
