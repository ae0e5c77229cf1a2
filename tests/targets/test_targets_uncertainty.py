"""The calibrated uncertainty model: estimates, the required share, and its calibration.

The calibration numbers asserted here are the ones reported in docs/targets.md
("Calibration"); a change to the data or the model that moves them fails here first.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import burdenshare as bs
from burdenshare.targets import loader
from burdenshare.targets import uncertainty as u


@pytest.fixture(scope="module")
def errors() -> pd.DataFrame:
    return u.forecast_errors(loader.load_forecast_history())


@pytest.fixture(scope="module")
def panels() -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    rels = bs.data_releases()
    ids = list(rels["release"])
    return ({r: bs.data_panel(release=r) for r in ids},
            dict(zip(ids, rels["published"].astype(str), strict=True)))  # fmt: skip


def test_forecast_errors_persist_and_grow_with_the_horizon(errors: pd.DataFrame) -> None:
    m = u.fit_error_model(errors)
    assert 0.3 < m.rho < 0.42  # consecutive years' errors are correlated (0.36)
    sd = [m.level_sd_pct("DEU", h) for h in range(0, 11)]
    assert sd == sorted(sd)  # the level error grows with the horizon
    assert sd[0] < 1.0 < sd[1]  # the current year of a fall edition is nearly known
    # Germany's level error 10 years ahead: sqrt(σ0² + σ² S(10, ρ))
    a = m.allies.loc["DEU"]
    want = math.sqrt(a["sigma0_pct"] ** 2 + a["sigma_pct"] ** 2 * u.ar1_sum(10, m.rho))
    assert sd[10] == pytest.approx(want)
    # independent shocks (ρ = 0) would understate it
    assert sd[10] > math.sqrt(a["sigma0_pct"] ** 2 + a["sigma_pct"] ** 2 * 10)


def test_nato_estimates_against_later_releases(panels: tuple) -> None:
    r = u.revision_errors(*panels)
    assert len(r) == 366  # 14 releases, the press reprints of 2016-2022 included
    assert set(r["later_release"]) == {"2026-07"}
    # the 2024-06 release's estimates (2023, 2024), later revised: 0.10 pp on average
    est24 = r[r["release"] == "2024-06"]
    assert len(est24) == 62
    assert est24["revision_pp"].abs().mean() == pytest.approx(0.1047, abs=1e-3)
    assert u.revision_sd(r) == pytest.approx(0.0962, abs=1e-3)  # far from the 2% assumed before


def test_required_share_gives_the_probability_asked() -> None:
    for sd in (0.02, 0.1, 0.3):
        for q in (0.5, 0.75, 0.9, 0.95):
            s = u.required_share(3.5, sd, q)
            assert u.plan_probability(s, 3.5, sd) == pytest.approx(q, abs=1e-9)
    assert u.required_share(3.5, 0.1, 0.5) == pytest.approx(3.5)
    # a plan built to hit the target on the central forecast has p = 1/2, not more
    assert u.plan_probability(3.5, 3.5, 0.1) == pytest.approx(0.5)


def test_worked_example_netherlands() -> None:
    # docs/targets.md: the Netherlands, 3.5% in 2035, 90%, from the October 2025 edition
    r = bs.targets_required_share("NLD", plan_share_pct=3.5).iloc[0]
    assert r["years_ahead"] == 10
    assert r["gdp_level_sd_pct"] == pytest.approx(16.05, abs=0.01)
    assert r["total_sd_pct"] == pytest.approx(18.71, abs=0.01)
    assert r["required_share_pct"] == pytest.approx(3.5 * math.exp(1.281552 * 0.18707), abs=1e-3)
    assert r["required_share_pct"] == pytest.approx(4.45, abs=0.01)
    assert r["p_target"] == pytest.approx(0.5)


def test_a_stated_plan_in_money() -> None:
    slow = bs.targets_required_share("NLD", plan_growth_pct=4.0).iloc[0]
    fast = bs.targets_required_share("NLD", plan_growth_pct=9.0).iloc[0]
    assert slow["plan_share_pct"] < fast["plan_share_pct"]
    assert slow["p_target"] < fast["p_target"]
    assert 0 < slow["p_target"] < 0.5 < fast["p_target"] < 1


def test_calibration_of_the_gdp_band(errors: pd.DataFrame) -> None:
    """Out of sample: each shipped edition's forecasts of nominal GDP growth (real × deflator)
    against the outturns in the latest edition, with the 90% band of a model fitted only on
    errors known when the edition was published."""
    eds = loader.editions()
    past = {eds[n].edition: loader.load_weo(n) for n in eds
            if n not in ("imf-weo-2025-10", "imf-weo-2020-04")}  # fmt: skip
    cal = u.calibration(past, loader.load_weo("imf-weo-2025-10"), errors)
    assert len(cal) == 640
    share = float(cal["inside"].mean())
    assert share == pytest.approx(0.908, abs=0.001)  # docs/targets.md: 90.8% (n = 640)
    by = u.coverage(cal, "years_ahead")["inside_share"].round(3).to_dict()
    assert by == {0: 0.812, 1: 0.938, 2: 0.938, 3: 0.917, 4: 0.927, 5: 0.938}


def test_calibration_of_the_revision_band(panels: tuple) -> None:
    """Leave one release out: the later figure inside estimate × exp(±z σ_R), σ_R fitted on
    the other releases' revisions."""
    r = u.revision_errors(*panels)
    z = 1.6448536
    inside = []
    for rel in r["release"].unique():
        sd = u.revision_sd(r[r["release"] != rel])
        inside.append(np.abs(r.loc[r["release"] == rel, "log_ratio"]) <= z * sd)
    share = float(pd.concat(inside).mean())
    assert share == pytest.approx(0.918, abs=0.001)  # docs/targets.md: 91.8% (336 of 366)
