"""Scenarios: named sets of dated overrides applied *after* the baseline is built (pure).

The **baseline** per ally and year holds NATO's published figures up to the latest year
of the release, then the projected GDP of the chosen assumption set and a declared
baseline plan: spending keeps the latest published share of GDP (in money: the share
times baseline GDP). Spending is money: when a scenario changes GDP, planned spending
stays and its share of GDP moves.

A **scenario** is a name, a description and overrides, each effective *from* a year:

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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.targets.errors import ScenarioError

KINDS = ("plan", "gdp", "target")

BASELINE_COLUMNS = ["iso3", "year", "is_projection", "gdp_nc_bn", "real_growth_pct",
                    "deflator_growth_pct", "spending_nc_mn", "share_gdp_pct", "target_pct",
                    "target_year", "meets_target", "origin"]  # fmt: skip


@dataclass(frozen=True)
class Override:
    """One dated override. ``allies`` empty = every ally."""

    kind: str
    start_year: int
    allies: tuple[str, ...] = ()
    spending_nc_mn: Mapping[int, float] = field(default_factory=dict)
    growth_pct: float | None = None
    share_gdp_pct: float | None = None
    real_growth_pct: float | None = None
    deflator_growth_pct: float | None = None
    target_pct: float | None = None
    target_year: int | None = None
    assumption: str | None = None
    rates: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ScenarioError(
                f"unknown override kind {self.kind!r}; accepted: {', '.join(KINDS)}"
            )
        if self.kind == "plan":
            given = [self.spending_nc_mn != {}, self.growth_pct is not None,
                     self.share_gdp_pct is not None]  # fmt: skip
            if sum(given) != 1:
                raise ScenarioError(
                    "a plan override needs exactly one of spending_nc_mn, growth_pct, share_gdp_pct"
                )
            early = [y for y in self.spending_nc_mn if y < self.start_year]
            if early:
                raise ScenarioError(
                    f"plan override from {self.start_year} gives spending for {early[0]}, "
                    "before it starts"
                )
        if self.kind == "gdp" and (
            self.real_growth_pct is None
            and self.deflator_growth_pct is None
            and self.assumption is None
            and self.rates is None
        ):
            raise ScenarioError(
                "a gdp override needs real_growth_pct, deflator_growth_pct or assumption"
            )
        if self.kind == "target" and self.target_pct is None:
            raise ScenarioError("a target override needs target_pct")


@dataclass(frozen=True)
class Scenario:
    """A named set of dated overrides."""

    name: str
    overrides: tuple[Override, ...]
    description: str = ""

    @property
    def start_year(self) -> int:
        """The first year any override touches."""
        return min(o.start_year for o in self.overrides)


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
    b["meets_target"] = b["share_gdp_pct"].round(2) >= b["target_pct"] - 1e-9
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
    >>> s = Scenario("more", (Override("plan", 2028, growth_pct=10.0),))
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
                    f"scenario {scenario.name!r}: ally {iso3} is not in the baseline"
                )
            _apply_one(out, rows, o)
    out = _derive(out)
    out.insert(0, "scenario", scenario.name)
    return out


def _apply_one(out: pd.DataFrame, rows: pd.Index, o: Override) -> None:
    sub = out.loc[rows].sort_values("year")
    years = sub["year"].to_numpy()
    if o.start_year > years.max():
        return
    if o.start_year <= years.min():
        raise ScenarioError(
            f"an override must start after the first year of the baseline ({int(years.min())})"
        )
    eff = sub.index[years >= o.start_year]
    prev = sub.index[years == o.start_year - 1][0]
    label = f"scenario {o.kind} from {o.start_year}"
    if o.kind == "gdp" and o.rates is not None:
        iso3 = str(out.at[prev, "iso3"])
        rates = o.rates[o.rates["iso3"] == iso3].set_index("year")
        want = out.loc[eff, "year"].astype(int)
        missing = [int(y) for y in want if y not in rates.index]
        if missing:
            raise ScenarioError(f"gdp override: the rates lack {iso3} {missing[0]}")
        out.loc[eff, "real_growth_pct"] = rates.loc[want, "real_growth_pct"].to_numpy()
        out.loc[eff, "deflator_growth_pct"] = rates.loc[want, "deflator_growth_pct"].to_numpy()
    if o.kind == "gdp":
        r = out.loc[eff, "real_growth_pct"] if o.real_growth_pct is None else o.real_growth_pct
        p = (out.loc[eff, "deflator_growth_pct"] if o.deflator_growth_pct is None
             else o.deflator_growth_pct)  # fmt: skip
        out.loc[eff, "real_growth_pct"] = r
        out.loc[eff, "deflator_growth_pct"] = p
        factor = (1 + out.loc[eff, "real_growth_pct"] / 100) * (
            1 + out.loc[eff, "deflator_growth_pct"] / 100
        )
        out.loc[eff, "gdp_nc_bn"] = _f(out.at[prev, "gdp_nc_bn"]) * np.cumprod(factor.to_numpy())
    elif o.kind == "plan":
        if o.growth_pct is not None:
            k = np.arange(1, len(eff) + 1)
            out.loc[eff, "spending_nc_mn"] = (
                _f(out.at[prev, "spending_nc_mn"]) * (1 + o.growth_pct / 100) ** k
            )
        elif o.share_gdp_pct is not None:
            out.loc[eff, "spending_nc_mn"] = o.share_gdp_pct / 100 * out.loc[eff, "gdp_nc_bn"] * 1e3
        else:
            for idx in eff:
                y = int(_f(out.at[idx, "year"]))
                if y in o.spending_nc_mn:
                    out.at[idx, "spending_nc_mn"] = float(o.spending_nc_mn[y])
    else:
        assert o.target_pct is not None
        out.loc[eff, "target_pct"] = float(o.target_pct)
        if o.target_year is not None:
            out.loc[eff, "target_year"] = int(o.target_year)
    out.loc[eff, "origin"] = label + "; " + out.loc[eff, "origin"].astype(str)


def compare(base: pd.DataFrame, scenarios: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Baseline and scenarios side by side (long): ``scenario`` column, baseline first."""
    b = base.copy()
    b.insert(0, "scenario", "baseline")
    return pd.concat([b, *scenarios], ignore_index=True)


