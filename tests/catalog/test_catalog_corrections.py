"""Declarative corrections: applied on load, visible on every corrected row, schema-checked."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from burdenshare.catalog import CatalogError, default_catalog, load_catalog
from burdenshare.catalog.corrections import parse_corrections

RELEASES = {"2024-06"}
INDICATORS = set(default_catalog().indicators)


def _with_corrections(tmp_path: Path, fixtures: Path, text: str) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(fixtures / "catalog" / "valid", root)
    (root / "corrections.yaml").write_text(text, encoding="utf-8")
    digest = hashlib.sha256((root / "corrections.yaml").read_bytes()).hexdigest()
    with (root / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[file]]\npath = "corrections.yaml"\nkind = "corrections"\n')
        fh.write(f'sha256 = "{digest}"\n')
    return root


def test_shipped_catalog_has_no_corrections_and_says_so() -> None:
    obs = default_catalog().observations
    assert obs["correction"].isna().all()


def test_override_and_drop_are_applied_and_named(tmp_path: Path, fixtures: Path) -> None:
    root = _with_corrections(
        tmp_path,
        fixtures,
        """corrections:
  - id: C1
    release: "2024-06"
    iso3: ALB
    years: [2014]
    indicator: share_gdp_pct
    action: override
    value: 1.5
    reason: test override
    status: confirmed
  - id: C2
    release: "2024-06"
    iso3: BEL
    years: 2014
    indicator: equipment_share_pct
    action: drop
    reason: test drop
    status: open
""",
    )
    obs = load_catalog(root).observations.set_index(["iso3", "year", "indicator"])
    assert obs.loc[("ALB", 2014, "share_gdp_pct"), "value"] == 1.5
    assert obs.loc[("ALB", 2014, "share_gdp_pct"), "correction"] == "C1: test override"
    dropped = obs.loc[("BEL", 2014, "equipment_share_pct")]
    assert dropped["flag"] == "missing" and dropped["value"] != dropped["value"]
    assert obs.loc[("ALB", 2015, "share_gdp_pct"), "correction"] is None


def test_a_correction_that_matches_nothing_fails(tmp_path: Path, fixtures: Path) -> None:
    root = _with_corrections(
        tmp_path,
        fixtures,
        """corrections:
  - {id: C9, release: "2024-06", iso3: NLD, years: [2014], indicator: share_gdp_pct,
     action: flag, reason: no such row here, status: open}
""",
    )
    with pytest.raises(CatalogError, match="correction 'C9' matches 0 of 1 rows"):
        load_catalog(root)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "X"}, "missing key 'release'"),
        ({"id": "X", "release": "1999-01", "iso3": "ALB", "years": [2014],
          "indicator": "share_gdp_pct", "action": "drop", "reason": "r", "status": "open"},
         "unknown release '1999-01'"),
        ({"id": "X", "release": "2024-06", "iso3": "ALB", "years": [2014],
          "indicator": "share_gdp_pct", "action": "erase", "reason": "r", "status": "open"},
         "action must be one of drop, override, flag"),
        ({"id": "X", "release": "2024-06", "iso3": "ALB", "years": [2014],
          "indicator": "share_gdp_pct", "action": "override", "reason": "r", "status": "open"},
         "an override needs a numeric 'value'"),
        ({"id": "X", "release": "2024-06", "iso3": "ALB", "years": [2014], "colour": "red",
          "indicator": "share_gdp_pct", "action": "drop", "reason": "r", "status": "open"},
         "unknown key 'colour'"),
    ],
)  # fmt: skip
def test_malformed_corrections_name_entry_and_rule(entry: dict[str, object], message: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_corrections({"corrections": [entry]}, RELEASES, INDICATORS)
    assert str(info.value) == f"corrections.yaml, entry 1: {message}"
