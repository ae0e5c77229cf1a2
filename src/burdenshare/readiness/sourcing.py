"""Sourcing: which units to designate so requirements are filled and the burden is fair.

A mixed-integer programme solved with HiGHS (``scipy.optimize.milp``). Given the units
available on the day (their nation, type and notice to move), requirements (a count per
unit type within a notice limit) and a fair share per nation (weights, e.g. GDP shares),
it chooses designations that

1. leave the smallest total shortfall (an unfillable requirement is reported with its
   shortfall, never raised), and among those
2. keep each nation's number of designated units as close as possible to its fair share
   of all designated units (sum of absolute deviations).

**Aggregate formulation** (the default). Units of one nation and type whose notice meets a
limit are interchangeable for every requirement with that limit or a looser one, so the
programme has one integer ``x[n, t, r]`` (how many units of nation ``n`` and type ``t``
go to requirement ``r``) instead of one binary per unit and requirement. With the
requirements' limits for type ``t`` sorted, ``L1 < L2 < ...``, the supply constraints are

    sum over r with L_r <= L_k of x[n, t, r]  <=  #units of (n, t) with notice <= L_k

for every level ``k``. *Equivalence.* For one ``(n, t)`` the units eligible for ``r`` are a
prefix of the units sorted by notice, and the prefixes are nested, so by Hall's theorem a
unit-level assignment with these counts exists if and only if every union of eligible sets
(which is the largest prefix among them) holds at least the units asked of it: exactly the
constraints above. Conversely any unit-level assignment satisfies them. The two models have
the same feasible counts ``(x, shortfall, contribution per nation)`` and the same objective,
hence the same optimum; the concrete units are then assigned greedily (requirements by
rising limit, each taking the fastest remaining units), which the constraints guarantee
never runs out. The penalty on shortfall, 4 per unit, exceeds the largest change one more
designated unit can make to the deviation term (2), so no fairness gain can buy a
shortfall.

**Unit formulation** (``formulation="units"``): one binary per eligible (unit,
requirement) pair, kept to compare with (``benchmarks/bench_sourcing.py``).

>>> import pandas as pd
>>> from burdenshare.readiness.model import Requirement
>>> units = pd.DataFrame({
...     "id": ["a1", "a2", "b1", "b2", "b3"], "nation": ["A", "A", "B", "B", "B"],
...     "unit_type": ["air_squadron"] * 5, "notice_days": [10, 40, 10, 20, 30]})
>>> res = source(units, [Requirement("r", {"air_squadron": 5}, 30)], {"A": 0.5, "B": 0.5})
>>> res.fill[["requirement", "required", "designated", "shortfall"]]
  requirement  required  designated  shortfall
0           r         5           4          1
>>> res.nations[["nation", "designated"]].to_dict("list"), res.gap
({'nation': ['A', 'B'], 'designated': [1, 3]}, 0.0)
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from burdenshare import text as _text
from burdenshare.measure import meets
from burdenshare.readiness.errors import ReadinessError
from burdenshare.readiness.model import Requirement

#: Penalty per unit of shortfall; above 2, the most one unit can change the deviation term.
SHORTFALL_PENALTY = 4.0

Formulation = Literal["aggregate", "units"]


@dataclass(frozen=True)
class SourcingResult:
    """Designations, fill per requirement and type, contribution per nation, solver facts."""

    designations: pd.DataFrame
    fill: pd.DataFrame
    nations: pd.DataFrame
    status: str
    gap: float | None
    objective: float
    seconds: float
    formulation: str
    variables: int
    constraints: int

    @property
    def shortfall(self) -> int:
        """Units asked for and not designated, over every requirement and type."""
        return int(self.fill["shortfall"].sum())


class _Model:
    """A sparse MILP under construction (columns, rows as triplets)."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.row_lb: list[float] = []
        self.row_ub: list[float] = []

    def var(self, cost: float, lb: float, ub: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lb)
        self.upper.append(ub)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, terms: Sequence[tuple[int, float]], lb: float, ub: float) -> None:
        r = len(self.row_lb)
        for col, val in terms:
            self.rows.append(r)
            self.cols.append(col)
            self.vals.append(val)
        self.row_lb.append(lb)
        self.row_ub.append(ub)

    def solve(self, time_limit: float, mip_rel_gap: float) -> Any:
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_matrix

        n = len(self.cost)
        a = coo_matrix(
            (self.vals, (self.rows, self.cols)), shape=(len(self.row_lb), n)
        ).tocsr()
        return milp(
            np.asarray(self.cost),
            integrality=np.asarray(self.integer),
            bounds=Bounds(np.asarray(self.lower), np.asarray(self.upper)),
            constraints=LinearConstraint(a, np.asarray(self.row_lb), np.asarray(self.row_ub)),
            options={"time_limit": time_limit, "mip_rel_gap": mip_rel_gap, "disp": False},
        )


