"""Benchmark: readiness sourcing (MILP) and the readiness timeline.

Run: .venv/bin/python benchmarks/bench_sourcing.py [--units 5000] [--requirements 100]

1. Sourcing 5,000 units for 100 requirements with HiGHS: the aggregate formulation
   (integer counts per nation, type and requirement; nested supply rows) against the plain
   formulation (one binary per eligible unit and requirement), in the same run: times,
   their ratio, objective, shortfall and the optimality gap of each.
2. The timeline for 10 years by month over 5,000 pledges (lowest count on any day of each
   month, without and with offers): the package's vectorised sweep against a plain
   per-month Python loop over days and pledges; both must agree.

No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.readiness import synth

from burdenshare.readiness.checks import periods, timeline
from burdenshare.readiness.model import COUNTED_TYPES, Requirement
from burdenshare.readiness.sourcing import source


def _units(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` units of counted types, all available: the sourcing pool on one day."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"U{i:05d}" for i in range(n)],
            "nation": rng.choice(synth.NATIONS, n),
            "unit_type": rng.choice(list(COUNTED_TYPES), n),
            "notice_days": rng.integers(0, 90, n),
        }
    )


def bench_sourcing(n_units: int, n_reqs: int, time_limit: float) -> None:
    units = _units(n_units)
    reqs = synth.requirements(n_reqs, seed=11, scale=30)
    weights = synth.weights(5)
    asked = sum(sum(r.counts.values()) for r in reqs)
    print(f"sourcing: {n_units} units, {n_reqs} requirements asking {asked} units, "
          f"{len(weights)} nations")  # fmt: skip
    t0 = time.perf_counter()
    agg = source(units, reqs, weights, time_limit=time_limit)
    t_agg = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = source(units, reqs, weights, formulation="units", time_limit=time_limit)
    t_plain = time.perf_counter() - t0
    for name, res, secs in (("aggregate", agg, t_agg), ("per-unit binaries", plain, t_plain)):
        gap = "n/a" if res.gap is None else f"{res.gap:.2e}"
        print(f"  {name:18s} {secs:8.2f} s  vars {res.variables:7d}  rows {res.constraints:6d}  "
              f"status {res.status:10s} objective {res.objective:10.4f}  "
              f"shortfall {res.shortfall:4d}  gap {gap}")  # fmt: skip
    print(f"  ratio plain/aggregate: {t_plain / t_agg:.1f}x; "
          f"objectives differ by {abs(plain.objective - agg.objective):.2e}")


def _plain_timeline(units: pd.DataFrame, months: pd.DataFrame, req: Requirement) -> dict[
    tuple[str, str], tuple[int, int]
]:
    """Per month and type: lowest count on any day, firm and with offers (plain loops)."""
    rows = []
    for r in units.itertuples(index=False):
        if r.unit_type in req.counts and r.notice_days <= req.max_notice_days and (
            r.status in ("pledged", "offered")
        ):
            end = None if pd.isna(r.available_until) else r.available_until.date()
            rows.append((r.unit_type, r.available_from.date(), end, r.status == "offered"))
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for m in months.itertuples(index=False):
        a, b = m.start.date(), m.end.date()
        live = [x for x in rows if x[1] <= b and (x[2] is None or x[2] >= a)]
        for t in req.counts:
            mine = [x for x in live if x[0] == t]
            low_firm = low_all = None
            day = a
            while day <= b:
                firm = offers = 0
                for _t, s, e, offered in mine:
                    if s <= day and (e is None or day <= e):
                        if offered:
                            offers += 1
                        else:
                            firm += 1
                low_firm = firm if low_firm is None else min(low_firm, firm)
                low_all = firm + offers if low_all is None else min(low_all, firm + offers)
                day += timedelta(days=1)
            out[m.period, t] = (int(low_firm or 0), int(low_all or 0))
    return out


def bench_timeline(n: int) -> None:
    units = synth.pledges(n, seed=3, start=date(2024, 1, 1), years=10)
    req = Requirement("nri", {t: 30 for t in COUNTED_TYPES}, 30)
    months = periods(date(2024, 1, 1), date(2033, 12, 31), by="month")
    reqs = [req] * len(months)
    timeline(units, months, reqs)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    fast = timeline(units, months, reqs)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = _plain_timeline(units, months, req)
    t_plain = time.perf_counter() - t0
    got = {(p, t): (int(c), int(w)) for p, t, c, w in
           fast[["period", "unit_type", "counted", "counted_with_offers"]].itertuples(index=False)}
    agree = got == plain
    print(f"timeline: {n} pledges, {len(months)} months x {len(COUNTED_TYPES)} types")
    print(f"  vectorised sweep {t_fast * 1000:8.1f} ms")
    print(f"  plain loops      {t_plain * 1000:8.1f} ms   ratio {t_plain / t_fast:.0f}x; "
          f"results agree: {agree}")  # fmt: skip
    if not agree:
        raise SystemExit("timeline results differ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--requirements", type=int, default=100)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    bench_sourcing(args.units, args.requirements, args.time_limit)
    bench_timeline(args.units)


if __name__ == "__main__":
    main()
