"""A group's real change when its members change (the EU without the UK in 2020)."""

from __future__ import annotations

import burdenshare as bs


def test_same_allies_real_change_beside_natos_method() -> None:
    """NATO's method counts a member that left as a fall in spending: the EU's 2020 real
    change is about -19% by it, but the same 21 allies spent about 6% more in real terms."""
    g = bs.spending_group("eu", release="2026-07").set_index("year")
    assert float(g.loc[2020, "real_change_pct"]) < -15
    assert 5 < float(g.loc[2020, "real_change_same_allies_pct"]) < 7
    # a year without a change in membership: the two agree
    assert abs(float(g.loc[2021, "real_change_pct"])
               - float(g.loc[2021, "real_change_same_allies_pct"])) < 1e-9  # fmt: skip
    note = g.attrs["membership_note"]
    assert "2020" in note and "2021" not in note
    assert g.attrs["provenance"]["notes"]["membership"] == note  # CSVW and JSON carry it


def test_the_alliance_total_names_its_accession_years() -> None:
    g = bs.spending_group("nato", release="2026-07")
    assert "2023, 2024" in g.attrs["membership_note"]  # Finland, Sweden
