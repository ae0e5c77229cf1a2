"""A second lens: SIPRI's military expenditure beside NATO's figures, never mixed.

SIPRI and NATO measure different things. SIPRI's series follows SIPRI's own definition of
military expenditure and its own sources (its share of GDP divides by GDP data chiefly
from the IMF); NATO's follows the definition agreed by the allies, with GDP from DG ECFIN
and the OECD, and prints shares of GDP at constant prices. Treatment of paramilitary
forces, pensions, military aid (Ukraine) and fiscal-year conversion differ, and each
publisher revises its past figures. The SIPRI columns here come only from SIPRI (and
population from the World Bank); the NATO columns only from the NATO release; the
difference is shown, never used to fill one from the other.

Columns (per ally-year, SIPRI's definition): ``sipri_current_usd_mn``,
``sipri_constant_2023_usd_mn``, ``sipri_share_gdp_pct``, ``sipri_per_capita_usd``
(SIPRI's own), ``per_capita_usd`` (current US dollars over World Bank population),
``sipri_estimate`` (SIPRI marks the figure as its estimate or highly uncertain); beside,
``nato_share_gdp_pct`` and ``nato_current_usd_mn`` with ``difference_pp`` and
``difference_usd_mn`` (SIPRI − NATO).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from burdenshare.text import t

DIFFERENCES = t(
    "SIPRI and NATO figures differ by definition and source, not by error: SIPRI applies its "
    "own definition of military expenditure (e.g. paramilitary forces, pensions and military "
    "aid treated by SIPRI's rules) and divides by GDP chiefly from the IMF; NATO applies the "
    "definition agreed by the allies, takes GDP from DG ECFIN and the OECD and prints shares "
    "at constant prices; both convert fiscal years and revise earlier years. The two series "
    "are shown side by side, never combined"
)

_VARS = {
    "milex_current_usd_m": "sipri_current_usd_mn",
    "milex_const2023_usd_m": "sipri_constant_2023_usd_mn",
    "milex_share_gdp_pct": "sipri_share_gdp_pct",
    "milex_per_capita_current_usd": "sipri_per_capita_usd",
}


def sipri_lens(
    sipri: pd.DataFrame,
    *,
    population: pd.DataFrame | None = None,
    nato: pd.DataFrame | None = None,
    allies: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    group: str | None = None,
) -> pd.DataFrame:
    """SIPRI's series per ally-year, NATO's beside it, and optionally the group's totals.

    Args:
        sipri: SIPRI's long table (``spending.loader.load_sipri``).
        population: ``iso3, year, value`` (persons), for ``per_capita_usd``.
        nato: a NATO release panel (``share_gdp_pct``, ``defence_exp_usd_current_mn``,
            ``gdp_usd_current_bn``) for the columns beside.
        allies, years: filters (all by default).
        group: the label of a row per year for the allies together: US-dollar sums,
            shares of GDP as sums over sums (SIPRI's implied GDP = spending / share),
            per capita over the summed population, ``sipri_estimate`` if any member's is.

    >>> s = pd.DataFrame({"iso3": ["A", "A", "B", "B"], "year": 2024,
    ...     "variable": ["milex_current_usd_m", "milex_share_gdp_pct"] * 2,
    ...     "value": [30.0, 3.0, 10.0, 1.0],
    ...     "sipri_flag": ["reported", "reported", "sipri_estimate(blue)", "reported"]})
    >>> pop = pd.DataFrame({"iso3": ["A", "B"], "year": 2024, "value": [1e6, 4e6]})
    >>> t = sipri_lens(s, population=pop, group="AB")
    >>> t[["iso3", "sipri_share_gdp_pct", "per_capita_usd", "sipri_estimate"]].values.tolist()
    [['A', 3.0, 30.0, False], ['B', 1.0, 2.5, True], ['AB', 2.0, 8.0, True]]
    """
    s = sipri
    if allies is not None:
        s = s[s["iso3"].isin(list(allies))]
    if years is not None:
        s = s[s["year"].isin([int(y) for y in years])]
    s = s[s["variable"].isin(list(_VARS))]
    wide = s.pivot_table(index=["iso3", "year"], columns="variable", values="value",
                         aggfunc="first", dropna=False)  # fmt: skip
    wide = wide.reindex(columns=list(_VARS)).rename(columns=_VARS)
    est = s["sipri_flag"].astype(str).str.startswith(("sipri_estimate", "highly_uncertain"))
    flag = est.groupby([s["iso3"], s["year"]]).any().rename("sipri_estimate")
    out = wide.join(flag).reset_index()
    out.columns.name = None
    out["sipri_estimate"] = out["sipri_estimate"].fillna(False).astype(bool)
    pop = _keyed(population, "value", out)
    out["population"] = pop
    out["per_capita_usd"] = out["sipri_current_usd_mn"] * 1e6 / pop
    if nato is not None:
        out["nato_share_gdp_pct"] = _keyed(nato, "share_gdp_pct", out)
        out["nato_current_usd_mn"] = _keyed(nato, "defence_exp_usd_current_mn", out)
        out["_nato_gdp_usd_bn"] = _keyed(nato, "gdp_usd_current_bn", out)
    if group is not None and len(out):
        out = pd.concat([out, _group(out, group)], ignore_index=True)
    if nato is not None:
        out["difference_pp"] = out["sipri_share_gdp_pct"] - out["nato_share_gdp_pct"]
        out["difference_usd_mn"] = out["sipri_current_usd_mn"] - out["nato_current_usd_mn"]
        out = out.drop(columns="_nato_gdp_usd_bn")
    out.attrs["differences"] = DIFFERENCES
    out.attrs["definition"] = t("SIPRI's definition of military expenditure (not NATO's)")

    return out


def _keyed(frame: pd.DataFrame | None, column: str, out: pd.DataFrame) -> pd.Series:
    if frame is None or column not in frame.columns:
        return pd.Series(np.nan, index=out.index, dtype=float)
    f = frame.drop_duplicates(["iso3", "year"]).set_index(["iso3", "year"])[column]
    keys = pd.MultiIndex.from_arrays([out["iso3"], out["year"].astype("int64")])
    return pd.Series(pd.to_numeric(f, errors="coerce").reindex(keys).to_numpy(dtype=float),
                     index=out.index)  # fmt: skip


def _group(out: pd.DataFrame, label: str) -> pd.DataFrame:
    """One row per year for the allies together (sums over sums; missing parts stay out)."""
    implied_gdp = out["sipri_current_usd_mn"] / (out["sipri_share_gdp_pct"] / 100)
    ok = implied_gdp.notna()
    g = out.assign(_gdp=implied_gdp.where(ok), _sp=out["sipri_current_usd_mn"].where(ok))
    by = g.groupby("year")
    rows = pd.DataFrame(
        {
            "iso3": label,
            "year": sorted(g["year"].unique()),
        }
    ).set_index("year")
    rows["sipri_current_usd_mn"] = by["sipri_current_usd_mn"].sum(min_count=1)
    rows["sipri_constant_2023_usd_mn"] = by["sipri_constant_2023_usd_mn"].sum(min_count=1)
    rows["sipri_share_gdp_pct"] = by["_sp"].sum(min_count=1) / by["_gdp"].sum(min_count=1) * 100
    rows["sipri_per_capita_usd"] = np.nan
    rows["sipri_estimate"] = by["sipri_estimate"].any()
    pop = g["population"].where(g["sipri_current_usd_mn"].notna())
    with_pop = g.assign(_pop=pop, _sp2=g["sipri_current_usd_mn"].where(pop.notna())).groupby("year")
    rows["population"] = with_pop["_pop"].sum(min_count=1)
    rows["per_capita_usd"] = with_pop["_sp2"].sum(min_count=1) * 1e6 / rows["population"]
    if "nato_current_usd_mn" in g.columns:
        both = g["nato_current_usd_mn"].notna() & g["_nato_gdp_usd_bn"].notna()
        n = g.assign(_a=g["nato_current_usd_mn"].where(both),
                     _b=g["_nato_gdp_usd_bn"].where(both)).groupby("year")  # fmt: skip
        rows["nato_current_usd_mn"] = by["nato_current_usd_mn"].sum(min_count=1)
        nato_gdp_usd_mn = n["_b"].sum(min_count=1) * 1e3
        rows["nato_share_gdp_pct"] = n["_a"].sum(min_count=1) / nato_gdp_usd_mn * 100
        rows["_nato_gdp_usd_bn"] = n["_b"].sum(min_count=1)
    return rows.reset_index()[[c for c in out.columns if c in rows.reset_index().columns]]


__all__ = ["DIFFERENCES", "sipri_lens"]
