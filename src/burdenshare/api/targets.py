"""Targets queries: fetch a release, the rules and a GDP assumption set, call ONE pure
targets function (compliance, paths, scenarios, simulation), attach provenance.

``import burdenshare as bs`` exposes these (``targets_*``). Every function returns a
pandas DataFrame whose ``attrs["provenance"]`` (:mod:`burdenshare.provenance`) names the
NATO release, the rules file and, where GDP is projected, the IMF edition (or other
assumption set); the method attrs state how GDP is joined to NATO's level and how it is
extended beyond its last year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from burdenshare import allies as _allies
from burdenshare.api import _fetch as fetch
from burdenshare.catalog import CoverageError
from burdenshare.catalog.loader import Release
from burdenshare.catalog.query import DateLike, parse_date
from burdenshare.provenance import attach
from burdenshare.rules import default_rules
from burdenshare.rules.scenario import Scenario
from burdenshare.shipped import Origin
from burdenshare.targets import compliance as _comp
from burdenshare.targets import gdp as _gdp
from burdenshare.targets import loader as _load
from burdenshare.targets import paths as _paths
from burdenshare.targets import scenarios as _scen
from burdenshare.targets import simulation as _sim
from burdenshare.targets import uncertainty as _unc
from burdenshare.targets.errors import TargetsError, UnknownAssumptionError
from burdenshare.text import t

#: the latest shipped edition (the default without --as-of; with it, the latest published on
#: or before the date: see _assumption)
DEFAULT_ASSUMPTION = "imf-weo-2025-10"
HORIZON = 2035
#: the rule whose value is the floor the simulation reports (p_floor_2pct)
FLOOR_TARGET = "floor-2pct"


def _origins(
    release: Release | None = None, assumptions: Iterable[str] = (), rules: bool = True
) -> list[Origin]:
    """The origin records of the datasets used: the release, the GDP sets, the rules."""
    out = [] if release is None else [fetch.release_origin(release)]
    out += fetch.gdp_origins(assumptions)
    return out + ([fetch.rules_origin()] if rules else [])


def _attach(
    frame: pd.DataFrame,
    release: Release | None,
    what: str,
    assumptions: Iterable[str] = (),
    rules: bool = True,
) -> pd.DataFrame:
    """The release's flat attrs (price base, concept...), then the provenance envelope."""
    method = dict(frame.attrs)
    if release is not None:
        frame = fetch.provenance(frame, release, what)
    frame.attrs.update(method)
    names = [a for a in assumptions if a]
    return attach(
        frame,
        release=None if release is None else release.id,
        datasets=_origins(release, names, rules),
        what=what,
    )


def _assumption(assumption: str | None, as_of: DateLike | None) -> str:
    """The GDP assumption set a query uses, with no look-ahead.

    ``None``: the latest IMF edition published on or before ``as_of`` (the latest shipped
    without ``as_of``). A named edition published after ``as_of`` is refused.
    """
    day = None if as_of is None else parse_date(as_of)
    if assumption is None:
        return _load.edition_as_of(day).name
    if day is not None:
        _load.check_edition_as_of(assumption, day)
    return assumption


def _target_known(
    goal: _paths.Target, target_pct: float | None, as_of: DateLike | None, *,
    takes_value: bool = False,
) -> None:  # fmt: skip
    """Refuse a named target that was not decided by ``as_of`` (no look-ahead in the rules).

    The Hague's 3.5% did not exist on 2024-12-31: a path to it "as of" that day would use
    a commitment published later. A value the user gives (``target_pct``) is theirs; the
    message offers that way out only where the caller takes a value (``takes_value``).
    """
    if as_of is None or target_pct is not None:
        return
    day = parse_date(as_of)
    if default_rules().at(day).get(goal.parameter) is None:
        first = default_rules().history(goal.parameter)[0]
        values = {"target": goal.name, "parameter": goal.parameter, "day": day.isoformat(),
                  "valid_from_text": first.valid_from_text}  # fmt: skip
        if takes_value:
            raise TargetsError(t(
                "target {target} ({parameter}) was not in force on the as-of date {day} (it "
                "applies from {valid_from_text}); choose another target or give its value "
                "(--target-pct)", **values))  # fmt: skip
        raise TargetsError(t(
            "target {target} ({parameter}) was not in force on the as-of date {day} (it "
            "applies from {valid_from_text}); choose another target", **values))  # fmt: skip


