"""The capabilities component of the three-Cs burden index, from readiness pledges (pure).

An ally's *readiness relative to its fair share* on a day is the number of its units that
count towards a requirement, divided by its fair share of all counting units (its weight,
e.g. its GDP share among the allies weighed, times the total). 1.0 is exactly a fair share;
above it, an ally carries more than its share. The result has the columns
``burden.index`` takes (``iso3``, ``readiness_vs_fair_share``).

>>> from datetime import date
>>> from burdenshare.readiness.model import Pledge, Requirement, frame
>>> f = frame([Pledge("a", "NLD", "air_squadron", 10, date(2024, 1, 1)),
...            Pledge("b", "NLD", "air_squadron", 10, date(2024, 1, 1)),
...            Pledge("c", "DEU", "air_squadron", 10, date(2024, 1, 1))])
>>> out = capabilities(f, Requirement("r", {"air_squadron": 3}, 30), date(2025, 1, 1),
...                    {"NLD": 1, "DEU": 2})
>>> out[["iso3", "units", "fair_share_units", "readiness_vs_fair_share"]]
  iso3  units  fair_share_units  readiness_vs_fair_share
0  DEU      1               2.0                      0.5
1  NLD      2               1.0                      2.0
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from burdenshare.readiness.checks import counts_mask
from burdenshare.readiness.errors import ReadinessError
from burdenshare.readiness.model import Requirement
from burdenshare.text import t


def capabilities(
    frame: pd.DataFrame,
    requirement: Requirement,
    day: date,
    weights: Mapping[str, float],
    *,
    with_offers: bool = False,
) -> pd.DataFrame:
    """Per nation with a weight: counting units, fair share of them, and their ratio.

    A nation with no fair share (weight 0) gets ``NaN``; with no units counting at all
    every ratio is ``NaN`` (nothing to share).
    """
    total_w = float(sum(max(float(w), 0.0) for w in weights.values()))
    if total_w <= 0:
        raise ReadinessError(t("fair-share weights must include a positive weight"))
    mask = counts_mask(frame, requirement, day, with_offers=with_offers)
    per = frame.loc[mask].groupby("nation").size()
    nations = sorted(weights)
    units = np.array([int(per.get(n, 0)) for n in nations], dtype=np.int64)
    share = np.array([max(float(weights[n]), 0.0) / total_w for n in nations])
    fair = share * units.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(fair > 0, units / np.where(fair > 0, fair, 1.0), np.nan)
    return pd.DataFrame(
        {
            "iso3": nations,
            "units": units,
            "weight": share,
            "fair_share_units": fair,
            "readiness_vs_fair_share": ratio,
        }
    )
