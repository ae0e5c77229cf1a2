"""GDP assumption sets and the projected economy of each ally (pure functions).

An *assumption set* gives, per ally and year, real GDP growth and GDP-deflator growth (in
percent). Nominal growth is ``(1 + real)(1 + deflator) - 1``. Four kinds:

* ``imf-weo-2025-10`` (default) and ``imf-weo-2025-04``: the IMF's projections to 2030;
* ``trend``: the geometric-mean real growth and deflator growth of the shipped NATO
  history (outturn years of the release), per ally, held constant;
* ``flat``: no real growth; the deflator grows at the ``trend`` rate;
* a user table (``iso3, year, real_growth_pct, deflator_growth_pct``).

**Extension is declared, never silent.** Beyond a set's last year the rates come from
the set's declared :data:`EXTENSIONS` rule (default ``hold-last``: the last year's
growth and inflation held constant); every projected row names its origin, e.g.
``extended: hold-last (2030 rates)``. The rule ``none`` raises instead.

**Joining NATO's level and the IMF's growth.** NATO's GDP (Table 5, from DG ECFIN and
the OECD) and the IMF's differ in level. The projection starts from NATO's GDP of the
latest year of the release and applies the set's growth rates to it, so the share of
GDP of a projected year is on NATO's basis.

**National currency.** NATO publishes GDP only in US dollars. GDP in national currency
is ``gdp_usd_current_bn × (defence_exp_nc_mn / defence_exp_usd_current_mn)``: the
exchange rate implied by NATO's Tables 1 and 2 (the same current-price year for both).
``defence_exp_nc_mn / (share_gdp_pct / 100)`` would also give a GDP, but only
approximately, because NATO computes the share at constant prices; it is not used.
Projected US-dollar values use the implied exchange rate of the latest NATO year, held.

>>> flat = flat_assumption(pd.DataFrame({"iso3": ["AAA"] * 3, "year": [2020, 2021, 2022],
...     "real_growth_pct": [1.0, 2.0, 3.0], "deflator_growth_pct": [2.0, 2.0, 2.0],
...     "is_estimate": [False] * 3}))
>>> r = rates_for(flat, ["AAA"], [2030])
>>> float(r["real_growth_pct"].iloc[0]), round(float(r["deflator_growth_pct"].iloc[0]), 6)
(0.0, 2.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from burdenshare.targets.errors import CoverageGapError, UnknownMethodError
from burdenshare.text import Text, t

#: Declared rules that extend a set beyond its last year.
EXTENSIONS: dict[str, Text] = {
    "hold-last": t("growth and inflation of the set's last year held constant"),
    "mean-last-3": t("mean growth and inflation of the set's last three years held constant"),
    "none": t("no extension: a year beyond the set is an error"),

}


@dataclass(frozen=True)
class GdpAssumption:
    """A named set of projected real-growth and deflator-growth rates per ally.

    ``rates`` has ``iso3, year, real_growth_pct, deflator_growth_pct``; a *constant* set
    (``trend``, ``flat``) has one row per ally with ``year`` = -1, valid for every year.
    """

    name: str
    description: str
    rates: pd.DataFrame = field(repr=False)
    provenance: str
    extension: str = "hold-last"
    constant: bool = False

    def __post_init__(self) -> None:
        if self.extension not in EXTENSIONS:
            raise UnknownMethodError(t("extension rule"), self.extension, list(EXTENSIONS))

    @property
    def last_year(self) -> int | None:
        """The last year the set itself gives (``None`` for a constant set)."""
        return None if self.constant else int(self.rates["year"].max())

    @property
    def extension_text(self) -> Text:
        if self.constant:
            return t("none needed: the set's rates are the same for every year")
        return t("{rule}: {what} (from {year})", rule=self.extension,
                 what=EXTENSIONS[self.extension], year=self.last_year)  # fmt: skip


def weo_assumption(
    weo: pd.DataFrame, name: str, provenance: str, extension: str = "hold-last"
) -> GdpAssumption:
    """An assumption set from a tidy WEO extract (``catalog``-style long table).

    Uses ``real_growth_pct`` (NGDP_RPCH) and ``deflator_growth_pct`` (derived from NGDP_D).
    """
    wide = weo[weo["variable"].isin(["real_growth_pct", "deflator_growth_pct"])].pivot_table(
        index=["iso3", "year"], columns="variable", values="value"
    )
    rates = wide.reset_index()[["iso3", "year", "real_growth_pct", "deflator_growth_pct"]]
    rates.columns.name = None
    return GdpAssumption(
        name=name,
        description=f"IMF World Economic Outlook projections ({name}) to "
        f"{int(rates['year'].max())}",
        rates=rates,
        provenance=provenance,
        extension=extension,
    )


def user_assumption(
    table: pd.DataFrame,
    name: str = "user",
    provenance: str = "user-supplied table",
    extension: str = "hold-last",
) -> GdpAssumption:
    """An assumption set from a checked user table (see ``loader.check_user_gdp``)."""
    rates = table[["iso3", "year", "real_growth_pct", "deflator_growth_pct"]].copy()
    return GdpAssumption(name, "user-supplied growth and inflation", rates, provenance, extension)


def _geo_mean_pct(s: pd.Series) -> float:
    return float((np.exp(np.log1p(s / 100).mean()) - 1) * 100)


def trend_assumption(
    history: pd.DataFrame, start: int | None = None, end: int | None = None
) -> GdpAssumption:
    """Growth and inflation estimated from the shipped history, held constant.

    The geometric mean of each ally's real growth and deflator growth over the outturn
    years (``is_estimate`` false) between ``start`` and ``end`` (all by default).
    """
    h = _window(history, start, end)
    g = h.groupby("iso3")
    rates = pd.DataFrame(
        {
            "real_growth_pct": g["real_growth_pct"].agg(_geo_mean_pct),
            "deflator_growth_pct": g["deflator_growth_pct"].agg(_geo_mean_pct),
        }
    ).reset_index()
    rates.insert(1, "year", -1)
    span = f"{int(h['year'].min())}-{int(h['year'].max())}"
    return GdpAssumption(
        "trend",
        f"geometric-mean real growth and deflator growth of {span}, held constant",
        rates,
        f"NATO release history, outturn years {span}",
        constant=True,
    )


def flat_assumption(
    history: pd.DataFrame, start: int | None = None, end: int | None = None
) -> GdpAssumption:
    """No real growth; the GDP deflator grows at its ``trend`` rate."""
    t = trend_assumption(history, start, end)
    rates = t.rates.assign(real_growth_pct=0.0)
    return GdpAssumption(
        "flat",
        "no real growth; deflator at its trend rate (" + t.description.split(" of ")[1] + ")",
        rates,
        t.provenance,
        constant=True,
    )


def _window(history: pd.DataFrame, start: int | None, end: int | None) -> pd.DataFrame:
    h = history[~history["is_estimate"].astype(bool)]
    h = h[h["real_growth_pct"].notna() & h["deflator_growth_pct"].notna()]
    if start is not None:
        h = h[h["year"] >= start]
    if end is not None:
        h = h[h["year"] <= end]
    if h.empty:
        raise CoverageGapError(t(
            "no outturn growth history between {start} and {end}",
            start=start, end=end,
        ))
    return h


def rates_for(
    assumption: GdpAssumption, allies: Sequence[str], years: Iterable[int]
) -> pd.DataFrame:
    """The set's rates for every ally and year asked, extended by its declared rule.

    Returns ``iso3, year, real_growth_pct, deflator_growth_pct, nominal_growth_pct,
    origin`` (``origin`` names the set, or the extension rule and its source year).

    Raises:
        CoverageGapError: an ally is not in the set, a year is before the set's first
            year, or beyond its last year with the rule ``none``.
    """
    years = sorted(int(y) for y in years)
    r = assumption.rates
    rows = []
    for iso3 in allies:
        mine = r[r["iso3"] == iso3]
        if mine.empty:
            raise CoverageGapError(
                t(
                    "GDP assumption {assumption!r} has no rates for {iso3}; it covers {covered}",
                    assumption=assumption.name, iso3=iso3,
                    covered=", ".join(sorted(r["iso3"].unique())),
                )
            )
        if assumption.constant:
            one = mine.iloc[0]
            for y in years:
                rows.append((iso3, y, one.real_growth_pct, one.deflator_growth_pct,
                             assumption.name))  # fmt: skip
            continue
        by_year = mine.set_index("year").sort_index()
        first, last = int(by_year.index.min()), int(by_year.index.max())
        for y in years:
            if y in by_year.index:
                rows.append((iso3, y, by_year.at[y, "real_growth_pct"],
                             by_year.at[y, "deflator_growth_pct"], assumption.name))  # fmt: skip
            elif y < first:
                raise CoverageGapError(
                    t(
                        "GDP assumption {assumption_name!r} starts in {first}; {iso3} {year} is "
                        "earlier",
                        assumption_name=assumption.name, first=first, iso3=iso3, year=y,
                    )
                )
            elif y > last:
                if assumption.extension == "none":
                    raise CoverageGapError(
                        t(
                            "GDP assumption {assumption_name!r} ends in {last} and its extension "
                            "rule is 'none'; {year} asked (choose hold-last or mean-last-3)",
                            assumption_name=assumption.name, last=last, year=y,
                        )
                    )
                if assumption.extension == "hold-last":
                    src = by_year.loc[last]
                    origin = t("extended: hold-last ({year} rates)", year=int(last))
                else:
                    src = by_year.loc[last - 2 : last, ["real_growth_pct", "deflator_growth_pct"]]
                    src = src.apply(_geo_mean_pct)
                    origin = t("extended: mean-last-3 ({first}-{last} rates)",
                               first=int(last) - 2, last=int(last))  # fmt: skip
                rows.append((iso3, y, float(np.asarray(src["real_growth_pct"])),
                             float(np.asarray(src["deflator_growth_pct"])), origin))  # fmt: skip
            else:
                raise CoverageGapError(t(
                    "GDP assumption {assumption_name!r} lacks {iso3} {year}",
                    assumption_name=assumption.name, iso3=iso3, year=y,
                ))
    out = pd.DataFrame(
        rows, columns=["iso3", "year", "real_growth_pct", "deflator_growth_pct", "origin"]
    )
    # object, not a string dtype: the origins that are sentences stay translatable (Text)
    out["origin"] = pd.Series([r[4] for r in rows], index=out.index, dtype=object)
    out["real_growth_pct"] = out["real_growth_pct"].astype("float64")
    out["deflator_growth_pct"] = out["deflator_growth_pct"].astype("float64")
    out["nominal_growth_pct"] = (
        (1 + out["real_growth_pct"] / 100) * (1 + out["deflator_growth_pct"] / 100) - 1
    ) * 100
    return out[["iso3", "year", "real_growth_pct", "deflator_growth_pct", "nominal_growth_pct",
                "origin"]]  # fmt: skip


GDP_NC_METHOD = t(
    "GDP in national currency = gdp_usd_current_bn × (defence_exp_nc_mn / "
    "defence_exp_usd_current_mn), the exchange rate implied by NATO Tables 1 and 2; "
    "defence_exp_nc_mn / share is not used (the share is at constant prices)"
)


def economy_history(panel: pd.DataFrame) -> pd.DataFrame:
    """Each ally's economy as NATO's release gives it, with derived national-currency GDP.

    Columns: ``iso3, year, is_estimate, currency_nc, gdp_usd_current_bn, xr_nc_per_usd``
    (implied by Tables 1 and 2), ``gdp_nc_bn``, ``real_gdp_usd_constant_bn``,
    ``real_growth_pct`` (of constant-price GDP), ``nominal_growth_pct`` (of national-currency
    GDP), ``deflator_growth_pct`` and ``deflator`` (1 in the release's price-base year).
    Allies without GDP or national-currency spending (Iceland) are left out. A change of
    ``currency_nc`` between two years leaves that year's growth empty.

    >>> p = pd.DataFrame({"iso3": "AAA", "year": [2021, 2022], "is_estimate": False,
    ...     "currency_nc": "Euros", "price_base": 2021, "gdp_usd_current_bn": [100.0, 110.0],
    ...     "gdp_usd_constant_bn": [100.0, 102.0], "defence_exp_nc_mn": [1800.0, 2000.0],
    ...     "defence_exp_usd_current_mn": [2000.0, 2000.0]})
    >>> h = economy_history(p)
    >>> h[["gdp_nc_bn", "real_growth_pct"]].round(3).values.tolist()
    [[90.0, nan], [110.0, 2.0]]
    """
    need = ["gdp_usd_current_bn", "gdp_usd_constant_bn", "defence_exp_nc_mn",
            "defence_exp_usd_current_mn"]  # fmt: skip
    missing = [c for c in need if c not in panel.columns or panel[c].isna().all()]
    if missing:
        release = panel["release"].iloc[0] if "release" in panel.columns and len(panel) else "?"
        raise CoverageGapError(
            t(
                "release {release} has no {missing!r}; GDP projections need a full release "
                "(2024-06 or 2026-07)",
                release=release, missing=missing[0],
            )
        )
    p = panel.dropna(subset=need).sort_values(["iso3", "year"]).copy()
    p["xr_nc_per_usd"] = p["defence_exp_nc_mn"] / p["defence_exp_usd_current_mn"]
    p["gdp_nc_bn"] = p["gdp_usd_current_bn"] * p["xr_nc_per_usd"]
    g = p.groupby("iso3")
    prev_year = g["year"].shift(1)
    consecutive = prev_year == p["year"] - 1
    if "currency_nc" in p.columns:
        consecutive &= g["currency_nc"].shift(1).fillna("") == p["currency_nc"].fillna("")
    p["real_growth_pct"] = (p["gdp_usd_constant_bn"] / g["gdp_usd_constant_bn"].shift(1) - 1) * 100
    p["nominal_growth_pct"] = (p["gdp_nc_bn"] / g["gdp_nc_bn"].shift(1) - 1) * 100
    p.loc[~consecutive, ["real_growth_pct", "nominal_growth_pct"]] = np.nan
    p["deflator_growth_pct"] = (
        (1 + p["nominal_growth_pct"] / 100) / (1 + p["real_growth_pct"] / 100) - 1
    ) * 100
    # deflator index (price-base year = 1): nominal nc GDP / (constant USD GDP × base-year rate)
    base = int(p["price_base"].iloc[0]) if "price_base" in p.columns else None
    xr_base = p[p["year"] == base].set_index("iso3")["xr_nc_per_usd"] if base else None
    if xr_base is not None and not xr_base.empty:
        p["deflator"] = p["gdp_nc_bn"] / (p["gdp_usd_constant_bn"] * p["iso3"].map(xr_base))
    else:
        p["deflator"] = np.nan
    cols = ["iso3", "year", "is_estimate", "currency_nc", "gdp_usd_current_bn", "xr_nc_per_usd",
            "gdp_nc_bn", "gdp_usd_constant_bn", "real_growth_pct", "nominal_growth_pct",
            "deflator_growth_pct", "deflator"]  # fmt: skip
    out = p[[c for c in cols if c in p.columns]].rename(
        columns={"gdp_usd_constant_bn": "real_gdp_usd_constant_bn"}
    )
    out["is_estimate"] = out["is_estimate"].astype(bool)
    return out.reset_index(drop=True)


def project_economy(
    history: pd.DataFrame,
    assumption: GdpAssumption,
    to_year: int,
    release: str = "",
    allies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """NATO's history, then GDP projected to ``to_year`` with the assumption's growth rates.

    Each ally's projection starts from NATO's GDP in the latest year of the release
    (level from NATO, growth from the set). Returns one row per ally-year with
    ``iso3, year, gdp_nc_bn, gdp_usd_bn`` (current USD for NATO years; at the latest
    NATO year's exchange rate for projected years), ``xr_nc_per_usd``, ``deflator``
    (1 in the release's price-base year), ``real_growth_pct``, ``deflator_growth_pct``,
    ``nominal_growth_pct``, ``is_projection``, ``is_estimate``, ``origin``.
    ``attrs`` state the join, the currency method and the extension rule. ``allies``
    restricts the projection (a user set may cover only some allies).
    """
    if allies is not None:
        history = history[history["iso3"].isin(list(allies))]
        if history.empty:
            where = f" {release}" if release else ""
            raise CoverageGapError(t(
                "release{where} has no GDP for {allies}",
                where=where, allies=', '.join(allies),
            ))
    parts = []
    for iso3, h in history.groupby("iso3", sort=True):
        h = h.sort_values("year")
        last = h.iloc[-1]
        base_year = int(last["year"])
        hist = pd.DataFrame(
            {
                "iso3": iso3,
                "year": h["year"].astype("int64"),
                "gdp_nc_bn": h["gdp_nc_bn"],
                "gdp_usd_bn": h["gdp_usd_current_bn"],
                "xr_nc_per_usd": h["xr_nc_per_usd"],
                "deflator": h["deflator"],
                "real_growth_pct": h["real_growth_pct"],
                "deflator_growth_pct": h["deflator_growth_pct"],
                "nominal_growth_pct": h["nominal_growth_pct"],
                "is_projection": False,
                "is_estimate": h["is_estimate"].astype(bool),
                "origin": pd.Series(
                    [_history_origin(release, bool(e)) for e in h["is_estimate"]],
                    index=h.index, dtype=object,
                ),

            }
        )
        parts.append(hist)
        if to_year <= base_year:
            continue
        r = rates_for(assumption, [str(iso3)], range(base_year + 1, to_year + 1))
        nominal = np.cumprod(1 + r["nominal_growth_pct"].to_numpy() / 100)
        infl = np.cumprod(1 + r["deflator_growth_pct"].to_numpy() / 100)
        gdp_nc = float(last["gdp_nc_bn"]) * nominal
        xr = float(last["xr_nc_per_usd"])
        parts.append(
            pd.DataFrame(
                {
                    "iso3": iso3,
                    "year": r["year"].astype("int64"),
                    "gdp_nc_bn": gdp_nc,
                    "gdp_usd_bn": gdp_nc / xr,
                    "xr_nc_per_usd": xr,
                    "deflator": float(last["deflator"]) * infl,
                    "real_growth_pct": r["real_growth_pct"],
                    "deflator_growth_pct": r["deflator_growth_pct"],
                    "nominal_growth_pct": r["nominal_growth_pct"],
                    "is_projection": True,
                    "is_estimate": False,
                    "origin": pd.Series(
                        [t("projected: {set}", set=o) if o == assumption.name else o
                         for o in r["origin"]], index=r.index, dtype=object,
                    ),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    latest = int(history.groupby("iso3")["year"].max().max())
    out.attrs.update(
        {
            "gdp_assumption": assumption.name,
            "gdp_assumption_source": assumption.provenance,
            "join": t("{set} growth rates applied to NATO's GDP of the latest year of the "
                      "release ({year}); levels are NATO's, growth is the set's",
                      set=assumption.name, year=latest),
            "gdp_nc_method": GDP_NC_METHOD,
            "usd_method": t("projected USD at the exchange rate implied for {year}, held",
                            year=latest),
            "extension": assumption.extension_text,
        }
    )
    return out


def _history_origin(release: str, estimate: bool) -> Text:
    """Where a year of GDP history comes from: ``NATO 2026-07`` (``(estimate)``)."""
    if not release:
        return t("NATO (estimate)") if estimate else t("NATO")
    if estimate:
        return t("NATO {release} (estimate)", release=release)
    return t("NATO {release}", release=release)


def release_assumption(panel: pd.DataFrame, name: str) -> GdpAssumption:

    """``trend`` or ``flat``: an assumption set estimated from one release's history.

    Raises:
        UnknownMethodError: neither ``trend`` nor ``flat``.
    """
    if name not in ("trend", "flat"):
        raise UnknownMethodError(t("assumption from the release"), name, ["trend", "flat"])
    history = economy_history(panel)
    return trend_assumption(history) if name == "trend" else flat_assumption(history)


def project_release(
    panel: pd.DataFrame,
    assumption: GdpAssumption,
    to_year: int,
    release: str = "",
    allies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One release's GDP history (:func:`economy_history`) projected to ``to_year``
    (:func:`project_economy`)."""
    return project_economy(economy_history(panel), assumption, to_year, release, allies)
