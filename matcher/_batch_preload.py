"""Imported only by the fork server of ``matcher.batch``: builds the default pipeline once.

Workers are forked from that server, so each starts with spaCy imported, the shipped
taxonomy loaded, the pipeline built and the model read (shared copy-on-write) instead of
spending a second or more doing it again. Anything that fails here is simply left for the
worker to do (and to report) itself.
"""

from __future__ import annotations

try:
    from matcher.extract.nlp import get_nlp
    from matcher.scoring.model import load_model
    from matcher.taxonomy.load import load_taxonomy

    get_nlp(load_taxonomy())
    load_model()
    # The extractors are imported on first use; import them here so no worker pays for it.
    # ftfy too: the first non-ASCII line a worker normalised imported it (~0.1 s per worker).
    import ftfy  # noqa: F401

    from matcher.extract.profile import build_profile as _build_profile
    from matcher.readers import read_text as _read_text

    _build_profile(_read_text("Account Coordinator\nJan 2020 - Present\n- Scheduled client meetings"))
    # Every shard of the occupation index, once here rather than again in each worker.
    from matcher.extract.occupations import load_occupations

    load_occupations().read_all()
    # What was loaded here lives as long as the workers: move it out of the collector's sight,
    # so a full collection in a worker does not walk it again (nor write to its shared pages).
    import gc

    gc.collect()
    gc.freeze()
except Exception:  # noqa: BLE001, S110 - a warm-up only; the worker reports real problems
    pass
