"""Claim checks: every measure and verdict, then and now, and malformed claim files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import burdenshare as bs
from burdenshare.claims import ClaimFileError, example_path
from burdenshare.claims.judge import latest_day
from burdenshare.claims.model import MEASURES
from burdenshare.cli import run

NOW = "2026-12-01"


def _file(tmp_path: Path, *claims: dict[str, Any]) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"claims": list(claims)}, sort_keys=False), encoding="utf-8")
    return path


def _claim(**kw: Any) -> dict[str, Any]:
    return {"id": "c", "text": "words", **kw}


def _check(tmp_path: Path, **kw: Any) -> dict[str, Any]:
    out = bs.claims_check(_file(tmp_path, _claim(**kw)), now=NOW)
    row: dict[str, Any] = out.iloc[0].to_dict()
    return row


# --- every measure, with a verdict each way ------------------------------------------------
def test_share_of_gdp_holds_then_and_not_now(tmp_path: Path) -> None:
    r = _check(tmp_path, said_on="2019-11-29", measure="share_of_gdp", ally="Bulgaria",
               year=2019, value=3.25, unit="pct")  # fmt: skip
    assert (r["then_basis"], r["then_value"], r["then_verdict"]) == ("2019-11", 3.25, "holds")
    assert (r["now_basis"], r["now_value"], r["now_verdict"]) == ("2026-07", 3.15, "does_not_hold")


def test_share_of_gdp_walks_back_over_a_complete_release_that_lacks_the_year(
    tmp_path: Path,
) -> None:
    r = _check(tmp_path, said_on="2024-07-01", measure="share_of_gdp", ally="NLD", year=2012,
               value=1.24, unit="pct")  # fmt: skip
    assert (r["then_basis"], r["then_verdict"]) == ("2019-06", "holds")
    assert "the release in force, 2024-06, does not publish it" in r["then_reason"]


def test_real_change_of_an_ally_and_of_a_group(tmp_path: Path) -> None:
    ally = _check(tmp_path, said_on="2024-06-20", measure="real_change", ally="NLD", year=2019,
                  value=10.9, unit="pct")  # fmt: skip
    assert ally["then_verdict"] == "holds" and ally["now_verdict"] == "holds"
    group = _check(tmp_path, said_on="2024-06-20", measure="real_change", group="europe_canada",
                   year=2019, value=4.6, unit="pct")  # fmt: skip
    assert group["then_verdict"] == "does_not_hold"
    assert round(group["then_value"], 2) == 3.62


def test_allies_at_or_above_right_on_the_day_and_wrong_now(tmp_path: Path) -> None:
    r = _check(tmp_path, said_on="2024-06-17", measure="allies_at_or_above", threshold=2,
               year=2024, value=23, unit="allies")  # fmt: skip
    assert (r["then_value"], r["then_verdict"]) == (23.0, "holds")
    assert (r["now_value"], r["now_verdict"]) == (17.0, "does_not_hold")


def test_a_count_from_a_release_held_in_part_is_not_verifiable(tmp_path: Path) -> None:
    r = _check(tmp_path, said_on="2019-11-29", measure="allies_at_or_above", threshold=2,
               year=2019, value=9, unit="allies")  # fmt: skip
    assert r["then_verdict"] == "not_verifiable"
    assert r["then_reason"] == (
        "release 2019-11 gives the share of GDP of 17 of the 28 allies in 2019"
    )


def test_cumulative_extra_spending_not_checkable_with_the_release_of_the_day(
    tmp_path: Path,
) -> None:
    r = _check(tmp_path, said_on="2019-12-04", measure="cumulative_extra_spending",
               group="europe_canada", base_year=2016, years="2017-2020", value=130,
               unit="usd_bn", tolerance="5%")  # fmt: skip
    assert r["then_verdict"] == "not_verifiable"
    assert r["then_reason"] == (
        "no release published on or before 4 December 2019 gives the extra spending of "
        "European Allies and Canada over 2016 in 2017-2020, in constant US dollars (the release "
        "in force was 2019-11)"
    )
    # now: constant 2021 dollars, 147.2 bn: more than 5% above the claim
    assert r["now_verdict"] == "does_not_hold" and round(r["now_value"], 1) == 147.2
    assert "in constant 2021 US dollars" in r["now_reason"]


def test_cumulative_extra_spending_holds_within_a_relative_tolerance(tmp_path: Path) -> None:
    r = _check(tmp_path, said_on="2024-07-01", measure="cumulative_extra_spending",
               group="europe_canada", base_year=2016, years="2017-2020", value=130,
               unit="usd_bn", tolerance="5%")  # fmt: skip
    assert (r["then_basis"], r["then_verdict"]) == ("2024-06", "holds")
    assert round(r["then_value"], 2) == 132.08
    tight = _check(tmp_path, said_on="2024-07-01", measure="cumulative_extra_spending",
                   group="europe_canada", base_year=2016, years="2017-2020", value=130,
                   unit="usd_bn", tolerance=1)  # fmt: skip
    assert tight["then_verdict"] == "does_not_hold"


def test_cost_share_known_only_once_its_source_was_out(tmp_path: Path) -> None:
    early = _check(tmp_path, said_on="2019-11-28", measure="cost_share", ally="USA",
                   period="2021-2024", value=16.35, unit="pct")  # fmt: skip
    assert early["then_verdict"] == "not_verifiable"
    assert "S11_DPA_WN2019 was published Nov 2019" in early["then_reason"]
    assert early["now_verdict"] == "holds"
    later = _check(tmp_path, said_on="2020-06-01", measure="cost_share", ally="USA",
                   period="2021-2024", value=16.35, unit="pct")  # fmt: skip
    assert later["then_verdict"] == "holds"
    wrong = _check(tmp_path, said_on="2020-06-01", measure="cost_share", ally="USA",
                   period="2021-2024", value=22.1, unit="pct")  # fmt: skip
    assert wrong["then_verdict"] == "does_not_hold"


def test_cost_share_change_per_ministry_is_the_api_number(tmp_path: Path) -> None:
    r = _check(tmp_path, said_on="2021-01-05", measure="cost_share_change", ally="NLD",
               **{"from": "2020", "to": "2021-2024"}, civil=258.9, military=1610, nsip=710,
               ministry="foreign_affairs", value=0.6, unit="eur_mn")  # fmt: skip
    api = bs.funding_compare("2020", "2021-2024", civil=258.9, military=1610, nsip=710,
                             ally="NLD", by="ministry").set_index("ministry")  # fmt: skip
    assert r["now_value"] == api.loc["foreign_affairs", "change_eur_mn"]
    assert r["then_verdict"] == "holds" and r["now_verdict"] == "holds"


def test_rule_parameter_each_verdict(tmp_path: Path) -> None:
    kw = {"measure": "rule_parameter", "parameter": "readiness.nri",
          "field": "mechanised_battalions", "unit": "battalions"}  # fmt: skip
    right = _check(tmp_path, said_on="2018-07-11", value=30, **kw)
    assert right["then_verdict"] == right["now_verdict"] == "holds"
    wrong = _check(tmp_path, said_on="2018-07-11", value=40, **kw)
    assert wrong["then_verdict"] == "does_not_hold"
    early = _check(tmp_path, said_on="2018-01-01", value=30, **kw)
    assert early["then_verdict"] == "not_verifiable"
    assert early["then_reason"] == "no version of readiness.nri is in force on 1 January 2018"


def test_every_measure_is_exercised_above() -> None:
    text = Path(__file__).read_text(encoding="utf-8")
    assert all(f'measure="{m}"' in text or f'"measure": "{m}"' in text for m in MEASURES)


# --- the worked example: NATO's own press releases ---------------------------------------
EXPECTED = {
    "allies-2pct-2019-jun": ("holds", "does_not_hold"),
    "allies-2pct-2019-nov": ("not_verifiable", "does_not_hold"),
    "real-change-2019": ("not_verifiable", "does_not_hold"),
    "extra-130bn": ("not_verifiable", "does_not_hold"),
    "bulgaria-2019": ("holds", "does_not_hold"),
    "allies-2pct-2023": ("holds", "does_not_hold"),
    "allies-2pct-2024": ("holds", "does_not_hold"),
    "us-cost-share-2021": ("not_verifiable", "holds"),
    "nri-battalions": ("holds", "holds"),
}


def test_the_shipped_example_of_nato_press_releases() -> None:
    out = bs.claims_check("nato_press_releases", now=NOW).set_index("id")
    got = {i: (r.then_verdict, r.now_verdict) for i, r in out.iterrows()}
    assert got == EXPECTED
    ids = [d["id"] for d in out.attrs["provenance"]["datasets"]]
    assert ids[0] == "claims-nato-press-releases"
    assert {"nato-2019-06", "nato-2019-11", "nato-2024-06", "nato-2026-07", "rules",
            "S11_DPA_WN2019"} <= set(ids)  # fmt: skip
    assert out.attrs["provenance"]["release"] is None
    assert all(out["source"].str.len() > 0)  # every claim names where it was said


def test_a_path_to_the_example_is_the_same_as_its_name() -> None:
    a = bs.claims_check("nato_press_releases", now=NOW)
    b = bs.claims_check(example_path("nato_press_releases"), now=NOW)
    assert a.equals(b)


def test_reasons_in_dutch_with_dutch_dates_and_names(tmp_path: Path) -> None:
    out = bs.claims_check(_file(tmp_path, _claim(
        said_on="2019-11-29", measure="share_of_gdp", ally="BGR", year=2019, value=3.25,
        unit="pct")), lang="nl", now=NOW)  # fmt: skip
    assert out["then_reason"].iloc[0] == "editie 2019-11, gepubliceerd op 29 november 2019"
    assert out["figure"].iloc[0] == "het aandeel in het bbp van Bulgarije in 2019"


def test_latest_day_of_free_text_dates() -> None:
    assert str(latest_day("last updated 13 Aug 2021")) == "2021-08-13"
    assert str(latest_day("15 Jul 1976; 11 Nov 1996")) == "1996-11-11"
    assert latest_day("n.d.") is None


# --- malformed claim files: one line, exit code 2 ----------------------------------------
GOOD = {"id": "a", "text": "t", "said_on": "2024-06-17", "measure": "share_of_gdp",
        "ally": "NLD", "year": 2024, "value": 2.05, "unit": "pct"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"measure": "mood"}, "claim 1 ('a'): field 'measure': unknown value 'mood'; accepted: "),
        ({"year": None}, "claim 1 ('a'): missing argument 'year' of share_of_gdp"),
        ({"said_on": "2019-13-01"},
         "claim 1 ('a'): field 'said_on': '2019-13-01' is not an ISO date (YYYY-MM-DD)"),
        ({"year": "soon"}, "claim 1 ('a'): field 'year': 'soon' is not a number"),
        ({"group": "nato"}, "claim 1 ('a'): 'group' is not an argument of share_of_gdp; "
                            "accepted: ally, year"),
        ({"unit": "usd_bn"}, "claim 1 ('a'): unit 'usd_bn' is not one of share_of_gdp's: pct"),
        ({"value": "lots"}, "claim 1 ('a'): value 'lots' is not a number"),
        ({"tolerance": "a bit"}, "claim 1 ('a'): field 'tolerance': 'a bit' does not match"),
        ({"ally": "Atlantis"}, "claim 'a': unknown ally 'Atlantis'"),
    ],
)
def test_bad_claim_files_are_one_line_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], message: str
) -> None:
    claim = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    path = _file(tmp_path, claim)
    with pytest.raises(ClaimFileError):
        bs.claims_check(path, now=NOW)
    code = run(["claims", "check", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: claim file claims.yaml: ")
    assert message in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid YAML: the file is empty"),
        ("claims: [", "not valid YAML"),
        ("claims: []\n", "the list 'claims' is empty"),
        ("- a\n- b\n", "expected a mapping with a list 'claims'"),
    ],
)
def test_bad_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    assert run(["claims", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError, match="duplicate key"):
        bs.claims_check(_file(tmp_path, GOOD, GOOD), now=NOW)


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["claims", "check", "/no/such/claims.yaml"]) == 2
    assert "claim file /no/such/claims.yaml: file not found" in capsys.readouterr().err


# --- the command line ---------------------------------------------------------------------
def test_cli_table_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["claims", "check", "nato_press_releases", "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert "allies-2pct-2024" in out and "does not hold" in out and "Sources:" in out
    assert run(["claims", "check", "nato_press_releases", "--now", NOW, "-f", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["then_verdict"] for r in payload["data"]}["bulgaria-2019"] == "holds"
    assert run(["claims", "check", "nato_press_releases", "--now", NOW, "-f", "csv",
                "--lang", "nl"]) == 0  # fmt: skip
    assert "gepubliceerd op 17 juni 2024" in capsys.readouterr().out
    assert run(["claims", "check", "nato_press_releases", "--now", NOW, "--lang", "nl"]) == 0
    assert "klopt niet" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_every_format_writes_to_the_output_file(tmp_path: Path, fmt: str) -> None:
    """`-o` was ignored for json, csv and the table (printed to the terminal instead)."""
    out = tmp_path / f"check.{fmt}"
    assert run(["claims", "check", "nato_press_releases", "--now", "2026-12-01",
                "-f", fmt, "-o", str(out)]) == 0  # fmt: skip
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        doc = json.loads(text)
        assert doc["meta"]["datasets"] and len(doc["data"]) == 9
    elif fmt == "csv":
        assert text.splitlines()[0].startswith("id,") and len(text.splitlines()) == 10
        assert (tmp_path / "check.csv-metadata.json").is_file()
    else:
        assert "Sources:" in text and "checked then and now" in text
