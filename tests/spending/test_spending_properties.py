"""Property-based tests of the spending metrics (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare import measure
from burdenshare import spending as sp

CODES = [f"A{i:02d}" for i in range(12)]
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def one_year_panels(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=len(CODES)))
    spend = draw(st.lists(positive, min_size=n, max_size=n))
    gdp = draw(st.lists(positive, min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "release": "test",
            "iso3": CODES[:n],
            "year": 2024,
            "is_estimate": False,
            "defence_exp_usd_constant_mn": spend,
            "gdp_usd_constant_bn": gdp,
            "share_gdp_pct": [s / (g * 1e3) * 100 for s, g in zip(spend, gdp, strict=True)],
        }
    )


@settings(max_examples=100, deadline=None)
@given(one_year_panels())
def test_group_ratios_lie_between_members_min_and_max(p: pd.DataFrame) -> None:
    r = sp.group_share_of_gdp(p, {2024: set(p["iso3"])}).iloc[0]
    lo, hi = p["share_gdp_pct"].min(), p["share_gdp_pct"].max()
    tol = 1e-9 * max(1.0, hi)
    for col in ("share_gdp_pct_weighted", "share_gdp_pct_mean", "share_gdp_pct_median"):
        assert lo - tol <= r[col] <= hi + tol, col


@settings(max_examples=100, deadline=None)
@given(
    level=positive,
    base=st.integers(min_value=2000, max_value=2020),
    span=st.integers(min_value=1, max_value=10),
)
def test_cumulative_increase_of_a_constant_series_is_zero(
    level: float, base: int, span: int
) -> None:
    years = list(range(base, base + span + 1))
    p = pd.DataFrame(
        {"release": "t", "iso3": "A00", "year": years, "defence_exp_usd_constant_mn": level}
    )
    cum = sp.cumulative_increase(p, {y: {"A00"} for y in years}, base, base + span)
    assert len(cum) == span
    assert np.allclose(cum["cumulative_usd_constant_mn"], 0.0)


@settings(max_examples=100, deadline=None)
@given(series=st.lists(positive, min_size=2, max_size=12))
def test_cumulative_increase_is_sum_of_excesses(series: list[float]) -> None:
    years = list(range(2014, 2014 + len(series)))
    p = pd.DataFrame(
        {"release": "t", "iso3": "A00", "year": years, "defence_exp_usd_constant_mn": series}
    )
    cum = sp.cumulative_increase(p, {y: {"A00"} for y in years}, years[0], years[-1])
    expected = sum(series[1:]) - (len(series) - 1) * series[0]
    assert np.isclose(cum["cumulative_usd_constant_mn"].iloc[-1], expected, rtol=1e-9, atol=1e-6)


@settings(max_examples=100, deadline=None)
@given(one_year_panels(), st.floats(min_value=0.0, max_value=10.0))
def test_gap_closes_exactly_to_the_threshold(p: pd.DataFrame, threshold: float) -> None:
    p = p.assign(
        gdp_usd_current_bn=p["gdp_usd_constant_bn"],
        defence_exp_usd_current_mn=p["defence_exp_usd_constant_mn"],
        defence_exp_nc_mn=p["defence_exp_usd_constant_mn"] * 2.0,
        currency_nc="X",
    )
    g = sp.gap_to_threshold(p, threshold, 2024, decimals=None).set_index("iso3")
    share = p.set_index("iso3")["share_gdp_pct"]
    assert np.allclose(g["gap_pp"] + share.loc[g.index], threshold)
    # Spending plus the gap reaches the threshold share of (current) GDP.
    gdp = p.set_index("iso3")["gdp_usd_current_bn"].loc[g.index]
    spend = p.set_index("iso3")["defence_exp_usd_current_mn"].loc[g.index]
    assert np.allclose((spend + g["gap_usd_current_mn"]) / (gdp * 1e3) * 100, threshold)
    assert np.allclose(g["gap_nc_current_mn"], 2.0 * g["gap_usd_current_mn"])
    assert (g["shortfall_usd_current_mn"] >= 0).all()
    assert (g["meets"] == (g["gap_pp"] <= 1e-12)).all()


@settings(max_examples=100, deadline=None)
@given(one_year_panels(), st.floats(0.0, 5.0), st.floats(0.0, 5.0))
def test_count_at_or_above_falls_as_threshold_rises(p: pd.DataFrame, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    n_lo = sp.count_at_or_above(p, lo)["count"].iloc[0]
    n_hi = sp.count_at_or_above(p, hi)["count"].iloc[0]
    assert n_hi <= n_lo <= len(p)


@settings(max_examples=50, deadline=None)
@given(one_year_panels(), st.integers(min_value=0, max_value=2**32 - 1))
def test_rank_does_not_depend_on_row_order(p: pd.DataFrame, seed: int) -> None:
    shuffled = p.sample(frac=1.0, random_state=seed)
    a = sp.rank(p, "share_gdp_pct", 2024).set_index("iso3")["rank"].sort_index()
    b = sp.rank(shuffled, "share_gdp_pct", 2024).set_index("iso3")["rank"].sort_index()
    assert a.equals(b)
    assert a.min() == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(positive, min_size=3, max_size=3))
def test_same_allies_real_change_ignores_accession(levels: list[float]) -> None:
    """A newcomer with its own spending shows up as growth only in NATO's method."""
    p = pd.DataFrame(
        {
            "release": "t",
            "iso3": ["A00", "A00", "A01", "A01"],
            "year": [2023, 2024, 2023, 2024],
            "defence_exp_usd_constant_mn": [levels[0], levels[0], levels[1], levels[1]],
        }
    )
    members = {2023: {"A00"}, 2024: {"A00", "A01"}}
    same = sp.group_real_change(p, members, "same_allies")["real_change_pct"].iloc[0]
    nato = sp.group_real_change(p, members, "nato")["real_change_pct"].iloc[0]
    assert np.isclose(same, 0.0, atol=1e-9)
    assert np.isclose(nato, levels[1] / levels[0] * 100, rtol=1e-9)


@settings(max_examples=100, deadline=None)
@given(one_year_panels(), st.floats(min_value=0.0, max_value=10.0))
def test_an_ally_printed_at_the_threshold_has_no_shortfall(
    p: pd.DataFrame, threshold: float
) -> None:
    """Compared at two decimals (as NATO prints), 'meets' and 'no shortfall' always agree."""
    p = p.assign(
        gdp_usd_current_bn=p["gdp_usd_constant_bn"],
        defence_exp_usd_current_mn=p["defence_exp_usd_constant_mn"],
    )
    g = sp.gap_to_threshold(p, threshold, 2024)
    assert ((g["shortfall_usd_current_mn"] > 0) == ~g["meets"]).all()
    # printed as NATO prints: half up (0.005 -> 0.01), not pandas' half-to-even round(2)
    printed = measure.as_printed(p.set_index("iso3")["share_gdp_pct"].loc[g["iso3"]].to_numpy())
    assert (g["meets"].to_numpy() == (printed >= threshold - 1e-12)).all()


def test_poland_2018_printed_at_two_percent_meets_it() -> None:
    """Release 2025-08 holds 1.996 for Poland 2018, printed as 2.00."""
    from burdenshare.catalog import panel

    p = panel(release="2025-08")
    g = sp.gap_to_threshold(p, 2.0, 2018).set_index("iso3")
    assert g.loc["POL", "share_gdp_pct"] < 2.0
    assert bool(g.loc["POL", "meets"]) and g.loc["POL", "gap_pp"] <= 0
