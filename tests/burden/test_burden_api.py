"""The facade and the CLI on the shipped releases, cross-checked with other parts.

Expected values come from the allies registry, the spending metrics (independent code),
hand counts in efp.csv, or published cost shares; not from this package's own output.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import burdenshare as bs
from burdenshare import allies, spending
from burdenshare import burden as bd
from burdenshare.burden.errors import BurdenError
from burdenshare.catalog import CoverageError
from burdenshare.cli import run

NO_DEFENCE = {"ISL"}  # Iceland has no armed forces; NATO publishes no spending


def test_exploitation_uses_members_of_each_year_and_skips_iceland() -> None:
    t = bs.burden_exploitation(2014, 2026, release="2026-07", n_resamples=199)
    n = t.groupby("year")["n_allies"].max()
    for year, count in n.items():
        assert count == len(set(allies.members("nato", int(year))) - NO_DEFENCE)
    assert n.loc[2022] + 1 == n.loc[2023]  # Finland joins in 2023
    assert "ISL 2014-2026" in t.attrs["skipped"]
    assert set(t["basis"]) == {"usd_current"}
    assert t.attrs["release"] == "2026-07"


def test_exploitation_rows_and_methods() -> None:
    t = bs.burden_exploitation(2024, 2024, basis="constant", release="2024-06")
    assert set(t["basis"]) == {"usd_constant_2015"}
    methods = dict(zip(t["statistic"] + "/" + t["p_method"], t["estimate"], strict=True))
    assert "spearman/t approximation (df 29)" in methods
    assert "spearman/Monte Carlo permutation (9999 resamples, seed 0)" in methods
    assert t.loc[t["statistic"] == "partial_spearman", "controls"].tolist() == ["gdp_per_head"]
    # the two Spearman rows report the same coefficient
    sp = t.loc[t["statistic"] == "spearman", "estimate"]
    assert sp.nunique() == 1


def test_exploitation_matches_scipy_on_the_panel() -> None:
    from scipy import stats

    t = bs.burden_exploitation(2020, 2020, release="2024-06")
    p = bs.data_panel(release="2024-06")
    members = set(allies.members("nato", 2020)) - NO_DEFENCE
    sub = p[(p["year"] == 2020) & p["iso3"].isin(members)]
    expected = stats.spearmanr(sub["gdp_usd_current_bn"], sub["share_gdp_pct"]).statistic
    got = t.loc[t["statistic"] == "spearman", "estimate"].iloc[0]
    assert got == pytest.approx(expected, abs=1e-12)


def test_exploitation_series_is_one_row_per_year() -> None:
    s = bs.burden_exploitation_series(2014, 2024, release="2024-06")
    assert s["year"].tolist() == list(range(2014, 2025))
    assert list(s.columns[:4]) == ["year", "spearman_rho", "kendall_tau_b", "partial_spearman_rho"]
    assert s["spearman_rho"].between(-1, 1).all()


def test_fair_share_alliance_burden_equals_spending_group_ratio() -> None:
    f = bs.burden_fair_share(2024, basis="constant", release="2024-06")
    p = bs.data_panel(release="2024-06")
    # The fair-share comparison set leaves out allies with no defence spending (Iceland),
    # so its alliance burden is the group ratio over the same set — NATO's own row also
    # counts Iceland's GDP and is slightly lower.
    members = {2024: set(allies.members("nato", 2024)) - NO_DEFENCE}
    g = spending.group_share_of_gdp(p, members)
    assert f.attrs["alliance_burden_pct"] == pytest.approx(
        float(g["share_gdp_pct_weighted"].iloc[0]), rel=1e-12
    )
    assert f["basis"].unique().tolist() == ["usd_constant_2015"]
    assert f["fair_share_gap_usd_mn"].sum() == pytest.approx(0.0, abs=1e-6)
    assert "ISL" not in set(f["iso3"])
    assert len(f) == len(set(allies.members("nato", 2024)) - NO_DEFENCE)


def test_fair_share_population_is_spending_per_capitas() -> None:
    f = bs.burden_fair_share(2023, release="2024-06").set_index("iso3")
    p = bs.data_panel(release="2024-06")
    pc = spending.per_capita(p[p["year"] == 2023]).set_index("iso3")["population_mn"]
    assert f["population_mn"].to_dict() == pytest.approx(pc.reindex(f.index).to_dict())


def test_fair_share_group_and_year_default() -> None:
    f = bs.burden_fair_share(group="europe_canada", release="2024-06")
    assert f.attrs["year"] == 2024
    assert "USA" not in set(f["iso3"])
    assert f["spending_share_pct"].sum() == pytest.approx(100.0)


def _band_of_printed(text: str) -> str:
    value = float(text)
    if value >= 1.2:
        return "substantial"
    return "in balance" if value >= 0.8 else "very low effort"


def test_fair_share_band_agrees_with_the_printed_ratio() -> None:
    # Regression: NLD 2026 (release 2026-07) has R = 0.7989, printed 0.80 but classed
    # "very low effort" although the DoD band for 0.80 is "in balance".
    f = bs.burden_fair_share(2026, release="2026-07").set_index("iso3")
    assert 0.795 <= f.loc["NLD", "burden_sharing_ratio"] < 0.8
    assert f.loc["NLD", "band"] == "in balance"
    assert f.attrs["band_compared_at"] == "2 decimals"
    for ratio, band in zip(f["burden_sharing_ratio"], f["band"], strict=True):
        assert band == _band_of_printed(f"{ratio:.2f}")
    raw = bs.burden_fair_share(2026, release="2026-07", band_decimals=None).set_index("iso3")
    assert raw.loc["NLD", "band"] == "very low effort"
    assert raw.attrs["band_compared_at"] == "unrounded"


def test_cli_fair_share_names_how_bands_are_compared(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["burden", "fair-share", "--year", "2026", "--release", "2026-07",
                "--format", "csv"]) == 0  # fmt: skip
    default = capsys.readouterr().out
    assert run(["burden", "fair-share", "--year", "2026", "--release", "2026-07",
                "--unrounded-bands", "--format", "csv"]) == 0  # fmt: skip
    unrounded = capsys.readouterr().out
    nld = next(line for line in default.splitlines() if line.startswith("NLD,"))
    nld_raw = next(line for line in unrounded.splitlines() if line.startswith("NLD,"))
    assert ",in balance," in nld
    assert ",very low effort," in nld_raw


def test_fair_share_current_basis_is_named() -> None:
    f = bs.burden_fair_share(2022, release="2026-07")
    assert f.attrs["basis"] == "usd_current"
    assert (f["basis"] == "usd_current").all()


def test_decomposition_adds_up_and_tracks_published_shares() -> None:
    d = bs.burden_decomposition(from_year=2015, to_year=2024, release="2024-06")
    assert ((d["spending_effect_pp"] + d["gdp_effect_pp"] - d["change_pp"]).abs() < 1e-12).all()
    # on constant prices the recomputed change follows NATO's printed (2-dp) change
    diff = (d["change_pp"] - d["published_change_pp"]).abs()
    assert diff.median() < 0.01
    # Finland's first year in NATO (2023) has no previous member year: no 2023 row
    fin = d[d["iso3"] == "FIN"]
    assert fin["year"].min() == 2024


def test_decomposition_of_one_ally_by_name() -> None:
    d = bs.burden_decomposition("Nederland", from_year=2020, to_year=2024, release="2024-06")
    assert set(d["iso3"]) == {"NLD"}
    assert d["year"].tolist() == [2021, 2022, 2023, 2024]


def test_index_default_lists_missing_capabilities_and_cost_shares() -> None:
    t = bs.burden_index(2024, release="2024-06")
    assert (
        "capabilities: readiness_vs_fair_share (not given"
        in t.attrs["missing_inputs"]
    )
    assert "contributions: common_funding_vs_formula" in t.attrs["missing_inputs"]
    assert t["capabilities_score"].isna().all()
    assert t.attrs["weights_used"] == "cash=0.5, contributions=0.5"
    for col in ("z_burden_pct", "z_equipment_share_pct", "z_efp_battlegroups", "cash_score"):
        assert col in t.columns
    assert "ISL" not in set(t["iso3"])


def test_index_forward_presence_counts_by_hand() -> None:
    t = bs.burden_index(2024, release="2024-06").set_index("iso3")
    # efp.csv, USA abroad: EST 2022, LTU 2023, POL 2017 (framework), SVK 2022, HUN 2022,
    # BGR 2022 -> 6; GBR: EST (framework) 2017, POL 2017 -> 2; POL hosts, and is in LVA
    # 2017 and SVK 2022-03 -> 2
    assert t.loc["USA", "efp_battlegroups"] == 6
    assert t.loc["GBR", "efp_battlegroups"] == 2
    assert t.loc["POL", "efp_battlegroups"] == 2
    assert t.loc["EST", "efp_battlegroups"] == 0


def test_index_before_forward_presence_has_no_contribution_spread() -> None:
    t = bs.burden_index(2016, release="2024-06")
    assert (t["efp_battlegroups"] == 0).all()
    assert (t["z_efp_battlegroups"] == 0).all()


def _nato_gdp_share(year: int, release: str) -> pd.Series:
    """Each member's share of the members' GDP (current USD), straight from the panel."""
    p = bs.data_panel(release=release)
    sub = p[(p["year"] == year) & p["iso3"].isin(allies.members("nato", year))]
    gdp = sub.set_index("iso3")["gdp_usd_current_bn"].dropna()
    return gdp / gdp.sum()


def test_index_with_cost_shares_passed_in() -> None:
    # a key passed by the caller (made up for two allies), with a period that is not 2022
    key = pd.DataFrame(
        {
            "period_start": [2021, 2021, 2018],
            "period_end": [2024, 2024, 2019],
            "iso3": ["USA", "DEU", "USA"],
            "share_pct": [16.35, 16.35, 22.14],
        }
    )
    t = bs.burden_index(2022, cost_shares=key, release="2024-06").set_index("iso3")
    share = _nato_gdp_share(2022, "2024-06")
    assert t.loc["USA", "common_funding_ratio"] == pytest.approx(16.35 / 100 / share["USA"])
    assert t.loc["DEU", "common_funding_ratio"] == pytest.approx(16.35 / 100 / share["DEU"])
    assert t.loc["FRA", "missing"] == "common_funding_vs_formula"
    assert "FRA" in t.attrs["missing_inputs"]
    assert "(no share in the cost shares passed; not estimated)" in t.attrs["missing_inputs"]
    assert t.attrs["cost_shares_source"] == "cost shares passed by the caller"


def test_common_funding_ratio_is_against_nato_gdp_in_every_group() -> None:
    # Regression: with --group europe_canada the ratio was cost share / share of the
    # group's GDP, although the key is a share of what all NATO members pay.
    key = pd.DataFrame({"iso3": ["DEU", "FRA"], "share_pct": [16.34, 10.49]})
    share = _nato_gdp_share(2022, "2024-06")
    for group in ("nato", "europe_canada", "eu"):
        t = bs.burden_index(2022, group=group, cost_shares=key, release="2024-06")
        t = t.set_index("iso3")
        assert t.loc["DEU", "common_funding_ratio"] == pytest.approx(0.1634 / share["DEU"])
        assert t.loc["FRA", "common_funding_ratio"] == pytest.approx(0.1049 / share["FRA"])


def test_index_uses_the_published_key_in_force_for_the_year() -> None:
    # funding/data/cost_shares.csv, key 2021-2024 (S08_OSTERMANN2020): NLD 3.45 %,
    # GBR 11.28 %; the key lists neither Spain nor Poland, nor Finland and Sweden
    # (which joined during the period).
    t = bs.burden_index(2024, release="2024-06").set_index("iso3")
    share = _nato_gdp_share(2024, "2024-06")
    assert t.loc["NLD", "common_funding_ratio"] == pytest.approx(0.0345 / share["NLD"])
    assert t.loc["GBR", "common_funding_ratio"] == pytest.approx(0.1128 / share["GBR"])
    for code in ("ESP", "POL", "FIN", "SWE"):
        assert pd.isna(t.loc[code, "common_funding_ratio"])  # listed, never filled in
        assert t.loc[code, "missing"] == "common_funding_vs_formula"
        assert code in t.attrs["missing_inputs"]
    assert "not listed in the published key 2021-2024; not estimated" in t.attrs["missing_inputs"]
    assert t.attrs["cost_shares_source"].startswith("published cost-share key 2021-2024")
    # 2018-2019 key for 2019: NLD 3.20 %
    t19 = bs.burden_index(2019, release="2024-06").set_index("iso3")
    share19 = _nato_gdp_share(2019, "2024-06")
    assert t19.loc["NLD", "common_funding_ratio"] == pytest.approx(0.0320 / share19["NLD"])


def test_index_without_a_published_key_for_the_year_says_so() -> None:
    t = bs.burden_index(2026, release="2026-07")
    assert "common_funding_ratio" not in t.columns
    assert "no cost-share key covers 2026" in t.attrs["missing_inputs"]
    assert t.attrs["cost_shares_source"] == ""
    off = bs.burden_index(2022, release="2024-06", published_key=False)
    assert "common_funding_ratio" not in off.columns
    assert "published key not used" in off.attrs["missing_inputs"]


def test_index_names_members_without_gdp_for_the_common_funding_ratio() -> None:
    # release 2026-07 prints no GDP for Iceland
    t = bs.burden_index(2022, release="2026-07")
    assert "without GDP: ISL" in t.attrs["missing_inputs"]


def test_cost_shares_from_funding_key_apply_only_in_their_period() -> None:
    # Regression: a frame from bs.funding_key (a 'period' column, no start/end) was taken
    # as the key of any year asked for.
    key = bs.funding_key("2021-2024")
    t = bs.burden_index(2016, cost_shares=key, release="2024-06")
    assert "the cost shares passed have no key for 2016" in t.attrs["missing_inputs"]
    t22 = bs.burden_index(2022, cost_shares=key, release="2024-06").set_index("iso3")
    assert t22.loc["NLD", "common_funding_ratio"] == pytest.approx(
        0.0345 / _nato_gdp_share(2022, "2024-06")["NLD"]
    )
    assert t22.loc["ESP", "missing"] == "common_funding_vs_formula"


def test_index_cost_shares_without_a_key_for_the_year() -> None:
    key = pd.DataFrame({"period_start": [2021], "period_end": [2024], "iso3": ["USA"],
                        "share_pct": [16.35]})  # fmt: skip
    t = bs.burden_index(2016, cost_shares=key, release="2024-06")
    assert "the cost shares passed have no key for 2016" in t.attrs["missing_inputs"]


def test_index_weights_change_the_composite_not_the_components() -> None:
    a = bs.burden_index(2024, weights={"cash": 1.0}, release="2024-06")
    a = a.set_index("iso3").sort_index()
    b = bs.burden_index(2024, weights={"contributions": 1.0}, release="2024-06")
    b = b.set_index("iso3").sort_index()
    pd.testing.assert_series_equal(a["cash_score"], b["cash_score"])
    assert a["composite"].tolist() == pytest.approx(a["cash_score"].tolist())
    assert b["composite"].tolist() == pytest.approx(b["contributions_score"].tolist())


def test_errors_are_burdenshare_errors_with_accepted_values() -> None:
    with pytest.raises(bd.UnknownBasisError, match="accepted: current, constant"):
        bs.burden_fair_share(2024, basis="ppp")
    with pytest.raises(CoverageError, match="year 2030 is not covered by release 2024-06"):
        bs.burden_fair_share(2030, release="2024-06")
    with pytest.raises(bd.WeightsError):
        bs.burden_index(2024, weights={"cash": -1.0}, release="2024-06")
    with pytest.raises(bs.BurdenshareError, match="ally"):
        bs.burden_decomposition("Atlantis")


@pytest.mark.parametrize(
    "call",
    [
        lambda: bs.burden_exploitation(2023, 2023, release="2023-07"),
        lambda: bs.burden_fair_share(release="2023-07"),
        lambda: bs.burden_index(release="2023-07"),
        lambda: bs.burden_decomposition(release="2023-07"),
    ],
)
def test_partial_release_without_gdp_gives_a_clear_error(call: Callable[[], object]) -> None:
    # the July 2023 release prints no GDP in US dollars: say so and what to do
    with pytest.raises(CoverageError, match=r"release 2023-07 has no defence expenditure with"
                       r" GDP .* choose another release"):  # fmt: skip
        call()


def test_as_of_picks_the_vintage() -> None:
    t = bs.burden_fair_share(2024, as_of="2024-07-01")
    assert t.attrs["release"] == "2024-06"


# ----------------------------------------------------------------------- shipped data


def test_efp_is_verified_and_counts_undated_rows() -> None:
    efp = bd.load_efp()
    assert len(efp) == 64
    part = bd.efp_participation(efp, 2026).set_index("iso3")
    assert part.loc["ISL", "efp_undated"] == 2  # EST and LTU rows have no start
    assert part.loc["CAN", "efp_framework"] == 1


def test_efp_tampering_fails_loudly(tmp_path: Path) -> None:
    from burdenshare.burden import loader

    root = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, root)
    path = root / "efp.csv"
    path.write_bytes(path.read_bytes().replace(b"Tapa", b"Tapx"))
    with pytest.raises(BurdenError, match=r"efp\.csv: SHA-256 mismatch"):
        loader.load_efp(root)


# ----------------------------------------------------------------------- CLI


def test_cli_issue_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["burden", "exploitation", "--from", "2014", "--to", "2024"]) == 0
    assert run(["burden", "fair-share", "--year", "2024"]) == 0
    weights = "cash=0.5,capabilities=0.25,contributions=0.25"
    assert run(["burden", "index", "--weights", weights]) == 0
    out = capsys.readouterr().out
    assert "Missing inputs: capabilities" in out
    assert "Left out: ISL" in out


def test_cli_json_carries_basis_and_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["burden", "fair-share", "--year", "2024", "--basis", "constant",
                "--release", "2024-06", "--format", "json"])  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["meta"]["basis"] == "usd_constant_2015"
    assert payload["meta"]["release"] == "2024-06"
    assert payload["data"][0]["basis"] == "usd_constant_2015"


def test_cli_decompose_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["burden", "decompose", "NLD", "--from", "2023", "--to", "2024",
                "--release", "2024-06", "--format", "csv"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("iso3,ally,year,basis,burden_before_pct")
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["burden", "index", "--weights", "cash=-1"], "must be a non-negative number"),
        (["burden", "index", "--weights", "cash=0"], "sum to more than zero"),
        (["burden", "fair-share", "--basis", "nominal"], "accepted: current, constant"),
        (["burden", "fair-share", "--year", "1990"], "not covered"),
        (["burden", "index", "--cost-shares", "/no/such/key.csv"], "cost-shares file"),
        (["burden", "index", "--weights", "cash=1,cash=2"], "'cash' is given twice"),
        (
            ["burden", "decompose", "NLD", "--from", "2024", "--to", "2024"],
            "a change needs two consecutive member years with data; years with data: 2024",
        ),
        (
            ["burden", "decompose", "FIN", "--from", "2022", "--to", "2023"],
            "years with data: 2023",
        ),
    ],
)
def test_cli_errors_are_one_line_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert err.startswith("error: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable CSV: the file is empty"),
        (b'iso3,share_pct\n"USA,16\n', "not a readable CSV"),
        (b"\xff\xfe\x00,\n", "not a readable CSV"),
    ],
)
def test_cli_unreadable_cost_shares_file_is_one_line(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.csv"
    path.write_bytes(content)
    assert run(["burden", "index", "--cost-shares", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cost-shares file ")
    assert message in err
    assert len(err.splitlines()) == 1


def test_cli_index_with_cost_shares_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.csv"
    path.write_text("period_start,period_end,iso3,share_pct\n2021,2024,usa,16.35\n")
    code = run(["burden", "index", "--year", "2022", "--release", "2024-06",
                "--cost-shares", str(path), "--format", "json"])  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    usa = next(r for r in payload["data"] if r["iso3"] == "USA")
    assert usa["common_funding_ratio"] > 0
    assert (
        "(no share in the cost shares passed; not estimated)" in payload["meta"]["missing_inputs"]
    )
    assert payload["meta"]["cost_shares_source"] == "cost shares passed by the caller"


def test_cli_index_published_key_switch(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["burden", "index", "--year", "2022", "--release", "2024-06"]) == 0
    assert "Cost shares: published cost-share key 2021-2024" in capsys.readouterr().out
    assert run(["burden", "index", "--year", "2022", "--release", "2024-06",
                "--no-published-key", "--format", "json"]) == 0  # fmt: skip
    payload = json.loads(capsys.readouterr().out)
    assert "common_funding_ratio" not in payload["data"][0]


def test_cost_shares_with_unknown_ally_are_rejected() -> None:
    key = pd.DataFrame({"iso3": ["XXX"], "share_pct": [1.0]})
    with pytest.raises(allies.UnknownAllyError, match="unknown ally 'XXX'"):
        bs.burden_index(2022, cost_shares=key, release="2024-06")


def test_exploitation_marks_years_with_estimates() -> None:
    # Regression: the rank tests of 2025-2026 (NATO estimates in release 2026-07) looked
    # like outturns. The catalog flags every 2025 and 2026 figure of that release.
    p = bs.data_panel(release="2026-07")
    estimated = set(p.loc[p["is_estimate"].astype(bool), "year"].astype(int))
    t = bs.burden_exploitation(2023, 2026, release="2026-07", n_resamples=99)
    by_year = t.groupby("year")["is_estimate"].agg(["all", "any"])
    for year, row in by_year.iterrows():
        assert bool(row["all"]) == bool(row["any"]) == (int(year) in estimated)
    assert by_year.loc[2026, "all"] and not by_year.loc[2024, "any"]
    s = bs.burden_exploitation_series(2023, 2026, release="2026-07")
    assert s.set_index("year")["is_estimate"].to_dict() == {
        2023: False,
        2024: False,
        2025: True,
        2026: True,
    }


def test_cli_exploitation_and_index_say_which_figures_are_estimates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["burden", "exploitation", "--from", "2024", "--to", "2026",
                "--release", "2026-07", "--series"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Years with NATO estimates (not outturns): 2025, 2026." in out
    assert run(["burden", "index", "--year", "2026", "--release", "2026-07"]) == 0
    out = capsys.readouterr().out
    assert "est." in out
    assert run(["burden", "exploitation", "--from", "2014", "--to", "2016",
                "--release", "2026-07"]) == 0  # fmt: skip
    assert "estimates" not in capsys.readouterr().out


# The 28 allies of 2009-2016, then Montenegro (5 Jun 2017), North Macedonia (27 Mar
# 2020), Finland (4 Apr 2023), Sweden (7 Mar 2024): written out, not taken from the
# allies registry the code uses. The release carries Finland's and Sweden's figures
# (and Montenegro's, North Macedonia's) from 2014, before they joined.
NATO_28 = {
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FRA", "DEU", "GRC", "HUN", "ISL",
    "ITA", "LVA", "LTU", "LUX", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "TUR",
    "GBR", "USA",
}  # fmt: skip
ACCESSIONS = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}


@pytest.mark.parametrize("year", [2016, 2017, 2022, 2023, 2024])
def test_rank_tests_use_exactly_that_years_members(year: int) -> None:
    from scipy import stats

    members = NATO_28 | {c for c, y in ACCESSIONS.items() if y <= year}
    used = members - NO_DEFENCE
    p = bs.data_panel(release="2026-07")
    assert {"FIN", "SWE"} <= set(p.loc[p["year"] == 2016, "iso3"])  # data before accession
    sub = p[(p["year"] == year) & p["iso3"].isin(used)]
    assert len(sub) == len(used)
    t = bs.burden_exploitation(year, year, release="2026-07", n_resamples=99)
    rows = t.set_index(["statistic", "p_method"])
    assert set(t["n_allies"]) == {len(used)}
    rho = stats.spearmanr(sub["gdp_usd_current_bn"], sub["share_gdp_pct"])
    tau = stats.kendalltau(sub["gdp_usd_current_bn"], sub["share_gdp_pct"])
    sp = rows.loc[("spearman", f"t approximation (df {len(used) - 2})")]
    assert sp["estimate"] == pytest.approx(rho.statistic, abs=1e-12)
    assert sp["p_two_sided"] == pytest.approx(rho.pvalue, rel=1e-9)
    kt = t[t["statistic"] == "kendall_tau_b"].iloc[0]
    assert kt["estimate"] == pytest.approx(tau.statistic, abs=1e-12)
    assert kt["p_two_sided"] == pytest.approx(tau.pvalue, rel=1e-9)


def test_index_reads_capabilities_from_the_labelled_synthetic_units() -> None:
    """Issue 11 item 7: the capabilities component from the ledger's units, labelled."""
    t = bs.burden_index(2024, release="2024-06", capabilities="synthetic")
    scored = t.dropna(subset=["capabilities_score"])
    assert len(scored) > 0 and "capabilities" not in t.attrs["missing_inputs"].split(":")[0]
    assert "SYNTHETIC" in t.attrs["capabilities_note"]
    kinds = [d["kind"] for d in t.attrs["provenance"]["datasets"]]
    assert "readiness_pledges" in kinds and kinds[0] == "nato_release"
    assert "SYNTHETIC" in t.attrs["provenance"]["notes"]["capabilities"]


