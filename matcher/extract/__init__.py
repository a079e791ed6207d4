"""Extraction: a Document → its spaCy Doc → typed facts → a ``Profile``.

The stage's plumbing: ``normalize`` (text repairs), ``sections`` (headings → sections),
``nlp`` (the spaCy pipeline) with its ``components`` (the line sentencizer and the skill and
title rulers), ``reading`` (the Document plus its Doc), ``occupations`` (a title → its O*NET /
ESCO occupation; ``occupation_index`` builds the index it reads).

One module per kind of fact: ``dates``, ``titles`` (role and rung), ``positions``,
``skills``, ``education``, ``certifications``, ``metrics``, ``signals``, ``contact``,
``requirements`` (what a job ad asks for) and ``kind`` (resume or job ad). Each exposes
plain functions; ``matcher.extract.profile`` assembles their results into a ``Profile``.
"""
