"""The modules that moved into extract/, scoring/ and taxonomy/ still import from their old
paths for one release, with a DeprecationWarning that names the new path."""

from __future__ import annotations

import importlib
import sys
import warnings

import pytest

MOVED = {
    "matcher.components": "matcher.extract.components",
    "matcher.nlp": "matcher.extract.nlp",
    "matcher.sections": "matcher.extract.sections",
    "matcher.normalize": "matcher.extract.normalize",
    "matcher.profile": "matcher.extract.profile",
    "matcher.occupations": "matcher.extract.occupations",
    "matcher.occupation_index": "matcher.extract.occupation_index",
    "matcher.features": "matcher.scoring.features",
    "matcher.model": "matcher.scoring.model",
    "matcher.fit": "matcher.scoring.fit",
    "matcher.match": "matcher.scoring.match",
    "matcher.train": "matcher.scoring.train",
    "matcher.evaluate": "matcher.scoring.evaluate",
    "matcher.blind": "matcher.scoring.blind",
    "matcher.taxonomy_types": "matcher.taxonomy.types",
    "matcher.taxonomy_patterns": "matcher.taxonomy.patterns",
    "matcher.taxonomy_check": "matcher.taxonomy.check",
}


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_path_imports_with_a_warning_naming_the_new_one(
    old: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matcher

    new = importlib.import_module(MOVED[old])
    # Importing a submodule binds it on the package: put back whatever ``matcher.evaluate``
    # (the exported function) was, and forget the shim, after the test.
    leaf = old.rpartition(".")[2]
    if leaf in vars(matcher):
        monkeypatch.setattr(matcher, leaf, vars(matcher)[leaf])
    else:  # undone in reverse: back to None, then back to absent
        monkeypatch.setattr(matcher, leaf, None, raising=False)
        monkeypatch.delattr(matcher, leaf)
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match=MOVED[old].replace(".", r"\.")):
        shim = importlib.import_module(old)
    public = [name for name in vars(new) if not name.startswith("_")]
    assert public
    for name in public:
        assert getattr(shim, name) is getattr(new, name)
    private = [name for name in vars(new) if name.startswith("_") and not name.startswith("__")]
    for name in private[:3]:
        assert getattr(shim, name) is getattr(new, name)


def test_taxonomy_package_keeps_the_old_module_names_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from matcher.taxonomy import NEAR_WINDOW, Skill, Taxonomy, load_taxonomy
        from matcher.taxonomy import load as load_module

    assert load_taxonomy is load_module.load_taxonomy
    assert (Taxonomy, Skill, NEAR_WINDOW) == (
        load_module.Taxonomy, load_module.Skill, load_module.NEAR_WINDOW
    )
    assert load_taxonomy().skills


def test_public_api_of_the_package_is_unchanged() -> None:
    import matcher

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("build_profile", "fit_roles", "match_profiles", "load_taxonomy", "load_model",
                     "train_model", "evaluate", "occupation_of"):
            assert callable(getattr(matcher, name))
