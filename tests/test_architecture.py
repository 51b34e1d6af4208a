"""The package map holds: no import cycles, the course package imports no renderer, and
`coursepack validate` imports none either."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import MINIMAL, REPO

PACKAGE = REPO / "generator"
RENDERERS = ("generator.site", "generator.facilitator", "generator.assessments",
             "generator.scoring")


def imports() -> dict[str, set[str]]:
    """Every generator module and the generator modules it imports (anywhere in it)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m.startswith("generator")}
    return graph


def test_no_import_cycles() -> None:
    graph = imports()
    assert not [p for p in (PACKAGE).rglob("*.py")
                if "from ." in p.read_text(encoding="utf-8")], "imports are absolute"
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(" → ".join([*path[path.index(module):], module]))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_course_package_imports_only_itself_and_errors() -> None:
    for module, targets in imports().items():
        if module.startswith("generator.course"):
            outside = {t for t in targets if not t.startswith(("generator.course",
                                                                "generator.errors"))}
            assert not outside, (module, outside)


def test_validate_imports_no_renderer() -> None:
    code = ("import sys; from generator.cli import main; "
            f"code = main(['--course', {str(MINIMAL)!r}, 'validate']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'typst', 'pptx', 'mkdocs', 'xlsxwriter', 'openpyxl', 'material'})); "
            f"print(sorted(m for m in sys.modules if m.startswith({RENDERERS!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.splitlines()[-2:] == ["[]", "[]"], result.stdout


def test_renderers_receive_the_localized_course() -> None:
    """The pipeline localizes each language once; a renderer never calls ``localize``.
    Only the site's own entry points do: ``build_site`` (the whole site at once) and the
    plugin's ``_load``, which loads the course itself under ``coursepack serve``."""
    callers = set()
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        if not name.startswith(RENDERERS):
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("localize", "localize_all")):
                    callers.add(f"{name}.{function.name}")
    assert callers == {"generator.site.plugin._load", "generator.site.plugin.build_site"}
