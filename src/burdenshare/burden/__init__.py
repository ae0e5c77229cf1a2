"""Burden-sharing analytics: free-riding tests, fair shares, a three-Cs index, decomposition.

Pure functions over the inputs built from a release panel (:func:`alliance_inputs`);
only :mod:`burdenshare.burden.loader` reads files. Definitions: ``docs/burden.md`` and
METRICS.md sections A, B and C5; :mod:`burdenshare.burden.measures` holds A5, A6, B6 and
B7 for inputs the caller brings.

>>> from burdenshare import burden
>>> round(burden.spearman([1000, 400, 300, 100, 50], [3.0, 2.0, 2.5, 1.0, 1.5]).estimate, 2)
0.8
"""

from burdenshare.burden.decomposition import BurdenChange, decompose, decompose_panel
from burdenshare.burden.errors import (
    BurdenDataError,
    BurdenError,
    BurdenInputError,
    UnknownBasisError,
    WeightsError,
)
from burdenshare.burden.fairshare import (
    BAND_DECIMALS,
    band_compared_at,
    classify_ratio,
    fair_share,
    subgroup_share,
)
from burdenshare.burden.freeriding import free_riding, free_riding_series, pooled_free_riding
from burdenshare.burden.index import (
    COMPONENTS,
    COST_SHARES_MISSING,
    DEFAULT_INDICATORS,
    READINESS_MISSING,
    Indicator,
    check_weights,
    common_funding_ratio,
    common_funding_vs_formula,
    composite,
    cost_shares_for_year,
    efp_participation,
    formula_shares,
    parse_weights,
    standardise,
    three_cs,
    three_cs_index,
)
from burdenshare.burden.inputs import (
    BASES,
    alliance_inputs,
    basis_label,
    check_basis,
    gdp_shares,
)
from burdenshare.burden.loader import load_efp
from burdenshare.burden.measures import (
    Concordance,
    benefit_shares,
    concordance,
    contribution_ratio,
    deployment_rate,
    progressive_ratio,
    security_burden_pct,
)
from burdenshare.burden.ranktests import (
    RankCorrelation,
    kendall_tau_b,
    partial_from_rhos,
    partial_spearman,
    spearman,
    spearman_permutation,
)

__all__ = [
    "BAND_DECIMALS",
    "BASES",
    "COMPONENTS",
    "COST_SHARES_MISSING",
    "DEFAULT_INDICATORS",
    "READINESS_MISSING",
    "BurdenChange",
    "BurdenDataError",
    "BurdenError",
    "BurdenInputError",
    "Concordance",
    "Indicator",
    "RankCorrelation",
    "UnknownBasisError",
    "WeightsError",
    "alliance_inputs",
    "band_compared_at",
    "basis_label",
    "benefit_shares",
    "check_basis",
    "check_weights",
    "classify_ratio",
    "common_funding_ratio",
    "common_funding_vs_formula",
    "composite",
    "concordance",
    "contribution_ratio",
    "cost_shares_for_year",
    "decompose",
    "decompose_panel",
    "deployment_rate",
    "efp_participation",
    "fair_share",
    "formula_shares",
    "free_riding",
    "free_riding_series",
    "gdp_shares",
    "kendall_tau_b",
    "load_efp",
    "parse_weights",
    "partial_from_rhos",
    "partial_spearman",
    "pooled_free_riding",
    "progressive_ratio",
    "security_burden_pct",
    "spearman",
    "spearman_permutation",
    "standardise",
    "subgroup_share",
    "three_cs",
    "three_cs_index",
]
