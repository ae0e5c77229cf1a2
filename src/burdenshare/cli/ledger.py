"""``burdenshare ledger``: set up the readiness ledger, import and export pledges, tokens."""

from __future__ import annotations

from pathlib import Path

import typer

from burdenshare.cli._output import Format, FormatOption, OutputOption, emit, title_of
from burdenshare.cli.readiness import TokenOption, UrlOption

app = typer.Typer(
    help="The readiness ledger: pledges in SQLite (default) or PostgreSQL, with audit.",
    no_args_is_help=True,
)


@app.command("init")
def init(
    synthetic: bool = typer.Option(
        False, "--synthetic", help="Also load the shipped SYNTHETIC test units."
    ),
    url: str | None = UrlOption,
    fmt: Format = FormatOption,
) -> None:
    """Create or upgrade the ledger; the first owner (local on SQLite, with a token otherwise)."""
    from burdenshare.api.readiness import ledger_init

    frame = ledger_init(synthetic=synthetic, url=url)
    emit(frame, fmt, "Ledger")


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="A YAML or CSV file of pledges."),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
) -> None:
    """Import pledges: all rows checked first, all or nothing, idempotent."""
    from burdenshare.api.readiness import ledger_import

    frame = ledger_import(path, url=url, token=token)
    counts = frame["action"].value_counts()
    note = ", ".join(f"{counts.get(a, 0)} {a}" for a in ("inserted", "updated", "unchanged"))
    emit(frame, fmt, f"Import of {path.name}", notes=[note])


@app.command("export")
def export(
    path: Path | None = typer.Argument(None, help="File to write (.yaml or .csv); else a table."),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Export the pledges you may read (a file that imports unchanged)."""
    from burdenshare.api.readiness import ledger_export
    from burdenshare.cli._output import err_console

    frame = ledger_export(path, url=url, token=token)
    if path is not None:
        err_console.print(f"wrote {len(frame)} pledges to {path}")
        return
    emit(frame, fmt, "Pledges", output)


@app.command("token")
def token(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Option("viewer", "--role",
                             help="owner, alliance_staff, nation_planner or viewer."),
    nation: str | None = typer.Option(None, "--nation", help="ISO3 code (nation planners)."),
    rotate: bool = typer.Option(False, "--rotate", help="A new token for an existing user."),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
) -> None:
    """Create a user with an API token, or a new token (shown once; stored hashed)."""
    from burdenshare.api.readiness import ledger_token

    frame = ledger_token(name, role=role, nation=nation, rotate=rotate, url=url, token=token)
    emit(frame, fmt, "API token (shown once)")


@app.command("update")
def update(
    pledge_id: str = typer.Argument(..., help="Pledge id."),
    version: int = typer.Option(..., "--version", help="The version you read (see export)."),
    notice_days: int | None = typer.Option(None, "--notice-days", help="Notice to move, days."),
    available_from: str | None = typer.Option(None, "--from", help="Window start."),
    available_until: str | None = typer.Option(None, "--until", help="Window end (inclusive)."),
    open_end: bool = typer.Option(False, "--open-end", help="Remove the window's end."),
    status: str | None = typer.Option(None, "--status", help="offered, pledged or withdrawn."),
    note: str | None = typer.Option(None, "--note"),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
) -> None:
    """Change a pledge; refused if someone changed it since your version."""
    from burdenshare.api.readiness import ledger_update

    frame = ledger_update(
        pledge_id, version=version, notice_days=notice_days, available_from=available_from,
        available_until=available_until, open_end=open_end, status=status, note=note, url=url,
        token=token,
    )  # fmt: skip
    emit(frame, fmt, title_of(frame))


@app.command("audit")
def audit(
    key: str | None = typer.Option(None, "--key", help="Only this pledge, target or user."),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The append-only audit log (owners and alliance staff)."""
    from burdenshare.api.readiness import ledger_audit

    emit(ledger_audit(key=key, url=url, token=token), fmt, "Audit log", output)


@app.command("target")
def target(
    name: str = typer.Argument(..., help="Name to use with --target."),
    requirement: str = typer.Option(..., "--requirement", "-r",
                                    help="e.g. mechanised_battalion=3,air_squadron=3."),
    max_notice: float = typer.Option(..., "--max-notice", help="Notice limit in days."),
    valid_from: str | None = typer.Option(None, "--from", help="In force from (YYYY-MM-DD)."),
    valid_until: str | None = typer.Option(None, "--until", help="In force until (inclusive)."),
    version: int | None = typer.Option(None, "--version", help="To update: the version read."),
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
) -> None:
    """Store a requirement of your own as a dated target (owners and alliance staff)."""
    from burdenshare.api.readiness import ledger_target

    frame = ledger_target(name, requirement=requirement, max_notice=max_notice,
                          valid_from=valid_from, valid_until=valid_until, version=version,
                          url=url, token=token)  # fmt: skip
    emit(frame, fmt, title_of(frame))
