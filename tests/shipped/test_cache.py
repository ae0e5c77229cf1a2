"""The cache of verified derivatives: reused for the same bytes and code, never before the
files are verified, and off when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from burdenshare.catalog import loader
from burdenshare.rules import loader as rules_loader
mode = sys.argv[1]
if mode == "no-build":  # served from the cache: building again would fail
    def fail(*a, **k):
        raise AssertionError("built again")
    loader.load_catalog = fail
    rules_loader._load = fail
if mode == "tampered":  # verification fails: the cache must not hide it
    from burdenshare.catalog.errors import CatalogDataError
    def bad(*a, **k):
        raise CatalogDataError("expenditure_2024-06.csv", "SHA-256 mismatch")
    loader._shipped_manifest = bad
try:
    cat = loader.default_catalog()
    rules = rules_loader.default_rules()
except Exception as exc:
    print(type(exc).__name__, exc)
    raise SystemExit(3)
print(len(cat.releases), len(rules.versions), cat.root == loader.DATA_DIR)
"""


def _run(mode: str, cache: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BURDENSHARE_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip


def test_the_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    first = _run("build", str(tmp_path))
    assert first.returncode == 0, first.stderr
    names = sorted(p.name.split("-")[0] for p in tmp_path.glob("*.pickle"))
    assert names == ["catalog", "rules"]
    second = _run("no-build", str(tmp_path))
    assert second.returncode == 0, second.stderr + second.stdout
    assert second.stdout == first.stdout  # the same catalog and rules


def test_a_warm_cache_never_hides_a_file_that_fails_verification(tmp_path: Path) -> None:
    assert _run("build", str(tmp_path)).returncode == 0
    tampered = _run("tampered", str(tmp_path))
    assert tampered.returncode == 3
    assert "CatalogDataError expenditure_2024-06.csv: SHA-256 mismatch" in tampered.stdout


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    off = _run("build", "off")
    assert off.returncode == 0, off.stderr
    assert _run("no-build", "off").returncode == 3  # nothing kept: it builds again


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    assert _run("build", str(tmp_path)).returncode == 0
    for p in tmp_path.glob("*.pickle"):
        p.write_bytes(b"not a pickle")
    again = _run("build", str(tmp_path))
    assert again.returncode == 0, again.stderr
    assert _run("no-build", str(tmp_path)).returncode == 0  # rewritten whole
