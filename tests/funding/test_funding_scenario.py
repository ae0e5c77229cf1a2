"""What-if scenarios and the key checks (sum, period, estimates)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from burdenshare.api import funding as api
from burdenshare.cli import run
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
from burdenshare.funding.scenario import apply_scenario, change, parse_scenario, scenario_over_years
from burdenshare.rules.scenario import Scenario


def test_new_member_with_income() -> None:
    """Share of a newcomer = 100 × income / (combined income + income); the others, and the
    missing allies' block, shrink by the same factor."""
    base = default_data().key("2021-2024")
    s = Scenario("X joins", (change("join", "SWE", income=500.0, income_total=45_000.0),))
    d = apply_scenario(base, s, year=2024)
    assert d.key.get("SWE").share_pct == pytest.approx(100 * 500 / 45_500)  # type: ignore[union-attr]
    f = 45_000 / 45_500
    assert d.key.get("NLD").share_pct == pytest.approx(3.45 * f)  # type: ignore[union-attr]
    assert d.block_pct == pytest.approx(20.32 * f)
    assert "SWE" not in d.key.joined and "FIN" in d.key.joined


def test_join_from_the_catalog_gdp() -> None:
    w = api.funding_whatif(
        "2021-2024",
        [change("join", "SWE")],
        civil=100.0,
        ally="SWE",
        income_overrides={"ISL": 25.0},
    )
    members = [s.iso3 for s in default_data().key("2021-2024").shares]
    members += list(default_data().key("2021-2024").missing)
    got = api.income(2021, overrides={"ISL": 25.0}, allies=members)
    total = sum(got.values())
    swe = api.income(2021, allies=["SWE"])["SWE"]
    # through the key rule (issue 10): the newcomer pays its income share times the key's
    # ratio of shares to income among the allies the cap does not bind, then all rescale;
    # the raw income share (the old rule, 1.36%) ignored the cap's redistribution
    from burdenshare.funding.scenario import key_multiplier

    m = key_multiplier(default_data().key("2021-2024"), got)
    assert 1.5 < m < 2.0
    weight = 100 * swe / total * m
    assert w["share_to_pct"].iloc[0] == pytest.approx(100 * weight / (100 + weight))
    assert w["share_to_pct"].iloc[0] == pytest.approx(2.24, abs=0.01)
    assert w["share_to_pct"].iloc[0] > 100 * swe / (total + swe)
    assert w["to_eur_mn"].iloc[0] == pytest.approx(weight / (100 + weight) * 100)


def test_share_set_and_cap_changed_side_by_side() -> None:
    w = api.funding_whatif(
        "2021-2024",
        [change("cap", "USA", share_pct=15.0)],
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
    s = parse_scenario(
        {"name": "NL 4 % from 2023", "start_year": 2023,
         "changes": [{"kind": "set", "ally": "NLD", "share_pct": 4.0}]}
    )  # fmt: skip
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
        apply_scenario(base, Scenario("x", (change("join", "NOR", share_pct=1.0),)), year=2024)


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


# Regression: a funding scenario's start_year was parsed and then dropped (the what-if took
# only the changes), so a scenario that starts in 2030 changed a 2024 budget.

FROM_2030 = (
    "name: NL 4 % from 2030\nstart_year: 2030\nchanges:\n  - {kind: set, ally: NLD, share_pct: 4}\n"
)


def test_funding_scenario_start_year_2030_leaves_2024_as_baseline_regression() -> None:
    scen = parse_scenario(FROM_2030, "s.yaml")
    assert scen.start_year == 2030
    w = api.funding_whatif("2021-2024", list(scen.overrides), budgets=2024, ally=["NLD", "USA"])
    assert (w["share_to_pct"] == w["share_from_pct"]).all()
    assert (w["change_eur_mn"] == 0).all()
    assert set(w["status_to"]) == {"published"}  # the baseline key itself, not re-derived
    # the same changes without a start apply in 2024
    now = api.funding_whatif("2021-2024", [change("set", "NLD", 4.0)], budgets=2024, ally="NLD")
    assert now["share_to_pct"].iloc[0] == 4.0


def test_funding_scenario_start_year_2030_through_the_cli_regression(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(FROM_2030, encoding="utf-8")
    code = run(["funding", "whatif", "--period", "2021-2024", "--scenario", str(f),
                "--budgets", "2024", "--ally", "NLD", "--format", "csv"])  # fmt: skip
    out = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert code == 0
    assert out["share_to_pct"].iloc[0] == out["share_from_pct"].iloc[0] == 3.45
    assert out["change_eur_mn"].iloc[0] == 0


def test_every_year_before_a_2030_scenario_is_the_baseline() -> None:
    d = default_data()
    budgets = d.budgets[d.budgets["year"].between(2021, 2024)]
    out = scenario_over_years(d.keys, budgets, parse_scenario(FROM_2030))
    assert not out["scenario_applies"].any()
    assert (out["change_eur_mn"].fillna(0) == 0).all()
    assert out["share_from_pct"].equals(out["share_to_pct"])


def test_a_change_with_until_stops_applying() -> None:
    base = make_key("2030", {"USA": 50.0, "DEU": 30.0, "NLD": 20.0})
    s = Scenario("x", (change("set", "NLD", 25.0, start=2031, end=2032),))
    got = [apply_scenario(base, s, year=y).key.get("NLD").share_pct for y in range(2030, 2034)]  # type: ignore[union-attr]
    assert got == [20.0, 25.0, 25.0, 20.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nchanges:\n  - {kind: set, ally: NLD}\n",
         r"^s.yaml, line 3: override 1: set on NLD needs share_pct$"),
        ("name: x\nchanges:\n  - {kind: cap, ally: NLD, share_pct: 1}\n  - {kind: floor}\n",
         r"^s.yaml, line 4: override 2: unknown override kind 'floor'; accepted: join, set"),
        ("name: x\nchanges:\n  - {kind: set, allies: [NLD, DEU], share_pct: 3}\n",
         r"line 3: override 1: a set override needs 'ally' \(one ISO code\)"),
        ("name: x\nstart_year: soon\nchanges:\n  - {kind: freeze, ally: FRA}\n",
         r"^s.yaml: scenario 'x': 'from' must be a year"),
        ("name: x\nchanges: [\n", r"^s.yaml, line 3: not valid YAML"),
    ],
)  # fmt: skip
def test_a_malformed_funding_scenario_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_scenario(text, "s.yaml")