_STATUS = {0: "optimal", 1: "time limit", 2: "infeasible", 3: "unbounded", 4: "solver error"}


def _eligible(notice: npt.NDArray[np.float64], limit: float) -> npt.NDArray[np.bool_]:
    return meets(notice, limit, comparator="<=", decimals=None)


def _fair(model: _Model, contrib: dict[str, list[int]], weights: Mapping[str, float]) -> None:
    """Deviation ``d_n >= |C_n - w_n T|`` for every nation with a weight or a unit.

    ``C_n`` (a nation's designated units) and ``T`` (all designated units) are variables of
    their own, so every row stays short (sparse) whatever the number of units.
    """
    nations = sorted(set(weights) | set(contrib))
    total = model.var(0.0, 0.0, np.inf, False)
    c_cols = {n: model.var(0.0, 0.0, np.inf, False) for n in nations}
    for n in nations:
        model.row([*((c, 1.0) for c in contrib.get(n, [])), (c_cols[n], -1.0)], 0.0, 0.0)
    model.row([*((c, 1.0) for c in c_cols.values()), (total, -1.0)], 0.0, 0.0)
    for n in nations:
        w = float(weights.get(n, 0.0))
        d = model.var(1.0, 0.0, np.inf, False)
        model.row([(c_cols[n], 1.0), (total, -w), (d, -1.0)], -np.inf, 0.0)
        model.row([(c_cols[n], -1.0), (total, w), (d, -1.0)], -np.inf, 0.0)


