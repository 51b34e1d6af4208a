"""Offline copies of the learner site, packed to be opened from ``file://``: the whole course
(``build/course-offline.zip``, every language) and each language's own
(``site/<lang>/course-offline.zip``, linked from that language's home page).

A copy holds only what a reader from ``file://`` uses: no source maps, no
``search_index.json`` (Material loads ``search_index.js`` there), no sitemaps, no server
error page, no search support for languages the site does not search in, and no other
offline copy. Elements a copy cannot use are taken out of its pages (see ONLINE_ONLY).
"""

from __future__ import annotations

import bisect
import io
import json
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from generator.build.reproducible import zip_entry
from generator.build.sanitize import add_content_security_policy

ZIP_NAME = "course-offline.zip"
FOLDER = "course"  # the whole course unpacks into course/; open course/index.html

ONLINE_ONLY = "cp-online-only"
"""Class of elements no offline copy shows (the download box: the copy does not hold the
zip it would download)."""
ALL_LANGUAGES = "cp-all-languages"
"""Class of elements that need the other languages' sites next to this one (the language
switcher): kept in the whole-course copy, taken out of a one-language copy."""

NEVER_OFFLINE = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html", ZIP_NAME})
"""Files only a web server or a crawler reads (a server's error page, the sitemaps) and
the offline copies themselves."""
LUNR = "assets/javascripts/lunr"
"""Material's language support for search: its worker imports only the files its
search languages need (see :func:`lunr_files`)."""


def language_folder(lang: str) -> str:
    """The folder a one-language copy unpacks into (its ``index.html`` opens the course)."""
    return f"{FOLDER}-{lang}"


def offline_zip(site_dir: Path, epoch: int, folder: str = FOLDER,
                remove: Iterable[str] = (ONLINE_ONLY,)) -> bytes:
    """The site in ``site_dir`` packed under ``folder/``, entries sorted and stamped with
    ``epoch``: only the files a reader from ``file://`` uses; HTML gets the offline content
    security policy, without the elements of a class in ``remove``."""
    classes = frozenset(remove)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in offline_files(site_dir):
            data = path.read_bytes()
            if path.suffix == ".html":
                data = offline_page(data.decode("utf-8"), classes).encode()
            name = f"{folder}/{path.relative_to(site_dir).as_posix()}"
            archive.writestr(zip_entry(name, epoch), data)
    return buffer.getvalue()


def language_zip(site_dir: Path, lang: str, epoch: int) -> bytes:
    """One language's site (``site_dir``) as an offline copy of its own, without the
    elements that link to the other languages."""
    return offline_zip(site_dir, epoch, language_folder(lang), (ONLINE_ONLY, ALL_LANGUAGES))


def offline_page(page_html: str, remove: frozenset[str]) -> str:
    """A page as an offline copy shows it: its elements of a class in ``remove`` taken
    out, and the offline content security policy."""
    return add_content_security_policy(without_elements(page_html, remove), offline=True)


def offline_files(site_dir: Path) -> list[Path]:
    """The files of ``site_dir`` an offline copy holds, sorted."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    indexes = [p for p in files if _is_search_index(p)]
    sites = {index.parent.parent for index in indexes}  # each language's site folder
    lunr = {index.parent.parent / name for index in indexes
            for name in lunr_files(search_languages(index))}
    return [path for path in files
            if path.name not in NEVER_OFFLINE and path.suffix != ".map"
            and not _is_search_index(path)
            and (path in lunr or not any(path.is_relative_to(site / LUNR) for site in sites))]


def _is_search_index(path: Path) -> bool:
    """Whether ``path`` is a site's ``search/search_index.json``."""
    return path.name == "search_index.json" and path.parent.name == "search"


def search_languages(index: Path) -> tuple[str, ...]:
    """The languages of a site's search (``config.lang`` of its search index)."""
    try:
        languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    except (OSError, ValueError, KeyError, TypeError):
        return ("en",)
    return tuple(str(lang) for lang in languages)


def lunr_files(languages: Iterable[str]) -> frozenset[str]:
    """The files under ``assets/javascripts/lunr`` Material's search worker imports for
    ``languages`` (its ``setupSearchLanguages``), as paths from the site's folder."""
    languages = tuple(languages)
    names = []
    for lang in languages:
        names += {"ja": ["tinyseg.js"], "hi": ["wordcut.js"], "th": ["wordcut.js"]}.get(lang, [])
        if lang != "en":
            names.append(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        names.append("min/lunr.multi.min.js")
    if names:
        names.append("min/lunr.stemmer.support.min.js")
    return frozenset(f"{LUNR}/{name}" for name in names)


VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "source", "track", "wbr"})


_RAW_TEXT = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
"""Comments, scripts and styles: text in which nothing is a tag."""
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _marked_spans(page_html: str, classes: frozenset[str]) -> list[tuple[int, int]]:
    """Where each element with one of ``classes`` starts and ends in a page (outermost
    ones only), as character offsets; an element never closed is left alone."""
    hidden = [m.span() for m in _RAW_TEXT.finditer(page_html)]
    spans: list[tuple[int, int]] = []
    for tag in _START_TAG.finditer(page_html):
        attributes = tag[2] or ""
        if not any(c in attributes for c in classes) or (spans and tag.start() < spans[-1][1]) \
                or _inside(tag.start(), hidden):
            continue
        found = _CLASS.search(attributes)
        names = set((found[1] or found[2] or found[3] or "").split()) if found else set()
        if not classes & names:
            continue
        name = tag[1].lower()
        if name in VOID_ELEMENTS or attributes.rstrip().endswith("/"):
            spans.append(tag.span())
            continue
        end = _element_end(page_html, name, tag.end(), hidden)
        if end is not None:
            spans.append((tag.start(), end))
    return spans


def _element_end(page_html: str, name: str, start: int,
                 hidden: list[tuple[int, int]]) -> int | None:
    """Where the element ``name`` opened just before ``start`` ends (after its end tag)."""
    depth = 1
    same = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    for tag in same.finditer(page_html, start):
        if _inside(tag.start(), hidden) or (not tag[1] and tag[0].endswith("/>")):
            continue
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``position`` is inside one of the (sorted) ``spans``."""
    index = bisect.bisect_right(spans, (position, math.inf)) - 1
    return index >= 0 and spans[index][0] < position < spans[index][1]


def without_elements(page_html: str, classes: frozenset[str]) -> str:
    """``page_html`` without its elements that have a class in ``classes`` (the rest of
    the page byte for byte as it was)."""
    if not classes or not any(c in page_html for c in classes):
        return page_html
    parts, last = [], 0
    for start, end in _marked_spans(page_html, classes):
        parts.append(page_html[last:start])
        last = end
    return "".join([*parts, page_html[last:]])


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` in ``path``, never half-written: written beside it, then renamed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
