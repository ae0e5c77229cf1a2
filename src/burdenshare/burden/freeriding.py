"""Free-riding tests year by year (METRICS.md A2-A4), as a tidy table and a chart series.

Input: the frame of :func:`burdenshare.burden.inputs.alliance_inputs` (members of each
year only, allies without defence spending already left out). For each year the allies
are ranked by GDP (``gdp_usd_bn``) and by burden (``burden_pct``, NATO's published share
of GDP) and four results are computed:

- ``spearman`` with t-approximation p-values (df n − 2);
- ``spearman`` with permutation p-values (exact for small n, else seeded Monte Carlo);
- ``kendall_tau_b`` (exact without ties, else asymptotic);
- ``partial_spearman`` holding income per head (``gdp_per_head_usd``) constant (df n − 3).

A positive coefficient is what the exploitation hypothesis predicts ("exploitation of the
great by the small"); ``p_one_sided`` tests it (H1: ρ > 0), ``p_two_sided`` is what
Sandler & Murdoch (2000) print.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from burdenshare.burden.errors import BurdenInputError
from burdenshare.burden.ranktests import (
    RankCorrelation,
    kendall_tau_b,
    partial_spearman,
    spearman,
    spearman_permutation,
)
from burdenshare.text import t

TIDY_COLUMNS = (
    "year", "basis", "n_allies", "statistic", "estimate", "p_one_sided", "p_two_sided",
    "p_method", "controls", "is_estimate",
)  # fmt: skip


def _row(year: int, basis: str, r: RankCorrelation, estimate: bool) -> dict[str, object]:
    return {
        "year": year,
        "basis": basis,
        "n_allies": r.n,
        "statistic": r.statistic,
        "estimate": r.estimate,
        "p_one_sided": r.p_one_sided,
        "p_two_sided": r.p_two_sided,
        "p_method": r.p_method,
        "controls": ",".join(r.controls),
        "is_estimate": estimate,
    }


def free_riding(inputs: pd.DataFrame, n_resamples: int = 9999, seed: int = 0) -> pd.DataFrame:
    """Rank tests of GDP against burden for every year of ``inputs``.

    Args:
        inputs: ally-year rows with ``year``, ``basis``, ``gdp_usd_bn``, ``burden_pct``
            and ``gdp_per_head_usd`` (the partial correlation is left out for a year in
            which an ally lacks income per head); optionally ``is_estimate``.
        n_resamples, seed: for the permutation p-values (see ``spearman_permutation``).

    Returns:
        One row per year and result, columns ``year``, ``basis``, ``n_allies``,
        ``statistic``, ``estimate``, ``p_one_sided``, ``p_two_sided``, ``p_method``,
        ``controls``, ``is_estimate`` (some figures of that year are NATO estimates).
        Years with fewer than 3 allies are left out.

    Raises:
        BurdenInputError: a column is missing, or no year has 3 allies.

    >>> inputs = pd.DataFrame({"year": 2000, "basis": "usd_current",
    ...     "gdp_usd_bn": [1000, 400, 300, 100, 50], "burden_pct": [3.0, 2.0, 2.5, 1.0, 1.5],
    ...     "gdp_per_head_usd": [5, 1, 4, 3, 2]})
    >>> t = free_riding(inputs)
    >>> t[["statistic", "estimate", "p_one_sided"]].round(3).values.tolist()[:3]
    [['spearman', 0.8, 0.052], ['spearman', 0.8, 0.067], ['kendall_tau_b', 0.6, 0.117]]
    """
    for col in ("year", "basis", "gdp_usd_bn", "burden_pct"):
        if col not in inputs.columns:
            raise BurdenInputError(t("free-riding tests need a {col!r} column", col=col))
    rows: list[dict[str, object]] = []
    for year, grp in inputs.groupby("year", sort=True):
        g = grp.dropna(subset=["gdp_usd_bn", "burden_pct"])
        if len(g) < 3:
            continue
        y = int(str(year))
        basis = str(g["basis"].iloc[0])
        est = bool(g["is_estimate"].astype(bool).any()) if "is_estimate" in g.columns else False
        gdp, burden = g["gdp_usd_bn"].to_numpy(), g["burden_pct"].to_numpy()
        rows.append(_row(y, basis, spearman(gdp, burden), est))
        rows.append(_row(y, basis, spearman_permutation(gdp, burden, n_resamples, seed), est))
        rows.append(_row(y, basis, kendall_tau_b(gdp, burden), est))
        if "gdp_per_head_usd" in g.columns and g["gdp_per_head_usd"].notna().all():
            per_head = g["gdp_per_head_usd"].to_numpy()
            partial = partial_spearman(gdp, burden, per_head, "gdp_per_head")
            rows.append(_row(y, basis, partial, est))
    if not rows:
        raise BurdenInputError(t("no year has GDP and burden for at least 3 allies"))
    return pd.DataFrame(rows, columns=list(TIDY_COLUMNS))


def free_riding_series(tidy: pd.DataFrame) -> pd.DataFrame:
    """The coefficients by year, one column per statistic, for a line chart.

    Columns: ``year``, ``spearman_rho``, ``kendall_tau_b``, ``partial_spearman_rho``
    (NaN where not computed), ``n_allies``, ``spearman_p_one_sided`` (t approximation),
    and ``is_estimate`` when the tidy table has it.

    >>> tidy = pd.DataFrame({"year": [2000, 2000], "basis": "x", "n_allies": 5,
    ...     "statistic": ["spearman", "kendall_tau_b"], "estimate": [0.8, 0.6],
    ...     "p_one_sided": [0.05, 0.1], "p_two_sided": [0.1, 0.2],
    ...     "p_method": ["t approximation (df 3)", "exact"], "controls": ""})
    >>> free_riding_series(tidy).iloc[0].tolist()
    [2000.0, 0.8, 0.6, nan, 5.0, 0.05]
    """
    first = tidy.drop_duplicates(["year", "statistic"], keep="first")
    wide = first.pivot(index="year", columns="statistic", values="estimate")
    out = pd.DataFrame(index=wide.index)
    names = {
        "spearman": "spearman_rho",
        "kendall_tau_b": "kendall_tau_b",
        "partial_spearman": "partial_spearman_rho",
    }
    for stat, col in names.items():
        out[col] = wide[stat] if stat in wide.columns else float("nan")
    out["n_allies"] = first.groupby("year")["n_allies"].max()
    sp = first[first["statistic"] == "spearman"].set_index("year")["p_one_sided"]
    out["spearman_p_one_sided"] = sp.reindex(out.index)
    if "is_estimate" in first.columns:
        out["is_estimate"] = first.groupby("year")["is_estimate"].any().astype(bool)
    out.index.name = "year"
    return out.reset_index()


POOLED_COLUMNS = (
    "variant", "years", "n_years", "n_allies", "mean_rho", "p_one_sided", "p_two_sided",
    "p_method", "controls", "left_out", "is_estimate",
)  # fmt: skip


def _zranks(values: np.ndarray) -> np.ndarray:
    """Average ranks per row (years), standardised to mean 0 and unit variance."""
    r = np.apply_along_axis(lambda v: pd.Series(v).rank(method="average").to_numpy(), 1, values)
    r = r - r.mean(axis=1, keepdims=True)
    sd = r.std(axis=1, keepdims=True)
    out: np.ndarray = np.divide(r, sd, out=np.zeros_like(r), where=sd > 0)
    return out


def pooled_free_riding(
    inputs: pd.DataFrame,
    *,
    border: Iterable[str] = (),
    n_resamples: int = 9999,
    seed: int = 0,
) -> pd.DataFrame:
    """One exploitation test over all years, with and without the US and a proximity control.

    The statistic is the mean over years of Spearman's ρ between GDP and burden,
    ``T = (1/Y) Σ_t ρ_t``, on the allies present in every year (a fixed membership: the
    others are named in ``left_out``). Its null distribution permutes **whole ally series**
    — one permutation of the allies applied to every year — so the persistence of burdens
    across years is kept (permuting each year on its own would treat 13 nearly identical
    years as 13 independent tests and overstate the evidence). With the proximity control
    the permutations stay within the strata of allies bordering Russia or Belarus
    (``border``) and the others: the test asks whether size goes with burden among allies of
    the same exposure. ``p_one_sided`` tests H1: T > 0 (exploitation of the great by the
    small), with ``(1 + #{T* ≥ T})/(1 + R)``; ``p_two_sided`` is twice the smaller tail
(capped at 1): the stratified null distribution need not be centred on zero.

    Variants: ``all``, ``without USA``, ``proximity control``, ``without USA, proximity
    control``.

    >>> rows = [{"year": y, "iso3": c, "gdp_usd_bn": g, "burden_pct": b}
    ...         for y in (2020, 2021) for c, g, b in
    ...         [("USA", 100, 3.5), ("A", 50, 2.0), ("B", 30, 2.2), ("C", 10, 1.0),
    ...          ("D", 5, 1.2)]]
    >>> t = pooled_free_riding(pd.DataFrame(rows), n_resamples=999)
    >>> t[["variant", "n_allies", "mean_rho"]].round(6).values.tolist()[:2]
    [['all', 5, 0.8], ['without USA', 4, 0.6]]
    """
    for col in ("year", "iso3", "gdp_usd_bn", "burden_pct"):
        if col not in inputs.columns:
            raise BurdenInputError(t("the pooled test needs a {col!r} column", col=col))
    data = inputs.dropna(subset=["gdp_usd_bn", "burden_pct"])
    years = sorted(int(y) for y in data["year"].unique())
    if not years:
        raise BurdenInputError(t("no year has GDP and burden"))
    counts = data.groupby("iso3")["year"].nunique()
    every = sorted(counts[counts == len(years)].index)
    left_out = sorted(set(data["iso3"]) - set(every))
    est = bool(data["is_estimate"].astype(bool).any()) if "is_estimate" in data.columns else False
    border_set = set(border)
    rng = np.random.default_rng(seed)
    rows = []
    for name, drop_us, control in (("all", False, False), ("without USA", True, False),
                                   ("proximity control", False, True),
                                   ("without USA, proximity control", True, True)):  # fmt: skip
        if control and not border_set:
            continue
        allies = [a for a in every if not (drop_us and a == "USA")]
        if len(allies) < 3:
            continue
        sub = data[data["iso3"].isin(allies)]
        gdp = sub.pivot(index="year", columns="iso3", values="gdp_usd_bn")[allies].to_numpy()
        bur = sub.pivot(index="year", columns="iso3", values="burden_pct")[allies].to_numpy()
        zg, zb = _zranks(gdp.astype(float)), _zranks(bur.astype(float))
        n, y = len(allies), len(years)
        m = zg.T @ zb / (n * y)  # T(π) = Σ_i m[i, π(i)]
        observed = float(np.trace(m))
        strata = ([np.array([i for i, a in enumerate(allies) if (a in border_set) == s])
                   for s in (True, False)] if control else [np.arange(n)])  # fmt: skip
        idx = np.arange(n)
        stats = np.empty(n_resamples)
        for k in range(n_resamples):
            perm = idx.copy()
            for s in strata:
                if len(s) > 1:
                    perm[s] = rng.permutation(s)
            stats[k] = m[idx, perm].sum()
        tol = 1e-12
        p1 = (1 + int((stats >= observed - tol).sum())) / (1 + n_resamples)
        lower = (1 + int((stats <= observed + tol).sum())) / (1 + n_resamples)
        p2 = min(1.0, 2 * min(p1, lower))  # the stratified null need not centre on 0
        rows.append({
            "variant": name, "years": f"{years[0]}-{years[-1]}", "n_years": y,
            "n_allies": n, "mean_rho": observed, "p_one_sided": p1, "p_two_sided": p2,
            "p_method": f"ally-series permutation ({n_resamples} resamples, seed {seed}"
                        + (", within proximity strata)" if control else ")"),
            "controls": "borders Russia or Belarus" if control else "",
            "left_out": ", ".join(left_out), "is_estimate": est,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(POOLED_COLUMNS))
