"""Load the shipped GDP assumption sets (IMF WEO) and user files; the only disk access here.

Shipped files are verified against ``data/manifest.toml`` (SHA-256 via
:func:`burdenshare.catalog.verify_sha256`, row count), then their columns are checked.
User-supplied CSVs (GDP assumptions, spending plans) and scenario YAML files are read
here too, and checked the same way, so that the domain modules stay pure.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from burdenshare.catalog import read_manifest, verify_sha256
from burdenshare.targets.errors import AssumptionFileError, ScenarioError, UnknownAssumptionError

DATA_DIR = Path(__file__).parent / "data"

WEO_COLUMNS = ("edition", "iso3", "year", "variable", "value", "is_projection", "source")
WEO_VARIABLES = (
    "real_growth_pct",
    "deflator_growth_pct",
    "cpi_inflation_pct",
    "gdp_nc_bn",
    "gdp_usd_current_bn",
)


@dataclass(frozen=True)
class Edition:
    """One shipped WEO edition with its provenance (from the manifest)."""

    name: str
    edition: str
    publisher: str
    title: str
    published: str
    address: str
    read_from: str
    first_projection_year: int
    last_year: int
    default: bool
    path: str
    rows: int
    sha256: str

    @property
    def citation(self) -> str:
        return f"{self.publisher}, {self.title} (published {self.published}), {self.address}"


def _manifest(root: Path) -> dict[str, Any]:
    return read_manifest(root, "targets/data/manifest.toml", AssumptionFileError)


def editions(root: Path | None = None) -> dict[str, Edition]:
    """The shipped WEO editions by assumption-set name (``imf-weo-2025-10``...)."""
    root = DATA_DIR if root is None else root
    m = _manifest(root)
    files = {f["edition"]: f for f in m.get("file", []) if f.get("kind") == "gdp_projections"}
    out = {}
    for e in m.get("edition", []):
        f = files.get(e["edition"])
        if f is None:
            raise AssumptionFileError("manifest.toml", f"edition {e['edition']} has no file")
        out[e["name"]] = Edition(
            name=e["name"],
            edition=e["edition"],
            publisher=e["publisher"],
            title=e["title"],
            published=e["published"],
            address=e["address"],
            read_from=e["read_from"],
            first_projection_year=int(e["first_projection_year"]),
            last_year=int(e["last_year"]),
            default=bool(e.get("default", False)),
            path=f["path"],
            rows=int(f["rows"]),
            sha256=f["sha256"],
        )
    return out


def _check_weo(text: pd.DataFrame, file: str, edition: str) -> pd.DataFrame:
    if tuple(text.columns) != WEO_COLUMNS:
        raise AssumptionFileError(
            file, f"columns {list(text.columns)}; expected {list(WEO_COLUMNS)}"
        )
    bad_ed = text["edition"] != edition
    if bad_ed.any():
        i = int(bad_ed.to_numpy().nonzero()[0][0])
        raise AssumptionFileError(
            file, f"edition {text['edition'].iloc[i]!r} is not {edition!r}", i + 2
        )
    bad_var = ~text["variable"].isin(WEO_VARIABLES)
    if bad_var.any():
        i = int(bad_var.to_numpy().nonzero()[0][0])
        raise AssumptionFileError(
            file,
            f"unknown variable {text['variable'].iloc[i]!r}; accepted: {', '.join(WEO_VARIABLES)}",
            i + 2,
        )
    value = pd.to_numeric(text["value"], errors="coerce")
    if value.isna().any():
        i = int(value.isna().to_numpy().nonzero()[0][0])
        raise AssumptionFileError(file, f"value {text['value'].iloc[i]!r} is not a number", i + 2)
    out = text.assign(
        year=pd.to_numeric(text["year"]).astype("int64"),
        value=value.astype("float64"),
        is_projection=text["is_projection"].map({"true": True, "false": False}),
    )
    if out["is_projection"].isna().any():
        i = int(out["is_projection"].isna().to_numpy().nonzero()[0][0])
        raise AssumptionFileError(file, "is_projection must be true or false", i + 2)
    dup = out.duplicated(["iso3", "year", "variable"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise AssumptionFileError(file, "duplicate key (iso3, year, variable)", i + 2)
    return out


@cache
def load_weo(name: str = "imf-weo-2025-10", root: Path | None = None) -> pd.DataFrame:
    """One shipped WEO edition as a tidy, verified frame.

    Columns: ``edition, iso3, year, variable, value, is_projection, source``;
    ``attrs`` carry the edition's provenance (``citation``, ``last_year``...).

    Raises:
        UnknownAssumptionError: not a shipped edition.
        CatalogError: the file differs from its manifest hash.
        AssumptionFileError: row count or column check fails.
    """
    root_ = DATA_DIR if root is None else root
    eds = editions(root_)
    if name not in eds:
        raise UnknownAssumptionError("WEO edition", name, sorted(eds))
    ed = eds[name]
    raw = verify_sha256(root_ / ed.path, ed.sha256, ed.path)
    text = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    if len(text) != ed.rows:
        raise AssumptionFileError(ed.path, f"{len(text)} rows, manifest says {ed.rows}")
    out = _check_weo(text, ed.path, ed.edition)
    out.attrs.update(
        {
            "name": ed.name,
            "edition": ed.edition,
            "citation": ed.citation,
            "read_from": ed.read_from,
            "last_year": ed.last_year,
            "first_projection_year": ed.first_projection_year,
        }
    )
    return out


USER_GDP_COLUMNS = ("iso3", "year", "real_growth_pct", "deflator_growth_pct")


def read_user_gdp(path: str | Path) -> pd.DataFrame:
    """A user-supplied GDP assumption CSV: ``iso3, year, real_growth_pct, deflator_growth_pct``.

    Growth rates in percent per year. One row per ally and year; extra columns are an error
    (so a misspelt column is not silently ignored).

    Raises:
        AssumptionFileError: missing file, missing or unexpected column, non-number,
            duplicate (iso3, year), rate outside -50..100 percent.
    """
    p = Path(path)
    if not p.is_file():
        raise AssumptionFileError(str(p), "file not found")
    text = pd.read_csv(p, dtype=str, keep_default_na=False)
    return check_user_gdp(text, p.name)


def check_user_gdp(text: pd.DataFrame, file: str) -> pd.DataFrame:
    """Check the columns and values of a user GDP assumption table (text or numbers)."""
    for c in USER_GDP_COLUMNS:
        if c not in text.columns:
            raise AssumptionFileError(
                file, f"missing column {c!r}; expected {', '.join(USER_GDP_COLUMNS)}"
            )
    extra = [c for c in text.columns if c not in USER_GDP_COLUMNS]
    if extra:
        raise AssumptionFileError(
            file, f"unexpected column {extra[0]!r}; expected {', '.join(USER_GDP_COLUMNS)}"
        )
    out = pd.DataFrame({"iso3": text["iso3"].astype(str).str.strip().str.upper()})
    for c in ("year", "real_growth_pct", "deflator_growth_pct"):
        num = pd.to_numeric(text[c], errors="coerce")
        if num.isna().any():
            i = int(num.isna().to_numpy().nonzero()[0][0])
            raise AssumptionFileError(
                file, f"column {c!r}: {text[c].iloc[i]!r} is not a number", i + 2
            )
        if c != "year":
            out_of = (num < -50) | (num > 100)
            if out_of.any():
                i = int(out_of.to_numpy().nonzero()[0][0])
                raise AssumptionFileError(
                    file, f"column {c!r}: {num.iloc[i]} is outside -50..100 percent", i + 2
                )
        out[c] = num.astype("int64") if c == "year" else num.astype("float64")
    dup = out.duplicated(["iso3", "year"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise AssumptionFileError(
            file, f"duplicate (iso3, year) = ({out['iso3'].iloc[i]}, {out['year'].iloc[i]})", i + 2
        )
    return out


def read_plan(path: str | Path) -> pd.DataFrame:
    """A user spending plan CSV: ``year`` and ``spending_nc_mn`` (national currency, millions,
    current prices) or ``share_gdp_pct``; optionally ``iso3``.

    Raises:
        AssumptionFileError: missing file or column, non-number, duplicate year.
    """
    p = Path(path)
    if not p.is_file():
        raise AssumptionFileError(str(p), "file not found")
    text = pd.read_csv(p, dtype=str, keep_default_na=False)
    if "year" not in text.columns:
        raise AssumptionFileError(p.name, "missing column 'year'")
    value_cols = [c for c in ("spending_nc_mn", "share_gdp_pct") if c in text.columns]
    if len(value_cols) != 1:
        raise AssumptionFileError(
            p.name, "needs exactly one of the columns 'spending_nc_mn' or 'share_gdp_pct'"
        )
    out = pd.DataFrame()
    if "iso3" in text.columns:
        out["iso3"] = text["iso3"].str.strip().str.upper()
    for c in ("year", value_cols[0]):
        num = pd.to_numeric(text[c], errors="coerce")
        if num.isna().any():
            i = int(num.isna().to_numpy().nonzero()[0][0])
            raise AssumptionFileError(
                p.name, f"column {c!r}: {text[c].iloc[i]!r} is not a number", i + 2
            )
        out[c] = num.astype("int64") if c == "year" else num.astype("float64")
    key = ["iso3", "year"] if "iso3" in out.columns else ["year"]
    dup = out.duplicated(key)
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise AssumptionFileError(p.name, "duplicate year in the plan", i + 2)
    return out


def read_scenario(path: str | Path) -> dict[str, Any]:
    """A scenario YAML file as a plain mapping (checked by ``scenarios.scenario_from_dict``)."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"{p}: file not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{p.name}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{p.name}: a scenario is a mapping with 'name' and 'overrides'")
    return data
