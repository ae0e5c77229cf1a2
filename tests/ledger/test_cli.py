"""``burdenshare ledger`` and ``burdenshare readiness`` on both backends; bad input is one
line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from burdenshare.cli import run
from burdenshare.ledger.auth import User
from burdenshare.ledger.io import DATA, SEED
from burdenshare.ledger.store import Ledger

REQ = ["--requirement", "mechanised_battalion=3,air_squadron=3,combat_vessel=2",
       "--max-notice", "30"]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _auth(store: Ledger) -> list[str]:
    report = store.init_report
    token = None if store.embedded else (report.owner_token if report else None)
    return ["--url", store.url] + (["--token", token] if token else [])


def test_import_check_timeline_export(ledger: Ledger, capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:  # fmt: skip
    auth = _auth(ledger)
    code, out, err = _run(capsys, "ledger", "import", str(DATA / SEED), *auth, "-f", "csv")
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out))["action"].eq("inserted").sum() == 19
    code, out, _ = _run(capsys, "ledger", "import", str(DATA / SEED), *auth, "-f", "csv")
    assert pd.read_csv(io.StringIO(out))["action"].eq("unchanged").sum() == 19
    code, out, _ = _run(capsys, "readiness", "check", "--date", "2026-01-01", *REQ,
                        "--without-offers", *auth, "-f", "json")  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    air = next(r for r in payload["data"] if r["unit_type"] == "air_squadron")
    assert (air["counted"], air["shortfall"]) == (2, 1)
    assert "SYNTHETIC" in payload["meta"]["source"]
    code, out, _ = _run(capsys, "readiness", "timeline", "--from", "2024-01-01", "--to",
                        "2028-12-31", "--target", "nri", "--by", "quarter", *auth, "-f", "csv")
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 20 * 3
    target = tmp_path / "out.yaml"
    code, _, err = _run(capsys, "ledger", "export", str(target), *auth)
    assert code == 0 and "wrote 19 pledges" in err
    code, out, _ = _run(capsys, "ledger", "import", str(target), *auth, "-f", "csv")
    assert pd.read_csv(io.StringIO(out))["action"].eq("unchanged").sum() == 19


def test_source_reports_gap(ledger: Ledger, owner: User, capsys: pytest.CaptureFixture[str],
                            tmp_path: Path) -> None:  # fmt: skip
    auth = _auth(ledger)
    _run(capsys, "ledger", "import", str(DATA / SEED), *auth)
    weights = tmp_path / "w.csv"
    weights.write_text("nation,weight\nNLD,1\nNOR,1\nDEU,1\nPOL,1\nFRA,1\nESP,1\nGBR,1\n")
    code, out, err = _run(capsys, "readiness", "source", "--date", "2026-01-01", *REQ,
                          "--fair-share", "weights", "--weights", str(weights),
                          "--view", "requirements", *auth)  # fmt: skip
    assert code == 0, err
    assert "optimality gap: 0 (proven optimal)" in out and "shortfall: 1" in out


BAD = """id,nation,unit_type,notice_days,available_from,available_until
A,NLD,air_squadron,10,2025-01-01,
B,XXX,tank,-1,2025-06-01,2025-01-01
"""


def test_bad_file_is_one_line_exit_2_nothing_written(ledger: Ledger, owner: User,
                                                    capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    code, out, err = _run(capsys, "ledger", "import", str(bad), *_auth(ledger))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: bad.csv: 4 problem(s), nothing written")
    for rule in ("unknown nation 'XXX'", "unknown unit type 'tank'", "0 or more",
                 "before available_from"):  # fmt: skip
        assert rule in err
    assert ledger.pledges(owner) == []


def test_planner_importing_another_nation_is_refused(
    ledger: Ledger, owner: User, capsys: pytest.CaptureFixture[str]
) -> None:
    _user, token = ledger.create_user(owner, "nl", "nation_planner", "NLD")
    code, _, err = _run(capsys, "ledger", "import", str(DATA / SEED), "--url", ledger.url,
                        "--token", token)  # fmt: skip
    assert code == 2 and "may not write pledges of" in err and err.count("\n") == 1
    assert ledger.pledges(owner) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["readiness", "check", "--date", "2026-01-01", "--requirement", "tank=1",
          "--max-notice", "30"], "unit type 'tank'"),
        (["readiness", "check", "--date", "2026-01-01", "--requirement", "air_squadron=1",
          "--max-notice", "-3"], "0 or more"),
        (["readiness", "timeline", "--from", "2026-01-01", "--to", "2025-12-31"], "before start"),
        (["readiness", "check", "--date", "01/01/2026"], "not a date"),
        (["readiness", "source", "--date", "2026-01-01", "--fair-share", "luck"], "unknown fair"),
    ],
)  # fmt: skip
def test_usage_errors(ledger: Ledger, capsys: pytest.CaptureFixture[str], argv: list[str],
                      message: str) -> None:  # fmt: skip
    code, out, err = _run(capsys, *argv, *_auth(ledger))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_viewer_gets_counts_but_no_units(ledger: Ledger, owner: User,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _run(capsys, "ledger", "import", str(DATA / SEED), *_auth(ledger))
    _user, token = ledger.create_user(owner, "public", "viewer")
    viewer = ["--url", ledger.url, "--token", token]
    code, _, _ = _run(capsys, "readiness", "check", "--date", "2026-01-01", *REQ, *viewer)
    assert code == 0
    code, _, err = _run(capsys, "readiness", "check", "--date", "2026-01-01", *REQ, "--units",
                        *viewer)  # fmt: skip
    assert code == 2 and "may not read pledges" in err
    code, _, err = _run(capsys, "ledger", "export", *viewer)
    assert code == 2


def test_init_twice_changes_nothing(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "ledger", "init", "--url", url, "-f", "csv")
    assert code == 0 and "migrations applied,0001" in out
    code, out, _ = _run(capsys, "ledger", "init", "--url", url, "-f", "csv")
    assert "none (up to date)" in out and "owner created" not in out


def test_update_with_versions_and_audit(ledger: Ledger, owner: User,
                                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    auth = _auth(ledger)
    _run(capsys, "ledger", "import", str(DATA / SEED), *auth)
    code, out, err = _run(capsys, "ledger", "update", "SYN-A06", "--version", "1",
                          "--notice-days", "12", *auth, "-f", "csv")  # fmt: skip
    assert code == 0, err
    row = pd.read_csv(io.StringIO(out)).iloc[0]
    assert (row["notice_days"], row["version"]) == (12, 2)
    code, out, err = _run(capsys, "ledger", "update", "SYN-A06", "--version", "1",
                          "--note", "late", *auth)  # fmt: skip
    assert code == 2 and "changed since version 1 (now at version 2)" in err
    code, out, _ = _run(capsys, "ledger", "audit", "--key", "SYN-A06", *auth, "-f", "csv")
    log = pd.read_csv(io.StringIO(out))
    assert log["action"].tolist() == ["insert", "update"]
    assert json.loads(log["after"].iloc[1])["notice_days"] == 12
    code, _, err = _run(capsys, "ledger", "update", "SYN-A06", "--version", "2",
                        "--notice-days", "-1", *auth)  # fmt: skip
    assert code == 2 and "0 or more" in err
    assert ledger.get(owner, "SYN-A06").version == 2


def test_staff_stores_a_target_that_checks_use(
    ledger: Ledger, owner: User, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "ledger", "import", str(DATA / SEED), *_auth(ledger))
    _u, staff = ledger.create_user(owner, "staff", "alliance_staff")
    _u, planner = ledger.create_user(owner, "nl", "nation_planner", "NLD")
    spec = ["--requirement", "air_squadron=3", "--max-notice", "30", "--from", "2026-01-01"]
    code, _, err = _run(capsys, "ledger", "target", "air3", *spec, "--url", ledger.url,
                        "--token", planner)  # fmt: skip
    assert code == 2 and "may not write targets" in err
    code, _, err = _run(capsys, "ledger", "target", "air3", *spec, "--url", ledger.url,
                        "--token", staff)  # fmt: skip
    assert code == 0, err
    code, out, _ = _run(capsys, "readiness", "check", "--date", "2026-01-01", "--target", "air3",
                        "--without-offers", "--url", ledger.url, "--token", planner, "-f", "csv")
    row = pd.read_csv(io.StringIO(out)).iloc[0]
    assert (row["unit_type"], row["required"], row["counted"]) == ("air_squadron", 3, 2)
    code, _, err = _run(capsys, "readiness", "check", "--date", "2025-12-31", "--target", "air3",
                        "--url", ledger.url, "--token", planner)  # fmt: skip
    assert code == 2 and "not in force on 2025-12-31" in err
    code, _, err = _run(capsys, "ledger", "target", "air3", *spec, "--url", ledger.url,
                        "--token", staff)  # fmt: skip
    assert code == 2 and "exists" in err
