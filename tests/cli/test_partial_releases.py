"""Partial releases told apart: no output prints "nan", counts name their base, and group
statistics from a partial release are refused or come from NATO's published aggregate."""

from __future__ import annotations

import json
import re

import pytest

import burdenshare as bs
from burdenshare.cli import run

PARTIAL = [str(r) for r, c in bs.data_releases()[["release", "completeness"]].to_numpy()
           if c == "partial"]  # fmt: skip
NAN = re.compile(r"\bnan\b", re.IGNORECASE)

COMMANDS = [
    ["overview"],
    ["spending", "table"],
    ["spending", "group"],
    ["spending", "group", "--group", "europe_canada"],
    ["spending", "count"],
    ["spending", "gap"],
    ["spending", "check"],
    ["spending", "cumulative"],
    ["targets", "status"],
]


def test_there_are_partial_releases() -> None:
    assert {"2019-11", "2023-07", "2025-08"} <= set(PARTIAL)


@pytest.mark.parametrize("release", PARTIAL)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_no_output_prints_nan(
    capsys: pytest.CaptureFixture[str], release: str, command: list[str], fmt: str
) -> None:
    code = run([*command, "--release", release, "-f", fmt])
    out = capsys.readouterr()
    assert code in (0, 2), out.err
    if code == 2:  # refused: one line saying why
        assert out.out == "" and out.err.count("\n") == 1 and out.err.startswith("error: ")
    assert not NAN.search(out.out), out.out
    assert not NAN.search(out.err), out.err
    if code == 0 and fmt == "json":
        json.loads(out.out)  # NaN is not JSON: it must be null


@pytest.mark.parametrize("release", PARTIAL)
def test_the_overview_count_names_its_base(
    capsys: pytest.CaptureFixture[str], release: str
) -> None:
    assert run(["overview", "--release", release]) == 0
    out = capsys.readouterr().out
    o = bs.spending_overview(release=release)
    n, members = o.attrs["n_with_figures"], o.attrs["nato_members"]
    sentence = f"{o.attrs['count_2pct']} of the {n} allies in this partial release"
    assert sentence in " ".join(out.split())
    assert f"NATO had {members} allies in {o.attrs['year']}" in " ".join(out.split())


def test_nine_allies_of_november_2019(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["overview", "--as-of", "2019-12-04"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    # 9 allies at 2% (DEFPOINT2019) and 8 more from press reprints: 17 of 28 reporting
    assert "9 of the 17 allies in this partial release" in out
    assert "NATO had 29 allies in 2019" in out
    assert "NATO total: not given: partial release (17 of 29 allies)" in out


def test_group_statistics_of_a_partial_release_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["spending", "group", "--as-of", "2019-12-04"]) == 2
    err = capsys.readouterr().err
    assert "release 2019-11 is a partial release: 17 of the 28 reporting members" in err


def test_published_aggregate_stands_in_with_its_basis() -> None:
    o = bs.spending_overview(release="2025-08")
    assert o.attrs["nato_share_gdp_pct_basis"] == "published"
    assert round(o.attrs["nato_share_gdp_pct"], 2) == 2.76
    g = bs.spending_group(release="2025-08").set_index("year")
    assert set(g["share_gdp_pct_weighted_basis"]) == {"published"}
    assert g["share_gdp_pct_weighted"].notna().all()
    # 2025: 30 of the 31 reporting allies have a share in 2025-08: only NATO's own
    # aggregate is shown for it, no mean or median of an incomplete set
    assert round(float(g.loc[2025, "share_gdp_pct_weighted"]), 2) == 2.76
    assert g.loc[[2025], ["share_gdp_pct_mean", "share_gdp_pct_median"]].isna().all().all()
    assert int(g.loc[2025, "n_allies"]) == 30 and g.attrs["left_out_years"] == ""
    full = bs.spending_group(release="2024-06")
    assert set(full["share_gdp_pct_weighted_basis"]) == {"computed"}


def test_count_names_members() -> None:
    c = bs.spending_count(release="2019-11").set_index("year")
    assert int(c.loc[2019, "count"]) == 9 and int(c.loc[2019, "of"]) == 17
    assert int(c.loc[2019, "members"]) == 29
