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

    Computes the same outputs as :func:`simulate`, per ally and for the group, with exact
    (sorted) quantiles: ``{"probabilities": {name: [[p]]}, "quantiles": [[[q]]],
    "mean": [[m]], "group": {"quantiles": [[q]], "p_<name>": [p], "p_all_<name>": [p],
    "n_<name>": [n]}}``. Slow by design: it is the yardstick of the benchmark.
    """
    rnd = random.Random(seed)
    a, t = len(inputs.allies), len(inputs.years)
    f = [[float(v) for v in row] for row in _factor(np.asarray(inputs.covariance))]
    m = 2 * a
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
    for _ in range(n_paths):
        gdp = list(base)
        execution = [max(0.0, em + es * rnd.gauss(0.0, 1.0)) if es > 0 else em for _ in range(a)]
        for j in range(t):
            z = [rnd.gauss(0.0, 1.0) for _ in range(m)]
            eps = [sum(f[i][k] * z[k] for k in range(m)) for i in range(m)]
            num = den = 0.0
            shares = []
            for i in range(a):
                gdp[i] *= (1 + mu_r[i][j] + eps[i]) * (1 + mu_p[i][j] + eps[a + i])
                spend = execution[i] * plan[i][j]
                share = spend / gdp[i] * 0.1
                shares.append(share)
                num += spend * w[i]
                den += gdp[i] * w[i]
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
