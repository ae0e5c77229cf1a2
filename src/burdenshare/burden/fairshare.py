"""Fair-share measures (METRICS.md B1-B5): who pays more or less than their share of income.

Input: the frame of :func:`burdenshare.burden.inputs.alliance_inputs` for one year (the
comparison set is the allies in it: members of the group that year with defence spending).
All money is on one currency basis, named in the ``basis`` column.

- ``spending_share_pct`` s^ME = ME$_i / Σ ME$ (B1), in percent
- ``gdp_share_pct`` s^Y = Y$_i / Σ Y$ (B2, "ability to contribute"), in percent
- ``burden_sharing_ratio`` R = s^ME / s^Y (B3), classed with the US Department of
  Defense's bands: R ≥ 1.2 ``substantial``, 0.8 ≤ R < 1.2 ``in balance``, R < 0.8
  ``very low effort``. The DoD prints the ratio with two decimals and its bands as
  "0.80-1.19" and "1.20 or more", so by default R is compared at two decimals (0.797
  prints and counts as 0.80, ``in balance``); ``band_decimals=None`` compares the
  unrounded ratio. ``band_compared_at`` names which. R equals the ally's burden over the
  GDP-weighted alliance burden; ``ratio_to_mean_burden`` gives the burden over the
  unweighted mean of burdens instead.
- ``fair_share_gap_usd_mn`` = s^Y Σ ME$ − ME$_i (B4): positive means the ally would spend
  that much more at the alliance-wide ratio; the gaps sum to zero.
- ``per_capita_usd`` = ME$ / POP and ``per_capita_relative`` to Σ ME$ / Σ POP (B5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from burdenshare import measure
from burdenshare.burden.errors import BurdenInputError
from burdenshare.text import t

#: DoD Statistical Compendium bands (lower bound inclusive), highest first.
BANDS: tuple[tuple[float, str], ...] = (
    (1.2, "substantial"),
    (0.8, "in balance"),
    (float("-inf"), "very low effort"),
)

#: The DoD prints burden-sharing ratios, and states its bands, with two decimals.
BAND_DECIMALS = measure.PRINTED_DECIMALS


def classify_ratio(ratio: float, decimals: int | None = BAND_DECIMALS) -> str:
    """The DoD band of a burden-sharing ratio (``""`` for NaN).

    Args:
        ratio: the burden-sharing ratio R.
        decimals: compare R rounded to this many decimals, as the DoD prints it (its
            bands read "0.80-1.19" and "1.20 or more"); ``None`` compares it unrounded.

    >>> [classify_ratio(r) for r in (1.5, 1.2, 1.19, 0.8, 0.79)]
    ['substantial', 'substantial', 'in balance', 'in balance', 'very low effort']
    >>> classify_ratio(0.797), classify_ratio(0.797, decimals=None)
    ('in balance', 'very low effort')
    >>> classify_ratio(1.197), classify_ratio(1.197, decimals=None)
    ('substantial', 'in balance')
    >>> classify_ratio(1.195)  # the float just below 1.195 still prints as 1.20
    'substantial'
    """
    if np.isnan(ratio):
        return ""
    for lower, label in BANDS:
        # measure.meets: rounded half up as printed, one tolerance (0.6 / 0.5 meets 1.2)
        if measure.meets(float(ratio), lower, decimals=decimals):
            return label
    return BANDS[-1][1]  # pragma: no cover - the last bound is -inf


def band_compared_at(decimals: int | None) -> str:
    """How the ratio was compared with the bands: ``2 decimals`` or ``unrounded``.

    >>> band_compared_at(2), band_compared_at(None)
    ('2 decimals', 'unrounded')
    """
    return measure.compared_at(decimals)


FAIR_SHARE_COLUMNS = (
    "iso3", "year", "basis", "spending_usd_mn", "gdp_usd_bn", "spending_share_pct", "gdp_share_pct",
    "burden_sharing_ratio", "band", "burden_pct_computed", "burden_pct", "ratio_to_mean_burden",
    "fair_share_gap_usd_mn", "population_mn", "per_capita_usd", "per_capita_relative",
    "is_estimate",
)  # fmt: skip


def fair_share(
    inputs: pd.DataFrame,
    year: int,
    band_decimals: int | None = BAND_DECIMALS,
    *,
    reference_without: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Fair-share measures of every ally in ``inputs`` for ``year``.

    Args:
        inputs: ally-year rows with ``iso3``, ``year``, ``basis``, ``spending_usd_mn``,
            ``gdp_usd_bn``; optionally ``burden_pct`` (published), ``population_mn``,
            ``is_estimate``.
        year: the year.
        band_decimals: the ratio is compared with the DoD bands at this many decimals
            (two, as the DoD prints it); ``None`` compares it unrounded.
        reference_without: allies left out of the reference average (``("USA",)``): the
            alliance burden Σ ME$/Σ Y$ is dominated by the US (about 60% of the spending),
            so R compares everyone with an average that is essentially the US. With this
            option ``ratio_vs_reference`` = burden / (Σ ME$/Σ Y$ over the others) and
            ``band_vs_reference`` (the same DoD bands) are added; R itself is unchanged.

    Returns:
        One row per ally (columns ``FAIR_SHARE_COLUMNS``), sorted by ratio, highest first.
        ``burden_pct_computed`` is ME$/Y$ on the basis; ``burden_pct`` is NATO's printed
        share; per-capita columns are NaN without population. ``attrs`` hold the
        alliance figures: ``alliance_burden_pct`` (Σ ME$/Σ Y$), ``mean_burden_pct``
        (unweighted), ``median_burden_pct`` (METRICS.md F), ``alliance_per_capita_usd``,
        ``n_allies``, ``basis``, and ``band_compared_at`` (``2 decimals`` or
        ``unrounded``).

    Raises:
        BurdenInputError: a column is missing, or the year has no allies with both
            spending and GDP.

    Worked example of METRICS.md B1-B5 (made-up numbers):

    >>> inputs = pd.DataFrame({"iso3": ["A", "B", "C"], "year": 2024, "basis": "usd_current",
    ...     "spending_usd_mn": [30.0, 15.0, 5.0], "gdp_usd_bn": [1.0, 1.0, 0.5],
    ...     "population_mn": [100.0, 80.0, 20.0]})
    >>> f = fair_share(inputs, 2024).set_index("iso3")
    >>> f["burden_sharing_ratio"].round(2).tolist(), f["band"].tolist()
    ([1.5, 0.75, 0.5], ['substantial', 'very low effort', 'very low effort'])
    >>> f["fair_share_gap_usd_mn"].round(6).tolist(), f["per_capita_relative"].round(2).tolist()
    ([-10.0, 5.0, 5.0], [1.2, 0.75, 1.0])

    Against the average without A (B and C: 20 / 1,500 = 1.33%):

    >>> g = fair_share(inputs, 2024, reference_without=("A",)).set_index("iso3")
    >>> g["ratio_vs_reference"].round(3).tolist(), g["band_vs_reference"].tolist()
    ([2.25, 1.125, 0.75], ['substantial', 'in balance', 'very low effort'])
    """
    for col in ("iso3", "year", "basis", "spending_usd_mn", "gdp_usd_bn"):
        if col not in inputs.columns:
            raise BurdenInputError(t("fair-share measures need a {col!r} column", col=col))
    sub = inputs[(inputs["year"] == year)]
    sub = sub[sub["spending_usd_mn"].notna() & sub["gdp_usd_bn"].notna()]
    if sub.empty:
        raise BurdenInputError(t("no ally has defence spending and GDP in {year}", year=year))
    me = sub["spending_usd_mn"].astype(float)
    gdp_mn = sub["gdp_usd_bn"].astype(float) * 1e3
    total_me, total_gdp = float(me.sum()), float(gdp_mn.sum())
    s_me = me / total_me
    s_y = gdp_mn / total_gdp
    ratio = s_me / s_y
    burden = me / gdp_mn
    alliance_burden = total_me / total_gdp
    mean_burden = float(burden.mean())
    pop = (
        sub["population_mn"].astype(float)
        if "population_mn" in sub.columns
        else pd.Series(np.nan, index=sub.index)
    )
    per_capita = me / pop  # US$ million per million people = US$ per head
    has_pop = pop.notna()
    alliance_pc = float(me[has_pop].sum() / pop[has_pop].sum()) if has_pop.all() else float("nan")
    out = pd.DataFrame(
        {
            "iso3": sub["iso3"],
            "year": sub["year"].astype("int64"),
            "basis": sub["basis"],
            "spending_usd_mn": me,
            "gdp_usd_bn": sub["gdp_usd_bn"].astype(float),
            "spending_share_pct": s_me * 100,
            "gdp_share_pct": s_y * 100,
            "burden_sharing_ratio": ratio,
            "band": [classify_ratio(float(r), band_decimals) for r in ratio],
            "burden_pct_computed": burden * 100,
            "burden_pct": sub["burden_pct"] if "burden_pct" in sub.columns else np.nan,
            "ratio_to_mean_burden": burden / mean_burden,
            "fair_share_gap_usd_mn": s_y * total_me - me,
            "population_mn": pop,
            "per_capita_usd": per_capita,
            "per_capita_relative": per_capita / alliance_pc,
            "is_estimate": sub["is_estimate"] if "is_estimate" in sub.columns else False,
        }
    )
    ref = ~sub["iso3"].isin(list(reference_without))
    ref_burden = float(me[ref].sum() / gdp_mn[ref].sum()) if ref.any() else float("nan")
    if reference_without:
        out["ratio_vs_reference"] = burden / ref_burden
        out["band_vs_reference"] = [classify_ratio(float(r), band_decimals)
                                    for r in out["ratio_vs_reference"]]  # fmt: skip
    out = out.sort_values(["burden_sharing_ratio", "iso3"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.attrs.update(
        {
            "alliance_burden_pct": alliance_burden * 100,
            "mean_burden_pct": mean_burden * 100,
            "median_burden_pct": float(burden.median()) * 100,
            "alliance_per_capita_usd": alliance_pc,
            "n_allies": len(out),
            "basis": str(out["basis"].iloc[0]),
            "band_compared_at": band_compared_at(band_decimals),
            "reference": (
                t("average without {allies}: {burden:.2f}% of GDP",
                  allies=", ".join(reference_without), burden=ref_burden * 100)
                if reference_without else t("the alliance average (Σ spending / Σ GDP)")
            ),

        }
    )
    return out


def subgroup_share(fair: pd.DataFrame, codes: set[str] | frozenset[str]) -> float:
    """The percent of alliance spending borne by a subgroup (METRICS.md F), from ``fair_share``.

    >>> f = pd.DataFrame({"iso3": ["A", "B", "C"], "spending_share_pct": [60.0, 30.0, 10.0]})
    >>> round(subgroup_share(f, {"B", "C"}), 2)
    40.0
    """
    return float(fair.loc[fair["iso3"].isin(codes), "spending_share_pct"].sum())