def test_index_capabilities_source_is_checked() -> None:
    from burdenshare.errors import InputError

    with pytest.raises(InputError, match="unknown capabilities source 'pledges'"):
        bs.burden_index(2024, release="2024-06", capabilities="pledges")  # type: ignore[arg-type]


def test_contributions_measure_effort_not_the_cap() -> None:
    # The review: cost share / GDP share put the US at 0.31 and every other ally at
    # 1.5-2.6 (the negotiated cap). Against the income formula with its cap, paying what
    # the formula assigns scores about 1, the US included; North Macedonia's floor-like
    # minimum share still stands out (it pays more than the formula gives).
    t = bs.burden_index(2024, release="2024-06").set_index("iso3")
    ratio, effort = t["common_funding_ratio"].dropna(), t["common_funding_vs_formula"].dropna()
    assert ratio["USA"] == pytest.approx(0.307, abs=1e-3)
    assert ratio.drop("USA").min() > 1.5
    assert effort["USA"] == pytest.approx(1.059, abs=1e-3)
    assert effort.drop("MKD").between(0.8, 1.3).all()
    assert effort.idxmax() == "MKD"
    assert t.attrs["income_measure"].startswith("GDP as a proxy for GNI")
    assert "capped at the next largest" in t.attrs["formula"]
    # before the 2021 cap rule, the formula is plain income shares (no cap in force)
    t19 = bs.burden_index(2019, release="2024-06")
    assert t19.attrs["formula"] == "income shares (no cap rule in force)"


