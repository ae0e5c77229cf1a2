"""The one scenario model: dated overrides, one parser, the area's errors with file and line."""

from __future__ import annotations

import pytest

from burdenshare.errors import BurdenshareError
from burdenshare.rules.scenario import (
    KindSpec,
    Override,
    Scenario,
    ScenarioSpecError,
    parse_scenario,
)

KINDS = {
    "set": KindSpec({"share_pct": float}, one_ally=True),
    "plan": KindSpec({"growth_pct": float}),
}


class AreaError(BurdenshareError):
    """Stands in for an area's error class."""


def test_in_force_by_year_with_inclusive_ends() -> None:
    s = Scenario("x", (Override("plan", 2030, 2031), Override("plan", None, 2029),
                       Override("plan", 2032)))  # fmt: skip
    assert [len(s.in_force(y)) for y in (2028, 2029, 2030, 2031, 2032)] == [1, 1, 1, 1, 1]
    assert s.in_force(2030)[0].start == 2030 and s.in_force(2029)[0].start is None
    assert s.start_year is None  # one override applies from the beginning
    assert Scenario("y", (Override("plan", 2031), Override("plan", 2030))).start_year == 2030


def test_scenario_level_from_is_the_default_and_an_override_may_differ() -> None:
    s = parse_scenario(
        "name: x\nfrom: 2030\nuntil: 2035\noverrides:\n"
        "  - {kind: plan, growth_pct: 1}\n"
        "  - {kind: plan, from: 2032, until: null, growth_pct: 2}\n",
        "s.yaml", kinds=KINDS,
    )  # fmt: skip
    assert [(o.start, o.end, o.line) for o in s.overrides] == [(2030, 2035, 5), (2032, None, 6)]
    assert s.overrides[1].describe() == "plan from 2032 (growth_pct=2)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("overrides: [{kind: plan}]\n", "s.yaml: a scenario needs a 'name' (text)"),
        ("name: x\noverrides: []\n", "s.yaml: scenario 'x': 'overrides' must be a non-empty list"),
        ("name: x\nchanges: [{kind: plan}]\noverrides: [{kind: plan}]\n",
         "s.yaml: scenario 'x': give 'overrides' or 'changes', not both"),
        ("name: x\nstart: 2030\noverrides: [{kind: plan}]\n", "s.yaml: unknown key 'start'"),
        ("name: x\noverrides:\n  - {kind: set, ally: NLD, allies: [DEU], share_pct: 1}\n",
         "s.yaml, line 3: override 1: give 'ally' or 'allies', not both"),
        ("name: x\noverrides:\n  - {kind: plan, growth_pct: lots}\n",
         "s.yaml, line 3: override 1: growth_pct: could not convert string to float: 'lots'"),
        ("name: x\noverrides:\n  - {kind: plan, from: 2030.5}\n",
         "s.yaml, line 3: override 1: 'from' must be a year (e.g. 2030), not 2030.5"),
    ],
)  # fmt: skip
def test_malformed_documents_raise_the_areas_error(text: str, message: str) -> None:
    with pytest.raises(AreaError) as info:
        parse_scenario(text, "s.yaml", kinds=KINDS, error=AreaError)
    assert str(info.value).startswith(message), str(info.value)


def test_the_default_error_and_a_start_that_is_required() -> None:
    with pytest.raises(ScenarioSpecError, match=r"^override 1: needs 'from'"):
        parse_scenario({"name": "x", "overrides": [{"kind": "plan"}]}, kinds=KINDS,
                       start_required=True)  # fmt: skip
