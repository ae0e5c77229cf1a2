"""Import and export: YAML and CSV, idempotent, validated entirely before writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from burdenshare.ledger import io
from burdenshare.ledger.auth import User
from burdenshare.ledger.errors import FileFormatError, SeedError
from burdenshare.ledger.store import Ledger

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "readiness"


def test_the_shared_synthetic_file_imports_as_it_is(ledger: Ledger, owner: User) -> None:
    path = SHARED / "pledges_synthetic.yaml"
    if not path.exists():  # the shipped seed is a byte-identical copy
        path = io.DATA / io.SEED
    pledges = io.read_pledges(path, ledger.nations)
    first = ledger.import_pledges(owner, pledges)
    assert len(first.inserted) == 19 and not first.updated
    again = ledger.import_pledges(owner, io.read_pledges(path, ledger.nations))
    assert again.changed == 0 and len(again.unchanged) == 19
    a07 = ledger.get(owner, "SYN-A07").pledge
    assert a07.status == "offered" and a07.synthetic and a07.tags == ("nl_extra_fighter_offer",)
    assert ledger.get(owner, "SYN-L01").pledge.available_until is None
    assert len(ledger.audit(owner, key="SYN-A07")) == 1


def test_the_seed_is_byte_identical_to_the_shared_file() -> None:
    shared = SHARED / "pledges_synthetic.yaml"
    if not shared.exists():
        pytest.skip("shared data folder not beside the repository")
    assert shared.read_bytes() == (io.DATA / io.SEED).read_bytes()


def test_a_tampered_seed_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(io.DATA, tmp_path / "data")
    seed = tmp_path / "data" / io.SEED
    seed.write_text(seed.read_text().replace("notice_to_move_days: 10", "notice_to_move_days: 1"))
    monkeypatch.setattr(io, "DATA", tmp_path / "data")
    with pytest.raises(SeedError, match="SHA-256"):
        io.read_seed(["NLD"])


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_export_then_import_changes_nothing(seeded: Ledger, owner: User, tmp_path: Path,
                                            suffix: str) -> None:  # fmt: skip
    out = tmp_path / f"export{suffix}"
    io.write_pledges([s.pledge for s in seeded.pledges(owner)], out)
    back = io.read_pledges(out, seeded.nations)
    assert back == [s.pledge for s in seeded.pledges(owner)]
    assert seeded.import_pledges(owner, back).changed == 0


def test_a_changed_row_is_updated_once(seeded: Ledger, owner: User, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    io.write_pledges([s.pledge for s in seeded.pledges(owner)], out)
    text = out.read_text()
    out.write_text(text.replace("SYN-A06,NLD,air_squadron,10", "SYN-A06,NLD,air_squadron,12"))
    report = seeded.import_pledges(owner, io.read_pledges(out, seeded.nations))
    assert report.updated == ("SYN-A06",) and not report.inserted
    assert seeded.get(owner, "SYN-A06").version == 2
    assert seeded.import_pledges(owner, io.read_pledges(out, seeded.nations)).changed == 0


BAD_CSV = """id,nation,unit_type,notice_days,available_from,available_until,status
OK-1,NLD,air_squadron,10,2025-01-01,,pledged
B-1,XXX,air_squadron,10,2025-01-01,,pledged
B-2,NLD,tank,10,2025-01-01,,pledged
B-3,NLD,air_squadron,-2,2025-01-01,,pledged
B-4,NLD,air_squadron,10,2025-06-01,2025-01-01,pledged
B-5,NLD,air_squadron,ten,2025-01-01,,pledged
OK-1,NLD,air_squadron,10,2025-01-01,,pledged
B-6,NLD,air_squadron,10,2025-13-01,,maybe
"""


def test_one_bad_row_rejects_the_file_listing_every_problem(ledger: Ledger, owner: User,
                                                            tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV)
    with pytest.raises(FileFormatError) as info:
        io.read_pledges(path, ledger.nations)
    found = info.value.problems
    expected = [
        ("row 2 (line 3)", "unknown nation 'XXX'"),
        ("row 3 (line 4)", "unknown unit type 'tank'"),
        ("row 4 (line 5)", "0 or more (got -2)"),
        ("row 5 (line 6)", "before available_from"),
        ("row 6 (line 7)", "not a whole number"),
        ("row 7 (line 8)", "duplicate id 'OK-1' (first in row 1)"),
        ("row 8 (line 9)", "not a date"),
        ("row 8 (line 9)", "unknown status 'maybe'"),
    ]
    for where, rule in expected:
        assert any(p.startswith(f"bad.csv, {where}: ") and rule in p for p in found), (where, rule)
    assert len(found) == len(expected)
    assert ledger.pledges(owner) == []


def test_yaml_problems_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("pledges:\n  - {id: A, nation: NLD, type: air_squadron, notice_days: 1,"
                    " available_from: 2025-01-01}\n  - {id: B, nation: NLD, type: other,"
                    " notice_days: 1, available_from: 2025-01-01, colour: red}\n")  # fmt: skip
    rule = r"bad\.yaml, row 2 \(line 3\): unknown column 'colour'"
    with pytest.raises(FileFormatError, match=rule):
        io.read_pledges(path, ["NLD"])


@pytest.mark.parametrize("text", ["{not yaml", "just: a mapping\n", "- 1\n- 2\n"])
def test_malformed_yaml_is_one_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(FileFormatError, match=r"x\.yaml"):
        io.read_pledges(path, ["NLD"])


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="unknown file type"):
        io.read_pledges(tmp_path / "x.txt", ["NLD"])


def test_weights_files(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text("nation,weight\nNLD,2\nDEU,3\n")
    (tmp_path / "w.yaml").write_text("NLD: 2\nDEU: 3\n")
    assert io.read_weights(tmp_path / "w.csv") == io.read_weights(tmp_path / "w.yaml")
    (tmp_path / "bad.csv").write_text("nation,weight\nNLD,x\nDEU,-1\n")
    with pytest.raises(FileFormatError, match="2 problem"):
        io.read_weights(tmp_path / "bad.csv")


def test_default_url_honours_the_environment(tmp_path: Path) -> None:
    assert io.default_url({"BURDENSHARE_DATABASE_URL": "postgresql://x/y"}) == "postgresql://x/y"
    url = io.default_url({"XDG_DATA_HOME": str(tmp_path)})
    assert url == f"sqlite:///{tmp_path / 'burdenshare' / 'ledger.sqlite3'}"
    assert (tmp_path / "burdenshare").is_dir()
