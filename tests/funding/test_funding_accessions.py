"""Keys fitted to the allies that joined during their period (Finland 2023, Sweden 2024), and
the income measure every funding output names (GNI, or GDP as a proxy for GNI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import burdenshare as bs
from burdenshare.api import AREAS
from burdenshare.api import funding as api
from burdenshare.catalog import panel
from burdenshare.cli import run
from burdenshare.errors import InputError
from burdenshare.funding.keyrules import key_multiplier, rescale_for_accessions
from burdenshare.funding.keys import GDP_PROXY, GNI, make_key
from burdenshare.funding.loader import default_data
from burdenshare.funding.scenario import change

RELEASE = "2026-07"


def _worked_example() -> dict[str, float]:
    """docs/funding.md, "Allies that joined during a key's period", by hand from the GDP."""
    key = default_data().key("2021-2024")
    p = panel(release=RELEASE)
    gdp = p[p["year"] == 2021].set_index("iso3")["gdp_usd_current_bn"].dropna()
    members = [s.iso3 for s in key.shares] + list(key.missing)
    base = {m: float(gdp[m]) for m in members if m in gdp.index}  # Iceland has none
    total = sum(base.values())
    mult = key_multiplier(key, base)
    w_fin = 100 * float(gdp["FIN"]) / total * mult
    w_swe = 100 * float(gdp["SWE"]) / total * mult
    fin_2023_day = 100 * w_fin / (100 + w_fin)
    fin_2024_day = 100 * w_fin / (100 + w_fin + w_swe)
    swe_2024_day = 100 * w_swe / (100 + w_fin + w_swe)
    # budget years: pro rata to the days of membership (the mean of the day keys)
    fin_2023 = fin_2023_day * 272 / 365
    fin_2024 = (fin_2023_day * 66 + fin_2024_day * 300) / 366
    swe_2024 = swe_2024_day * 300 / 366
    return {
        "fin_income_pct": 100 * float(gdp["FIN"]) / total, "multiplier": mult,
        "swe_income_pct": 100 * float(gdp["SWE"]) / total, "w_fin": w_fin, "w_swe": w_swe,
        "fin_2023_day": fin_2023_day, "factor_2023_day": 1 - fin_2023_day / 100,
        "fin_2023": fin_2023, "factor_2023": 1 - fin_2023 / 100,
        "fin_2024_day": fin_2024_day, "swe_2024_day": swe_2024_day,
        "fin_2024": fin_2024, "swe_2024": swe_2024,
        "factor_2024": 1 - (fin_2024 + swe_2024) / 100,
    }  # fmt: skip


def test_the_worked_example_in_the_docs() -> None:
    x = _worked_example()
    # the numbers printed in docs/funding.md
    assert round(x["fin_income_pct"], 4) == 0.6424 and round(x["multiplier"], 4) == 1.6695
    assert round(x["swe_income_pct"], 4) == 1.3745
    assert round(x["w_fin"], 4) == 1.0725 and round(x["w_swe"], 4) == 2.2947
    assert round(3.45 * x["factor_2023_day"], 4) == 3.4134
    assert round(3.45 * x["factor_2023"], 4) == 3.4227
    assert round(3.45 * (1 - (x["fin_2024_day"] + x["swe_2024_day"]) / 100), 4) == 3.3376
    assert round(3.45 * x["factor_2024"], 4) == 3.3513
    assert round(x["fin_2023_day"], 4) == 1.0611 and round(x["factor_2023_day"], 6) == 0.989389
    assert round(x["fin_2023"], 4) == 0.7907 and round(x["factor_2023"], 6) == 0.992093
    assert round(x["swe_2024_day"], 4) == 2.2200 and round(x["fin_2024_day"], 4) == 1.0375
    assert round(x["swe_2024"], 4) == 1.8197 and round(x["fin_2024"], 4) == 1.0418
    assert round(x["factor_2024"], 6) == 0.971386
    # the key on a day after Finland joined
    k = api.funding_key(as_of="2023-06-30", accessions="rescaled", release=RELEASE)
    k = k.set_index("iso3")
    assert k.loc["FIN", "status"] == "estimated"
    assert k.loc["FIN", "share_pct"] == pytest.approx(x["fin_2023_day"], abs=1e-12)
    assert k.loc["NLD", "share_pct"] == pytest.approx(3.45 * x["factor_2023_day"], abs=1e-12)
    assert k.loc["NLD", "status"] == "rescaled" and k.loc["SWE", "status"] == "joined"
    # the 2023 and 2024 budgets, pro rata
    c23 = api.funding_contributions(2023, ally=["NLD", "FIN"], by="ally", release=RELEASE)
    budgets23 = 370.8 + 1960 + 1000
    c23 = c23.set_index("iso3")["contribution_eur_mn"]
    assert c23["FIN"] == pytest.approx(x["fin_2023"] / 100 * budgets23, rel=1e-12)
    assert c23["NLD"] == pytest.approx(0.0345 * x["factor_2023"] * budgets23, rel=1e-12)
    c24 = api.funding_contributions(2024, ally=["NLD", "FIN", "SWE"], by="ally",
                                    release=RELEASE).set_index("iso3")["contribution_eur_mn"]
    budgets24 = 438.1 + 2030 + 1300
    assert c24["SWE"] == pytest.approx(x["swe_2024"] / 100 * budgets24, rel=1e-12)
    assert c24["FIN"] == pytest.approx(x["fin_2024"] / 100 * budgets24, rel=1e-12)
    assert c24["NLD"] == pytest.approx(0.0345 * x["factor_2024"] * budgets24, rel=1e-12)


def test_the_accession_share_is_the_what_if_join_share() -> None:
    """One key rule: Sweden joining the published key in a what-if gets the share the
    rescaled key gives it on a day Finland has not joined (both price by the same weight)."""
    key = default_data().key("2021-2024")
    incomes = api.income(2021, release=RELEASE, overrides={"ISL": 0.0},
                         allies=[s.iso3 for s in key.shares] + list(key.missing) + ["SWE"])
    incomes.pop("ISL")
    alone = replace(key, joined=("SWE",))
    r = rescale_for_accessions(alone, {"SWE": date(2024, 3, 7)}, incomes, on=date(2024, 6, 30))
    w = api.funding_whatif("2021-2024", [change("join", "SWE")], civil=1000.0, ally="SWE",
                           income_overrides={"ISL": 0.0}, release=RELEASE)  # fmt: skip
    assert float(w["share_to_pct"].iloc[0]) == pytest.approx(r.added["SWE"], rel=1e-9)
    assert 1.9 < r.added["SWE"] < 2.4  # about 2 %, not the raw 1.37 % GDP share


def test_published_figures_stay_available_and_nothing_changes_before_the_accession() -> None:
    pub = api.funding_key(as_of="2023-06-30")  # the default shows the key as published
    assert pub.attrs["accessions"] == "as_published"
    assert set(pub.loc[pub["iso3"].isin(["FIN", "SWE"]), "status"]) == {"joined"}
    before = api.funding_key(as_of="2023-04-03", accessions="rescaled")
    assert before["share_pct"].equals(pub["share_pct"]) and "rescaled" not in set(before.status)
    c22 = api.funding_contributions(2022, ally="NLD")
    assert set(c22["share_status"]) == {"published"}
    assert c22.attrs["provenance"]["release"] is None
    with pytest.raises(InputError, match="accessions"):
        api.funding_contributions(2024, accessions="pro_rata")


def test_compare_can_fit_both_keys_to_a_budget_year() -> None:
    asp = api.funding_compare("2020", "2021-2024", budgets=2024, ally="NLD", by="ally")
    res = api.funding_compare("2020", "2021-2024", budgets=2024, ally="NLD", by="ally",
                              accessions="rescaled", release=RELEASE)  # fmt: skip
    x = _worked_example()
    to_asp, to_res = float(asp["to_eur_mn"].iloc[0]), float(res["to_eur_mn"].iloc[0])
    assert to_res == pytest.approx(to_asp * x["factor_2024"], rel=1e-12)
    assert float(res["from_eur_mn"].iloc[0]) == float(asp["from_eur_mn"].iloc[0])  # 2020


shares = st.lists(st.integers(min_value=1, max_value=5000), min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    shares=shares,
    gap=st.integers(min_value=0, max_value=3000),
    inc=st.lists(st.floats(min_value=0.1, max_value=1000.0), min_size=10, max_size=10),
    day1=st.integers(min_value=0, max_value=729),
    day2=st.integers(min_value=0, max_value=729),
    probe=st.integers(min_value=0, max_value=729),
)
def test_properties_of_the_rescaled_key(
    shares: list[int], gap: int, inc: list[float], day1: int, day2: int, probe: int
) -> None:
    """Shares sum to the published sum scaled plus the new members' shares; the incumbents'
    ratios are unchanged; nothing changes before the first accession day; a budget year is
    the mean of its days."""
    total = sum(shares) + gap
    pct = {f"A{i}": 100 * v / total for i, v in enumerate(shares)}
    missing = ["M0"] if gap else []
    key = make_key("2030-2031", pct, missing, joined=["N1", "N2"], status="published")
    incomes = {a: inc[i] for i, a in enumerate(pct)} | {"N1": inc[8], "N2": inc[9]}
    start = date(2030, 1, 1)
    days = {"N1": start + timedelta(days=day1), "N2": start + timedelta(days=day2)}
    on = start + timedelta(days=probe)
    r = rescale_for_accessions(key, days, incomes, on=on)
    if on < min(days.values()):
        assert r.key is key and r.factor == 1.0
        return
    added = sum(r.added.values())
    assert set(r.added) == {j for j, d in days.items() if d <= on}
    assert r.key.total == pytest.approx(key.total * r.factor + added, abs=1e-9)
    assert r.factor == pytest.approx((100 - added) / 100, abs=1e-12)
    assert r.key.unallocated == pytest.approx(key.unallocated * r.factor, abs=1e-9)
    for s in key.shares:
        got = r.key.get(s.iso3)
        assert got is not None and got.status == "rescaled"
        assert got.share_pct == pytest.approx(s.share_pct * r.factor, rel=1e-12)
    # the budget year 2030: the mean of its day keys
    y = rescale_for_accessions(key, days, incomes, year=2030)
    mean: dict[str, Fraction] = {}
    for d in range(365):
        k = rescale_for_accessions(key, days, incomes, on=start + timedelta(days=d)).key
        for s in k.shares:
            mean[s.iso3] = mean.get(s.iso3, Fraction(0)) + Fraction(s.share_pct) / 365
    for s in y.key.shares:
        assert s.share_pct == pytest.approx(float(mean[s.iso3]), abs=1e-9)


# -- the income measure, named by every funding output ------------------------------------

CALLS: dict[str, Callable[[], pd.DataFrame]] = {
    "funding_budgets": lambda: bs.funding_budgets(),
    "funding_compare": lambda: bs.funding_compare("2020", "2021-2024", civil=2120.0),
    "funding_contributions": lambda: bs.funding_contributions(2022, ally="NLD"),
    "funding_derive": lambda: bs.funding_derive("nov2019"),
    "funding_key": lambda: bs.funding_key("2021-2024"),
    "funding_keys": lambda: bs.funding_keys(),
    "funding_reproduction": lambda: bs.funding_reproduction("nov2019"),
    "funding_rules": lambda: bs.funding_rules(),
    "funding_whatif": lambda: bs.funding_whatif(
        "2021-2024", [change("set", "NLD", share_pct=4.0)], civil=100.0),
}
#: The same functions where shares are computed from income (GDP as a proxy for GNI).
COMPUTED: dict[str, Callable[[], pd.DataFrame]] = {
    "funding_compare": lambda: bs.funding_compare(
        "2020", "2021-2024", budgets=2024, accessions="rescaled"),
    "funding_contributions": lambda: bs.funding_contributions(2024, ally="NLD", by="ministry"),
    "funding_derive": lambda: bs.funding_derive(None, year=2021,
                                                income_overrides={"ISL": 25.0}),
    "funding_key": lambda: bs.funding_key("2021-2024", estimate_missing=True),
    "funding_whatif": lambda: bs.funding_whatif(
        "2021-2024", [change("join", "SWE")], civil=100.0, income_overrides={"ISL": 25.0}),
}  # fmt: skip


def test_every_funding_function_is_checked() -> None:
    assert set(CALLS) == set(AREAS["funding"])


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_funding_output_names_its_income_measure(name: str) -> None:
    frame = CALLS[name]()
    env = frame.attrs["provenance"]
    if name == "funding_budgets":  # amounts, no shares
        assert frame.attrs["income_measure"] == ""
        assert env["notes"]["income_measure"] == (
            "Income measure: none; these figures hold no cost shares.")
        assert env["notes"]["income_measure"] in frame.attrs["notes"]
        return
    assert "Gross National Income (GNI)" in env["notes"]["income_measure"]
    assert env["notes"]["income_measure"] in frame.attrs["notes"]  # the footer shows it
    if name == "funding_rules":  # the 2019 rule on a published key, one on income
        assert frame.attrs["income_measure"] == f"{GNI}; {GDP_PROXY}"
        return
    assert frame.attrs["income_measure"] == GNI, name
    assert "GDP" not in env["notes"]["income_measure"]
    if name in COMPUTED:
        other = COMPUTED[name]()
        measure = other.attrs["income_measure"]
        assert GDP_PROXY in measure, name
        assert ("GNI; " in measure) == (name != "funding_derive"), name
        assert "GDP as a proxy for" in other.attrs["provenance"]["notes"]["income_measure"]


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = run(["funding", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_cli_accessions_and_the_income_measure_in_json_csvw_and_footers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    meta = json.loads(_cli(capsys, "key", "--as-of", "2024-06-30", "--accessions", "rescaled",
                           "--format", "json"))  # fmt: skip
    rows = {r["iso3"]: r for r in meta["data"]}
    assert rows["SWE"]["status"] == "estimated" and rows["NLD"]["status"] == "rescaled"
    assert meta["meta"]["income_measure"] == "GNI; GDP as a proxy for GNI"
    assert meta["meta"]["accessions"] == "rescaled"
    plain = json.loads(_cli(capsys, "key", "--format", "json"))
    assert plain["meta"]["income_measure"] == "GNI"
    out = tmp_path / "c.csv"
    _cli(capsys, "contributions", "--year", "2024", "--format", "csv", "-o", str(out))
    csvw = json.loads(Path(str(out) + "-metadata.json").read_text("utf-8"))
    assert "GDP as a proxy for" in csvw["dc:provenance"]["notes"]["income_measure"]
    table = " ".join(_cli(capsys, "contributions", "--year", "2023", "--ally", "FIN").split())
    assert "FIN counts for 272 of the 365 days of 2023" in table
    assert "Income measure:" in table
    nl = " ".join(run_nl(capsys, "contributions", "--year", "2023", "--ally", "FIN").split())
    assert "FIN telt mee voor 272 van de 365 dagen van 2023" in nl
    assert "Inkomensmaatstaf:" in nl
    asp = " ".join(_cli(capsys, "contributions", "--year", "2023", "--ally", "NLD",
                        "--accessions", "as_published").split())  # fmt: skip
    assert "Income measure: Gross National Income (GNI)" in asp and "counts for" not in asp


def run_nl(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = run(["--lang", "nl", "funding", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out
