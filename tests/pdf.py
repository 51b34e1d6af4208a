"""Reading PDFs back in tests, with poppler (installed by ``make test-deps``)."""

from __future__ import annotations

import re
import subprocess
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


def language(pdf: Path) -> str:
    """The document language the PDF declares (``/Lang`` of its catalog)."""
    found = re.search(rb"/Lang\s*\(([^)]*)\)", pdf.read_bytes())
    return found.group(1).decode() if found else ""


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
