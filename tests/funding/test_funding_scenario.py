"""What-if scenarios and the key checks (sum, period, estimates)."""

from __future__ import annotations

import pytest

from burdenshare.api import funding as api
from burdenshare.errors import BurdenshareError
from burdenshare.funding.budgets import budget_base, check_budgets
from burdenshare.funding.errors import (
    KeySumError,
    NegativeBudgetError,
    RuleError,
    ShareError,
    UnknownBudgetLineError,
    UnknownPeriodError,
)
from burdenshare.funding.keys import fill_estimated, make_key, parse_period
from burdenshare.funding.loader import default_data
from burdenshare.funding.scenario import Change, Scenario, apply_scenario, scenario_over_years


def test_new_member_with_income() -> None:
    """Share of a newcomer = 100 × income / (combined income + income); the others, and the
    missing allies' block, shrink by the same factor."""
    base = default_data().key("2021-2024")
    s = Scenario("X joins", (Change("join", "SWE", income=500.0, income_total=45_000.0),))
    d = apply_scenario(base, s)
    assert d.key.get("SWE").share_pct == pytest.approx(100 * 500 / 45_500)  # type: ignore[union-attr]
    f = 45_000 / 45_500
    assert d.key.get("NLD").share_pct == pytest.approx(3.45 * f)  # type: ignore[union-attr]
    assert d.block_pct == pytest.approx(20.32 * f)
    assert "SWE" not in d.key.joined and "FIN" in d.key.joined


def test_join_from_the_catalog_gdp() -> None:
    w = api.funding_whatif(
        "2021-2024",
        [Change("join", "SWE")],
        civil=100.0,
        ally="SWE",
        income_overrides={"ISL": 25.0},
    )
    members = [s.iso3 for s in default_data().key("2021-2024").shares]
    members += list(default_data().key("2021-2024").missing)
    total = sum(api.income(2021, overrides={"ISL": 25.0}, allies=members).values())
    swe = api.income(2021, allies=["SWE"])["SWE"]
    assert w["share_to_pct"].iloc[0] == pytest.approx(100 * swe / (total + swe))
    assert w["to_eur_mn"].iloc[0] == pytest.approx(swe / (total + swe) * 100)


def test_share_set_and_cap_changed_side_by_side() -> None:
    w = api.funding_whatif(
        "2021-2024",
        [Change("cap", "USA", share_pct=15.0)],
        budgets=2024,
        ally=["USA", "DEU"],
        by="ally",
    )
    w = w.set_index("iso3")
    assert w.loc["USA", "share_to_pct"] == 15.0
    # the 1.35 pp above the cap go to everybody else pro rata (incl. the missing block)
    f = (100 - 15.0) / (100 - 16.35)
    assert w.loc["DEU", "share_to_pct"] == pytest.approx(16.34 * f)
    assert w.loc["USA", "change_eur_mn"] == pytest.approx(-1.35 / 100 * (438.1 + 2030 + 1300))


def test_scenario_starting_later_leaves_earlier_years_as_baseline() -> None:
    """DESIGN: a scenario that starts in a future year leaves the years before it identical."""
    d = default_data()
    s = Scenario("NL 4 % from 2023", (Change("set", "NLD", share_pct=4.0),), start_year=2023)
    out = scenario_over_years(d.keys, d.budgets[d.budgets["year"].between(2021, 2024)], s)
    before = out[out["year"] < 2023]
    after = out[out["year"] >= 2023]
    assert not before["scenario_applies"].any()
    assert (before["change_eur_mn"].fillna(0) == 0).all()
    assert before["share_from_pct"].equals(before["share_to_pct"])
    nld_after = after[after["iso3"] == "NLD"]
    assert (nld_after["share_to_pct"] == 4.0).all()


def test_join_of_an_ally_already_in_the_key() -> None:
    base = default_data().key("2021-2024")
    with pytest.raises(RuleError, match="NOR cannot join key 2021-2024: it already counts"):
        apply_scenario(base, Scenario("x", (Change("join", "NOR", share_pct=1.0),)))


def test_key_sum_error_names_the_sum_and_the_rounding() -> None:
    with pytest.raises(
        KeySumError,
        match=r"sums to 100.030000 %, not 100 \(allowed rounding "
        r"±0.010000 for 2 shares\)",
    ):
        make_key("2030", {"A": 50.02, "B": 50.01}, decimals=2)
    # within rounding: accepted
    assert make_key("2030", {"A": 50.005, "B": 49.99}, decimals=2).total == pytest.approx(99.995)


def test_unknown_period_names_the_accepted_ones() -> None:
    with pytest.raises(
        UnknownPeriodError,
        match="unknown period '2019'; accepted: 2016-2017, 2018-2019, 2020, 2021-2024",
    ):
        default_data().key("2019")
    with pytest.raises(UnknownPeriodError):
        parse_period("2024-2021")


def test_negative_budget_names_line_and_year() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"year": [2024, 2024], "line": ["civil", "military"], "amount_eur_mn": [438.1, -2030.0]}
    )
    with pytest.raises(
        NegativeBudgetError,
        match=r"budget amount for military \(2024\) is "
        r"-2030.0 EUR mn",
    ):
        check_budgets(frame)
    with pytest.raises(UnknownBudgetLineError, match="accepted: civil, military, nsip"):
        check_budgets(frame.assign(line=["civil", "pensions"]))


def test_estimates_only_fill_gaps() -> None:
    k = make_key("2030", {"A": 60.0}, ["B"])
    with pytest.raises(ShareError, match="A is not missing"):
        fill_estimated(k, {"A": 40.0}, "x")
    filled = fill_estimated(k, {"B": 40.0}, "x")
    assert filled.get("B").status == "estimated"  # type: ignore[union-attr]
    assert filled.complete


def test_all_errors_are_burdenshare_errors() -> None:
    for exc in (
        KeySumError,
        NegativeBudgetError,
        RuleError,
        ShareError,
        UnknownPeriodError,
        UnknownBudgetLineError,
    ):
        assert issubclass(exc, BurdenshareError)
    with pytest.raises(BurdenshareError):
        budget_base()
