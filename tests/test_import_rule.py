"""The layer rule's other half: no first-party import hides in a function body.

import-linter (``lint-imports`` in ``make test``) sees every import, wherever it is; a
reader does not.  So a first-party import sits at the top of its module, except in the
command line's subcommands and in the few imports deferred for start-up cost, each
listed here and commented where it lives.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"events", "geo", "sitmap", "ui", "bench", "app"}
CLI_MODULES = {"sitmap/cli.py"}
DEFERRED = {
    ("ui/panels.py", "sitmap.briefing"),  # matplotlib, only when a briefing is asked for
}
CODE = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("events", "geo", "sitmap", "ui", "bench")
    for path in (ROOT / folder).rglob("*.py")
) + ["app.py"]


def imports_in_function_bodies(source: str) -> list[tuple[int, str, str]]:
    """(line, module, the line's text) of each first-party import inside a function."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] in FIRST_PARTY:
                    found.append((node.lineno, module, lines[node.lineno - 1]))
    return found


@pytest.mark.parametrize("path", CODE)
def test_no_first_party_import_in_a_function_body(path):
    if path in CLI_MODULES:
        return
    hidden = [
        f"{path}:{line}: {module}"
        for line, module, _ in imports_in_function_bodies((ROOT / path).read_text())
        if (path, module) not in DEFERRED
    ]
    assert hidden == []


@pytest.mark.parametrize(("path", "module"), sorted(DEFERRED))
def test_each_deferred_import_is_there_and_says_why(path, module):
    found = [
        text for _, name, text in imports_in_function_bodies((ROOT / path).read_text())
        if name == module
    ]  # fmt: skip
    assert found, f"{path} no longer defers {module}: drop it from DEFERRED"
    assert all("#" in text for text in found), f"{path}: say why {module} is deferred"


def test_the_finder_sees_an_import_in_a_function_body():
    source = "import os\n\ndef f():\n    from events.store import Store\n    import geo.style\n"
    assert [(line, module) for line, module, _ in imports_in_function_bodies(source)] == [
        (4, "events.store"),
        (5, "geo.style"),
    ]
