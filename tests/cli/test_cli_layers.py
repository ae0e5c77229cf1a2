"""The CLI calls only the facade: no loader, domain module or data file is imported there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import burdenshare

CLI = Path(burdenshare.__file__).parent / "cli"
#: what a CLI module may import from the package: the facade, its own helpers, the
#: language layer (labels, names, number formats, domain sentences) and the error root.
ALLOWED = ("burdenshare.api", "burdenshare.cli", "burdenshare.i18n", "burdenshare.errors",
           "burdenshare.text")


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "burdenshare":
                out += [f"burdenshare.{a.name}" for a in node.names]
            else:
                out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [m for m in out if m.startswith("burdenshare")]


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_cli_modules_import_only_the_facade(path: Path) -> None:
    bad = [m for m in _imports(path) if not m.startswith(ALLOWED)]
    assert not bad, f"cli/{path.name} imports {bad}; go through burdenshare.api"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from burdenshare.funding.solver import Constraint\n", encoding="utf-8")
    assert [m for m in _imports(probe) if not m.startswith(ALLOWED)] == [
        "burdenshare.funding.solver"
    ]
