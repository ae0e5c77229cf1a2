"""Forward presence in troops: the published figures reproduced from the shipped table,
the figure in force on a day, hosts counted, "not published" rather than a guess."""

from __future__ import annotations

import pandas as pd
import pytest

import burdenshare as bs
from burdenshare.burden.loader import DATA_DIR, load_efp_troops


def _at(day: str) -> pd.DataFrame:
    return bs.burden_forward_presence(as_of=day).set_index("iso3")


def test_the_published_figures_are_reproduced() -> None:
    """docs NOTES.md §C3: about 4,500 across four battlegroups in August 2017; 9,641 across
    eight in June 2022; Multinational Brigade Latvia > 3,500 in July 2024; Canada up to about
    2,200; Germany's Panzerbrigade 45 target about 4,800 by the end of 2027 (a plan)."""
    f17 = _at("2017-12-31")
    assert (f17.at["ALL", "troops"], f17.at["ALL", "qualifier"]) == (4500, "about")
    assert f17.at["ALL", "troops_date"] == "2017-08-28"
    assert f17.at["ALL", "hosts"] == 4
    assert f17.at["ALL", "troops_sources"] == "S-NATO-EFP-2017"
    f22 = _at("2022-12-31")
    assert (f22.at["ALL", "troops"], f22.at["ALL", "qualifier"]) == (9641, "exactly")
    assert f22.at["ALL", "hosts"] == 8
    hosts = ["BGR", "EST", "HUN", "LTU", "LVA", "POL", "ROU", "SVK"]
    per_host = {c: f22.at[c, "troops"] for c in hosts}
    assert per_host == {"BGR": 968, "EST": 1430, "HUN": 900, "LTU": 1632, "LVA": 1887,
                        "POL": 1033, "ROU": 1148, "SVK": 643}  # fmt: skip
    assert sum(per_host.values()) == 9641  # the hosts' figures add up to the published whole
    f24 = _at("2024-12-31")
    assert (f24.at["LVA", "troops"], f24.at["LVA", "qualifier"]) == (3500, "more than")
    assert f24.at["LVA", "troops_sources"] == "S-LVMOD-2024; S-EUROMEDIA24-2024"
    assert (f24.at["CAN", "plan_troops"], f24.at["CAN", "plan_qualifier"]) == (2200, "up to")
    assert f24.at["CAN", "plan_at"] == "LVA"
    assert f24.at["DEU", "plan_troops"] == "none published"  # announced in 2025
    f26 = _at("2026-06-30")
    assert (f26.at["DEU", "plan_troops"], f26.at["DEU", "plan_qualifier"]) == (4800, "target")
    assert (f26.at["DEU", "plan_at"], f26.at["DEU", "plan_by"]) == ("LTU", "2027-12")
    # a plan is not a deployment: Lithuania's figure in force is still the 2022 snapshot
    assert (f26.at["LTU", "troops"], f26.at["LTU", "troops_date"]) == (1632, "2022-06-28")


def test_no_figure_is_never_a_number_or_nan() -> None:
    f = _at("2018-06-30")
    # hosts with a battlegroup but no per-host figure published by then
    for host in ("EST", "LVA", "LTU", "POL"):
        assert f.at[host, "hosts"] == 1 and f.at[host, "troops"] == "not published"
    assert f.at["FRA", "troops"] == "not a host"
    assert not f.drop(columns=["ally"]).isna().any().any()
    assert "Per-contributor troop numbers are not in our sources" in f.attrs["troops"]
    notes = f.attrs["provenance"]["notes"]
    assert "not estimated" in notes["troops"]


def test_battlegroups_joined_led_and_hosted() -> None:
    f = _at("2024-12-31")
    assert f.at["USA", "battlegroups_led"] == 1 and f.at["USA", "hosts"] == 0
    assert f.at["CAN", "battlegroups_led"] == 1 and f.at["CAN", "battlegroups_joined"] == 1
    assert f.at["POL", "hosts"] == 1 and f.at["POL", "battlegroups_joined"] >= 1
    assert f.at["ISL", "battlegroups_joined"] >= 1
    # the index counts the same battlegroups and says troop figures are host-level only
    idx = bs.burden_index(2024, release="2024-06").set_index("iso3")
    assert idx.at["USA", "efp_battlegroups"] == f.at["USA", "battlegroups_joined"]
    assert "per host" in idx.attrs["efp_troops"]


def test_the_shipped_table_names_its_sources() -> None:
    t = load_efp_troops()
    assert set(t["qualifier"]) <= {"about", "exactly", "more than", "up to", "target"}
    assert set(t.loc[t["kind"] == "plan", "nation_iso3"]) == {"CAN", "DEU"}
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")  # every id documented
    for ids in t["sources"]:
        for sid in ids.split(";"):
            assert f"id: {sid}," in text, sid


def test_as_of_is_checked() -> None:
    with pytest.raises(bs.BurdenshareError):
        bs.burden_forward_presence(as_of="not a date")


def test_the_terminal_table_writes_troop_figures_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """9,641 in English and 9.641 in Dutch; the reason where there is no figure."""
    from burdenshare.cli import run

    monkeypatch.setenv("COLUMNS", "80")
    assert run(["burden", "forward-presence", "--as-of", "2024-12-31"]) == 0
    english = capsys.readouterr().out
    assert run(["--lang", "nl", "burden", "forward-presence", "--as-of", "2024-12-31"]) == 0
    dutch = capsys.readouterr().out
    assert "9,641" in english and "9641" not in english and "not a host" in english
    assert "9.641" in dutch and "9641" not in dutch and "geen gastland" in dutch


def test_before_the_first_battlegroup_the_table_still_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2016-01-01 no ally hosts or joins a battlegroup: the table keeps the row of the
    whole, with no figure published, instead of printing an empty table."""
    from burdenshare.cli import run

    monkeypatch.setenv("COLUMNS", "80")
    assert run(["burden", "forward-presence", "--as-of", "2016-01-01"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("│ ALL"))
    assert "not published" in row
