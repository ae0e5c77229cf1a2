"""Cost-share key rules are versions in the one dated-rule model, parsed by the one parser."""

from __future__ import annotations

from datetime import date

import pytest

from burdenshare.funding import default_data
from burdenshare.funding.errors import FundingError, RuleError
from burdenshare.funding.keyrules import KEY_RULES, parse_key_rule_set, parse_key_rules
from burdenshare.rules.loader import COMMITMENTS, parse_rules
from burdenshare.rules.model import Version

ENTRY = """
parameters:
  - id: funding.cost_share_key.x
    name: x
    version: 1
    description: d
    value:
      base: previous_key
      base_period: "2020"
      period: "2021-2024"
      constraints:
        - {kind: freeze, ally: FRA}
    valid_from: "2021"
    valid_until: "2024"
    status: reported
    confidence: medium
    source: [S1]
  - id: funding.cost_share_key.x
    name: x2
    version: 2
    description: d
    value: {base: income, constraints: []}
    valid_from: "2025-03"
    valid_until: null
    status: unverified
    confidence: low
    source: [S1]
"""


def test_shipped_key_rules_are_rules_model_versions() -> None:
    rules = default_data().rules
    assert [r.name for r in rules] == ["nov2019", "gni_next_largest"]
    assert all(isinstance(r.version, Version) for r in rules)
    nov = rules[0]
    assert (nov.valid_from, nov.valid_until) == (date(2021, 1, 1), date(2024, 12, 31))
    assert nov.period == "2021-2024" and nov.base_period == "2020"
    assert [c.kind for c in nov.constraints] == ["set", "cap_next_largest", "freeze"]


def test_partial_dates_at_and_history_work_for_key_rules() -> None:
    rs = parse_key_rule_set(ENTRY)
    # "2024" as valid_until covers the whole year; "2025-03" starts on 1 March
    assert rs.at("2024-12-31")["funding.cost_share_key.x"].version == 1
    assert "funding.cost_share_key.x" not in rs.at("2025-02-28")
    assert rs.at("2025-03-01")["funding.cost_share_key.x"].get("name") == "x2"
    assert [v.version for v in rs.history("funding.cost_share_key.x")] == [1, 2]
    assert rs.values_by_date("funding.cost_share_key.x")["2025-03"]["base"] == "income"


def test_one_parser_two_families() -> None:
    """The key-rule family accepts `name` and a structured value; commitments do not."""
    with pytest.raises(
        Exception, match=r"line 4 \(funding.cost_share_key.x v1\): unknown key 'name'"
    ):
        parse_rules(ENTRY.replace("parameters:", "sources: [{id: S1}]\nparameters:"), "k.yaml",
                    family=COMMITMENTS)  # fmt: skip
    assert len(parse_rules(ENTRY, "k.yaml", family=KEY_RULES).versions) == 2


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: freeze", "kind: floor", r"k.yaml, line 3 .*constraint 1: unknown kind 'floor'"),
        ("base: previous_key", "base: gni", r"line 3 .*base 'gni'; accepted: previous_key, income"),
        (
            "constraints: []}",
            "constraints: [], redistribution: iterative}",
            r"line 18 .*redistribution 'iterative'; accepted: pro_rata",
        ),
        ('valid_until: "2024"', 'valid_until: "2026"', r"line 18 .*overlaps .*x v1"),
        ("name: x2", "name: x", r"line 18 .*duplicate name 'x'"),
        ('valid_from: "2021"', "valid_from: 2021-13", r"valid_from .*not a date"),
    ],
)
def test_a_malformed_key_rule_names_file_line_and_rule(old: str, new: str, message: str) -> None:
    assert old in ENTRY
    with pytest.raises(RuleError, match=message) as info:
        parse_key_rules(ENTRY.replace(old, new, 1), "k.yaml")
    assert isinstance(info.value, FundingError)
