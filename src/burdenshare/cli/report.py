"""``burdenshare report``: briefings on an ally or the alliance, as PDF or HTML."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from burdenshare.cli._output import check_output

app = typer.Typer(
    help="Briefings: two pages on an ally or the alliance, with every source (PDF or HTML).",
    no_args_is_help=True,
)


class ReportFormat(enum.StrEnum):
    pdf = "pdf"
    html = "html"


def _write(data: bytes, output: Path) -> None:
    from burdenshare.cli._output import err_console, write_file

    write_file(output, data)
    err_console.print(f"wrote {output}", markup=False, highlight=False)


@app.command("ally")
def ally(
    code: str = typer.Argument(..., help="ISO code or name (NLD, Netherlands, Nederland)."),
    lang: str = typer.Option(None, "--lang", help="en or nl (default: the global --lang)."),
    fmt: ReportFormat = typer.Option(ReportFormat.pdf, "--format", "-f", help="pdf or html."),
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="FILE", callback=check_output, help="The file to write."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Figures as published on that day."),
    release: str | None = typer.Option(None, "--release", help="A release id."),
) -> None:
    """A briefing on one ally (PDF or HTML).

    Key numbers, what changed, commitments, the path to 2035, common funding per ministry
    and the sources.
    """
    from burdenshare.api.reports import reports_ally
    from burdenshare.cli._output import settings

    data = reports_ally(code, lang=lang or settings["lang"], fmt=fmt.value, as_of=as_of,
                       release=release)  # fmt: skip
    _write(data, output)


@app.command("alliance")
def alliance(
    lang: str = typer.Option(None, "--lang", help="en or nl (default: the global --lang)."),
    fmt: ReportFormat = typer.Option(ReportFormat.pdf, "--format", "-f", help="pdf or html."),
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="FILE", callback=check_output, help="The file to write."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Figures as published on that day."),
    release: str | None = typer.Option(None, "--release", help="A release id."),
) -> None:
    """A briefing on the alliance (PDF or HTML).

    Where the allies stand, what changed, the commitments in force, common funding by ally
    and the sources.
    """
    from burdenshare.api.reports import reports_alliance
    from burdenshare.cli._output import settings

    data = reports_alliance(lang=lang or settings["lang"], fmt=fmt.value, as_of=as_of,
                           release=release)  # fmt: skip
    _write(data, output)
