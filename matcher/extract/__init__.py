"""Extractors: a read document (``Reading``: the Document plus its spaCy Doc) → typed facts.

One module per kind of fact: ``dates``, ``titles`` (role and rung), ``positions``,
``skills``, ``education``, ``certifications``, ``metrics``, ``signals``, ``contact``,
``requirements`` (what a job ad asks for) and ``kind`` (resume or job ad). Each exposes
plain functions; ``matcher.extract.profile`` assembles their results into a ``Profile``.
"""
