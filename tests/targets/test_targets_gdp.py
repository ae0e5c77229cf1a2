"""GDP assumption sets: shipped data verified, extension declared, join to NATO's level."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import burdenshare as bs
from burdenshare.api import targets as api
from burdenshare.targets import gdp, loader
from burdenshare.targets.errors import AssumptionFileError, CoverageGapError, UnknownAssumptionError

FIX = Path(__file__).parent / "fixtures" / "gdp"
WEO = loader.load_weo()


def _weo_value(iso3: str, year: int, variable: str) -> float:
    row = WEO[(WEO.iso3 == iso3) & (WEO.year == year) & (WEO.variable == variable)]
    return float(row["value"].iloc[0])


def test_shipped_weo_is_complete() -> None:
    assert len(WEO) == 1280 and WEO["iso3"].nunique() == 32
    assert sorted(WEO["year"].unique()) == list(range(2023, 2031))
    assert "October 2025" in WEO.attrs["citation"]


def test_changed_file_fails_its_hash(tmp_path: Path) -> None:
    shutil.copytree(loader.DATA_DIR, tmp_path / "data")
    f = tmp_path / "data" / "gdp" / "gdp_projections_WEO-2025-10.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("4.015", "4.016"), encoding="utf-8")
    with pytest.raises(
        AssumptionFileError, match=r"gdp_projections_WEO-2025-10\.csv: SHA-256 mismatch"
    ):
        loader.load_weo.__wrapped__("imf-weo-2025-10", tmp_path / "data")


def test_extension_is_declared() -> None:
    a = gdp.weo_assumption(WEO, "imf-weo-2025-10", "x")
    r = gdp.rates_for(a, ["NLD"], [2030, 2031, 2035]).set_index("year")
    assert r.at[2030, "origin"] == "imf-weo-2025-10"
    assert r.at[2031, "origin"] == "extended: hold-last (2030 rates)"
    assert r.at[2035, "real_growth_pct"] == _weo_value("NLD", 2030, "real_growth_pct")
    m3 = gdp.rates_for(gdp.weo_assumption(WEO, "w", "x", "mean-last-3"), ["NLD"], [2032])
    vals = [1 + _weo_value("NLD", y, "real_growth_pct") / 100 for y in (2028, 2029, 2030)]
    assert m3["real_growth_pct"].iloc[0] == pytest.approx((np.prod(vals) ** (1 / 3) - 1) * 100)
    with pytest.raises(CoverageGapError, match="ends in 2030 and its extension rule is 'none'"):
        gdp.rates_for(gdp.weo_assumption(WEO, "w", "x", "none"), ["NLD"], [2031])


def test_projection_applies_imf_growth_to_natos_level() -> None:
    e = api.targets_gdp_projection("NLD").set_index("year")
    p = bs.data_panel().set_index(["iso3", "year"])
    xr = (
        p.at[("NLD", 2026), "defence_exp_nc_mn"] / p.at[("NLD", 2026), "defence_exp_usd_current_mn"]
    )
    level_2026 = p.at[("NLD", 2026), "gdp_usd_current_bn"] * xr
    assert e.at[2026, "gdp_nc_bn"] == pytest.approx(level_2026)
    growth = (1 + _weo_value("NLD", 2027, "real_growth_pct") / 100) * (
        1 + _weo_value("NLD", 2027, "deflator_growth_pct") / 100
    )
    assert e.at[2027, "gdp_nc_bn"] == pytest.approx(level_2026 * growth)
    # the IMF's own level differs from NATO's: the join keeps NATO's
    assert abs(_weo_value("NLD", 2026, "gdp_nc_bn") - level_2026) > 1
    assert "applied to NATO's GDP" in e.attrs["join"]
    assert "defence_exp_nc_mn / share is not used" in e.attrs["gdp_nc_method"]
    assert e.at[2035, "origin"] == "extended: hold-last (2030 rates)"


def test_trend_and_flat() -> None:
    h = pd.DataFrame(
        {
            "iso3": "AAA",
            "year": [2020, 2021, 2022],
            "is_estimate": False,
            "real_growth_pct": [1.0, 3.0, 50.0],
            "deflator_growth_pct": [2.0, 4.0, 0.0],
        }
    )
    t = gdp.trend_assumption(h, end=2021)
    r = gdp.rates_for(t, ["AAA"], [2040]).iloc[0]
    assert r["real_growth_pct"] == pytest.approx((np.sqrt(1.01 * 1.03) - 1) * 100)
    assert r["deflator_growth_pct"] == pytest.approx((np.sqrt(1.02 * 1.04) - 1) * 100)
    f = gdp.rates_for(gdp.flat_assumption(h, end=2021), ["AAA"], [2040]).iloc[0]
    assert f["real_growth_pct"] == 0.0
    assert f["deflator_growth_pct"] == pytest.approx(r["deflator_growth_pct"])
    assert "none needed" in t.extension_text


def test_named_sets_and_unknown_name() -> None:
    assert api.targets_gdp_assumption("imf-weo-2025-04").last_year == 2030
    assert api.targets_gdp_assumption("trend").constant
    with pytest.raises(UnknownAssumptionError, match="accepted: imf-weo-2025-10, imf-weo-2025-04"):
        api.targets_gdp_assumption("imf-weo-2018-10")  # editions are shipped from 2019-04


def test_user_csv(tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text("iso3,year,real_growth_pct,deflator_growth_pct\n"
                 + "".join(f"NLD,{y},1.0,2.0\n" for y in range(2027, 2031)))  # fmt: skip
    e = api.targets_gdp_projection("NLD", assumption=str(f)).set_index("year")
    assert e.at[2028, "gdp_nc_bn"] == pytest.approx(e.at[2027, "gdp_nc_bn"] * 1.01 * 1.02)
    assert e.at[2031, "origin"] == "extended: hold-last (2030 rates)"
    with pytest.raises(CoverageGapError, match="has no rates for DEU"):
        api.targets_gdp_projection("DEU", assumption=str(f))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing_column.csv", "GDP assumption file missing_column.csv: missing column "
         "'deflator_growth_pct'; expected iso3, year, real_growth_pct, deflator_growth_pct"),
        ("extra_column.csv", "GDP assumption file extra_column.csv: unexpected column "
         "'nominal_growth_pct'; expected iso3, year, real_growth_pct, deflator_growth_pct"),
        ("not_a_number.csv", "GDP assumption file not_a_number.csv, line 3: column "
         "'real_growth_pct': 'n/a' is not a number"),
        ("out_of_range.csv", "GDP assumption file out_of_range.csv, line 2: column "
         "'deflator_growth_pct': 250 is outside -50..100 percent"),
        ("duplicate.csv", "GDP assumption file duplicate.csv, line 3: duplicate key (iso3, year) = "
         "('NLD', '2027'), first seen at line 2"),
    ],
)  # fmt: skip
def test_user_csv_fixtures(name: str, message: str) -> None:
    with pytest.raises(AssumptionFileError) as exc:
        loader.read_user_gdp(FIX / name)
    assert str(exc.value) == message
