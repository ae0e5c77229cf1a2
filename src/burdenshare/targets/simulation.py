"""Monte Carlo of the share of GDP a spending plan delivers (pure numpy, streamed).

The model (METRICS.md D2, made joint across allies):

* for each path ``r``, year ``t`` and ally ``a``, real GDP growth and GDP-deflator
  growth are the central assumption plus a shock, ``ε_t ~ N(0, Σ)`` drawn jointly for
  all allies (``Σ`` is ``2A × 2A``: real growth of every ally, then inflation of every
  ally), independent across years;
* nominal GDP ``Y_t = Y_0 Π_{s≤t} (1 + μ_r + ε_r)(1 + μ_π + ε_π)``;
* spending is the plan times an execution factor ``e ~ N(m, s²)`` (clipped at 0),
  drawn once per path and ally and held over the years: how fully the ally carries out
  its plan (a persistent under- or over-execution, the harder case for a target than
  yearly noise that averages out);
* the share of GDP is ``100 · e · P_t / Y_t``.

Outputs per ally and year: the probability that the share is at or above each
threshold (exact counts), the mean (exact), the minimum and maximum (exact), and
quantiles from a fixed-width histogram (``resolution`` percentage points, clamped to the
exact minimum and maximum, so a degenerate distribution gives its value exactly).

Paths are processed in chunks of ``chunk_size``, one year at a time, so memory is
bounded by ``chunk_size × allies`` numbers whatever the number of paths. Results are
reproducible for the same ``seed`` and ``chunk_size`` (numpy ``Generator``, PCG64).
The engine prints nothing; a caller may pass ``progress(done, total)``.

:func:`estimate_covariance` sizes ``Σ`` from the shipped history. A plain-Python
implementation of the same model, for checks and the benchmark, lives outside the package
(``benchmarks/reference_simulation.py``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from burdenshare import text as _text
from burdenshare.measure import TOLERANCE
from burdenshare.targets.errors import TargetsError

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Progress = Callable[[int, int], None]

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class SimulationInputs:
    """Everything the engine needs, as arrays (A allies × T years after the base year).

    Growth rates are fractions (0.02 = 2%). ``plan`` is planned nominal spending in
    national currency (millions) and ``base_gdp`` nominal GDP (billions) of the base year.
    ``thresholds`` maps a name to shares of GDP in percent, shape ``(A, T)`` (or
    broadcastable to it).
    """

    allies: tuple[str, ...]
    years: tuple[int, ...]
    base_gdp: FloatArray
    real_growth: FloatArray
    inflation: FloatArray
    plan: FloatArray
    covariance: FloatArray
    thresholds: Mapping[str, FloatArray] = field(default_factory=dict)
    execution_mean: float = 1.0
    execution_sd: float = 0.0
    usd_per_nc: FloatArray | None = None

    def __post_init__(self) -> None:
        a, t = len(self.allies), len(self.years)
        if self.usd_per_nc is not None and np.shape(self.usd_per_nc) != (a,):
            raise TargetsError(_text.t(
                "usd_per_nc has shape {shape}, expected ({n},)",
                shape=np.shape(self.usd_per_nc), n=a,
            ))
        checks = {
            "base_gdp": (self.base_gdp, (a,)),
            "real_growth": (self.real_growth, (a, t)),
            "inflation": (self.inflation, (a, t)),
            "plan": (self.plan, (a, t)),
            "covariance": (self.covariance, (2 * a, 2 * a)),
        }
        for name, (arr, shape) in checks.items():
            if np.shape(arr) != shape:
                raise TargetsError(_text.t(
                    "{name} has shape {shape}, expected {shape2}",
                    name=name, shape=np.shape(arr), shape2=shape,
                ))
        if not np.allclose(self.covariance, np.transpose(self.covariance)):
            raise TargetsError(_text.t("the covariance matrix is not symmetric"))
        if self.execution_sd < 0 or self.execution_mean < 0:
            raise TargetsError(_text.t("execution mean and standard deviation must be >= 0"))
        for name, thr in self.thresholds.items():
            try:
                np.broadcast_to(thr, (a, t))
            except ValueError:
                raise TargetsError(
                    _text.t(
                        "threshold {name!r} does not fit {a} allies × {t} years",
                        name=name, a=a, t=t,
                    )
                ) from None

    def scaled(self, variance_scale: float) -> SimulationInputs:
        """The same inputs with the GDP covariance multiplied by ``variance_scale``."""
        return dataclasses.replace(self, covariance=self.covariance * variance_scale)

    @property
    def weights(self) -> FloatArray:
        """Conversion of each ally's national currency to a common one (1 by default)."""
        if self.usd_per_nc is None:
            return np.ones(len(self.allies))
        return np.asarray(self.usd_per_nc, dtype=float)

    @property
    def scalar_thresholds(self) -> dict[str, float]:
        """The thresholds that are one number for every ally and year (used for the group)."""
        return {k: float(v) for k, v in self.thresholds.items() if np.ndim(v) == 0}


