"""Every bad input answered: one line on stderr starting with ``error:``, exit code 2, nothing
on stdout and no file written. One case per option kind and per command, through the CLI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from burdenshare.cli import run

HERE = Path(__file__).parent
#: A folder nobody may write to, not even root (a read-only folder stops only other users).
READ_ONLY = "/proc/burdenshare-test.csv"
ROOT = os.name == "posix" and os.geteuid() == 0


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    empty = d / "empty.csv"
    empty.write_bytes(b"")
    binary = d / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    wrong = d / "wrong.csv"
    wrong.write_text("foo,bar\n1,2\n", encoding="utf-8")
    yaml_empty = d / "empty.yaml"
    yaml_empty.write_bytes(b"")
    yaml_binary = d / "binary.yaml"
    yaml_binary.write_bytes(b"\x00\xff\xfe" * 50)
    folder = d / "folder"
    folder.mkdir()
    locked = d / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return {"empty": empty, "binary": binary, "wrong": wrong, "yaml_empty": yaml_empty,
            "yaml_binary": yaml_binary, "folder": folder, "locked": locked, "dir": d}  # fmt: skip


def _cases(f: dict[str, Path]) -> list[list[str]]:
    e, b, w, ye, yb = (str(f[k]) for k in ("empty", "binary", "wrong", "yaml_empty",
                                           "yaml_binary"))  # fmt: skip
    missing_dir = str(f["dir"] / "no" / "such" / "out.csv")
    return [
        # -o: a missing folder, a read-only folder, a directory
        ["overview", "-f", "csv", "-o", missing_dir],
        ["overview", "-f", "csv", "-o", READ_ONLY if ROOT else str(f["locked"] / "x.csv")],
        ["overview", "-f", "json", "-o", str(f["folder"])],
        ["overview", "-f", "xlsx"],
        # dates and releases
        ["overview", "--as-of", "yesterday"],
        ["overview", "--as-of", "1900-01-01"],
        ["overview", "--as-of", "2024-12-31", "--release", "2024-06"],
        ["spending", "table", "--release", "1999-01"],
        ["data", "revisions", "NLD", "--as-of", "2024-12-31", "--release", "2024-06"],
        ["targets", "status", "--as-of", "2024-12-31", "--release", "2024-06"],
        # years and indicators
        ["spending", "table", "--year", "1800"],
        ["spending", "table", "--year", "99999"],
        ["spending", "table", "--indicator", "nope"],
        ["spending", "cumulative", "--base", "-5"],
        ["burden", "exploitation", "--from", "3000"],
        # allies and groups
        ["spending", "ally", "XXX"],
        ["spending", "group", "--group", "asia"],
        ["spending", "count", "--group", "asia"],
        ["targets", "status", "--ally", "XXX"],
        # thresholds and percentages: nan, inf, negative, over 100
        ["spending", "gap", "--threshold", "nan"],
        ["spending", "gap", "--threshold", "inf"],
        ["spending", "gap", "--threshold", "-1"],
        ["spending", "count", "--threshold", "101"],
        ["targets", "path", "NLD", "--target-pct", "150"],
        ["targets", "path", "NLD", "--plan-growth", "nan"],
        ["targets", "simulate", "NLD", "--execution-sd", "-0.5"],
        ["targets", "simulate", "NLD", "--execution-sd", "inf"],
        ["targets", "simulate", "NLD", "--plan-growth", "1e308"],
        # counts and seeds
        ["targets", "simulate", "NLD", "--paths", "100000000000000"],
        ["targets", "simulate", "NLD", "--paths", "0"],
        ["targets", "simulate", "NLD", "--seed", "-1"],
        ["targets", "simulate", "NLD", "--chunk-size", "0"],
        ["targets", "simulate", "NLD", "--plan-share", "nan"],
        ["targets", "simulate", "NLD", "--plan", "share", "--paths", "100"],
        # amounts
        ["funding", "compare", "--from", "2020", "--to", "2021-2024", "--civil", "inf"],
        ["funding", "compare", "--from", "2020", "--to", "2021-2024", "--civil", "1e308"],
        ["funding", "compare", "--from", "2020", "--to", "2021-2024", "--military", "-5"],
        ["funding", "whatif", "--set", "NLD=nan"],
        ["funding", "whatif", "--set", "NLD=150"],
        ["funding", "whatif", "--cap", "NLD=-1"],
        ["funding", "derive", "--income", "NLD=inf"],
        # files: empty, binary, wrong columns, a folder
        ["targets", "gdp", "NLD", "--gdp", e],
        ["targets", "gdp", "NLD", "--gdp", b],
        ["targets", "gdp", "NLD", "--gdp", w],
        ["targets", "path", "NLD", "--method", "plan", "--plan", e],
        ["targets", "path", "NLD", "--method", "plan", "--plan", b],
        ["targets", "scenario", ye],
        ["targets", "scenario", yb],
        ["targets", "scenario", str(f["folder"])],
        ["funding", "contributions", "--year", "2024", "--ministries", ye],
        ["funding", "contributions", "--year", "2024", "--ministries", yb],
        ["funding", "whatif", "--scenario", ye],
        ["funding", "whatif", "--scenario", yb],
        ["burden", "index", "--cost-shares", e],
        ["burden", "index", "--cost-shares", b],
        ["burden", "index", "--cost-shares", w],
        ["cases", "run", str(f["folder"])],
        ["cases", "run", ye],
        # choices and words
        ["overview", "--format", "pdf"],
        ["--lang", "fr", "overview"],
        ["funding", "key", "--period", "1066"],
        ["funding", "contributions", "--year", "2024", "--by", "nope"],
        ["targets", "rules", "--date", "soon"],
        ["burden", "index", "--weights", "cash=abc"],
        ["burden", "fair-share", "--basis", "gold"],
        ["burden", "forward-presence", "--as-of", "yesterday"],
        ["burden", "forward-presence", "-f", "csv", "-o", missing_dir],
        ["targets", "path", "NLD", "--target", "moon"],
        # readiness, the ledger (a database URL nobody supports: nothing opened or written)
        ["readiness", "check", "--requirement", "tank=3", "--max-notice", "30",
         "--pledges", "synthetic"],
        ["readiness", "check", "--requirement", "air_squadron=1", "--max-notice", "-1",
         "--pledges", "synthetic"],
        ["readiness", "timeline", "--from", "2026-01-01", "--to", "2025-01-01",
         "--pledges", "synthetic"],
        ["readiness", "tiers", "--date", "2026-13-01", "--pledges", "synthetic"],
        ["readiness", "capabilities", "--date", "soon", "--pledges", "synthetic"],
        ["readiness", "source", "--fair-share", "moon", "--pledges", "synthetic"],
        ["ledger", "init", "--url", "nope://x"],
        ["ledger", "audit", "--url", "nope://x"],
        ["ledger", "export", "--url", "nope://x"],
        ["ledger", "import", ye, "--url", "nope://x"],
        ["ledger", "token", "ana", "--role", "king", "--url", "nope://x"],
        ["ledger", "target", "demo", "--requirement", "tank=3", "--max-notice", "30",
         "--url", "nope://x"],
        ["ledger", "update", "X1", "--version", "1", "--url", "nope://x"],
        # claims, reports, the service, the second lens, the required share
        ["claims", "check", ye],
        ["report", "ally", "XXX", "-o", str(f["dir"] / "x.pdf")],
        ["report", "alliance", "--release", "1999-01", "-o", str(f["dir"] / "a.pdf")],
        ["serve", "--port", "70000"],
        ["spending", "sipri", "XXX"],
        ["targets", "required-share", "NLD", "--probability", "1.5"],
        ["targets", "required-share", "NLD", "--plan-growth", "nan"],
        ["targets", "required-share", "NLD", "--plan-growth", "-100"],
        ["targets", "required-share", "NLD", "--plan-share", "-1"],
        ["report", "ally", "NLD", "-o", READ_ONLY if ROOT else str(f["locked"] / "x.pdf")],
        ["claims", "check", "nato_press_releases", "-f", "pdf",
         "-o", READ_ONLY if ROOT else str(f["locked"] / "c.pdf")],
    ]  # fmt: skip


def test_the_suite_covers_every_command() -> None:
    """One case at least per command (the help lists them)."""
    from typer.main import get_command

    from burdenshare.cli import app

    root = get_command(app)
    commands = set()
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        commands |= {f"{name} {s}" for s in subs} if subs else {name}
    fake = {k: Path("/x") for k in ("empty", "binary", "wrong", "yaml_empty", "yaml_binary",
                                     "folder", "locked", "dir")}  # fmt: skip
    covered = set()
    for argv in _cases(fake):
        words = [a for a in argv if not a.startswith("-")]
        covered.add(words[0] if words[0] in ("overview", "serve") else " ".join(words[:2]))
        if argv[0] == "--lang":
            covered.add("overview")
    missing = {c for c in commands if c not in covered} - UNCOVERED
    assert not missing, f"no bad-input case for {sorted(missing)}"


#: Commands without an option a user can get wrong beyond the shared ones (-f, -o).
UNCOVERED = {"data releases", "data files", "data check", "data allies", "data indicators",
             "data sources", "data cite", "funding keys", "funding budgets", "funding rules",
             "funding reproduce", "spending check", "burden decompose",
             "targets gdp"}  # fmt: skip


def test_every_bad_input_is_one_line_and_exit_2(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in files["dir"].rglob("*"))
    failures = []
    for argv in _cases(files):
        code = run(argv)
        out = capsys.readouterr()
        lines = out.err.splitlines()
        ok = code == 2 and out.out == "" and len(lines) == 1 and lines[0].startswith("error: ")
        if not ok:
            failures.append(f"{argv}: exit {code}, out {out.out[:80]!r}, err {out.err[:300]!r}")
    assert not failures, "\n".join(failures)
    assert sorted(p.name for p in files["dir"].rglob("*")) == before, "a file was written"


@pytest.mark.skipif(os.name != "posix", reason="pipes")
def test_a_closed_pipe_ends_quietly() -> None:
    import subprocess
    import sys

    for command in ("data revisions NLD", "spending table --year 2024"):
        proc = subprocess.run(
            ["bash", "-c", f"{sys.executable} -m burdenshare {command} | head -n 1; "
                           "exit ${PIPESTATUS[0]}"],
            capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "80"},
        )  # fmt: skip
        assert proc.stderr == "", proc.stderr
        assert proc.returncode == 0, (command, proc.returncode)  # rich's own pipe exit was 1


#: English words of error messages: none may be left in a Dutch error line (outside the user's
#: own words: quoted values, paths, option names and lists of accepted values).
ENGLISH = {"unknown", "accepted", "must", "not", "file", "files", "line", "year", "years",
           "the", "and", "needs", "expected", "missing", "empty", "valid", "readable",
           "cannot", "give", "before", "after", "between", "range", "number", "date",
           "release", "value", "invalid", "should", "such", "see", "with", "binary", "text",
           "directory", "folder", "exist", "written", "both", "error", "input", "than",
           "less", "greater", "finite", "out", "at", "least", "most", "given", "problem",
           "no", "only", "supported", "ally", "allies", "key", "target", "language"}  # fmt: skip


def _english_words(line: str) -> set[str]:
    import re

    line = re.sub(r"'[^']*'", " ", line)  # quoted values and paths
    line = re.sub(r"(toegestaan|mogelijke opties|verwacht):[^;)]*", " ", line)  # accepted values
    tokens = [w for w in line.split() if not w.startswith("-") and not re.search(r"[/_.]\w", w)]
    return {w for w in re.findall(r"[a-z]+", " ".join(tokens))} & ENGLISH


def _texts(msg: object) -> list[Any]:
    """``msg`` and every sentence among its values (nested errors included)."""
    from burdenshare.errors import message
    from burdenshare.text import Text

    if isinstance(msg, BaseException):
        msg = message(msg)
    if not isinstance(msg, Text):
        return []
    return [msg, *(x for v in msg.params.values() for x in _texts(v))]


def _has_words(template: str) -> bool:
    """A template with words of its own (not ``{file}: {rule}``, not an identifier)."""
    import re

    bare = re.sub(r"\{[^}]*\}", " ", template)
    return any(re.fullmatch(r"[a-z]+", w) for w in re.findall(r"[\w-]+", bare.lower()))


def test_every_bad_input_is_answered_in_dutch(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--lang nl`` every line is a template of the catalog, translated: it differs from
    the English line and holds none of the English words of error messages."""
    import burdenshare.cli as cli
    from burdenshare.i18n import translator
    from burdenshare.text import Text

    said: list[str] = []
    one_line = cli._one_line

    def record(message: str) -> None:
        said.append(message)
        one_line(message)

    monkeypatch.setattr(cli, "_one_line", record)
    dutch = translator("nl")
    failures = []
    for argv in _cases(files):
        if argv[:2] == ["--lang", "fr"]:  # an unknown language: said in English, as it must
            continue
        run(argv)
        english = capsys.readouterr().err.strip()
        said.clear()
        code = run(["--lang", "nl", *argv])
        line = capsys.readouterr().err.strip()
        msg = said[-1] if said else None
        why = []
        if code != 2 or not line.startswith("fout: "):
            why.append(f"exit {code}")
        if not isinstance(msg, Text):
            why.append("not a template")
        else:
            worded = [x.template for x in _texts(msg) if _has_words(x.template)]
            why += [f"no Dutch for {x!r}" for x in worded if not dutch.gettext(x)]
            if all(dutch.gettext(x) == x for x in worded):
                why.append(f"no Dutch sentence in {msg.template!r}")
        if line.removeprefix("fout: ") == english.removeprefix("error: "):
            why.append("same as English")
        if left := _english_words(line.removeprefix("fout: ")):
            why.append(f"English words {sorted(left)}")
        if why:
            failures.append(f"{argv}: {'; '.join(why)}: {line}")
    assert not failures, "\n".join(failures)


def test_hints_name_only_options_the_command_has(capsys: pytest.CaptureFixture[str]) -> None:
    """A target not yet decided on the as-of date: `path` may offer --target-pct, but
    `required-share` has no such option; `simulate --plan share` names --plan-share; a
    device given as a file is not 'not found'."""
    from burdenshare.cli import run

    assert run(["targets", "path", "NLD", "--as-of", "2024-12-31"]) == 2
    assert "(--target-pct)" in capsys.readouterr().err
    assert run(["targets", "required-share", "NLD", "--as-of", "2024-12-31"]) == 2
    err = capsys.readouterr().err
    assert "was not in force" in err and "--target-pct" not in err
    assert run(["targets", "simulate", "NLD", "--plan", "share", "--paths", "100"]) == 2
    assert "--plan-share" in capsys.readouterr().err
    assert run(["targets", "required-share", "NLD", "--plan-file", "/dev/null"]) == 2
    assert capsys.readouterr().err.strip().endswith("/dev/null: not a regular file")
