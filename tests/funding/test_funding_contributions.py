"""Contributions, ministries, comparisons and gaps, checked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from burdenshare.allies import UnknownAllyError
from burdenshare.api import funding as api
from burdenshare.funding.budgets import budget_base
from burdenshare.funding.contributions import compare, contributions, ministry_totals
from burdenshare.funding.errors import (
    NoBudgetError,
    NoKeyForYearError,
    ShareError,
    UnknownMinistryError,
)
from burdenshare.funding.keys import make_key
from burdenshare.funding.loader import default_data


def test_netherlands_2024_by_hand() -> None:
    """3.45 % of 438.1 (civil), 2,030 (military), 1,300 (NSIP ceiling), EUR mn."""
    c = api.funding_contributions(2024, ally="NLD", accessions="as_published").set_index("line")
    assert c.loc["civil", "contribution_eur_mn"] == pytest.approx(0.0345 * 438.1)
    assert c.loc["military", "contribution_eur_mn"] == pytest.approx(0.0345 * 2030)
    assert c.loc["nsip", "contribution_eur_mn"] == pytest.approx(0.0345 * 1300)
    assert bool(c.loc["nsip", "upper_bound"]) and not bool(c.loc["civil", "upper_bound"])
    m = api.funding_contributions(2024, ally="NLD", by="ministry", accessions="as_published")
    m = m.set_index("ministry")
    assert m.loc["defence", "contribution_eur_mn"] == pytest.approx(0.0345 * 3330)
    assert m.loc["foreign_affairs", "contribution_eur_mn"] == pytest.approx(0.0345 * 438.1)
    assert m.loc["defence", "lines"] == "military+nsip"


def test_dutch_labels() -> None:
    m = api.funding_contributions(2024, ally="Nederland", by="ministry", lang="nl")
    assert set(m["ministry_label"]) == {
        "ministerie van Defensie",
        "ministerie van Buitenlandse Zaken (BZ)",
    }
    assert m["ally"].iloc[0] == "Nederland"


def test_missing_ally_is_nan_not_zero() -> None:
    c = api.funding_contributions(2024, ally=["NOR", "FIN"], accessions="as_published")
    assert c["contribution_eur_mn"].isna().all()
    assert set(zip(c["iso3"], c["share_status"], strict=True)) == {
        ("NOR", "missing"),
        ("FIN", "joined"),
    }
    m = api.funding_contributions(2024, ally="NOR", by="ministry")
    assert m["contribution_eur_mn"].isna().all()
    # rescaled (the default), Finland pays its estimated share; Norway is still missing
    r = api.funding_contributions(2024, ally=["NOR", "FIN"], by="ally").set_index("iso3")
    assert r.loc["FIN", "share_status"] == "estimated"
    assert r.loc["FIN", "contribution_eur_mn"] > 0 and pd.isna(r.loc["NOR", "contribution_eur_mn"])


def test_all_allies_total_is_the_listed_share_of_the_budget() -> None:
    c = api.funding_contributions(2022, by="ally")
    total = c["contribution_eur_mn"].sum()  # NaN rows (missing allies) are skipped
    assert total == pytest.approx(0.7968 * (289.1 + 1560 + 790))
    assert c["contribution_eur_mn"].isna().sum() == 12  # 10 missing + FIN, SWE


def test_ministry_mapping_per_ally() -> None:
    m = api.funding_contributions(
        2024, ally=["DEU", "NLD"], by="ministry", ministries={"DEU": {"civil": "defence"}},
        accessions="as_published",
    )
    deu = m[m["iso3"] == "DEU"]
    assert deu["ministry"].tolist() == ["defence"]
    assert deu["contribution_eur_mn"].iloc[0] == pytest.approx(0.1634 * (438.1 + 2030 + 1300))
    assert set(m.loc[m["iso3"] == "NLD", "ministry"]) == {"defence", "foreign_affairs"}


def test_ministry_file(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(
        "ministries:\n  finance:\n    label_en: Ministry of Finance\n"
        "    label_nl: ministerie van Financiën\n"
        "allies:\n  BEL:\n    nsip: finance\n",
        encoding="utf-8",
    )
    m = api.funding_contributions(2024, ally="BEL", by="ministry", ministries=f, lang="nl")
    assert "ministerie van Financiën" in set(m["ministry_label"])


def test_unknown_ministry() -> None:
    with pytest.raises(
        UnknownMinistryError,
        match="unknown ministry 'treasury'; accepted: defence, foreign_affairs",
    ):
        api.funding_contributions(2024, ally="BEL", ministries={"BEL": {"civil": "treasury"}})


def test_year_without_key_or_budget() -> None:
    with pytest.raises(
        NoKeyForYearError,
        match=r"no cost-share key covers 2026; keys cover: "
        r"2016-2017, 2018-2019, 2020, 2021-2024",
    ):
        api.funding_contributions(2026)
    with pytest.raises(
        NoBudgetError,
        match=r"no published budget for 2020; budgets published "
        r"for: 2017, 2019, 2021, 2022, 2023, 2024, 2026",
    ):
        api.funding_contributions(2020)


def test_2019_has_no_nsip_line_and_says_so() -> None:
    c = api.funding_contributions(2019, ally="NLD")
    assert c["line"].tolist() == ["civil", "military"]
    assert "No nsip amount for 2019: not included." in c.attrs["notes"]
    cmp = api.funding_compare("2020", "2021-2024", budgets=2019, ally="NLD")
    assert "No nsip amount for 2019" in cmp.attrs["notes"]


def test_unknown_ally() -> None:
    with pytest.raises(UnknownAllyError):
        api.funding_contributions(2024, ally="XYZ")
    k = make_key("2030", {"NLD": 100.0})
    with pytest.raises(ShareError, match="ally DEU is neither listed nor missing"):
        contributions(k, budget_base(civil=1.0), allies=["DEU"])


def test_compare_per_line_and_ministry() -> None:
    """2020 → 2021-2024 on the 2019 budgets: NLD +0.25 pp of 250.5 (civil) and 1,395."""
    c = api.funding_compare("2020", "2021-2024", budgets=2019, ally="NLD").set_index("line")
    assert c.loc["civil", "change_eur_mn"] == pytest.approx(0.0025 * 250.5)
    assert c.loc["military", "change_eur_mn"] == pytest.approx(0.0025 * 1395)
    m = api.funding_compare("2020", "2021-2024", budgets=2019, ally="NLD", by="ministry")
    m = m.set_index("ministry")
    assert m.loc["defence", "change_eur_mn"] == pytest.approx(0.0025 * 1395)
    assert m.loc["foreign_affairs", "from_eur_mn"] == pytest.approx(0.032 * 250.5)


def test_compare_with_user_amounts_and_a_derived_key() -> None:
    c = api.funding_compare(
        "2021-2024", "nov2019", civil=100.0, military=200.0, nsip=300.0, ally="GBR", by="ally"
    )
    derived = 10.46 * 56.80 / 52.63
    assert c["change_eur_mn"].iloc[0] == pytest.approx((derived - 11.28) / 100 * 600)


def test_compare_needs_a_base() -> None:
    with pytest.raises(Exception, match="give a budget base"):
        api.funding_compare("2020", "2021-2024")


def test_estimated_shares_are_flagged_and_published_ones_untouched() -> None:
    d = default_data()
    k = api.resolve_key("2021-2024", estimate_missing=True)
    assert k.missing == ()
    assert {s.iso3 for s in k.shares if s.status == "estimated"} == set(d.key("2021-2024").missing)
    for s in d.key("2021-2024").shares:
        assert k.get(s.iso3) == s
    est = sum(s.share_pct for s in k.shares if s.status == "estimated")
    assert est == pytest.approx(20.32)
    # proportional to GDP (2021) within the missing group: Spain over Portugal
    ratio = k.get("ESP").share_pct / k.get("PRT").share_pct  # type: ignore[union-attr]
    p = api.income(2021, allies=["ESP", "PRT"])
    assert ratio == pytest.approx(p["ESP"] / p["PRT"])
    c = api.funding_contributions(2024, ally="ESP", estimate_missing=True)
    assert set(c["share_status"]) == {"estimated"}


def test_ministry_totals_keep_nan() -> None:
    df = pd.DataFrame(
        {
            "iso3": ["A", "A"],
            "year": [2024, 2024],
            "line": ["military", "nsip"],
            "ministry": ["defence", "defence"],
            "upper_bound": [False, True],
            "contribution_eur_mn": [1.0, math.nan],
        }
    )
    out = ministry_totals(df)
    assert math.isnan(out["contribution_eur_mn"].iloc[0])


def test_compare_pure_domain() -> None:
    a = make_key("2020", {"A": 50.0, "B": 50.0})
    b = make_key("2021", {"A": 40.0, "B": 60.0})
    c = compare(a, b, budget_base(civil=10.0, nsip=20.0))
    assert c.groupby("line")["change_eur_mn"].sum().to_dict() == {"civil": 0.0, "nsip": 0.0}
    assert c.loc[(c["iso3"] == "A") & (c["line"] == "nsip"), "change_eur_mn"].item() == -2.0


def test_ministry_totals_say_which_shares_are_estimated() -> None:
    """Regression: ``--by ministry`` dropped the share status, so a total built on an
    estimated (GDP-filled) share looked exactly like one built on a published share."""
    m = api.funding_contributions(2024, ally=["ESP", "NLD"], by="ministry", estimate_missing=True,
                                  accessions="as_published")  # fmt: skip
    status = dict(zip(m["iso3"], m["share_status"], strict=False))
    assert status == {"ESP": "estimated", "NLD": "published"}
    r = api.funding_contributions(2024, ally=["ESP", "NLD"], by="ministry", estimate_missing=True)
    assert dict(zip(r["iso3"], r["share_status"], strict=False)) == {
        "ESP": "estimated", "NLD": "rescaled"}
    assert "Estimated, not published: the shares of ESP" in m.attrs["notes"]
    plain = api.funding_contributions(2024, ally="NLD", by="ministry")
    assert "Estimated" not in plain.attrs["notes"]
    c = api.funding_compare("2020", "nov2019", budgets=2019, ally="NLD", by="ministry")
    assert set(c["status_from"]) == {"published"} and set(c["status_to"]) == {"derived"}


def test_a_derived_key_is_never_named_like_the_published_one() -> None:
    """Regression: the key the 2019 rule derives was titled "2021-2024", like the published
    key ("Key 2021-2024 → 2021-2024" when comparing the two)."""
    c = api.funding_compare("2021-2024", "nov2019", civil=100.0, ally="DEU")
    assert (c.attrs["from"], c.attrs["to"]) == ("2021-2024", "nov2019 (derived, 2021-2024)")
    assert "share nov2019 (derived, 2021-2024) - share 2021-2024" in c.attrs["notes"]
    assert api.funding_key("nov2019").attrs["key"] == "nov2019 (derived, 2021-2024)"
    assert api.funding_key("2021-2024").attrs["key"] == "2021-2024"
    k = api.funding_contributions(2024, ally="NLD", key="nov2019")
    assert k.attrs["key"] == "nov2019 (derived, 2021-2024)"
    e = api.funding_contributions(2024, ally="NLD", estimate_missing=True,
                                  accessions="as_published")
    assert e.attrs["key"] == "2021-2024 with estimated shares"
    r = api.funding_contributions(2024, ally="NLD", estimate_missing=True)
    assert r.attrs["key"] == "2021-2024, rescaled for accessions, with estimated shares"
    assert api.funding_contributions(2024, ally="NLD").attrs["key"] == (
        "2021-2024, rescaled for accessions")


def test_ministry_file_default_and_ally_names(tmp_path: Path) -> None:
    """Regression: a user's file was read for ``allies`` only: its ``default`` section was
    silently dropped, and an ally written by name ("Germany") silently matched nobody."""
    f = tmp_path / "m.yaml"
    f.write_text(
        "default:\n  nsip: foreign_affairs\nallies:\n  Germany: {civil: defence}\n",
        encoding="utf-8",
    )
    m = api.funding_contributions(2024, ally=["DEU", "BEL", "NLD"], by="ministry", ministries=f)
    got = {(i, mi): ln for i, mi, ln in zip(m["iso3"], m["ministry"], m["lines"], strict=True)}
    assert got == {
        ("DEU", "defence"): "civil+military",
        ("DEU", "foreign_affairs"): "nsip",
        ("BEL", "defence"): "military",
        ("BEL", "foreign_affairs"): "civil+nsip",
        # the shipped per-ally entry for the Netherlands still beats the user's default
        ("NLD", "defence"): "military+nsip",
        ("NLD", "foreign_affairs"): "civil",
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text("allies:\n  Atlantis: {civil: defence}\n", encoding="utf-8")
    with pytest.raises(UnknownAllyError, match="Atlantis"):
        api.funding_contributions(2024, ally="NLD", ministries=bad)
