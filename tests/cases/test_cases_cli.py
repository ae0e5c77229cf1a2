"""``burdenshare cases run`` and ``burdenshare.cases_run``: the one case runner for users."""

from __future__ import annotations

from pathlib import Path

import pytest

import burdenshare as bs
from burdenshare.cases import CaseFileError
from burdenshare.cli import run

TESTS = Path(__file__).parents[1]
FINE = (
    "name: fine\narea: funding\nkeys:\n  k: {period: '2030', shares: {NLD: 25, DEU: 75}}\n"
    "budgets: {civil: 100}\nexpect:\n  contributions: {k: {NLD: {civil: 25}}}\n"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(["cases", "run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_both_areas_run_from_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(TESTS / "funding" / "cases"), str(TESTS / "targets" / "cases"))
    assert code == 0
    assert "FAIL" not in out and out.count("ok ") >= 20
    assert out.strip().splitlines()[-1].endswith("passed, 0 failed")


def test_a_failing_case_exits_1_with_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text(FINE.replace("civil: 25}", "civil: 26}"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(FINE, encoding="utf-8")
    code, out, _ = _run(capsys, str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        "FAIL a.yaml: fine",
        "     contributions k NLD civil: got 25, expected 26",
        "ok   b.yaml: fine",
        "2 cases, 1 passed, 1 failed",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (FINE + "  nonsense: 1\n",
         r"a.yaml, line 1, case 'fine': malformed case: unknown expectations \['nonsense'\]"),
        (FINE.replace("area: funding", "area: readiness"),
         r"a.yaml, line 1: case 'fine': unknown area 'readiness'; accepted: funding, targets"),
        ("- name: x\n  area: targets\n  expect: {}\n  rules_at: {day: 2020-01-01}\n- [1]\n",
         r"a.yaml: case 2 is not a mapping"),
        ("name: [\n", r"a.yaml, line 2: not valid YAML"),
    ],
)  # fmt: skip
def test_a_bad_case_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "a.yaml").write_text(content, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(FINE, encoding="utf-8")
    code, out, err = _run(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("error: ") and message.replace("\\", "") in " ".join(err.split())


def test_an_empty_folder_is_an_error_not_a_silent_success(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, str(tmp_path))
    assert code == 2
    assert err.strip().endswith("no case files (*.yaml) in this folder")
    code, _, err = _run(capsys, str(tmp_path / "nowhere.yaml"))
    assert code == 2 and "no such file or folder" in err


def test_the_python_api(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FINE.replace("civil: 25}", "civil: 26}"), encoding="utf-8")
    r = bs.cases_run(tmp_path)
    assert r[["name", "area", "passed"]].values.tolist() == [["fine", "funding", False]]
    assert r.attrs["n_failed"] == 1
    assert r.attrs["provenance"]["what"] == "YAML behaviour cases"
    with pytest.raises(CaseFileError):
        bs.cases_run([tmp_path / "missing"])
