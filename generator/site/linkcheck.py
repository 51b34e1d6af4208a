"""Offline check of the built site: every ``href`` and ``src`` resolves inside it."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<(a|link|script|img|source|iframe|audio|video)\b([^>]*)>", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_LINK_OUT_SCHEMES = {"http", "https", "mailto"}


def broken_links(site_dir: Path) -> list[str]:
    """``page: attribute="target" problem`` for each link that leads nowhere or loads from
    another host. Pages may *link* to other hosts (``<a href="https://…">``, the canonical
    ``<link>``) but never load anything from them. A link is resolved against the site's
    list of files (the site is generated: it has no links of the file system)."""
    root = site_dir.resolve()
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    problems = []
    for page in sorted(f for f in files if f.endswith(".html")):
        folder = posixpath.dirname(page)
        for tag, attributes in _TAG.findall((root / page).read_text(encoding="utf-8")):
            for attribute, target in _URL_ATTRIBUTE.findall(attributes):
                problem = _problem(files, folder, tag.lower(), attributes, target)
                if problem:
                    problems.append(f"{page}: {attribute}=\"{target}\" {problem}")
    return problems


def _problem(files: set[str], folder: str, tag: str, attributes: str,
             target: str) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        only_a_link = tag == "a" or (tag == "link" and 'rel="canonical"' in attributes)
        if only_a_link and parts.scheme in _LINK_OUT_SCHEMES:
            return None
        return "loads from outside the site"
    if not parts.path:
        return None  # an anchor on the same page
    base = "" if parts.path.startswith("/") else folder  # 404.html uses /-paths
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path.lstrip("/"))))
    if path == ".." or path.startswith(("../", "/")):
        return "points outside the site"
    if path in files or posixpath.join("" if path == "." else path, "index.html") in files:
        return None
    return "points to a file that does not exist"
