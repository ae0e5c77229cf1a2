"""Scenarios apply after the baseline; a future-dated scenario leaves earlier years alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from burdenshare.api import targets as api
from burdenshare.rules.scenario import Scenario
from burdenshare.targets import scenarios as sc
from burdenshare.targets.errors import ScenarioError

FUTURE = {
    "name": "from-2030",
    "overrides": [
        {"kind": "gdp", "from": 2030, "real_growth_pct": -1.0, "deflator_growth_pct": 5.0},
        {"kind": "plan", "from": 2030, "allies": ["NLD"], "growth_pct": 12.0},
        {"kind": "plan", "from": 2031, "allies": ["DEU"], "share_gdp_pct": 3.5},
        {"kind": "target", "from": 2030, "target_pct": 3.0, "target_year": 2032},
    ],
}


def test_targets_scenario_starting_2030_leaves_every_earlier_year_as_baseline() -> None:
    """Regression (cf. policyengine-us #9075): overrides from 2030 must not move 2014-2029."""
    out = api.targets_scenario(FUTURE)
    base = out[out["scenario"] == "baseline"].drop(columns="scenario").reset_index(drop=True)
    scen = out[out["scenario"] == "from-2030"].drop(columns="scenario").reset_index(drop=True)
    early_b = base[base["year"] < 2030].reset_index(drop=True)
    early_s = scen[scen["year"] < 2030].reset_index(drop=True)
    pd.testing.assert_frame_equal(early_b, early_s)
    late_b = base[base["year"] >= 2030]
    late_s = scen[scen["year"] >= 2030]
    assert (late_s["gdp_nc_bn"].to_numpy() != late_b["gdp_nc_bn"].to_numpy()).all()
    assert (late_s["target_pct"] == 3.0).all()


def test_gdp_override_chains_from_the_previous_level() -> None:
    out = api.targets_scenario(FUTURE, ally="NLD")
    s = out[out["scenario"] == "from-2030"].set_index("year")
    b = out[out["scenario"] == "baseline"].set_index("year")
    assert s.at[2029, "gdp_nc_bn"] == b.at[2029, "gdp_nc_bn"]
    assert s.at[2030, "gdp_nc_bn"] == pytest.approx(b.at[2029, "gdp_nc_bn"] * 0.99 * 1.05)
    # spending is money: the GDP override does not move it, only its share
    assert s.at[2030, "spending_nc_mn"] == pytest.approx(b.at[2029, "spending_nc_mn"] * 1.12)
    assert s.at[2030, "origin"].startswith("scenario")


def test_baseline_holds_latest_share() -> None:
    out = api.targets_scenario(FUTURE, ally="NLD")
    b = out[out["scenario"] == "baseline"].set_index("year")
    assert b.loc[2027:2035, "share_gdp_pct"].round(10).eq(2.58).all()
    assert b.loc[2025, "share_gdp_pct"] == pytest.approx(2.53)


def test_override_order_and_levels() -> None:
    base = pd.DataFrame({"iso3": "AAA", "year": [2026, 2027, 2028],
                         "is_projection": [False, True, True],
                         "gdp_nc_bn": [100.0, 103.0, 106.09], "real_growth_pct": 1.0,
                         "deflator_growth_pct": 1.98, "spending_nc_mn": [2000.0, 2060.0, 2121.8],
                         "share_gdp_pct": 2.0, "target_pct": 3.5, "target_year": 2035,
                         "meets_target": False, "origin": "x"})  # fmt: skip
    s = Scenario("levels", (sc.override("plan", 2027, spending_nc_mn={2028: 5000.0}),))
    out = sc.apply_scenario(base, s)
    assert out["spending_nc_mn"].tolist() == [2000.0, 2060.0, 5000.0]
    assert bool(out["meets_target"].iloc[-1]) is True
    assert np.isclose(out["share_gdp_pct"].iloc[-1], 5000 / 106090 * 100)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"overrides": []}, "a scenario needs a 'name'"),
        ({"name": "x", "overrides": []}, "scenario 'x': 'overrides' must be a non-empty list"),
        ({"name": "x", "overrides": [{"kind": "plan", "from": 2030}]},
         "override 1: a plan override needs exactly one of spending_nc_mn, growth_pct"),
        ({"name": "x", "overrides": [{"kind": "budget", "from": 2030}]},
         "override 1: unknown override kind 'budget'; accepted: plan, gdp, target"),
        ({"name": "x", "overrides": [{"kind": "gdp", "from": 2030, "growth": 1}]},
         "override 1: unknown key 'growth'"),
        ({"name": "x", "overrides": [{"kind": "gdp", "year": 2030}]},
         "override 1: unknown key 'year'"),
    ],
)  # fmt: skip
def test_malformed_scenarios(spec: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        sc.scenario_from_dict(spec)
    assert str(exc.value).startswith(message)


def test_scenario_from_yaml_file(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "name: more\noverrides:\n  - {kind: plan, from: 2028, allies: [nld], growth_pct: 8}\n"
    )
    out = api.targets_scenario(str(f), ally="NLD")
    assert set(out["scenario"]) == {"baseline", "more"}


def test_gdp_assumption_override_switches_set_from_its_year() -> None:
    spec = {"name": "april", "overrides": [{"kind": "gdp", "from": 2029,
                                             "assumption": "imf-weo-2025-04"}]}  # fmt: skip
    out = api.targets_scenario(spec, ally="NLD")
    s = out[out["scenario"] == "april"].set_index("year")
    b = out[out["scenario"] == "baseline"].set_index("year")
    april = api.targets_gdp_assumption("imf-weo-2025-04").rates
    r = april[(april["iso3"] == "NLD") & (april["year"] == 2029)].iloc[0]
    assert s.at[2029, "real_growth_pct"] == r["real_growth_pct"]
    assert s.at[2029, "gdp_nc_bn"] == pytest.approx(
        b.at[2028, "gdp_nc_bn"]
        * (1 + r["real_growth_pct"] / 100)
        * (1 + r["deflator_growth_pct"] / 100)
    )
    pd.testing.assert_frame_equal(s.loc[:2028], b.loc[:2028].assign(scenario="april"))


def _three_years() -> pd.DataFrame:
    return pd.DataFrame({"iso3": "AAA", "year": [2026, 2027, 2028, 2029],
                         "is_projection": [False, True, True, True],
                         "gdp_nc_bn": [100.0, 103.0, 106.09, 109.2727], "real_growth_pct": 1.0,
                         "deflator_growth_pct": 1.98,
                         "spending_nc_mn": [2000.0, 2060.0, 2121.8, 2185.454],
                         "share_gdp_pct": 2.0, "target_pct": 3.5, "target_year": 2035,
                         "meets_target": False, "origin": "x"})  # fmt: skip


def test_an_override_with_until_stops_and_the_baseline_growth_resumes() -> None:
    base = _three_years()
    s = sc.scenario_from_dict(
        {"name": "x", "overrides": [
            {"kind": "plan", "from": 2027, "until": 2027, "growth_pct": 10.0},
            {"kind": "gdp", "from": 2027, "until": 2028, "real_growth_pct": 0.0,
             "deflator_growth_pct": 0.0},
            {"kind": "target", "from": 2028, "until": 2028, "target_pct": 2.0}]}
    )  # fmt: skip
    out = sc.apply_scenario(base, s)
    assert out["spending_nc_mn"].tolist() == [2000.0, 2200.0, 2121.8, 2185.454]
    assert out["gdp_nc_bn"].tolist()[:3] == [100.0, 100.0, 100.0]
    # 2029: the baseline's growth from 2028 to 2029 again, from the scenario's 2028 level
    assert out["gdp_nc_bn"].iloc[3] == pytest.approx(100.0 * 109.2727 / 106.09)
    assert out["target_pct"].tolist() == [3.5, 3.5, 2.0, 3.5]


def test_a_scenario_file_error_names_the_file_and_line() -> None:
    text = "name: x\noverrides:\n  - {kind: plan, from: 2030, growth_pct: 1}\n  - {kind: gdp}\n"
    with pytest.raises(ScenarioError, match=r"^s.yaml, line 4: override 2: needs 'from'"):
        sc.scenario_from_dict(text, "s.yaml")
    text = "name: x\nfrom: 2030\noverrides:\n  - {kind: gdp, until: 2029, real_growth_pct: 1}\n"
    with pytest.raises(ScenarioError, match=r"line 4: override 1: 'until' 2029 is before 'from'"):
        sc.scenario_from_dict(text, "s.yaml")
