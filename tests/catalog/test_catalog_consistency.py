"""Cross-cell consistency: nothing unexplained, and no stale allow-list entry."""

from __future__ import annotations

import pandas as pd

from burdenshare.catalog import KNOWN_EXCEPTIONS, consistency_report, panel
from burdenshare.catalog.checks import _composition_violations, _share_violations


def test_every_inconsistency_is_a_documented_exception() -> None:
    report = consistency_report()
    assert (report["status"] == "known exception").all(), report[
        report["status"] != "known exception"
    ].to_string()


def test_every_allow_listed_exception_still_occurs() -> None:
    report = consistency_report()
    seen = set(zip(report["release"], report["iso3"], report["year"], report["rule"], strict=True))
    assert set(KNOWN_EXCEPTIONS) <= seen


def test_a_changed_share_is_caught() -> None:
    p = panel(release="2024-06")
    bad = p.copy()
    row = bad.index[(bad["iso3"] == "NLD") & (bad["year"] == 2020)][0]
    bad.loc[row, "share_gdp_pct"] += 0.02
    found = _share_violations("2024-06", bad)
    assert list(zip(found["iso3"], found["year"], strict=True)) == [
        ("FRA", 2020),
        ("NLD", 2020),
        ("SVK", 2024),
    ]


def test_categories_not_adding_up_are_caught_but_partial_breakdowns_are_not() -> None:
    p = pd.DataFrame(
        {
            "iso3": ["A", "B", "C"],
            "year": 2024,
            "equipment_share_pct": [20.0, 20.0, 20.0],
            "personnel_share_pct": [50.0, 50.0, None],
            "infrastructure_share_pct": [5.0, 5.0, 5.0],
            "other_share_pct": [25.0, 24.0, 25.0],
        }
    )
    found = _composition_violations("x", p)
    assert found["iso3"].tolist() == ["B"]
