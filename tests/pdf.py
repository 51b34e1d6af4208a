"""Reading PDFs back in tests, with poppler (installed by ``make test-deps``)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

PAYLOADS = ('#read("/etc/passwd")', '#import "/etc/passwd"', '#include "/etc/hostname"',
            '#link("https://example.org")[x]', '#image("/etc/ssl/certs/ca.pem")',
            "$x^2$ *bold* _it_ @ref <label> `raw` \\ #{1+1}")
"""Typst code in course text: every PDF must show each of them as it is."""


def pdfinfo(pdf: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)}


def pages(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page, in reading order."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


LANG = re.compile(rb"/Lang\s*\(([^)]*)\)")


def _objects(pdf: Path, kind: bytes) -> list[bytes]:
    """The PDF's objects of ``/Type`` ``kind``, as written (not in object streams)."""
    return [body for body in re.findall(rb"\bobj\b(.*?)\bendobj\b", pdf.read_bytes(), re.S)
            if re.search(rb"/Type\s*/" + kind + rb"\b", body)]


def language(pdf: Path) -> str:
    """The document language the PDF declares (``/Lang`` of its catalog)."""
    found = [LANG.search(body) for body in _objects(pdf, b"Catalog")]
    return found[0].group(1).decode() if found and found[0] else ""


def tagged_languages(pdf: Path) -> set[str]:
    """The languages the PDF's structure marks parts of it in (``/Lang`` of its elements)."""
    return {found.group(1).decode() for body in _objects(pdf, b"StructElem")
            for found in LANG.finditer(body)}


def flat(text: str) -> str:
    return " ".join(text.split())


def shows(text: str, words: str) -> bool:
    """Whether ``words`` stand in the extracted ``text``, wherever lines broke."""
    return re.sub(r"\s+", "", words) in re.sub(r"\s+", "", text)


BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def words(text: str) -> list[str]:
    """The words of ``text`` in order, without punctuation or the direction marks poppler
    adds around right-to-left runs."""
    return re.findall(r"\w+", BIDI_MARKS.sub("", text))


def fonts(pdf: Path) -> dict[str, bool]:
    """Each font the PDF uses, and whether it is embedded."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    found = {}
    for line in lines:
        columns = line.split()
        name = columns[0].split("+")[-1]
        found[name] = found.get(name, True) and columns[-5] == "yes"
    return found


@dataclass(frozen=True)
class Line:
    """A line of text as laid out on its page (points from the left edge)."""

    text: str  # its words as poppler gives them (right-to-left words in visual order)
    left: float
    right: float
    page_width: float


LINE = re.compile(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', re.S)


def lines(pdf: Path, page: int = 1) -> list[Line]:
    """Each line of text on ``page``, with where it starts and ends."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page),
                             str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    return [Line(" ".join(re.findall(r"<word[^>]*>([^<]*)</word>", body)), float(left),
                 float(right), width) for left, right, body in LINE.findall(layout)]


def line_with(pdf: Path, words: str, page: int = 1) -> Line:
    """The first line on ``page`` that holds ``words`` (left-to-right text)."""
    return next(line for line in lines(pdf, page) if words in line.text)
