"""One time axis: --as-of (or --release) on every command that reads dated data; both
together is an error; funding keys, budgets and rules in force on a date."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import burdenshare as bs
from burdenshare.catalog.errors import AsOfError
from burdenshare.cli import run


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert run([*argv, "-f", "json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_as_of_and_release_together_is_an_error() -> None:
    with pytest.raises(AsOfError, match="not both"):
        bs.spending_table(as_of="2024-12-31", release="2024-06")
    with pytest.raises(AsOfError, match="not both"):
        bs.data_revisions("NLD", as_of="2024-12-31", release="2024-06")


def test_funding_key_in_force_on_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert _json(capsys, "funding", "key", "--as-of", "2019-05-01")["meta"]["key"] == "2018-2019"
    assert _json(capsys, "funding", "key", "--as-of", "2022-06-30")["meta"]["key"] == "2021-2024"
    assert run(["funding", "key", "--as-of", "2022-06-30", "--period", "2020"]) == 2
    assert run(["funding", "key", "--as-of", "2012-01-01"]) == 2
    assert "no shipped key is in force on 2012-01-01" in capsys.readouterr().err


def test_funding_budgets_and_contributions_on_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "funding", "budgets", "--as-of", "2021-05-01")["data"]
    assert {r["year"] for r in rows} == {2021}
    out = _json(capsys, "funding", "contributions", "--as-of", "2024-03-01", "--by", "ally")
    assert out["meta"]["year"] == 2024
    assert out["meta"]["key"] == "2021-2024, rescaled for accessions"
    assert run(["funding", "contributions"]) == 2  # neither --year nor --as-of


def test_rules_in_force_on_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    on_2019 = _json(capsys, "funding", "rules", "--as-of", "2022-06-30")["data"]
    assert [r["rule"] for r in on_2019] == ["nov2019", "gni_next_largest"]
    rules = _json(capsys, "targets", "rules", "--as-of", "2025-07-01")["data"]
    assert any(r["parameter"] == "spending.core_defence_pct_gdp" for r in rules)


def test_revisions_take_the_time_axis(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "data", "revisions", "BGR", "-y", "2019", "--as-of", "2020-01-01")["data"]
    assert [r["release"] for r in rows] == ["2019-06", "2019-11"]


def test_as_of_reaches_back_to_2016(capsys: pytest.CaptureFixture[str]) -> None:
    """The press reprints: what NATO published in July 2016, as published."""
    rows = _json(capsys, "spending", "table", "--as-of", "2016-12-31")
    assert rows["meta"]["release"] == "2016-07"
    first = rows["meta"]["datasets"][0]
    assert first["secondary"] is True and first["partial"] is True
    usa = next(r for r in rows["data"] if r["iso3"] == "USA")
    assert usa["value"] == pytest.approx(3.61)


def test_xlsx_works_after_make_run() -> None:
    """openpyxl is a core dependency: `make run` installs it, so --format xlsx works."""
    meta = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert any(d.startswith("openpyxl") for d in meta["project"]["dependencies"])
