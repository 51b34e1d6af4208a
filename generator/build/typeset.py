"""PDFs typeset by Typst from the templates in ``generator/typst/``.

The design is in the ``.typ`` templates; Python passes the localized content as JSON data
(``sys.inputs.data``), never as Typst markup, so no course text can run Typst code: a
template shows every string as it is. Fonts come from the Debian packages that
``scripts/install-fonts.sh`` installs, and are embedded in each PDF.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.errors import BuildFailed

TEMPLATES = Path(__file__).resolve().parent.parent / "typst"
"""The document templates: one ``.typ`` per kind of PDF, and ``common.typ`` they share."""
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
"""DejaVu Sans (Latin, Cyrillic) and Noto Sans Arabic UI (Persian, Arabic)."""
FONT_FILES = {"DejaVu Sans": "dejavu/DejaVuSans.ttf",
              "Noto Sans Arabic UI": "noto/NotoSansArabicUI-Regular.ttf"}




def missing_fonts() -> list[str]:
    """The font families the templates use that are not installed here."""
    base = Path("/usr/share/fonts/truetype")
    return [family for family, path in FONT_FILES.items() if not (base / path).is_file()]


def typeset(templates: Path, name: str, data: dict[str, Any], epoch: int) -> bytes:
    """The PDF of template ``name`` (``templates/<name>.typ``) filled with ``data``, dated
    ``epoch`` (the same inputs give the same bytes). ``templates`` is an argument so that a
    changed template makes the build remake its PDFs.

    Typst runs in a process of its own for each PDF: the memory a document takes is given
    back as soon as it is made (Typst keeps what it laid out for the next run), and Typst's
    threads, which do not survive a fork, never meet a forked build worker."""
    missing = missing_fonts()
    if missing:
        raise BuildFailed(f"the fonts of the PDFs are not installed ({', '.join(missing)}); "
                          "install them with `make fonts` (scripts/install-fonts.sh)")
    request = {"input": str(templates / f"{name}.typ"), "root": str(templates),
               "font_paths": [str(f) for f in FONT_FOLDERS if f.is_dir()],
               "ignore_system_fonts": True, "timestamp": epoch,
               "sys_inputs": {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}}
    done = subprocess.run([sys.executable, "-c", COMPILE], input=json.dumps(request).encode(),
                          capture_output=True, check=False)
    if done.returncode:
        raise BuildFailed(f"Typst could not typeset {name}.typ: "
                          f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


COMPILE = ("import json, sys, typst\n"
           "try:\n    sys.stdout.buffer.write(typst.compile(**json.load(sys.stdin)))\n"
           "except typst.TypstError as error:\n    sys.exit(str(error))\n")
"""What the Typst process runs: the request on standard input, the PDF on standard output."""