def test_pooled_exploitation_test_with_and_without_the_us() -> None:
    # release 2024-06, 2014-2024: 27 allies in every year (Iceland has no figures; Finland,
    # Sweden, North Macedonia and Montenegro are not members or lack years: left out)
    t = bs.burden_exploitation_pooled(2014, 2024, release="2024-06", n_resamples=1999)
    t = t.set_index("variant")
    assert list(t.index) == ["all", "without USA", "proximity control",
                             "without USA, proximity control"]  # fmt: skip
    assert t.loc["all", "n_allies"] == 27 and t.loc["without USA", "n_allies"] == 26
    assert t.loc["all", "left_out"] == "FIN, MKD, MNE, SWE"
    assert t.loc["all", "mean_rho"] == pytest.approx(0.0922, abs=1e-4)
    assert t.loc["without USA", "mean_rho"] == pytest.approx(-0.0120, abs=1e-4)
    # no evidence of exploitation once pooled, and none at all without the US
    assert t.loc["all", "p_one_sided"] > 0.1
    assert t.loc["without USA", "p_one_sided"] > 0.4
    assert (t["p_two_sided"] <= 1).all() and (t["p_one_sided"] > 0).all()
    kinds = [d["kind"] for d in t.attrs["provenance"]["datasets"]]
    assert kinds == ["nato_release", "threat_proximity"]


