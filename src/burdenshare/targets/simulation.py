"""Monte Carlo of the share of GDP a spending plan delivers (pure numpy, streamed).

The engine draws from the ONE calibrated error model of :mod:`burdenshare.targets.uncertainty`
(the model behind :func:`~burdenshare.targets.uncertainty.required_shares`), made joint
across allies:

* **GDP**: nominal GDP is the central projection times ``exp(L_t)``, ``L_t`` the sum of the
  yearly nominal-growth errors ``e_k`` from the forecast edition's year (``k = 0``) to year
  ``t``: the error of the edition's own year ``e_0 ~ N(0, σ0²)`` (a fall edition), then an
  AR(1) ``e_k = ρ e_{k−1} + √(1−ρ²) σ u_k`` with stationary s.d. ``σ`` per ally (a spring
  edition's own year is the AR(1)'s first year). The innovations ``u`` are correlated across
  allies (``correlation``), independent across years; the AR(1) makes the errors persist.
  Errors of years before the first simulated year move its starting level;
* **execution and revision**: spending is the plan times ``m · exp(s z)``, ``z ~ N(0, 1)``,
  drawn once per path and ally and held over the years (by default ``s`` is the s.d. of
  ``ln(later / estimate)`` of NATO's own figures: how far the figure that counts may fall
  from the plan);
* the share of GDP is ``100 · m e^{s z} · P_t / (Y_t e^{L_t})``, so in the target year it is
  log-normal with ``σ_tot² = Var(L_H) + s²``: the model of ``required_shares`` exactly.

Outputs per ally and year: the probability that the share is at or above each
threshold (exact counts), the mean (exact), the minimum and maximum (exact), and
quantiles from a fixed-width histogram (``resolution`` percentage points, clamped to the
exact minimum and maximum, so a degenerate distribution gives its value exactly).

Paths are processed in chunks of ``chunk_size``, one year at a time, so memory is
bounded by ``chunk_size × allies`` numbers whatever the number of paths. Results are
reproducible for the same ``seed`` and ``chunk_size`` (numpy ``Generator``, PCG64).
The engine prints nothing; a caller may pass ``progress(done, total)``.

:func:`simulate_plans` takes the parameters from
:func:`burdenshare.targets.uncertainty.calibrate`. A plain-Python implementation of the same
model, for checks and the benchmark, lives outside the package
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
from burdenshare.text import t

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Progress = Callable[[int, int], None]

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class GdpErrors:
    """The GDP error model the engine draws from (fractions: 0.01 = 1% of GDP).

    ``sigma`` (A,): stationary s.d. of an ally's yearly nominal-growth error (horizons ≥ 1);
    ``sigma0`` (A,): s.d. of the error of a fall edition's own year; ``rho``: the AR(1)
    persistence; ``correlation`` (A, A): of the innovations across allies (identity when
    ``None``); ``first_horizon``: years from the edition's year to the first simulated
    year (``k`` of the first year; earlier years' errors move the starting level);
    ``season``: ``F`` (fall edition) or ``S`` (spring: its own year is a full AR(1) year).
    """

    sigma: FloatArray
    sigma0: FloatArray
    rho: float = 0.0
    correlation: FloatArray | None = None
    first_horizon: int = 1
    season: str = "F"

    def __post_init__(self) -> None:
        if not -1.0 < self.rho < 1.0:
            raise TargetsError(t("the persistence rho must be between -1 and 1, not {rho}",
                                 rho=self.rho))  # fmt: skip
        if np.any(np.asarray(self.sigma) < 0) or np.any(np.asarray(self.sigma0) < 0):
            raise TargetsError(t("standard deviations of GDP errors must be >= 0"))
        if self.season not in ("F", "S"):
            raise TargetsError(t("the edition's season must be F or S, not {season!r}",
                                 season=self.season))  # fmt: skip
        c = self.correlation
        if c is not None and not np.allclose(c, np.transpose(c)):
            raise TargetsError(t("the correlation matrix is not symmetric"))

    def correlation_matrix(self, n: int) -> FloatArray:
        """The correlation across the ``n`` allies (the identity when none is given)."""
        out: FloatArray = np.eye(n) if self.correlation is None else np.asarray(self.correlation)
        return out

    def scaled(self, variance_scale: float) -> GdpErrors:
        """The same model with the variances multiplied by ``variance_scale``."""
        f = math.sqrt(max(variance_scale, 0.0))
        return dataclasses.replace(self, sigma=np.asarray(self.sigma) * f,
                                   sigma0=np.asarray(self.sigma0) * f)  # fmt: skip

    def steps(self, n_years: int) -> list[tuple[str, int]]:
        """What each year from the edition's year to the last simulated one draws, in order:
        ``("none" | "own" | "start" | "ar", simulated-year index or -1 before the start)``.

        >>> GdpErrors(np.zeros(1), np.zeros(1), first_horizon=2).steps(2)
        [('own', -1), ('start', -1), ('ar', 0), ('ar', 1)]
        >>> GdpErrors(np.zeros(1), np.zeros(1), first_horizon=-1, season="S").steps(3)
        [('none', 0), ('start', 1), ('ar', 2)]
        """
        out = []
        for k in range(min(self.first_horizon, 0), self.first_horizon + n_years):
            j = k - self.first_horizon if k >= self.first_horizon else -1
            if k < 0:
                kind = "none"
            elif k == 0:
                kind = "own" if self.season == "F" else "start"
            elif k == 1 and self.season == "F":
                kind = "start"
            else:
                kind = "ar"
            out.append((kind, j))
        return out

    def level_sd(self, years_ahead: int) -> FloatArray:
        """S.d. of the GDP-level error ``years_ahead`` years after the edition's year (per
        ally, log): the formula of :meth:`burdenshare.targets.uncertainty.ErrorModel.level_sd_pct`.
        """
        from burdenshare.targets.uncertainty import ar1_sum

        h = max(int(years_ahead), 0)
        s, s0 = np.asarray(self.sigma), np.asarray(self.sigma0)
        if self.season == "S":
            out: FloatArray = s * math.sqrt(ar1_sum(h + 1, self.rho))
        else:
            out = np.sqrt(s0**2 + s**2 * ar1_sum(h, self.rho))
        return out


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
    errors: GdpErrors
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
            "sigma": (self.errors.sigma, (a,)),
            "sigma0": (self.errors.sigma0, (a,)),
            "correlation": (self.errors.correlation_matrix(a), (a, a)),
        }
        for name, (arr, shape) in checks.items():
            if np.shape(arr) != shape:
                raise TargetsError(_text.t(
                    "{name} has shape {shape}, expected {shape2}",
                    name=name, shape=np.shape(arr), shape2=shape,
                ))
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
        """The same inputs with the GDP error variance multiplied by ``variance_scale``."""
        return dataclasses.replace(self, errors=self.errors.scaled(variance_scale))

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
    ...     GdpErrors(np.zeros(1), np.zeros(1)), {"core": np.array(2.5)})
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
    err = inputs.errors
    factor32 = _factor(err.correlation_matrix(a)).T.astype(np.float32)
    sigma = np.asarray(err.sigma, dtype=float)
    scales = {"own": np.asarray(err.sigma0, dtype=float), "start": sigma,
              "ar": sigma * math.sqrt(1.0 - err.rho**2)}  # fmt: skip
    steps = [(k, j) for k, j in err.steps(t) if k == "none" or bool(np.any(scales[k] != 0))]
    before = [k for k, j in steps if j < 0 and k != "none"]
    during: dict[int, str] = {j: k for k, j in steps if j >= 0 and k != "none"}
    # spending (millions) over central GDP (billions), in percent, per ally-year
    central = (inputs.base_gdp[:, None]
               * np.cumprod((1 + inputs.real_growth) * (1 + inputs.inflation), axis=1))  # fmt: skip
    ratio = np.asarray(inputs.plan, dtype=float) / central * 0.1
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
    done = 0
    rho = err.rho

    def draw(kind: str, c: int, ar: FloatArray) -> FloatArray:
        # innovations drawn and correlated in single precision (their size is ~1e-2, so the
        # error is ~1e-9 of a level); the AR state and levels are carried in double
        u: FloatArray = (rng.standard_normal((c, a), dtype=np.float32) @ factor32) * scales[kind]
        if kind == "own":
            return u
        if kind == "ar":
            ar *= rho
            ar += u
        else:
            ar[:] = u
        return ar

    while done < n_paths:
        c = min(chunk_size, n_paths - done)
        if inputs.execution_sd > 0:
            execution = rng.standard_normal((c, a))
            execution *= inputs.execution_sd
            np.exp(execution, out=execution)
            execution *= inputs.execution_mean
        else:
            execution = np.full((c, a), inputs.execution_mean)
        ar = np.zeros((c, a))
        level = np.zeros((c, a))  # log GDP level error (outturn over central)
        for kind in before:
            level += draw(kind, c, ar)
        share = np.empty((c, a))
        rel = np.empty((c, a))  # GDP over its central projection
        for j in range(t):
            if j in during:
                level += draw(during[j], c, ar)
            np.exp(level, out=rel)
            np.multiply(execution, ratio[:, j], out=share)
            w_j = weights * central[:, j]  # common-currency central GDP
            group = (share @ w_j) / (rel @ w_j)  # spending over GDP of the allies together
            share /= rel
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


PLANS = ("linear", "constant-real", "share", "hold-share", "growth")


def simulate_plans(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    allies: Sequence[str] | None = None,
    *,
    target_pct: float,
    target_year: int,
    floor_pct: float,
    history: pd.DataFrame,
    releases: Mapping[str, pd.DataFrame],
    published: Mapping[str, str],
    edition_year: int,
    edition_season: str = "F",
    truth_known_by: int | None = None,
    plan: str = "linear",
    plan_growth_pct: float | None = None,
    plan_share_pct: float | None = None,
    execution_mean: float = 1.0,
    execution_sd: float | None = None,
    shrinkage: float = 0.5,
    exclude_years: Iterable[int] = (),
    variance_scale: float = 1.0,
    paths: int = 100_000,
    seed: int | None = None,
    chunk_size: int = 16_384,
    progress: Callable[[int, int], None] | None = None,
    release: str = "",
) -> pd.DataFrame:
    """Monte Carlo of the share of GDP each ally's plan delivers, from one release.

    Builds the plans (``linear`` or ``constant-real``: the path to ``target_pct`` by
    ``target_year`` from the latest year of ``panel``; ``share``: the linear path to
    ``plan_share_pct`` of forecast GDP in the target year; ``hold-share``: the latest share
    kept; ``growth``: ``plan_growth_pct`` nominal a year from the latest spending), estimates
    the ONE error model (:func:`burdenshare.targets.uncertainty.calibrate`: the IMF's
    forecast errors by horizon in ``history``, NATO's revisions between ``releases``) and
    runs :func:`simulate` with the thresholds ``target`` (``target_pct``), ``floor_2pct``
    (``floor_pct``, the guideline in force) and ``on_linear_path``.

    Args:
        panel: one release (``share_gdp_pct, is_estimate`` and the GDP columns).
        economy: the GDP history and projection (:func:`burdenshare.targets.gdp.
            project_economy`), at least to ``target_year``.
        allies: ISO codes (jointly); every ally with a share and GDP by default.
        history, releases, published, truth_known_by: as
            :func:`burdenshare.targets.uncertainty.required_shares`.
        edition_year, edition_season: the GDP forecast edition the horizons count from.
        execution_sd: s.d. of the log execution factor; ``None``: NATO's revision error.
        shrinkage: weight of zero in the correlation of GDP errors across allies (0-1).
        exclude_years: target years left out of the estimates (none by default).
        variance_scale: multiplies the GDP error variances (0: no GDP uncertainty).
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
    from burdenshare.targets.paths import target_path
    from burdenshare.targets.uncertainty import calibrate

    if plan not in PLANS:
        raise UnknownMethodError(_text.t("plan"), plan, PLANS)
    if plan == "growth" and plan_growth_pct is None:
        raise TargetsError(_text.t("plan 'growth' needs plan_growth_pct (--plan-growth)"))
    if plan == "share":
        if plan_share_pct is None:
            raise TargetsError(_text.t("plan 'share' needs plan_share_pct (--plan-share)"))
        if not (math.isfinite(plan_share_pct) and plan_share_pct > 0):
            raise TargetsError(_text.t("plan 'share' needs a share of GDP above 0 "
                                       "(plan_share_pct), not {value}",
                                       value=plan_share_pct))  # fmt: skip
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
        if plan in ("linear", "constant-real", "share"):
            pathp = linear
            if plan == "constant-real":
                pathp = target_path(e, a, start, target_pct, target_year, "constant-real")
                pathp = pathp.set_index("year")
            elif plan == "share":
                assert plan_share_pct is not None
                pathp = target_path(e, a, start, plan_share_pct, target_year, "linear")
                pathp = pathp.set_index("year")
            plans.append(pathp.loc[years, "path_spending_nc_mn"].to_numpy())
        elif plan == "hold-share":
            plans.append(s_start * ei.loc[years, "gdp_nc_bn"].to_numpy() / base_gdp[-1])
        else:
            assert plan_growth_pct is not None
            plans.append(s_start * (1 + plan_growth_pct / 100) ** np.arange(1, len(years) + 1))
        mu_r.append(ei.loc[years, "real_growth_pct"].to_numpy() / 100)
        mu_p.append(ei.loc[years, "deflator_growth_pct"].to_numpy() / 100)
    cal = calibrate(history, releases, published, truth_known_by=truth_known_by,
                    exclude_years=exclude_years)  # fmt: skip
    sig = np.array([cal.model.sigmas(c) for c in codes]) / 100  # percent → fraction
    errors = GdpErrors(
        sigma=sig[:, 0], sigma0=sig[:, 1], rho=cal.model.rho,
        correlation=cal.correlation(codes, shrinkage=shrinkage),
        first_horizon=years[0] - int(edition_year), season=edition_season,
    ).scaled(variance_scale)  # fmt: skip
    sd_exec = cal.sigma_revision if execution_sd is None else float(execution_sd)
    inputs = SimulationInputs(
        allies=tuple(codes),
        years=tuple(years),
        base_gdp=np.array(base_gdp),
        real_growth=np.array(mu_r),
        inflation=np.array(mu_p),
        plan=np.array(plans),
        errors=errors,
        thresholds={
            "target": np.array(target_pct),
            "floor_2pct": np.array(floor_pct),
            "on_linear_path": np.array(lines),
        },
        execution_mean=execution_mean,
        execution_sd=sd_exec,
        usd_per_nc=np.array(usd),
    )
    res = simulate(inputs, paths, seed=seed, chunk_size=chunk_size, progress=progress)
    out = res.to_frame()
    out.insert(2, "plan_spending_nc_mn", inputs.plan.ravel())
    if len(codes) > 1:
        run_attrs = dict(out.attrs)
        out = pd.concat([out, res.group_frame()], ignore_index=True)
        out.attrs.update(run_attrs)
    corr = errors.correlation_matrix(len(codes))
    mean_corr = (float((corr.sum() - np.trace(corr)) / (len(codes) * (len(codes) - 1)))
                 if len(codes) > 1 else float("nan"))  # fmt: skip
    plan_text: str
    if plan == "growth":
        plan_text = t("growth {growth}% a year nominal", growth=plan_growth_pct)
    elif plan == "share":
        plan_text = t("linear path to {share:.2f}% of forecast GDP", share=plan_share_pct)
    else:
        plan_text = plan
    # years as text: a year is not a quantity (no thousands separator in any language)
    kw = {"errors": cal.model.editions, "rho": cal.model.rho, "year": str(int(edition_year)),
          "shrinkage": 100 * shrinkage}  # fmt: skip
    if variance_scale == 1:
        gdp_text = t(
            "GDP errors of the calibrated model ({errors}): AR(1) across years, rho {rho:.2f}, "
            "s.d. per ally by horizon from the edition's year {year}; correlation across "
            "allies from the same errors, shrunk {shrinkage:.0f}% towards zero", **kw)
    else:
        gdp_text = t(
            "GDP errors of the calibrated model ({errors}): AR(1) across years, rho {rho:.2f}, "
            "s.d. per ally by horizon from the edition's year {year}; correlation across "
            "allies from the same errors, shrunk {shrinkage:.0f}% towards zero; variances "
            "scaled by {scale}", scale=variance_scale, **kw)
    if execution_sd is None:
        exec_text = t(
            "factor {mean} × exp(N(0, {sd:.3f}²)) per path and ally, held over the years "
            "(s.d.: NATO's revision error)", mean=execution_mean, sd=sd_exec)
    else:
        exec_text = t(
            "factor {mean} × exp(N(0, {sd:.3f}²)) per path and ally, held over the years "
            "(s.d. set by the user)", mean=execution_mean, sd=sd_exec)
    out.attrs.update(cal.attrs)
    out.attrs.update(
        {
            "target_pct": target_pct,
            "target_year": target_year,
            "floor_pct": floor_pct,
            "start_year": start,
            "plan": plan_text,
            "edition_year": int(edition_year),
            "horizon_from": (t("{year}, fall edition", year=int(edition_year))
                             if edition_season == "F"
                             else t("{year}, spring edition", year=int(edition_year))),
            "mean_error_correlation": round(mean_corr, 3) if len(codes) > 1 else mean_corr,
            "covariance": gdp_text,
            "execution": exec_text,
            "execution_sd": sd_exec,
            "shocks": t("persistent across years (AR(1)), joint across allies"),
            "group": t(
                "rows with iso3 GROUP (when several allies): the allies together, spending "
                "over GDP in US dollars at {year} exchange rates; p_all_* = probability that "
                "every ally is at or above, n_* = expected number of allies", year=int(start)),
        }
    )  # fmt: skip
    return out