def source(
    units: pd.DataFrame,
    requirements: Sequence[Requirement],
    weights: Mapping[str, float],
    *,
    formulation: Formulation = "aggregate",
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
) -> SourcingResult:
    """Designate ``units`` to ``requirements`` (see the module docstring).

    Args:
        units: the candidate units (``id``, ``nation``, ``unit_type``, ``notice_days``),
            already limited to those available and pledged on the day.
        requirements: each with counts per type and a notice limit; names must be unique.
        weights: fair-share weight per nation (normalised here; nations without a weight
            have a fair share of zero).
        formulation: ``aggregate`` (integer counts per nation, type and requirement) or
            ``units`` (a binary per unit and requirement).
        time_limit: seconds for HiGHS; the gap says how far from proven optimal it stopped.
        mip_rel_gap: relative gap at which HiGHS may stop.
    """
    names = [r.name for r in requirements]
    if len(set(names)) != len(names):
        raise ReadinessError(_text.t("requirement names must be unique"))
    total_w = float(sum(max(float(w), 0.0) for w in weights.values()))
    if total_w <= 0:
        raise ReadinessError(_text.t("fair-share weights must include a positive weight"))
    share = {n: max(float(w), 0.0) / total_w for n, w in weights.items()}
    started = time.perf_counter()
    model = _Model()
    slack: dict[tuple[int, str], int] = {}
    demand: dict[tuple[int, str], list[tuple[int, float]]] = {}
    for ri, req in enumerate(requirements):
        for t, c in req.counts.items():
            if c > 0:
                slack[ri, t] = model.var(SHORTFALL_PENALTY, 0.0, float(c), False)
                demand[ri, t] = [(slack[ri, t], 1.0)]
    contrib: dict[str, list[int]] = {}
    notice = units["notice_days"].to_numpy(dtype=np.float64)
    nation_arr = units["nation"].to_numpy()
    type_arr = units["unit_type"].to_numpy()
    # (column, nation, type, requirement index) for aggregate; (column, unit row, ri) for units
    agg_cols: list[tuple[int, str, str, int]] = []
    unit_cols: list[tuple[int, int, int]] = []
    if formulation == "aggregate":
        groups = pd.DataFrame({"n": nation_arr, "t": type_arr, "row": np.arange(len(units))})
        for key, grp in groups.groupby(["n", "t"], sort=True)["row"]:
            nation, t = str(key[0]), str(key[1])
            asks = [ri for ri in range(len(requirements)) if (ri, t) in demand]
            if not asks:
                continue
            g_notice = notice[grp.to_numpy()]
            levels = sorted({requirements[ri].max_notice_days for ri in asks})
            supply = {lv: int(np.count_nonzero(_eligible(g_notice, lv))) for lv in levels}
            cols_at: dict[float, list[int]] = {lv: [] for lv in levels}
            for ri in asks:
                lv = requirements[ri].max_notice_days
                if supply[lv] == 0:
                    continue
                ub = float(min(requirements[ri].counts[t], supply[lv]))
                col = model.var(0.0, 0.0, ub, True)
                agg_cols.append((col, nation, t, ri))
                demand[ri, t].append((col, 1.0))
                contrib.setdefault(nation, []).append(col)
                cols_at[lv].append(col)
            upto: list[int] = []  # columns of every limit up to this level
            for lv in levels:  # nested supply: every prefix of the limits
                upto += cols_at[lv]
                if upto:
                    model.row([(c, 1.0) for c in upto], -np.inf, float(supply[lv]))
    elif formulation == "units":
        per_unit: dict[int, list[tuple[int, float]]] = {}
        for ri, req in enumerate(requirements):
            ok = _eligible(notice, req.max_notice_days)
            for t in req.counts:
                if (ri, t) not in demand:
                    continue
                for ui in np.flatnonzero(ok & (type_arr == t)).tolist():
                    col = model.var(0.0, 0.0, 1.0, True)
                    unit_cols.append((col, ui, ri))
                    demand[ri, t].append((col, 1.0))
                    contrib.setdefault(str(nation_arr[ui]), []).append(col)
                    per_unit.setdefault(ui, []).append((col, 1.0))
        for terms in per_unit.values():
            if len(terms) > 1:  # each unit to one requirement at most
                model.row(terms, -np.inf, 1.0)
    else:
        raise ReadinessError(_text.t(
            "unknown formulation {formulation!r} (accepted: aggregate, units)",
            formulation=formulation,
        ))
    for (ri, t), terms in demand.items():
        need = float(requirements[ri].counts[t])
        model.row(terms, need, need)
    _fair(model, contrib, share)
    res = model.solve(time_limit, mip_rel_gap)
    seconds = time.perf_counter() - started
    status = _STATUS.get(int(res.status), "solver error")
    if res.x is None:
        raise ReadinessError(_text.t(
            "HiGHS found no solution ({status}: {message})",
            status=status, message=res.message,
        ))
    x = np.round(np.asarray(res.x)).astype(np.int64)
    design: list[dict[str, Any]] = []
    if formulation == "aggregate":
        by_group: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
        for col, nation, t, ri in agg_cols:
            if x[col] > 0:
                by_group.setdefault((nation, t), []).append(
                    (requirements[ri].max_notice_days, ri, int(x[col]))
                )
        ids = units["id"].astype(str).to_numpy()
        for (g_nation, g_type), wanted in by_group.items():
            members = np.flatnonzero((nation_arr == g_nation) & (type_arr == g_type))
            order = sorted(members.tolist(), key=lambda i: (notice[i], ids[i]))
            taken: set[int] = set()
            for limit, ri, count in sorted(wanted):
                fits = _eligible(notice[np.asarray(order, dtype=np.int64)], limit)
                pool = [i for i, ok in zip(order, fits, strict=True) if ok and i not in taken]
                if len(pool) < count:  # cannot happen: the nested supply rows forbid it
                    raise ReadinessError(_text.t("internal: greedy assignment ran out of units"))
                for i in pool[:count]:
                    taken.add(i)
                    design.append({"row": i, "ri": ri})
    else:
        design = [{"row": ui, "ri": ri} for col, ui, ri in unit_cols if x[col] > 0]
    return _result(units, requirements, share, design, res, status, seconds, formulation, model)


