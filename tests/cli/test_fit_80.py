"""Tables that fit: at 80 columns no number is ever cut (text wraps, columns move below)."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from burdenshare.cli import _output, run

COMMANDS = [
    ["overview"],
    ["overview", "--release", "2019-11"],
    ["spending", "table"],
    ["spending", "group"],
    ["spending", "gap"],
    ["spending", "count"],
    ["spending", "cumulative", "--release", "2024-06"],
    ["spending", "check"],
    ["spending", "ally", "NLD"],
    ["targets", "status"],
    ["targets", "path", "NLD"],
    ["targets", "rules", "--as-of", "2025-07-01"],
    ["funding", "key"],
    ["funding", "contributions", "--year", "2024", "--by", "ally"],
    ["funding", "compare", "--from", "2020", "--to", "2021-2024", "--budgets", "2021"],
    ["burden", "fair-share"],
    ["burden", "index"],
    ["burden", "forward-presence", "--as-of", "2025-12-31"],
    ["data", "revisions", "NLD"],
    ["data", "releases"],
    ["data", "files"],
]
NUMBER = re.compile(r"-?\d[\d,.]*\d|\d")


def _render(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str],
    width: int,
) -> str:  # fmt: skip
    monkeypatch.setattr(_output, "console", Console(width=width, color_system=None))
    assert run(argv) == 0
    return capsys.readouterr().out


def _numbers(text: str) -> set[str]:
    """The numbers in the table cells (the footer and notes are prose, wrapped anywhere)."""
    cells = [line for line in text.splitlines() if line.startswith(("│", "┃"))]
    return set(NUMBER.findall(" ".join(cells)))  # key columns repeat when columns move below


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_number_is_cut_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    narrow = _render(monkeypatch, capsys, argv, 80)
    wide = _render(monkeypatch, capsys, ["--wide", *argv], 400)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert narrow.count("…") == wide.count("…")  # only what the data shortens on purpose
    assert _numbers(narrow) == _numbers(wide)


def test_columns_move_below_rather_than_cut(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _render(monkeypatch, capsys, ["spending", "group"], 80)
    assert "(continued)" in out
    assert "% GDP weighted" in " ".join(out.split()) or "% GDP" in out


#: Tables whose headers came from labels added for Dutch (issue 9): they fit in Dutch too.
DUTCH = [
    ["targets", "simulate", "NLD", "--paths", "2000", "--seed", "1"],
    ["targets", "required-share", "NLD"],
    ["burden", "index", "--release", "2024-06"],
    ["burden", "decompose", "NLD"],
    ["funding", "reproduce"],
    ["spending", "group"],
]


@pytest.mark.parametrize("argv", DUTCH, ids=" ".join)
def test_no_number_is_cut_at_80_columns_in_dutch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    narrow = _render(monkeypatch, capsys, ["--lang", "nl", *argv], 80)
    wide = _render(monkeypatch, capsys, ["--lang", "nl", "--wide", *argv], 400)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert narrow.count("…") == wide.count("…")
    assert _numbers(narrow) == _numbers(wide)


def test_the_simulation_fits_80_columns_in_one_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Short headers (``P target``, ``kans op doel``) keep its eleven columns together."""
    for lang in ("en", "nl"):
        out = _render(monkeypatch, capsys, ["--lang", lang, "targets", "simulate", "NLD",
                                            "--paths", "200"], 80)  # fmt: skip
        assert "(continued)" not in out and "(vervolg)" not in out, out
        assert "q95" in out


def test_a_dutch_table_repeats_the_same_key_columns_below(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Columns moved below repeat the group and the year in Dutch as in English (the keys
    were found by their English label only, so a Dutch table repeated just its first)."""
    out = _render(monkeypatch, capsys, ["--lang", "nl", "spending", "group"], 80)
    parts = out.split("(vervolg)")
    assert len(parts) > 1
    for part in parts[1:]:
        header = next(line for line in part.splitlines() if line.startswith("┃ groep"))
        assert "┃ jaar " in header, part


def test_a_header_breaks_at_its_hyphen_not_inside_a_word(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """"defensie-uitgaven" in a narrow column breaks after "defensie-", never as
    "defensie-uitga" / "ven"."""
    out = _render(monkeypatch, capsys, ["--lang", "nl", "spending", "group", "--group", "eu"], 80)
    assert "defensie-" in out
    assert "defensie-uitga " not in out and "defensie-uitga┃" not in out
    assert not re.search(r"┃\s*ven,", out), out
