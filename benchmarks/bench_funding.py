"""Benchmark the funding computations against plain reference implementations.

Run: ``.venv/bin/python benchmarks/bench_funding.py``. Prints, for each task, the time of
burdenshare's implementation, of a plain reference run in the same process, and their ratio
(> 1 means burdenshare is slower). No assertions: timings are reported, not tested.

* derive: the exact (rational) water-filling of 32 allies with caps, against the textbook
  float iteration (cap, spread pro rata, repeat). The exact method pays for exactness;
  the ratio says how much.
* reproduce: the 2019-rule reproduction with rounding propagation (≈ 90 derivations).
* contributions: all allies × all lines for 2024 (DataFrame), against a dict loop.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from burdenshare.funding.budgets import budgets_for_year
from burdenshare.funding.contributions import contributions
from burdenshare.funding.loader import default_data
from burdenshare.funding.reproduce import reproduction
from burdenshare.funding.solver import Constraint, derive_shares


def best(fn: Callable[[], object], repeat: int = 5, number: int = 20) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


def reference_water_filling(weights: dict[str, float], caps: dict[str, float]) -> dict[str, float]:
    capped: dict[str, float] = {}
    while True:
        free = {k: w for k, w in weights.items() if k not in capped}
        lam = (100.0 - sum(capped.values())) / sum(free.values())
        over = {k: caps[k] for k, w in free.items() if k in caps and lam * w > caps[k]}
        if not over:
            return {**capped, **{k: lam * w for k, w in free.items()}}
        capped.update(over)


def main() -> None:
    rng = random.Random(4)
    weights = {f"A{i:02d}": rng.lognormvariate(4, 1.5) for i in range(32)}
    top = sorted(weights, key=weights.__getitem__, reverse=True)[:5]
    caps = {k: 8.0 + i for i, k in enumerate(top)}
    cons = [Constraint("cap", k, v) for k, v in caps.items()]
    exact = derive_shares(weights, cons)
    ref = reference_water_filling(weights, caps)
    assert max(abs(float(exact.shares[k]) - ref[k]) for k in weights) < 1e-9

    d = default_data()
    rule, k2020, k2124 = d.rule("nov2019"), d.key("2020"), d.key("2021-2024")
    base = budgets_for_year(d.budgets, 2024)

    def plain_contributions() -> list[tuple[str, str, float]]:
        amounts = {r["line"]: r["amount_eur_mn"] for r in base.to_dict("records")}
        return [(s.iso3, line, s.share_pct / 100 * a) for s in k2124.shares
                for line, a in amounts.items()]  # fmt: skip

    rows = [
        ("derive (32 allies, 5 caps)", lambda: derive_shares(weights, cons),
         lambda: reference_water_filling(weights, caps)),
        ("reproduce 2019 rule", lambda: reproduction(rule, k2020, k2124), None),
        ("contributions 2024", lambda: contributions(k2124, base), plain_contributions),
    ]  # fmt: skip
    print(f"{'task':32} {'burdenshare':>14} {'reference':>14} {'ratio':>8}")
    for name, ours, theirs in rows:
        t_ours = best(ours, number=5 if "reproduce" in name else 20)
        if theirs is None:
            print(f"{name:32} {t_ours * 1e3:11.3f} ms {'–':>14} {'–':>8}")
            continue
        t_ref = best(theirs)
        print(f"{name:32} {t_ours * 1e3:11.3f} ms {t_ref * 1e3:11.3f} ms {t_ours / t_ref:8.1f}")


if __name__ == "__main__":
    main()
