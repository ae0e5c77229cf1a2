"""SIPRI as a second lens: its published 2024 figures reproduced from the shipped copy
(sipri/SOURCES.md: press coverage of the 28 April 2025 release), never mixed with NATO's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import burdenshare as bs
from burdenshare.measure import meets
from burdenshare.spending import loader
from burdenshare.spending.errors import SpendingDataError, SpendingError


@pytest.fixture(scope="module")
def y2024():
    return bs.spending_sipri(years=2024, group="NATO").set_index("iso3")


def test_sipri_published_2024_figures(y2024) -> None:
    bn = y2024["sipri_current_usd_mn"] / 1e3
    assert round(bn["USA"]) == 997  # $997 bn
    assert round(bn["DEU"], 1) == 88.5  # $88.5 bn
    assert round(bn["GBR"], 1) == 81.8  # $81.8 bn
    assert round(bn["POL"], 1) == 38.0  # $38.0 bn, 4.2% of GDP
    assert round(y2024.loc["POL", "sipri_share_gdp_pct"], 1) == 4.2
    assert round(bn["NATO"]) == 1506  # NATO total $1,506 bn (sum of 32)
    allies = y2024.drop(index="NATO")
    assert len(allies) == 32
    share = allies["sipri_share_gdp_pct"].dropna()
    # 18 of 32 at or above 2% as SIPRI prints (one decimal); 17 strictly (Sweden 1.998)
    assert int(meets(share.to_numpy(), 2.0, decimals=1).sum()) == 18
    assert int((share >= 2.0).sum()) == 17


def test_never_mixed_and_explained(y2024) -> None:
    # NATO's figures sit beside SIPRI's, each from its own source; the difference is shown
    de = y2024.loc["DEU"]
    assert de["nato_share_gdp_pct"] == 2.00 and round(de["sipri_share_gdp_pct"], 2) == 1.89
    assert de["difference_pp"] == pytest.approx(de["sipri_share_gdp_pct"] - 2.00)
    assert "definition" in y2024.attrs["differences"]
    kinds = [d["kind"] for d in y2024.attrs["provenance"]["datasets"]]
    assert kinds == ["nato_release", "sipri_milex", "population"]


def test_per_capita_from_population(y2024) -> None:
    us = y2024.loc["USA"]
    assert us["per_capita_usd"] == pytest.approx(997_309e6 / 340_110_988)
    # the group's per capita is spending over population summed
    nato = y2024.loc["NATO"]
    assert nato["per_capita_usd"] == pytest.approx(
        nato["sipri_current_usd_mn"] * 1e6 / nato["population"])


def test_estimate_flags() -> None:
    t = bs.spending_sipri("ITA", years=[2006, 2007]).set_index("year")
    assert t["sipri_estimate"].tolist() == [False, True]  # SIPRI's estimate 2007-09


def test_a_tampered_sipri_file_is_a_spending_error(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, root)
    f = root / "sipri" / "sipri_milex_nato_2000_2024.csv"
    f.write_bytes(f.read_bytes() + b"\n")
    with pytest.raises(SpendingDataError, match="SHA-256 mismatch") as info:
        loader.load_sipri.__wrapped__(root)
    assert isinstance(info.value, SpendingError)
