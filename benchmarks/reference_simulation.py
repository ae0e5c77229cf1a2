"""The simulation model of :mod:`burdenshare.targets.simulation` in plain Python.

Lists and ``random``, no numpy in the loop: slow by design, the yardstick of
``bench_simulation.py`` and the independent check of ``tests/targets/test_targets_simulation.py``.
Kept out of the package: nothing in burdenshare calls it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

import numpy as np

from burdenshare.targets.simulation import QUANTILES, SimulationInputs, _factor


def reference_simulate(
    inputs: SimulationInputs,
    n_paths: int,
    seed: int | None = None,
    quantile_levels: Sequence[float] = QUANTILES,
) -> dict[str, Any]:
    """The same model in plain Python (lists and ``random``), no numpy in the loop.

    GDP is the central projection times ``exp(L)``, ``L`` the sum of the yearly errors
    from the edition's year: the own-year error (``σ0``, fall editions), then an AR(1)
    with stationary s.d. ``σ`` and persistence ``ρ``, innovations correlated across allies;
    spending is the plan times ``m · exp(s z)`` per path and ally.

    Computes the same outputs as :func:`simulate`, per ally and for the group, with exact
    (sorted) quantiles: ``{"probabilities": {name: [[p]]}, "quantiles": [[[q]]],
    "mean": [[m]], "group": {"quantiles": [[q]], "p_<name>": [p], "p_all_<name>": [p],
    "n_<name>": [n]}}``. Slow by design: it is the yardstick of the benchmark.
    """
    rnd = random.Random(seed)
    a, t = len(inputs.allies), len(inputs.years)
    err = inputs.errors
    f = [[float(v) for v in row] for row in _factor(err.correlation_matrix(a))]
    sigma = [float(v) for v in err.sigma]
    sigma0 = [float(v) for v in err.sigma0]
    rho = float(err.rho)
    steps = err.steps(t)
    mu_r = [[float(v) for v in row] for row in inputs.real_growth]
    mu_p = [[float(v) for v in row] for row in inputs.inflation]
    plan = [[float(v) for v in row] for row in inputs.plan]
    base = [float(v) for v in inputs.base_gdp]
    w = [float(v) for v in inputs.weights]
    thr = {k: np.broadcast_to(v, (a, t)).tolist() for k, v in inputs.thresholds.items()}
    scalars = inputs.scalar_thresholds
    counts = {k: [[0] * t for _ in range(a)] for k in thr}
    g_counts = {k: [0] * t for k in scalars}
    g_all = {k: [0] * t for k in scalars}
    g_n = {k: [0] * t for k in scalars}
    values: list[list[list[float]]] = [[[] for _ in range(t)] for _ in range(a)]
    g_values: list[list[float]] = [[] for _ in range(t)]
    em, es = inputs.execution_mean, inputs.execution_sd
    central = []
    for i in range(a):
        level, row = base[i], []
        for j in range(t):
            level *= (1 + mu_r[i][j]) * (1 + mu_p[i][j])
            row.append(level)
        central.append(row)

    def innovations() -> list[float]:
        z = [rnd.gauss(0.0, 1.0) for _ in range(a)]
        return [sum(f[i][k] * z[k] for k in range(a)) for i in range(a)]

    for _ in range(n_paths):
        execution = [em * math.exp(es * rnd.gauss(0.0, 1.0)) if es > 0 else em for _ in range(a)]
        ar = [0.0] * a
        lvl = [0.0] * a
        year_level: list[list[float]] = [[0.0] * a for _ in range(t)]
        for kind, j in steps:
            if kind != "none":
                u = innovations()
                for i in range(a):
                    if kind == "own":
                        lvl[i] += sigma0[i] * u[i]
                    elif kind == "start":
                        ar[i] = sigma[i] * u[i]
                        lvl[i] += ar[i]
                    else:
                        ar[i] = rho * ar[i] + math.sqrt(1 - rho * rho) * sigma[i] * u[i]
                        lvl[i] += ar[i]
            if j >= 0:
                year_level[j] = list(lvl)
        for j in range(t):
            num = den = 0.0
            shares = []
            for i in range(a):
                gdp = central[i][j] * math.exp(year_level[j][i])
                spend = execution[i] * plan[i][j]
                share = spend / gdp * 0.1
                shares.append(share)
                num += spend * w[i]
                den += gdp * w[i]
                for k in thr:
                    if share >= thr[k][i][j] - 1e-12:
                        counts[k][i][j] += 1
                values[i][j].append(share)
            group = num / den * 0.1
            g_values[j].append(group)
            for k, v in scalars.items():
                n_meet = sum(1 for x in shares if x >= v - 1e-12)
                g_n[k][j] += n_meet
                if n_meet == a:
                    g_all[k][j] += 1
                if group >= v - 1e-12:
                    g_counts[k][j] += 1

    def quantile(v: list[float], q: float) -> float:
        v = sorted(v)
        pos = q * (len(v) - 1)
        lo_i = math.floor(pos)
        hi_i = min(lo_i + 1, len(v) - 1)
        return v[lo_i] + (v[hi_i] - v[lo_i]) * (pos - lo_i)

    quant = [[[quantile(values[i][j], q) for j in range(t)] for i in range(a)]
             for q in quantile_levels]  # fmt: skip
    group_out: dict[str, Any] = {
        "quantiles": [[quantile(g_values[j], q) for j in range(t)] for q in quantile_levels],
        "mean": [sum(g_values[j]) / n_paths for j in range(t)],
    }
    for k in scalars:
        group_out[f"p_{k}"] = [c / n_paths for c in g_counts[k]]
        group_out[f"p_all_{k}"] = [c / n_paths for c in g_all[k]]
        group_out[f"n_{k}"] = [c / n_paths for c in g_n[k]]
    return {
        "probabilities": {k: [[c / n_paths for c in row] for row in v] for k, v in counts.items()},
        "quantiles": quant,
        "mean": [[sum(values[i][j]) / n_paths for j in range(t)] for i in range(a)],
        "group": group_out,
    }
