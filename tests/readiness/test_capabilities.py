"""The capabilities component from pledges, and its use in the three-Cs index."""

from __future__ import annotations

import math

from burdenshare.api.readiness import readiness_capabilities
from burdenshare.provenance import provenance

REQ = "mechanised_battalion=3,air_squadron=3,combat_vessel=2"


def test_capabilities_relative_to_gdp_fair_share() -> None:
    c = readiness_capabilities("2026-01-01", requirement=REQ, max_notice=30, pledges="synthetic")
    by = c.set_index("iso3")
    assert int(by["units"].sum()) == 8  # 3 mech + 2 air (firm) + 3 vessels on 2026-01-01
    assert math.isclose(float(by["weight"].sum()), 1.0)
    assert by.loc["USA", "units"] == 0 and by.loc["USA", "readiness_vs_fair_share"] == 0.0
    assert by.loc["NOR", "readiness_vs_fair_share"] > 1  # one squadron, a small GDP share
    env = provenance(c)
    assert "SYNTHETIC" in env["notes"]["synthetic"]
    assert env["release"] is not None and env["datasets"][0]["kind"] == "nato_release"


def test_the_burden_index_takes_the_component() -> None:
    from burdenshare.api.burden import burden_index

    c = readiness_capabilities("2025-12-31", requirement=REQ, max_notice=30, pledges="synthetic")
    index = burden_index(2025, capabilities=c[["iso3", "readiness_vs_fair_share"]])
    assert "capabilities" in " ".join(map(str, index.columns))
