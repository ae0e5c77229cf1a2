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
