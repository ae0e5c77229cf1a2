"""Importing the readiness and ledger packages reads no file, opens no database, and
leaves scipy (the MILP solver) and SQLAlchemy's engines for when they are used."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import builtins, io, sys
opened = []
real_open, real_io_open = builtins.open, io.open
def spy(file, *a, **k):
    opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = io.open = spy
import burdenshare.readiness, burdenshare.readiness.checks, burdenshare.readiness.targets
import burdenshare.readiness.sourcing, burdenshare.ledger
data = [f for f in opened if f.endswith((".yaml", ".csv", ".toml", ".sqlite3"))]
print(repr((data, "scipy" in sys.modules)))
"""


def test_importing_reads_nothing() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    data, scipy_loaded = eval(out.stdout.strip())
    assert data == []
    assert scipy_loaded is False
