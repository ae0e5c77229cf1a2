"""The Monte Carlo engine: convergence, monotonicity, reproducibility, bounded memory."""

from __future__ import annotations

import itertools
import tracemalloc
from dataclasses import replace as dataclass_replace

import numpy as np
import pytest
from benchmarks.reference_simulation import reference_simulate
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.targets import simulation as sim
from burdenshare.targets.errors import TargetsError

A, T = 3, 6
YEARS = tuple(range(2027, 2027 + T))


def _inputs(
    plan_growth: float = 0.05,
    sd: float = 0.02,
    corr: float = 0.5,
    execution_sd: float = 0.0,
    thresholds: dict[str, np.ndarray] | None = None,
) -> sim.SimulationInputs:
    base = np.array([1000.0, 500.0, 80.0])
    start_share = np.array([2.0, 2.6, 1.6])  # percent of base GDP
    plan0 = start_share / 100 * base * 1000  # millions
    plan = plan0[:, None] * (1 + plan_growth) ** np.arange(1, T + 1)[None, :]
    r = np.full((A, A), corr)
    np.fill_diagonal(r, 1.0)
    errors = sim.GdpErrors(np.full(A, sd), np.zeros(A), rho=0.4, correlation=r)
    return sim.SimulationInputs(
        allies=("AAA", "BBB", "CCC"),
        years=YEARS,
        base_gdp=base,
        real_growth=np.full((A, T), 0.015),
        inflation=np.full((A, T), 0.02),
        plan=plan,
        errors=errors,
        thresholds=thresholds if thresholds is not None else {"target": np.array(2.5)},
        execution_sd=execution_sd,
    )


def test_zero_variance_gives_the_deterministic_path_exactly() -> None:
    inp = _inputs(sd=0.0, thresholds={"target": np.array(2.5), "low": np.array(1.0)})
    r = sim.simulate(inp, 5000, seed=3, chunk_size=1000)
    det = sim.deterministic_shares(inp)
    for q in range(len(r.quantile_levels)):
        np.testing.assert_allclose(r.quantiles[q], det, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.mean, det, rtol=1e-12)
    np.testing.assert_array_equal(r.probabilities["target"], (det >= 2.5).astype(float))
    np.testing.assert_array_equal(r.probabilities["low"], np.ones((A, T)))


def test_deterministic_path_by_hand() -> None:
    inp = _inputs(sd=0.0)
    det = sim.deterministic_shares(inp)
    # ally AAA, first year: 20,000 × 1.05 / (1,000 × 1.015 × 1.02) bn → percent
    assert det[0, 0] == pytest.approx(20_000 * 1.05 / (1000 * 1.015 * 1.02 * 1000) * 100)


def test_quantiles_and_probabilities_converge_as_variance_shrinks() -> None:
    base = _inputs(sd=0.02)
    det = sim.deterministic_shares(base)
    expected_p = (det >= 2.5).astype(float)
    errors, p_errors = [], []
    for scale in (1.0, 1e-2, 1e-4, 1e-6, 0.0):
        r = sim.simulate(base.scaled(scale), 4000, seed=11)
        errors.append(float(np.abs(r.quantiles - det[None]).max()))
        p_errors.append(float(np.abs(r.probabilities["target"] - expected_p).max()))
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(errors)), errors
    assert errors[0] > 0.05  # real spread at full variance
    assert errors[3] < 0.01  # sd 2e-5: within the histogram resolution
    assert errors[-1] == pytest.approx(0.0, abs=1e-12)
    assert p_errors[-1] == 0.0 and p_errors[-2] == 0.0


@settings(max_examples=40, deadline=None)
@given(
    g1=st.floats(min_value=-0.05, max_value=0.15),
    dg=st.floats(min_value=0.0, max_value=0.1),
    seed=st.integers(min_value=0, max_value=10_000),
    threshold=st.floats(min_value=1.0, max_value=4.0),
)
def test_probability_never_falls_when_plan_growth_rises(
    g1: float, dg: float, seed: int, threshold: float
) -> None:
    thr = {"t": np.array(threshold)}
    lo = sim.simulate(_inputs(g1, execution_sd=0.05, thresholds=thr), 400, seed=seed)
    hi = sim.simulate(_inputs(g1 + dg, execution_sd=0.05, thresholds=thr), 400, seed=seed)
    assert np.all(hi.probabilities["t"] >= lo.probabilities["t"])
    assert np.all(hi.quantiles >= lo.quantiles - 1e-12)


