"""Scenarios: named sets of dated overrides applied *after* the baseline is built (pure).

The **baseline** per ally and year holds NATO's published figures up to the latest year
of the release, then the projected GDP of the chosen assumption set and a declared
baseline plan: spending keeps the latest published share of GDP (in money: the share
times baseline GDP). Spending is money: when a scenario changes GDP, planned spending
stays and its share of GDP moves.

A **scenario** is the one scenario model of :mod:`burdenshare.rules.scenario`: a name, a
description and overrides, each effective *from* a year (and optionally *until* one,
inclusive; after it the baseline's values and growth rates apply again). The targets
kinds (:data:`KIND_SPECS`):

* ``plan``: spending from that year, as levels (``spending_nc_mn`` by year), a nominal
  growth rate from the previous year's spending (``growth_pct``) or a share of GDP
  (``share_gdp_pct``);
* ``gdp``: real growth and/or deflator growth from that year, or another assumption set
  (``assumption: imf-weo-2025-04``, resolved to ``rates`` by the facade); GDP is chained
  from the previous year's level, so earlier levels never move;
* ``target``: the target share (and year) from that year.

Every year before an override's start is left exactly as in the baseline (a regression
test holds this: PolicyEngine's history shows what breaks otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.measure import meets
from burdenshare.rules.scenario import KindSpec, Override, Scenario, parse_scenario
from burdenshare.targets.errors import ScenarioError
from burdenshare.text import t

KINDS = ("plan", "gdp", "target")

BASELINE_COLUMNS = ["iso3", "year", "is_projection", "gdp_nc_bn", "real_growth_pct",
                    "deflator_growth_pct", "spending_nc_mn", "share_gdp_pct", "target_pct",
                    "target_year", "meets_target", "origin"]  # fmt: skip


def _spending(value: Any) -> dict[int, float]:
    if not isinstance(value, Mapping):
        raise ScenarioError(t("must map years to amounts, e.g. {2030: 25000}"))
    return {int(k): float(v) for k, v in value.items()}


def _check_plan(o: Override) -> None:
    given = [k for k in ("spending_nc_mn", "growth_pct", "share_gdp_pct") if o.get(k) is not None]
    if len(given) != 1:
        raise ScenarioError(
            t("a plan override needs exactly one of spending_nc_mn, growth_pct, share_gdp_pct")
        )
    early = [y for y in o.get("spending_nc_mn") or {} if o.start is not None and y < o.start]
    if early:
        raise ScenarioError(
            t(
                "plan override from {o_start} gives spending for {early}, before it starts",
                o_start=o.start, early=early[0],
            )
        )


def _check_gdp(o: Override) -> None:
    if all(o.get(k) is None for k in ("real_growth_pct", "deflator_growth_pct", "assumption",
                                      "rates")):  # fmt: skip
        raise ScenarioError(
            t("a gdp override needs real_growth_pct, deflator_growth_pct or assumption")
        )


def _check_target(o: Override) -> None:
    if o.get("target_pct") is None:
        raise ScenarioError(t("a target override needs target_pct"))


#: The kinds of override of the targets area (the one scenario model:
#: :mod:`burdenshare.rules.scenario`). ``rates`` (a frame of growth rates) is set by the
#: facade when it resolves ``assumption``; it is not written in files.
KIND_SPECS: dict[str, KindSpec] = {
    "plan": KindSpec(
        {"spending_nc_mn": _spending, "growth_pct": float, "share_gdp_pct": float}, _check_plan
    ),
    "gdp": KindSpec(
        {"real_growth_pct": float, "deflator_growth_pct": float, "assumption": str},
        _check_gdp,
    ),
    "target": KindSpec({"target_pct": float, "target_year": int}, _check_target),
}


def override(
    kind: str, start: int, end: int | None = None, *, allies: Sequence[str] = (), **params: Any
) -> Override:
    """A checked targets override (``allies`` empty = every ally).

    >>> override("plan", 2030, allies=["nld"], growth_pct=4).describe()
    'plan NLD from 2030 (growth_pct=4)'
    >>> override("plan", 2030)
    Traceback (most recent call last):
    ...
    burdenshare.targets.errors.ScenarioError: override 1: a plan override needs exactly one \
