"""As-of queries select the release published on or before the date."""

from __future__ import annotations

import pytest

from burdenshare.catalog import (
    AsOfError,
    CoverageError,
    UnknownIndicatorError,
    UnknownReleaseError,
    default_catalog,
    observations,
    releases,
    revisions,
    select_release,
)


@pytest.mark.parametrize("release", default_catalog().releases, ids=lambda r: r.id)
def test_as_of_boundaries(release) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    assert select_release(as_of=release.published).id == release.id
    before = (
        select_release(as_of=release.published - timedelta(days=1))
        if (release.id != "2016-07")
        else None
    )
    if before is not None:
        assert before.id != release.id
        assert before.published < release.published


def test_as_of_before_first_release_is_an_error() -> None:
    with pytest.raises(AsOfError, match="before the first shipped release"):
        select_release(as_of="2016-07-03")  # the press reprints reach back to 4 July 2016


def test_as_of_garbage_is_an_error() -> None:
    with pytest.raises(AsOfError, match="not a date"):
        select_release(as_of="yesterday")


def test_claim_of_december_2019_is_checked_against_november_release() -> None:
    obs = observations("share_gdp_pct", allies="BGR", years=2019, as_of="2019-12-04")
    assert obs["release"].iloc[0] == "2019-11"
    assert round(float(obs["value"].iloc[0]), 2) == 3.25


def test_latest_by_default() -> None:
    assert select_release().id == releases()["release"].iloc[-1]


def test_unknown_release() -> None:
    with pytest.raises(UnknownReleaseError, match="accepted: 2016-07, 2017-06"):
        select_release(release="2020-01")


def test_indicator_a_release_does_not_have() -> None:
    with pytest.raises(UnknownIndicatorError, match=r"in release 2025-08 \(partial\)"):
        observations("defence_exp_usd_current_mn", release="2025-08")


def test_year_outside_coverage() -> None:
    with pytest.raises(CoverageError, match=r"year 2031 .* covered years: 2014-2026"):
        observations("share_gdp_pct", years=2031)


def test_ally_outside_a_partial_release() -> None:
    with pytest.raises(CoverageError, match="ally CAN is not in release 2019-11"):
        observations("share_gdp_pct", allies="CAN", release="2019-11")


def test_revisions_track_one_value_across_releases() -> None:
    rev = revisions("Bulgaria", "share_gdp_pct", years=2019)
    assert list(rev["release"]) == ["2019-06", "2019-11", "2020-10", "2024-06", "2025-08",
                                    "2026-07"]  # fmt: skip
    # October 2020 revised it to 3.18 (press reprint, press/README.md)
    assert round(float(rev.set_index("release").loc["2020-10", "value"]), 2) == 3.18
    # The F-16 payment: 1.61 in June 2019, 3.25 in November 2019 (SOURCES.md §3).
    assert rev["value"].round(2).tolist()[:2] == [1.61, 3.25]
    assert rev["change"].round(2).iloc[1] == pytest.approx(1.64)
    assert rev["published"].is_monotonic_increasing


def test_releases_table_counts_coverage() -> None:
    r = releases().set_index("release")
    assert r.loc["2024-06", "n_allies"] == 32
    assert r.loc["2019-11", "n_allies"] == 18  # 9 from DEFPOINT2019, 9 more from the press
    assert r.loc["2016-07", "n_allies"] == 27
    assert r.loc["2026-07", "years"] == "2014-2026"


def test_revisions_as_of_stop_at_what_was_published() -> None:
    rev = revisions("BGR", "share_gdp_pct", years=2019, as_of="2020-01-01")
    assert list(rev["release"]) == ["2019-06", "2019-11"]


def test_files_lists_the_manifest_with_origin_records() -> None:
    from burdenshare.catalog import files

    f = files()
    cat = default_catalog()
    assert len(f) == len(cat.files)
    assert f["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    obs = f[f["kind"].isin(["observations", "aggregates"])]
    assert obs["publisher"].str.startswith("NATO").all()
    assert obs["address"].notna().all() and obs["published"].notna().all()
    assert (f["licence"] == cat.licence_note).all() and cat.licence_note