def _result(
    units: pd.DataFrame,
    requirements: Sequence[Requirement],
    share: Mapping[str, float],
    design: list[dict[str, Any]],
    res: Any,
    status: str,
    seconds: float,
    formulation: str,
    model: _Model,
) -> SourcingResult:
    rows = [d["row"] for d in design]
    chosen = units.iloc[rows][["id", "nation", "unit_type", "notice_days"]].reset_index(drop=True)
    chosen.insert(0, "requirement", [requirements[d["ri"]].name for d in design])
    chosen = chosen.rename(columns={"id": "unit_id"})
    chosen = chosen.sort_values(["requirement", "unit_type", "nation", "unit_id"])
    chosen = chosen.reset_index(drop=True)
    got = chosen.groupby(["requirement", "unit_type"]).size()
    fill = []
    for req in requirements:
        for t, c in req.counts.items():
            have = int(got.get((req.name, t), 0))
            fill.append({"requirement": req.name, "unit_type": t, "required": int(c),
                         "designated": have, "shortfall": max(int(c) - have, 0),
                         "max_notice_days": req.max_notice_days})  # fmt: skip
    fill_frame = pd.DataFrame(
        fill,
        columns=["requirement", "unit_type", "required", "designated", "shortfall",
                 "max_notice_days"],
    )  # fmt: skip
    total = len(chosen)
    per = chosen.groupby("nation").size()
    pool = units.groupby("nation").size()
    nations = sorted(set(share) | set(units["nation"]))
    nat = pd.DataFrame(
        {
            "nation": nations,
            "weight": [float(share.get(n, 0.0)) for n in nations],
            "available": [int(pool.get(n, 0)) for n in nations],
            "designated": [int(per.get(n, 0)) for n in nations],
        }
    )
    nat["fair_share"] = nat["weight"] * total
    nat["deviation"] = nat["designated"] - nat["fair_share"]
    gap = getattr(res, "mip_gap", None)
    gap_value = None if gap is None or not np.isfinite(gap) else max(float(gap), 0.0)
    return SourcingResult(
        chosen, fill_frame, nat, status, gap_value, float(res.fun), seconds, formulation,
        len(model.cost), len(model.row_lb),
    )  # fmt: skip


def available_units(frame: pd.DataFrame, day: Any, *, with_offers: bool = False) -> pd.DataFrame:
    """The units sourcing may designate on ``day``: a counted type, in their window, pledged
    (or offered, when ``with_offers``)."""
    from burdenshare.readiness.checks import _available, _status_mask
    from burdenshare.readiness.model import COUNTED_TYPES

    keep = (
        frame["unit_type"].isin(COUNTED_TYPES).to_numpy()
        & _available(frame, day)
        & _status_mask(frame, with_offers)
    )
    return frame.loc[keep].reset_index(drop=True)


def gdp_weights(
    panel: pd.DataFrame, year: int, nations: Sequence[str]
) -> tuple[dict[str, float], int]:
    """Fair-share weights from GDP: each nation's GDP in the latest year up to ``year``.

    ``panel`` is a release panel (``iso3``, ``year``, ``gdp_usd_current_bn``). Returns the
    weights and the year used. Nations without GDP get no weight.

    Raises:
        ReadinessError: no nation has GDP up to ``year``.
    """
    have = panel.loc[panel["gdp_usd_current_bn"].notna() & (panel["year"] <= year)]
    have = have.loc[have["iso3"].isin(list(nations))]
    if have.empty:
        raise ReadinessError(
            _text.t("no GDP figures up to {year} for the nations with units", year=year)
        )
    used = int(have["year"].max())
    row = have.loc[have["year"] == used]
    gdp = zip(row["iso3"], row["gdp_usd_current_bn"], strict=True)
    return {str(k): float(v) for k, v in gdp}, used
