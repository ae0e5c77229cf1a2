"""Calibrated uncertainty of a share of GDP in a target year (pure functions).

A plan fixes money; the share it delivers is money over GDP, and GDP is forecast. The
error of the share is the error of the GDP forecast plus the difference between NATO's
estimate and its later figure. Both are estimated from records, not assumed:

* **GDP forecast errors by horizon** from the IMF's own record (the Historical WEO
  Forecasts Database, every edition since 1990). Nominal growth is real growth times
  inflation; the IMF database has no deflator vintages, so CPI inflation stands in for
  the GDP deflator (stated in every output). The growth error of year ``t`` in edition
  ``e`` is ``e_t = 100 ln[(1 + g^o)(1 + π^o) / ((1 + g^f)(1 + π^f))]`` (outturn: the
  fall edition of the next year, the IMF's ``tv_1``); positive = GDP grew faster than
  forecast, so the share is lower.
* **Persistence.** Errors of consecutive years of one edition are correlated: an AR(1)
  ``e_k = ρ e_{k−1} + u_k`` with ``ρ`` pooled over allies (the correlation of consecutive
  errors) and a stationary standard deviation ``σ_i`` per ally (errors at horizons ≥ 1),
  ``σ0_i`` for the current year of a fall edition. The error of the GDP **level** ``H``
  years after the edition's year is the sum of the growth errors:
  ``Var L_H = σ0² + σ² S(H, ρ)``, ``S(H, ρ) = H + 2 Σ_{d=1}^{H−1} (H − d) ρ^d``
  (a spring edition counts its own year as a full year: ``σ² S(H + 1, ρ)``).
* **NATO's estimates** (budgets) against the same year in a later release: the standard
  deviation ``σ_R`` of ``ln(later / estimate)`` of the share, pooled.

With the plan set as a share ``s`` of *forecast* GDP, the delivered share is
``s · exp(−L_H/100 + r)``, log-normal with ``σ_tot² = Var(L_H)/100² + σ_R²``. The share to
plan for to reach ``τ`` with probability ``q`` is ``s_q = τ · exp(z_q σ_tot)`` and the
probability that a stated plan ``s`` reaches ``τ`` is ``Φ(ln(s/τ)/σ_tot)`` (no bias term:
the IMF's mean errors are reported, not used).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.measure import meets
from burdenshare.targets.errors import TargetsError
from burdenshare.text import t

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

#: The truth definition of a forecast error (the fall edition of the next year).
TRUTH = "outturn_fall_next_year"
DEFLATOR_PROXY = t(
    "nominal GDP growth = real GDP growth × CPI inflation (the IMF's historical database has "
    "no GDP deflator vintages: CPI stands in for the deflator)"
)


def _z(p: float) -> float:
    """The standard normal quantile (bisection on the normal CDF, to float precision).

    >>> round(_z(0.9), 4), round(_z(0.95), 4)
    (1.2816, 1.6449)
    """
    if not 0.0 < p < 1.0:
        raise TargetsError(
            t("a probability must be between 0 and 1, not {probability}", probability=p)
        )
    lo, hi = -10.0, 10.0
    for _ in range(200):  # bisection on the normal CDF: exact to float precision
        mid = (lo + hi) / 2
        if _phi(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def forecast_errors(history: pd.DataFrame, *, since: int = 2000) -> pd.DataFrame:
    """Nominal-growth forecast errors per edition, ally and target year, and their sums.

    ``history`` is the IMF's historical forecasts (``loader.load_forecast_history``).
    Returns ``edition, forecast_year, season, iso3, year, horizon, k, error_pct,
    level_error_pct``: ``k`` = years after the edition's year (0 = its own year),
    ``error_pct`` the log growth error in percent (outturn − forecast), ``level_error_pct``
    its sum over the edition's years up to this one (the error of the GDP level).

    >>> h = pd.DataFrame({"edition": "WEO-2010-10", "forecast_year": 2010,
    ...     "forecast_season": "F", "iso3": "AAA", "year": [2010, 2010, 2011, 2011],
    ...     "horizon": [0.0, 0.0, 1.0, 1.0],
    ...     "variable": ["real_growth_pct", "cpi_inflation_pct"] * 2,
    ...     "forecast": [2.0, 1.0, 2.0, 1.0], TRUTH: [2.0, 1.0, 0.0, 1.0]})
    >>> e = forecast_errors(h)
    >>> e[["k", "error_pct", "level_error_pct"]].round(3).values.tolist()
    [[0.0, 0.0, 0.0], [1.0, -1.98, -1.98]]
    """
    h = history[history["forecast_year"] >= since]
    wide = h.pivot_table(
        index=["edition", "forecast_year", "forecast_season", "iso3", "year", "horizon"],
        columns="variable", values=["forecast", TRUTH], aggfunc="first",
    )  # fmt: skip
    cols = [("forecast", "real_growth_pct"), ("forecast", "cpi_inflation_pct"),
            (TRUTH, "real_growth_pct"), (TRUTH, "cpi_inflation_pct")]  # fmt: skip
    wide = wide.reindex(columns=pd.MultiIndex.from_tuples(cols)).dropna().reset_index()
    fc = (1 + wide[cols[0]] / 100) * (1 + wide[cols[1]] / 100)
    out_ = (1 + wide[cols[2]] / 100) * (1 + wide[cols[3]] / 100)
    out = pd.DataFrame(
        {
            "edition": wide["edition"],
            "forecast_year": wide["forecast_year"].astype("int64"),
            "season": wide["forecast_season"],
            "iso3": wide["iso3"],
            "year": wide["year"].astype("int64"),
            "horizon": wide["horizon"].astype(float),
            "k": (wide["year"] - wide["forecast_year"]).astype(float),
            "error_pct": 100 * np.log(out_ / fc),
        }
    )
    out.columns = [c if isinstance(c, str) else c[0] for c in out.columns]
    out = out.sort_values(["edition", "iso3", "year"], kind="stable").reset_index(drop=True)
    out["level_error_pct"] = out.groupby(["edition", "iso3"])["error_pct"].cumsum()
    out.attrs["deflator"] = DEFLATOR_PROXY
    return out


@dataclass(frozen=True)
class ErrorModel:
    """The estimated GDP forecast-error model (AR(1) growth errors, per-ally scale)."""

    rho: float
    #: per ally: ``sigma_pct`` (stationary s.d. of growth errors, horizons ≥ 1),
    #: ``sigma0_pct`` (current year of a fall edition), ``n``, ``mean_level_error_5_pct``
    allies: pd.DataFrame
    pooled_sigma_pct: float
    pooled_sigma0_pct: float
    editions: str

    def sigmas(self, iso3: str) -> tuple[float, float]:
        """``(σ, σ0)`` of an ally in percent (the pooled values for an ally without record).

        >>> m = ErrorModel(0.5, pd.DataFrame({"sigma_pct": [3.0], "sigma0_pct": [0.5]},
        ...                index=["AAA"]), 2.0, 1.0, "test")
        >>> m.sigmas("AAA"), m.sigmas("BBB")
        ((3.0, 0.5), (2.0, 1.0))
        """
        a = self.allies
        if iso3 not in a.index:
            return self.pooled_sigma_pct, self.pooled_sigma0_pct
        i = a.index.get_loc(iso3)
        return (float(a["sigma_pct"].to_numpy(dtype=float)[i]),
                float(a["sigma0_pct"].to_numpy(dtype=float)[i]))  # fmt: skip

    def level_sd_pct(self, iso3: str, years_ahead: int, *, season: str = "F") -> float:
        """S.d. of the GDP-level error ``years_ahead`` years after the edition's year.

        >>> m = ErrorModel(0.5, pd.DataFrame(columns=["sigma_pct", "sigma0_pct"]), 2.0, 1.0,
        ...                "test")
        >>> round(m.level_sd_pct("AAA", 2), 4)  # sqrt(1 + 4 (2 + 2 * 0.5))
        3.6056
        """
        sigma, sigma0 = self.sigmas(iso3)
        h = max(int(years_ahead), 0)
        if season == "S":  # the edition's own year is a full year of error
            return math.sqrt(sigma**2 * ar1_sum(h + 1, self.rho))
        return math.sqrt(sigma0**2 + sigma**2 * ar1_sum(h, self.rho))


def ar1_sum(h: int, rho: float) -> float:
    """``S(h, ρ) = Σ_{j,k=1..h} ρ^{|j−k|}``: the variance of a sum of ``h`` AR(1) terms with
    unit stationary variance.

    >>> ar1_sum(3, 0.0), ar1_sum(3, 1.0), ar1_sum(2, 0.5)
    (3.0, 9.0, 3.0)
    """
    return float(h + 2 * sum((h - d) * rho**d for d in range(1, h)))


def fit_error_model(
    errors: pd.DataFrame, *, truth_known_by: int | None = None, exclude_years: Iterable[int] = ()
) -> ErrorModel:
    """Estimate the AR(1) model from :func:`forecast_errors` (fall editions).

    ``truth_known_by``: keep only errors whose outturn was published by then (the fall
    edition of ``year + 1`` ≤ ``truth_known_by``): an out-of-sample fit for a calibration.
    ``exclude_years``: target years left out (none by default: 2020 was a forecast error
    too).

    >>> rows = [{"edition": f"WEO-{y}-10", "season": "F", "iso3": "AAA", "year": y + k,
    ...          "k": float(k), "error_pct": e} for y, errs in
    ...         [(2010, [0.5, 1.0, 2.0]), (2011, [-0.5, -1.0, -2.0])]
    ...         for k, e in enumerate(errs)]
    >>> m = fit_error_model(pd.DataFrame(rows))
    >>> m.rho, float(m.allies.loc["AAA", "sigma0_pct"])   # ρ capped at 0.99
    (0.99, 0.5)
    """
    e = _fall_errors(errors, truth_known_by, exclude_years)
    if e.empty:
        raise TargetsError(t("no forecast errors to estimate the model from"))
    e = e.sort_values(["edition", "iso3", "year"], kind="stable")
    prev = e.groupby(["edition", "iso3"])["error_pct"].shift()
    pair = prev.notna()
    rho = float(np.corrcoef(e.loc[pair, "error_pct"], prev[pair])[0, 1]) if pair.sum() > 1 else 0.0
    rho = min(max(rho, 0.0), 0.99)
    ahead = e[e["k"] >= 1]
    now = e[e["k"] == 0]

    def rms(s: pd.Series) -> float:  # around zero: an unbiased forecast is the model
        return float(np.sqrt(np.mean(np.square(s)))) if len(s) else float("nan")

    allies = pd.DataFrame(
        {
            "sigma_pct": ahead.groupby("iso3")["error_pct"].agg(rms),
            "sigma0_pct": now.groupby("iso3")["error_pct"].agg(rms),
            "n": ahead.groupby("iso3")["error_pct"].size(),
            "mean_error_pct": ahead.groupby("iso3")["error_pct"].mean(),
        }
    )
    pooled, pooled0 = rms(ahead["error_pct"]), rms(now["error_pct"])
    allies["sigma0_pct"] = allies["sigma0_pct"].fillna(pooled0)
    span = t("{first} to {last} (fall editions)", first=e["edition"].min(),
             last=e["edition"].max())  # fmt: skip
    return ErrorModel(rho, allies, pooled, pooled0, span)


def _fall_errors(
    errors: pd.DataFrame, truth_known_by: int | None, exclude_years: Iterable[int]
) -> pd.DataFrame:
    """The fall editions' errors the model is fitted on (known by then, years kept)."""
    e = errors[errors["season"] == "F"]
    if truth_known_by is not None:
        e = e[e["year"] + 1 <= truth_known_by]
    skip = [int(y) for y in exclude_years]
    return e[~e["year"].isin(skip)] if skip else e


