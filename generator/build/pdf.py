"""A4 PDFs typeset by WeasyPrint from the HTML pages the renderers make."""

from __future__ import annotations

from weasyprint import HTML


def pdf_bytes(page: str) -> bytes:
    """An HTML page of this module as an A4 PDF (deterministic for the same page)."""
    return HTML(string=page).write_pdf()


