"""Benchmark of the targets Monte Carlo engine against a plain-Python reference.

Prints, in one run:

1. the engine's throughput in ally × year × path cells per second;
2. the throughput of ``reference_simulate`` (the same model in plain Python,
   ``reference_simulation.py``), run on far
   fewer paths and scaled per cell;
3. their ratio;
4. the peak memory of the engine at 1,000,000 paths × 32 allies × 11 years, measured in
   a fresh subprocess (tracemalloc peak of the simulation, and the process's maximum
   resident set size from ``resource.getrusage``).

The inputs are real: NATO's 2026-07 release, the IMF WEO 2025-10 growth and inflation,
the calibrated error model (IMF forecast errors by horizon from 2025, AR(1) across years,
correlated across allies), linear plans to 3.5% in 2035, from 2024 (11 years, 2025-2035).
NATO publishes figures for 31 allies (Iceland has no armed
forces); the 32nd row repeats the first ally so the arrays have the issue's size (the
engine's cost depends only on the sizes).

Usage: ``python benchmarks/bench_simulation.py [--paths N] [--ref-paths N] [--no-memory]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np


def build_inputs(n_allies: int = 32) -> object:
    import burdenshare as bs
    from burdenshare import rules
    from burdenshare.api import targets as api
    from burdenshare.targets import loader, paths, simulation, uncertainty

    p = bs.data_panel()
    econ = api.targets_gdp_projection(to_year=2035)
    codes = sorted(set(econ["iso3"]) & set(p.loc[p["share_gdp_pct"].notna(), "iso3"]))
    start, years = 2024, list(range(2025, 2036))
    t = paths.resolve_target(rules.default_rules(), "core-2035")
    base, mu_r, mu_p, plan = [], [], [], []
    for c in codes:
        e = econ[econ["iso3"] == c]
        a = p[p["iso3"] == c][["year", "share_gdp_pct", "is_estimate"]]
        path = paths.target_path(e, a, start, t.pct, 2035, "linear").set_index("year")
        ei = e.set_index("year")
        base.append(float(ei.at[start, "gdp_nc_bn"]))
        mu_r.append(ei.loc[years, "real_growth_pct"].to_numpy() / 100)
        mu_p.append(ei.loc[years, "deflator_growth_pct"].to_numpy() / 100)
        plan.append(path.loc[years, "path_spending_nc_mn"].to_numpy())
    # the one calibrated error model (IMF errors by horizon, AR(1), revisions of NATO's figures)
    cal = uncertainty.calibrate(loader.load_forecast_history(), {"2026-07": p},
                                {"2026-07": "2026-07-10"})  # fmt: skip
    sig = np.array([cal.model.sigmas(c) for c in codes]) / 100
    corr = cal.correlation(codes)
    idx = [i % len(codes) for i in range(n_allies)]
    errors = simulation.GdpErrors(
        sigma=sig[idx, 0], sigma0=sig[idx, 1], rho=cal.model.rho,
        correlation=corr[np.ix_(idx, idx)], first_horizon=years[0] - 2025,
    )  # fmt: skip
    return simulation.SimulationInputs(
        allies=tuple(f"{codes[i]}{'' if k < len(codes) else '#2'}" for k, i in enumerate(idx)),
        years=tuple(years),
        base_gdp=np.array(base)[idx],
        real_growth=np.array(mu_r)[idx],
        inflation=np.array(mu_p)[idx],
        plan=np.array(plan)[idx],
        errors=errors,
        thresholds={"target": np.array(t.pct), "floor": np.array(2.0)},
        execution_mean=1.0,
        execution_sd=0.096,  # NATO's revision error (docs/targets.md)
    )


def memory_child(n_paths: int) -> None:
    import resource
    import tracemalloc

    from burdenshare.targets import simulation

    inputs = build_inputs()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    simulation.simulate(inputs, n_paths, seed=1)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"tracemalloc_peak": peak, "maxrss_kib_before": rss_before,
                      "maxrss_kib": rss_after, "seconds": seconds}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=200_000, help="engine paths for throughput")
    ap.add_argument("--ref-paths", type=int, default=200, help="reference paths")
    ap.add_argument("--memory-paths", type=int, default=1_000_000)
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        memory_child(args.child)
        return

    from reference_simulation import reference_simulate  # beside this script

    from burdenshare.targets import simulation

    inputs = build_inputs()
    a, t = len(inputs.allies), len(inputs.years)  # type: ignore[attr-defined]
    simulation.simulate(inputs, 2_000, seed=0)  # type: ignore[arg-type]  # warm-up
    t0 = time.perf_counter()
    simulation.simulate(inputs, args.paths, seed=1)  # type: ignore[arg-type]
    eng_s = time.perf_counter() - t0
    eng = args.paths * a * t / eng_s
    t0 = time.perf_counter()
    reference_simulate(inputs, args.ref_paths, seed=1)  # type: ignore[arg-type]
    ref_s = time.perf_counter() - t0
    ref = args.ref_paths * a * t / ref_s
    print(f"model: {a} allies x {t} years, persistent correlated GDP errors ({a} normals a "
          "year) + execution")
    print(f"engine    (numpy, {args.paths:>9,} paths): {eng:>14,.0f} cells/s  ({eng_s:.2f} s)")
    print(f"reference (plain Python, {args.ref_paths:>5,} paths): {ref:>14,.0f} cells/s  "
          f"({ref_s:.2f} s)")  # fmt: skip
    print(f"ratio engine / reference: {eng / ref:,.0f}x")
    if args.no_memory:
        return
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(args.memory_paths)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    m = json.loads(out.stdout.strip().splitlines()[-1])
    cells = args.memory_paths * a * t
    print(
        f"peak memory at {args.memory_paths:,} paths x {a} allies x {t} years "
        f"({cells:,} cells, {m['seconds']:.1f} s, {cells / m['seconds']:,.0f} cells/s):"
    )
    print(f"  tracemalloc peak during the simulation: {m['tracemalloc_peak'] / 2**20:,.1f} MiB")
    print(f"  process max RSS: {m['maxrss_kib'] / 1024:,.1f} MiB "
          f"(of which {m['maxrss_kib_before'] / 1024:,.1f} MiB before the simulation: "
          "interpreter, pandas, data)")  # fmt: skip
    print(f"  under 1 GiB: {'yes' if m['maxrss_kib'] * 1024 < 2**30 else 'NO'}")


if __name__ == "__main__":
    main()
