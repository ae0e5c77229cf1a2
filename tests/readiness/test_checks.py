"""Checks on the synthetic units: the edge cases that matter, and the timeline's method."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from burdenshare import rules
from burdenshare.allies import registry
from burdenshare.ledger.io import read_seed
from burdenshare.readiness import Requirement, TargetError, frame
from burdenshare.readiness.checks import check, counting_units, periods, tier_counts, timeline
from burdenshare.readiness.targets import nfm_tiers, requirement
from tests.readiness import synth

TEST_REQ = Requirement("test", {"mechanised_battalion": 3, "air_squadron": 3,
                                "combat_vessel": 2}, 30)  # fmt: skip


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return frame(read_seed(sorted(registry()))[0])


def _ids(
    units: pd.DataFrame, day: date, req: Requirement = TEST_REQ, offers: bool = True
) -> set[str]:
    return set(counting_units(units, req, day, with_offers=offers)["id"])


def test_notice_exactly_at_the_limit_counts_one_day_more_does_not(units: pd.DataFrame) -> None:
    ids = _ids(units, date(2025, 6, 1))
    assert "SYN-L02" in ids  # DEU, 30 days
    assert "SYN-L05" not in ids  # CAN, 31 days
    looser = Requirement("31", dict(TEST_REQ.counts), 31)
    assert "SYN-L05" in _ids(units, date(2025, 6, 1), looser)


@pytest.mark.parametrize(
    ("unit", "inside", "outside"),
    [
        ("SYN-A01", date(2025, 12, 31), date(2026, 1, 1)),  # last day counts
        ("SYN-L02", date(2026, 12, 31), date(2027, 1, 1)),
        ("SYN-M02", date(2025, 3, 1), date(2025, 2, 28)),  # first day counts
        ("SYN-L06", date(2027, 7, 1), date(2027, 6, 30)),
    ],
)
def test_windows_are_inclusive_on_both_ends(units: pd.DataFrame, unit: str, inside: date,
                                            outside: date) -> None:  # fmt: skip
    assert unit in _ids(units, inside)
    assert unit not in _ids(units, outside)


def test_type_other_never_counts(units: pd.DataFrame) -> None:
    for day in (date(2024, 6, 1), date(2026, 6, 1)):
        assert "SYN-O01" not in _ids(units, day)
        assert "SYN-O01" not in _ids(units, day, Requirement("all", {}, 10_000))
    with pytest.raises(TargetError, match="'other' cannot be required"):
        Requirement("x", {"other": 1}, 30)


def test_offers_in_and_out(units: pd.DataFrame) -> None:
    day = date(2026, 1, 1)
    with_offers = check(units, TEST_REQ, day).set_index("unit_type")
    without = check(units, TEST_REQ, day, with_offers=False).set_index("unit_type")
    assert with_offers.loc["air_squadron", ["pledged", "offered", "counted"]].tolist() == [2, 1, 3]
    assert bool(with_offers.loc["air_squadron", "filled"])
    assert without.loc["air_squadron", ["counted", "shortfall"]].tolist() == [2, 1]
    assert not bool(without.loc["air_squadron", "filled"])
    assert "SYN-A07" in _ids(units, day) and "SYN-A07" not in _ids(units, day, offers=False)


def test_withdrawn_never_counts(units: pd.DataFrame) -> None:
    gone = units.copy()
    gone.loc[gone["id"] == "SYN-A05", "status"] = "withdrawn"
    assert "SYN-A05" not in _ids(gone, date(2026, 1, 1))


def test_the_synthetic_story_on_2026_01_01(units: pd.DataFrame) -> None:
    out = check(units, TEST_REQ, date(2026, 1, 1), with_offers=False)
    assert out[["unit_type", "required", "counted", "shortfall", "surplus"]].values.tolist() == [
        ["mechanised_battalion", 3, 3, 0, 0],
        ["air_squadron", 3, 2, 1, 0],
        ["combat_vessel", 2, 3, 0, 1],
    ]


def test_nri_comes_from_the_rules_in_force() -> None:
    ruleset = rules.default_rules()
    nri = requirement("nri", ruleset, date(2026, 1, 1))
    assert dict(nri.counts) == {"mechanised_battalion": 30, "air_squadron": 30, "combat_vessel": 30}
    assert nri.max_notice_days == 30
    with pytest.raises(TargetError, match="not in force on 2018-07-10"):
        requirement("nri", ruleset, date(2018, 7, 10))
    with pytest.raises(TargetError, match="unknown target 'xyz'"):
        requirement("xyz", ruleset, date(2026, 1, 1))
    assert requirement("mine", ruleset, date(2026, 1, 1), {"mine": TEST_REQ}) is TEST_REQ


def test_nfm_tier_counts(units: pd.DataFrame) -> None:
    tiers = nfm_tiers(rules.default_rules(), date(2025, 1, 1))
    out = tier_counts(units, tiers, date(2025, 1, 1)).set_index("unit_type")
    # mech on 2025-01-01: L01 10 (t1), L02 30 (t2), L03 20 (t2), L04 45 (t3), L05 31 (t3)
    assert out.loc["mechanised_battalion"].tolist() == [1, 2, 2, 0]
    assert out.loc["other"].tolist() == [1, 0, 0, 0]


def test_timeline_follows_the_story(units: pd.DataFrame) -> None:
    spans = periods(date(2024, 1, 1), date(2028, 12, 31), by="month")
    t = timeline(units, spans, [TEST_REQ] * len(spans))
    air = t[t["unit_type"] == "air_squadron"].set_index("period")
    assert air.loc["2025-12", ["counted", "counted_with_offers"]].tolist() == [4, 4]
    assert air.loc["2026-01", ["counted", "counted_with_offers"]].tolist() == [2, 3]
    assert air.loc["2027-07", ["counted", "counted_with_offers"]].tolist() == [4, 5]
    assert air.loc["2028-01", ["counted", "counted_with_offers"]].tolist() == [4, 4]
    assert len(t) == 60 * 3


def _brute(
    units: pd.DataFrame, start: date, end: date, req: Requirement, offers: bool
) -> dict[str, int]:
    """Lowest count over every single day of the span, by type (plain loop over days)."""
    lows: dict[str, int] = {}
    day = start
    while day <= end:
        out = check(units, req, day, with_offers=offers)
        for t, n in zip(out["unit_type"], out["counted"], strict=True):
            lows[t] = min(lows.get(t, n), n)
        day += timedelta(days=1)
    return lows


def test_timeline_is_the_lowest_count_on_any_day() -> None:
    units = synth.pledges(120, seed=5, start=date(2024, 1, 1), years=2)
    req = Requirement("r", {"mechanised_battalion": 5, "air_squadron": 5, "combat_vessel": 5}, 40)
    spans = periods(date(2024, 2, 10), date(2025, 3, 20), by="quarter")
    t = timeline(units, spans, [req] * len(spans))
    for _, span in spans.iterrows():
        rows = t[t["period"] == span["period"]].set_index("unit_type")
        for offers, col in ((False, "counted"), (True, "counted_with_offers")):
            want = _brute(units, span["start"].date(), span["end"].date(), req, offers)
            assert rows[col].to_dict() == want, (span["period"], col)


def test_periods_reject_end_before_start() -> None:
    from burdenshare.readiness import ReadinessError

    with pytest.raises(ReadinessError, match="before start"):
        periods(date(2025, 1, 2), date(2025, 1, 1))
