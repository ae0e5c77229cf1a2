"""Spending and equipment spending per soldier (NATO Table 7 personnel), pure functions.

Per ally-year, from one release panel:

- ``spending_per_soldier_usd_k`` = defence expenditure at constant prices and exchange
  rates (US$ mn, the release's price base) / military personnel (thousands):
  thousand US dollars per soldier;
- ``equipment_per_soldier_usd_k`` = the same × equipment share (Table 8a) / 100;
- ``personnel_cost_per_soldier_usd_k`` = the same × personnel share / 100.

Constant prices make years of one ally comparable; across allies the exchange rates of
the base year apply. Iceland has no armed forces (no personnel): left out, not zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from burdenshare.spending.metrics import MetricInputError
from burdenshare.text import t

NEEDED = ("iso3", "year", "military_personnel_thousands", "defence_exp_usd_constant_mn")


def per_soldier(
    panel: pd.DataFrame,
    years: Iterable[int] | None = None,
    allies: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Spending, equipment and personnel cost per soldier, per ally-year.

    Columns: ``iso3, year, military_personnel_thousands, defence_exp_usd_constant_mn,
    spending_per_soldier_usd_k, equipment_per_soldier_usd_k,
    personnel_cost_per_soldier_usd_k, price_base, is_estimate``.

    >>> p = pd.DataFrame({"iso3": ["AAA"], "year": [2024], "is_estimate": [False],
    ...     "military_personnel_thousands": [40.0], "defence_exp_usd_constant_mn": [20000.0],
    ...     "equipment_share_pct": [25.0], "personnel_share_pct": [40.0], "price_base": [2021]})
    >>> per_soldier(p)[["spending_per_soldier_usd_k", "equipment_per_soldier_usd_k",
    ...     "personnel_cost_per_soldier_usd_k"]].values.tolist()
    [[500.0, 125.0, 200.0]]

    Raises:
        MetricInputError: the panel lacks personnel or constant-price spending.
    """
    missing = [c for c in NEEDED if c not in panel.columns]
    if missing:
        raise MetricInputError(t(
            "per-soldier measures need {missing} (NATO Table 7)",
            missing=', '.join(missing),
        ))
    p = panel
    if years is not None:
        p = p[p["year"].isin([int(y) for y in years])]
    if allies is not None:
        p = p[p["iso3"].isin(list(allies))]
    troops = pd.to_numeric(p["military_personnel_thousands"], errors="coerce")
    p = p[troops > 0]
    troops = troops[troops > 0]
    spend = pd.to_numeric(p["defence_exp_usd_constant_mn"], errors="coerce")
    per = spend / troops  # US$ mn / thousand soldiers = US$ thousand per soldier

    def share(col: str) -> pd.Series:
        if col not in p.columns:
            return pd.Series(np.nan, index=p.index)
        return pd.to_numeric(p[col], errors="coerce") / 100

    out = pd.DataFrame(
        {
            "iso3": p["iso3"],
            "year": p["year"].astype("int64"),
            "military_personnel_thousands": troops,
            "defence_exp_usd_constant_mn": spend,
            "spending_per_soldier_usd_k": per,
            "equipment_per_soldier_usd_k": per * share("equipment_share_pct"),
            "personnel_cost_per_soldier_usd_k": per * share("personnel_share_pct"),
            "price_base": p["price_base"] if "price_base" in p.columns else np.nan,
            "is_estimate": p["is_estimate"].astype(bool) if "is_estimate" in p.columns
            else False,
        }
    )
    return out.sort_values(["year", "iso3"], kind="stable").reset_index(drop=True)


__all__ = ["per_soldier"]
