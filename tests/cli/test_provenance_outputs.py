"""Provenance on every output: the terminal footer, JSON meta (the envelope), the Excel
provenance sheet, CSVW metadata beside a CSV file; source ids resolved to citations."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from burdenshare.cli import run


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_footer_names_publisher_release_copy_and_estimates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "spending", "table", "--as-of", "2019-12-04")
    assert code == 0
    text = _flat(out)
    assert "Source: NATO Public Diplomacy Division, Defence Expenditure of NATO Countries" in text
    assert "Release 2019-11." in text
    assert "Read from: DEFPOINT2019" in text
    assert "A secondary copy, not the publisher's own file." in text
    assert "PARTIAL" in text
    assert "Figures for 2019 are NATO estimates, not outturns." in text


def test_json_meta_is_the_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "spending", "group", "--release", "2025-08", "-f", "json")
    assert code == 0
    meta = json.loads(out)["meta"]
    first = meta["datasets"][0]
    assert first["id"] == "nato-2025-08" and first["secondary"] is True
    assert first["read_from"].startswith("CSV exports")
    assert meta["partial"] is True and meta["notes"]["estimate_years"] == "2024, 2025"
    assert "language-neutral" in meta["language"]


_TYPES = {
    "integer": re.compile(r"-?\d+"),
    "number": re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"),
    "string": re.compile(r".*", re.DOTALL),
}


def _valid(value: str, datatype: Any) -> bool:
    if isinstance(datatype, dict):
        assert datatype["base"] == "boolean"
        return value in datatype["format"].split("|")
    if datatype == "datetime":
        datetime.fromisoformat(value)
        return True
    return bool(_TYPES[datatype].fullmatch(value))


def validate_csvw(csv_path: Path) -> dict[str, Any]:
    """A small CSVW validator: the metadata file exists, names the CSV, and its columns and
    datatypes match the CSV's header and every non-empty cell."""
    meta_path = csv_path.with_name(csv_path.name + "-metadata.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    assert meta["url"] == csv_path.name
    columns = meta["tableSchema"]["columns"]
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [c["name"] for c in columns]
    for line, row in enumerate(rows[1:], start=2):
        assert len(row) == len(columns), line
        for cell, col in zip(row, columns, strict=True):
            if cell != "":
                assert _valid(cell, col["datatype"]), (line, col["name"], cell)
    return meta


@pytest.mark.parametrize(
    "argv",
    [
        ["overview", "--as-of", "2019-12-04"],
        ["spending", "gap", "--release", "2024-06"],
        ["data", "revisions", "BGR"],
        ["funding", "key"],
        ["targets", "rules", "--date", "2025-07-01"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_csvw_metadata_describes_the_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    target = tmp_path / "x.csv"
    code, out, err = _run(capsys, *argv, "-f", "csv", "-o", str(target))
    assert code == 0, err
    assert out == ""
    meta = validate_csvw(target)
    assert meta["dc:source"] and meta["dc:provenance"]["datasets"]
    kinds = {c["name"]: c["datatype"] for c in meta["tableSchema"]["columns"]}
    if "year" in kinds:
        assert kinds["year"] == "integer"


def test_csvw_validator_catches_a_wrong_datatype(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("a,b\n1,x\n", encoding="utf-8")
    (tmp_path / "x.csv-metadata.json").write_text(json.dumps({
        "@context": "http://www.w3.org/ns/csvw", "url": "x.csv",
        "tableSchema": {"columns": [{"name": "a", "datatype": "integer"},
                                    {"name": "b", "datatype": "number"}]}}))  # fmt: skip
    with pytest.raises(AssertionError):
        validate_csvw(target)


def test_xlsx_has_a_provenance_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    target = tmp_path / "o.xlsx"
    code, _, err = _run(capsys, "overview", "--release", "2019-11", "-f", "xlsx", "-o", str(target))
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["data", "provenance"]
    cells = [str(c.value) for row in book["provenance"].iter_rows() for c in row if c.value]
    assert "nato-2019-11" in cells and any(c.startswith("DEFPOINT2019") for c in cells)
    assert any("read from DEFPOINT2019" in c for c in cells)  # the citation


def test_table_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "o.txt"
    code, out, _ = _run(capsys, "overview", "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "Source:" in text and "NATO total" in text


def test_revisions_list_every_release(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "data", "revisions", "BGR", "-y", "2019", "-f", "json")
    assert code == 0
    rows = json.loads(out)["data"]
    by_release = {r["release"]: r for r in rows}
    assert by_release["2023-07"]["status"] == "not in this release"
    assert by_release["2023-07"]["value"] is None
    assert by_release["2019-11"]["status"] == "published"
    code, out, _ = _run(capsys, "data", "revisions", "BGR", "-y", "2019")
    assert "not in this release" in out and "Source:" in out


def test_revisions_up_to_a_release(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "data", "revisions", "BGR", "-y", "2019", "--release",
                        "2019-11", "-f", "json")  # fmt: skip
    assert code == 0
    assert [r["release"] for r in json.loads(out)["data"]] == ["2019-06", "2019-11"]


def test_cite_resolves_source_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "data", "cite", "S03_NATO_BUDGET2021", "2019-11", "-f", "json")
    assert code == 0
    data = json.loads(out)["data"]
    assert [d["id"] for d in data] == ["S03_NATO_BUDGET2021", "nato-2019-11"]
    assert "read from DEFPOINT2019" in data[1]["citation"]
    code, _, err = _run(capsys, "data", "sources", "NOPE")
    assert code == 2 and err.startswith("error: unknown source id 'NOPE'")


def test_every_funding_source_id_resolves(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "funding", "budgets", "-f", "json")
    assert code == 0
    ids = {i for r in json.loads(out)["data"] for i in str(r["source"]).split(";") if i}
    code, out, _ = _run(capsys, "data", "cite", *sorted(ids), "-f", "json")
    assert code == 0 and len(json.loads(out)["data"]) == len(ids)


@pytest.mark.parametrize(
    "argv", [["spending", "group"], ["spending", "cumulative"], ["targets", "status"]],
    ids=" ".join,
)
def test_estimates_are_flagged(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = _run(capsys, *argv, "--release", "2026-07")
    assert code == 0
    assert "Figures for 2025, 2026 are NATO estimates, not outturns." in _flat(out)
