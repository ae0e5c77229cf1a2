"""Dutch throughout: titles, footers, notes, status words and numbers in sentences."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from burdenshare.cli import _output, run

#: English words of status cells and sentences that must not appear in Dutch output.
ENGLISH = ["not met", "estimate", "not published", "partial release", "not in this release",
           "Source:", "Also used:", "Read from:", "of GDP", "(continued)", "computed",
           "A secondary copy", "PARTIAL", "NATO total", "at or above", "no figure",
           "Release ", "Revisions of", "Commitments in", "Aggregates of"]  # fmt: skip
YES_NO = re.compile(r"│ (yes|no) +│")

COMMANDS = [
    ["overview"],
    ["overview", "--as-of", "2019-12-04"],
    ["overview", "--release", "2025-08"],
    ["spending", "table", "--release", "2024-06"],
    ["spending", "group"],
    ["spending", "gap", "--ally", "NLD"],
    ["data", "revisions", "BGR", "-y", "2019"],
    ["targets", "status", "--ally", "NLD"],
    ["burden", "forward-presence", "--as-of", "2025-12-31"],
]


def _out(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         argv: list[str]) -> str:  # fmt: skip
    monkeypatch.setattr(_output, "console", Console(width=200, color_system=None))
    assert run(["--lang", "nl", *argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_english_words_in_dutch_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    out = _out(monkeypatch, capsys, argv)
    # the sentences the CLI writes and every table cell (publication titles are names: the
    # citation keeps the title as printed, so the Source/Also-used lines are checked for
    # their Dutch lead word only)
    text = "\n".join(line for line in out.splitlines()
                     if not line.startswith(("Bron:", "Ook gebruikt:")))  # fmt: skip
    if argv[0] == "targets":  # its notes quote the API's method texts (English, not yet in
        text = "\n".join(x for x in text.splitlines() if x.startswith("│"))  # the catalog)
    found = [w for w in ENGLISH if w in text]
    assert not found, f"English in Dutch output: {found}\n{out}"
    assert not YES_NO.search(out)
    if "Source" not in out:
        assert "Bron:" in out


def test_dutch_separators_in_sentences(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = " ".join(_out(monkeypatch, capsys, ["overview", "--release", "2025-08"]).split())
    assert re.search(r"NAVO totaal: \d,\d\d% van het bbp", out), out
    assert "2.76%" not in out
    out = " ".join(_out(monkeypatch, capsys, ["spending", "cumulative", "--release",
                                              "2024-06"]).split())  # fmt: skip
    amount = re.search(r"(\d[\d.]*,\d) miljard Amerikaanse dollar", out)
    assert amount, out
    assert "." in amount.group(1) or len(amount.group(1)) < 6  # thousands with a dot


def test_dutch_errors_and_machine_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "nl", "spending", "ally", "XXX"]) == 2
    assert capsys.readouterr().err.startswith("fout: ")
    assert run(["--lang", "nl", "spending", "table", "-f", "csv", "--release", "2024-06"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("rank,iso3,ally") and "estimate" in out
