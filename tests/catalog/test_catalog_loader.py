"""The loader verifies hashes, row counts and the declared schema: one broken fixture each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from burdenshare.catalog import CatalogError, default_catalog, load_catalog

FILE = "expenditure/expenditure_2024-06.csv"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("bad_hash", f"{FILE}: SHA-256 mismatch: file has 8a6b7503d8f2c2bec1d2a6178800a83c05a930"
         "855453bad4518d9abdadebdd04, manifest says " + "0" * 64),
        ("missing_column", f"{FILE}: missing column 'iso3' (required by the schema)"),
        ("duplicate_key", f"{FILE}, line 5: duplicate key (iso3, year) = ('ALB', '2014'), "
         "first seen at line 2"),
        ("out_of_range", f"{FILE}, line 3: column 'share_gdp_pct': 25.5 is above the maximum 20.0"),
        ("not_a_number", f"{FILE}, line 4: column 'year': '20x4' is not a number"),
        ("wrong_row_count", f"{FILE}: 3 rows, manifest says 5"),
    ],
)  # fmt: skip
def test_malformed_fixture_names_file_line_and_rule(
    fixtures: Path, case: str, message: str
) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(fixtures / "catalog" / case)
    assert str(info.value) == message


def test_valid_fixture_loads(fixtures: Path) -> None:
    cat = load_catalog(fixtures / "catalog" / "valid")
    assert sorted(cat.observations["iso3"].unique()) == ["ALB", "BEL"]
    assert [r.id for r in cat.releases] == ["2024-06"]


def test_a_changed_byte_in_a_shipped_file_is_caught(tmp_path: Path) -> None:
    root = default_catalog().root
    copy = tmp_path / "data"
    shutil.copytree(root, copy)
    target = copy / FILE
    target.write_bytes(target.read_bytes().replace(b"1.346517", b"1.346518", 1))
    with pytest.raises(CatalogError, match="SHA-256 mismatch"):
        load_catalog(copy)


def test_missing_manifest_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="manifest not found"):
        load_catalog(tmp_path)


def test_every_shipped_file_is_listed_in_the_manifest() -> None:
    cat = default_catalog()
    listed = {f.path for f in cat.files}
    shipped = {p.relative_to(cat.root).as_posix() for p in cat.root.rglob("*") if p.is_file()}
    assert shipped - {"manifest.toml"} == listed


def test_every_release_has_provenance() -> None:
    for r in default_catalog().releases:
        assert r.publisher and r.title and r.address and r.read_from
        assert r.completeness in ("full", "partial")
        assert r.price_base in (2010, 2015, 2021)  # 2010: the press reprints of 2016-2019


def test_each_release_has_an_origin_record() -> None:
    cat = default_catalog()
    o = cat.origin("2024-06")
    assert o.id == "nato-2024-06" and o.kind == "nato_release" and not o.partial
    assert o.sha256.split(";")[0] == next(
        f.sha256 for f in cat.files if f.path == "expenditure/expenditure_2024-06.csv"
    )
    assert cat.origin("2026-07").published == "2026-07"
    assert {r.id for r in cat.releases if cat.origin(r.id).partial} == {
        r.id for r in cat.releases if r.is_partial
    }


def test_partial_releases_are_labelled() -> None:
    partial = {r.id for r in default_catalog().releases if r.is_partial}
    press = {"2016-07", "2017-06", "2018-03", "2018-07", "2019-03", "2020-10", "2021-03",
             "2021-06", "2022-06"}  # the press reprints: partial, secondary  # fmt: skip
    assert partial == {"2019-11", "2023-07", "2025-08"} | press
    assert all(default_catalog().origin(r).secondary for r in press)
