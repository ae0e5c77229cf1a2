"""Run every YAML case in ``tests/funding/cases`` (add a file there to add a case)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from burdenshare.funding.cases import run_case
from burdenshare.funding.loader import load_cases

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.yaml"))


def test_there_are_cases() -> None:
    assert len(FILES) >= 8


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case(path: Path) -> None:
    result = run_case(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert result.passed, "\n".join(result.failures)


def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The runner is not vacuous: change one expected number and the case fails."""
    doc = yaml.safe_load((CASES / "nl_2024_published.yaml").read_text(encoding="utf-8"))
    doc["expect"]["contributions"]["k2124"]["NLD"]["civil"] = 15.2
    result = run_case(doc)
    assert not result.passed
    assert result.failures == ("contributions k2124 NLD civil: got 15.11445, expected 15.2",)


def test_an_expected_error_that_does_not_occur() -> None:
    doc = yaml.safe_load((CASES / "error_key_sum.yaml").read_text(encoding="utf-8"))
    doc["keys"]["bad"]["shares"]["DEU"] = 51
    assert run_case(doc).failures == ("expected KeySumError, but no error was raised",)


def test_load_cases_reads_the_folder() -> None:
    names = [doc["name"] for _, doc in load_cases(CASES)]
    assert len(names) == len(FILES)


def test_a_missing_allys_change_total_is_not_zero() -> None:
    """Regression: the runner summed a missing ally's change over the lines with pandas'
    NaN-skipping sum, so 'totals: {NOR: 0}' passed; a missing share is not zero."""
    doc = yaml.safe_load((CASES / "missing_ally_is_nan.yaml").read_text(encoding="utf-8"))
    doc["expect"]["change"]["totals"]["NOR"] = 0
    assert run_case(doc).failures == ("change NOR total: got NaN (no share), expected 0",)
    doc = yaml.safe_load((CASES / "missing_ally_is_nan.yaml").read_text(encoding="utf-8"))
    doc["expect"]["contributions"]["new"]["NLD"]["civil"] = None
    assert run_case(doc).failures == (
        "contributions new NLD civil: got 8.64225, expected NaN (no share)",
    )


def test_a_typo_in_an_expectation_is_a_failure_not_a_crash() -> None:
    doc = yaml.safe_load((CASES / "basic_two_allies.yaml").read_text(encoding="utf-8"))
    doc["expect"]["contributions"]["k"]["NDL"] = {"civil": 50}
    doc["expect"]["ministries"]["k"]["NDL"] = {"defence": 1}
    assert run_case(doc).failures == (
        "contributions k NDL civil: no such row; rows: NLD/civil, NLD/military, NLD/nsip, "
        "DEU/civil, DEU/military, DEU/nsip",
        "ministries k NDL: ally not in key k",
    )


def test_the_readme_example_is_a_passing_case() -> None:
    """The layout an analyst copies from README.md must itself pass (its numbers were
    illustrative and wrong: a derived US share of 40, a change total of -8.6)."""
    text = (CASES / "README.md").read_text(encoding="utf-8")
    doc = yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    del doc["expect"]["error"]  # shown as the alternative to numbers
    result = run_case(doc)
    assert result.passed, result.failures
