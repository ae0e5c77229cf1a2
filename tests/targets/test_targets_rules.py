"""rules.at(): the day before and the day every commitment takes effect; schema fixtures."""

from __future__ import annotations

import hashlib
import itertools
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from burdenshare import rules
from burdenshare.rules import RuleDateError, RulesError, UnknownParameterError
from burdenshare.rules.loader import DATA_DIR, load_rules, parse_rules

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULES = rules.default_rules()
GUIDE = "spending.core_guideline_pct_gdp"


# ---- every boundary of the shipped file, both sides ---------------------------------

STARTS = [v for v in RULES.versions if v.valid_from_text is not None]
ENDS = [v for v in RULES.versions if v.valid_until is not None]


@pytest.mark.parametrize("v", STARTS, ids=lambda v: f"{v.label}@{v.valid_from_text}")
def test_version_starts_on_its_day_not_the_day_before(v: rules.Version) -> None:
    before = RULES.at(v.valid_from - timedelta(days=1))
    on = RULES.at(v.valid_from)
    assert on[v.id] == v
    assert v.id not in before or before[v.id] != v


@pytest.mark.parametrize("v", ENDS, ids=lambda v: f"{v.label}@{v.valid_until_text}")
def test_version_ends_on_its_last_day(v: rules.Version) -> None:
    assert v.valid_until is not None
    assert RULES.at(v.valid_until)[v.id] == v
    after = RULES.at(v.valid_until + timedelta(days=1))
    assert v.id not in after or after[v.id] != v


# ---- the spending commitments, named (dates from NOTES.md, section A) -----------------


@pytest.mark.parametrize(
    ("day", "kind", "version"),
    [
        ("2005-12-31", None, None),  # before the informal 2006 guideline ("2006": from 1 Jan)
        ("2006-01-01", "informal_guideline", 1),
        ("2014-09-04", "informal_guideline", 1),  # the day before Wales
        ("2014-09-05", "aim_move_towards", 2),  # Wales Defence Investment Pledge
        ("2023-07-10", "aim_move_towards", 2),  # the day before Vilnius
        ("2023-07-11", "annual_floor", 3),  # Vilnius floor
        ("2035-12-31", "annual_floor", 3),
    ],
)
def test_two_percent_guideline_versions(day: str, kind: str | None, version: int | None) -> None:
    now = rules.at(day)
    if kind is None:
        assert GUIDE not in now
    else:
        assert now[GUIDE].kind == kind
        assert now[GUIDE].version == version
        assert now[GUIDE].value == 2.0


@pytest.mark.parametrize(
    "pid",
    [
        "spending.core_defence_pct_gdp",
        "spending.defence_security_related_pct_gdp",
        "spending.total_commitment_pct_gdp",
        "spending.hague_review",
    ],
)
def test_hague_commitments_start_on_summit_day(pid: str) -> None:
    assert pid not in rules.at("2025-06-24")
    assert pid in rules.at("2025-06-25")


def test_hague_values_and_target_year() -> None:
    now = rules.at("2025-06-25")
    assert now.value("spending.core_defence_pct_gdp") == 3.5
    assert now.value("spending.defence_security_related_pct_gdp") == 1.5
    assert now.value("spending.total_commitment_pct_gdp") == 5.0
    assert now["spending.core_defence_pct_gdp"].get("target_year") == 2035
    assert now.value("spending.hague_review") == 2029


def test_equipment_guideline_from_wales() -> None:
    pid = "spending.equipment_share_pct_defence_exp"
    assert pid not in rules.at("2014-09-04")
    assert rules.at("2014-09-05").value(pid) == 20.0


def test_spain_is_a_flag_not_a_target() -> None:
    assert "ESP" not in rules.at("2025-06-21").special_positions()
    on = rules.at("2025-06-22")
    assert on.special_positions() == {"ESP": ("flexibility_letter_2025",)}
    # Spain's targets are everyone's targets: nothing spending.* is ESP-specific except the flag
    ids = [k for k in rules.at("2025-06-25") if "ESP" in k]
    assert ids == ["spending.special_position.ESP"]


def test_partial_dates_resolution() -> None:
    # valid_until "2022-02" of the first eFP version counts to the last day of February
    pid = "posture.forward_presence.battlegroups"
    assert rules.at("2022-02-28")[pid].version == 1
    assert rules.at("2022-03-01")[pid].version == 2
    # a year-only end ("2006") would run to 31 December; a leap-year month end
    assert rules.resolve_end("2006") == date(2006, 12, 31)
    assert rules.resolve_end("2024-02") == date(2024, 2, 29)
    assert rules.resolve_start("2009-06") == date(2009, 6, 1)


