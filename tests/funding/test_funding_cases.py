"""Run every funding YAML case in ``tests/funding/cases`` (add a file there to add a case)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from burdenshare.cases import Case, CaseFileError, parse_cases, read_cases, run_case

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.yaml"))
ALL = read_cases([CASES])


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return doc


def test_there_are_cases() -> None:
    assert len(FILES) >= 8 and len(ALL) == len(FILES)
    assert {c.area for c in ALL} == {"funding"}


@pytest.mark.parametrize("case", ALL, ids=[Path(c.file).stem for c in ALL])
def test_case(case: Case) -> None:
    result = run_case(case)
    assert result.passed, "\n".join(result.failures)


def test_a_wrong_expectation_fails() -> None:
    """The runner is not vacuous: change one expected number and the case fails."""
    doc = _doc("nl_2024_published.yaml")
    doc["expect"]["contributions"]["k2124"]["NLD"]["civil"] = 15.2
    result = run_case(doc)
    assert not result.passed
    assert result.failures == ("contributions k2124 NLD civil: got 15.11445, expected 15.2",)


def test_an_expected_error_that_does_not_occur() -> None:
    doc = _doc("error_key_sum.yaml")
    doc["keys"]["bad"]["shares"]["DEU"] = 51
    assert run_case(doc).failures == ("expected KeySumError, but no error was raised",)


def test_a_missing_allys_change_total_is_not_zero() -> None:
    """Regression: the runner summed a missing ally's change over the lines with pandas'
    NaN-skipping sum, so 'totals: {NOR: 0}' passed; a missing share is not zero."""
    doc = _doc("missing_ally_is_nan.yaml")
    doc["expect"]["change"]["totals"]["NOR"] = 0
    assert run_case(doc).failures == ("change NOR total: got NaN (no share), expected 0",)
    doc = _doc("missing_ally_is_nan.yaml")
    doc["expect"]["contributions"]["new"]["NLD"]["civil"] = None
    assert run_case(doc).failures == (
        "contributions new NLD civil: got 8.64225, expected NaN (no share)",
    )


def test_a_typo_in_an_expectation_is_a_failure_not_a_crash() -> None:
    doc = _doc("basic_two_allies.yaml")
    doc["expect"]["contributions"]["k"]["NDL"] = {"civil": 50}
    doc["expect"]["ministries"]["k"]["NDL"] = {"defence": 1}
    assert run_case(doc).failures == (
        "contributions k NDL civil: no such row; rows: NLD/civil, NLD/military, NLD/nsip, "
        "DEU/civil, DEU/military, DEU/nsip",
        "ministries k NDL: ally not in key k",
    )


def test_a_malformed_case_names_its_file_and_line() -> None:
    text = (CASES / "basic_two_allies.yaml").read_text(encoding="utf-8")
    (case,) = parse_cases(text.replace("  ministries:", "  minstries:"), "b.yaml")
    with pytest.raises(CaseFileError, match=r"^b.yaml, line 1, case 'two allies.*': malformed "
                       r"case: unknown expectations \['minstries'\]"):  # fmt: skip
        run_case(case)
    with pytest.raises(CaseFileError, match=r"^b.yaml, line 1: case 'two allies.*': unknown key "
                       r"'budget'; accepted: name, area"):  # fmt: skip
        parse_cases(text.replace("budgets:", "budget:"), "b.yaml")


def test_a_file_without_area_still_runs() -> None:
    """Case files written before 'area' existed: the area is inferred from the inputs."""
    text = (CASES / "basic_two_allies.yaml").read_text(encoding="utf-8")
    (case,) = parse_cases(text.replace("area: funding\n", ""), "b.yaml")
    assert case.area == "funding" and run_case(case).passed


def test_the_readme_example_is_a_passing_case() -> None:
    """The layout an analyst copies from README.md must itself pass (its numbers were
    illustrative and wrong: a derived US share of 40, a change total of -8.6)."""
    text = (CASES / "README.md").read_text(encoding="utf-8")
    doc = yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    del doc["expect"]["error"]  # shown as the alternative to numbers
    result = run_case(doc)
    assert result.passed, result.failures
