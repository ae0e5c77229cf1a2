"""Spending queries: fetch a release from the catalog, call the pure spending metrics.

``import burdenshare as bs`` exposes these. Every function takes ``as_of`` (the figures as
published on or before that date) or ``release`` (a release id), defaulting to the latest
release, and returns a pandas DataFrame whose ``attrs`` carry the provenance:
``attrs["release"]``, ``attrs["published"]``, ``attrs["source"]``, ``attrs["partial"]``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from burdenshare import allies as _allies
from burdenshare import spending as _sp
from burdenshare.catalog import (
    CoverageError,
    UnknownIndicatorError,
    observations,
    panel,
    select_release,
)
from burdenshare.catalog.loader import Catalog, Release, default_catalog
from burdenshare.catalog.query import DateLike


def _provenance(frame: pd.DataFrame, rel: Release, what: str = "") -> pd.DataFrame:
    frame.attrs.update(
        {
            "release": rel.id,
            "published": rel.published_label,
            "title": rel.title,
            "source": f"{rel.publisher}, {rel.title}, {rel.published_label}, {rel.tables}",
            "partial": rel.is_partial,
            "price_base": rel.price_base,
            "concept": rel.concept,
            "what": what,
        }
    )
    return frame


def _resolve(
    as_of: DateLike | None, release: str | None, catalog: Catalog | None
) -> tuple[Catalog, Release, pd.DataFrame]:
    cat = default_catalog() if catalog is None else catalog
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    return cat, rel, panel(release=rel.id, catalog=cat)


def _check_years(
    p: pd.DataFrame, years: int | Iterable[int], rel: Release, column: str | None = None
) -> None:
    """Raise naming the release's coverage if any of ``years`` is not in the panel.

    Every API area checks requested years with this one function, so the message is the same
    whichever command the user typed.
    """
    have = p if column is None else p[p[column].notna()]
    covered = sorted(int(y) for y in have["year"].unique())
    for year in [years] if isinstance(years, int) else years:
        if year not in covered:
            span = f"{covered[0]}-{covered[-1]}" if covered else "none"
            raise CoverageError(f"year {year} is not covered by release {rel.id}; covered: {span}")


def _latest(p: pd.DataFrame, indicator: str = "share_gdp_pct") -> int:
    return int(p.loc[p[indicator].notna(), "year"].max())


def _membership(group: str, p: pd.DataFrame) -> dict[int, frozenset[str]]:
    years = [int(y) for y in p["year"].unique()]
    return _allies.membership(group, years)


def latest_year(
    as_of: DateLike | None = None, release: str | None = None, indicator: str = "share_gdp_pct"
) -> int:
    """The latest year with values of ``indicator`` in the release.

    >>> latest_year(release="2024-06")
    2024
    """
    _, _, p = _resolve(as_of, release, None)
    return _latest(p, indicator)


def spending_table(
    year: int | None = None,
    indicator: str = "share_gdp_pct",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """One indicator for every ally in one year, ranked, with flags and provenance.

    Columns: ``rank``, ``iso3``, ``ally``, ``year``, ``value``, ``unit``, ``flag``.

    >>> t = spending_table(2024, "share_gdp_pct", release="2024-06")
    >>> t.iloc[0][["iso3", "flag"]].tolist(), t.attrs["release"]
    (['POL', 'estimate'], '2024-06')
    """
    cat, rel, p = _resolve(as_of, release, None)
    if year is None:
        year = _latest(p)
    obs = observations(indicator, years=year, release=rel.id, catalog=cat)
    obs = obs[obs["value"].notna() | (obs["flag"] == "not_applicable")].copy()
    obs["rank"] = obs["value"].rank(ascending=False, method="min").astype("Int64")
    obs["ally"] = [_allies.name(c) for c in obs["iso3"]]
    out = obs.sort_values(["rank", "iso3"], na_position="last")[
        ["rank", "iso3", "ally", "year", "value", "unit", "flag"]
    ].reset_index(drop=True)
    return _provenance(out, rel, f"{indicator} in {year}")


def share_check(
    year: int | None = None, as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """Published share of GDP beside the one recomputed from constant-price USD, per ally.

    The difference is shown, not hidden (NATO prints a few cells as exactly 2.00; see
    SOURCES.md). Rows are sorted by the absolute difference, largest first.

    >>> c = share_check(2024, release="2024-06")
    >>> c.iloc[0]["iso3"], round(float(c.iloc[0]["share_gdp_pct"]), 2)
    ('SVK', 2.0)
    """
    _, rel, p = _resolve(as_of, release, None)
    if year is None:
        year = _latest(p)
    _check_years(p, year, rel, "share_gdp_pct")
    out = _sp.share_of_gdp(p[p["year"] == year])
    out = out.reindex(out["difference_pp"].abs().sort_values(ascending=False).index)
    return _provenance(out.reset_index(drop=True), rel, f"share of GDP check {year}")


def ally_profile(
    ally: str,
    indicators: list[str] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """All of one ally's headline figures, year by year (one column per indicator).

    >>> p = ally_profile("NLD", release="2024-06")
    >>> round(float(p.loc[p["year"] == 2024, "share_gdp_pct"].iloc[0]), 2)
    2.05
    """
    cat, rel, p = _resolve(as_of, release, None)
    code = _allies.resolve(ally)
    sub = p[p["iso3"] == code]
    if sub.empty:
        covered = ", ".join(sorted(p["iso3"].unique()))
        partial = f" (partial: {rel.coverage_note})" if rel.is_partial else ""
        raise CoverageError(f"ally {code} is not in release {rel.id}{partial}; covered: {covered}")
    default = [
        "share_gdp_pct", "real_change_pct", "equipment_share_pct", "defence_exp_usd_current_mn",
        "defence_exp_usd_constant_mn", "defence_exp_nc_mn", "gdp_usd_current_bn",
        "defence_exp_per_capita_usd", "military_personnel_thousands",
    ]  # fmt: skip
    cols = indicators or [c for c in default if c in sub.columns and sub[c].notna().any()]
    for c in cols:
        if c not in cat.indicators:
            raise UnknownIndicatorError("indicator", c, sorted(cat.indicators))
        if c not in sub.columns or sub[c].isna().all():
            raise UnknownIndicatorError(
                f"indicator for {code} in release {rel.id}",
                c,
                [x for x in cat.indicators if x in sub.columns and sub[x].notna().any()],
            )
    out = sub[["iso3", "year", "is_estimate", *cols]].sort_values("year").reset_index(drop=True)
    return _provenance(out, rel, f"profile of {code}")


def spending_group(
    group: str = "nato", as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """A group's aggregates per year, computed from the allies (members of each year).

    Columns: ``year``, ``n_allies``, ``share_gdp_pct_weighted`` (NATO's ratio),
    ``share_gdp_pct_mean`` (unweighted), ``share_gdp_pct_median``, ``real_change_pct``
    (NATO's method), and the summed money columns the release has.
    """
    _, rel, p = _resolve(as_of, release, None)
    m = _membership(group, p)
    shares = _sp.group_share_of_gdp(p, m)
    out = shares
    if "defence_exp_usd_constant_mn" in p and p["defence_exp_usd_constant_mn"].notna().any():
        totals = _sp.group_totals(p, m).drop(columns="n_allies")
        rc = _sp.group_real_change(p, m)[["year", "real_change_pct"]]
        out = shares.merge(rc, on="year", how="left").merge(totals, on="year", how="left")
    out.insert(0, "group", group)
    return _provenance(out, rel, f"aggregates of {group}")


def cumulative(
    group: str = "europe_canada",
    base: int = 2016,
    to: int | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Cumulative extra spending since ``base`` in constant prices (NATO's headline).

    >>> c = cumulative("europe_canada", 2016, 2020, release="2024-06")
    >>> round(float(c["cumulative_usd_constant_mn"].iloc[-1]) / 1000)
    132
    """
    _, rel, p = _resolve(as_of, release, None)
    if to is None:
        to = int(p["year"].max())
    out = _sp.cumulative_increase(p, _membership(group, p), base, to)
    out.insert(0, "group", group)
    out["price_base"] = rel.price_base
    return _provenance(out, rel, f"cumulative increase of {group} over {base}")


def spending_gap(
    threshold: float = 2.0,
    year: int | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The money each ally needs to reach ``threshold`` % of GDP in ``year``.

    >>> g = spending_gap(2.0, 2024, release="2024-06")
    >>> g.iloc[0]["iso3"], bool(g.set_index("iso3").loc["POL", "meets"])
    ('ESP', True)
    """
    _, rel, p = _resolve(as_of, release, None)
    if year is None:
        year = _latest(p)
    _check_years(p, year, rel, "share_gdp_pct")
    out = _sp.gap_to_threshold(p, threshold, year)
    out.insert(1, "ally", [_allies.name(c) for c in out["iso3"]])
    return _provenance(out, rel, f"gap to {threshold}% of GDP in {year}")


def allies_at_or_above(
    threshold: float = 2.0,
    group: str = "nato",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """How many allies were at or above ``threshold`` % of GDP, per year (2-dp values)."""
    _, rel, p = _resolve(as_of, release, None)
    out = _sp.count_at_or_above(p, threshold, _membership(group, p))
    return _provenance(out, rel, f"allies at or above {threshold}% of GDP")


def overview(as_of: DateLike | None = None, release: str | None = None) -> pd.DataFrame:
    """The alliance at a glance for the latest year of a release: one row per ally.

    Columns: ``iso3``, ``ally``, ``share_gdp_pct``, ``equipment_share_pct``,
    ``real_change_pct``, ``defence_exp_usd_current_mn``, ``meets_2pct``,
    ``meets_equipment_20``, ``is_estimate``. ``attrs`` add the year and the group
    aggregates (``nato_share_gdp_pct``, ``europe_canada_share_gdp_pct``, ``count_2pct``).
    """
    _, rel, p = _resolve(as_of, release, None)
    year = int(p.loc[p["share_gdp_pct"].notna(), "year"].max())
    cols = ["share_gdp_pct", "equipment_share_pct", "real_change_pct",
            "defence_exp_usd_current_mn"]  # fmt: skip
    sub = p[(p["year"] == year)].copy()
    for c in cols:
        if c not in sub:
            sub[c] = float("nan")
    sub = sub[sub["share_gdp_pct"].notna()]
    out = sub[["iso3", *cols, "is_estimate"]].copy()
    out.insert(1, "ally", [_allies.name(c) for c in out["iso3"]])
    out["meets_2pct"] = out["share_gdp_pct"].round(2) >= 2.0
    out["meets_equipment_20"] = out["equipment_share_pct"].round(2) >= 20.0
    out = out.sort_values("share_gdp_pct", ascending=False).reset_index(drop=True)
    _provenance(out, rel, f"alliance overview {year}")
    out.attrs["year"] = year
    for group in ("nato", "europe_canada"):
        g = _sp.group_share_of_gdp(p, _membership(group, p)).set_index("year")
        out.attrs[f"{group}_share_gdp_pct"] = float(g["share_gdp_pct_weighted"].loc[year])
    out.attrs["count_2pct"] = int(out["meets_2pct"].sum())
    return out