def error_correlation(
    errors: pd.DataFrame,
    allies: Iterable[str],
    *,
    shrinkage: float = 0.5,
    truth_known_by: int | None = None,
    exclude_years: Iterable[int] = (),
) -> FloatArray:
    """Correlation across allies of the IMF's growth errors (same edition, same year).

    The uncentred correlation (errors are measured around zero, as in
    :func:`fit_error_model`) of each pair over the fall-edition years both have, shrunk
    ``shrinkage`` towards zero (pairwise estimates from about 100 overlapping years need
    not form a valid matrix), then made positive semi-definite (negative eigenvalues set
    to 0, the diagonal rescaled to 1). An ally without record is uncorrelated.

    >>> rows = [{"edition": f"WEO-{y}-10", "season": "F", "iso3": c, "year": y + 1,
    ...          "k": 1.0, "error_pct": e * s} for y, e in [(2010, 1.0), (2011, -2.0),
    ...          (2012, 0.5)] for c, s in [("AAA", 1.0), ("BBB", 2.0)]]
    >>> error_correlation(pd.DataFrame(rows), ["AAA", "BBB", "CCC"]).round(3).tolist()
    [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if not 0 <= shrinkage <= 1:
        raise TargetsError(t("shrinkage must be between 0 and 1, not {value}", value=shrinkage))
    codes = list(allies)
    e = _fall_errors(errors, truth_known_by, exclude_years)
    e = e[e["iso3"].isin(codes) & (e["k"] >= 1)]
    wide = e.pivot_table(index=["edition", "year"], columns="iso3", values="error_pct",
                         aggfunc="first").reindex(columns=codes)  # fmt: skip
    x = wide.to_numpy(dtype=float)
    ok = np.isfinite(x)
    x0 = np.where(ok, x, 0.0)
    both = ok.T.astype(float) @ ok.astype(float)  # years each pair has
    cross = x0.T @ x0
    sq = np.square(x0)
    own_i = sq.T @ ok.astype(float)  # Σ x_i² over the years j has too
    denom = np.sqrt(own_i * own_i.T)
    r = np.where((both >= 3) & (denom > 0), cross / np.where(denom > 0, denom, 1.0), 0.0)
    np.fill_diagonal(r, 1.0)
    r = (1 - shrinkage) * r + shrinkage * np.eye(len(codes))
    w, v = np.linalg.eigh((r + r.T) / 2)
    if w.min() < 0:
        r = (v * np.clip(w, 0.0, None)) @ v.T
        d = np.sqrt(np.clip(np.diag(r), 1e-12, None))
        r = r / np.outer(d, d)
    out: FloatArray = r
    return out


def revision_errors(
    panels: Mapping[str, pd.DataFrame], published: Mapping[str, str]
) -> pd.DataFrame:
    """NATO's estimates against the same year in the latest later release.

    ``panels``: release id → panel (``iso3, year, is_estimate, share_gdp_pct``);
    ``published``: release id → publication date (ISO). For each ally-year flagged as an
    estimate in a release, the share in the latest release published after it that has
    the year. Returns ``release, later_release, iso3, year, estimate_pct, later_pct,
    revision_pp, log_ratio``.

    >>> a = pd.DataFrame({"iso3": "AAA", "year": [2023], "is_estimate": True,
    ...                   "share_gdp_pct": [2.0]})
    >>> b = a.assign(is_estimate=False, share_gdp_pct=2.1)
    >>> r = revision_errors({"x": a, "y": b}, {"x": "2024-06-17", "y": "2026-07-10"})
    >>> r[["later_release", "revision_pp"]].round(2).values.tolist()
    [['y', 0.1]]
    """
    order = sorted(panels, key=lambda r: published[r])
    rows = []
    for i, rel in enumerate(order):
        later = order[i + 1 :]
        if not later:
            continue
        p = panels[rel]
        est = p[p["is_estimate"].astype(bool) & p["share_gdp_pct"].notna()]
        for lr in reversed(later):
            q = panels[lr][["iso3", "year", "share_gdp_pct"]].dropna()
            m = est.merge(q, on=["iso3", "year"], suffixes=("", "_later"))
            if len(m):
                rows.append(pd.DataFrame({
                    "release": rel, "later_release": lr, "iso3": m["iso3"],
                    "year": m["year"].astype("int64"), "estimate_pct": m["share_gdp_pct"],
                    "later_pct": m["share_gdp_pct_later"],
                }))  # fmt: skip
                break
    cols = ["release", "later_release", "iso3", "year", "estimate_pct", "later_pct"]
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)
    out = out[(out["estimate_pct"] > 0) & (out["later_pct"] > 0)].reset_index(drop=True)
    out["revision_pp"] = out["later_pct"] - out["estimate_pct"]
    out["log_ratio"] = np.log(out["later_pct"] / out["estimate_pct"])
    return out


def revision_sd(revisions: pd.DataFrame) -> float:
    """``σ_R``: the root mean square of ``ln(later / estimate)`` (around zero)."""
    if revisions.empty:
        return 0.0
    return float(np.sqrt(np.mean(np.square(revisions["log_ratio"]))))


def required_share(target_pct: float, sd_total: float, probability: float = 0.9) -> float:
    """The share of forecast GDP to plan for to reach ``target_pct`` with ``probability``.

    ``s_q = τ exp(z_q σ_tot)``.

    >>> round(required_share(3.5, 0.05, 0.9), 4)   # 3.5 × exp(1.2816 × 0.05)
    3.7316
    >>> required_share(3.5, 0.0, 0.9)
    3.5
    """
    return float(target_pct * math.exp(_z(probability) * sd_total))


def plan_probability(plan_share_pct: float, target_pct: float, sd_total: float) -> float:
    """The probability that a plan worth ``plan_share_pct`` of forecast GDP delivers at least
    ``target_pct``: ``Φ(ln(s/τ)/σ_tot)`` (with no uncertainty, :func:`measure.meets`).

    >>> round(plan_probability(required_share(3.5, 0.05, 0.9), 3.5, 0.05), 6)
    0.9
    >>> plan_probability(3.5, 3.5, 0.0), plan_probability(3.4, 3.5, 0.0)
    (1.0, 0.0)
    """
    if sd_total <= 0:
        return 1.0 if bool(meets(plan_share_pct, target_pct)) else 0.0
    return _phi(math.log(plan_share_pct / target_pct) / sd_total)


def plan_table(
    allies: Iterable[str],
    model: ErrorModel,
    sd_revision: float,
    *,
    target_pct: float,
    target_year: int,
    edition_year: int,
    edition_season: str,
    probability: float,
    gdp_target_year_nc_bn: Mapping[str, float],
    plan_share_pct: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Per ally: the share of forecast GDP to plan for, and the probability of a stated plan.

    Columns: ``iso3, target_year, years_ahead, gdp_level_sd_pct, revision_sd_pct,
    total_sd_pct, required_share_pct, required_nc_mn`` (the required share of the
    projected GDP of the target year), ``plan_share_pct`` and ``p_target`` (NA without a
    plan), ``probability``.

    >>> m = ErrorModel(0.0, pd.DataFrame(columns=["sigma_pct", "sigma0_pct"]), 3.0, 0.0, "t")
    >>> t = plan_table(["AAA"], m, 0.0, target_pct=3.5, target_year=2027, edition_year=2025,
    ...     edition_season="F", probability=0.9, gdp_target_year_nc_bn={"AAA": 100.0},
    ...     plan_share_pct={"AAA": 3.5})
    >>> cols = ["years_ahead", "total_sd_pct", "required_share_pct", "p_target"]
    >>> t[cols].round(3).values.tolist()
    [[2.0, 4.243, 3.696, 0.5]]
    """
    rows = []
    for iso3 in allies:
        h = int(target_year) - int(edition_year)
        level = model.level_sd_pct(iso3, h, season=edition_season)
        total = math.sqrt((level / 100) ** 2 + sd_revision**2)
        req = required_share(target_pct, total, probability)
        plan = None if plan_share_pct is None else plan_share_pct.get(iso3)
        gdp = gdp_target_year_nc_bn.get(iso3, float("nan"))
        rows.append(
            {
                "iso3": iso3,
                "target_year": int(target_year),
                "years_ahead": h,
                "gdp_level_sd_pct": level,
                "revision_sd_pct": 100 * sd_revision,
                "total_sd_pct": 100 * total,
                "required_share_pct": req,
                "required_nc_mn": req / 100 * gdp * 1e3,
                "plan_share_pct": np.nan if plan is None else float(plan),
                "p_target": np.nan if plan is None else plan_probability(plan, target_pct, total),
                "probability": probability,
            }
        )
    return pd.DataFrame(rows)