def test_pooled_test_keeps_whole_series() -> None:
    # two identical years: the pooled statistic is that year's rho, and its permutation
    # null is that of one year (series permuted together), not of two independent years
    import burdenshare.burden as bd

    rows = [{"year": y, "iso3": c, "gdp_usd_bn": g, "burden_pct": b}
            for y in (2020, 2021)
            for c, g, b in [("A", 5, 5.0), ("B", 4, 4.0), ("C", 3, 3.0), ("D", 2, 2.0)]]
    t = bd.pooled_free_riding(pd.DataFrame(rows), n_resamples=4999, seed=1)
    row = t.set_index("variant").loc["all"]
    assert row["mean_rho"] == pytest.approx(1.0)
    assert row["p_one_sided"] == pytest.approx(1 / 24, abs=0.01)  # 1 of 4! orderings


def test_fair_share_bands_against_the_average_without_the_us() -> None:
    f = bs.burden_fair_share(2024, release="2024-06", reference_without="USA").set_index("iso3")
    assert f.attrs["reference"] == "average without USA: 2.01% of GDP"
    others = f.drop(index="USA")
    ref = others["spending_usd_mn"].sum() / (others["gdp_usd_bn"].sum() * 1e3)
    assert f.loc["NLD", "ratio_vs_reference"] == pytest.approx(
        f.loc["NLD", "burden_pct_computed"] / 100 / ref)
    # against an average that is essentially the US, 18 allies are "very low effort";
    # against the others' average, 7
    assert (f["band"] == "very low effort").sum() == 18
    assert (f["band_vs_reference"] == "very low effort").sum() == 7
    plain = bs.burden_fair_share(2024, release="2024-06")
    assert "ratio_vs_reference" not in plain.columns  # the option adds, never replaces


