"""The allies registry and groups as functions of the date."""

from __future__ import annotations

from datetime import date

import pytest

from burdenshare import allies
from burdenshare.catalog import panel


def test_thirty_two_allies_with_dutch_and_english_names() -> None:
    reg = allies.registry()
    assert len(reg) == 32
    assert allies.name("DEU", "nl") == "Duitsland"
    assert allies.name("GBR", "en") == "United Kingdom"
    for code in reg:
        assert allies.name(code, "nl") and allies.name(code, "en")


@pytest.mark.parametrize(
    ("code", "first_year"), [("MNE", 2017), ("MKD", 2020), ("FIN", 2023), ("SWE", 2024)]
)
def test_accession_year_is_the_first_year_in_aggregates(code: str, first_year: int) -> None:
    assert code not in allies.members("nato", first_year - 1)
    assert code in allies.members("nato", first_year)


@pytest.mark.parametrize("release", ["2019-06", "2024-06", "2025-08", "2026-07"])
def test_registry_agrees_with_natos_in_aggregates_column(release: str) -> None:
    p = panel(release=release)
    for row in p[["iso3", "year", "in_nato_aggregates"]].itertuples(index=False):
        assert (row.iso3 in allies.members("nato", int(row.year))) == row.in_nato_aggregates, row


def test_groups_by_date() -> None:
    assert "USA" not in allies.members("europe_canada", 2024)
    assert "GBR" in allies.members("eu", 2019) and "GBR" not in allies.members("eu", 2020)
    assert "SWE" in allies.members_on("nato", date(2024, 3, 7))
    assert "SWE" not in allies.members_on("nato", date(2024, 3, 6))


def test_unknown_ally_and_group_errors_list_accepted_values() -> None:
    with pytest.raises(allies.UnknownAllyError, match="unknown ally 'Atlantis'; accepted: ALB"):
        allies.resolve("Atlantis")
    with pytest.raises(allies.UnknownGroupError, match="accepted: nato, europe_canada, eu"):
        allies.members("warsaw", 2024)


def test_resolve_accepts_codes_and_names_in_both_languages() -> None:
    assert allies.resolve("nl") == "NLD"
    assert allies.resolve("Slovak Republic") == "SVK"
    assert allies.resolve("Verenigde Staten") == "USA"