def calibration(
    editions: Mapping[str, pd.DataFrame],
    actual: pd.DataFrame,
    errors: pd.DataFrame,
    *,
    probability: float = 0.9,
    max_years_ahead: int = 5,
) -> pd.DataFrame:
    """Out-of-sample coverage of the GDP band: past forecasts against outturns.

    ``editions``: WEO edition label (``WEO-2019-10``) → its tidy extract (``real_growth_pct``,
    ``deflator_growth_pct``); ``actual``: the latest edition (its non-projected years are the
    outturns). For each edition, ally and target year ``T`` with an outturn, the forecast
    cumulative nominal growth from the edition's year to ``T`` (real × deflator) against the
    outturn's, and the model's band ``± z σ(L_H)`` fitted only on errors known when the
    edition was published. Returns one row per (edition, ally, T) with ``inside``.
    """
    z = _z(0.5 + probability / 2)
    act = _nominal(actual)
    act = act[~act["is_projection"]]
    rows = []
    for label, ed in sorted(editions.items()):
        y, season = int(label[4:8]), "S" if label.endswith("-04") else "F"
        model = fit_error_model(errors, truth_known_by=y - (1 if season == "S" else 0))
        f = _nominal(ed)
        f = f[f["year"] >= y]
        m = f.merge(act[["iso3", "year", "log_growth"]], on=["iso3", "year"],
                    suffixes=("_f", "_a"))  # fmt: skip
        m = m[m["year"] <= y + max_years_ahead].sort_values(["iso3", "year"])
        m["L"] = 100 * (m.groupby("iso3")["log_growth_a"].cumsum()
                        - m.groupby("iso3")["log_growth_f"].cumsum())  # fmt: skip
        for iso3, year, level in zip(m["iso3"], m["year"], m["L"], strict=True):
            sd = model.level_sd_pct(str(iso3), int(year) - y, season=season)
            rows.append({"edition": label, "iso3": iso3, "year": int(year),
                         "years_ahead": int(year) - y, "level_error_pct": float(level),
                         "band_pct": z * sd, "inside": abs(level) <= z * sd})  # fmt: skip
    return pd.DataFrame(rows)