def deterministic_shares(inputs: SimulationInputs) -> FloatArray:
    """The share of GDP (percent) on the central path: no shocks, mean execution."""
    growth = (1 + inputs.real_growth) * (1 + inputs.inflation)
    gdp = inputs.base_gdp[:, None] * np.cumprod(growth, axis=1)
    out: FloatArray = inputs.execution_mean * inputs.plan / gdp / 10.0
    return out


def deterministic_group_share(inputs: SimulationInputs) -> FloatArray:
    """The group's share of GDP (percent, per year) on the central path."""
    growth = (1 + inputs.real_growth) * (1 + inputs.inflation)
    gdp = inputs.base_gdp[:, None] * np.cumprod(growth, axis=1)
    w = inputs.weights[:, None]
    out: FloatArray = (inputs.execution_mean * inputs.plan * w).sum(0) / (gdp * w).sum(0) / 10.0
    return out


def _factor(cov: FloatArray) -> FloatArray:
    """A matrix ``F`` with ``F Fᵀ = cov`` (eigen-decomposition: works when singular)."""
    w, v = np.linalg.eigh(cov)
    if w.min() < -1e-10 * max(1.0, float(np.abs(w).max())):
        raise TargetsError(_text.t("the covariance matrix is not positive semi-definite"))
    out: FloatArray = v * np.sqrt(np.clip(w, 0.0, None))
    return out


