"""Untrusted text made safe: an allow-list HTML sanitiser and a per-page CSP."""

from __future__ import annotations

import base64
import hashlib
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "caption", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    # self-check questions
    "form", "fieldset", "legend", "input", "label", "button",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "hidden", "role", "aria-live", "aria-label"},
    "a": {"href", "download", "data-modules"},  # data-*: where coursepack.js shows progress
    "span": {"data-module", "data-modules"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "input": {"type", "name", "value", "data-correct"},
    "label": {"for"},
    "button": {"type"},
    "form": {"data-item", "data-right", "data-wrong", "data-unanswered"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes (no scripts, no handlers)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_not_the_theme_s)


def _not_the_theme_s(element: str, attribute: str, value: str) -> str | None:
    """Drop ids the theme uses for itself (``__config``, ``__search`` …): content must not
    stand in for Material's own elements."""
    return None if attribute == "id" and value.startswith("__") else value


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def content_security_policy(page_html: str, *, offline: bool = False) -> str:
    """The strictest policy the page allows: its own files, plus its inline scripts by hash.

    Offline (``file://``) search runs in an iframe with an inline script that cannot be
    hashed in advance, so the offline copy allows inline scripts; its content is still
    sanitised and it still loads nothing from other hosts.
    """
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(page_html)})
    inline = ["'unsafe-inline'"] if offline else hashes
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *inline]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def add_content_security_policy(page_html: str, *, offline: bool = False) -> str:
    """The page with its policy as the first element of ``<head>`` (replacing any other)."""
    page_html = _CSP_META.sub("", page_html, count=1)
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            f'{content_security_policy(page_html, offline=offline)}">')
    return page_html.replace("<head>", f"<head>\n    {meta}", 1)


_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the control characters XML 1.0 cannot hold."""
    return _XML_ILLEGAL.sub("", value)
