"""Scoring filled-in tests: reading response files, the statistics and the report."""
