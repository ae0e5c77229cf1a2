"""The ``burdenshare targets`` commands: output, machine formats, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from burdenshare.cli import run


def test_status_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["targets", "status", "--year", "2025", "--ally", "NLD", "-f", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = {r["commitment"]: r for r in payload["data"]}
    assert rows["core-3.5pct"]["assessment"] == "not met"
    assert rows["related-1.5pct"]["assessment"] == "not published"
    assert payload["meta"]["related_spending"].startswith("not published")


def test_path_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["targets", "path", "NLD", "--target", "core-2035", "--method", "linear"]) == 0
    out = capsys.readouterr().out
    assert "Required constant growth to reach 3.5% in 2035" in out
    assert "illustrative" in out


def test_simulate_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["targets", "simulate", "NLD", "--paths", "2000", "--seed", "1", "-f", "csv"])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("iso3,year,plan_spending_nc_mn,deterministic_share_pct")
    assert len(lines) == 1 + 9  # 2027-2035


def test_rules_on_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["targets", "rules", "--date", "2025-06-25", "-f", "csv"]) == 0
    out = capsys.readouterr().out
    assert "spending.core_defence_pct_gdp" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["targets", "path", "NLD", "--target", "core"], "unknown target 'core'; accepted:"),
        (["targets", "path", "XXX"], "unknown ally 'XXX'; accepted:"),
        (["targets", "gdp", "NLD", "--gdp", "imf"], "unknown GDP assumption set 'imf'"),
        (["targets", "rules", "--date", "2025"], "date '2025' is partial"),
        (["targets", "simulate", "ISL", "--paths", "10"], "release 2026-07 has no GDP for ISL"),
        (["targets", "path", "NLD", "--method", "plan"], "method 'plan' needs a plan"),
        # regression: an ally without GDP in the release raised a pandas traceback (exit 1)
        (["targets", "path", "ISL"], "release 2026-07 has no GDP for ISL"),
        (["targets", "gdp", "ISL"], "release 2026-07 has no GDP for ISL"),
        # regression: simulate's progress bar wrote a blank line before the error
        (["targets", "simulate", "NLD", "--paths", "0"], "the number of paths"),
        (["targets", "simulate", "NLD", "--plan", "growth"], "plan 'growth' needs"),
    ],
)
def test_bad_input_one_line_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and message in captured.err
    assert captured.err.count("\n") == 1, captured.err  # one line


def test_simulate_several_allies_adds_group_rows(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["targets", "simulate", "NLD", "DEU", "POL", "--paths", "3000", "--seed", "2"]
    assert run([*argv, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    group = [r for r in data if r["iso3"] == "GROUP"]
    assert len(group) == 9 and len(data) == 4 * 9
    for r in group:
        assert 0.0 <= r["p_all_target"] <= r["p_target"] + 1.0
        assert 0.0 <= r["n_target"] <= 3.0
    assert run(argv) == 0
    assert "The allies together" in capsys.readouterr().out


def test_simulate_note_names_what_reproduces_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The draws depend on the chunk size (documented): the note gives it with the seed."""
    assert run(["targets", "simulate", "NLD", "--paths", "500", "--seed", "1",
                "--chunk-size", "200"]) == 0  # fmt: skip
    out = " ".join(capsys.readouterr().out.split())
    assert "500 paths, seed 1, chunk size 200 (the same seed and chunk size reproduce a run)" in out
    assert "plan: linear" in out


def test_scenario_table_declares_the_gdp_join_and_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the scenario table gave no word on how projected GDP was built."""
    f = tmp_path / "s.yaml"
    f.write_text("name: more\noverrides:\n  - {kind: plan, from: 2028, allies: [NLD], "
                 "growth_pct: 8}\n")  # fmt: skip
    assert run(["targets", "scenario", str(f), "--ally", "NLD"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "GDP: imf-weo-2025-10 growth rates applied to NATO's GDP of the latest year" in out
    assert "extension: hold-last" in out


def test_floor_target_takes_the_year_the_error_asks_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: simulate and scenario offered floor-2pct but had no --target-year, the
    option their own error message asked for."""
    argv = ["targets", "simulate", "NLD", "--paths", "200", "--seed", "1", "-f", "json",
            "--target", "floor-2pct"]  # fmt: skip
    assert run(argv) == 2
    assert "give one (--target-year)" in capsys.readouterr().err
    assert run([*argv, "--target-year", "2030"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["meta"]["target_pct"] == 2.0 and payload["meta"]["target_year"] == 2030
    assert [r["year"] for r in payload["data"]] == [2027, 2028, 2029, 2030]
    f = tmp_path / "s.yaml"
    f.write_text("name: more\noverrides:\n  - {kind: plan, from: 2028, allies: [NLD], "
                 "growth_pct: 8}\n")  # fmt: skip
    assert run(["targets", "scenario", str(f), "--ally", "NLD", "--target", "floor-2pct",
                "--target-year", "2030", "-f", "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)["data"]
    assert {r["target_year"] for r in data} == {2030} and {r["target_pct"] for r in data} == {2.0}
