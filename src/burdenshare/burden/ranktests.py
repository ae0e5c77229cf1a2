"""Rank correlations for the free-riding ("exploitation") tests (METRICS.md A2-A4).

Pure statistics on two or three equal-length sequences; scipy does the work wherever it
can (``spearmanr``, ``kendalltau``, ``permutation_test``). Only the partial rank
correlation, which scipy lacks, is computed here from the pairwise Spearman coefficients.

Every result is a :class:`RankCorrelation` naming its p-value method, because published
tables differ on it: the Olson-Zeckhauser hypothesis is one-sided (H1: ρ > 0), yet the
p-values printed by Sandler & Murdoch (2000) are two-sided t approximations. Both are
reported.

>>> gdp = [1000, 400, 300, 100, 50]
>>> burden = [3.0, 2.0, 2.5, 1.0, 1.5]
>>> r = spearman(gdp, burden)
>>> round(r.estimate, 2), round(r.p_one_sided, 3), r.p_method
(0.8, 0.052, 't approximation (df 3)')
>>> round(spearman_permutation(gdp, burden).p_one_sided, 3)
0.067
>>> k = kendall_tau_b(gdp, burden)
>>> round(k.estimate, 2), round(k.p_two_sided, 3), k.p_method
(0.6, 0.233, 'exact')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from burdenshare.burden.errors import BurdenInputError
from burdenshare.text import t

#: Kendall's exact null distribution is used up to this many allies (and without ties).
KENDALL_EXACT_MAX_N = 33

Numbers = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class RankCorrelation:
    """One rank correlation with its p-values.

    Attributes:
        statistic: ``spearman``, ``kendall_tau_b`` or ``partial_spearman``.
        estimate: the coefficient (NaN when a variable is constant).
        n: the number of pairs.
        p_two_sided: p-value against H1: ρ ≠ 0.
        p_one_sided: p-value against H1: ρ > 0 (the exploitation hypothesis).
        p_method: how the p-values were obtained, e.g. ``t approximation (df 3)``,
            ``exact permutation``, ``exact``, ``asymptotic``.
        controls: variables held constant (partial correlation only).
    """

    statistic: str
    estimate: float
    n: int
    p_two_sided: float
    p_one_sided: float
    p_method: str
    controls: tuple[str, ...] = ()


def _arrays(*columns: Numbers) -> list[np.ndarray]:
    arrays = [np.asarray(c, dtype=float) for c in columns]
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise BurdenInputError(
            t(
                "rank correlation needs sequences of equal length; got {arrays}",
                arrays=", ".join(str(len(a)) for a in arrays),
            )
        )
    if any(np.isnan(a).any() for a in arrays):
        raise BurdenInputError(t("rank correlation got a missing value (NaN); drop it first"))
    if n < 3:
        raise BurdenInputError(t("rank correlation needs at least 3 allies; got {n}", n=n))
    return arrays


def _constant(*arrays: np.ndarray) -> bool:
    return any(float(np.ptp(a)) == 0.0 for a in arrays)


def _nan_result(
    statistic: str, n: int, method: str, controls: tuple[str, ...] = ()
) -> RankCorrelation:
    nan = float("nan")
    return RankCorrelation(
        statistic, nan, n, nan, nan, method + "; a variable is constant", controls
    )


def spearman(x: Numbers, y: Numbers) -> RankCorrelation:
    """Spearman's ρ (average ranks for ties) with t-approximation p-values (df n − 2).

    Args:
        x: e.g. GDP of the allies.
        y: e.g. their defence burden (% of GDP), in the same order.

    Returns:
        A :class:`RankCorrelation`; ``p_method`` names the approximation.

    Raises:
        BurdenInputError: unequal lengths, a NaN, or fewer than 3 allies.

    >>> r = spearman([1, 2, 3, 4], [1, 3, 2, 4])
    >>> round(r.estimate, 2), r.n
    (0.8, 4)
    """
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    a, b = _arrays(x, y)
    method = f"t approximation (df {len(a) - 2})"
    if _constant(a, b):
        return _nan_result("spearman", len(a), method)
    two = stats.spearmanr(a, b, alternative="two-sided")
    one = stats.spearmanr(a, b, alternative="greater")
    return RankCorrelation(
        "spearman", float(two.statistic), len(a), float(two.pvalue), float(one.pvalue), method
    )


def spearman_permutation(
    x: Numbers, y: Numbers, n_resamples: int = 9999, seed: int = 0
) -> RankCorrelation:
    """Spearman's ρ with permutation p-values (scipy ``permutation_test``).

    The null distribution is exact (all n! orderings) when n! ≤ ``n_resamples``, otherwise
    a Monte Carlo sample with a fixed ``seed``, so results are reproducible; ``p_method``
    says which.

    >>> r = spearman_permutation([1000, 400, 300, 100, 50], [3.0, 2.0, 2.5, 1.0, 1.5])
    >>> r.p_method, round(r.p_one_sided, 4), round(r.p_two_sided, 4)
    ('exact permutation', 0.0667, 0.1333)
    """
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    a, b = _arrays(x, y)
    n = len(a)
    exact = math.factorial(n) <= n_resamples
    method = (
        "exact permutation"
        if exact
        else f"Monte Carlo permutation ({n_resamples} resamples, seed {seed})"
    )
    if _constant(a, b):
        return _nan_result("spearman", n, method)
    # The statistic is Σ (2 r_x)(2 r_y): twice an average rank is an integer, so the sum is
    # exact in floating point, and under permutation it orders the orderings exactly as ρ
    # does (the ranks' means and variances do not change). Computing ρ itself gives values
    # such as ±3e-17 for a true 0, which scipy's tolerance does not treat as ties. Ranking
    # commutes with permuting, so the ranks of y are permuted, not re-ranked.
    ra2 = 2 * stats.rankdata(a)
    rb2 = 2 * stats.rankdata(b)

    def statistic(ry2: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.asarray(np.sum(ra2 * ry2, axis=axis))

    results = {}
    for alternative in ("two-sided", "greater"):
        results[alternative] = stats.permutation_test(
            (rb2,),
            statistic,
            permutation_type="pairings",
            alternative=alternative,
            vectorized=True,
            n_resamples=n_resamples,
            rng=np.random.default_rng(seed),
        )
    est = float(stats.spearmanr(a, b).statistic)
    return RankCorrelation(
        "spearman",
        est,
        n,
        float(results["two-sided"].pvalue),
        float(results["greater"].pvalue),
        method,
    )


def _has_ties(a: np.ndarray) -> bool:
    return len(np.unique(a)) < len(a)


def kendall_tau_b(x: Numbers, y: Numbers) -> RankCorrelation:
    """Kendall's τ_b with p-values: exact without ties (n ≤ 33), else asymptotic.

    >>> r = kendall_tau_b([1, 2, 3, 4, 5], [1, 2, 2, 4, 5])
    >>> round(r.estimate, 3), r.p_method
    (0.949, 'asymptotic (ties present)')
    """
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    a, b = _arrays(x, y)
    n = len(a)
    ties = _has_ties(a) or _has_ties(b)
    if not ties and n <= KENDALL_EXACT_MAX_N:
        method, label = "exact", "exact"
    else:
        method = "asymptotic"
        label = "asymptotic (ties present)" if ties else f"asymptotic (n > {KENDALL_EXACT_MAX_N})"
    if _constant(a, b):
        return _nan_result("kendall_tau_b", n, label)
    two = stats.kendalltau(a, b, variant="b", method=method, alternative="two-sided")
    one = stats.kendalltau(a, b, variant="b", method=method, alternative="greater")
    return RankCorrelation(
        "kendall_tau_b", float(two.statistic), n, float(two.pvalue), float(one.pvalue), label
    )


def partial_from_rhos(r12: float, r13: float, r23: float) -> float:
    """First-order partial correlation ρ_12·3 from three pairwise correlations (A4).

    ρ_12·3 = (ρ_12 − ρ_13 ρ_23) / √((1 − ρ_13²)(1 − ρ_23²)); NaN when |ρ_13| or |ρ_23|
    is 1 (the control explains a variable completely).

    >>> round(partial_from_rhos(0.50, 0.40, 0.60), 3)
    0.355
    """
    denom = (1 - r13**2) * (1 - r23**2)
    if denom <= 0:
        return float("nan")
    value = (r12 - r13 * r23) / math.sqrt(denom)
    return float(min(1.0, max(-1.0, value)))


def _t_pvalues(r: float, df: int) -> tuple[float, float]:
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    if math.isnan(r) or df <= 0:
        return float("nan"), float("nan")
    if abs(r) >= 1:
        return 0.0, (0.0 if r > 0 else 1.0)
    t = r * math.sqrt(df / (1 - r * r))
    return float(2 * stats.t.sf(abs(t), df)), float(stats.t.sf(t, df))


def partial_spearman(x: Numbers, y: Numbers, z: Numbers, control: str = "z") -> RankCorrelation:
    """Spearman correlation of x and y holding z constant (ρ_12·3 of A4).

    Computed from the three pairwise Spearman coefficients; p-values by the t
    approximation with n − 3 degrees of freedom (n − 2 − k, k = 1 control), the
    convention that reproduces Sandler & Murdoch's printed values.

    Args:
        x, y: the two variables (GDP, burden).
        z: the control (income per head).
        control: its name, recorded in ``controls``.

    >>> r = partial_spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], [1, 3, 2, 5, 4], "gdp_per_head")
    >>> round(r.estimate, 3), r.p_method, r.controls
    (0.978, 't approximation (df 2)', ('gdp_per_head',))
    """
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    a, b, c = _arrays(x, y, z)
    n = len(a)
    method = f"t approximation (df {n - 3})"
    if _constant(a, b, c):
        return _nan_result("partial_spearman", n, method, (control,))
    r12 = float(stats.spearmanr(a, b).statistic)
    r13 = float(stats.spearmanr(a, c).statistic)
    r23 = float(stats.spearmanr(b, c).statistic)
    r = partial_from_rhos(r12, r13, r23)
    p2, p1 = _t_pvalues(r, n - 3)
    return RankCorrelation("partial_spearman", r, n, p2, p1, method, (control,))
