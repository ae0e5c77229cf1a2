"""Runs every targets YAML case (``cases/*.yaml``) through the one case runner, one test each."""

from __future__ import annotations

from pathlib import Path

import pytest

from burdenshare.cases import Case, parse_cases, read_cases, run_case

FOLDER = Path(__file__).parent / "cases"
CASES = read_cases([FOLDER])


def test_there_are_cases_of_every_kind() -> None:
    kinds = {k for c in CASES for k in ("rules_at", "compliance", "required_growth",
                                        "linear_path") if k in c.doc}  # fmt: skip
    assert len(CASES) >= 10 and len(kinds) == 4
    assert {c.area for c in CASES} == {"targets"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case) -> None:
    result = run_case(case)
    assert result.passed, "\n".join(result.failures)


def test_a_wrong_expectation_fails_with_what_was_got() -> None:
    (case,) = parse_cases(
        "name: x\narea: targets\nrules_at: {day: 2014-09-05}\n"
        "expect:\n  spending.core_guideline_pct_gdp: {version: 1, kind: informal_guideline}\n"
        "  spending.core_defence_pct_gdp: {value: 3.5}\n"
        "  spending.equipment_share_pct_defence_exp: absent\n"
    )
    assert run_case(case).failures == (
        "spending.core_guideline_pct_gdp.version: got 2, want 1",
        "spending.core_guideline_pct_gdp.kind: got 'aim_move_towards', want 'informal_guideline'",
        "spending.core_defence_pct_gdp: not in force on 2014-09-05",
        "spending.equipment_share_pct_defence_exp: in force (v1), want absent",
    )


def test_numbers_are_compared_at_the_printed_precision() -> None:
    text = (
        "name: x\narea: targets\ndecimals: {d}\nrequired_growth: {{spending0: 37.0, "
        "gdp_target_year: 4025.0, target_pct: 2.0, years: 7}}\n"
        "expect: {{nominal_pct: 11.74}}\n"
    )
    assert run_case(parse_cases(text.format(d=2))[0]).passed  # 11.7449 prints as 11.74
    assert not run_case(parse_cases(text.format(d=4))[0]).passed
