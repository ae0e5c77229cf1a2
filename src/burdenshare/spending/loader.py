"""Load the spending area's shipped data: SIPRI's military expenditure and WDI population.

The only module of ``burdenshare.spending`` that reads files. ``data/manifest.toml`` (the
shipped-data layer's one layout) lists each file with its checksum, row count and origin
record; cells are checked against the declared specs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from burdenshare.shipped.manifest import Manifest, read_manifest
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.table import ColumnSpec, TableSpec, check_table, parse_csv
from burdenshare.spending.errors import SpendingDataError

DATA_DIR = Path(__file__).parent / "data"

SIPRI_VARIABLES = ("milex_const2023_usd_m", "milex_current_usd_m", "milex_share_gdp_pct",
                   "milex_lcu_calendar", "milex_per_capita_current_usd")  # fmt: skip
SIPRI_SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True, min=1949, max=2100),
        "variable": ColumnSpec(required=True, allowed=SIPRI_VARIABLES),
        "value": ColumnSpec("float"),
        "unit": ColumnSpec(required=True),
        "sipri_flag": ColumnSpec(required=True),
        "sheet": ColumnSpec(required=True),
    },
    key=("iso3", "year", "variable"),
)
POPULATION_SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True, min=1949, max=2100),
        "variable": ColumnSpec(required=True, allowed=("population_total",)),
        "value": ColumnSpec("float", required=True, min=0),
        "unit": ColumnSpec(),
        "wdi_indicator": ColumnSpec(),
        "wdi_country_name": ColumnSpec(),
        "source": ColumnSpec(),
    },
    key=("iso3", "year"),
)


def _manifest(root: Path) -> Manifest:
    return read_manifest(root, label="spending/data/manifest.toml", error=SpendingDataError)


def _read(kind: str, spec: TableSpec, root: Path) -> pd.DataFrame:
    m = _manifest(root)
    rec = m.one(kind)
    text = parse_csv(m.read_bytes(rec), file=rec.path, error=SpendingDataError)
    out = check_table(text, spec, file=rec.path, error=SpendingDataError)
    out["year"] = out["year"].astype("int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    return out


@cache
def load_sipri(root: Path | None = None) -> pd.DataFrame:
    """SIPRI's military expenditure of the allies, 2000-2024 (long: ``iso3, year, variable,
    value, unit, sipri_flag, sheet``), verified against the manifest.

    >>> s = load_sipri()
    >>> len(s), sorted(s["variable"].unique())[1]
    (4000, 'milex_current_usd_m')
    """
    return _read("sipri_milex", SIPRI_SPEC, DATA_DIR if root is None else Path(root))


@cache
def load_population(root: Path | None = None) -> pd.DataFrame:
    """World Bank population (persons, mid-year) of the allies, 2014-2024 (``iso3, year,
    value`` and the source columns), verified against the manifest."""
    return _read("population", POPULATION_SPEC, DATA_DIR if root is None else Path(root))


def origin(dataset: str, root: Path | None = None) -> Origin:
    """The origin record of a shipped spending dataset (``sipri-milex-2025``,
    ``wdi-population``).

    >>> origin("sipri-milex-2025").publisher.split(" (")[0]
    'Stockholm International Peace Research Institute'
    """
    return _manifest(DATA_DIR if root is None else Path(root)).origin(dataset)


__all__ = ["load_population", "load_sipri", "origin"]