@dataclass(frozen=True)
class SimulationResult:
    """Per ally × year: probabilities, quantiles, mean, extremes and the central path."""

    inputs: SimulationInputs = field(repr=False)
    n_paths: int
    seed: int | None
    chunk_size: int
    quantile_levels: tuple[float, ...]
    probabilities: Mapping[str, FloatArray] = field(repr=False)
    quantiles: FloatArray = field(repr=False)
    mean: FloatArray = field(repr=False)
    minimum: FloatArray = field(repr=False)
    maximum: FloatArray = field(repr=False)
    deterministic: FloatArray = field(repr=False)
    resolution: float = 0.01
    group: Mapping[str, FloatArray] = field(default_factory=dict, repr=False)

    def group_frame(self) -> pd.DataFrame:
        """The simulated allies together, per year: the GDP-weighted share of GDP (in the
        common currency of ``usd_per_nc``) with its quantiles and probabilities, and for
        each scalar threshold the probability that *every* ally is at or above it
        (``p_all_<name>``) and the expected number that are (``n_<name>``). These are
        the outputs the correlation across allies changes."""
        if not self.group:
            return pd.DataFrame()
        g = self.group
        out = pd.DataFrame(
            {
                "iso3": "GROUP",
                "year": list(self.inputs.years),
                "deterministic_share_pct": g["deterministic"],
                "mean_share_pct": g["mean"],
            }
        )
        for i, q in enumerate(self.quantile_levels):
            out[f"q{round(q * 100):02d}"] = g["quantiles"][i]
        out["min_share_pct"] = g["minimum"]
        out["max_share_pct"] = g["maximum"]
        for name in self.inputs.scalar_thresholds:
            out[f"p_{name}"] = g[f"p_{name}"]
            out[f"p_all_{name}"] = g[f"p_all_{name}"]
            out[f"n_{name}"] = g[f"n_{name}"]
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per ally-year: ``iso3, year, deterministic_share_pct, mean_share_pct,
        q05 … q95`` (share of GDP, percent), ``min_share_pct, max_share_pct`` and
        ``p_<threshold>`` (probability of being at or above each threshold)."""
        a, t = len(self.inputs.allies), len(self.inputs.years)
        out = pd.DataFrame(
            {
                "iso3": np.repeat(self.inputs.allies, t),
                "year": np.tile(self.inputs.years, a),
                "deterministic_share_pct": self.deterministic.ravel(),
                "mean_share_pct": self.mean.ravel(),
            }
        )
        for i, q in enumerate(self.quantile_levels):
            out[f"q{round(q * 100):02d}"] = self.quantiles[i].ravel()
        out["min_share_pct"] = self.minimum.ravel()
        out["max_share_pct"] = self.maximum.ravel()
        for name, p in self.probabilities.items():
            out[f"p_{name}"] = p.ravel()
        out.attrs.update(
            {"paths": self.n_paths, "seed": self.seed, "chunk_size": self.chunk_size,
             "quantile_resolution_pp": self.resolution}
        )  # fmt: skip
        return out


def simulate(
    inputs: SimulationInputs,
    n_paths: int,
    seed: int | None = None,
    chunk_size: int = 16_384,
    quantile_levels: Sequence[float] = QUANTILES,
    resolution: float = 0.01,
    share_range: tuple[float, float] = (0.0, 25.0),
    progress: Progress | None = None,
) -> SimulationResult:
    """Run the Monte Carlo, streaming ``chunk_size`` paths at a time.

    Args:
        inputs: the arrays (see :class:`SimulationInputs`).
        n_paths: number of simulated paths (>= 1).
        seed: seed of the numpy ``Generator`` (``None``: fresh entropy).
        chunk_size: paths per chunk; memory is about ``chunk_size × allies × 100`` bytes.
        quantile_levels: the quantiles to report (0-1).
        resolution: histogram bin width for the quantiles, percentage points.
        share_range: histogram range (shares outside fall in the edge bins; the exact
            minimum and maximum bound the quantiles).
        progress: called as ``progress(paths_done, n_paths)`` after each chunk.

    Returns:
        :class:`SimulationResult`.

    Raises:
        TargetsError: bad sizes, resolution or range.

    With no GDP variance and exact execution every path is the central path (GDP
    100 × 1.01 × 1.02 = 103.02, so 2,500 is 2.4267% of it):

    >>> inp = SimulationInputs(("AAA",), (2026, 2027), np.array([100.0]),
    ...     np.full((1, 2), 0.01), np.full((1, 2), 0.02), np.array([[2500.0, 3000.0]]),
    ...     np.zeros((2, 2)), {"core": np.array(2.5)})
    >>> r = simulate(inp, 1000, seed=1)
    >>> r.quantiles[2].round(4).tolist(), r.probabilities["core"].tolist()
    ([[2.4267, 2.8267]], [[0.0, 1.0]])
    """
    if n_paths < 1 or chunk_size < 1:
        raise TargetsError(_text.t("the number of paths and the chunk size must be at least 1"))
    lo, hi = share_range
    if not (resolution > 0 and hi > lo):
        raise TargetsError(_text.t("resolution must be > 0 and the share range non-empty"))
    a, t = len(inputs.allies), len(inputs.years)
    nbins = math.ceil((hi - lo) / resolution)
    rng = np.random.default_rng(seed)
    factor_t = _factor(np.asarray(inputs.covariance, dtype=float)).T.copy()
    has_gdp_noise = bool(np.any(factor_t != 0))
    mu_r = np.asarray(inputs.real_growth, dtype=float)
    mu_p = np.asarray(inputs.inflation, dtype=float)
    plan = np.asarray(inputs.plan, dtype=float)
    # simulated shares are compared unrounded (they are not printed figures), with the one
    # tolerance of burdenshare.measure: share >= threshold - TOLERANCE is meets(decimals=None)
    thresholds = {k: np.broadcast_to(v, (a, t)) - TOLERANCE for k, v in inputs.thresholds.items()}
    counts = {k: np.zeros((a, t), dtype=np.int64) for k in thresholds}
    total = np.zeros((a, t))
    minimum = np.full((a, t), np.inf)
    maximum = np.full((a, t), -np.inf)
    hist = np.zeros((t, a * nbins), dtype=np.int64)
    offsets = np.arange(a, dtype=np.int64) * nbins
    weights = inputs.weights
    scalars = inputs.scalar_thresholds
    g_counts = {k: np.zeros(t, dtype=np.int64) for k in scalars}
    g_all = {k: np.zeros(t, dtype=np.int64) for k in scalars}
    g_n = {k: np.zeros(t, dtype=np.int64) for k in scalars}
    g_total = np.zeros(t)
    g_min = np.full(t, np.inf)
    g_max = np.full(t, -np.inf)
    g_hist = np.zeros((t, nbins), dtype=np.int64)
    factor32 = factor_t.astype(np.float32)
    done = 0
    while done < n_paths:
        c = min(chunk_size, n_paths - done)
        gdp = np.broadcast_to(np.asarray(inputs.base_gdp, dtype=float), (c, a)).copy()
        if inputs.execution_sd > 0:
            execution = rng.standard_normal((c, a))
            execution *= inputs.execution_sd
            execution += inputs.execution_mean
            np.maximum(execution, 0.0, out=execution)
        else:
            execution = np.full((c, a), inputs.execution_mean)
        execution *= 0.1  # millions over billions, in percent
        growth = np.empty((c, a))
        share = np.empty((c, a))
        for j in range(t):
            if has_gdp_noise:
                # shocks drawn and combined in single precision (their size is ~1e-2, so
                # the error is ~1e-9 of growth); levels are carried in double precision
                eps = rng.standard_normal((c, 2 * a), dtype=np.float32) @ factor32
                np.add(eps[:, :a], 1.0 + mu_r[:, j], out=growth)
                growth *= eps[:, a:] + (1.0 + mu_p[:, j])
            else:
                growth[:] = (1.0 + mu_r[:, j]) * (1.0 + mu_p[:, j])
            gdp *= growth
            np.multiply(execution, plan[:, j], out=share)
            group = (share @ weights) / (gdp @ weights)  # spending (x 0.1 already) over GDP
            share /= gdp
            for k, thr in thresholds.items():
                counts[k][:, j] += np.count_nonzero(share >= thr[:, j], axis=0)
            total[:, j] += share.sum(axis=0)
            np.minimum(minimum[:, j], share.min(axis=0), out=minimum[:, j])
            np.maximum(maximum[:, j], share.max(axis=0), out=maximum[:, j])
            idx = ((share - lo) * (1.0 / resolution)).astype(np.int64)
            np.clip(idx, 0, nbins - 1, out=idx)
            idx += offsets
            hist[j] += np.bincount(idx.ravel(), minlength=a * nbins)
            for k, v in scalars.items():
                meets = share >= v - TOLERANCE
                per_path = np.count_nonzero(meets, axis=1)
                g_n[k][j] += int(per_path.sum())
                g_all[k][j] += int(np.count_nonzero(per_path == a))
                g_counts[k][j] += int(np.count_nonzero(group >= v - TOLERANCE))
            g_total[j] += group.sum()
            g_min[j] = min(g_min[j], float(group.min()))
            g_max[j] = max(g_max[j], float(group.max()))
            gidx = ((group - lo) * (1.0 / resolution)).astype(np.int64)
            np.clip(gidx, 0, nbins - 1, out=gidx)
            g_hist[j] += np.bincount(gidx, minlength=nbins)
        done += c
        if progress is not None:
            progress(done, n_paths)
    levels = tuple(float(q) for q in quantile_levels)
    quantiles = _hist_quantiles(hist.reshape(t, a, nbins), levels, n_paths, lo, resolution)
    quantiles = np.clip(quantiles, minimum[None], maximum[None])
    gq = _hist_quantiles(g_hist.reshape(t, 1, nbins), levels, n_paths, lo, resolution)[:, 0, :]
    group_out: dict[str, FloatArray] = {
        "deterministic": deterministic_group_share(inputs),
        "mean": g_total / n_paths,
        "quantiles": np.clip(gq, g_min[None], g_max[None]),
        "minimum": g_min,
        "maximum": g_max,
    }
    for k in scalars:
        group_out[f"p_{k}"] = g_counts[k] / n_paths
        group_out[f"p_all_{k}"] = g_all[k] / n_paths
        group_out[f"n_{k}"] = g_n[k] / n_paths
    return SimulationResult(
        inputs=inputs,
        n_paths=n_paths,
        seed=seed,
        chunk_size=chunk_size,
        quantile_levels=levels,
        probabilities={k: v / n_paths for k, v in counts.items()},
        quantiles=quantiles,
        mean=total / n_paths,
        minimum=minimum,
        maximum=maximum,
        deterministic=deterministic_shares(inputs),
        resolution=resolution,
        group=group_out,
    )


def _hist_quantiles(
    hist: np.ndarray[Any, np.dtype[np.int64]],
    levels: tuple[float, ...],
    n: int,
    lo: float,
    width: float,
) -> FloatArray:
    """Quantiles (Q, A, T) from per-cell histograms (T, A, bins), linear within a bin."""
    cum = np.cumsum(hist, axis=-1)
    out = np.empty((len(levels), hist.shape[1], hist.shape[0]))
    for i, q in enumerate(levels):
        target = q * n
        k = np.argmax(cum >= target, axis=-1)  # (T, A)
        before = (
            np.take_along_axis(cum, k[..., None], -1)[..., 0]
            - np.take_along_axis(hist, k[..., None], -1)[..., 0]
        )
        inbin = np.take_along_axis(hist, k[..., None], -1)[..., 0]
        frac = np.where(inbin > 0, (target - before) / np.maximum(inbin, 1), 0.5)
        out[i] = (lo + (k + frac) * width).T
    return out


# --------------------------------------------------------------------------------------
# Covariance from the shipped history


@dataclass(frozen=True)
class CovarianceEstimate:
    """``Σ`` for the shocks, with what it was estimated from."""

    covariance: FloatArray
    allies: tuple[str, ...]
    years: tuple[int, ...]
    shrinkage: float
    mean_real_correlation: float
    mean_inflation_correlation: float

    @property
    def description(self) -> str:
        span = ", ".join(str(y) for y in self.years)
        if len(self.allies) < 2:
            return (
                f"sample covariance of real GDP growth and GDP-deflator growth of "
                f"{self.allies[0]} over {len(self.years)} years ({span}), NATO release history"
            )
        return (
            f"sample covariance of real GDP growth and GDP-deflator growth of {len(self.allies)} "
            f"allies over {len(self.years)} years ({span}), NATO release history; correlations "
            f"shrunk {self.shrinkage:.0%} towards zero; mean pairwise correlation of real growth "
            f"{self.mean_real_correlation:.2f}, of inflation {self.mean_inflation_correlation:.2f}"
        )


def estimate_covariance(
    history: pd.DataFrame,
    allies: Sequence[str],
    exclude_years: Iterable[int] = (2020, 2021),
    shrinkage: float = 0.5,
    include_estimates: bool = False,
) -> CovarianceEstimate:
    """Joint covariance of real growth and inflation across ``allies`` from the history.

    Args:
        history: ``gdp.economy_history`` (``iso3, year, real_growth_pct,
            deflator_growth_pct, is_estimate``).
        allies: the allies, in the order of the simulation.
        exclude_years: years left out (default 2020-2021: the pandemic fall and rebound
            are negatively autocorrelated; an independent-years model would overstate the
            uncertainty of levels).
        shrinkage: weight of the identity in the correlation matrix (0-1): with ~10
            years for up to 64 series the sample matrix is singular, so it is shrunk.
        include_estimates: also use NATO's estimate years.

    Returns:
        :class:`CovarianceEstimate` (growth in fractions: 0.01 = 1 point).

    Raises:
        TargetsError: fewer than 3 common years, or an ally without history.
    """
    if not 0 <= shrinkage <= 1:
        raise TargetsError(_text.t(
            "shrinkage must be between 0 and 1, not {shrinkage}",
            shrinkage=shrinkage,
        ))
    h = history[history["iso3"].isin(list(allies))]
    if not include_estimates:
        h = h[~h["is_estimate"].astype(bool)]
    h = h[~h["year"].isin(list(exclude_years))]
    wide_r = h.pivot_table(index="year", columns="iso3", values="real_growth_pct")
    wide_p = h.pivot_table(index="year", columns="iso3", values="deflator_growth_pct")
    missing = [x for x in allies if x not in wide_r.columns]
    if missing:
        raise TargetsError(
            _text.t("no growth history for {missing} in the release", missing=missing[0])
        )
    data = pd.concat([wide_r[list(allies)], wide_p[list(allies)]], axis=1).dropna() / 100
    if len(data) < 3:
        raise TargetsError(_text.t(
            "only {n_data} complete years of history; at least 3 are needed",
            n_data=len(data),
        ))
    x = data.to_numpy()
    s = np.cov(x, rowvar=False, ddof=1)
    sd = np.sqrt(np.diag(s))
    safe = np.where(sd > 0, sd, 1.0)
    r = s / np.outer(safe, safe)
    np.fill_diagonal(r, 1.0)
    rs = (1 - shrinkage) * r + shrinkage * np.eye(len(sd))
    cov = rs * np.outer(sd, sd)
    a = len(allies)

    def mean_off(block: FloatArray) -> float:
        if a < 2:
            return float("nan")
        return float((block.sum() - np.trace(block)) / (a * (a - 1)))

    return CovarianceEstimate(
        covariance=cov,
        allies=tuple(allies),
        years=tuple(int(y) for y in data.index),
        shrinkage=shrinkage,
        mean_real_correlation=mean_off(r[:a, :a]),
        mean_inflation_correlation=mean_off(r[a:, a:]),
    )


PLANS = ("linear", "constant-real", "hold-share", "growth")


def simulate_plans(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    allies: Sequence[str] | None = None,
    *,
    target_pct: float,
    target_year: int,
    floor_pct: float,
    plan: str = "linear",
    plan_growth_pct: float | None = None,
    execution_mean: float = 1.0,
    execution_sd: float = 0.02,
    shrinkage: float = 0.5,
    exclude_years: Iterable[int] = (2020, 2021),
    variance_scale: float = 1.0,
    paths: int = 100_000,
    seed: int | None = None,
    chunk_size: int = 16_384,
    progress: Callable[[int, int], None] | None = None,
    release: str = "",
) -> pd.DataFrame:
    """Monte Carlo of the share of GDP each ally's plan delivers, from one release.

    Builds the plans (``linear`` or ``constant-real``: the path to ``target_pct`` by
    ``target_year`` from the latest year of ``panel``; ``hold-share``: the latest share
    kept; ``growth``: ``plan_growth_pct`` nominal a year from the latest spending), the GDP
    covariance of the release's history (:func:`estimate_covariance`) and runs
    :func:`simulate` with the thresholds ``target`` (``target_pct``), ``floor_2pct``
    (``floor_pct``, the guideline in force) and ``on_linear_path``.

    Args:
        panel: one release (``share_gdp_pct, is_estimate`` and the GDP columns).
        economy: the GDP history and projection (:func:`burdenshare.targets.gdp.
            project_economy`), at least to ``target_year``.
        allies: ISO codes (jointly); every ally with a share and GDP by default.
        release: the release id, for messages.

    Returns:
        One row per ally-year (and ``GROUP`` rows when several allies), as described by
        :func:`burdenshare.api.targets.targets_simulate`; ``attrs`` record the run.

    Raises:
        CoverageGapError: an ally without share of GDP or GDP.
        TargetsError: the target year is not after the start, or ``growth`` without a rate.
        UnknownMethodError: an unknown plan.
    """
    from burdenshare.targets.errors import CoverageGapError, UnknownMethodError
    from burdenshare.targets.gdp import economy_history
    from burdenshare.targets.paths import target_path

    if plan not in PLANS:
        raise UnknownMethodError(_text.t("plan"), plan, PLANS)
    if plan == "growth" and plan_growth_pct is None:
        raise TargetsError(_text.t("plan 'growth' needs plan_growth_pct (--plan-growth)"))
    known = panel[panel["share_gdp_pct"].notna()]
    have = sorted(set(economy["iso3"]) & set(known["iso3"]))
    codes = have if allies is None else list(allies)
    where = _text.t(" in release {release}", release=release) if release else ""
    for c in codes:
        if c not in have:
            raise CoverageGapError(_text.t(
                "ally {ally} has no share of GDP or GDP{where}",
                ally=c, where=where,
            ))
    start = int(known["year"].max())
    years = list(range(start + 1, target_year + 1))
    if not years:
        raise TargetsError(_text.t(
            "the target year {target_year} is not after the latest year {start}",
            target_year=target_year, start=start,
        ))
    plans, lines, mu_r, mu_p, base_gdp, usd = [], [], [], [], [], []
    for c in codes:  # one ally at a time: a handful of allies, each a vector of years
        e = economy[economy["iso3"] == c]
        a = panel[panel["iso3"] == c][["year", "share_gdp_pct", "is_estimate"]]
        # plans run from the latest figure (an estimate), not the latest outturn
        linear = target_path(e, a, start, target_pct, target_year, "linear").set_index("year")
        lines.append(linear.loc[years, "path_share_pct"].to_numpy())
        ei = e.set_index("year")
        base_gdp.append(float(np.asarray(ei.at[start, "gdp_nc_bn"])))
        usd.append(1.0 / float(np.asarray(ei.at[start, "xr_nc_per_usd"])))
        share_start = float(np.asarray(a.set_index("year").at[start, "share_gdp_pct"]))
        s_start = share_start / 100 * base_gdp[-1] * 1e3
        if plan in ("linear", "constant-real"):
            pathp = linear
            if plan == "constant-real":
                pathp = target_path(e, a, start, target_pct, target_year, "constant-real")
                pathp = pathp.set_index("year")
            plans.append(pathp.loc[years, "path_spending_nc_mn"].to_numpy())
        elif plan == "hold-share":
            plans.append(s_start * ei.loc[years, "gdp_nc_bn"].to_numpy() / base_gdp[-1])
        else:
            assert plan_growth_pct is not None
            plans.append(s_start * (1 + plan_growth_pct / 100) ** np.arange(1, len(years) + 1))
        mu_r.append(ei.loc[years, "real_growth_pct"].to_numpy() / 100)
        mu_p.append(ei.loc[years, "deflator_growth_pct"].to_numpy() / 100)
    cov = estimate_covariance(
        economy_history(panel), codes, exclude_years=exclude_years, shrinkage=shrinkage
    )
    inputs = SimulationInputs(
        allies=tuple(codes),
        years=tuple(years),
        base_gdp=np.array(base_gdp),
        real_growth=np.array(mu_r),
        inflation=np.array(mu_p),
        plan=np.array(plans),
        covariance=cov.covariance * variance_scale,
        thresholds={
            "target": np.array(target_pct),
            "floor_2pct": np.array(floor_pct),
            "on_linear_path": np.array(lines),
        },
        execution_mean=execution_mean,
        execution_sd=execution_sd,
        usd_per_nc=np.array(usd),
    )
    res = simulate(inputs, paths, seed=seed, chunk_size=chunk_size, progress=progress)
    out = res.to_frame()
    out.insert(2, "plan_spending_nc_mn", inputs.plan.ravel())
    if len(codes) > 1:
        run_attrs = dict(out.attrs)
        out = pd.concat([out, res.group_frame()], ignore_index=True)
        out.attrs.update(run_attrs)
    out.attrs.update(
        {
            "target_pct": target_pct,
            "target_year": target_year,
            "floor_pct": floor_pct,
            "start_year": start,
            "plan": plan if plan != "growth" else f"growth {plan_growth_pct}% a year nominal",
            "covariance": cov.description + (
                f"; scaled by {variance_scale}" if variance_scale != 1 else ""),
            "execution": f"factor N({execution_mean}, {execution_sd}²) per path and ally, "
            "clipped at 0, held over the years",
            "shocks": "independent across years, joint across allies",
            "group": "rows with iso3 GROUP (when several allies): the allies together, "
            f"spending over GDP in US dollars at {start} exchange rates; p_all_* = "
            "probability that every ally is at or above, n_* = expected number of allies",
        }
    )  # fmt: skip
    return out
