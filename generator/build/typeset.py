"""PDFs typeset by Typst from the templates in ``generator/typst/``.

The design is in the ``.typ`` templates; Python passes the localized content as JSON data
(``sys.inputs.data``), never as Typst markup, so no course text can run Typst code: a
template shows every string as it is. Each course text is passed as :func:`course_text`,
with its own language and direction where they are not the document's (English left in a
Persian guide where a translation is missing), which the templates set it in. Fonts come
from the Debian packages that ``scripts/install-fonts.sh`` installs, and are embedded in
each PDF.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.course.localize import own_language
from generator.course.model import FIELD
from generator.errors import BuildFailed

if TYPE_CHECKING:
    import typst

    from generator.course.model import Course

TEMPLATES = Path(__file__).resolve().parent.parent / "typst"
"""The document templates: one ``.typ`` per kind of PDF, and ``common.typ`` they share."""
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
"""DejaVu Sans (Latin, Cyrillic) and Noto Sans Arabic UI (Persian, Arabic)."""
FONT_FILES = {"DejaVu Sans": "dejavu/DejaVuSans.ttf",
              "Noto Sans Arabic UI": "noto/NotoSansArabicUI-Regular.ttf"}


Text = dict[str, str | None]
"""A course text as the templates receive it (see :func:`course_text`)."""


def course_text(course: Course, value: str) -> Text:
    """A text of the course for a template: ``text`` as it is, and ``lang`` and ``dir``
    (``ltr``, ``rtl``) when it is in another language and direction than the document, in
    ``course``'s language (see :func:`~generator.course.localize.own_language`), else
    None. ``common.typ`` shows it with ``own`` (inline, isolated in its direction) or
    ``in-own`` (a block in its direction, aligned from its own start)."""
    lang, direction = own_language(course, value) or (None, None)
    return {"text": value, "lang": lang, "dir": direction}


def message_texts(course: Course, message: str, **texts: object) -> list[Text]:
    """A UI ``message`` (from ``course.ui`` without values: its ``{name}`` fields open)
    with ``texts`` in its fields, as a run of :func:`course_text`: the message's own words,
    and each text in its own language and direction (a title in another script keeps its
    question mark at its end)."""
    parts, position = [], 0
    for field in FIELD.finditer(message):
        value = texts.get(field[1], field[0])
        parts += [message[position:field.start()], str(value)]
        position = field.end()
    parts.append(message[position:])
    return [course_text(course, part) for part in parts if part]


def missing_fonts() -> list[str]:
    """The font families the templates use that are not installed here."""
    base = Path("/usr/share/fonts/truetype")
    return [family for family, path in FONT_FILES.items() if not (base / path).is_file()]


def rasterize(svg: bytes, width: int) -> bytes:
    """The SVG picture as a PNG ``width`` pixels wide (for the slide decks), by Typst."""
    request = {**_request(TEMPLATES, "picture", {}, 0), "format": "png", "ppi": 72,
               "sys_inputs": {"svg": svg.decode("utf-8"), "width": str(width)}}
    return _compile(f"picture ({width} px)", request)


def typeset(templates: Path, name: str, data: dict[str, Any], epoch: int) -> bytes:
    """The PDF of template ``name`` (``templates/<name>.typ``) filled with ``data``, dated
    ``epoch`` (the same inputs give the same bytes). ``templates`` is an argument so that a
    changed template makes the build remake its PDFs.

    In a build's worker process, Typst runs in the worker, which keeps one compiler per
    template (fonts loaded once: about half the time of a module's guide). Anywhere else
    it runs in a process of its own (:func:`typeset_large`): Typst's threads do not survive
    a fork, so a process that may fork workers later never starts them."""
    return _compile(f"{name}.typ", _request(templates, name, data, epoch))


def _compile(what: str, request: dict[str, Any]) -> bytes:
    """``request`` compiled by the worker's own compiler, or by a process of its own
    outside a worker (see :func:`typeset`)."""
    if multiprocessing.parent_process() is None:
        return _compile_apart(what, request)
    import typst  # only in a worker: the main process never loads Typst

    compiler = _compiler(os.getpid(), request["input"], request["root"],
                         tuple(request["font_paths"]))
    options = {k: request[k] for k in ("format", "ppi") if k in request}
    try:
        return compiler.compile(sys_inputs=request["sys_inputs"],
                                timestamp=request["timestamp"], **options)
    except typst.TypstError as error:
        raise BuildFailed(f"Typst could not typeset {what}: {error}") from None


def typeset_large(templates: Path, name: str, data: dict[str, Any], epoch: int) -> bytes:
    """:func:`typeset` for a large document (the whole guide): always in a Typst process of
    its own, so that the memory its pages take is given back as soon as it is made."""
    return _compile_apart(f"{name}.typ", _request(templates, name, data, epoch))


def _request(templates: Path, name: str, data: dict[str, Any], epoch: int) -> dict[str, Any]:
    missing = missing_fonts()
    if missing:
        raise BuildFailed(f"the fonts of the PDFs are not installed ({', '.join(missing)}); "
                          "install them with `make fonts` (scripts/install-fonts.sh)")
    return {"input": str(templates / f"{name}.typ"), "root": str(templates),
            "font_paths": [str(f) for f in FONT_FOLDERS if f.is_dir()],
            "ignore_system_fonts": True, "timestamp": epoch,
            "sys_inputs": {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}}


@functools.cache
def _compiler(pid: int, template: str, root: str, font_paths: tuple[str, ...]) -> typst.Compiler:
    """The worker ``pid``'s compiler of one template (the pid keeps a forked copy of the
    cache from being used)."""
    import typst

    return typst.Compiler(input=template, root=root, font_paths=list(font_paths),
                          ignore_system_fonts=True)


def _compile_apart(what: str, request: dict[str, Any]) -> bytes:
    done = subprocess.run([sys.executable, "-c", COMPILE], input=json.dumps(request).encode(),
                          capture_output=True, check=False)
    if done.returncode:
        raise BuildFailed(f"Typst could not typeset {what}: "
                          f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


COMPILE = ("import json, sys, typst\n"
           "try:\n    sys.stdout.buffer.write(typst.compile(**json.load(sys.stdin)))\n"
           "except typst.TypstError as error:\n    sys.exit(str(error))\n")
"""What the Typst process runs: the request on standard input, the PDF on standard output."""
