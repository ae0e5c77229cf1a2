"""``burdenshare claims check``: was a statement right then, and is it now?"""

from __future__ import annotations

import enum
import io
import math
from pathlib import Path
from typing import Any

import typer

import burdenshare.text as _text
from burdenshare.cli._output import check_output

app = typer.Typer(
    help="Claim files: check a statement's figures against the releases then and now.",
    no_args_is_help=True,
)


class ClaimFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    pdf = "pdf"
    html = "html"


def _value(value: Any, unit: str, lang: str) -> str:
    from burdenshare.i18n import number

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    decimals = {"pct": 2, "allies": 0, "usd_bn": 1, "usd_mn": 0, "eur_mn": 3}.get(unit, 2)
    if float(value).is_integer() and unit not in ("pct", "eur_mn"):
        decimals = 0
    return number(float(value), lang, decimals)


def verdict_word(verdict: str, lang: str) -> str:
    """A verdict in the reader's language."""
    from burdenshare.i18n import translator

    t = translator(lang)
    words = {
        "holds": t.gettext("holds"),
        "does_not_hold": t.gettext("does not hold"),
        "not_verifiable": t.gettext("not verifiable"),
    }
    return words.get(verdict, verdict)


@app.command("check")
def check(
    file: str = typer.Argument(
        ..., help="A claim file (YAML), or the name of a shipped example (nato_press_releases)."
    ),
    lang: str = typer.Option(None, "--lang", help="en or nl (default: the global --lang)."),
    fmt: ClaimFormat = typer.Option(ClaimFormat.table, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", callback=check_output,
        help="File to write (any format; pdf and html need it).",
    ),
    now: str | None = typer.Option(
        None, "--now", help="The day 'now' stands for (YYYY-MM-DD; default: today)."
    ),
) -> None:
    """Check each claim with the figures published on the day it was said, and the latest."""
    from burdenshare.api.claims import claims_check
    from burdenshare.cli._output import Format, console, emit, settings, write_file
    from burdenshare.i18n import translator

    language = lang or settings["lang"]
    if fmt in (ClaimFormat.pdf, ClaimFormat.html):
        from burdenshare.api.reports import report_claims
        from burdenshare.cli._output import err_console

        if output is None:
            raise typer.BadParameter(_text.t(
                "{format} needs --output FILE.{format}",
                format=fmt.value,
            ),
                                     param_hint="--format")  # fmt: skip
        write_file(output, report_claims(file, lang=language, fmt=fmt.value, now=now))
        err_console.print(f"wrote {output}", markup=False, highlight=False)
        return
    frame = claims_check(file, lang=language, now=now)
    if fmt is ClaimFormat.json:
        emit(frame, Format.json, output=output)
        return
    if fmt is ClaimFormat.csv:
        emit(frame, Format.csv, output=output)
        return
    from rich.table import Table

    t = translator(language)
    table = Table(
        title=t.gettext("Claims in {file}, checked then and now ({now})").format(
            file=frame.attrs["file"], now=frame.attrs["now"]
        ),
        show_lines=True,
    )
    for name in (t.gettext("claim"), t.gettext("said on"), t.gettext("claimed"),
                 t.gettext("then"), t.gettext("now")):  # fmt: skip
        table.add_column(name)
    for row in frame.itertuples(index=False):
        cells = []
        for when in ("then", "now"):
            value = _value(getattr(row, f"{when}_value"), str(row.unit), language)
            verdict = verdict_word(str(getattr(row, f"{when}_verdict")), language)
            cells.append(f"{verdict}: {value}\n{getattr(row, f'{when}_reason')}")
        table.add_row(
            f"{row.id}\n{row.text}",
            str(row.said_on),
            f"{_value(row.claimed, str(row.unit), language)} {row.unit} ({row.tolerance})",
            *cells,
        )
    sources = "; ".join(d["citation"] for d in frame.attrs["provenance"]["datasets"])
    line = t.gettext("Sources: {sources}").format(sources=sources)
    if output is not None:  # the table as the terminal shows it, written to the file
        from rich.console import Console

        out = Console(record=True, width=120, file=io.StringIO())
        out.print(table)
        out.print(line, markup=False, highlight=False)
        write_file(output, out.export_text())
        return
    console.print(table)
    console.print(line, markup=False, highlight=False)
