"""``burdenshare data``: what is shipped, and how figures moved between releases."""

from __future__ import annotations

from pathlib import Path

import typer

from burdenshare.cli._output import (
    AsOfOption,
    Format,
    FormatOption,
    OutputOption,
    ReleaseOption,
    emit,
    say,
    settings,
)

app = typer.Typer(
    help="The shipped releases, their provenance and revisions.", no_args_is_help=True
)


@app.command("releases")
def releases(fmt: Format = FormatOption, output: Path | None = OutputOption) -> None:
    """List the shipped releases (vintages) with their provenance."""
    from burdenshare import api

    frame = api.data_releases()
    if fmt is Format.table:
        frame = frame.assign(
            published=[
                p.strftime("%Y-%m") if precision == "month" else p.isoformat()
                for p, precision in zip(frame["published"], frame["date_precision"], strict=True)
            ]
        )[["release", "published", "completeness", "price_base", "n_allies", "years",
           "indicators"]]  # fmt: skip
    emit(frame, fmt, say("Shipped releases of NATO's defence-expenditure tables"), output)


@app.command("files")
def files_(fmt: Format = FormatOption, output: Path | None = OutputOption) -> None:
    """The manifest: every shipped file with its origin record, SHA-256 and row count."""
    from burdenshare import api

    frame = api.data_files()
    if fmt is Format.table:
        frame = frame[["path", "release", "published", "completeness", "rows", "sha256"]].assign(
            sha256=lambda f: f["sha256"].str[:12] + "…",
            path=lambda f: f["path"].str.rsplit("/", n=1).str[-1],
        )
    emit(frame, fmt, say("Shipped files"), output)


@app.command("check")
def check(fmt: Format = FormatOption, output: Path | None = OutputOption) -> None:
    """Cross-cell consistency of every release; exit code 1 if anything is unexplained."""
    from burdenshare import api

    frame = api.data_check()
    unexplained = frame.attrs["n_unexplained"]
    note = say(
        "{n} inconsistencies, {unexplained} unexplained. Checked: published share of GDP "
        "against constant-price spending ÷ GDP (within stored precision), and the four "
        "spending categories adding up to 100.",
        n=frame.attrs["n_inconsistencies"], unexplained=unexplained,
    )  # fmt: skip
    emit(frame, fmt, say("Consistency of the shipped releases"), output, notes=[note])
    if unexplained:
        raise typer.Exit(1)


@app.command("allies")
def allies_(fmt: Format = FormatOption, output: Path | None = OutputOption) -> None:
    """The allies registry: codes, names in English and Dutch, accession dates."""
    from burdenshare import api

    frame = api.data_allies()
    emit(frame, fmt, say("NATO allies"), output)


@app.command("indicators")
def indicators(
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
) -> None:
    """List the indicators a release has, with their units and NATO tables."""
    from burdenshare import api

    frame = api.data_indicators(as_of=as_of, release=release)
    emit(frame, fmt, say("Indicators in release {release}", release=frame.attrs["release"]))


@app.command("revisions")
def revisions(
    ally: str = typer.Argument(..., help="ISO code or name of the ally."),
    indicator: str = typer.Option("share_gdp_pct", "--indicator", "-i"),
    year: list[int] | None = typer.Option(None, "--year", "-y", help="Year(s); all by default."),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """How one ally's value moved from release to release (every release listed)."""
    from burdenshare import api

    frame = api.data_revisions(ally, indicator, years=year or None, as_of=as_of, release=release)
    from burdenshare.i18n import label

    title = say("Revisions of {indicator} for {ally}",
                indicator=label(indicator, settings["lang"]), ally=ally.upper())  # fmt: skip
    emit(frame, fmt, title, output)


@app.command("sources")
def sources(
    ids: list[str] | None = typer.Argument(
        None, metavar="ID", help="Source ids as other tables print them; all by default."
    ),
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Resolve source ids to full citations (publisher, title, date, the copy read from)."""
    from burdenshare import api

    frame = api.data_sources(ids or None)
    if fmt is Format.table:
        frame = frame[["id", "citation", "secondary", "partial"]]
    emit(frame, fmt, say("Sources of the shipped data"), output)


app.command("cite", help="Resolve source ids to full citations (the same as `data sources`).")(
    sources
)
