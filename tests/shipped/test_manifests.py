"""Every shipped data folder's manifest follows the one schema, lists every file, verifies.

And one malformed manifest per rule of the schema, asserting the exact message.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import burdenshare
from burdenshare.burden.errors import BurdenError
from burdenshare.catalog.errors import CatalogError
from burdenshare.funding.errors import FundingError
from burdenshare.rules.errors import RulesError
from burdenshare.shipped import DataFileError, Origin
from burdenshare.shipped.manifest import (
    DATASET_KEYS,
    FILE_KEYS,
    SCHEMA_VERSION,
    read_manifest,
    unlisted_files,
)
from burdenshare.targets.errors import TargetsError

PACKAGE = Path(burdenshare.__file__).parent
FIX = Path(__file__).parent / "fixtures" / "manifest"
#: Every folder of shipped data (a new one — ledger seeds, report templates — goes here).
DATA_FOLDERS = (
    "catalog/data", "rules/data", "targets/data", "funding/data", "burden/data", "ledger/data",
    "claims/data", "reports/templates", "spending/data",
)  # fmt: skip


def test_every_data_folder_is_known() -> None:
    found = {p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("manifest.toml")}
    assert found == set(DATA_FOLDERS)


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_shipped_manifest_follows_the_schema_and_verifies(folder: str) -> None:
    m = read_manifest(PACKAGE / folder, label=f"{folder}/manifest.toml")
    assert m.files, folder
    assert unlisted_files(m) == [], f"{folder}: files not in the manifest"
    for rec in m.files:
        assert set(vars(rec)) <= FILE_KEYS
        if rec.path.endswith(".csv"):
            assert rec.rows is not None and rec.rows > 0, rec.path
    for did, origin in m.datasets.items():
        assert isinstance(origin, Origin) and origin.id == did
        assert origin.publisher and origin.title and origin.published, did
    referenced = {rec.dataset for rec in m.files if rec.dataset}
    for did in referenced:
        assert len(m.datasets[did].sha256.split(";")[0]) == 64


def test_schema_keys_cover_the_origin_record() -> None:
    assert {"id", "kind", "publisher", "title", "published", "read_from"} <= DATASET_KEYS
    assert "sha256" not in DATASET_KEYS  # computed from the files, never typed in
    assert SCHEMA_VERSION == 2


def test_a_valid_manifest_reads() -> None:
    m = read_manifest(FIX / "valid")
    assert [f.path for f in m.files] == ["t.csv"]
    assert m.origin("d1").licence == "fixture"
    assert m.origin("d1").sha256 == m.files[0].sha256
    assert m.read_bytes(m.files[0]) == b"a,b\n1,2\n3,4\n"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown_top_key", "manifest.toml: unknown top-level keys ['release']"),
        ("old_layout", "manifest.toml: schema_version must be 2"),
        ("missing_key", "manifest.toml, dataset 1: missing key 'publisher' (text, required)"),
        ("unknown_file_key", "manifest.toml, file 1: unknown keys ['release']"),
        ("undeclared_dataset", "manifest.toml, file 1: dataset 'd9' is not declared"),
        ("csv_without_rows", "manifest.toml, file 1: t.csv: a CSV needs 'rows'"),
        ("wrong_rows", "t.csv: 2 rows, manifest says 3"),
        ("missing_file", "t.csv: file listed in the manifest is not shipped"),
        ("bad_hash", "t.csv: SHA-256 mismatch: file has b9485148546419a0f6a85e8d708c923557c15d7"
         "f3c7d078ef1fa7f7c0f57d5a5, manifest says " + "0" * 64),
        ("bad_header", "t.csv, line 1: header ['a', 'b'] differs from ['a', 'c']"),
    ],
)  # fmt: skip
def test_malformed_manifest_names_file_and_rule(case: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        read_manifest(FIX / case)
    assert str(info.value) == message


def test_an_unlisted_file_is_found() -> None:
    assert unlisted_files(read_manifest(FIX / "unlisted")) == ["stray.txt"]


def _load(folder: str) -> Callable[[Path], object]:
    if folder == "catalog/data":
        from burdenshare.catalog.loader import load_catalog

        return load_catalog
    if folder == "rules/data":
        from burdenshare.rules.loader import load_rules

        return load_rules
    if folder == "targets/data":
        from burdenshare.targets.loader import load_weo

        return lambda root: load_weo.__wrapped__("imf-weo-2025-10", root)
    if folder == "funding/data":
        from burdenshare.funding.loader import load_funding

        return load_funding
    from burdenshare.burden.loader import load_efp

    return load_efp


@pytest.mark.parametrize(
    ("folder", "file", "area"),
    [
        ("catalog/data", "expenditure/expenditure_2024-06.csv", CatalogError),
        ("rules/data", "rules.yaml", RulesError),
        ("targets/data", "gdp/gdp_projections_WEO-2025-10.csv", TargetsError),
        ("funding/data", "common_budgets.csv", FundingError),
        ("burden/data", "efp.csv", BurdenError),
    ],
)
def test_a_tampered_file_raises_its_areas_error(
    tmp_path: Path, folder: str, file: str, area: type[Exception]
) -> None:
    root = tmp_path / "data"
    shutil.copytree(PACKAGE / folder, root)
    path = root / file
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(area) as info:
        _load(folder)(root)
    assert isinstance(info.value, DataFileError)
    assert str(info.value).startswith(f"{file}: SHA-256 mismatch")


def test_each_loader_exposes_origin_records() -> None:
    from burdenshare.burden.loader import efp_origin
    from burdenshare.catalog import default_catalog
    from burdenshare.funding import default_data
    from burdenshare.funding.errors import UnknownSourceError
    from burdenshare.rules import rules_origin
    from burdenshare.targets.loader import editions, load_weo

    nato = default_catalog().origin("2019-06")
    assert (nato.id, nato.partial, nato.secondary) == ("nato-2019-06", False, True)
    assert "passport" in nato.read_from and len(nato.sha256.split(";")) == 2
    weo = editions()["imf-weo-2025-04"].origin
    assert (weo.id, weo.kind, weo.published) == ("imf-weo-2025-04", "gdp_forecast", "2025-04-22")
    assert load_weo().attrs["origin"]["id"] == "imf-weo-2025-10"
    assert default_data().origin("S25_FACTUALLY").publisher.startswith("factually.co")
    with pytest.raises(UnknownSourceError):
        default_data().origin("S99")
    assert rules_origin().id == "rules" and rules_origin().licence
    assert efp_origin().kind == "efp" and efp_origin().sha256
