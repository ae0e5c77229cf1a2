"""Benchmark: burden-sharing rank tests against plain reference implementations.

Run: .venv/bin/python benchmarks/bench_burden.py

Prints, for each case, the time of the package's function and of a plain Python
reference computed in the same process, their ratio, and checks that both agree.
No timing is asserted anywhere.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable
from typing import Any

from burdenshare import burden as bd


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _pearson(a: list[float], b: list[float]) -> float:
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / math.sqrt(va * vb)


def reference_exact_p(x: list[float], y: list[float]) -> float:
    """One-sided exact permutation p of Spearman's rho, by enumerating all n! orderings."""
    rx, ry = _ranks(x), _ranks(y)
    observed = _pearson(rx, ry)
    hits = total = 0
    for perm in itertools.permutations(ry):
        total += 1
        hits += _pearson(rx, list(perm)) >= observed - 1e-9
    return hits / total


def reference_tau_b(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b by counting pairs (O(n^2))."""
    n = len(x)
    c = d = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0:
                tx += 1
            if dy == 0:
                ty += 1
            if dx * dy > 0:
                c += 1
            elif dx * dy < 0:
                d += 1
    n0 = n * (n - 1) / 2
    return (c - d) / math.sqrt((n0 - tx) * (n0 - ty))


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    rnd = random.Random(1)
    n = 8
    x = [float(rnd.randint(0, 5)) for _ in range(n)]
    y = [float(rnd.randint(0, 5)) for _ in range(n)]
    t_pkg, res = _time(lambda: bd.spearman_permutation(x, y, n_resamples=50_000), 3)
    t_ref, ref = _time(lambda: reference_exact_p(x, y), 1)
    assert abs(res.p_one_sided - ref) < 1e-12, (res.p_one_sided, ref)
    print(
        f"exact permutation p, n={n} ({math.factorial(n)} orderings, ties): "
        f"package {t_pkg * 1e3:.1f} ms, plain Python {t_ref * 1e3:.1f} ms, "
        f"ratio {t_ref / t_pkg:.1f}x (p = {ref:.4f} both)"
    )
    n = 2000
    xs = [float(rnd.randint(0, 300)) for _ in range(n)]
    ys = [float(rnd.randint(0, 300)) for _ in range(n)]
    t_pkg, res = _time(lambda: bd.kendall_tau_b(xs, ys), 3)
    t_ref, ref = _time(lambda: reference_tau_b(xs, ys), 1)
    assert abs(res.estimate - ref) < 1e-12
    print(
        f"Kendall tau-b, n={n} with ties: package {t_pkg * 1e3:.1f} ms, "
        f"plain Python {t_ref * 1e3:.1f} ms, ratio {t_ref / t_pkg:.0f}x"
    )
    from burdenshare import api

    t_pkg, frame = _time(lambda: api.burden_exploitation(2014, 2026, release="2026-07"), 2)
    print(
        f"burden exploitation 2014-2026 (13 years x 4 tests, 9999 Monte Carlo resamples): "
        f"{t_pkg:.2f} s for {len(frame)} rows"
    )


if __name__ == "__main__":
    main()