def test_reproducible_with_a_seed() -> None:
    inp = _inputs(execution_sd=0.03)
    a = sim.simulate(inp, 3000, seed=42, chunk_size=700)
    b = sim.simulate(inp, 3000, seed=42, chunk_size=700)
    c = sim.simulate(inp, 3000, seed=43, chunk_size=700)
    np.testing.assert_array_equal(a.quantiles, b.quantiles)
    np.testing.assert_array_equal(a.probabilities["target"], b.probabilities["target"])
    assert not np.array_equal(a.mean, c.mean)


def test_progress_reports_every_chunk() -> None:
    seen: list[tuple[int, int]] = []
    sim.simulate(
        _inputs(), 2500, seed=1, chunk_size=1000, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_memory_is_bounded_by_the_chunk_not_the_paths() -> None:
    inp = _inputs()

    def peak(n: int) -> int:
        tracemalloc.start()
        sim.simulate(inp, n, seed=1, chunk_size=2048)
        _, p = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return p

    small, large = peak(4096), peak(40_960)
    assert large < 1.5 * small + 200_000, (small, large)


def test_engine_agrees_with_the_plain_python_reference() -> None:
    inp = _inputs(sd=0.015, execution_sd=0.03)
    n_ref = 2000
    ref = reference_simulate(inp, n_ref, seed=5)
    eng = sim.simulate(inp, 100_000, seed=5)
    p_ref = np.array(ref["probabilities"]["target"])
    p_eng = eng.probabilities["target"]
    # binomial standard error of the reference's estimate, 4 sigma (plus a floor)
    se = np.sqrt(np.clip(p_eng * (1 - p_eng), 1e-4, None) / n_ref)
    assert np.all(np.abs(p_ref - p_eng) <= 4 * se + 0.01)
    np.testing.assert_allclose(np.array(ref["mean"]), eng.mean, rtol=5e-3)
    np.testing.assert_allclose(np.array(ref["quantiles"]), eng.quantiles, rtol=0.01)
    g_ref, g_eng = ref["group"], eng.group
    np.testing.assert_allclose(np.array(g_ref["quantiles"]), g_eng["quantiles"], rtol=0.01)
    np.testing.assert_allclose(g_ref["mean"], g_eng["mean"], rtol=5e-3)
    for key in ("p_target", "p_all_target"):
        p = np.asarray(g_eng[key])
        se = np.sqrt(np.clip(p * (1 - p), 1e-4, None) / n_ref)
        assert np.all(np.abs(np.asarray(g_ref[key]) - p) <= 4 * se + 0.01), key
    np.testing.assert_allclose(g_ref["n_target"], g_eng["n_target"], atol=0.1)


def test_metrics_d2_worked_example() -> None:
    """METRICS.md D2: plan +6%/yr from 20, GDP 1,000 with nominal growth ~ N(3.5%, 2%).

    Published (seed 1, 100,000 paths): year-10 quantiles 2.30, 2.44, 2.54, 2.65, 2.81 %;
    P(ratio ≥ 2.5%) ≈ 0.61. Different generator, so within Monte Carlo error.
    """
    t = 10
    inp = sim.SimulationInputs(
        allies=("X",),
        years=tuple(range(1, t + 1)),
        base_gdp=np.array([1000.0]),
        real_growth=np.full((1, t), 0.035),
        inflation=np.zeros((1, t)),
        plan=np.array([[20_000 * 1.06**k for k in range(1, t + 1)]]),
        # growth ~ N(3.5%, 2 points): the growth factor 1.035 has a relative s.d. of
        # 0.02 / 1.035, the s.d. of its log; independent years (rho 0)
        errors=sim.GdpErrors(np.array([0.02 / 1.035]), np.zeros(1)),
        thresholds={"t": np.array(2.5)},
    )
    r = sim.simulate(inp, 100_000, seed=1)
    q = r.quantiles[:, 0, -1]
    np.testing.assert_allclose(q, [2.30, 2.44, 2.54, 2.65, 2.81], atol=0.015)
    assert r.probabilities["t"][0, -1] == pytest.approx(0.61, abs=0.01)


def test_error_correlation_matches_numpy() -> None:
    """The correlation across allies of the IMF's errors (the engine's, replacing the sample
    covariance of realised growth): uncentred, pairwise, shrunk, as computed by hand."""
    import pandas as pd

    from burdenshare.targets import uncertainty as u

    rng = np.random.default_rng(0)
    rows = []
    for y in range(2000, 2020):
        common = rng.normal()
        for iso, k in (("AAA", 1.0), ("BBB", 0.5)):
            rows.append({"edition": f"WEO-{y}-10", "season": "F", "iso3": iso, "year": y + 1,
                         "k": 1.0, "error_pct": k * common + rng.normal(scale=0.3)})  # fmt: skip
    e = pd.DataFrame(rows)
    x = np.column_stack([e[e.iso3 == a]["error_pct"].to_numpy() for a in ("AAA", "BBB")])
    by_hand = (x[:, 0] @ x[:, 1]) / np.sqrt((x[:, 0] @ x[:, 0]) * (x[:, 1] @ x[:, 1]))
    full = u.error_correlation(e, ["AAA", "BBB"], shrinkage=0.0)
    assert full[0, 1] == pytest.approx(by_hand, rel=1e-12) and by_hand > 0.8
    half = u.error_correlation(e, ["AAA", "BBB"], shrinkage=0.5)
    assert half[0, 1] == pytest.approx(by_hand / 2, rel=1e-12)
    np.testing.assert_allclose(np.diag(half), 1.0)
    assert np.linalg.eigvalsh(half).min() > 0
    # years left out of the estimate are left out of the correlation too
    late = u.error_correlation(e, ["AAA", "BBB"], shrinkage=0.0, exclude_years=range(2001, 2011))
    xl = x[10:]
    assert late[0, 1] == pytest.approx(
        (xl[:, 0] @ xl[:, 1]) / np.sqrt((xl[:, 0] @ xl[:, 0]) * (xl[:, 1] @ xl[:, 1])))


def test_persistent_errors_give_the_calibrated_level_spread() -> None:
    """The engine's GDP level error in each year has the s.d. of the calibrated model
    (``σ0² + σ² S(H, ρ)``, uncertainty.ErrorModel.level_sd_pct), independent years would be
    narrower: persistence across years is drawn, not assumed away."""
    t = 8
    errors = sim.GdpErrors(np.array([0.03]), np.array([0.006]), rho=0.36, first_horizon=2)
    inp = sim.SimulationInputs(
        allies=("X",), years=tuple(range(2027, 2027 + t)), base_gdp=np.array([1000.0]),
        real_growth=np.zeros((1, t)), inflation=np.zeros((1, t)),
        plan=np.full((1, t), 20_000.0), errors=errors, thresholds={"t": np.array(2.0)},
    )  # fmt: skip
    r = sim.simulate(inp, 200_000, seed=3, resolution=0.001)
    # the share is 2% × exp(−L): its median is 2% and P(share ≥ 2%) = 1/2 every year
    np.testing.assert_allclose(r.probabilities["t"], 0.5, atol=0.005)
    for j in range(t):
        sd = float(errors.level_sd(2 + j)[0])
        # the 95% quantile of 2 exp(−L) is 2 exp(1.6449 sd)
        assert r.quantiles[4][0, j] == pytest.approx(2 * np.exp(1.644854 * sd), rel=0.01), j
    independent = float(np.sqrt(0.006**2 + 0.03**2 * (2 + t - 1)))
    assert float(errors.level_sd(2 + t - 1)[0]) > 1.3 * independent


def test_bad_inputs_are_named() -> None:
    inp = _inputs()
    with pytest.raises(TargetsError, match=r"plan has shape \(3, 5\), expected \(3, 6\)"):
        sim.SimulationInputs(inp.allies, inp.years, inp.base_gdp, inp.real_growth,
                             inp.inflation, inp.plan[:, :5], inp.errors)  # fmt: skip
    with pytest.raises(TargetsError, match="at least 1"):
        sim.simulate(inp, 0)
    bad = np.array(inp.errors.correlation, dtype=float)
    bad[0, 1] = bad[1, 0] = 2.0
    with pytest.raises(TargetsError, match="not positive semi-definite"):
        sim.simulate(dataclass_replace(inp, errors=dataclass_replace(inp.errors,
                                                                     correlation=bad)), 10)
    with pytest.raises(TargetsError, match="sigma has shape"):
        dataclass_replace(inp, errors=sim.GdpErrors(np.zeros(2), np.zeros(3)))
    with pytest.raises(TargetsError, match="rho"):
        sim.GdpErrors(np.zeros(3), np.zeros(3), rho=1.0)


def _twins(corr: float) -> sim.SimulationInputs:
    """Two identical allies whose central path sits exactly on the threshold in year 1."""
    r = np.array([[1.0, corr], [corr, 1.0]])
    errors = sim.GdpErrors(np.full(2, 0.02), np.zeros(2), correlation=r)
    plan = np.array([[20_000 * 1.03], [20_000 * 1.03]])
    return sim.SimulationInputs(
        allies=("AAA", "BBB"), years=(2027,), base_gdp=np.array([1000.0, 1000.0]),
        real_growth=np.full((2, 1), 0.03), inflation=np.zeros((2, 1)), plan=plan,
        errors=errors, thresholds={"t": np.array(2.0)},
    )  # fmt: skip


def test_correlation_changes_the_joint_outputs_not_the_marginals() -> None:
    ind = sim.simulate(_twins(0.0), 200_000, seed=2)
    dep = sim.simulate(_twins(1.0), 200_000, seed=2)
    # each ally alone: P(share >= 2%) = P(growth shock <= 0) = 1/2 either way
    np.testing.assert_allclose(ind.probabilities["t"], 0.5, atol=0.005)
    np.testing.assert_allclose(dep.probabilities["t"], 0.5, atol=0.005)
    # both together: 1/4 when independent, 1/2 when perfectly correlated
    assert ind.group["p_all_t"][0] == pytest.approx(0.25, abs=0.005)
    assert dep.group["p_all_t"][0] == pytest.approx(0.5, abs=0.005)
    assert ind.group["n_t"][0] == pytest.approx(1.0, abs=0.01)
    # the group share is the GDP-weighted mean of the two: spread shrinks without correlation
    spread = lambda r: r.group["quantiles"][-1][0] - r.group["quantiles"][0][0]  # noqa: E731
    assert spread(ind) < 0.8 * spread(dep)


def test_group_share_is_gdp_weighted_in_a_common_currency() -> None:
    inp = dataclass_replace(_inputs(sd=0.0), usd_per_nc=np.array([1.0, 0.5, 2.0]))
    r = sim.simulate(inp, 100, seed=1)
    det = sim.deterministic_shares(inp)
    gdp = inp.base_gdp[:, None] * np.cumprod((1 + inp.real_growth) * (1 + inp.inflation), axis=1)
    w = inp.weights[:, None]
    expected = (det * gdp * w).sum(0) / (gdp * w).sum(0)
    np.testing.assert_allclose(r.group["quantiles"][2], expected, rtol=1e-12)
    np.testing.assert_allclose(r.group["deterministic"], expected, rtol=1e-12)
    frame = r.group_frame()
    assert frame["iso3"].eq("GROUP").all() and len(frame) == T
    assert {"p_target", "p_all_target", "n_target"} <= set(frame.columns)


def test_chunk_size_changes_the_draws_not_the_estimate() -> None:
    """Documented behaviour: for one seed the draws depend on the chunk size (a run is
    reproduced by seed and chunk size); the estimates agree within Monte Carlo error."""
    inp = _inputs(execution_sd=0.03)
    n = 20_000
    a = sim.simulate(inp, n, seed=42, chunk_size=700)
    b = sim.simulate(inp, n, seed=42, chunk_size=4096)
    assert not np.array_equal(a.mean, b.mean)
    pa, pb = a.probabilities["target"], b.probabilities["target"]
    se = np.sqrt(np.clip(pa * (1 - pa), 1e-4, None) * 2 / n)
    assert np.all(np.abs(pa - pb) <= 4 * se + 1e-3)
    np.testing.assert_allclose(a.quantiles, b.quantiles, rtol=5e-3)
