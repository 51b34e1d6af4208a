"""Authoring commands' work: starting a module and the translation workflow."""
