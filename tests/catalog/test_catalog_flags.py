"""Estimates keep their flag; not applicable is distinct from missing and from zero."""

from __future__ import annotations

import pandas as pd

from burdenshare.catalog import default_catalog, observations


def _raw(release: str) -> pd.DataFrame:
    cat = default_catalog()
    return pd.read_csv(cat.root / f"expenditure/expenditure_{release}.csv")


def test_iceland_defence_is_not_applicable_but_its_gdp_is_a_value() -> None:
    obs = observations(allies="ISL", release="2024-06")
    defence = obs[obs["indicator"] == "share_gdp_pct"]
    assert (defence["flag"] == "not_applicable").all()
    assert defence["value"].isna().all()
    gdp = obs[obs["indicator"] == "gdp_usd_current_bn"]
    assert gdp["value"].notna().all() and (gdp["value"] > 0).all()


def test_iceland_gdp_absent_from_2026_copy_is_missing_not_not_applicable() -> None:
    obs = observations("gdp_usd_current_bn", allies="ISL", release="2026-07")
    assert (obs["flag"] == "missing").all()


def test_estimate_flags_follow_the_source_column() -> None:
    for release in ("2024-06", "2026-07"):
        raw = _raw(release)
        expected = set(raw.loc[raw["is_estimate"], "year"])
        obs = observations("share_gdp_pct", release=release)
        flagged = set(obs.loc[obs["flag"] == "estimate", "year"])
        assert flagged == expected


def test_zero_is_a_value_not_missing() -> None:
    obs = observations("infrastructure_share_pct", allies="FIN", years=2015, release="2024-06")
    assert float(obs["value"].iloc[0]) == 0.0
    assert obs["flag"].isna().all()


def test_values_are_kept_as_published() -> None:
    raw = _raw("2024-06").set_index(["iso3", "year"])
    obs = observations("share_gdp_pct", release="2024-06").set_index(["iso3", "year"])
    joined = obs["value"].dropna()
    assert (joined == raw.loc[joined.index, "share_gdp_pct"]).all()


def test_units_name_the_price_base() -> None:
    for release, base in (("2024-06", 2015), ("2026-07", 2021)):
        obs = observations("defence_exp_usd_constant_mn", release=release)
        assert set(obs["unit"]) == {f"usd_{base}_mn"}
