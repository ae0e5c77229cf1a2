"""Spending and equipment per soldier from NATO's Table 7 personnel."""

from __future__ import annotations

import pytest

import burdenshare as bs


def test_netherlands_2024_worked_example() -> None:
    # release 2024-06: 18,503 US$ mn (2015 prices) / 41.863 thousand soldiers
    t = bs.spending_per_soldier(2024, "NLD", release="2024-06").iloc[0]
    p = bs.data_panel(release="2024-06").set_index(["iso3", "year"]).loc[("NLD", 2024)]
    per = p["defence_exp_usd_constant_mn"] / p["military_personnel_thousands"]
    assert t["spending_per_soldier_usd_k"] == pytest.approx(per)
    assert t["spending_per_soldier_usd_k"] == pytest.approx(442.0, abs=0.1)
    assert t["equipment_per_soldier_usd_k"] == pytest.approx(per * p["equipment_share_pct"] / 100)
    assert t["price_base"] == 2015


def test_iceland_has_no_soldiers_and_is_left_out() -> None:
    t = bs.spending_per_soldier(2024, release="2024-06")
    assert "ISL" not in set(t["iso3"])
    assert (t["spending_per_soldier_usd_k"] > 0).all()


def test_cumulative_separates_accessions_and_flags_estimates() -> None:
    # the review: 86 bn of NATO's 2015-2026 extra spending over 2014 is accessions
    # (Montenegro, North Macedonia, Finland, Sweden), and 2025-2026 are estimates
    c = bs.spending_cumulative("nato", base=2014, release="2026-07")
    fixed = bs.spending_cumulative("nato", base=2014, release="2026-07", fixed_membership=True)
    assert round(c["accession_usd_constant_mn"].sum() / 1e3) == 86
    assert c["cumulative_usd_constant_mn"].iloc[-1] - fixed["cumulative_usd_constant_mn"].iloc[
        -1] == pytest.approx(c["accession_usd_constant_mn"].sum())
    assert fixed["accession_usd_constant_mn"].eq(0).all()
    assert c.set_index("year")["is_estimate"].loc[[2024, 2025, 2026]].tolist() == [
        False, True, True]  # fmt: skip
    assert "accessions left out" in fixed.attrs["membership"]
