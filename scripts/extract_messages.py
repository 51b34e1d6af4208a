"""Write generator/messages.pot: every interface string the generator writes itself.

An interface string is the literal (or module-level constant) given to ``ui(...)`` or
``course.ui(...)``; "True" and "False" are the choices of true-false items. Run it after
adding or changing one (``make pot``); ``--check`` only reports whether the file is current.
"""

from __future__ import annotations

import ast
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
POT = PACKAGE / "messages.pot"
CHOICES = ("True", "False")


def interface_strings() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for t in node.targets if isinstance(t, ast.Name)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name != "ui":
                continue
            for arg in call.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = None
                elif isinstance(arg, ast.Name) and arg.id in constants:
                    found[constants[arg.id]] = None
    return sorted({*found, *CHOICES})


def pot_text() -> str:
    catalog = Catalog(project="coursepack", header_comment=(
        "# Interface strings of coursepack: copy to locales/<lang>/messages.po (or run\n"
        "# `coursepack translate init <lang>`) and translate each msgstr."))
    for message in interface_strings():
        catalog.add(message)
    out = BytesIO()
    write_po(out, catalog, omit_header=False, width=0, no_location=True)
    lines = [line for line in out.getvalue().decode("utf-8").splitlines()
             if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date', '"Generated-By'))]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = pot_text()
    if "--check" in sys.argv:
        if not POT.exists() or POT.read_text(encoding="utf-8") != text:
            sys.exit(f"{POT} is out of date: run `make pot` and commit it")
    else:
        POT.write_text(text, encoding="utf-8")
