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
#: English words and phrases of the API's method texts (notes, status details, sub-tests,
#: titles) that must not appear in Dutch output either.
METHOD_ENGLISH = ["ahead by", "behind by", "on path", "not yet due", "Source", "prices",
                  "the series", "definition", "growth rates", "held constant", "not estimated",
                  "halt decline", "moving towards", "real growth", "annual progress",
                  "linear share", "Iceland", "no defence expenditure", "decimals", "unrounded",
                  "Missing allies", "No key", "ceiling", "Listed shares", "Rule ", "agreement",
                  "fall edition", "forecast errors", "share delivered", "national currency",
                  "path of", "illustrative", "projected:", "extended:", "free-riding",
                  "fair shares", "three-Cs", "cost-share", "not published", "below 2%",
                  "target year", "SIPRI and NATO", "accessions left", "status on", "gap in US",
                  "budgets", "Base:", " by 20", "(user value)"]  # fmt: skip
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
    ["targets", "status", "--ally", "DEU", "-y", "2014"],
    ["targets", "status", "--ally", "DEU", "--ally", "ISL", "-y", "2016"],
    ["targets", "gdp", "NLD"],
    ["targets", "path", "NLD"],
    ["targets", "path", "POL"],
    ["targets", "required-share", "NLD"],
    ["spending", "sipri"],
    ["spending", "cumulative", "--release", "2024-06"],
    ["funding", "keys"],
    ["funding", "key"],
    ["funding", "budgets"],
    ["funding", "derive"],
    ["funding", "contributions", "--year", "2024", "--ally", "NLD"],
    ["funding", "compare", "--from", "2020", "--to", "2021-2024", "--budgets", "2019"],
    ["burden", "index", "--release", "2024-06"],
    ["burden", "fair-share", "--reference-without", "USA"],
    ["burden", "exploitation", "--pooled"],
    ["burden", "decompose", "NLD"],
]
#: Commands whose notes quote method texts (every line of their output is checked).
METHOD_COMMANDS = [a for a in COMMANDS if a[0] in ("targets", "funding", "burden")
                   or a[:2] in (["spending", "sipri"], ["spending", "cumulative"])]


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
    words = ENGLISH + (METHOD_ENGLISH if argv in METHOD_COMMANDS else [])
    found = [w for w in words if w in text]
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


def test_dutch_separators_in_method_texts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Numbers inside the API's sentences (status details, notes) follow Dutch: a comma for
    decimals, a dot for thousands; years stay whole."""
    out = " ".join(_out(monkeypatch, capsys, ["--wide", "targets", "path", "NLD"]).split())
    detail = re.search(r"voor met (\d+,\d\d) procentpunt \((\d{1,3}(?:\.\d{3})*) mln\)", out)
    assert detail, out  # "ahead by 0.38 pp (4,428 mn)" in English
    title = r"Lineair pad van NLD naar 3,5% van het bbp aan kerndefensie in 2035"
    assert re.search(title, out), out
    assert "2.035" not in out and "2.024" not in out  # a year is never grouped
    out = " ".join(_out(monkeypatch, capsys, ["--wide", "targets", "status", "--ally", "DEU",
                                              "-y", "2016"]).split())  # fmt: skip
    assert re.search(r"daling gestopt: (ja|nee); reële groei met het bbp: (ja|nee)", out), out
    out = " ".join(_out(monkeypatch, capsys, ["funding", "key"]).split())
    assert re.search(r"tellen op tot 79,68 %; niet toegewezen 20,32 %", out), out


#: English header words of columns that had no label (the column id was shown instead).
ENGLISH_HEADERS = ["target year", "years ahead", "sd pct", "revision sd", "required share",
                   "share pct", "target", "battlegroups", "hosted", "deterministic", "pct",
                   "efp", "p floor", "linear path", "common funding", "z burden", "nc mn",
                   "plan spending", "gdp level", "share", "P ", "GDP"]  # fmt: skip
LABELLED = [
    ["targets", "required-share", "NLD"],
    ["burden", "index", "--release", "2024-06"],
    ["targets", "simulate", "NLD", "--paths", "2000"],
]


def _headers(out: str) -> str:
    """The header rows of the tables (``--wide``: each header on one line)."""
    return "\n".join(line for line in out.splitlines() if line.startswith("┃"))


@pytest.mark.parametrize("argv", LABELLED, ids=" ".join)
def test_dutch_table_headers_have_no_english_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.setattr(_output, "console", Console(width=400, color_system=None))
    assert run(["--wide", *argv]) == 0
    english = _headers(capsys.readouterr().out)
    assert english  # the tables have headers, and in English some of the words
    assert [w for w in ENGLISH_HEADERS if w in english]
    dutch = _headers(_out(monkeypatch, capsys, ["--wide", *argv]))
    found = [w for w in ENGLISH_HEADERS if w in dutch]
    assert not found, f"English in Dutch headers: {found}\n{dutch}"
    assert "bondgenoot" in dutch or "jaar" in dutch