of spending_nc_mn, growth_pct, share_gdp_pct
    """
    rates = params.pop("rates", None)
    doc = {"kind": kind, "from": start, "allies": list(allies), **params}
    if end is not None:
        doc["until"] = end
    if rates is not None:
        doc["assumption"] = params.get("assumption", "rates")
    o = scenario_from_dict({"name": "override", "overrides": [doc]}).overrides[0]
    return o if rates is None else o.with_params(rates=rates)


def baseline(
    economy: pd.DataFrame,
    actual: pd.DataFrame,
    target_pct: float,
    target_year: int,
    to_year: int | None = None,
) -> pd.DataFrame:
    """The baseline per ally and year (see the module docstring).

    Args:
        economy: ``gdp.project_economy`` (all allies).
        actual: the release panel (``iso3, year, share_gdp_pct``).
        target_pct, target_year: the target compared with in every year.
        to_year: last year (the economy's last year by default).

    Returns:
        Columns :data:`BASELINE_COLUMNS`; ``spending_nc_mn`` on NATO's share basis.
    """
    e = economy if to_year is None else economy[economy["year"] <= to_year]
    a = actual[["iso3", "year", "share_gdp_pct"]].rename(columns={"share_gdp_pct": "published"})
    b = e.merge(a, on=["iso3", "year"], how="left")
    b = b[b.groupby("iso3")["published"].transform("count") > 0].copy()
    b = b.sort_values(["iso3", "year"]).reset_index(drop=True)
    last_share = b[b["published"].notna()].groupby("iso3")["published"].last()
    share = b["published"].where(~b["is_projection"], b["iso3"].map(last_share))
    b["spending_nc_mn"] = share / 100 * b["gdp_nc_bn"] * 1e3
    b["origin"] = np.where(b["is_projection"], "baseline plan: latest share held; " + b["origin"],
                           b["origin"])  # fmt: skip
    b["target_pct"] = float(target_pct)
    b["target_year"] = int(target_year)
    return _derive(b)[BASELINE_COLUMNS]


def _derive(b: pd.DataFrame) -> pd.DataFrame:
    b["share_gdp_pct"] = b["spending_nc_mn"] / (b["gdp_nc_bn"] * 1e3) * 100
    b["meets_target"] = meets(b["share_gdp_pct"].to_numpy(), b["target_pct"].to_numpy())
    return b


def apply_scenario(base: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The baseline with the scenario's overrides applied, in the order given.

    Only rows from each override's start year on change; ``origin`` says which override
    set a row. Returns the baseline's columns plus ``scenario``.

    >>> b = pd.DataFrame({"iso3": "AAA", "year": [2026, 2027, 2028], "is_projection":
    ...     [False, True, True], "gdp_nc_bn": [100.0, 103.0, 106.09], "real_growth_pct": 1.0,
    ...     "deflator_growth_pct": 1.98, "spending_nc_mn": [2000.0, 2060.0, 2121.8],
    ...     "share_gdp_pct": 2.0, "target_pct": 3.5, "target_year": 2035,
    ...     "meets_target": False, "origin": "x"})
    >>> s = Scenario("more", (override("plan", 2028, growth_pct=10.0),))
    >>> apply_scenario(b, s)["spending_nc_mn"].round(1).tolist()
    [2000.0, 2060.0, 2266.0]
    """
    out = base.copy()
    out["origin"] = out["origin"].astype(object)
    for o in scenario.overrides:
        for iso3 in o.allies or tuple(out["iso3"].unique()):
            rows = out.index[(out["iso3"] == iso3)]
            if len(rows) == 0:
                raise ScenarioError(
                    t(
                        "scenario {scenario_name!r}: ally {iso3} is not in the baseline",
                        scenario_name=scenario.name, iso3=iso3,
                    )
                )
            _apply_one(out, rows, o)
    out = _derive(out)
    out.insert(0, "scenario", scenario.name)
    return out


def _apply_one(out: pd.DataFrame, rows: pd.Index, o: Override) -> None:
    sub = out.loc[rows].sort_values("year")
    years = sub["year"].to_numpy()
    assert o.start is not None  # targets overrides always have a start (start_required)
    if o.start > years.max():
        return
    if o.start <= years.min():
        raise ScenarioError(
            t(
                "an override must start after the first year of the baseline ({min})",
                min=int(years.min()),
            )
        )
    last = years.max() if o.end is None else min(o.end, years.max())
    eff = sub.index[(years >= o.start) & (years <= last)]
    after = sub.index[years > last]
    prev = sub.index[years == o.start - 1][0]
    label = f"scenario {o.kind} from {o.start}" + ("" if o.end is None else f" until {o.end}")
    rates_frame = o.get("rates")
    if o.kind == "gdp" and rates_frame is not None:
        iso3 = str(out.at[prev, "iso3"])
        rates = rates_frame[rates_frame["iso3"] == iso3].set_index("year")
        want = out.loc[eff, "year"].astype(int)
        missing = [int(y) for y in want if y not in rates.index]
        if missing:
            raise ScenarioError(t(
                "gdp override: the rates lack {iso3} {missing}",
                iso3=iso3, missing=missing[0],
            ))
        out.loc[eff, "real_growth_pct"] = rates.loc[want, "real_growth_pct"].to_numpy()
        out.loc[eff, "deflator_growth_pct"] = rates.loc[want, "deflator_growth_pct"].to_numpy()
    if o.kind == "gdp":
        real, defl = o.get("real_growth_pct"), o.get("deflator_growth_pct")
        if real is not None:
            out.loc[eff, "real_growth_pct"] = real
        if defl is not None:
            out.loc[eff, "deflator_growth_pct"] = defl
        factor = (1 + out.loc[eff, "real_growth_pct"] / 100) * (
            1 + out.loc[eff, "deflator_growth_pct"] / 100
        )
        end_before = _f(out.at[eff[-1], "gdp_nc_bn"])
        out.loc[eff, "gdp_nc_bn"] = _f(out.at[prev, "gdp_nc_bn"]) * np.cumprod(factor.to_numpy())
        if len(after):  # after 'until': the baseline's growth again, from the new level
            out.loc[after, "gdp_nc_bn"] *= _f(out.at[eff[-1], "gdp_nc_bn"]) / end_before
            out.loc[after, "origin"] = f"scenario gdp level carried from {int(last)}; " + out.loc[
                after, "origin"
            ].astype(str)
    elif o.kind == "plan":
        growth, share = o.get("growth_pct"), o.get("share_gdp_pct")
        if growth is not None:
            k = np.arange(1, len(eff) + 1)
            out.loc[eff, "spending_nc_mn"] = (
                _f(out.at[prev, "spending_nc_mn"]) * (1 + growth / 100) ** k
            )
        elif share is not None:
            out.loc[eff, "spending_nc_mn"] = share / 100 * out.loc[eff, "gdp_nc_bn"] * 1e3
        else:
            levels = o.get("spending_nc_mn") or {}
            for idx in eff:
                y = int(_f(out.at[idx, "year"]))
                if y in levels:
                    out.at[idx, "spending_nc_mn"] = float(levels[y])
    else:
        out.loc[eff, "target_pct"] = float(o.get("target_pct"))
        if o.get("target_year") is not None:
            out.loc[eff, "target_year"] = int(o.get("target_year"))
    out.loc[eff, "origin"] = label + "; " + out.loc[eff, "origin"].astype(str)


def compare(base: pd.DataFrame, scenarios: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Baseline and scenarios side by side (long): ``scenario`` column, baseline first."""
    b = base.copy()
    b.insert(0, "scenario", "baseline")
    return pd.concat([b, *scenarios], ignore_index=True)


def scenario_from_dict(data: Mapping[str, Any] | str, file: str = "") -> Scenario:
    """A targets scenario from a mapping or YAML text (the one format of
    :mod:`burdenshare.rules.scenario`)::

        name: faster-growth-2030
        description: 4% a year more spending from 2030
        overrides:
          - {kind: plan, from: 2030, allies: [NLD], growth_pct: 4.0}
          - {kind: gdp, from: 2031, until: 2034, real_growth_pct: 0.5}
          - {kind: gdp, from: 2033, assumption: trend}

    Every override needs a start year (its own ``from``, or the scenario's).

    Raises:
        ScenarioError: naming the file and line (for text), the override and the problem.
    """
    return parse_scenario(data, file, kinds=KIND_SPECS, error=ScenarioError, start_required=True)


def _f(x: Any) -> float:
    return float(x)
