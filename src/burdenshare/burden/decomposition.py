"""Spending effect and GDP effect in a change of the defence burden (METRICS.md C5).

The burden b = ME / Y can rise because spending grew or because GDP fell. With growth
rates g_ME and g_Y from year t−1 to t, exactly:

    Δb = b_{t−1} (g_ME − g_Y) / (1 + g_Y)
       = b_{t−1} g_ME / (1 + g_Y)      (spending effect)
       − b_{t−1} g_Y / (1 + g_Y)       (GDP effect)

so the two effects add up to the change with no residual.

**Exchange rates.** On current US dollars the ratio is the national-currency ratio (one
rate converts both), but each growth rate carries the rate's move: with ``x`` the change of
US dollars per unit of national currency, ``1 + g$ = (1 + g_nc)(1 + x)``. Where the
inputs carry national-currency spending (``spending_nc_mn``), the current-basis rows add
the effects in national currency (``spending_effect_nc_pp``, ``gdp_effect_nc_pp``, the
same formulas on ``g_nc``; GDP in national currency at the rate implied by spending in
both currencies) and ``exchange_rate_term_pp`` = ``spending_effect_pp −
spending_effect_nc_pp`` (= ``gdp_effect_nc_pp − gdp_effect_pp``): the part of each
US-dollar effect that is the exchange rate's. Without national-currency figures the
term is NA and ``attrs["exchange_rate"]`` says the US-dollar effects include it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from burdenshare.burden.errors import BurdenInputError
from burdenshare.text import t


@dataclass(frozen=True)
class BurdenChange:
    """A change of burden split into its two effects (all in percentage points)."""

    burden_before_pct: float
    burden_after_pct: float
    change_pp: float
    spending_effect_pp: float
    gdp_effect_pp: float


def decompose(burden_before_pct: float, spending_growth: float, gdp_growth: float) -> BurdenChange:
    """Split the change of a burden into spending and GDP effects.

    Args:
        burden_before_pct: the burden in the first year, % of GDP.
        spending_growth: growth of spending, as a fraction (0.05 for +5 %).
        gdp_growth: growth of GDP, as a fraction (> −1).

    Raises:
        BurdenInputError: GDP growth of −100 % or less.

    Worked example of METRICS.md C5: 2 % of GDP, spending +5 %, GDP −5 %:

    >>> c = decompose(2.0, 0.05, -0.05)
    >>> round(c.burden_after_pct, 2), round(c.change_pp, 2)
    (2.21, 0.21)
    >>> round(c.spending_effect_pp, 3), round(c.gdp_effect_pp, 3)
    (0.105, 0.105)
    """
    if gdp_growth <= -1:
        raise BurdenInputError(t(
            "GDP growth must be above -100%; got {gdp_growth:g}%",
            gdp_growth=gdp_growth * 100,
        ))
    b0 = burden_before_pct
    spending = b0 * spending_growth / (1 + gdp_growth)
    gdp = -b0 * gdp_growth / (1 + gdp_growth)
    after = b0 * (1 + spending_growth) / (1 + gdp_growth)
    return BurdenChange(b0, after, after - b0, spending, gdp)


DECOMPOSITION_COLUMNS = (
    "iso3", "year", "basis", "burden_before_pct", "burden_after_pct", "change_pp",
    "spending_effect_pp", "gdp_effect_pp", "spending_growth_pct", "gdp_growth_pct",
    "published_change_pp", "is_estimate", "fx_change_pct", "spending_effect_nc_pp",
    "gdp_effect_nc_pp", "exchange_rate_term_pp",
)  # fmt: skip


def decompose_panel(inputs: pd.DataFrame) -> pd.DataFrame:
    """The decomposition for every ally and every pair of consecutive years in ``inputs``.

    The burden is recomputed as ``spending_usd_mn / (gdp_usd_bn × 1000)`` on the inputs'
    basis (on constant prices it equals NATO's share where both series use one deflator);
    ``published_change_pp`` is the change of NATO's printed share, for comparison.

    Args:
        inputs: rows with ``iso3``, ``year``, ``basis``, ``spending_usd_mn``,
            ``gdp_usd_bn``; optionally ``burden_pct`` and ``is_estimate``.

    Returns:
        One row per ally and year t (with t−1 present), columns
        ``DECOMPOSITION_COLUMNS``; growth in percent.

    >>> inputs = pd.DataFrame({"iso3": "A", "year": [2019, 2020], "basis": "usd_current",
    ...     "spending_usd_mn": [20.0, 21.0], "gdp_usd_bn": [1.0, 0.95]})
    >>> d = decompose_panel(inputs)
    >>> d[["spending_effect_pp", "gdp_effect_pp"]].round(3).values.tolist()
    [[0.105, 0.105]]

    The same year with the national currency 10% weaker against the dollar (spending in
    national currency +16.7%, GDP +5.6%): in national currency the spending effect is
    larger, the GDP effect negative, and the exchange-rate term moves between them.

    >>> nc = inputs.assign(spending_nc_mn=[20.0, 21.0 / 0.9 * 1.0])
    >>> e = decompose_panel(nc).iloc[0]
    >>> [round(float(e[c]), 3) for c in ("fx_change_pct", "spending_effect_nc_pp",
    ...     "gdp_effect_nc_pp", "exchange_rate_term_pp")]
    [-10.0, 0.316, -0.105, -0.211]
    """
    for col in ("iso3", "year", "basis", "spending_usd_mn", "gdp_usd_bn"):
        if col not in inputs.columns:
            raise BurdenInputError(t("the decomposition needs a {col!r} column", col=col))
    s = inputs.sort_values(["iso3", "year"]).reset_index(drop=True)
    grp = s.groupby("iso3")
    prev_year = grp["year"].shift(1)
    prev_me = grp["spending_usd_mn"].shift(1)
    prev_gdp = grp["gdp_usd_bn"].shift(1)
    g_me = s["spending_usd_mn"] / prev_me - 1
    g_y = s["gdp_usd_bn"] / prev_gdp - 1
    b0 = prev_me / (prev_gdp * 1e3) * 100
    ok = (prev_year == s["year"] - 1) & g_me.notna() & g_y.notna() & (g_y > -1)
    if "spending_nc_mn" in s.columns:
        nc = s["spending_nc_mn"].astype(float)
        usd_per_nc = s["spending_usd_mn"] / nc
        x = usd_per_nc / grp["spending_usd_mn"].shift(1).div(grp["spending_nc_mn"].shift(1)) - 1
        g_me_nc = nc / grp["spending_nc_mn"].shift(1) - 1
        g_y_nc = (1 + g_y) / (1 + x) - 1
    else:
        x = g_me_nc = g_y_nc = pd.Series(np.nan, index=s.index)
    current = s["basis"].astype(str).str.contains("current")
    spend_nc = (b0 * g_me_nc / (1 + g_y_nc)).where(current)
    gdp_nc = (-b0 * g_y_nc / (1 + g_y_nc)).where(current)
    published = (
        s["burden_pct"] - grp["burden_pct"].shift(1)
        if "burden_pct" in s.columns
        else pd.Series(np.nan, index=s.index)
    )
    out = pd.DataFrame(
        {
            "iso3": s["iso3"],
            "year": s["year"].astype("int64"),
            "basis": s["basis"],
            "burden_before_pct": b0,
            "burden_after_pct": b0 * (1 + g_me) / (1 + g_y),
            "change_pp": b0 * (g_me - g_y) / (1 + g_y),
            "spending_effect_pp": b0 * g_me / (1 + g_y),
            "gdp_effect_pp": -b0 * g_y / (1 + g_y),
            "spending_growth_pct": g_me * 100,
            "gdp_growth_pct": g_y * 100,
            "published_change_pp": published,
            "is_estimate": s["is_estimate"] if "is_estimate" in s.columns else False,
            "fx_change_pct": (x * 100).where(current),
            "spending_effect_nc_pp": spend_nc,
            "gdp_effect_nc_pp": gdp_nc,
            "exchange_rate_term_pp": b0 * g_me / (1 + g_y) - spend_nc,
        }
    )
    out = out[ok.to_numpy()].reset_index(drop=True)
    cur = bool(current.any())
    have = bool(out["exchange_rate_term_pp"].notna().any())
    out.attrs["exchange_rate"] = (
        t("constant prices and exchange rates: no exchange-rate term") if not cur
        else t("current US dollars: exchange_rate_term_pp is the part of each US-dollar effect "
               "due to the exchange rate (national-currency effects beside)") if have
        else t("current US dollars without national-currency figures: the exchange-rate term "
               "cannot be separated; both effects include exchange-rate moves (use "
               "basis='constant')")
    )

    return out
