"""The ``burdenshare funding`` commands: output, formats, and one-line errors (exit 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from burdenshare.cli import run


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(["funding", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_key_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "key", "--period", "2021-2024", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    nld = frame.set_index("iso3").loc["NLD"]
    assert (nld["share_pct"], nld["status"], nld["decimals"]) == (3.45, "published", 2)
    assert set(frame.loc[frame["share_pct"].isna(), "status"]) == {"missing", "joined"}


def test_contributions_json_has_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "contributions",
        "--year",
        "2024",
        "--ally",
        "NLD",
        "--by",
        "ministry",
        "--accessions",
        "as_published",
        "--format",
        "json",
    )
    assert code == 0
    payload = json.loads(out)
    assert "S06_MIRAGE_NATO_BUDGET2024" in payload["meta"]["source_ids"]
    rows = {r["ministry"]: r["contribution_eur_mn"] for r in payload["data"]}
    assert rows["defence"] == pytest.approx(0.0345 * (2030 + 1300))


def test_compare_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "compare",
        "--from",
        "2020",
        "--to",
        "2021-2024",
        "--budgets",
        "2019",
        "--ally",
        "NLD",
    )
    assert code == 0
    assert "NLD" in out and "0.6" in out and "3.5" in out  # 0.25 % of 250.5 / 1,395


def test_compare_with_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "compare",
        "--from",
        "2020",
        "--to",
        "2021-2024",
        "--civil",
        "2120",
        "--ally",
        "USA",
        "--format",
        "csv",
    )
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert frame["change_eur_mn"].iloc[0] == pytest.approx(-121.9)


def test_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--on", "2022-01-01", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out)).set_index("rule")
    assert frame.loc["nov2019", "constraints"] == (
        "DEU set to 16.35; USA at most the next-largest contributor; FRA frozen at its base share"
    )
    assert frame.loc["nov2019", "valid_until"] == "2024-12-31"


def test_reproduce(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "reproduce")
    assert code == 0
    text = " ".join(out.split())  # the console wraps long notes
    assert "18 of 20 derived shares strictly inside the rounding tolerance" in text
    assert "2 exactly at its edge (DEU, FRA), 0 outside" in text


def test_derive_with_income_and_caps(capsys: pytest.CaptureFixture[str]) -> None:
    """GDP key for 2023 with the US capped at the next largest; Iceland's GDP (absent from
    the catalog) given by hand: IMF WEO October 2025, USD 31.678 bn."""
    code, out, _ = _run(
        capsys,
        "derive",
        "--rule",
        "gni_next_largest",
        "--year",
        "2023",
        "--income",
        "ISL=31.678",
        "--format",
        "csv",
    )
    assert code == 0
    frame = pd.read_csv(io.StringIO(out)).set_index("iso3")
    assert frame["share_pct"].sum() == pytest.approx(100)
    assert frame.loc["USA", "share_pct"] == pytest.approx(frame.loc["DEU", "share_pct"])
    assert frame.loc["USA", "binding"] == "cap_next_largest"


def test_whatif(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "whatif",
        "--period",
        "2021-2024",
        "--cap",
        "USA=15",
        "--budgets",
        "2024",
        "--ally",
        "USA",
        "--ally",
        "NLD",
        "--format",
        "csv",
    )
    assert code == 0
    frame = pd.read_csv(io.StringIO(out)).set_index("iso3")
    assert frame.loc["USA", "share_to_pct"] == pytest.approx(15.0)
    assert frame.loc["NLD", "share_to_pct"] > 3.45


def test_whatif_from_a_scenario_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "name: NL pays 4 %\nchanges:\n  - {kind: set, ally: NLD, share_pct: 4}\n",
        encoding="utf-8",
    )
    code, out, _ = _run(
        capsys, "whatif", "--scenario", str(f), "--civil", "100", "--ally", "NLD", "--format", "csv"
    )
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert frame["share_to_pct"].iloc[0] == 4.0
    assert frame["change_eur_mn"].iloc[0] == pytest.approx(4.0 - 3.45)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["key", "--period", "2025"],
            "error: unknown key '2025'; accepted: 2016-2017, 2018-2019, 2020, 2021-2024, nov2019",
        ),
        (["contributions", "--year", "2026"], "error: no cost-share key covers 2026"),
        (
            ["compare", "--from", "2020", "--to", "2021-2024", "--nsip", "-5"],
            "error: budget amount for nsip (given) is -5.0 EUR mn; amounts must not be negative",
        ),
        (
            ["whatif", "--set", "USA=60", "--set", "DEU=50", "--civil", "1"],
            "error: fixed shares sum to 110 %, above 100 (USA 60, DEU 50)",
        ),
        (
            ["contributions", "--year", "2024", "--by", "country"],
            "error: unknown grouping 'country'; accepted: line, ministry, ally",
        ),
    ],
)
def test_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err.startswith(message), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_compare_title_names_a_derived_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "compare", "--from", "2021-2024", "--to", "nov2019", "--civil", "100"
    )
    assert code == 0
    assert "Key 2021-2024 → nov2019 (derived, 2021-2024)" in " ".join(out.split())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["key", "--period", "2019"],
            "error: unknown key '2019'; accepted: 2016-2017, 2018-2019, 2020, 2021-2024, "
            "nov2019 (2019 lies in the period 2018-2019)",
        ),
        (
            ["compare", "--from", "2020", "--to", "2021-2024"],
            "error: give a budget base: a year of published budgets (--budgets 2019; in "
            "Python budgets=2019) or amounts in EUR mn (--civil/--military/--nsip)",
        ),
        (
            ["compare", "--from", "2020", "--to", "2021-2024", "--budgets", "2019", "--nsip", "1"],
            "error: give either a budget year (--budgets YEAR) or amounts "
            "(--civil/--military/--nsip), not both",
        ),
    ],
)
def test_errors_say_what_to_type(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A year inside a period names the period; the budget-base errors name the options."""
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err.strip() == message


def test_command_lang_also_sets_headers_and_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: 'funding contributions ... --lang nl' (as in docs/funding.md) gave Dutch
    ministry names under English headers with a decimal point; it now matches the global
    'burdenshare --lang nl'."""
    argv = ["contributions", "--year", "2024", "--ally", "NLD", "--by", "ministry"]
    code, local, _ = _run(capsys, *argv, "--lang", "nl")
    assert code == 0
    # rescaled for Finland's and Sweden's accessions (the default): 3.45 % x 0.971386
    assert "bondgenoot" in local and "111,6" in local and "Defensie" in local
    code = run(["--lang", "nl", "funding", *argv])
    global_, _ = capsys.readouterr()
    assert code == 0 and global_ == local


def test_ministry_table_shows_estimated_shares(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["contributions", "--year", "2024", "--ally", "ESP", "--by", "ministry"]
    code, out, _ = _run(capsys, *argv, "--estimate-missing")
    text = " ".join(out.split())
    assert code == 0 and "estimated" in text and "with estimated shares" in text
    assert "Estimated, not published: the shares of ESP" in text


def test_budget_table_keeps_the_published_decimal(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the budgets table printed 438.1 (civil 2024) as '438' and 234.4 as '234'."""
    code, out, _ = _run(capsys, "budgets")
    assert code == 0
    assert "438.1" in out and "234.4" in out and "370.8" in out


def test_keys_table_says_missing_allies(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the shared label turned the 'missing' column into 'missing inputs'."""
    from burdenshare.cli._output import console

    monkeypatch.setattr(console, "width", 250)  # headers in full
    code, out, _ = _run(capsys, "keys")
    assert code == 0
    assert "missing inputs" not in out and "missing allies" in out
