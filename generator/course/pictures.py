"""Pictures and charts placed in a module's page and slides: where they are placed, their
files as read, their size, and what makes an SVG unsafe to show."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from generator.course.model import Slide

IMAGE_TAG = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)\)")
"""Markdown's image syntax: ``![alt text](images/file.svg)``."""
PICTURE_PATH = re.compile(r"^images/[a-z0-9][a-z0-9-]*\.(svg|png|jpe?g)$")
CHART_PATH = re.compile(r"^charts/[a-z0-9][a-z0-9-]*\.yml$")
PICTURE_TEXTS = "pictures.yml"
"""In a translation's module folder: the text inside its SVG pictures, by picture and id."""
MAX_SVG_BYTES = 150_000
MAX_RASTER_BYTES = 400_000
MAX_PIXELS = 2400
"""The longest side of a PNG or JPEG, in pixels."""
SVG = "{http://www.w3.org/2000/svg}"
UNSAFE_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler",
                   "listener"}
EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    """A picture or chart placed in a page or on a slide."""

    src: str
    alt: str
    file: str
    """The file that places it (content.md or slides.md, source or translation)."""
    line: int


def placed(content: str, content_file: str, slides: tuple[Slide, ...],
           slides_file: str) -> list[Placed]:
    """Every picture and chart the page and the slides place, in order."""
    found = [Placed(m["src"], m["alt"].strip(), content_file, number)
             for number, text in enumerate(content.splitlines(), start=1)
             for m in IMAGE_TAG.finditer(text)]
    return found + [Placed(i.src, i.text, slides_file, i.line) for s in slides for i in s.images()]


def size(path: str, data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels (an SVG: its viewBox, else width and height), or None
    when the file is not the kind its name says."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == ".png" and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if suffix in (".jpg", ".jpeg") and data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    if suffix == ".svg":
        root = svg_root(data)
        return None if root is None else _svg_size(root)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


def _svg_size(root: etree._Element) -> tuple[int, int] | None:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        return round(float(root.get("width", ""))), round(float(root.get("height", "")))
    except ValueError:
        return None


def svg_root(data: bytes) -> etree._Element | None:
    """The parsed SVG (no entities, no network, no DTD), or None if it does not parse."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    return root if root.tag == f"{SVG}svg" else None


def svg_dangers(data: bytes) -> list[tuple[int, str]]:
    """What could run code or fetch something when the SVG is shown, each with its line:
    scripts, event handlers, foreign objects, DTDs and entities, links and styles that
    point outside the file."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data[:max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"))].count(b"\n") + 1
        return [(line, "a DOCTYPE or ENTITY declaration")]
    root = svg_root(data)
    if root is None:
        return [(1, "not a well-formed SVG file")]
    found: list[tuple[int, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        line = element.sourceline or 1
        if name in UNSAFE_ELEMENTS:
            found.append((line, f"a <{name}> element"))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                found.append((line, f"an event handler ({local}=…)"))
            elif local == "href" and not value.strip().startswith("#"):
                found.append((line, f"a link to '{value[:60]}'"))
            elif EXTERNAL.search(value):
                found.append((line, f"a reference outside the file in {local}"))
        if name == "style" and element.text and (EXTERNAL.search(element.text)
                                                  or "@import" in element.text):
            found.append((line, "a style that loads something from outside the file"))
    return found


def svg_texts(data: bytes) -> dict[str, str]:
    """The SVG's translatable texts: each ``<text>`` (or ``<tspan>``) with an ``id``."""
    root = svg_root(data)
    if root is None:
        return {}
    return {element.get("id"): "".join(element.itertext()).strip()
            for element in root.iter(f"{SVG}text", f"{SVG}tspan") if element.get("id")}


def translate_svg(data: bytes, texts: dict[str, str]) -> bytes:
    """The SVG with the text of each element whose ``id`` is in ``texts`` replaced."""
    root = svg_root(data)
    if root is None or not texts:
        return data
    for element in root.iter(f"{SVG}text", f"{SVG}tspan"):
        text = texts.get(element.get("id", ""))
        if text is not None:
            for child in list(element):
                element.remove(child)
            element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
