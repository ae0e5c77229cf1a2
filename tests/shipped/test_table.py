"""The table checker: one rule each, the exact message (file, line, rule)."""

from __future__ import annotations

import numpy as np
import pytest

from burdenshare.shipped import DataFileError
from burdenshare.shipped.table import ColumnSpec, TableSpec, read_csv_table

SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
        "year": ColumnSpec("int", required=True, min=1949, max=2100),
        "kind": ColumnSpec(allowed=("actual", "estimate")),
        "flag": ColumnSpec("bool"),
        "day": ColumnSpec("date"),
        "value": ColumnSpec("float"),
    },
    key=("iso3", "year"),
)
HEADER = "iso3,year,kind,flag,day,value\n"


def _read(rows: str, spec: TableSpec = SPEC) -> object:
    return read_csv_table((HEADER + rows).encode(), spec, file="t.csv")


def test_every_type_is_parsed_and_empty_cells_stay_empty() -> None:
    t = read_csv_table(
        (HEADER + "NLD,2024,actual,true,2024-06-17,1.5\nBEL,2024,,,,\n").encode(),
        SPEC,
        file="t.csv",
    )
    assert t["year"].tolist() == [2024.0, 2024.0]
    assert t["flag"].tolist() == [True, None]
    assert t["kind"].iloc[0] == "actual" and t["kind"].isna().iloc[1]
    assert t["day"].iloc[0] == np.datetime64("2024-06-17") and t["day"].isna().iloc[1]
    assert t["value"].iloc[0] == 1.5 and np.isnan(t["value"].iloc[1])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("nld,2024,,,,\n", "t.csv, line 2: column 'iso3': 'nld' does not match [A-Z]{3}"),
        ("NLD,2024.5,,,,\n", "t.csv, line 2: column 'year': '2024.5' is not a whole number"),
        ("NLD,1900,,,,\n", "t.csv, line 2: column 'year': 1900 is below the minimum 1949"),
        ("NLD,2024,,,,inf\n", "t.csv, line 2: column 'value': 'inf' is not a finite number"),
        ("NLD,2024,guess,,,\n",
         "t.csv, line 2: column 'kind': unknown value 'guess'; accepted: actual, estimate"),
        ("NLD,2024,,yes,,\n", "t.csv, line 2: column 'flag': 'yes' is not true or false"),
        ("NLD,2024,,,17/06/2024,\n",
         "t.csv, line 2: column 'day': '17/06/2024' is not an ISO date (YYYY-MM-DD)"),
        ("NLD,2024,,,,\n,2025,,,,\n", "t.csv, line 3: column 'iso3': empty, but required"),
    ],
)  # fmt: skip
def test_one_rule_each(rows: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        _read(rows)
    assert str(info.value) == message


def test_an_open_spec_keeps_undeclared_columns_as_text() -> None:
    spec = TableSpec({"iso3": ColumnSpec(required=True)}, open=True)
    t = read_csv_table(b"iso3,note\nNLD,x\n", spec, file="t.csv")
    assert t["note"].tolist() == ["x"]
    with pytest.raises(DataFileError, match=r"^t.csv: unexpected column 'note' \(not in"):
        read_csv_table(b"iso3,note\nNLD,x\n", TableSpec(spec.columns), file="t.csv")


def test_a_spec_declared_in_toml() -> None:
    spec = TableSpec.from_toml(
        {
            "key": ["iso3"],
            "required": ["iso3"],
            "columns": {"iso3": {"type": "str"}, "n": {"type": "int", "optional": True}},
        }
    )
    assert spec.columns["iso3"].required and not spec.columns["n"].required
    assert spec.key == ("iso3",)
    with pytest.raises(ValueError, match="unknown column rule 'maximum'"):
        ColumnSpec.from_dict({"type": "int", "maximum": 3})


def test_an_unknown_type_is_named() -> None:
    spec = TableSpec({"x": ColumnSpec("decimal")})
    with pytest.raises(DataFileError) as info:
        read_csv_table(b"x\n1\n", spec, file="t.csv")
    assert str(info.value) == (
        "t.csv: column 'x': unknown type 'decimal'; accepted: str, int, float, bool, date"
    )
