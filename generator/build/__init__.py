"""The build: the pipeline of parts, the cache of outputs and the workers that make them,
staging and atomic publishing under a lock, reproducibility, PDF typesetting and HTML
safety shared by the renderers."""

PARTS = ("site", "decks", "facilitator", "assessments")
"""The parts of a build, each a folder under ``build/`` (``coursepack build --only``)."""