_OVERRIDE_KEYS = {
    "kind", "from", "allies", "spending_nc_mn", "growth_pct", "share_gdp_pct",
    "real_growth_pct", "deflator_growth_pct", "target_pct", "target_year", "assumption",
}  # fmt: skip


def scenario_from_dict(data: Mapping[str, Any]) -> Scenario:
    """A scenario from a plain mapping (e.g. a YAML file)::

        name: faster-growth-2030
        description: 4% a year more spending from 2030
        overrides:
          - {kind: plan, from: 2030, allies: [NLD], growth_pct: 4.0}
          - {kind: gdp, from: 2031, real_growth_pct: 0.5}
          - {kind: gdp, from: 2033, assumption: trend}

    Raises:
        ScenarioError: naming the override and the problem.
    """
    if "name" not in data or not isinstance(data["name"], str):
        raise ScenarioError("a scenario needs a 'name' (text)")
    raw = data.get("overrides")
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"scenario {data['name']!r}: 'overrides' must be a non-empty list")
    out = []
    for i, o in enumerate(raw, start=1):
        if not isinstance(o, dict):
            raise ScenarioError(f"override {i}: must be a mapping")
        unknown = sorted(set(o) - _OVERRIDE_KEYS)
        if unknown:
            raise ScenarioError(
                f"override {i}: unknown key {unknown[0]!r}; accepted: "
                + ", ".join(sorted(_OVERRIDE_KEYS))
            )
        if "kind" not in o or "from" not in o:
            raise ScenarioError(f"override {i}: needs 'kind' and 'from' (a year)")
        try:
            out.append(
                Override(
                    kind=str(o["kind"]),
                    start_year=int(o["from"]),
                    allies=tuple(str(a).upper() for a in o.get("allies", ()) or ()),
                    spending_nc_mn={
                        int(k): float(v) for k, v in (o.get("spending_nc_mn") or {}).items()
                    },
                    growth_pct=_opt_float(o.get("growth_pct")),
                    share_gdp_pct=_opt_float(o.get("share_gdp_pct")),
                    real_growth_pct=_opt_float(o.get("real_growth_pct")),
                    deflator_growth_pct=_opt_float(o.get("deflator_growth_pct")),
                    target_pct=_opt_float(o.get("target_pct")),
                    target_year=None if o.get("target_year") is None else int(o["target_year"]),
                    assumption=None if o.get("assumption") is None else str(o["assumption"]),
                )
            )
        except ScenarioError as exc:
            raise ScenarioError(f"override {i}: {exc}") from None
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"override {i}: {exc}") from None
    return Scenario(str(data["name"]), tuple(out), str(data.get("description", "")))


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


def _f(x: Any) -> float:
    return float(x)
