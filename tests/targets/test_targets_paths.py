"""Paths to a target: required growth by hand, path shapes, the check against actuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from burdenshare import rules
from burdenshare.targets import paths
from burdenshare.targets.errors import (
    CoverageGapError,
    TargetsError,
    UnknownMethodError,
    UnknownTargetError,
)


def test_required_growth_hand_computed() -> None:
    # GDP 1,000 growing 3% a year nominal; spending 20; 3.5% of GDP in 10 years:
    # Y_10 = 1,000 × 1.03^10 = 1,343.92; needed 47.037; (47.037 / 20)^(1/10) = 1.08929
    r = paths.required_growth(20.0, 1343.9164, 3.5, 10, 1.02**10)
    assert r.nominal_pct == pytest.approx(8.929, abs=1e-3)
    # real: 1.08929 / 1.02 − 1 = 6.793%
    assert r.real_pct == pytest.approx(6.793, abs=1e-3)


def test_required_growth_published_instance() -> None:
    # METRICS C3: EUR 37.0 bn (2017) to EUR 80.5 bn = 2% of GDP in 2024: 11.74% a year
    r = paths.required_growth(37.0, 80.5 / 0.02, 2.0, 7)
    assert r.nominal_pct == pytest.approx(11.74, abs=0.01)
    assert r.real_pct == pytest.approx(r.nominal_pct)  # no inflation given


def test_required_growth_errors() -> None:
    with pytest.raises(TargetsError, match="must be after the base year"):
        paths.required_growth(20.0, 1000.0, 3.5, 0)
    with pytest.raises(TargetsError, match="must be positive"):
        paths.required_growth(0.0, 1000.0, 3.5, 5)


def _economy(n: int = 10, g: float = 0.03, infl: float = 0.02) -> pd.DataFrame:
    years = list(range(2024, 2025 + n))
    return pd.DataFrame(
        {
            "year": years,
            "gdp_nc_bn": [1000 * (1 + g) ** k for k in range(n + 1)],
            "deflator": [(1 + infl) ** k for k in range(n + 1)],
            "xr_nc_per_usd": 0.9,
            "origin": "test",
        }
    )


ACTUAL = pd.DataFrame(
    {
        "year": [2024, 2025, 2026],
        "share_gdp_pct": [2.0, 2.2, 2.25],
        "is_estimate": [False, True, True],
    }
)


def test_linear_path_steps_and_end() -> None:
    p = paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "linear")
    steps = np.diff(p["path_share_pct"].to_numpy())
    np.testing.assert_allclose(steps, 0.15)
    assert p["path_share_pct"].iloc[-1] == pytest.approx(3.5)
    # money = share × GDP; USD at the given exchange rate
    assert p["path_spending_nc_mn"].iloc[1] == pytest.approx(0.0215 * 1030 * 1000)
    assert p["path_spending_usd_mn"].iloc[1] == pytest.approx(0.0215 * 1030 * 1000 / 0.9)


def test_constant_real_path_grows_at_the_required_rate() -> None:
    p = paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "constant-real")
    real = p["path_spending_real_nc_mn"].to_numpy()
    rates = real[1:] / real[:-1] - 1
    np.testing.assert_allclose(rates, p.attrs["required_real_growth_pct"] / 100)
    assert p["path_share_pct"].iloc[-1] == pytest.approx(3.5)
    assert p.attrs["required_nominal_growth_pct"] == pytest.approx(8.929, abs=1e-3)
    assert p.attrs["required_real_growth_pct"] == pytest.approx(6.793, abs=1e-3)


def test_check_against_actuals() -> None:
    p = paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "linear").set_index("year")
    assert p.at[2024, "check"] == "on path"
    # 2025: path 2.15, actual 2.20 → ahead by 0.05 pp of GDP 1,030 bn = 515 mn
    assert p.at[2025, "check"] == "ahead by 0.05 pp (515 mn)"
    # 2026: path 2.30, actual 2.25 → behind by 0.05 pp of 1,060.9 bn = 530 mn
    assert p.at[2026, "check"] == "behind by 0.05 pp (530 mn)"
    assert p.at[2027, "check"] == ""


def test_plan_method() -> None:
    p = paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "plan", plan_growth_pct=3.0)
    # spending grows like GDP: the share stays at 2.0%
    np.testing.assert_allclose(p["path_share_pct"], 2.0)
    assert p.attrs["reaches_target"] is False
    plan = pd.DataFrame({"year": range(2025, 2035), "share_gdp_pct": np.linspace(2.2, 3.5, 10)})
    q = paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "plan", plan=plan)
    assert q.attrs["reaches_target"] is True
    with pytest.raises(CoverageGapError, match="the plan has no value for 2034"):
        paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "plan", plan=plan.iloc[:-1])
    with pytest.raises(TargetsError, match="needs a plan"):
        paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "plan")


def test_path_errors() -> None:
    with pytest.raises(UnknownMethodError, match="unknown path method 'zigzag'; accepted: linear"):
        paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034, "zigzag")
    with pytest.raises(CoverageGapError, match="no GDP for 2035"):
        paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2035)
    with pytest.raises(TargetsError, match="no published share of GDP in the base year 2024"):
        paths.target_path(_economy(), ACTUAL.iloc[1:], 2024, 3.5, 2034)


def test_named_targets_come_from_the_rules() -> None:
    rs = rules.default_rules()
    core = paths.resolve_target(rs, "core-2035")
    total = paths.resolve_target(rs, "total-2035")
    assert (core.pct, core.year, total.pct, total.year) == (3.5, 2035, 5.0, 2035)
    with pytest.raises(TargetsError, match="no target year"):
        paths.resolve_target(rs, "floor-2pct")
    assert paths.resolve_target(rs, "floor-2pct", year=2030).pct == 2.0
    with pytest.raises(UnknownTargetError, match="unknown target 'core'; accepted: core-2035"):
        paths.resolve_target(rs, "core")


def test_an_ally_above_the_target_is_not_sent_down() -> None:
    act = ACTUAL.assign(share_gdp_pct=[4.2, 4.3, 4.4])
    for method in ("linear", "constant-real"):
        p = paths.target_path(_economy(), act, 2024, 3.5, 2034, method)
        np.testing.assert_allclose(p["path_share_pct"], 4.2)
        assert "already at or above 3.5% in 2024" in p.attrs["note"]
        assert p.attrs["required_nominal_growth_pct"] < 3.0  # slower than GDP: slack
    assert paths.target_path(_economy(), ACTUAL, 2024, 3.5, 2034).attrs["note"] == ""


def test_target_label_follows_an_overridden_year_and_bad_shares_are_refused() -> None:
    """Regression: ``--target-year 2030`` was titled "3.5% of GDP core defence by 2035"."""
    rs = rules.default_rules()
    assert paths.resolve_target(rs, "core-2035").label == "3.5% of GDP core defence by 2035"
    t = paths.resolve_target(rs, "core-2035", year=2030)
    assert (t.pct, t.year) == (3.5, 2030)
    assert t.label == "3.5% of GDP core defence by 2030 (target year set by the user)"
    assert paths.resolve_target(rs, "floor-2pct", year=2030).label.endswith("in 2030")
    user = paths.resolve_target(rs, "core-2035", pct=3.0)
    assert user.label == "3.0% of GDP by 2035 (user value)"
    for bad in (-1.0, 0.0, 150.0):
        with pytest.raises(TargetsError, match="between 0 and 100% of GDP"):
            paths.resolve_target(rs, "core-2035", pct=bad)
