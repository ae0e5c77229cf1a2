"""Importing a domain package reads nothing and pulls in no heavy statistics library.

Each package is imported in a fresh interpreter with an audit hook (the ``open`` event of
:pep:`578`) installed before the import, so every file the import opens is recorded:
shipped data must be read on first use, never at import. scipy is allowed only where a
package's own statistics need it at import time today (``burden`` and the ``api`` facade
that imports it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import burdenshare

PACKAGE_DIR = Path(burdenshare.__file__).resolve().parent
PACKAGES = (
    "allies", "catalog", "rules", "spending", "targets", "funding", "burden", "shipped",
    "measure", "provenance", "api",
)  # fmt: skip
SCIPY_ALLOWED: set[str] = set()  # scipy only inside the functions that need it

_PROBE = """
import json, os, sys
root = sys.argv[1]
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(root) and not path.endswith((".py", ".pyc")):
            opened.append(os.path.relpath(path, root))
sys.addaudithook(hook)
import importlib
importlib.import_module("burdenshare." + sys.argv[2])
print(json.dumps({"opened": sorted(set(opened)), "scipy": "scipy" in sys.modules}))
"""


def _probe(package: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(PACKAGE_DIR), package],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_a_package_opens_no_data_file(package: str) -> None:
    result = _probe(package)
    assert result["opened"] == [], f"importing burdenshare.{package} opened {result['opened']}"
    if package not in SCIPY_ALLOWED:
        assert result["scipy"] is False, f"importing burdenshare.{package} imported scipy"


def test_the_probe_sees_a_file_opened_on_first_use() -> None:
    """The hook does record reads: loading the rules after import opens the rules file."""
    code = (
        _PROBE
        + "\nimport burdenshare.rules as r; r.default_rules()\n"
        + ("print(json.dumps({'opened': sorted(set(opened)), 'scipy': False}))")
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(PACKAGE_DIR), "rules"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    opened = json.loads(done.stdout.strip().splitlines()[-1])["opened"]
    assert "rules/data/rules.yaml" in opened and "rules/data/manifest.toml" in opened
