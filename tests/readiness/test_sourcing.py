"""Sourcing: the aggregate MILP equals the per-unit one; shortfalls are reported."""

from __future__ import annotations

import pandas as pd
import pytest

from burdenshare.readiness import ReadinessError, Requirement
from burdenshare.readiness.sourcing import SHORTFALL_PENALTY, source
from tests.readiness import synth


def _valid(units: pd.DataFrame, reqs: list[Requirement], res: object) -> None:
    d = res.designations  # type: ignore[attr-defined]
    assert d["unit_id"].is_unique  # a unit goes to one requirement at most
    by_name = {r.name: r for r in reqs}
    merged = d.merge(units[["id", "unit_type", "notice_days"]], left_on="unit_id", right_on="id",
                     suffixes=("", "_unit"))  # fmt: skip
    assert (merged["unit_type"] == merged["unit_type_unit"]).all()
    limits = merged["requirement"].map(lambda n: by_name[n].max_notice_days)
    assert (merged["notice_days"] <= limits).all()
    got = d.groupby(["requirement", "unit_type"]).size()
    for r in reqs:
        for t, c in r.counts.items():
            assert got.get((r.name, t), 0) <= c


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregate_and_unit_formulations_agree(seed: int) -> None:
    units = synth.pledges(250, seed=seed)
    units = units[units["unit_type"] != "other"].reset_index(drop=True)
    reqs = synth.requirements(8, seed=seed + 10, scale=10)
    w = synth.weights(seed)
    agg = source(units, reqs, w)
    per_unit = source(units, reqs, w, formulation="units")
    assert agg.status == per_unit.status == "optimal"
    assert agg.objective == pytest.approx(per_unit.objective, abs=1e-6)
    assert agg.shortfall == per_unit.shortfall
    assert agg.variables < per_unit.variables
    for res in (agg, per_unit):
        _valid(units, reqs, res)
        assert res.gap is not None and res.gap <= 1e-6


def test_infeasible_requirement_is_a_shortfall_not_an_error() -> None:
    units = pd.DataFrame({"id": ["a", "b"], "nation": ["NLD", "DEU"],
                          "unit_type": ["combat_vessel", "combat_vessel"],
                          "notice_days": [5, 50]})  # fmt: skip
    res = source(units, [Requirement("big", {"combat_vessel": 30, "air_squadron": 2}, 30)],
                 {"NLD": 1, "DEU": 1})  # fmt: skip
    fill = res.fill.set_index("unit_type")
    assert fill.loc["combat_vessel", ["designated", "shortfall"]].tolist() == [1, 29]
    assert fill.loc["air_squadron", "shortfall"] == 2
    assert res.shortfall == 31 and res.status == "optimal"


def test_fair_share_steers_the_choice() -> None:
    units = pd.DataFrame({"id": [f"u{i}" for i in range(8)],
                          "nation": ["NLD"] * 4 + ["DEU"] * 4,
                          "unit_type": ["air_squadron"] * 8, "notice_days": [5] * 8})  # fmt: skip
    req = [Requirement("r", {"air_squadron": 4}, 30)]
    even = source(units, req, {"NLD": 1, "DEU": 1}).nations.set_index("nation")["designated"]
    skew = source(units, req, {"NLD": 3, "DEU": 1}).nations.set_index("nation")["designated"]
    assert even.to_dict() == {"DEU": 2, "NLD": 2}
    assert skew.to_dict() == {"DEU": 1, "NLD": 3}


def test_shortfall_penalty_dominates_fairness() -> None:
    assert SHORTFALL_PENALTY > 2
    units = pd.DataFrame({"id": ["a", "b", "c"], "nation": ["NLD", "NLD", "NLD"],
                          "unit_type": ["air_squadron"] * 3, "notice_days": [5] * 3})  # fmt: skip
    res = source(units, [Requirement("r", {"air_squadron": 3}, 30)], {"NLD": 0.01, "DEU": 0.99})
    assert res.shortfall == 0  # all NLD units used although DEU's fair share is larger


def test_bad_inputs() -> None:
    units = synth.pledges(10)
    with pytest.raises(ReadinessError, match="unique"):
        source(units, [Requirement("a", {}, 1), Requirement("a", {}, 1)], {"NLD": 1})
    with pytest.raises(ReadinessError, match="positive weight"):
        source(units, [Requirement("a", {}, 1)], {"NLD": 0})
