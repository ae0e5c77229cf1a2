"""Targets queries: fetch a release, the rules and a GDP assumption set, call the pure
targets functions (compliance, paths, scenarios, simulation).

``import burdenshare as bs`` exposes these. Every function returns a pandas DataFrame
whose ``attrs`` carry the provenance of the release (``release``, ``source``...), the
rules and, where GDP is projected, the assumption set, how it is joined to NATO's level
and how it is extended beyond its last year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from burdenshare import allies as _allies
from burdenshare.api.spending import _check_years, _provenance, _resolve
from burdenshare.catalog import CoverageError
from burdenshare.catalog.query import DateLike
from burdenshare.rules import default_rules
from burdenshare.rules.scenario import Scenario
from burdenshare.targets import compliance as _comp
from burdenshare.targets import gdp as _gdp
from burdenshare.targets import loader as _load
from burdenshare.targets import paths as _paths
from burdenshare.targets import scenarios as _scen
from burdenshare.targets import simulation as _sim
from burdenshare.targets.errors import TargetsError, UnknownAssumptionError

DEFAULT_ASSUMPTION = "imf-weo-2025-10"
HORIZON = 2035


def assumption_names() -> list[str]:
    """The named GDP assumption sets (a CSV path is accepted too)."""
    return [*_load.editions(), "trend", "flat"]


def rules_in_force(day: date | datetime | str) -> pd.DataFrame:
    """The shipped parameters in force on ``day`` (``YYYY-MM-DD``), one row each.

    Columns: ``parameter, version, value, unit, kind, status, confidence, valid_from,
    valid_until, target_year, sources, description``.

    >>> r = rules_in_force("2023-07-11").set_index("parameter")
    >>> r.loc["spending.core_guideline_pct_gdp", ["kind", "value"]].tolist()
    ['annual_floor', '2.0']
    """
    now = default_rules().at(day)
    rows = [
        {
            "parameter": v.id,
            "version": v.version,
            "value": _text(v.value),
            "unit": v.unit,
            "kind": v.kind,
            "status": v.status,
            "confidence": v.confidence,
            "valid_from": v.valid_from_text or "(always)",
            "valid_until": v.valid_until_text or "(open)",
            "target_year": v.get("target_year"),
            "sources": " ".join(v.sources),
            "description": v.description,
        }
        for v in now.values()
    ]
    out = pd.DataFrame(rows)
    out.attrs.update(
        {
            "day": now.day.isoformat(),
            "special_positions": "; ".join(f"{k}: {', '.join(v)}"
                                           for k, v in now.special_positions().items()),
            "source": "rules.yaml (compiled 2026-11-28 from public sources; see its registry)",
        }
    )  # fmt: skip
    return out


def _text(value: Any) -> str:
    if isinstance(value, float | int | str | bool):
        return str(value)
    return repr(value) if not isinstance(value, dict | list) else str(value)


def compliance(
    year: int | Iterable[int] | None = None,
    ally: str | Iterable[str] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Per ally, year and commitment in force: met or not, the gap, years at or above.

    Columns as :func:`burdenshare.targets.compliance.compliance`, plus ``ally`` (name).
    ``attrs["related_spending"]`` states whether the up-to-1.5% part is published.

    >>> c = compliance(2025, "ESP")
    >>> c.set_index("commitment").loc["related-1.5pct", "assessment"]
    'not published'
    >>> c["flags"].iloc[0]
    'flexibility_letter_2025'
    """
    _, rel, p = _resolve(as_of, release, None)
    years = None if year is None else ([year] if isinstance(year, int) else list(year))
    if years is not None:
        _check_years(p, years, rel)
    codes = None if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    out = _comp.compliance(p, default_rules(), years, codes, concept=rel.concept)
    out.insert(1, "ally", [_allies.name(c) for c in out["iso3"]])
    attrs = dict(out.attrs)
    out = _provenance(out, rel, "compliance with the commitments in force")
    out.attrs.update(attrs)
    return out


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def gdp_assumption(
    name: str = DEFAULT_ASSUMPTION,
    extension: str = "hold-last",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> _gdp.GdpAssumption:
    """A GDP assumption set by name (``imf-weo-2025-10``, ``imf-weo-2025-04``, ``trend``,
    ``flat``) or the path of a user CSV (``iso3, year, real_growth_pct,
    deflator_growth_pct``).

    Raises:
        UnknownAssumptionError: naming the accepted sets.
    """
    eds = _load.editions()
    if name in eds:
        weo = _load.load_weo(name)
        return _gdp.weo_assumption(weo, name, weo.attrs["citation"], extension)
    if name in ("trend", "flat"):
        _, _, p = _resolve(as_of, release, None)
        h = _gdp.economy_history(p)
        return _gdp.trend_assumption(h) if name == "trend" else _gdp.flat_assumption(h)
    if name.lower().endswith(".csv") or Path(name).is_file():
        table = _load.read_user_gdp(name)
        return _gdp.user_assumption(table, Path(name).name, f"user file {name}", extension)
    raise UnknownAssumptionError("GDP assumption set", name, [*assumption_names(), "FILE.csv"])


def _economy(
    assumption: str | _gdp.GdpAssumption,
    extension: str,
    to_year: int,
    as_of: DateLike | None,
    release: str | None,
    allies: list[str] | None = None,
) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    _, rel, p = _resolve(as_of, release, None)
    a = assumption if isinstance(assumption, _gdp.GdpAssumption) else gdp_assumption(
        assumption, extension, as_of=as_of, release=release
    )  # fmt: skip
    econ = _gdp.project_economy(_gdp.economy_history(p), a, to_year, rel.id, allies)
    return rel, p, econ


def gdp_projection(
    ally: str | Iterable[str] | None = None,
    assumption: str = DEFAULT_ASSUMPTION,
    to_year: int = HORIZON,
    extension: str = "hold-last",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """NATO's GDP history and its projection to ``to_year`` under an assumption set.

    Columns: ``iso3, year, gdp_nc_bn, gdp_usd_bn, xr_nc_per_usd, deflator,
    real_growth_pct, deflator_growth_pct, nominal_growth_pct, is_projection,
    is_estimate, origin``; ``attrs`` state the join, the currency method and the
    extension rule.

    >>> g = gdp_projection("NLD")
    >>> g[g["year"] == 2031]["origin"].iloc[0]
    'extended: hold-last (2030 rates)'
    """
    codes = None if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    rel, _, econ = _economy(assumption, extension, to_year, as_of, release, codes)
    if codes is not None and econ.empty:
        raise CoverageError(f"no GDP for {', '.join(codes)} in release {rel.id}")
    econ = econ.reset_index(drop=True)
    attrs = dict(econ.attrs)
    out = _provenance(econ, rel, f"GDP projection ({assumption})")
    out.attrs.update(attrs)
    return out


def _ally_inputs(code: str, p: pd.DataFrame, econ: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    e = econ[econ["iso3"] == code]
    a = p[p["iso3"] == code][["year", "share_gdp_pct", "is_estimate"]]
    if e.empty or a["share_gdp_pct"].isna().all():
        raise CoverageError(f"ally {code} has no share of GDP or GDP in this release")
    return e, a


def target_path(
    ally: str,
    target: str = "core-2035",
    method: str = "linear",
    base_year: int | None = None,
    assumption: str = DEFAULT_ASSUMPTION,
    plan: pd.DataFrame | str | None = None,
    plan_growth_pct: float | None = None,
    target_pct: float | None = None,
    target_year: int | None = None,
    extension: str = "hold-last",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The yearly spending that reaches a target, and actual spending against it.

    Args:
        ally: code or name.
        target: ``core-2035``, ``total-2035`` or ``floor-2pct`` (values from the rules).
        method: ``linear`` (share of GDP in equal steps), ``constant-real`` (one real
            growth rate) or ``plan`` (``plan`` table/CSV or ``plan_growth_pct``).
        base_year: the year the path starts from; the latest outturn (the latest year
            that is not an estimate) by default, so later estimates are checked.
        assumption: GDP assumption set (or a CSV path).
        target_pct, target_year: override the target's value or year.

    Returns:
        See :func:`burdenshare.targets.paths.target_path`; ``attrs`` add the target, the
        GDP assumption, the join and the extension.

    >>> p = target_path("NLD", "core-2035", "linear")
    >>> p.attrs["base_year"], round(float(p["path_share_pct"].iloc[-1]), 2)
    (2024, 3.5)
    """
    code = _allies.resolve(ally)
    t = _paths.resolve_target(default_rules(), target, target_pct, target_year)
    assert t.year is not None
    rel, p, econ = _economy(assumption, extension, max(t.year, HORIZON), as_of, release, [code])
    e, a = _ally_inputs(code, p, econ)
    if base_year is None:
        outturns = a[~a["is_estimate"].astype(bool) & a["share_gdp_pct"].notna()]
        base_year = int(outturns["year"].max())
    plan_df = _load.read_plan(plan) if isinstance(plan, str) else plan
    if plan_df is not None and "iso3" in plan_df.columns:
        plan_df = plan_df[plan_df["iso3"] == code]
    out = _paths.target_path(e, a, base_year, t.pct, t.year, method, plan_df, plan_growth_pct)
    out.insert(0, "iso3", code)
    out["currency_nc"] = p.loc[p["iso3"] == code, "currency_nc"].dropna().iloc[-1]
    attrs = {**out.attrs, **econ.attrs}
    out = _provenance(out, rel, f"{method} path of {code} to {t.label}")
    out.attrs.update(attrs)
    out.attrs.update({"target": t.name, "target_label": t.label, "target_parameter": t.parameter})
    return out


def scenario(
    spec: Scenario | Mapping[str, Any] | str,
    target: str = "core-2035",
    assumption: str = DEFAULT_ASSUMPTION,
    ally: str | Iterable[str] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
    target_year: int | None = None,
) -> pd.DataFrame:
    """Baseline and scenario side by side, per ally and year (long, ``scenario`` column).

    ``spec`` is a :class:`Scenario`, a mapping, or the path of a YAML file
    (``scenarios.scenario_from_dict`` describes the format). ``target_year`` overrides the
    target's year (required for ``floor-2pct``, which has none).
    """
    if isinstance(spec, str):
        spec = _load.read_scenario(spec)
    sc = spec if isinstance(spec, Scenario) else _scen.scenario_from_dict(spec)
    t = _paths.resolve_target(default_rules(), target, year=target_year)
    assert t.year is not None
    rel, p, econ = _economy(assumption, "hold-last", max(t.year, HORIZON), as_of, release)
    base = _scen.baseline(econ, p, t.pct, t.year)
    resolved = []
    for o in sc.overrides:
        if o.kind == "gdp" and o.get("assumption") is not None and o.get("rates") is None:
            other = gdp_assumption(o.get("assumption"), as_of=as_of, release=release)
            allies_o = list(o.allies) or sorted(base["iso3"].unique())
            years_o = range(o.start or int(base["year"].min()), int(base["year"].max()) + 1)
            o = o.with_params(rates=_gdp.rates_for(other, allies_o, years_o))
        resolved.append(o)
    sc = dataclasses.replace(sc, overrides=tuple(resolved))
    out = _scen.compare(base, [_scen.apply_scenario(base, sc)])
    if ally is not None:
        codes = [_allies.resolve(a) for a in _as_list(ally)]
        out = out[out["iso3"].isin(codes)].reset_index(drop=True)
    attrs = dict(econ.attrs)
    out = _provenance(out, rel, f"scenario {sc.name} against the baseline")
    out.attrs.update(attrs)
    out.attrs["scenario"] = sc.name
    out.attrs["baseline_plan"] = "latest published share of GDP held (money: share × baseline GDP)"
    return out


def simulate(
    ally: str | Iterable[str] | None = None,
    paths: int = 100_000,
    seed: int | None = None,
    target: str = "core-2035",
    plan: str = "linear",
    plan_growth_pct: float | None = None,
    assumption: str = DEFAULT_ASSUMPTION,
    execution_mean: float = 1.0,
    execution_sd: float = 0.02,
    shrinkage: float = 0.5,
    exclude_years: Iterable[int] = (2020, 2021),
    variance_scale: float = 1.0,
    chunk_size: int = 16_384,
    progress: Callable[[int, int], None] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
    target_year: int | None = None,
) -> pd.DataFrame:
    """Monte Carlo of the share of GDP a plan delivers, jointly for the allies asked.

    The simulation starts from the latest year of the release; its GDP shocks have the
    covariance of real growth and inflation across the allies estimated from the
    release's history (:func:`burdenshare.targets.simulation.estimate_covariance`);
    spending is the plan times an execution factor ``N(execution_mean, execution_sd²)``.

    Args:
        ally: one or more allies (all with figures by default; correlated jointly).
        paths, seed, chunk_size: Monte Carlo size, seed, paths per chunk.
        plan: ``linear`` or ``constant-real`` (the path to the target from the latest
            year of the release, the simulation's start), ``hold-share`` (the latest
            share kept), or ``growth`` with ``plan_growth_pct`` (nominal growth a year
            from the latest year's spending).
        variance_scale: multiplies the GDP covariance (0: no GDP uncertainty).
        progress: called as ``progress(done, total)`` after each chunk.
        target_year: overrides the target's year (required for ``floor-2pct``).

    Returns:
        One row per ally-year: ``iso3, year, plan_spending_nc_mn,
        deterministic_share_pct, mean_share_pct, q05, q25, q50, q75, q95,
        min_share_pct, max_share_pct, p_target, p_floor_2pct, p_on_linear_path``
        (probabilities of being at or above the target, the 2% floor and the linear
        path's share that year). With several allies, rows with ``iso3`` ``GROUP`` follow:
        the allies together (GDP-weighted in US dollars at the start year's exchange
        rates), with ``p_all_target`` / ``p_all_floor_2pct`` (every ally at or above) and
        ``n_target`` / ``n_floor_2pct`` (expected number of allies at or above): the
        outputs the correlation across allies changes. ``attrs`` record every assumption.
    """
    t = _paths.resolve_target(default_rules(), target, year=target_year)
    assert t.year is not None
    rel, p, econ = _economy(assumption, "hold-last", max(t.year, HORIZON), as_of, release)
    have = sorted(set(econ["iso3"]) & set(p.loc[p["share_gdp_pct"].notna(), "iso3"]))
    codes = have if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    for c in codes:
        if c not in have:
            raise CoverageError(f"ally {c} has no share of GDP or GDP in release {rel.id}")
    start = int(p.loc[p["share_gdp_pct"].notna(), "year"].max())
    years = list(range(start + 1, t.year + 1))
    if not years:
        raise TargetsError(f"the target year {t.year} is not after the latest year {start}")
    plans, lines, mu_r, mu_p, base_gdp, usd = [], [], [], [], [], []
    for c in codes:
        e, a = _ally_inputs(c, p, econ)
        b0 = start  # plans run from the latest figure (an estimate), not the latest outturn
        linear = _paths.target_path(e, a, b0, t.pct, t.year, "linear").set_index("year")
        lines.append(linear.loc[years, "path_share_pct"].to_numpy())
        ei = e.set_index("year")
        base_gdp.append(float(np.asarray(ei.at[start, "gdp_nc_bn"])))
        usd.append(1.0 / float(np.asarray(ei.at[start, "xr_nc_per_usd"])))
        share_start = float(np.asarray(a.set_index("year").at[start, "share_gdp_pct"]))
        s_start = share_start / 100 * base_gdp[-1] * 1e3
        if plan in ("linear", "constant-real"):
            pathp = linear if plan == "linear" else _paths.target_path(
                e, a, b0, t.pct, t.year, "constant-real").set_index("year")  # fmt: skip
            plans.append(pathp.loc[years, "path_spending_nc_mn"].to_numpy())
        elif plan == "hold-share":
            plans.append(s_start * ei.loc[years, "gdp_nc_bn"].to_numpy() / base_gdp[-1])
        elif plan == "growth":
            if plan_growth_pct is None:
                raise TargetsError("plan 'growth' needs plan_growth_pct (--plan-growth)")
            plans.append(s_start * (1 + plan_growth_pct / 100) ** np.arange(1, len(years) + 1))
        else:
            from burdenshare.targets.errors import UnknownMethodError

            raise UnknownMethodError("plan", plan, ["linear", "constant-real", "hold-share",
                                                    "growth"])  # fmt: skip
        mu_r.append(ei.loc[years, "real_growth_pct"].to_numpy() / 100)
        mu_p.append(ei.loc[years, "deflator_growth_pct"].to_numpy() / 100)
    cov = _sim.estimate_covariance(
        _gdp.economy_history(p), codes, exclude_years=exclude_years, shrinkage=shrinkage
    )
    inputs = _sim.SimulationInputs(
        allies=tuple(codes),
        years=tuple(years),
        base_gdp=np.array(base_gdp),
        real_growth=np.array(mu_r),
        inflation=np.array(mu_p),
        plan=np.array(plans),
        covariance=cov.covariance * variance_scale,
        thresholds={
            "target": np.array(t.pct),
            "floor_2pct": np.array(2.0),
            "on_linear_path": np.array(lines),
        },
        execution_mean=execution_mean,
        execution_sd=execution_sd,
        usd_per_nc=np.array(usd),
    )
    res = _sim.simulate(inputs, paths, seed=seed, chunk_size=chunk_size, progress=progress)
    out = res.to_frame()
    out.insert(2, "plan_spending_nc_mn", inputs.plan.ravel())
    if len(codes) > 1:
        run_attrs = dict(out.attrs)
        out = pd.concat([out, res.group_frame()], ignore_index=True)
        out.attrs.update(run_attrs)
    attrs = {**out.attrs, **econ.attrs}
    out = _provenance(out, rel, f"simulation of {plan} plans towards {t.label}")
    out.attrs.update(attrs)
    out.attrs.update(
        {
            "target": t.name,
            "target_pct": t.pct,
            "target_year": t.year,
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
