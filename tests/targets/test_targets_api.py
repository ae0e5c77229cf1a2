"""The targets facade: names, keyword-only options, provenance, the floor from the rules."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from burdenshare import rules
from burdenshare.api import targets as api
from burdenshare.provenance import provenance
from burdenshare.targets import compliance as comp
from burdenshare.targets import paths
from burdenshare.targets import simulation as sim
from burdenshare.targets.errors import TargetsError

PUBLIC = [
    api.targets_compliance,
    api.targets_gdp_assumption,
    api.targets_gdp_projection,
    api.targets_path,
    api.targets_rules,
    api.targets_scenario,
    api.targets_simulate,
]
POSITIONAL = {"targets_compliance": 2}  # year and ally; every other function takes one


@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
def test_options_after_the_first_arguments_are_keyword_only(fn: object) -> None:
    assert callable(fn)
    params = list(inspect.signature(fn).parameters.values())
    n = POSITIONAL.get(fn.__name__, 1)  # type: ignore[attr-defined]
    assert [p.kind for p in params[:n]] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * n
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[n:])


def test_old_names_are_gone() -> None:
    import burdenshare as bs

    for old in ("compliance", "target_path", "target_scenario", "simulate_targets",
                "rules_in_force", "gdp_projection"):  # fmt: skip
        assert not hasattr(bs, old), old
        assert not hasattr(api, old), old
    assert bs.targets_path is api.targets_path  # type: ignore[attr-defined]


def _kinds(frame: pd.DataFrame) -> list[str]:
    return [d["kind"] for d in provenance(frame)["datasets"]]


def test_every_frame_names_the_release_the_imf_edition_and_the_rules() -> None:
    c = api.targets_compliance(2024, "NLD", release="2024-06")
    assert provenance(c)["release"] == "2024-06"
    assert _kinds(c) == ["nato_release", "rules"]
    p = api.targets_path("NLD", assumption="imf-weo-2025-04")
    ids = [d["id"] for d in provenance(p)["datasets"]]
    assert ids == ["nato-2026-07", "imf-weo-2025-04", "rules"]
    assert "International Monetary Fund" in p.attrs["source"]
    g = api.targets_gdp_projection("NLD", assumption="trend")
    assert _kinds(g) == ["nato_release"]  # trend comes from the release itself
    s = api.targets_simulate("NLD", paths=200, seed=1)
    # the one error model: the IMF's forecast record and the earlier releases (revisions)
    assert _kinds(s)[:3] == ["nato_release", "gdp_forecast", "gdp_forecast_history"]
    assert _kinds(s)[-1] == "rules" and _kinds(s).count("nato_release") > 2
    r = api.targets_rules("2025-07-01")
    assert provenance(r)["release"] is None and _kinds(r) == ["rules"]


def test_the_simulation_floor_is_the_guideline_in_force() -> None:
    s = api.targets_simulate("NLD", paths=500, seed=2, target_year=2030)
    floor = paths.resolve_target(rules.default_rules(), "floor-2pct", year=2030)
    assert s.attrs["floor_pct"] == floor.pct == 2.0


def test_the_floor_given_to_the_simulation_is_the_one_used() -> None:
    import burdenshare as bs
    from burdenshare.targets import gdp

    p = bs.data_panel(release="2026-07")
    a = api.targets_gdp_assumption("imf-weo-2025-10")
    econ = gdp.project_release(p, a, 2035, "2026-07", ["NLD"])
    from burdenshare.targets import loader

    kw = {"target_pct": 3.5, "target_year": 2035, "plan": "hold-share", "paths": 500, "seed": 4,
          "history": loader.load_forecast_history(), "releases": {"2026-07": p},
          "published": {"2026-07": "2026-07-10"}, "edition_year": 2025}  # fmt: skip
    low = sim.simulate_plans(p, econ, ["NLD"], floor_pct=1.0, **kw)  # type: ignore[arg-type]
    high = sim.simulate_plans(p, econ, ["NLD"], floor_pct=9.0, **kw)  # type: ignore[arg-type]
    assert low["p_floor_2pct"].min() == 1.0 and high["p_floor_2pct"].max() == 0.0
    assert low["p_target"].tolist() == high["p_target"].tolist()


def test_compliance_counts_a_figure_as_printed() -> None:
    """1.995 prints as 2.00 (half up from its shortest form; Python's round gives 1.99):
    met, no gap, as everywhere else (burdenshare.measure)."""
    p = pd.DataFrame({"release": "x", "iso3": ["AAA", "BBB"], "year": 2024,
                      "is_estimate": False, "share_gdp_pct": [1.995, 1.994],
                      "gdp_usd_current_bn": 100.0})  # fmt: skip
    c = comp.compliance(p, rules.default_rules())
    g = c[c["commitment"] == "guideline-2pct"].set_index("iso3")
    assert g.at["AAA", "assessment"] == "met" and g.at["AAA", "gap_pp"] == 0.0
    assert g.at["BBB", "assessment"] == "not met"
    assert g.at["BBB", "gap_pp"] == pytest.approx(0.01)
    assert g["years_at_or_above"].tolist() == [1, 0]


def test_compliance_streaks_count_runs() -> None:
    p = pd.DataFrame({"release": "x", "iso3": "AAA", "year": range(2015, 2021),
                      "is_estimate": False,
                      "share_gdp_pct": [2.1, 2.2, 1.5, 2.0, 2.3, 2.4],
                      "gdp_usd_current_bn": 100.0})  # fmt: skip
    c = comp.compliance(p, rules.default_rules())
    g = c[c["commitment"] == "guideline-2pct"]
    assert g["years_at_or_above"].tolist() == [1, 2, 2, 3, 4, 5]
    assert g["consecutive_years"].tolist() == [1, 2, 0, 1, 2, 3]


def test_the_engine_and_the_required_share_are_one_model() -> None:
    """A plan at the share required for probability q reaches the target with probability
    q in the Monte Carlo (within Monte Carlo error), and a stated money plan gets the same
    p_target from both: one calibrated error model (ρ, σ by horizon, revisions)."""
    n = 100_000
    for q in (0.5, 0.9):
        need = api.targets_required_share("NLD", probability=q)
        s_q = float(need["required_share_pct"].iloc[0])
        sim_q = api.targets_simulate("NLD", plan="share", plan_share_pct=s_q, paths=n, seed=7)
        last = sim_q[sim_q["year"] == 2035].iloc[0]
        assert last["deterministic_share_pct"] == pytest.approx(s_q, rel=1e-9)
        se = (q * (1 - q) / n) ** 0.5
        assert last["p_target"] == pytest.approx(q, abs=4 * se + 1e-3), q
        assert sim_q.attrs["rho"] == need.attrs["rho"]
        assert sim_q.attrs["execution_sd"] == pytest.approx(need.attrs["sigma_revision_pct"] / 100,
                                                            abs=1e-5)
    stated = api.targets_required_share("NLD", plan_growth_pct=6.0).iloc[0]
    growth = api.targets_simulate("NLD", plan="growth", plan_growth_pct=6.0, paths=n, seed=8)
    last = growth[growth["year"] == 2035].iloc[0]
    assert last["deterministic_share_pct"] == pytest.approx(stated["plan_share_pct"], rel=1e-6)
    p = float(stated["p_target"])
    assert last["p_target"] == pytest.approx(p, abs=4 * (p * (1 - p) / n) ** 0.5 + 1e-3)


def test_simulation_options_are_parameters_of_the_one_model() -> None:
    """execution_sd given by the user replaces the calibrated revision error; a variance
    scale of 0 leaves only execution; a share plan needs a share."""
    a = api.targets_simulate("NLD", paths=2000, seed=1, execution_sd=0.0, variance_scale=0.0)
    assert a.attrs["execution_sd"] == 0.0
    assert (a["q05"] - a["deterministic_share_pct"]).abs().max() < 0.01
    b = api.targets_simulate("NLD", paths=2000, seed=1, execution_sd=0.05)
    assert b.attrs["execution_sd"] == 0.05 and "set by the user" in b.attrs["execution"]
    with pytest.raises(TargetsError, match="plan 'share' needs"):
        api.targets_simulate("NLD", plan="share", paths=100, seed=1)
