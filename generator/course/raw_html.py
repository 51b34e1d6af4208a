"""Raw HTML in module text, checked before anything is built: an element left open, or one
whose content is never shown as text (``<template>``, ``<script>``, ``<textarea>`` …),
would swallow or flatten the rest of the page without a word."""

from __future__ import annotations

import re
from html.parser import HTMLParser

RAW_TEXT = frozenset({"script", "style", "template", "textarea", "title", "xmp", "noscript",
                      "iframe", "noembed", "noframes", "plaintext", "select",
                      "object", "svg", "math"})
"""Elements whose content is not shown as the text around it."""
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
ELEMENTS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "button",
    "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "i", "ins", "kbd", "label", "legend", "li", "main", "mark", "nav", "ol",
    "output", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "video", "audio", "picture", "canvas", "dialog", "map", "meter", "progress",
    "ruby", "rt", "rp", "center", "font", "big", "tt", "strike", "marquee", "frameset",
    "frame", "body", "head", "html", "option", "optgroup", "datalist", "colgroup", "menu",
    *RAW_TEXT, *VOID})
"""Names the check knows as HTML elements; ``<https://…>`` and ``a <3`` are text."""
OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                          "option", "colgroup", "rt", "rp"})
"""Elements whose end tag HTML lets one leave out."""

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def html_problems(markdown: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each raw-text element, unclosed element and end tag that
    closes nothing in ``markdown`` (code blocks and code spans are left alone)."""
    checker = _Checker()
    checker.feed(_without_code(markdown))
    checker.close()
    return checker.found + [(line, f"<{tag}> is never closed: the rest of the page would "
                                   f"be inside it") for tag, line in checker.open
                            if tag not in OPTIONAL_END]


def _without_code(markdown: str) -> str:
    """``markdown`` with code replaced by spaces, line breaks kept (so lines still match)."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))
    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, markdown))


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in RAW_TEXT:
            self.found.append((line, f"<{tag}> is not allowed in module text: its content "
                                     "would not be shown as text"))
        elif tag in ELEMENTS and tag not in VOID:
            self.open.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ELEMENTS or tag in VOID or tag in RAW_TEXT:
            return
        names = [name for name, _ in self.open]
        if tag not in names:
            self.found.append((self.getpos()[0], f"</{tag}> closes nothing"))
            return
        while self.open:
            name, line = self.open.pop()
            if name == tag:
                break
            if name not in OPTIONAL_END:
                self.found.append((line, f"<{name}> is never closed: the rest of the page "
                                         "would be inside it"))
