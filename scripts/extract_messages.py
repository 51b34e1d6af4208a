"""Write generator/messages.pot: every interface string the generator writes itself.

An interface string is the literal (or module-level constant, or either literal of a
``"a" if … else "b"``) given to ``ui(...)`` or ``course.ui(...)``; "True" and "False" are the
choices of true-false items. A call whose text is none of these would escape the catalogue:
``unextracted_calls`` lists them, and a test fails on any but those marked on their line
with ``# not extracted:`` and the reason (a helper that passes its caller's string on, or
text that comes from the course's own files). Run it after adding or changing a string
(``make pot``); ``--check`` only reports whether the file is current.
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


NOT_EXTRACTED = "# not extracted:"


def _ui_calls() -> list[tuple[Path, int, list[str], str]]:
    """Every ``ui`` call: its file, line, the strings it can show, and its source line."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for t in node.targets if isinstance(t, ast.Name)}
        lines = source.splitlines()
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name == "ui":
                strings = [s for arg in call.args for s in _strings(arg, constants)]
                calls.append((path, call.lineno, strings, lines[call.lineno - 1]))
    return calls


def _strings(node: ast.expr, constants: dict[str, str]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, constants) + _strings(node.orelse, constants)
    return []


def interface_strings() -> list[str]:
    found = {s for _, _, strings, _ in _ui_calls() for s in strings}
    return sorted({*found, *CHOICES})


def unextracted_calls() -> list[str]:
    """``file:line`` of each ``ui`` call whose text the catalogue cannot hold, unless its
    line says why (``# not extracted: …``)."""
    return [f"{path.relative_to(PACKAGE.parent)}:{line}" for path, line, strings, text
            in _ui_calls() if not strings and NOT_EXTRACTED not in text]


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
