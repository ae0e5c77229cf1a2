"""The one reader for user files: one tiny malformed fixture per error, the exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from burdenshare.funding.errors import FundingError
from burdenshare.funding.loader import load_scenario_file
from burdenshare.shipped import DataFileError
from burdenshare.shipped.table import ColumnSpec, TableSpec
from burdenshare.shipped.user import read_user_csv, read_user_yaml
from burdenshare.targets.errors import ScenarioError, TargetsError
from burdenshare.targets.loader import read_plan, read_scenario

FIX = Path(__file__).parent / "fixtures" / "user"
SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True),
        "value": ColumnSpec("float", required=True, min=-50, max=100),
    },
    key=("iso3", "year"),
    list_expected=True,
)


class AreaError(DataFileError):
    """Stands for an area's DataFileError subclass (FundingDataError...)."""


def test_a_valid_file_is_typed() -> None:
    t = read_user_csv(FIX / "valid.csv", SPEC, what="test file", error=AreaError)
    assert t["year"].tolist() == [2027, 2028] and t["value"].tolist() == [1.0, 2.5]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "test file empty.csv: not a readable CSV: the file is empty"),
        ("binary.csv", "test file binary.csv: not a readable CSV: a binary file, not text"),
        ("latin1.csv", "test file latin1.csv: not a readable CSV: not UTF-8 text (byte 0xe9 "
         "at offset 30)"),
        ("unreadable.csv", "test file unreadable.csv: not a readable CSV: Error tokenizing "
         "data. C error: EOF inside string starting at row 1"),
        ("missing_column.csv", "test file missing_column.csv: missing column 'year'; "
         "expected iso3, year, value"),
        ("extra_column.csv", "test file extra_column.csv: unexpected column 'colour'; "
         "expected iso3, year, value"),
        ("bad_cell.csv", "test file bad_cell.csv, line 3: column 'value': 'one' is not a number"),
        ("empty_cell.csv", "test file empty_cell.csv, line 3: column 'value': empty, but "
         "required"),
        ("out_of_range.csv", "test file out_of_range.csv, line 2: column 'value': 150 is "
         "above the maximum 100"),
        ("duplicate.csv", "test file duplicate.csv, line 4: duplicate key (iso3, year) = "
         "('NLD', '2027'), first seen at line 2"),
    ],
)  # fmt: skip
def test_malformed_csv_names_file_line_and_rule(name: str, message: str) -> None:
    with pytest.raises(AreaError) as info:
        read_user_csv(FIX / name, SPEC, what="test file", error=AreaError)
    assert str(info.value) == message


def test_a_missing_file_names_the_path_given() -> None:
    with pytest.raises(AreaError) as info:
        read_user_csv(FIX / "nowhere.csv", SPEC, what="test file", error=AreaError)
    assert str(info.value) == f"test file {FIX / 'nowhere.csv'}: file not found"


def test_a_directory_is_not_a_file() -> None:
    with pytest.raises(AreaError) as info:
        read_user_yaml(FIX / "a_directory", what="test file", error=AreaError)
    assert str(info.value) == f"test file {FIX / 'a_directory'}: is a directory, not a file"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.yaml", "test file empty.yaml: not valid YAML: the file is empty"),
        ("binary.yaml", "test file binary.yaml: not valid YAML: a binary file, not text"),
        ("latin1.yaml", "test file latin1.yaml: not valid YAML: not UTF-8 text (byte 0xe9 at "
         "offset 6)"),
        ("not_yaml.yaml", "test file not_yaml.yaml, line 3: not valid YAML: expected ',' or "
         "']', but got ':'"),
    ],
)  # fmt: skip
def test_malformed_yaml_names_file_line_and_rule(name: str, message: str) -> None:
    with pytest.raises(AreaError) as info:
        read_user_yaml(FIX / name, what="test file", error=AreaError)
    assert str(info.value) == message


def test_a_valid_yaml_is_parsed() -> None:
    assert read_user_yaml(FIX / "valid.yaml", what="x") == {"name": "x", "changes": []}


def test_the_areas_raise_their_own_error_class() -> None:
    """A user file for funding raises a FundingError, one for targets a TargetsError."""
    with pytest.raises(FundingError, match=r"^scenario file binary\.yaml: not valid YAML"):
        load_scenario_file(FIX / "binary.yaml")
    with pytest.raises(ScenarioError, match="is a directory, not a file"):
        read_scenario(FIX / "a_directory")
    with pytest.raises(TargetsError) as info:
        read_plan(FIX / "empty.csv")
    assert str(info.value) == "spending plan empty.csv: not a readable CSV: the file is empty"
