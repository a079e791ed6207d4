"""Taxonomy → the spaCy pipeline that reads documents.

    get_nlp()  blank English (or an installed model) + matcher_lines + matcher_skills
               + matcher_titles, built once per taxonomy and reused; matcher_skill_meaning
               is added disabled and run on resumes only (``read_by_meaning``), and only
               when reading by meaning is switched on (``MATCHER_MEANING=1``, the CLI's
               ``--meaning``): it costs about as much CPU as the rest of the pipeline

No model download is needed: the default is ``spacy.blank("en")``; the taxonomy expands
inflections itself, so no lemmatizer (and no lookup tables to load at start-up) is needed.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING

# Where reading by meaning is switched on (``switch``); named here too, where callers look for them.
from matcher.extract.switch import MEANING_ENV, meaning_depth, meaning_enabled  # noqa: F401

if TYPE_CHECKING:
    from spacy.language import Language

    from matcher.taxonomy.load import Taxonomy

_CACHE: dict[tuple[int, str | None], tuple[Taxonomy, Language]] = {}
"""Keyed by the taxonomy's id; the taxonomy is kept in the value so the id stays its own."""
MAX_LENGTH = 2_000_000


def get_nlp(taxonomy: Taxonomy | None = None, *, spacy_model: str | None = None) -> Language:
    """The pipeline for ``taxonomy`` (the packaged one by default), cached per taxonomy.

    ``spacy_model`` names an installed spaCy package ("en_core_web_sm") to start from instead
    of blank English; its parser, if any, is kept but our line-based sentence starts win.
    """
    spacy = import_spacy()

    import matcher.extract.components  # noqa: F401  (registers the factories)
    from matcher.errors import UsageError
    from matcher.taxonomy.load import load_taxonomy

    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    key = (id(taxonomy), spacy_model)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached[1]
    if spacy_model:
        try:
            # Entity recognition and parsing are not what we read; skip them for speed.
            nlp = spacy.load(spacy_model, exclude=["ner", "parser", "senter", "lemmatizer"])
        except OSError as exc:
            raise UsageError(
                f"spaCy model {spacy_model!r} is not installed: install it with "
                f"'python -m spacy download {spacy_model}' or leave out --spacy-model"
            ) from exc
    else:
        nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    nlp.tokenizer = _KeepText(nlp.tokenizer)
    nlp.add_pipe("matcher_lines", first=True)
    # Meaning reads after the titles: a clause that is a job title is not a duty.
    for name in ("matcher_skills", "matcher_titles", "matcher_skill_meaning"):
        nlp.add_pipe(name).use(taxonomy)
    # Only resumes are read by meaning, and the kind is known only once the Doc exists: the
    # resume reading runs it (``read_by_meaning``), so job ads do not pay for it.
    nlp.disable_pipe("matcher_skill_meaning")
    _CACHE[key] = (taxonomy, nlp)
    return nlp


def read_by_meaning(nlp: Language, doc, sections=()):  # noqa: ANN001, ANN201
    """Run ``matcher_skill_meaning`` on ``doc`` when reading by meaning is on (``meaning_enabled``)
    and it has not run already (its hits are in
    ``doc.user_data``); a pipeline without the component leaves ``doc`` as it is.
    ``sections`` (the document's ``Section``s) lets it pass over those that list no duties
    (education, contact details, certifications...: ``components.NOT_DUTIES``)."""
    from matcher.extract.components import HITS_KEY, skip_sections

    if not meaning_enabled():
        return doc
    if HITS_KEY not in doc.user_data and "matcher_skill_meaning" in nlp.component_names:
        skip_sections(doc, sections)
        nlp.get_pipe("matcher_skill_meaning")(doc)
    return doc


_CLI_MODULES = ("spacy.cli", "spacy.cli.info")


def import_spacy() -> ModuleType:
    """``import spacy``, without importing spaCy's command line on the way (~0.4 s).

    ``spacy/__init__.py`` imports ``spacy.cli`` (typer, weasel, requests, the ``init`` and
    ``download`` commands) only to re-export ``spacy.info``; no part of reading a document
    needs it, and it was a third of a cold ``matcher score``. For the duration of the import
    we put empty placeholder modules for ``spacy.cli`` and ``spacy.cli.info`` in
    ``sys.modules``, then take them out again, so a later ``import spacy.cli`` loads the real
    package; ``spacy.info`` becomes a wrapper that does that when called. If anything goes
    wrong, the half-imported spaCy is dropped and imported the ordinary way.
    """
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    if any(name in sys.modules for name in _CLI_MODULES):
        import spacy

        return spacy
    try:
        return _import_spacy_without_cli()
    except Exception:  # noqa: BLE001 - a different spaCy: the plain import is always right
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy

        return spacy


def _import_spacy_without_cli() -> ModuleType:
    import importlib

    placeholders = {name: ModuleType(name) for name in _CLI_MODULES}
    placeholders["spacy.cli"].__path__ = []  # a package, so "spacy.cli.info" resolves
    placeholders["spacy.cli.info"].info = _info  # type: ignore[attr-defined]
    sys.modules.update(placeholders)
    try:
        spacy = importlib.import_module("spacy")
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) in placeholders.values():
        del spacy.cli  # type: ignore[attr-defined]
    spacy.info = _info  # type: ignore[attr-defined]
    return spacy


def _info(*args: object, **kwargs: object) -> object:
    """``spacy.info``, importing spaCy's command line only when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _KeepText:
    """The tokenizer, also keeping the text on the Doc: ``doc.text`` rebuilds it token by
    token, which cost our components about as much as their matching."""

    def __init__(self, tokenizer) -> None:  # noqa: ANN001
        self.tokenizer = tokenizer

    def __call__(self, text: str):  # noqa: ANN204
        from matcher.extract.components import TEXT_KEY

        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):  # noqa: ANN001, ANN201
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.tokenizer, name)
