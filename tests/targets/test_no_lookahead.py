"""No look-ahead: with ``as_of``, every result uses only data published on or before it.

Over a grid of dates (quarter ends 2019-2026 and the day of and before each IMF edition's
publication), every targets result names only datasets published on or before the as-of
date — the NATO release and the IMF WEO edition — or it is refused with a
BurdenshareError. The rules file is dated rules (each commitment is selected by its own
validity dates), not a dataset published at a point in time, and is left out of the check.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import pytest

import burdenshare as bs
from burdenshare.errors import BurdenshareError
from burdenshare.targets.errors import EditionAsOfError, TargetsError, UnknownAssumptionError
from burdenshare.targets.loader import edition_as_of, editions


def _published(text: str) -> date:
    """A publication date; a month-only date counts as the month's last day (conservative)."""
    if len(text) == 7:
        y, m = int(text[:4]), int(text[5:])
        return date(y, m, calendar.monthrange(y, m)[1])
    return date.fromisoformat(text)


def _grid() -> list[date]:
    days = set(pd.date_range("2019-06-01", "2026-12-31", freq="QE").date.tolist())
    for e in editions().values():
        d = date.fromisoformat(e.published)
        days |= {d, d - timedelta(days=1)}
    return sorted(d for d in days if d >= date(2019, 6, 25))  # the first NATO release


CALLS: dict[str, Callable[[date], pd.DataFrame]] = {
    "gdp_projection": lambda d: bs.targets_gdp_projection("NLD", as_of=d),
    "path": lambda d: bs.targets_path("NLD", target="floor-2pct", target_year=2030, as_of=d),
    "simulate": lambda d: bs.targets_simulate("NLD", paths=200, seed=1, as_of=d,
                                              target="floor-2pct", target_year=2030),
    "required_share": lambda d: bs.targets_required_share("NLD", as_of=d, target="floor-2pct",
                                                          target_year=2030),
    "compliance": lambda d: bs.targets_compliance(None, "NLD", as_of=d),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_every_as_of_result_uses_only_data_published_by_then(name: str) -> None:
    answered = 0
    for day in _grid():
        try:
            out = CALLS[name](day)
        except BurdenshareError:
            continue  # a refusal (e.g. a partial release without GDP) is not look-ahead
        answered += 1
        datasets = out.attrs["provenance"]["datasets"]
        assert datasets[0]["kind"] == "nato_release"
        for d in datasets:
            if d["kind"] == "rules":
                continue
            if d["kind"] == "gdp_forecast_history":
                # one file of every vintage: only the outturns published by then are used
                # (the fall edition of the year named, published in October)
                assert date(out.attrs["gdp_outturns_to"], 10, 31) <= day, (name, day)
                continue
            assert _published(d["published"]) <= day, (name, day, d["id"], d["published"])
        if name != "compliance":  # a GDP forecast is used, and it is the latest by then
            ids = [d["id"] for d in datasets if d["kind"] == "gdp_forecast"]
            assert ids == [edition_as_of(day).name], (name, day, ids)
    assert answered >= 8  # the grid reaches the full releases (2024-06, 2026-07)


def test_the_edition_is_the_latest_published_by_then() -> None:
    # the 2024-06 NATO release with the October 2024 forecast, not October 2025's
    out = bs.targets_gdp_projection("NLD", as_of="2024-12-31")
    assert [d["id"] for d in out.attrs["provenance"]["datasets"]] == [
        "nato-2024-06", "imf-weo-2024-10"]  # fmt: skip
    assert out.attrs["gdp_assumption"] == "imf-weo-2024-10"
    assert edition_as_of(date(2024, 10, 21)).name == "imf-weo-2024-04"
    assert edition_as_of(date(2024, 10, 22)).name == "imf-weo-2024-10"
    assert edition_as_of(None).name == "imf-weo-2025-10"


def test_an_edition_published_later_is_refused() -> None:
    with pytest.raises(EditionAsOfError, match=r"imf-weo-2025-10 was published on 2025-10-14, "
                       r"after the as-of date 2024-12-31; as of that date use imf-weo-2024-10"):
        bs.targets_gdp_projection("NLD", as_of="2024-12-31", assumption="imf-weo-2025-10")
    assert issubclass(EditionAsOfError, TargetsError)


def test_no_edition_before_the_first_is_refused() -> None:
    with pytest.raises(EditionAsOfError, match="no IMF WEO edition shipped was published on or "
                       "before 2019-05-20"):
        edition_as_of(date(2019, 5, 20))


def test_every_edition_is_shipped_with_its_publication_date() -> None:
    eds = editions()
    assert len(eds) == 14
    assert {e.edition for e in eds.values()} >= {f"WEO-{y}-{m}" for y in range(2019, 2026)
                                                for m in ("04", "10")}  # fmt: skip
    assert all(e.published_basis for e in eds.values())
    assert eds["imf-weo-2020-04"].incomplete  # no deflator: skipped, and refused by name
    with pytest.raises(UnknownAssumptionError, match="no GDP deflator"):
        bs.targets_gdp_assumption("imf-weo-2020-04")


def test_a_target_decided_later_is_refused() -> None:
    # The Hague's 3.5% (2025-06-25) did not exist on 2024-12-31
    with pytest.raises(TargetsError, match=r"target core-2035 .* was not in force on the as-of "
                       r"date 2024-12-31 \(it applies from 2025-06-25\)"):
        bs.targets_path("NLD", target="core-2035", as_of="2024-12-31")
    # a value the user states is theirs, and the floor was in force
    p = bs.targets_path("NLD", target="core-2035", target_pct=3.5, as_of="2024-12-31")
    assert p.attrs["base_year"] == 2022  # release 2024-06: 2023 and 2024 are estimates
    bs.targets_path("NLD", target="floor-2pct", target_year=2030, as_of="2024-12-31")
    after = bs.targets_path("NLD", target="core-2035", as_of="2026-09-30")
    assert after.attrs["target"] == "core-2035"
