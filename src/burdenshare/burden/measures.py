"""Further burden measures of METRICS.md: A5, A6, B6 and B7, as plain functions.

The engine ships none of their inputs (UN peacekeeping, development aid, exposed borders,
troops deployed, active-duty personnel), so they have no command: they take the caller's
numbers, one value per ally in the same order, and return plain numbers.

- :func:`security_burden_pct` — A5, the broad "security burden" (ME + PK + FA) / Y;
- :func:`benefit_shares` and :func:`concordance` — A6, the Wilcoxon signed-rank test of
  burden shares against benefit shares (joint-product model);
- :func:`progressive_ratio` — B6, the burden-sharing ratio with an ability that rises
  with income per head (θ = 0 gives B3);
- :func:`deployment_rate` and :func:`contribution_ratio` — B7.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from burdenshare.burden.errors import BurdenInputError
from burdenshare.text import t

Numbers = Sequence[float] | np.ndarray

#: The exact null distribution of the signed-rank statistic is used up to this many
#: non-zero differences (and without tied |d|).
WILCOXON_EXACT_MAX_N = 50

#: Differences of shares are compared at this many decimals (far below any real gap).
DIFFERENCE_DECIMALS = 12


def _vector(values: Numbers, name: str) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim != 1 or len(a) == 0:
        raise BurdenInputError(t("{name} needs one value per ally", name=name))
    if np.isnan(a).any():
        raise BurdenInputError(t(
            "{name} got a missing value (NaN); drop the ally first",
            name=name,
        ))
    return a


def _same_length(**arrays: np.ndarray) -> None:
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise BurdenInputError(
            t(
                "one value per ally in the same order; got {items}",
                items=", ".join(f"{k} {n}" for k, n in lengths.items()),
            )
        )


def _shares(values: np.ndarray, name: str) -> np.ndarray:
    if (values < 0).any():
        raise BurdenInputError(t("{name} has a negative value", name=name))
    total = float(values.sum())
    if total <= 0:
        raise BurdenInputError(t("{name} sums to zero", name=name))
    return np.asarray(values / total, dtype=float)


def security_burden_pct(
    spending: Numbers, peacekeeping: Numbers, aid: Numbers, gdp: Numbers
) -> np.ndarray:
    """The broad security burden, % of GDP (METRICS.md A5): (ME + PK + FA) / Y.

    All four in one currency and year; PK is UN peacekeeping, FA foreign (development)
    assistance.

    >>> security_burden_pct([20.0], [0.5], [4.5], [1000.0]).round(6).tolist()
    [2.5]
    """
    me, pk, fa, y = (
        _vector(v, n)
        for v, n in (
            (spending, "spending"),
            (peacekeeping, "peacekeeping"),
            (aid, "aid"),
            (gdp, "gdp"),
        )
    )
    _same_length(spending=me, peacekeeping=pk, aid=fa, gdp=y)
    if (y <= 0).any():
        raise BurdenInputError(t("GDP must be positive"))
    return np.asarray((me + pk + fa) / y * 100, dtype=float)


def benefit_shares(
    proxies: Mapping[str, Numbers], weights: Mapping[str, float] | None = None
) -> np.ndarray:
    """Each ally's benefit share β_i = Σ_k w_k p_i^k (METRICS.md A6).

    Args:
        proxies: name → the proxy per ally (GDP, population, exposed border, …); each is
            turned into shares of its total.
        weights: name → weight; equal weights by default (a design choice, METRICS A6).

    >>> benefit_shares({"gdp": [400, 400, 200], "pop": [50, 40, 10]}).round(6).tolist()
    [0.45, 0.4, 0.15]
    """
    if not proxies:
        raise BurdenInputError(t("benefit shares need at least one proxy"))
    names = list(proxies)
    given = {n: 1.0 for n in names} if weights is None else dict(weights)
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise BurdenInputError(t(
            "weights for unknown proxies: {unknown}",
            unknown=', '.join(unknown),
        ))
    w = np.array([float(given.get(n, 0.0)) for n in names])
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise BurdenInputError(t("proxy weights must be non-negative with a positive sum"))
    arrays = {n: _vector(proxies[n], n) for n in names}
    _same_length(**arrays)
    shares = np.vstack([_shares(arrays[n], n) for n in names])
    return np.asarray((w / w.sum()) @ shares, dtype=float)


@dataclass(frozen=True)
class Concordance:
    """The Wilcoxon signed-rank test of burden shares against benefit shares.

    Attributes:
        w_plus: sum of the ranks of |d| where the burden share exceeds the benefit share.
        w_minus: the same where it falls short.
        n: the number of non-zero differences (zeros are dropped).
        p_two_sided: p-value against H0 "the two sets of shares cannot be told apart"
            (concordance); a small p rejects concordance.
        p_method: ``exact`` or ``normal approximation (…)``.
    """

    w_plus: float
    w_minus: float
    n: int
    p_two_sided: float
    p_method: str


def concordance(burden_shares: Numbers, benefit: Numbers) -> Concordance:
    """Wilcoxon matched-pairs signed-rank test on d = m − β (METRICS.md A6).

    The exact null distribution is used without tied |d| up to
    :data:`WILCOXON_EXACT_MAX_N` differences, otherwise the normal approximation (scipy's
    ``wilcoxon``); ``p_method`` says which.

    >>> c = concordance([0.60, 0.30, 0.10], [0.45, 0.40, 0.15])
    >>> c.w_plus, c.w_minus, c.p_two_sided, c.p_method
    (3.0, 3.0, 1.0, 'exact')
    """
    from scipy import stats  # lazy: scipy costs ~0.5 s to import

    m = _vector(burden_shares, "burden shares")
    b = _vector(benefit, "benefit shares")
    _same_length(burden_shares=m, benefit_shares=b)
    # Shares are fractions: rounding d to 1e-12 keeps floating-point noise from breaking
    # ties of |d| or hiding a zero difference (0.54 - 0.5 and 0.46 - 0.5 differ in the
    # 17th digit).
    d = np.round(m - b, DIFFERENCE_DECIMALS)
    d = d[d != 0]
    n = len(d)
    if n == 0:
        return Concordance(0.0, 0.0, 0, 1.0, "no non-zero difference")
    ranks = stats.rankdata(np.abs(d))
    w_plus = float(ranks[d > 0].sum())
    w_minus = float(ranks[d < 0].sum())
    ties = len(np.unique(np.abs(d))) < n
    if n <= WILCOXON_EXACT_MAX_N and not ties:
        method, label = "exact", "exact"
    else:
        method = "asymptotic"
        label = (
            "normal approximation (" + ("tied |d|" if ties else f"n > {WILCOXON_EXACT_MAX_N}") + ")"
        )
    p = float(stats.wilcoxon(d, method=method, alternative="two-sided").pvalue)
    return Concordance(w_plus, w_minus, n, p, label)


def progressive_ratio(
    spending: Numbers, gdp: Numbers, population: Numbers, theta: float = 1.0
) -> np.ndarray:
    """Burden-sharing ratio against a progressive ability (METRICS.md B6).

    Ability_i = Y_i (y_i / ȳ)^θ, with y_i = Y_i / POP_i and ȳ = Σ Y / Σ POP; the ratio is
    s^ME_i / (Ability_i / Σ Ability). θ = 0 gives the plain ratio of B3.

    >>> progressive_ratio([30, 15, 5], [1000, 1000, 500], [100, 80, 20], 0).round(2).tolist()
    [1.5, 0.75, 0.5]
    """
    me, y, pop = (
        _vector(v, n) for v, n in ((spending, "spending"), (gdp, "gdp"), (population, "population"))
    )
    _same_length(spending=me, gdp=y, population=pop)
    if not math.isfinite(theta) or theta < 0:
        raise BurdenInputError(t("progressivity theta must be 0 or more; got {theta}", theta=theta))
    if (y <= 0).any() or (pop <= 0).any():
        raise BurdenInputError(t("GDP and population must be positive"))
    ability = y * ((y / pop) / (y.sum() / pop.sum())) ** theta
    return np.asarray(_shares(me, "spending") / _shares(ability, "ability"), dtype=float)


def deployment_rate(deployed: Numbers, active: Numbers) -> np.ndarray:
    """Troops deployed over active-duty personnel (METRICS.md B7), as a fraction.

    >>> deployment_rate([2000], [100000]).tolist()
    [0.02]
    """
    dep, act = _vector(deployed, "deployed"), _vector(active, "active")
    _same_length(deployed=dep, active=act)
    if (act <= 0).any():
        raise BurdenInputError(t("active-duty personnel must be positive"))
    return np.asarray(dep / act, dtype=float)


def contribution_ratio(contribution: Numbers, ability: Numbers) -> np.ndarray:
    """Share of a contribution over share of an ability, e.g. troops in an operation over
    GDP (METRICS.md B7: B3's construction applied to operations).

    >>> contribution_ratio([10, 90], [5, 95]).round(4).tolist()
    [2.0, 0.9474]
    """
    c, a = _vector(contribution, "contribution"), _vector(ability, "ability")
    _same_length(contribution=c, ability=a)
    return np.asarray(_shares(c, "contribution") / _shares(a, "ability"), dtype=float)
