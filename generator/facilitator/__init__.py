"""Facilitator material: slide decks, the facilitator guide and workshop bundles."""
