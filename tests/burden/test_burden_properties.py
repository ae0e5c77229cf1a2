"""Property tests: the statistics against scipy and against independent brute force.

Small integer values make ties (and constant columns) frequent on purpose.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from burdenshare import burden as bd

SETTINGS = settings(max_examples=80, deadline=None)


@st.composite
def paired(
    draw: st.DrawFn, k: int = 2, min_n: int = 3, max_n: int = 8, hi: int = 5
) -> list[list[int]]:
    n = draw(st.integers(min_n, max_n))
    return [draw(st.lists(st.integers(0, hi), min_size=n, max_size=n)) for _ in range(k)]


def _constant(*cols: list[int]) -> bool:
    return any(len(set(c)) == 1 for c in cols)


@SETTINGS
@given(paired(max_n=12))
def test_spearman_is_pearson_of_average_ranks(xy: list[list[int]]) -> None:
    x, y = xy
    r = bd.spearman(x, y)
    if _constant(x, y):
        assert math.isnan(r.estimate) and math.isnan(r.p_one_sided)
        return
    expected = np.corrcoef(stats.rankdata(x), stats.rankdata(y))[0, 1]
    assert r.estimate == pytest.approx(expected, abs=1e-12)
    sc = stats.spearmanr(x, y)
    assert r.p_two_sided == pytest.approx(sc.pvalue, rel=1e-9, abs=1e-15)
    n = len(x)
    if abs(expected) < 1:
        t = expected * math.sqrt((n - 2) / (1 - expected**2))
        assert r.p_one_sided == pytest.approx(stats.t.sf(t, n - 2), rel=1e-9, abs=1e-15)


@SETTINGS
@given(paired(max_n=6))
def test_exact_permutation_p_matches_brute_force(xy: list[list[int]]) -> None:
    x, y = xy
    assume(not _constant(x, y))
    r = bd.spearman_permutation(x, y)
    assert r.p_method == "exact permutation"
    rx = stats.rankdata(x)
    observed = np.corrcoef(rx, stats.rankdata(y))[0, 1]
    null = [
        np.corrcoef(rx, stats.rankdata([y[i] for i in perm]))[0, 1]
        for perm in itertools.permutations(range(len(y)))
    ]
    null_arr = np.array(null)
    greater = float(np.mean(null_arr >= observed - 1e-9))
    less = float(np.mean(null_arr <= observed + 1e-9))
    assert r.p_one_sided == pytest.approx(greater, abs=1e-12)
    assert r.p_two_sided == pytest.approx(min(1.0, 2 * min(greater, less)), abs=1e-12)


def test_permutation_uses_monte_carlo_when_n_factorial_is_large() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=12), rng.normal(size=12)
    a = bd.spearman_permutation(x, y, n_resamples=999, seed=5)
    b = bd.spearman_permutation(x, y, n_resamples=999, seed=5)
    assert a.p_method == "Monte Carlo permutation (999 resamples, seed 5)"
    assert a == b  # reproducible
    assert a.p_one_sided == pytest.approx(bd.spearman(x, y).p_one_sided, abs=0.06)


def _tau_b_by_hand(x: list[int], y: list[int]) -> float:
    n = len(x)
    c = d = 0
    for i, j in itertools.combinations(range(n), 2):
        s = (x[i] - x[j]) * (y[i] - y[j])
        c += s > 0
        d += s < 0
    n0 = n * (n - 1) / 2
    n1 = sum(t * (t - 1) / 2 for t in pd.Series(x).value_counts())
    n2 = sum(t * (t - 1) / 2 for t in pd.Series(y).value_counts())
    return (c - d) / math.sqrt((n0 - n1) * (n0 - n2))


@SETTINGS
@given(paired(max_n=12))
def test_kendall_tau_b_matches_pair_count_with_ties(xy: list[list[int]]) -> None:
    x, y = xy
    r = bd.kendall_tau_b(x, y)
    if _constant(x, y):
        assert math.isnan(r.estimate)
        return
    assert r.estimate == pytest.approx(_tau_b_by_hand(x, y), abs=1e-12)
    ties = len(set(x)) < len(x) or len(set(y)) < len(y)
    assert r.p_method == ("asymptotic (ties present)" if ties else "exact")
    sc = stats.kendalltau(x, y)
    assert r.p_two_sided == pytest.approx(sc.pvalue, rel=1e-9, abs=1e-15)


@SETTINGS
@given(st.integers(3, 6), st.randoms(use_true_random=False))
def test_kendall_exact_p_matches_enumeration(n: int, rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    x = list(range(n))
    y = rnd.sample(range(n), n)
    r = bd.kendall_tau_b(x, y)
    null = np.array([_tau_b_by_hand(x, list(p)) for p in itertools.permutations(range(n))])
    assert r.p_one_sided == pytest.approx(float(np.mean(null >= r.estimate - 1e-9)), abs=1e-12)
    assert r.p_two_sided == pytest.approx(
        float(np.mean(np.abs(null) >= abs(r.estimate) - 1e-9)), abs=1e-12
    )


def _residual_partial(x: list[int], y: list[int], z: list[int]) -> float:
    rx, ry, rz = (stats.rankdata(v) for v in (x, y, z))
    design = np.column_stack([np.ones(len(rz)), rz])
    ex = rx - design @ np.linalg.lstsq(design, rx, rcond=None)[0]
    ey = ry - design @ np.linalg.lstsq(design, ry, rcond=None)[0]
    return float(stats.pearsonr(ex, ey).statistic)


@SETTINGS
@given(paired(k=3, min_n=4, max_n=10))
def test_partial_spearman_equals_correlation_of_rank_residuals(xyz: list[list[int]]) -> None:
    x, y, z = xyz
    r = bd.partial_spearman(x, y, z, "z")
    if _constant(x, y, z):
        assert math.isnan(r.estimate)
        return
    r13 = stats.spearmanr(x, z).statistic
    r23 = stats.spearmanr(y, z).statistic
    assume(abs(r13) < 1 - 1e-9 and abs(r23) < 1 - 1e-9)
    rx, ry, rz = (stats.rankdata(v) for v in (x, y, z))
    ex = rx - np.polyval(np.polyfit(rz, rx, 1), rz)
    ey = ry - np.polyval(np.polyfit(rz, ry, 1), rz)
    assume(np.ptp(ex) > 1e-9 and np.ptp(ey) > 1e-9)
    assert r.estimate == pytest.approx(_residual_partial(x, y, z), abs=1e-9)
    df = len(x) - 3
    if abs(r.estimate) < 1 - 1e-12:
        t = r.estimate * math.sqrt(df / (1 - r.estimate**2))
        assert r.p_two_sided == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-9, abs=1e-15)
    assert r.controls == ("z",)


def test_rank_tests_reject_bad_input() -> None:
    with pytest.raises(bd.BurdenInputError, match="at least 3"):
        bd.spearman([1, 2], [2, 1])
    with pytest.raises(bd.BurdenInputError, match="equal length"):
        bd.kendall_tau_b([1, 2, 3], [1, 2])
    with pytest.raises(bd.BurdenInputError, match="NaN"):
        bd.spearman([1, 2, float("nan")], [1, 2, 3])


# ----------------------------------------------------------------------- fair shares

money = st.floats(0.5, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def alliance(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(2, 10))
    return pd.DataFrame(
        {
            "iso3": [f"A{i:02d}" for i in range(n)],
            "year": 2024,
            "basis": "usd_current",
            "spending_usd_mn": draw(st.lists(money, min_size=n, max_size=n)),
            "gdp_usd_bn": draw(st.lists(money, min_size=n, max_size=n)),
            "population_mn": draw(st.lists(money, min_size=n, max_size=n)),
        }
    )


@SETTINGS
@given(alliance(), st.randoms(use_true_random=False))
def test_fair_share_identities_and_order(frame: pd.DataFrame, rnd: object) -> None:
    f = bd.fair_share(frame, 2024)
    assert f["spending_share_pct"].sum() == pytest.approx(100.0)
    assert f["gdp_share_pct"].sum() == pytest.approx(100.0)
    scale = frame["spending_usd_mn"].sum()
    assert f["fair_share_gap_usd_mn"].sum() == pytest.approx(0.0, abs=1e-9 * scale)
    # R = b_i / B with B the GDP-weighted alliance burden
    ratio_b = f["burden_pct_computed"] / f.attrs["alliance_burden_pct"]
    assert np.allclose(f["burden_sharing_ratio"], ratio_b, rtol=1e-9)
    assert all(f["band"] == [bd.classify_ratio(r) for r in f["burden_sharing_ratio"]])
    shuffled = frame.sample(frac=1.0, random_state=rnd.randint(0, 10_000))  # type: ignore[attr-defined]
    g = bd.fair_share(shuffled, 2024)
    pd.testing.assert_frame_equal(
        f.set_index("iso3").sort_index(), g.set_index("iso3").sort_index(), rtol=1e-12
    )


@SETTINGS
@given(st.floats(0.1, 10), st.floats(-0.5, 1.0), st.floats(-0.5, 1.0))
def test_decomposition_adds_up(b0: float, g_me: float, g_y: float) -> None:
    c = bd.decompose(b0, g_me, g_y)
    assert c.spending_effect_pp + c.gdp_effect_pp == pytest.approx(c.change_pp, abs=1e-12)
    assert c.burden_after_pct == pytest.approx(b0 * (1 + g_me) / (1 + g_y), rel=1e-12)


def test_decomposition_rejects_gdp_collapse() -> None:
    with pytest.raises(bd.BurdenInputError, match="above -100%"):
        bd.decompose(2.0, 0.0, -1.0)


# ----------------------------------------------------------------------- three-Cs index

MEAN_INDICATORS = (
    bd.Indicator("cash_x", "cash", "mean", "cash indicator"),
    bd.Indicator("cap_x", "capabilities", "mean", "capabilities indicator"),
    bd.Indicator("con_x", "contributions", "mean", "contributions indicator"),
)
value = st.floats(0, 100, allow_nan=False)
weight = st.floats(0, 10, allow_nan=False)


@st.composite
def index_values(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(3, 9))
    data = {"iso3": [f"C{i:02d}" for i in range(n)]}
    for ind in MEAN_INDICATORS:
        data[ind.name] = draw(st.lists(value, min_size=n, max_size=n))
    return pd.DataFrame(data)


@st.composite
def weights(draw: st.DrawFn) -> dict[str, float]:
    w = {c: draw(weight) for c in bd.COMPONENTS}
    assume(sum(w.values()) > 1e-6)
    return w


@SETTINGS
@given(index_values(), weights(), st.randoms(use_true_random=False))
def test_index_is_invariant_to_the_order_of_allies(
    values: pd.DataFrame, w: dict[str, float], rnd: object
) -> None:
    a = bd.three_cs(values, w, MEAN_INDICATORS)
    shuffled = values.sample(frac=1.0, random_state=rnd.randint(0, 10_000))  # type: ignore[attr-defined]
    b = bd.three_cs(shuffled, w, MEAN_INDICATORS)
    pd.testing.assert_frame_equal(
        a.set_index("iso3").sort_index(),
        b.set_index("iso3").sort_index(),
        rtol=1e-9,
        atol=1e-12,
    )
    assert a.attrs["weights_used"] == b.attrs["weights_used"]


@SETTINGS
@given(index_values(), weights(), st.data())
def test_index_is_monotone_in_each_component(
    values: pd.DataFrame, w: dict[str, float], data: st.DataObject
) -> None:
    ally = data.draw(st.sampled_from(list(values["iso3"])))
    ind = data.draw(st.sampled_from(MEAN_INDICATORS))
    step = data.draw(st.floats(0.01, 50))
    before = bd.three_cs(values, w, MEAN_INDICATORS).set_index("iso3").loc[ally]
    raised = values.copy()
    raised.loc[raised["iso3"] == ally, ind.name] += step
    after = bd.three_cs(raised, w, MEAN_INDICATORS).set_index("iso3").loc[ally]
    comp = f"{ind.component}_score"
    assert after[comp] >= before[comp] - 1e-12
    assert after["composite"] >= before["composite"] - 1e-12
    others = values.loc[values["iso3"] != ally, ind.name]
    # strictly, when the other allies differ (see index.py); a spread of 1e-7 saturates z
    # below floating-point resolution, so require a visible one
    if others.std(ddof=0) > 0.1:
        assert after[comp] > before[comp]


@SETTINGS
@given(st.lists(st.floats(0, 100), min_size=3, max_size=9), st.floats(0, 100), st.data())
def test_target_referenced_z_is_monotone_inside_the_documented_region(
    xs: list[float], target: float, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(xs) - 1))
    step = data.draw(st.floats(0.01, 20))
    others = np.array(xs[:i] + xs[i + 1 :])
    n, m, s2 = len(xs), float(others.mean()), float(others.var())
    for x_i in (xs[i], xs[i] + step):
        assume((x_i - m) * (m - target) < n * s2)  # d (m - T) < n s^2
    assume(s2 > 1e-6)
    before = bd.standardise(pd.Series(xs), target).iloc[i]
    raised = list(xs)
    raised[i] += step
    after = bd.standardise(pd.Series(raised), target).iloc[i]
    assert after >= before - 1e-12


def test_target_referenced_z_can_fall_outside_that_region() -> None:
    # documented caveat: others at 0 (no spread), target -100, ally far above
    z1 = bd.standardise(pd.Series([0.0, 0.0, 0.0, 10.0]), -100.0).iloc[3]
    z2 = bd.standardise(pd.Series([0.0, 0.0, 0.0, 20.0]), -100.0).iloc[3]
    assert z2 < z1


def test_index_lists_missing_inputs_and_renormalises() -> None:
    values = pd.DataFrame(
        {"iso3": ["A", "B", "C"], "burden_pct": [2.5, 2.0, 1.5], "efp_battlegroups": [0, 1, 2]}
    )
    t = bd.three_cs(
        values,
        {"cash": 0.5, "capabilities": 0.25, "contributions": 0.25},
        missing_reasons={"readiness_vs_fair_share": "no ledger"},
    )
    missing = t.attrs["missing_inputs"]
    assert "capabilities: readiness_vs_fair_share (no ledger)" in missing
    assert any(m.startswith("cash: equipment_share_pct") for m in missing)
    assert any(m.startswith("contributions: common_funding_vs_formula") for m in missing)
    assert t.attrs["weights_used"] == pytest.approx({"cash": 2 / 3, "contributions": 1 / 3})
    assert t["capabilities_score"].isna().all()
    row = t.set_index("iso3").loc["A"]
    assert row["composite"] == pytest.approx(
        2 / 3 * row["cash_score"] + 1 / 3 * row["contributions_score"]
    )


def test_index_per_ally_gap_is_shown_not_filled() -> None:
    values = pd.DataFrame(
        {
            "iso3": ["A", "B", "C"],
            "burden_pct": [2.5, 2.0, 1.5],
            "efp_battlegroups": [0, 1, 2],
            "common_funding_vs_formula": [1.2, None, 0.8],
        }
    )
    t = bd.three_cs(values).set_index("iso3")
    assert t.loc["B", "missing"] == "common_funding_vs_formula"
    assert t.loc["A", "missing"] == ""
    assert math.isnan(t.loc["B", "z_common_funding_vs_formula"])
    # B's contributions score rests on its one indicator with data
    assert t.loc["B", "contributions_score"] == pytest.approx(t.loc["B", "z_efp_battlegroups"])


@pytest.mark.parametrize(
    ("weights_", "message"),
    [
        ({"cash": -1.0}, "non-negative"),
        ({"cash": 0.0, "contributions": 0.0}, "sum to more than zero"),
        ({"money": 1.0}, "unknown weight 'money'; accepted: cash, capabilities, contributions"),
        ({"cash": float("nan")}, "non-negative"),
        ({"cash": "a lot"}, "not a number"),
    ],
)
def test_weights_are_validated(weights_: dict[str, object], message: str) -> None:
    with pytest.raises(bd.WeightsError, match=message):
        bd.check_weights(weights_, bd.COMPONENTS)  # type: ignore[arg-type]


def test_parse_weights() -> None:
    assert bd.parse_weights("cash=0.5,capabilities=0.25,contributions=0.25") == {
        "cash": 0.5,
        "capabilities": 0.25,
        "contributions": 0.25,
    }
    with pytest.raises(bd.WeightsError, match="not name=number"):
        bd.parse_weights("cash")
    with pytest.raises(bd.WeightsError, match="'x' is not a number"):
        bd.parse_weights("cash=x")


def test_only_capabilities_weighted_is_an_error() -> None:
    values = pd.DataFrame({"iso3": ["A", "B", "C"], "burden_pct": [2.5, 2.0, 1.5]})
    with pytest.raises(bd.BurdenInputError, match="every component with a positive weight"):
        bd.three_cs(values, {"capabilities": 1.0})


# ----------------------------------------------------------------------- A6 concordance


@SETTINGS
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=9))
def test_concordance_matches_sign_enumeration_and_scipy(diffs: list[int]) -> None:
    """W+ and W- by hand; the exact p by enumerating every assignment of signs."""
    d = np.array(diffs, dtype=float) / 100
    m = np.full(len(d), 0.5) + d
    beta = np.full(len(d), 0.5)
    c = bd.concordance(m, beta)
    nz = d[d != 0]
    assert c.n == len(nz)
    if c.n == 0:
        assert c.p_two_sided == 1.0
        return
    ranks = stats.rankdata(np.abs(nz))
    assert c.w_plus == ranks[nz > 0].sum()
    assert c.w_minus == ranks[nz < 0].sum()
    assert c.w_plus + c.w_minus == c.n * (c.n + 1) / 2
    ties = len(set(np.abs(nz))) < len(nz)
    if ties:
        assert c.p_method == "normal approximation (tied |d|)"
        expected = stats.wilcoxon(nz, method="asymptotic").pvalue
        assert c.p_two_sided == pytest.approx(expected, rel=1e-9)
        return
    assert c.p_method == "exact"
    totals = [
        sum(r for r, s in zip(ranks, signs, strict=True) if s)
        for signs in itertools.product((False, True), repeat=c.n)
    ]
    null = np.array(totals)
    low = float(np.mean(null <= min(c.w_plus, c.w_minus) + 1e-9))
    assert c.p_two_sided == pytest.approx(min(1.0, 2 * low), abs=1e-12)


def test_measures_reject_bad_input() -> None:
    with pytest.raises(bd.BurdenInputError, match="same order"):
        bd.concordance([0.5, 0.5], [1.0])
    with pytest.raises(bd.BurdenInputError, match="NaN"):
        bd.deployment_rate([float("nan")], [10.0])
    with pytest.raises(bd.BurdenInputError, match="theta"):
        bd.progressive_ratio([1.0], [1.0], [1.0], theta=-1)
    with pytest.raises(bd.BurdenInputError, match="unknown proxies: area"):
        bd.benefit_shares({"gdp": [1.0, 2.0]}, {"area": 1.0})


def test_importing_burden_does_not_import_scipy_until_a_rank_test_runs() -> None:
    import subprocess
    import sys

    code = (
        "import sys, burdenshare.burden as b, burdenshare.api.burden; "
        "before = 'scipy' in sys.modules; b.spearman([1, 2, 3], [1, 3, 2]); "
        "print(before, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"