def _nominal(weo: pd.DataFrame) -> pd.DataFrame:
    w = weo[weo["variable"].isin(["real_growth_pct", "deflator_growth_pct"])].pivot_table(
        index=["iso3", "year"], columns="variable", values="value", aggfunc="first")  # fmt: skip
    proj = weo[weo["variable"] == "real_growth_pct"].set_index(["iso3", "year"])["is_projection"]
    w = w.dropna().reset_index()
    w["log_growth"] = np.log1p(w["real_growth_pct"] / 100) + np.log1p(
        w["deflator_growth_pct"] / 100)  # fmt: skip
    w["is_projection"] = proj.reindex(pd.MultiIndex.from_frame(w[["iso3", "year"]])).to_numpy()
    w["is_projection"] = w["is_projection"].fillna(True).astype(bool)
    return w


def coverage(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share of outcomes inside the band (all, or by a column such as ``years_ahead``)."""
    if table.empty:
        return pd.DataFrame({"n": [0], "inside_share": [float("nan")]})
    g = table.groupby(by) if by else table.assign(_all="all").groupby("_all")
    return pd.DataFrame({"n": g["inside"].size(), "inside_share": g["inside"].mean()})


__all__ = [
    "DEFLATOR_PROXY",
    "Calibration",
    "ErrorModel",
    "ar1_sum",
    "calibrate",
    "calibration",
    "coverage",
    "error_correlation",
    "fit_error_model",
    "forecast_errors",
    "plan_probability",
    "plan_shares",
    "plan_table",
    "required_share",
    "required_shares",
    "revision_errors",
    "revision_sd",
]


def plan_shares(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    allies: Iterable[str],
    target_year: int,
    *,
    plan_growth_pct: float | None = None,
    plan: pd.DataFrame | None = None,
    plan_share_pct: float | None = None,
) -> dict[str, float]:
    """A stated plan as a share of forecast GDP in the target year, per ally.

    One of: ``plan_share_pct`` (a share of forecast GDP, as a plan is often stated);
    ``plan_growth_pct`` (nominal growth a year from the latest year's spending in national
    currency); ``plan`` (``year`` and ``spending_nc_mn`` or ``share_gdp_pct``, optionally
    ``iso3``: the row of the target year is used). The money is divided by the projected
    GDP (``economy``: ``iso3, year, gdp_nc_bn``) of the target year and put on NATO's
    constant-price basis with the latest year's ratio of NATO's share to money over GDP
    (the basis the target is measured on, and the Monte Carlo's plans use).

    >>> panel = pd.DataFrame({"iso3": "AAA", "year": [2026], "defence_exp_nc_mn": [2000.0]})
    >>> econ = pd.DataFrame({"iso3": "AAA", "year": [2030], "gdp_nc_bn": [100.0]})
    >>> round(plan_shares(panel, econ, ["AAA"], 2030, plan_growth_pct=10.0)["AAA"], 4)
    2.9282
    """
    codes = list(allies)
    if plan_growth_pct is not None and not (
        math.isfinite(plan_growth_pct) and plan_growth_pct > -100
    ):
        raise TargetsError(t(
            "a plan's growth must be a number above -100%, not {plan_growth_pct}",
            plan_growth_pct=plan_growth_pct,
        ))
    return _positive(_plan_shares(panel, economy, codes, target_year, plan_growth_pct,
                                  plan, plan_share_pct))  # fmt: skip


def _positive(shares: dict[str, float]) -> dict[str, float]:
    """A stated plan's shares, each a positive finite share of GDP (else one clear error)."""
    for code, share in shares.items():
        if not (math.isfinite(share) and share > 0):
            raise TargetsError(t(
                "the stated plan for {code} is {share}% of GDP; it must be above 0",
                code=code, share=share,
            ))
    return shares


def _plan_shares(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    codes: list[str],
    target_year: int,
    plan_growth_pct: float | None,
    plan: pd.DataFrame | None,
    plan_share_pct: float | None,
) -> dict[str, float]:
    if plan_share_pct is not None:
        return dict.fromkeys(codes, float(plan_share_pct))
    gdp = economy[economy["year"] == target_year].set_index("iso3")["gdp_nc_bn"]
    out: dict[str, float] = {}
    p = panel.dropna(subset=["defence_exp_nc_mn"])
    last = p.loc[p.groupby("iso3")["year"].idxmax()]
    years = dict(zip(last["iso3"], last["year"].astype(int), strict=True))
    spent = dict(zip(last["iso3"], last["defence_exp_nc_mn"].astype(float), strict=True))
    if plan_growth_pct is not None:
        for c in codes:
            if c in years and c in gdp.index:
                n = target_year - years[c]
                money = spent[c] * (1 + plan_growth_pct / 100) ** n
                out[c] = money / (float(gdp[c]) * 1e3) * 100 * _price_factor(
                    panel, economy, c, years[c], spent[c])
        return out
    if plan is not None:
        rows = plan[plan["year"] == target_year]
        for c in codes:
            r = rows[rows["iso3"] == c] if "iso3" in rows.columns else rows
            if r.empty:
                raise TargetsError(t(
                    "the plan has no row for {ally} in {target_year}",
                    ally=c, target_year=target_year,
                ))
            if "share_gdp_pct" in r.columns:
                out[c] = float(r["share_gdp_pct"].iloc[0])
            elif c in gdp.index:
                k = _price_factor(panel, economy, c, years[c], spent[c]) if c in years else 1.0
                out[c] = float(r["spending_nc_mn"].iloc[0]) / (float(gdp[c]) * 1e3) * 100 * k
        return out
    return {}


def _price_factor(
    panel: pd.DataFrame, economy: pd.DataFrame, iso3: str, year: int, spent_nc_mn: float
) -> float:
    """NATO's share of GDP (constant prices) over money / GDP (current prices) in ``year``.

    The target is measured on NATO's constant-price share; money over forecast GDP is a
    current-price share. The ratio of the latest year is held, so a money plan growing as
    fast as GDP keeps NATO's share (as the Monte Carlo's plans do). 1 where either is
    missing.
    """
    if "share_gdp_pct" not in panel.columns:
        return 1.0
    share = panel.loc[(panel["iso3"] == iso3) & (panel["year"] == year), "share_gdp_pct"]
    gdp = economy.loc[(economy["iso3"] == iso3) & (economy["year"] == year), "gdp_nc_bn"]
    if share.empty or gdp.empty or not spent_nc_mn > 0:
        return 1.0
    current = spent_nc_mn / (float(gdp.iloc[0]) * 1e3) * 100
    k = float(share.iloc[0]) / current
    return k if math.isfinite(k) and k > 0 else 1.0


@dataclass(frozen=True)
class Calibration:
    """The one error model, estimated once: what :func:`required_shares` and the Monte Carlo
    (:func:`burdenshare.targets.simulation.simulate_plans`) both draw from.

    ``model``: GDP forecast errors by horizon (AR(1), σ per ally); ``errors``: the IMF
    errors it was fitted on (for the correlation across allies); ``sigma_revision``: the
    log s.d. of NATO's estimate-to-later-release revisions (a fraction).
    """

    model: ErrorModel
    errors: pd.DataFrame
    sigma_revision: float
    revision_pairs: int
    revision_mean_abs_pp: float
    truth_known_by: int | None = None
    exclude_years: tuple[int, ...] = ()
    #: the year of the latest fall edition whose outturns the fit used (no look-ahead)
    outturns_to: int | None = None

    def correlation(self, allies: Iterable[str], *, shrinkage: float = 0.5) -> FloatArray:
        """The correlation across ``allies`` of the growth errors (:func:`error_correlation`)."""
        return error_correlation(self.errors, allies, shrinkage=shrinkage,
                                 truth_known_by=self.truth_known_by,
                                 exclude_years=self.exclude_years)  # fmt: skip

    @property
    def attrs(self) -> dict[str, Any]:
        """The estimates, for a frame's ``attrs``."""
        return {
            "rho": round(self.model.rho, 4),
            "gdp_errors": t("IMF forecast errors of {editions}", editions=self.model.editions),
            "deflator": DEFLATOR_PROXY,
            "sigma_revision_pct": round(100 * self.sigma_revision, 3),
            "revision_pairs": self.revision_pairs,
            "revision_mean_abs_pp": round(self.revision_mean_abs_pp, 3),
            "gdp_outturns_to": self.outturns_to,
        }


def calibrate(
    history: pd.DataFrame,
    releases: Mapping[str, pd.DataFrame],
    published: Mapping[str, str],
    *,
    truth_known_by: int | None = None,
    exclude_years: Iterable[int] = (),
) -> Calibration:
    """Estimate the error model: IMF forecast errors (:func:`forecast_errors`,
    :func:`fit_error_model`) and NATO's revisions (:func:`revision_errors`)."""
    errors = forecast_errors(history)
    skip = tuple(int(y) for y in exclude_years)
    model = fit_error_model(errors, truth_known_by=truth_known_by, exclude_years=skip)
    revisions = revision_errors(releases, published)
    mean_abs = float(revisions["revision_pp"].abs().mean()) if len(revisions) else float("nan")
    used = _fall_errors(errors, truth_known_by, skip)
    return Calibration(model, errors, revision_sd(revisions), len(revisions), mean_abs,
                       truth_known_by, skip, int(used["year"].max()) + 1)  # fmt: skip


def required_shares(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    history: pd.DataFrame,
    releases: Mapping[str, pd.DataFrame],
    published: Mapping[str, str],
    allies: Iterable[str],
    *,
    target_pct: float,
    target_year: int,
    edition_year: int,
    edition_season: str = "F",
    probability: float = 0.9,
    truth_known_by: int | None = None,
    plan_growth_pct: float | None = None,
    plan: pd.DataFrame | None = None,
    plan_share_pct: float | None = None,
) -> pd.DataFrame:
    """The calibrated model end to end: estimate, then the share to plan for per ally.

    Fits the GDP error model on the IMF's record (:func:`forecast_errors`,
    :func:`fit_error_model`, errors whose outturn was known by ``truth_known_by``), the
    revision error on NATO's releases (:func:`revision_errors`), converts a stated plan
    (:func:`plan_shares`) and returns :func:`plan_table`. ``attrs`` record ``rho``, the
    editions used, ``sigma_revision``, the number of revision pairs and the deflator proxy.
    """
    cal = calibrate(history, releases, published, truth_known_by=truth_known_by)
    model, sd_r = cal.model, cal.sigma_revision
    codes = list(allies)
    gdp = economy[economy["year"] == target_year].set_index("iso3")["gdp_nc_bn"]
    stated = plan_shares(panel, economy, codes, target_year, plan_growth_pct=plan_growth_pct,
                         plan=plan, plan_share_pct=plan_share_pct)  # fmt: skip
    any_plan = plan_growth_pct is not None or plan is not None or plan_share_pct is not None
    out = plan_table(
        codes, model, sd_r, target_pct=target_pct, target_year=target_year,
        edition_year=edition_year, edition_season=edition_season, probability=probability,
        gdp_target_year_nc_bn={str(k): float(v) for k, v in gdp.items()},
        plan_share_pct=stated if any_plan else None,
    )  # fmt: skip
    out.attrs.update(cal.attrs)
    out.attrs.update(
        {
            "model": t(
                "share delivered = plan share of forecast GDP × exp(−GDP level error + NATO "
                "revision); log-normal, AR(1) growth errors (ρ pooled, σ per ally); required "
                "share = target × exp(z_q σ_tot)"
            ),
        }
    )
    return out