def test_current_price_decomposition_separates_the_exchange_rate() -> None:
    # The Netherlands 2022 in current US dollars: the euro fell 11% against the dollar, so
    # the US-dollar effects read "spending flat, GDP effect positive"; in euros spending
    # rose (+0.15 pp) and GDP growth pulled the share down (-0.13 pp).
    d = bs.burden_decomposition("NLD", from_year=2021, to_year=2022, basis="current",
                                release="2024-06").iloc[0]  # fmt: skip
    assert d["fx_change_pct"] == pytest.approx(-10.955, abs=1e-3)
    assert d["spending_effect_pp"] == pytest.approx(-0.002, abs=1e-3)
    assert d["spending_effect_nc_pp"] == pytest.approx(0.149, abs=1e-3)
    assert d["gdp_effect_nc_pp"] == pytest.approx(-0.125, abs=1e-3)
    # both splits add up to the same change; the term moves between the effects
    assert d["spending_effect_nc_pp"] + d["gdp_effect_nc_pp"] == pytest.approx(d["change_pp"])
    assert d["exchange_rate_term_pp"] == pytest.approx(
        d["spending_effect_pp"] - d["spending_effect_nc_pp"])
    assert d["exchange_rate_term_pp"] == pytest.approx(
        d["gdp_effect_nc_pp"] - d["gdp_effect_pp"])
    const = bs.burden_decomposition("NLD", from_year=2021, to_year=2022, release="2024-06")
    assert const["exchange_rate_term_pp"].isna().all()
    assert const.attrs["exchange_rate"].startswith("constant prices")