def assumption_names() -> list[str]:
    """The named GDP assumption sets (a CSV path is accepted too)."""
    return [*_load.editions(), "trend", "flat"]


def targets_rules(day: date | datetime | str) -> pd.DataFrame:
    """The shipped parameters in force on ``day`` (``YYYY-MM-DD``), one row each.

    Columns: ``parameter, version, value, unit, kind, status, confidence, valid_from,
    valid_until, target_year, sources, description``.

    >>> r = targets_rules("2023-07-11").set_index("parameter")
    >>> r.loc["spending.core_guideline_pct_gdp", ["kind", "value"]].tolist()
    ['annual_floor', '2.0']
    >>> [d["kind"] for d in r.attrs["provenance"]["datasets"]]
    ['rules']
    """
    out = _comp.rules_table(default_rules(), day)
    return _attach(out, None, t("rules in force on {day}", day=out.attrs["day"]))


def targets_compliance(
    year: int | Iterable[int] | None = None,
    ally: str | Iterable[str] | None = None,
    *,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Per ally, year and commitment in force: met or not, the gap, years at or above.

    Columns as :func:`burdenshare.targets.compliance.compliance`, plus ``ally`` (name).
    ``attrs["related_spending"]`` states whether the up-to-1.5% part is published.

    >>> c = targets_compliance(2025, "ESP")
    >>> c.set_index("commitment").loc["related-1.5pct", "assessment"]
    'not published'
    >>> c["flags"].iloc[0]
    'flexibility_letter_2025'
    >>> [d["kind"] for d in c.attrs["provenance"]["datasets"]]
    ['nato_release', 'rules']
    """
    _, rel, p = fetch.resolve_release(as_of, release)
    years = None if year is None else ([year] if isinstance(year, int) else list(year))
    if years is not None:
        fetch.check_years(p, years, rel)
    codes = None if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    out = _comp.compliance(p, default_rules(), years, codes, concept=rel.concept)
    out.insert(1, "ally", [_allies.name(c) for c in out["iso3"]])
    return _attach(out, rel, t("compliance with the commitments in force"))


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def targets_gdp_assumption(
    name: str | None = None,
    *,
    extension: str = "hold-last",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> _gdp.GdpAssumption:
    """A GDP assumption set by name (``imf-weo-2025-10``, ... ``imf-weo-2019-04``,
    ``trend``, ``flat``) or the path of a user CSV (``iso3, year, real_growth_pct,
    deflator_growth_pct``). ``None``: the latest IMF edition published on or before
    ``as_of`` (no look-ahead; the latest shipped without ``as_of``).

    Raises:
        UnknownAssumptionError: naming the accepted sets.
        EditionAsOfError: no edition published on or before ``as_of``, or the edition
            named was published after it.

    >>> targets_gdp_assumption("imf-weo-2025-04").last_year
    2030
    >>> targets_gdp_assumption(as_of="2024-12-31").name
    'imf-weo-2024-10'
    """
    name = _assumption(name, as_of)
    eds = _load.editions()
    if name in eds and eds[name].incomplete:
        raise UnknownAssumptionError(
            t(
                "GDP assumption set ({name}: {incomplete})",
                name=name, incomplete=eds[name].incomplete,
            ), name,
            [n for n, e in eds.items() if not e.incomplete],
        )  # fmt: skip
    if name in eds:
        weo = _load.load_weo(name)
        return _gdp.weo_assumption(weo, name, weo.attrs["citation"], extension)
    if name in ("trend", "flat"):
        _, _, p = fetch.resolve_release(as_of, release)
        return _gdp.release_assumption(p, name)
    if name.lower().endswith(".csv") or Path(name).is_file():
        table = _load.read_user_gdp(name)
        return _gdp.user_assumption(table, Path(name).name, f"user file {name}", extension)
    raise UnknownAssumptionError(t("GDP assumption set"), name, [*assumption_names(), "FILE.csv"])


def _economy(
    assumption: str,
    extension: str,
    to_year: int,
    as_of: DateLike | None,
    release: str | None,
    allies: list[str] | None = None,
) -> tuple[Release, pd.DataFrame, pd.DataFrame]:
    """Fetch: the release, its panel and its GDP projected under the assumption set
    (a name already resolved by :func:`_assumption`)."""
    _, rel, p = fetch.resolve_release(as_of, release)
    a = targets_gdp_assumption(assumption, extension=extension, as_of=as_of, release=release)
    econ = _gdp.project_release(p, a, to_year, rel.id, allies)
    return rel, p, econ


def targets_gdp_projection(
    ally: str | Iterable[str] | None = None,
    *,
    assumption: str | None = None,
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

    >>> g = targets_gdp_projection("NLD")
    >>> g[g["year"] == 2031]["origin"].iloc[0]
    'extended: hold-last (2030 rates)'
    >>> [d["id"] for d in g.attrs["provenance"]["datasets"]]
    ['nato-2026-07', 'imf-weo-2025-10']
    """
    codes = None if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    assumption = _assumption(assumption, as_of)
    rel, _, econ = _economy(assumption, extension, to_year, as_of, release, codes)
    if codes is not None and econ.empty:
        raise CoverageError(t(
            "no GDP for {codes} in release {rel_id}",
            codes=', '.join(codes), rel_id=rel.id,
        ))
    econ = econ.reset_index(drop=True)
    return _attach(econ, rel, t("GDP projection ({set})", set=assumption), [assumption],
                   rules=False)  # fmt: skip


def targets_path(
    ally: str,
    *,
    target: str = "core-2035",
    method: str = "linear",
    base_year: int | None = None,
    assumption: str | None = None,
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
        See :func:`burdenshare.targets.paths.ally_path`; ``attrs`` add the target, the
        GDP assumption, the join and the extension.

    >>> p = targets_path("NLD", target="core-2035", method="linear")
    >>> p.attrs["base_year"], round(float(p["path_share_pct"].iloc[-1]), 2)
    (2024, 3.5)
    """
    code = _allies.resolve(ally)
    goal = _paths.resolve_target(default_rules(), target, target_pct, target_year)
    _target_known(goal, target_pct, as_of, takes_value=True)
    assert goal.year is not None
    assumption = _assumption(assumption, as_of)
    rel, p, econ = _economy(assumption, extension, max(goal.year, HORIZON), as_of, release, [code])
    plan_df = _load.read_plan(plan) if isinstance(plan, str) else plan
    out = _paths.ally_path(
        p, econ, code, target_pct=goal.pct, target_year=goal.year, method=method,
        base_year=base_year, plan=plan_df, plan_growth_pct=plan_growth_pct,
    )  # fmt: skip
    out.attrs.update(econ.attrs)
    out.attrs.update({"target": goal.name, "target_label": goal.label,
                      "target_parameter": goal.parameter})
    what = t("{method} path of {ally} to {target}", method=_METHODS.get(method, method),
             ally=code, target=goal.label)  # fmt: skip
    return _attach(out, rel, what, [assumption])


#: The path methods as words in a sentence.
_METHODS = {"linear": t("linear"), "constant-real": t("constant-real"), "plan": t("plan")}


def targets_scenario(
    spec: Scenario | Mapping[str, Any] | str,
    *,
    target: str = "core-2035",
    assumption: str | None = None,
    ally: str | Iterable[str] | None = None,
    target_year: int | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Baseline and scenario side by side, per ally and year (long, ``scenario`` column).

    ``spec`` is a :class:`Scenario`, a mapping, or the path of a YAML file
    (``scenarios.scenario_from_dict`` describes the format). ``target_year`` overrides the
    target's year (required for ``floor-2pct``, which has none).
    """
    if isinstance(spec, str):
        spec = _load.read_scenario(spec)
    sc = spec if isinstance(spec, Scenario) else _scen.scenario_from_dict(spec)
    goal = _paths.resolve_target(default_rules(), target, year=target_year)
    _target_known(goal, None, as_of)
    assert goal.year is not None
    assumption = _assumption(assumption, as_of)
    rel, p, econ = _economy(assumption, "hold-last", max(goal.year, HORIZON), as_of, release)
    base = _scen.baseline(econ, p, goal.pct, goal.year)
    resolved, used = [], [assumption]
    for o in sc.overrides:  # fetch the GDP rates an override names (data, not arithmetic)
        if o.kind == "gdp" and o.get("assumption") is not None and o.get("rates") is None:
            other = targets_gdp_assumption(o.get("assumption"), as_of=as_of, release=release)
            allies_o = list(o.allies) or sorted(base["iso3"].unique())
            years_o = range(o.start or int(base["year"].min()), int(base["year"].max()) + 1)
            o = o.with_params(rates=_gdp.rates_for(other, allies_o, years_o))
            used.append(o.get("assumption") or "")
        resolved.append(o)
    sc = dataclasses.replace(sc, overrides=tuple(resolved))
    out = _scen.compare(base, [_scen.apply_scenario(base, sc)])
    if ally is not None:
        codes = [_allies.resolve(a) for a in _as_list(ally)]
        out = out[out["iso3"].isin(codes)].reset_index(drop=True)
    out.attrs.update(econ.attrs)
    out.attrs["scenario"] = sc.name
    out.attrs["baseline_plan"] = t(
        "latest published share of GDP held (money: share × baseline GDP)")
    return _attach(out, rel, t("scenario {name} against the baseline", name=sc.name), used)


def _edition_start(assumption: str, panel: pd.DataFrame) -> tuple[int, str]:
    """The year and season the GDP error horizons count from: the forecast edition's
    (``WEO-2025-10`` → 2025, fall); for trend, flat or a user file, the release's latest year."""
    eds = _load.editions()
    if assumption in eds:
        label = eds[assumption].edition  # WEO-2025-10
        return int(label[4:8]), "S" if label.endswith("-04") else "F"
    return fetch.latest_year(panel), "F"


def _error_record(
    as_of: DateLike | None, release: str | None
) -> tuple[list[Release], dict[str, pd.DataFrame], dict[str, str], int | None]:
    """What the one error model is estimated from, with no look-ahead: the releases
    published by ``as_of`` (their panels and dates) and the last year whose IMF outturn was
    published by then (the fall edition of the next year)."""
    cat, _, _ = fetch.resolve_release(as_of, release)
    day = None if as_of is None else parse_date(as_of)
    rel_list = [r for r in cat.releases if day is None or r.published <= day]
    panels = {r.id: fetch.resolve_release(release=r.id, catalog=cat)[2] for r in rel_list}
    published = {r.id: r.published.isoformat() for r in rel_list}
    known = None if day is None else (day.year if day.month >= 11 else day.year - 1)
    return rel_list, panels, published, known


def _error_origins(assumption: str, rel: Release, rel_list: Iterable[Release]) -> list[Origin]:
    """The datasets of a result of the error model: the GDP set, the IMF's record, the
    releases that gave revisions, the rules."""
    return [
        *fetch.gdp_origins([assumption]),
        _load.forecast_history_origin(),
        *[fetch.release_origin(r) for r in rel_list if r.id != rel.id],
        fetch.rules_origin(),
    ]


def targets_simulate(
    ally: str | Iterable[str] | None = None,
    *,
    paths: int = 100_000,
    seed: int | None = None,
    target: str = "core-2035",
    target_year: int | None = None,
    plan: str = "linear",
    plan_growth_pct: float | None = None,
    assumption: str | None = None,
    plan_share_pct: float | None = None,
    execution_mean: float = 1.0,
    execution_sd: float | None = None,
    shrinkage: float = 0.5,
    exclude_years: Iterable[int] = (),
    variance_scale: float = 1.0,
    chunk_size: int = 16_384,
    progress: Callable[[int, int], None] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Monte Carlo of the share of GDP a plan delivers, jointly for the allies asked.

    The simulation starts from the latest year of the release and draws from the same
    calibrated error model as :func:`targets_required_share`
    (:func:`burdenshare.targets.uncertainty.calibrate`): GDP errors by horizon from the
    year of the forecast edition used, persistent across years (AR(1)), correlated across
    allies as the IMF's errors were; spending is the plan times an execution factor
    ``execution_mean × exp(N(0, s²))`` with ``s`` NATO's revision error unless
    ``execution_sd`` is given. A plan at :func:`targets_required_share`'s share for a
    probability ``q`` has ``p_target`` ≈ ``q`` in the target year. The floor
    (``p_floor_2pct``) is the 2% guideline's value in the rules in force in the target year
    (the Vilnius floor), not a constant.

    Args:
        ally: one or more allies (all with figures by default; correlated jointly).
        paths, seed, chunk_size: Monte Carlo size, seed, paths per chunk.
        plan: ``linear`` or ``constant-real`` (the path to the target from the latest
            year of the release, the simulation's start), ``share`` with
            ``plan_share_pct`` (the linear path to that share of forecast GDP in the
            target year), ``hold-share`` (the latest share kept), or ``growth`` with
            ``plan_growth_pct`` (nominal growth a year from the latest year's spending).
        execution_sd: s.d. of the log execution factor (``None``: the calibrated revision
            error of NATO's figures).
        shrinkage: weight of zero in the correlation of GDP errors across allies.
        exclude_years: years left out of the error estimates (none by default).
        variance_scale: multiplies the GDP error variances (0: no GDP uncertainty).
        progress: called as ``progress(done, total)`` after each chunk.
        target_year: overrides the target's year (required for ``floor-2pct``).

    Returns:
        One row per ally-year: ``iso3, year, plan_spending_nc_mn,
        deterministic_share_pct, mean_share_pct, q05, q25, q50, q75, q95,
        min_share_pct, max_share_pct, p_target, p_floor_2pct, p_on_linear_path``
        (probabilities of being at or above the target, the floor and the linear
        path's share that year). With several allies, rows with ``iso3`` ``GROUP`` follow:
        the allies together (GDP-weighted in US dollars at the start year's exchange
        rates), with ``p_all_target`` / ``p_all_floor_2pct`` (every ally at or above) and
        ``n_target`` / ``n_floor_2pct`` (expected number of allies at or above): the
        outputs the correlation across allies changes. ``attrs`` record every assumption.
    """
    rules = default_rules()
    goal = _paths.resolve_target(rules, target, year=target_year)
    _target_known(goal, None, as_of)
    assert goal.year is not None
    floor = _paths.resolve_target(rules, FLOOR_TARGET, year=goal.year)
    assumption = _assumption(assumption, as_of)
    codes = None if ally is None else [_allies.resolve(a) for a in _as_list(ally)]
    # project only the allies asked for (each ally's projection stands alone)
    rel, p, econ = _economy(assumption, "hold-last", max(goal.year, HORIZON), as_of, release, codes)
    ed_year, season = _edition_start(assumption, p)
    rel_list, panels, published, known = _error_record(as_of, release)
    out = _sim.simulate_plans(
        p, econ, codes, target_pct=goal.pct, target_year=goal.year, floor_pct=floor.pct,
        history=_load.load_forecast_history(), releases=panels, published=published,
        edition_year=ed_year, edition_season=season, truth_known_by=known,
        plan=plan, plan_growth_pct=plan_growth_pct, plan_share_pct=plan_share_pct,
        execution_mean=execution_mean, execution_sd=execution_sd, shrinkage=shrinkage,
        exclude_years=exclude_years, variance_scale=variance_scale, paths=paths, seed=seed,
        chunk_size=chunk_size, progress=progress, release=rel.id,
    )  # fmt: skip
    out.attrs.update(econ.attrs)
    out.attrs.update({"target": goal.name, "floor": floor.label, "gdp_assumption": assumption})
    method = dict(out.attrs)
    what = t("simulation of {plan} plans towards {target}", plan=plan, target=goal.label)
    out = fetch.provenance(out, rel, what,
                           datasets=_error_origins(assumption, rel, rel_list))  # fmt: skip
    out.attrs.update(method)
    # the earlier releases only give revision errors: "partial" is about the release used
    out.attrs["partial"] = bool(fetch.release_origin(rel).partial)
    return out


def targets_required_share(
    ally: str | Iterable[str] | None = None,
    *,
    probability: float = 0.9,
    target: str = "core-2035",
    target_year: int | None = None,
    plan_growth_pct: float | None = None,
    plan: pd.DataFrame | str | None = None,
    plan_share_pct: float | None = None,
    assumption: str | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The share of forecast GDP an ally must plan for to reach the target with a chosen
    probability, and the probability that a stated plan reaches it (calibrated model).

    GDP forecast errors by horizon come from the IMF's own record (every edition since 2000,
    AR(1) across years, s.d. per ally); NATO's estimate-to-later-release revisions from the
    shipped releases (:mod:`burdenshare.targets.uncertainty`). The horizon counts from the
    year of the GDP forecast edition used (the latest published on or before ``as_of``).

    Args:
        ally: one or more allies (all with figures by default).
        probability: the chance of reaching the target the plan must give (default 0.9).
        plan_growth_pct, plan, plan_share_pct: a stated plan (nominal growth a year from the
            latest year's spending; a plan table/CSV; a share of forecast GDP): adds
            ``plan_share_pct`` and ``p_target``.

    Returns:
        One row per ally: ``iso3, ally, target_year, years_ahead, gdp_level_sd_pct,
        revision_sd_pct, total_sd_pct, required_share_pct, required_nc_mn,
        plan_share_pct, p_target, probability``; ``attrs`` hold the model's estimates.

    >>> r = targets_required_share("NLD", plan_share_pct=3.5)
    >>> r[["years_ahead", "p_target"]].round(2).values.tolist()
    [[10.0, 0.5]]
    >>> bool(r["required_share_pct"].iloc[0] > 3.5)
    True
    >>> [d["kind"] for d in r.attrs["provenance"]["datasets"]][:3]
    ['nato_release', 'gdp_forecast', 'gdp_forecast_history']
    """
    rules = default_rules()
    goal = _paths.resolve_target(rules, target, year=target_year)
    _target_known(goal, None, as_of)
    assert goal.year is not None
    assumption = _assumption(assumption, as_of)
    rel, p, econ = _economy(assumption, "hold-last", max(goal.year, HORIZON), as_of, release)
    codes = (sorted(p.loc[p["share_gdp_pct"].notna(), "iso3"].unique()) if ally is None
             else [_allies.resolve(a) for a in _as_list(ally)])  # fmt: skip
    ed_year, season = _edition_start(assumption, p)
    rel_list, panels, published, known = _error_record(as_of, release)
    plan_df = _load.read_plan(plan) if isinstance(plan, str) else plan
    out = _unc.required_shares(
        p, econ, _load.load_forecast_history(), panels, published, codes,
        target_pct=goal.pct, target_year=goal.year, edition_year=ed_year, edition_season=season,
        probability=probability, truth_known_by=known, plan_growth_pct=plan_growth_pct,
        plan=plan_df, plan_share_pct=plan_share_pct,
    )  # fmt: skip
    out.insert(1, "ally", [_allies.name(c) for c in out["iso3"]])
    method = dict(out.attrs)
    method.update({"target": goal.name, "gdp_assumption": assumption,
                   "horizon_from": t("{year} (spring)", year=ed_year) if season == "S"
                   else t("{year} (fall)", year=ed_year)})  # fmt: skip
    what = t("share to plan for: {target}, p = {probability}", target=goal.label,
             probability=probability)
    out = fetch.provenance(out, rel, what,
                           datasets=_error_origins(assumption, rel, rel_list))  # fmt: skip
    out.attrs.update(method)
    # the earlier releases only give revision errors: "partial" is about the release used
    out.attrs["partial"] = bool(fetch.release_origin(rel).partial)
    return out


__all__ = [
    "assumption_names",
    "targets_compliance",
    "targets_gdp_assumption",
    "targets_gdp_projection",
    "targets_path",
    "targets_required_share",
    "targets_rules",
    "targets_scenario",
    "targets_simulate",
]
