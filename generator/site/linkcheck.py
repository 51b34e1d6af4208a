"""Offline check of the built site: every ``href`` and ``src`` resolves inside it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<(a|link|script|img|source|iframe|audio|video)\b([^>]*)>", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_LINK_OUT_SCHEMES = {"http", "https", "mailto"}


def broken_links(site_dir: Path) -> list[str]:
    """``page: attribute="target" problem`` for each link that leads nowhere or loads from
    another host. Pages may *link* to other hosts (``<a href="https://…">``, the canonical
    ``<link>``) but never load anything from them."""
    root = site_dir.resolve()
    problems = []
    for page in sorted(root.rglob("*.html")):
        for tag, attributes in _TAG.findall(page.read_text(encoding="utf-8")):
            for attribute, target in _URL_ATTRIBUTE.findall(attributes):
                problem = _problem(root, page, tag.lower(), attributes, target)
                if problem:
                    problems.append(
                        f"{page.relative_to(root)}: {attribute}=\"{target}\" {problem}")
    return problems


def _problem(root: Path, page: Path, tag: str, attributes: str, target: str) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        only_a_link = tag == "a" or (tag == "link" and 'rel="canonical"' in attributes)
        if only_a_link and parts.scheme in _LINK_OUT_SCHEMES:
            return None
        return "loads from outside the site"
    if not parts.path:
        return None  # an anchor on the same page
    base = root if parts.path.startswith("/") else page.parent  # 404.html uses /-paths
    resolved = (base / unquote(parts.path.lstrip("/"))).resolve()
    if not resolved.is_relative_to(root):
        return "points outside the site"
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return None if resolved.is_file() else "points to a file that does not exist"
