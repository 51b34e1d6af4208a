"""coursepack: compile structured course modules into a site, decks and tests.

The pipeline is load → validate → localize → render: ``loader`` reads the sources
and checks them (``rules``), producing one frozen ``model.Course``; the renderers
(``site``, ``decks``, ``assessments``) are plain functions of that model.
"""
