"""Spending effect and GDP effect in a change of the defence burden (METRICS.md C5).

The burden b = ME / Y can rise because spending grew or because GDP fell. With growth
rates g_ME and g_Y from year t−1 to t, exactly:

    Δb = b_{t−1} (g_ME − g_Y) / (1 + g_Y)
       = b_{t−1} g_ME / (1 + g_Y)      (spending effect)
       − b_{t−1} g_Y / (1 + g_Y)       (GDP effect)

so the two effects add up to the change with no residual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from burdenshare.burden.errors import BurdenInputError


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
        raise BurdenInputError(f"GDP growth must be above -100%; got {gdp_growth * 100:g}%")
    b0 = burden_before_pct
    spending = b0 * spending_growth / (1 + gdp_growth)
    gdp = -b0 * gdp_growth / (1 + gdp_growth)
    after = b0 * (1 + spending_growth) / (1 + gdp_growth)
    return BurdenChange(b0, after, after - b0, spending, gdp)


DECOMPOSITION_COLUMNS = (
    "iso3", "year", "basis", "burden_before_pct", "burden_after_pct", "change_pp",
    "spending_effect_pp", "gdp_effect_pp", "spending_growth_pct", "gdp_growth_pct",
    "published_change_pp", "is_estimate",
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
    """
    for col in ("iso3", "year", "basis", "spending_usd_mn", "gdp_usd_bn"):
        if col not in inputs.columns:
            raise BurdenInputError(f"the decomposition needs a {col!r} column")
    s = inputs.sort_values(["iso3", "year"]).reset_index(drop=True)
    grp = s.groupby("iso3")
    prev_year = grp["year"].shift(1)
    prev_me = grp["spending_usd_mn"].shift(1)
    prev_gdp = grp["gdp_usd_bn"].shift(1)
    g_me = s["spending_usd_mn"] / prev_me - 1
    g_y = s["gdp_usd_bn"] / prev_gdp - 1
    b0 = prev_me / (prev_gdp * 1e3) * 100
    ok = (prev_year == s["year"] - 1) & g_me.notna() & g_y.notna() & (g_y > -1)
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
        }
    )
    return out[ok.to_numpy()].reset_index(drop=True)
