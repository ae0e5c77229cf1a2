"""The funding facade: keyword-only options, one order of options, the GDP's release named."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from burdenshare.api import funding as api
from burdenshare.catalog import CoverageError
from burdenshare.funding.errors import FundingError
from burdenshare.funding.scenario import change as Change
from burdenshare.provenance import provenance

PUBLIC = [api.funding_budgets, api.funding_compare, api.funding_contributions,
          api.funding_derive, api.funding_key, api.funding_keys, api.funding_reproduction,
          api.funding_rules, api.funding_whatif, api.income, api.resolve_key]  # fmt: skip
POSITIONAL = {"funding_compare": 2, "funding_whatif": 2, "funding_budgets": 0,
              "funding_keys": 0, "funding_rules": 0}  # fmt: skip


@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
def test_options_after_the_first_arguments_are_keyword_only(fn: object) -> None:
    assert callable(fn)
    params = list(inspect.signature(fn).parameters.values())
    n = POSITIONAL.get(fn.__name__, 1)  # type: ignore[attr-defined]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params[:n])
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[n:])


def test_compare_and_whatif_share_one_order_of_options() -> None:
    shared = ("budgets", "civil", "military", "nsip", "ally", "by", "ministries", "lang")

    def order(fn: Callable[..., object]) -> list[str]:
        return [p for p in inspect.signature(fn).parameters if p in shared]

    assert order(api.funding_compare) == order(api.funding_whatif)
    assert order(api.funding_compare)[-2:] == ["ministries", "lang"]
    with pytest.raises(TypeError):
        api.funding_compare("2020", "2021-2024", 2019)  # type: ignore[call-arg]


def test_frames_without_gdp_name_no_release() -> None:
    c = api.funding_contributions(2024, ally="NLD", accessions="as_published")
    env = provenance(c)
    assert env["release"] is None
    assert {d["kind"] for d in env["datasets"]} == {"funding_source"}
    assert "S06_MIRAGE_NATO_BUDGET2024" in {d["id"] for d in env["datasets"]}
    # before any accession the rescaled key is the published one: no GDP, no release
    assert provenance(api.funding_contributions(2022, ally="NLD"))["release"] is None
    # after Finland's accession the default prices the new members by GDP: it is named
    r = provenance(api.funding_contributions(2024, ally="NLD"))
    assert r["release"] == "2026-07" and r["datasets"][0]["kind"] == "nato_release"


def test_frames_using_gdp_name_the_release_it_came_from() -> None:
    w = api.funding_whatif("2021-2024", [Change("join", "SWE")], civil=100.0,
                           income_overrides={"ISL": 25.0})  # fmt: skip
    assert provenance(w)["release"] == "2026-07" == w.attrs["gdp_release"]
    assert provenance(w)["datasets"][0]["kind"] == "nato_release"
    old = api.funding_whatif("2021-2024", [Change("join", "SWE")], civil=100.0,
                             income_overrides={"ISL": 25.0}, release="2024-06")  # fmt: skip
    assert provenance(old)["release"] == "2024-06"
    e = api.funding_contributions(2024, ally="ESP", estimate_missing=True, release="2024-06")
    assert e.attrs["gdp_release"] == "2024-06"
    d = api.funding_derive(None, year=2019, income_overrides={"ISL": 25.0})
    assert provenance(d)["release"] == "2026-07"
    assert api.funding_derive("nov2019").attrs["release"] is None  # from the 2020 key


def test_a_missing_income_is_a_funding_and_a_coverage_error() -> None:
    with pytest.raises(FundingError, match="no gdp_usd_current_bn for ISL"):
        api.income(2021)
    with pytest.raises(CoverageError, match="--income ISL=VALUE"):
        api.funding_whatif("2021-2024", [Change("join", "SWE", income=600.0)], civil=100.0)


def test_whatif_reads_a_scenario_file(tmp_path: object) -> None:
    from pathlib import Path

    f = Path(str(tmp_path)) / "s.yaml"
    f.write_text("name: NL pays 4 %\nchanges:\n  - {kind: set, ally: NLD, share_pct: 4}\n",
                 encoding="utf-8")  # fmt: skip
    w = api.funding_whatif("2021-2024", scenario=f, civil=100.0, ally="NLD")
    assert w.attrs["scenario"] == "NL pays 4 %"
    assert w["share_to_pct"].iloc[0] == 4.0
    named = api.funding_whatif("2021-2024", scenario=f, civil=100.0, ally="NLD", name="mine")
    assert named.attrs["scenario"] == "mine"
    with pytest.raises(FundingError, match="at least one change"):
        api.funding_whatif("2021-2024", civil=100.0)
