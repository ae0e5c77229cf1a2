"""Spending metrics: pure functions over a release panel.

See :mod:`burdenshare.spending.metrics`. The functions that fetch data and call these live
in :mod:`burdenshare.api` (``bs.spending_table``, ``bs.spending_gap``...).
"""

from burdenshare.spending.metrics import (
    CATEGORY_COLUMNS,
    MetricInputError,
    PartialCoverageError,
    composition,
    count_at_or_above,
    coverage,
    cumulative_increase,
    gap_to_threshold,
    group_aggregates,
    group_per_capita,
    group_real_change,
    group_share_of_gdp,
    group_totals,
    overview,
    per_capita,
    rank,
    rank_observations,
    real_change,
    share_check,
    share_of_gdp,
)

__all__ = [
    "CATEGORY_COLUMNS",
    "MetricInputError",
    "PartialCoverageError",
    "composition",
    "count_at_or_above",
    "coverage",
    "cumulative_increase",
    "gap_to_threshold",
    "group_aggregates",
    "group_per_capita",
    "group_real_change",
    "group_share_of_gdp",
    "group_totals",
    "overview",
    "per_capita",
    "rank",
    "rank_observations",
    "real_change",
    "share_check",
    "share_of_gdp",
]
