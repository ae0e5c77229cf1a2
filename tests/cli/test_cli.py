"""The command line: formats, as-of, and one-line errors with exit code 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from burdenshare.cli import run


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_releases_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "data", "releases", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert frame["release"].tolist() == [
        "2016-07", "2017-06", "2018-03", "2018-07", "2019-03", "2019-06", "2019-11", "2020-10",
        "2021-03", "2021-06", "2022-06", "2023-07", "2024-06", "2025-08", "2026-07",
    ]  # fmt: skip
    assert {"published", "completeness", "address", "title"} <= set(frame.columns)


def test_table_json_carries_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "spending", "table", "--year", "2024", "--as-of", "2024-12-31", "-f", "json"
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["meta"]["release"] == "2024-06"
    assert payload["meta"]["partial"] is False
    first = payload["data"][0]
    assert first["iso3"] == "POL" and first["flag"] == "estimate"


def test_as_of_changes_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    _, out_2019, _ = _run(capsys, "spending", "ally", "BGR", "--as-of", "2019-07-01", "-f", "csv")
    _, out_now, _ = _run(capsys, "spending", "ally", "BGR", "-f", "csv")
    then = pd.read_csv(io.StringIO(out_2019)).set_index("year")["share_gdp_pct"]
    now = pd.read_csv(io.StringIO(out_now)).set_index("year")["share_gdp_pct"]
    assert round(then.loc[2019], 2) == 1.61
    assert round(now.loc[2019], 2) != 1.61


def test_cumulative_and_gap(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "spending", "cumulative", "--group", "europe_canada", "--base", "2016",
        "--to", "2020", "--release", "2024-06", "-f", "csv",
    )  # fmt: skip
    assert code == 0
    cum = pd.read_csv(io.StringIO(out))
    assert cum["year"].tolist() == [2017, 2018, 2019, 2020]
    code, out, _ = _run(capsys, "spending", "gap", "--threshold", "2.0", "--year", "2024",
                        "--release", "2024-06", "-f", "csv")  # fmt: skip
    gap = pd.read_csv(io.StringIO(out)).set_index("iso3")
    assert code == 0 and gap.loc["ESP", "gap_pp"] > 0 and gap.loc["POL", "gap_pp"] < 0


def test_xlsx_has_data_and_provenance_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "table.xlsx"
    code, _, _ = _run(capsys, "spending", "table", "-f", "xlsx", "-o", str(target))
    assert code == 0
    sheets = pd.read_excel(target, sheet_name=None)
    assert set(sheets) == {"data", "provenance"}
    assert "release" in set(sheets["provenance"]["key"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["spending", "ally", "XXX"], "error: unknown ally 'XXX'; accepted: ALB, BEL"),
        (["spending", "table", "--year", "2031"], "error: year 2031 is not covered"),
        (["spending", "table", "-i", "foo"], "error: unknown indicator 'foo'; accepted: "),
        (["spending", "table", "--as-of", "2010-01-01"], "error: as-of date 2010-01-01 is before"),
        (["spending", "table", "--release", "2025-08", "-i", "gdp_usd_current_bn"],
         "error: unknown indicator in release 2025-08 (partial) 'gdp_usd_current_bn'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert err.startswith(message)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["spending", "table", "--bogus"],
         "error: No such option: --bogus (see 'burdenshare spending table --help')"),
        (["spending", "table", "--year", "abc"], "error: Invalid value for '--year'"),
        (["spending", "ally"], "error: Missing argument 'code'."),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1
    assert out == ""


def test_help_still_prints_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "spending", "--help")
    assert code == 0 and "cumulative" in out and err == ""


def test_console_script_runs_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "burdenshare", "spending", "ally", "Atlantis"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: unknown ally 'Atlantis'")
    help_ = subprocess.run(
        [sys.executable, "-m", "burdenshare", "--help"], capture_output=True, text=True, check=False
    )
    assert help_.returncode == 0 and "spending" in help_.stdout


def test_overview_prints_the_alliance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "overview")
    assert code == 0
    assert "NATO total" in out and "Poland" in out


def test_dutch_tables_use_dutch_names_labels_and_decimal_comma(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "--lang", "nl", "spending", "table", "--year", "2024",
                        "--release", "2024-06")  # fmt: skip
    assert code == 0
    assert "Polen" in out and "bondgenoot" in out and "raming" in out and "% bbp" in out
    assert "4,12" in out and "4.12" not in out


def test_unknown_language_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--lang", "fr", "data", "releases")
    assert code == 2 and "unknown language 'fr'; accepted: en, nl" in err


def test_allies_registry_lists_dutch_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "data", "allies", "-f", "csv")
    frame = pd.read_csv(io.StringIO(out)).set_index("iso3")
    assert code == 0 and len(frame) == 32
    assert frame.loc["DEU", "name_nl"] == "Duitsland"
    assert frame.loc["SWE", "nato_accession"] == "2024-03-07"


def test_global_lang_reaches_every_area(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "nl", "funding", "contributions", "--year", "2024",
                        "--ally", "NLD", "--by", "ministry")  # fmt: skip
    assert code == 0
    assert "Defensie" in out and "Nederland" in out and "bondgenoot" in out
    assert "111,6" in out  # 114.9 as published, rescaled for Finland and Sweden


def test_ally_outside_a_partial_release_names_the_covered_allies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "spending", "ally", "CAN", "--release", "2019-11")
    assert code == 2
    assert err.startswith("error: ally CAN is not in release 2019-11 (partial: the 2019 share")
    assert ("covered: BEL, BGR, DEU, DNK, ESP, EST, GBR, GRC, ITA, LTU, LUX, LVA, NLD, POL, "
            "PRT, ROU, TUR, USA") in err  # fmt: skip


def test_help_types_in_the_usual_style(capsys: pytest.CaptureFixture[str]) -> None:
    """No ``<str>``, ``<list[str]>``, ``<bool>`` in any command's help: TEXT, INTEGER, PATH,
    [a|b], or the option's own metavar (YEAR, PERCENT, FILE...)."""
    from typer.main import get_command

    from burdenshare.cli import app

    root = get_command(app)
    paths = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        paths += [[name, s] for s in subs] if subs else [[name]]
    for path in paths:
        assert run([*path, "--help"]) == 0
        out = capsys.readouterr().out
        assert "<" not in out.replace("<=", ""), f"{path}: {out}"
        assert "{" not in out.split("\n", 3)[1], f"{path}: usage line"


def test_every_command_summary_is_one_line() -> None:
    """The first paragraph of a command's help is what the group's listing shows; a line
    break inside it prints a stray word on a line of its own ("(--as-of: the" / "key...")."""
    from typer.main import get_command

    from burdenshare.cli import app

    root = get_command(app)
    broken = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None) or {None: cmd}
        for sub, c in subs.items():
            summary = (c.help or "").strip().split("\n\n")[0]
            if not summary or "\n" in summary:
                broken.append(f"{name} {sub or ''}: {summary!r}")
    assert not broken, broken