def test_open_start_means_always() -> None:
    assert "definition.defence_expenditure" in rules.at("1949-04-04")


def test_at_rejects_partial_and_bad_dates() -> None:
    with pytest.raises(RuleDateError, match=r"'2025' is partial.*2025-01-01 or 2025-12-31"):
        rules.at("2025")
    with pytest.raises(RuleDateError, match="'25 June' is not a date; use YYYY-MM-DD"):
        rules.at("25 June")


def test_unknown_parameter_names_accepted() -> None:
    with pytest.raises(
        UnknownParameterError, match=r"unknown parameter 'spending\.nope'; accepted:"
    ):
        RULES.history("spending.nope")


def test_history_is_ordered_and_non_overlapping() -> None:
    h = rules.history(GUIDE)
    assert [v.version for v in h] == [1, 2, 3]
    for a, b in itertools.pairwise(h):
        assert a.valid_until is not None and a.valid_until + timedelta(days=1) == b.valid_from


# ---- one malformed fixture per schema error, each with its exact message ---------------

FIXTURE_MESSAGES = {
    "not_yaml.yaml": "not_yaml.yaml, line 4: not valid YAML: expected ',' or ']', but got ':'",
    "no_parameters.yaml": "no_parameters.yaml: 'parameters' must be a non-empty list",
    "unknown_top_level.yaml": (
        "unknown_top_level.yaml: unknown top-level key 'extras'; accepted: meta, parameters, "
        "sources"
    ),
    "missing_key.yaml": "missing_key.yaml, line 2 (spending.x v1): missing key 'valid_from' "
    "(required)",
    "unknown_key.yaml": "unknown_key.yaml, line 2 (spending.x v1): unknown key 'valid_form'",
    "bad_date.yaml": "bad_date.yaml, line 2 (spending.x v1): valid_from '2014-13' is not a date "
    "(YYYY, YYYY-MM or YYYY-MM-DD)",
    "bad_status.yaml": "bad_status.yaml, line 2 (spending.x v1): status 'maybe' is not one of: "
    "decided, aim, reported, contested, unverified",
    "bad_confidence.yaml": "bad_confidence.yaml, line 2 (spending.x v1): confidence 'certain' "
    "is not one of: high, medium, low",
    "bad_comparator.yaml": "bad_comparator.yaml, line 2 (spending.x v1): comparator '=>' is not "
    "one of: >=, <=",
    "wrong_type.yaml": "wrong_type.yaml, line 2 (spending.x v1): 'target_year' must be of type "
    "int, not str",
    "bad_version.yaml": "bad_version.yaml, line 2 (spending.x v0): 'version' must be a whole "
    "number >= 1, not 0",
    "end_before_start.yaml": "end_before_start.yaml, line 2 (spending.x v1): valid_until "
    "2014-09-04 is before valid_from 2014-09-05",
    "unknown_source.yaml": "unknown_source.yaml, line 2 (spending.x v1): source 'S-NOPE' is not "
    "in the 'sources' registry",
    "duplicate_version.yaml": "duplicate_version.yaml, line 12 (spending.x v1): duplicate "
    "version (first at line 2)",
    "overlap.yaml": "overlap.yaml, line 12 (spending.x v2): overlaps spending.x v1 (valid until "
    "null (open)); a day must select one version",
}


@pytest.mark.parametrize("name", sorted(FIXTURE_MESSAGES))
def test_malformed_fixture(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        parse_rules(text, name)
    assert str(exc.value) == FIXTURE_MESSAGES[name]


def test_every_fixture_has_a_test() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(FIXTURE_MESSAGES)


# ---- manifest verification ------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    for name in ("rules.yaml", "manifest.toml", "NOTES.md"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_changed_rules_file_fails_its_hash(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "rules.yaml").write_text(
        (root / "rules.yaml").read_text(encoding="utf-8").replace("value: 3.5", "value: 3.0"),
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match=r"rules\.yaml: SHA-256 mismatch"):
        load_rules(root)


def test_entry_count_is_checked(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    manifest = (root / "manifest.toml").read_text(encoding="utf-8")
    (root / "manifest.toml").write_text(manifest.replace("parameters = 34", "parameters = 35"))
    with pytest.raises(RulesError, match="34 parameter entries, manifest says 35"):
        load_rules(root)


def test_shipped_copy_is_verified() -> None:
    raw = (DATA_DIR / "rules.yaml").read_bytes()
    assert len(load_rules().versions) == 34
    assert hashlib.sha256(raw).hexdigest().startswith("4d0bf31f")
