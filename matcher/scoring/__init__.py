"""Scoring: a profile's features, the model over them, its fit to each rung, the match.

    features   a Profile ─► named values, each with its evidence
    model      the shipped logistic model (``models/role_fit.v1.json``) and how it is read
    fit        Profile ─► RoleFit: a 0-100 fit per rung, the best rung, the reasons
    match      resume × job ad ─► Match
    train      labelled documents ─► a model file, byte for byte reproducible
    evaluate   cross-validated accuracy on labelled documents
    blind      what is shown, without what says who a candidate is
"""
