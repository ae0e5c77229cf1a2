"""One notion of "meets": spending counts, gaps, composition and the overview agree.

Each compares a figure as NATO prints it (two decimals, half up: burdenshare.measure), so an
ally printed at 2.00 meets 2% everywhere. Before, composition compared the unrounded value
(19.995 missed 20% there while it prints as 20.00), and counts and gaps rounded half to even
(2.125 compared as 2.12, printed 2.13).
"""

from __future__ import annotations

import pandas as pd

from burdenshare import spending

PANEL = pd.DataFrame(
    {
        "release": "x",
        "iso3": ["A", "B", "C", "D"],
        "year": 2024,
        "is_estimate": False,
        "share_gdp_pct": [1.995, 1.994, 2.0, float("nan")],
        "equipment_share_pct": [19.995, 19.994, 20.0, 25.0],
        "personnel_share_pct": [50.0, 50.0, 50.0, 50.0],
        "infrastructure_share_pct": [5.0, 5.0, 5.0, 5.0],
        "other_share_pct": [25.0, 25.0, 25.0, 20.0],
        "gdp_usd_current_bn": [100.0, 100.0, 100.0, 100.0],
        "defence_exp_usd_constant_mn": [1.0, 1.0, 1.0, 1.0],
        "gdp_usd_constant_bn": [0.05, 0.05, 0.05, 0.05],
    }
)
MEETS = {"A": True, "B": False, "C": True}


def test_count_gap_and_overview_agree_on_who_meets_two_percent() -> None:
    count = spending.count_at_or_above(PANEL, 2.0)
    assert count["allies"].iloc[0] == "A C" and int(count["of"].iloc[0]) == 3
    gap = spending.gap_to_threshold(PANEL, 2.0, 2024).set_index("iso3")
    assert gap["meets"].to_dict() == MEETS
    assert gap.loc["A", "gap_pp"] == 0.0 and gap.loc["A", "shortfall_usd_current_mn"] == 0.0
    assert round(float(gap.loc["B", "gap_pp"]), 9) == 0.01
    over = spending.overview(PANEL, 2024, {"nato": {2024: {"A", "B", "C", "D"}}}, 2.0, 20.0)
    assert over.set_index("iso3")["meets_2pct"].to_dict() == MEETS
    assert over.attrs["count_2pct"] == 2


def test_composition_and_overview_agree_on_the_equipment_guideline() -> None:
    comp = spending.composition(PANEL).set_index("iso3")["meets_equipment_20"].to_dict()
    assert comp == {"A": True, "B": False, "C": True, "D": True}
    over = spending.overview(PANEL, 2024, {}, 2.0, 20.0).set_index("iso3")
    assert over["meets_equipment_20"].to_dict() == MEETS  # D has no share of GDP: not listed


def test_ties_round_half_up_as_printed() -> None:
    tie = PANEL.assign(share_gdp_pct=[2.125, 2.115, 2.135, float("nan")])
    count = spending.count_at_or_above(tie, 2.13)
    assert count["allies"].iloc[0] == "A C"


def test_unrounded_comparison_stays_available() -> None:
    count = spending.count_at_or_above(PANEL, 2.0, decimals=None)
    assert count["allies"].iloc[0] == "C" and count["compared_at"].iloc[0] == "unrounded"
