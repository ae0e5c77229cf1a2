"""The worked examples of METRICS.md (sections A, B, C5, E, F), reproduced exactly.

Every expected number is printed in METRICS.md (made-up inputs there) and recomputed by
the shared ``check_examples.py``; none is copied from this package's output.

A7 and A8 (regressions) have no arithmetic example; section D is the targets area's.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from burdenshare import burden as bd

GDP = [1000, 400, 300, 100, 50]
BURDEN = [3.0, 2.0, 2.5, 1.0, 1.5]


def test_a1_defence_burden() -> None:
    # ME = 20, Y = 1,000 -> b = 2.0 % (US$ 20 mn of a US$ 1 bn GDP)
    one = pd.DataFrame(
        {"iso3": ["A"], "year": 2020, "basis": "usd_current", "spending_usd_mn": [20.0],
         "gdp_usd_bn": [1.0]}
    )  # fmt: skip
    assert bd.fair_share(one, 2020)["burden_pct_computed"].iloc[0] == pytest.approx(2.0)


def test_a2_spearman_rho_and_t_approximation() -> None:
    r = bd.spearman(GDP, BURDEN)
    assert r.estimate == pytest.approx(0.80, abs=1e-12)  # 1 - 6*4/(5*24)
    assert round(r.p_one_sided, 3) == 0.052
    assert r.p_method == "t approximation (df 3)"
    # two-sided t p is twice the one-sided one for a positive rho
    assert r.p_two_sided == pytest.approx(2 * r.p_one_sided)


def test_a2_exact_permutation_is_8_of_120() -> None:
    r = bd.spearman_permutation(GDP, BURDEN)
    assert r.p_method == "exact permutation"
    assert r.p_one_sided == pytest.approx(8 / 120, abs=1e-12)
    assert round(r.p_one_sided, 3) == 0.067


def test_a3_kendall_tau_b() -> None:
    r = bd.kendall_tau_b(GDP, BURDEN)
    assert r.estimate == pytest.approx((8 - 2) / 10, abs=1e-12)
    assert r.p_method == "exact"
    assert round(r.p_two_sided, 3) == 0.233


def test_a4_partial_rank_correlation() -> None:
    assert round(bd.partial_from_rhos(0.50, 0.40, 0.60), 3) == 0.355
    expected = (0.50 - 0.24) / math.sqrt(0.84 * 0.64)
    assert bd.partial_from_rhos(0.50, 0.40, 0.60) == pytest.approx(expected, rel=1e-12)


def test_a2_a3_in_the_yearly_table() -> None:
    inputs = pd.DataFrame(
        {"year": 1999, "basis": "usd_current", "gdp_usd_bn": GDP, "burden_pct": BURDEN}
    )
    t = bd.free_riding(inputs)
    by = {
        (s, m): row for s, m, row in zip(t["statistic"], t["p_method"], t.itertuples(), strict=True)
    }
    assert round(by[("spearman", "t approximation (df 3)")].p_one_sided, 3) == 0.052
    assert round(by[("spearman", "exact permutation")].p_one_sided, 3) == 0.067
    assert round(by[("kendall_tau_b", "exact")].p_two_sided, 3) == 0.233
    assert set(t["n_allies"]) == {5}


# B1-B5: ME$ = 30, 15, 5 bn; Y$ = 1000, 1000, 500 bn; POP = 100, 80, 20 m
B_INPUTS = pd.DataFrame(
    {
        "iso3": ["A", "B", "C"],
        "year": 2020,
        "basis": "usd_current",
        "spending_usd_mn": [30_000.0, 15_000.0, 5_000.0],
        "gdp_usd_bn": [1000.0, 1000.0, 500.0],
        "population_mn": [100.0, 80.0, 20.0],
    }
)


@pytest.fixture
def fair() -> pd.DataFrame:
    return bd.fair_share(B_INPUTS, 2020).set_index("iso3").loc[["A", "B", "C"]]


def test_b1_b2_shares(fair: pd.DataFrame) -> None:
    assert fair["spending_share_pct"].tolist() == pytest.approx([60.0, 30.0, 10.0])
    assert fair["gdp_share_pct"].tolist() == pytest.approx([40.0, 40.0, 20.0])


def test_b3_ratio_bands_and_identity(fair: pd.DataFrame) -> None:
    assert fair["burden_sharing_ratio"].tolist() == pytest.approx([1.50, 0.75, 0.50])
    assert fair["band"].tolist() == ["substantial", "very low effort", "very low effort"]
    # identity R = b / B with B = 50/2500 = 2 %: b = 3 %, 1.5 %, 1 %
    assert fair["burden_pct_computed"].tolist() == pytest.approx([3.0, 1.5, 1.0])
    assert fair.attrs["alliance_burden_pct"] == pytest.approx(2.0)


def test_b3_dod_band_edges() -> None:
    assert bd.classify_ratio(1.2) == "substantial"
    assert bd.classify_ratio(1.19) == "in balance"
    assert bd.classify_ratio(0.8) == "in balance"
    assert bd.classify_ratio(0.79) == "very low effort"
    # a ratio that is 1.2 up to floating-point rounding is still "substantial"
    assert bd.classify_ratio(0.6 / 0.5) == "substantial"
    assert bd.classify_ratio(0.6 / 0.5, decimals=None) == "substantial"


@pytest.mark.parametrize(
    ("ratio", "printed_band", "unrounded_band"),
    [
        # The DoD Compendium prints R with two decimals and states its bands as
        # "0.80-1.19" and "1.20 or more": what prints as 1.20 / 0.80 is classed as such.
        (1.197, "substantial", "in balance"),
        (1.195, "substantial", "in balance"),  # round(1.195, 2) == 1.19 in binary
        (1.1949, "in balance", "in balance"),
        (0.7999, "in balance", "very low effort"),
        (0.795, "in balance", "very low effort"),
        (0.7949, "very low effort", "very low effort"),
    ],
)
def test_b3_bands_compare_the_ratio_as_printed(
    ratio: float, printed_band: str, unrounded_band: str
) -> None:
    assert bd.classify_ratio(ratio) == printed_band
    assert bd.classify_ratio(ratio, decimals=None) == unrounded_band


def test_b4_fair_share_gap(fair: pd.DataFrame) -> None:
    # 1000*0.02 - 30 = -10 bn; +5; +5; sum zero
    assert fair["fair_share_gap_usd_mn"].tolist() == pytest.approx([-10_000.0, 5_000.0, 5_000.0])
    assert fair["fair_share_gap_usd_mn"].sum() == pytest.approx(0.0, abs=1e-9)


def test_b5_per_capita(fair: pd.DataFrame) -> None:
    assert fair["per_capita_usd"].tolist() == pytest.approx([300.0, 187.5, 250.0])
    assert fair.attrs["alliance_per_capita_usd"] == pytest.approx(250.0)
    assert fair["per_capita_relative"].tolist() == pytest.approx([1.20, 0.75, 1.00])


def test_b3_ratio_to_unweighted_mean_differs(fair: pd.DataFrame) -> None:
    # unweighted mean of 3, 1.5, 1 is 11/6 %; ratio to it is not R
    assert fair["ratio_to_mean_burden"].tolist() == pytest.approx(
        [3 / (11 / 6), 1.5 / (11 / 6), 1 / (11 / 6)]
    )


def test_b8_composite_example() -> None:
    values = pd.DataFrame({"me_gdp": [2.5, 2.0, 1.5], "equipment": [25.0, 15.0, 22.0]})
    c = bd.composite(
        values, {"me_gdp": "mean", "equipment": 20.0}, {"me_gdp": 0.6, "equipment": 0.4}
    )
    assert c["z_me_gdp"].round(2).tolist() == [1.22, 0.0, -1.22]
    assert c["z_equipment"].round(2).tolist() == [1.19, -1.19, 0.48]
    assert c["index"].round(2).tolist() == [1.21, -0.48, -0.54]


def test_c5_decomposition_example() -> None:
    c = bd.decompose(2.00, 0.05, -0.05)
    assert round(c.burden_after_pct, 2) == 2.21
    assert round(c.change_pp, 2) == 0.21
    assert round(c.spending_effect_pp, 3) == 0.105
    assert round(c.gdp_effect_pp, 3) == 0.105
    assert c.spending_effect_pp + c.gdp_effect_pp == pytest.approx(c.change_pp, abs=1e-15)


def test_c5_panel_matches_scalar() -> None:
    inputs = pd.DataFrame(
        {
            "iso3": "A",
            "year": [2019, 2020],
            "basis": "usd_constant_2021",
            "spending_usd_mn": [20.0, 21.0],
            "gdp_usd_bn": [1.0, 0.95],
        }
    )
    row = bd.decompose_panel(inputs).iloc[0]
    assert row["burden_before_pct"] == pytest.approx(2.0)
    assert row["spending_effect_pp"] == pytest.approx(0.02 * 0.05 / 0.95 * 100)
    assert row["gdp_effect_pp"] == pytest.approx(0.02 * 0.05 / 0.95 * 100)
    assert row["burden_after_pct"] == pytest.approx(21 / 950 * 100)


def test_f_subgroup_share(fair: pd.DataFrame) -> None:
    assert bd.subgroup_share(fair.reset_index(), {"A"}) == pytest.approx(60.0)


def test_f_median_burden_differs_from_the_aggregate(fair: pd.DataFrame) -> None:
    # burdens 3 %, 1.5 %, 1 %: median 1.5 %, unweighted mean 11/6 %, aggregate 2 %
    assert fair.attrs["median_burden_pct"] == pytest.approx(1.5)
    assert fair.attrs["mean_burden_pct"] == pytest.approx(11 / 6)
    assert fair.attrs["alliance_burden_pct"] == pytest.approx(2.0)


def test_e1_cumulative_increase_is_a_running_total_of_excesses() -> None:
    # S = 100 (2016), 104, 108, 113, 118 (2020): extras 4, 8, 13, 18; cumulative
    # 4, 12, 25, 43; the 2016-2020 cumulative increase is 43, the level increase 18.
    from burdenshare.spending import cumulative_increase

    years = [2016, 2017, 2018, 2019, 2020]
    panel = pd.DataFrame(
        {
            "release": "made-up",
            "iso3": "A",
            "year": years,
            "defence_exp_usd_constant_mn": [100.0, 104.0, 108.0, 113.0, 118.0],
        }
    )
    cum = cumulative_increase(panel, {y: {"A"} for y in years}, 2016, 2020)
    assert cum["year"].tolist() == [2017, 2018, 2019, 2020]
    assert cum["extra_usd_constant_mn"].tolist() == [4.0, 8.0, 13.0, 18.0]
    assert cum["cumulative_usd_constant_mn"].tolist() == [4.0, 12.0, 25.0, 43.0]
    level = cum["spending_usd_constant_mn"].iloc[-1] - 100.0
    assert level == 18.0


def test_a5_security_burden() -> None:
    # ME 20, PK 0.5, ODA 4.5, Y 1,000 -> 2.5 % (defence burden alone 2.0 %)
    assert bd.security_burden_pct([20.0], [0.5], [4.5], [1000.0]).tolist() == pytest.approx([2.5])
    assert bd.security_burden_pct([20.0], [0.0], [0.0], [1000.0]).tolist() == pytest.approx([2.0])


def test_a6_benefit_burden_concordance() -> None:
    # m = 0.60/0.30/0.10; GDP 0.40/0.40/0.20 and POP 0.50/0.40/0.10 -> beta 0.45/0.40/0.15;
    # d = +0.15, -0.10, -0.05; ranks of |d| 3, 2, 1; W+ = 3, W- = 3; n = 3 never rejects
    beta = bd.benefit_shares({"gdp": [0.40, 0.40, 0.20], "pop": [0.50, 0.40, 0.10]})
    assert beta.tolist() == pytest.approx([0.45, 0.40, 0.15])
    c = bd.concordance([0.60, 0.30, 0.10], beta)
    assert (c.w_plus, c.w_minus, c.n) == (3.0, 3.0, 3)
    assert c.p_method == "exact"
    assert c.p_two_sided == pytest.approx(1.0)
    # even the most extreme signs give p = 2/8 with three allies
    assert bd.concordance([0.5, 0.3, 0.2], [0.4, 0.25, 0.18]).p_two_sided == pytest.approx(0.25)


def test_b6_progressive_ability() -> None:
    # theta = 1: the ally with twice the alliance income per head gets twice its
    # GDP-only ability weight before renormalising; theta = 0 gives B3.
    me, gdp, pop = [30.0, 15.0], [1000.0, 1000.0], [50.0, 150.0]  # y/ybar = 2 and 2/3
    r0 = bd.progressive_ratio(me, gdp, pop, theta=0)
    assert r0.tolist() == pytest.approx([(30 / 45) / 0.5, (15 / 45) / 0.5])
    r1 = bd.progressive_ratio(me, gdp, pop, theta=1)
    ability = [1000.0 * 2, 1000.0 * (2 / 3)]  # twice, and two thirds of, the GDP weight
    share = [a / sum(ability) for a in ability]
    assert r1.tolist() == pytest.approx([(30 / 45) / share[0], (15 / 45) / share[1]])


def test_b7_deployment_rate_and_operations_ratio() -> None:
    # 2,000 deployed of 100,000 active -> 2 %; 10 % of a mission with 5 % of GDP -> 2.0
    assert bd.deployment_rate([2000.0], [100_000.0]).tolist() == pytest.approx([0.02])
    assert bd.contribution_ratio([10.0, 90.0], [5.0, 95.0])[0] == pytest.approx(2.0)
