"""Load the shipped GDP assumption sets (IMF WEO) and user files; the only disk access here.

Shipped files go through the shipped-data layer (:mod:`burdenshare.shipped`): the manifest
(``data/manifest.toml``, one ``[[dataset]]`` per edition) is verified (SHA-256, row count),
then each file's cells are checked against :data:`WEO_SPEC`. User-supplied CSVs (GDP
assumptions, spending plans) and scenario YAML files are read by the layer's user reader
and checked by the same table checker, so that the domain modules stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.shipped.manifest import Manifest, read_manifest
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.table import ColumnSpec, TableSpec, check_table, parse_csv
from burdenshare.shipped.user import read_user_csv, read_user_yaml
from burdenshare.targets.errors import (
    AssumptionFileError,
    EditionAsOfError,
    ScenarioFileError,
    UnknownAssumptionError,
)
from burdenshare.text import t

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
    origin: Origin
    #: why the edition cannot serve as a GDP assumption set ("" when it can)
    incomplete: str = ""
    #: how ``published`` is known (an IMF release date, or an upper bound)
    published_basis: str = ""

    @property
    def citation(self) -> str:
        return f"{self.publisher}, {self.title} (published {self.published}), {self.address}"


#: The declared spec of a shipped WEO extract (the edition column is checked against the
#: manifest by the loader).
WEO_SPEC = TableSpec(
    {
        "edition": ColumnSpec(required=True),
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True, min=1949, max=2100),
        "variable": ColumnSpec(required=True, allowed=WEO_VARIABLES),
        "value": ColumnSpec("float", required=True),
        "is_projection": ColumnSpec("bool", required=True),
        "source": ColumnSpec(),
    },
    key=("iso3", "year", "variable"),
)


def _manifest(root: Path) -> Manifest:
    return read_manifest(root, label="targets/data/manifest.toml", error=AssumptionFileError)


@cache
def _shipped_manifest() -> Manifest:
    return _manifest(DATA_DIR)


def _editions(m: Manifest) -> dict[str, Edition]:
    out = {}
    for did, origin in m.datasets.items():
        if origin.kind != "gdp_forecast":
            continue
        facts = m.facts[did]
        files = [f for f in m.of_kind("gdp_projections") if f.dataset == did]
        if not files:
            raise AssumptionFileError(m.label, t(
                "dataset {did} has no gdp_projections file",
                did=did,
            ))
        f = files[0]
        out[did] = Edition(
            name=did,
            edition=facts["edition"],
            publisher=origin.publisher,
            title=origin.title,
            published=origin.published,
            address=origin.address,
            read_from=origin.read_from,
            first_projection_year=int(facts["first_projection_year"]),
            last_year=int(facts["last_year"]),
            default=bool(facts.get("default", False)),
            path=f.path,
            rows=int(f.rows or 0),
            sha256=f.sha256,
            origin=origin,
            incomplete=str(facts.get("incomplete", "")),
            published_basis=str(facts.get("published_basis", "")),
        )
    return out


def editions(root: Path | None = None) -> dict[str, Edition]:
    """The shipped WEO editions by assumption-set name (``imf-weo-2025-10``...).

    >>> e = editions()["imf-weo-2025-10"]
    >>> e.origin.id, e.origin.kind, e.last_year
    ('imf-weo-2025-10', 'gdp_forecast', 2030)
    """
    return _editions(_shipped_manifest() if root is None else _manifest(root))


def edition_as_of(day: date | None, root: Path | None = None) -> Edition:
    """The latest complete WEO edition published on or before ``day`` (the latest shipped
    when ``day`` is ``None``): no forecast from after the day is used.

    An edition that cannot serve as an assumption set (April 2020: no GDP deflator) is
    skipped for the one before it.

    Raises:
        EditionAsOfError: no shipped edition was published on or before ``day``.

    >>> from datetime import date
    >>> edition_as_of(date(2024, 12, 31)).name
    'imf-weo-2024-10'
    >>> edition_as_of(date(2020, 6, 30)).name   # April 2020 has no deflator
    'imf-weo-2019-10'
    >>> edition_as_of(date(2019, 5, 1))  # doctest: +NORMALIZE_WHITESPACE, +ELLIPSIS
    Traceback (most recent call last):
    ...
    burdenshare.targets.errors.EditionAsOfError: no IMF WEO edition shipped was published on or
    before 2019-05-01 (the first: imf-weo-2019-04, published 2019-05-21); ...
    """
    eds = sorted(editions(root).values(), key=lambda e: (e.published, e.name))
    usable = [e for e in eds if not e.incomplete]
    if day is None:
        return usable[-1]
    eligible = [e for e in usable if date.fromisoformat(e.published) <= day]
    if not eligible:
        first = eds[0]
        raise EditionAsOfError(
            t(
                "no IMF WEO edition shipped was published on or before {day} (the first: "
                "{first_name}, published {published}); use a later --as-of date or a GDP "
                "assumption built from the release (trend, flat)",
                day=day.isoformat(), first_name=first.name, published=first.published,
            )
        )
    return eligible[-1]


def check_edition_as_of(name: str, day: date, root: Path | None = None) -> None:
    """Refuse an edition named explicitly that was published after ``day`` (look-ahead).

    Raises:
        EditionAsOfError: naming the edition, its publication date and the as-of date.
    """
    ed = editions(root).get(name)
    if ed is not None and date.fromisoformat(ed.published) > day:
        raise EditionAsOfError(
            t(
                "{name} was published on {published}, after the as-of date {day}; as of that date "
                "use {name2} (or leave --gdp out)",
                name=name, published=ed.published, day=day.isoformat(),
                name2=edition_as_of(day, root).name,
            )
        )


def _check_weo(text: pd.DataFrame, file: str, edition: str) -> pd.DataFrame:
    if tuple(text.columns) != WEO_COLUMNS:
        raise AssumptionFileError(
            file, t(
                "columns {columns}; expected {WEO_COLUMNS}",
                columns=list(text.columns), WEO_COLUMNS=list(WEO_COLUMNS),
            )
        )
    out = check_table(text, WEO_SPEC, file=file, error=AssumptionFileError)
    bad_ed = (out["edition"] != edition).to_numpy()
    if bad_ed.any():
        i = int(np.flatnonzero(bad_ed)[0])
        raise AssumptionFileError(
            file, t(
                "edition {value!r} is not {edition!r}",
                value=text['edition'].iloc[i], edition=edition,
            ), i + 2
        )
    return out.assign(
        year=out["year"].astype("int64"),
        is_projection=out["is_projection"].astype(bool),
        source=text["source"],
    )


@cache
def load_weo(name: str = "imf-weo-2025-10", root: Path | None = None) -> pd.DataFrame:
    """One shipped WEO edition as a tidy, verified frame.

    Columns: ``edition, iso3, year, variable, value, is_projection, source``;
    ``attrs`` carry the edition's provenance (``citation``, ``last_year``, ``origin``...).

    Raises:
        UnknownAssumptionError: not a shipped edition.
        AssumptionFileError: the file differs from its manifest hash or row count, or a
            cell breaks :data:`WEO_SPEC`.
    """
    m = _shipped_manifest() if root is None else _manifest(root)
    eds = _editions(m)
    if name not in eds:
        raise UnknownAssumptionError(t("WEO edition"), name, sorted(eds))
    ed = eds[name]
    rec = m.file(ed.path)
    text = parse_csv(m.read_bytes(rec), file=ed.path, error=AssumptionFileError)
    out = _check_weo(text, ed.path, ed.edition)
    out.attrs.update(
        {
            "name": ed.name,
            "edition": ed.edition,
            "citation": ed.citation,
            "read_from": ed.read_from,
            "last_year": ed.last_year,
            "first_projection_year": ed.first_projection_year,
            "origin": ed.origin.as_dict(),
        }
    )
    return out


#: The declared spec of the IMF's historical forecasts (``gdp/forecast_history``).
HISTORY_SPEC = TableSpec(
    {
        "edition": ColumnSpec(required=True, pattern=r"WEO-\d{4}-(04|10)"),
        "forecast_year": ColumnSpec("int", required=True, min=1990, max=2100),
        "forecast_season": ColumnSpec(required=True, allowed=("S", "F")),
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True, min=1990, max=2100),
        "horizon": ColumnSpec("float", required=True, min=0, max=6),
        "variable": ColumnSpec(required=True, allowed=("real_growth_pct", "cpi_inflation_pct")),
        "forecast": ColumnSpec("float"),
        "outturn_spring_next_year": ColumnSpec("float"),
        "outturn_fall_next_year": ColumnSpec("float"),
        "outturn_spring_year_plus2": ColumnSpec("float"),
        "outturn_fall_year_plus2": ColumnSpec("float"),
        "source": ColumnSpec(),
    },
)


@cache
def load_forecast_history(root: Path | None = None) -> pd.DataFrame:
    """The IMF's historical WEO forecasts with their outturns (every edition since 1990).

    Columns as :data:`HISTORY_SPEC` (numbers typed; Turkey's empty twin rows, left by the
    IMF workbook's two names for it, dropped); ``attrs["origin"]`` is the dataset's
    origin record (:func:`forecast_history_origin`).

    Raises:
        AssumptionFileError: the file differs from its manifest hash or row count, or a
            cell breaks :data:`HISTORY_SPEC`.
    """
    m = _shipped_manifest() if root is None else _manifest(root)
    rec = m.one("gdp_forecast_history")
    text = parse_csv(m.read_bytes(rec), file=rec.path, error=AssumptionFileError)
    out = check_table(text, HISTORY_SPEC, file=rec.path, error=AssumptionFileError)
    for c in ("forecast_year", "year"):
        out[c] = out[c].astype("int64")
    for c in ("horizon", "forecast", "outturn_spring_next_year", "outturn_fall_next_year",
              "outturn_spring_year_plus2", "outturn_fall_year_plus2"):  # fmt: skip
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    # Turkey appears twice in the IMF's workbook (its old and new names): the second row of
    # each pair is empty; keep one row per (edition, ally, year, variable), the filled one
    key = ["edition", "iso3", "year", "variable"]
    out = out.sort_values([*key, "forecast"], na_position="last", kind="stable")
    out = out.drop_duplicates(key, keep="first").reset_index(drop=True)
    out.attrs["origin"] = forecast_history_origin(root).as_dict()
    return out


def forecast_history_origin(root: Path | None = None) -> Origin:
    """The origin record of the IMF's historical forecasts (the shipped-data layer's own).

    >>> forecast_history_origin().kind
    'gdp_forecast_history'
    """
    m = _shipped_manifest() if root is None else _manifest(root)
    return m.datasets["imf-weo-forecast-history"]


USER_GDP_COLUMNS = ("iso3", "year", "real_growth_pct", "deflator_growth_pct")


_USER_RATE = ColumnSpec(
    "float", required=True, min=-50, max=100, range_rule="{v} is outside -50..100 percent"
)
#: A user GDP assumption table: one row per ally and year, growth rates in percent.
USER_GDP_SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True),
        "year": ColumnSpec("int", required=True),
        "real_growth_pct": _USER_RATE,
        "deflator_growth_pct": _USER_RATE,
    },
    key=("iso3", "year"),
    list_expected=True,
)


def read_user_gdp(path: str | Path) -> pd.DataFrame:
    """A user-supplied GDP assumption CSV: ``iso3, year, real_growth_pct, deflator_growth_pct``.

    Growth rates in percent per year. One row per ally and year; extra columns are an error
    (so a misspelt column is not silently ignored).

    Raises:
        AssumptionFileError: missing, empty or binary file, missing or unexpected column,
            non-number, duplicate (iso3, year), rate outside -50..100 percent.
    """
    what = t("GDP assumption file")
    text = read_user_csv(path, _AS_TEXT, what=what, error=AssumptionFileError)
    return check_user_gdp(text, t("{what} {name}", what=what, name=Path(path).name))


#: Every cell as text: the user readers parse first, then the specs below check.
_AS_TEXT = TableSpec({}, open=True)


def check_user_gdp(text: pd.DataFrame, file: str) -> pd.DataFrame:
    """Check the columns and values of a user GDP assumption table (text or numbers)."""
    cells = text.copy()
    for c in cells.columns:
        cells[c] = cells[c].map(lambda v: "" if v is None or v != v else str(v))
    out = check_table(cells, USER_GDP_SPEC, file=file, error=AssumptionFileError)
    out["iso3"] = out["iso3"].astype(str).str.strip().str.upper()
    out["year"] = out["year"].astype("int64")
    for c in ("real_growth_pct", "deflator_growth_pct"):
        out[c] = out[c].astype("float64")
    dup = out.duplicated(["iso3", "year"]).to_numpy()
    if dup.any():  # equal once normalised ("nld" and "NLD")
        i = int(np.flatnonzero(dup)[0])
        iso3, year = out["iso3"].iloc[i], out["year"].iloc[i]
        first = int(np.flatnonzero(((out["iso3"] == iso3) & (out["year"] == year)).to_numpy())[0])
        raise AssumptionFileError(
            file,
            t(
                "duplicate key (iso3, year) = ({iso3!r}, '{year}'), first seen at line {first}",
                iso3=iso3, year=year, first=first + 2,
            ),
            i + 2,
        )
    return out[["iso3", "year", "real_growth_pct", "deflator_growth_pct"]]


_PLAN_VALUE = ColumnSpec("float", required=True)
#: A user spending plan: ``year`` and one of ``spending_nc_mn`` or ``share_gdp_pct``;
#: optionally ``iso3``.
PLAN_SPEC = TableSpec(
    {
        "iso3": ColumnSpec(),
        "year": ColumnSpec("int", required=True),
        "spending_nc_mn": ColumnSpec("float"),
        "share_gdp_pct": ColumnSpec("float"),
    },
    open=True,
    list_expected=True,
)


def read_plan(path: str | Path) -> pd.DataFrame:
    """A user spending plan CSV: ``year`` and ``spending_nc_mn`` (national currency, millions,
    current prices) or ``share_gdp_pct``; optionally ``iso3``.

    Raises:
        AssumptionFileError: missing, empty or binary file, missing column, non-number,
            duplicate year.
    """
    what = t("spending plan")
    text = read_user_csv(path, _AS_TEXT, what=what, error=AssumptionFileError)
    label = t("{what} {name}", what=what, name=Path(path).name)
    value_cols = [c for c in ("spending_nc_mn", "share_gdp_pct") if c in text.columns]
    if len(value_cols) != 1:
        raise AssumptionFileError(
            label, t("needs exactly one of the columns 'spending_nc_mn' or 'share_gdp_pct'")
        )
    keep = [c for c in ("iso3", "year", value_cols[0]) if c in text.columns]
    spec = TableSpec(
        {c: PLAN_SPEC.columns[c] for c in keep} | {value_cols[0]: _PLAN_VALUE},
        key=("iso3", "year") if "iso3" in keep else ("year",),
        open=True,
        list_expected=True,
    )
    typed = check_table(text, spec, file=label, error=AssumptionFileError)
    out = pd.DataFrame()
    if "iso3" in keep:
        out["iso3"] = typed["iso3"].astype(str).str.strip().str.upper()
    out["year"] = typed["year"].astype("int64")
    out[value_cols[0]] = typed[value_cols[0]].astype("float64")
    return out


def read_scenario(path: str | Path) -> dict[str, Any]:
    """A scenario YAML file as a plain mapping (checked by ``scenarios.scenario_from_dict``).

    Raises:
        ScenarioFileError: missing, empty or binary file, not valid YAML (a ScenarioError).
        ScenarioError: not a mapping.
    """
    what = t("scenario file")
    data = read_user_yaml(path, what=what, error=ScenarioFileError)
    if not isinstance(data, dict):
        raise ScenarioFileError(
            t(
                "{what} {name}",
                what=what, name=Path(path).name,
            ), t("a scenario is a mapping with 'name' and 'overrides'")
        )
    return data
