"""``burdenshare spending``: tables, profiles, group aggregates, cumulative increase, gaps."""

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
)

app = typer.Typer(
    help="Defence spending against GDP, per ally and per group.", no_args_is_help=True
)


@app.command("table")
def table(
    year: int | None = typer.Option(None, "--year", "-y", help="Year; latest by default."),
    indicator: str = typer.Option("share_gdp_pct", "--indicator", "-i"),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """One indicator for every ally in one year, ranked."""
    from burdenshare import api

    frame = api.spending_table(year, indicator, as_of=as_of, release=release)
    from burdenshare.cli._output import settings
    from burdenshare.i18n import label

    title = f"{label(indicator, settings['lang'])}, {frame['year'].iloc[0]}"
    emit(frame, fmt, title, output)


@app.command("check")
def check(
    year: int | None = typer.Option(None, "--year", "-y"),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Published share of GDP beside the recomputed one, with the difference."""
    from burdenshare import api

    frame = api.spending_check(year, as_of=as_of, release=release)
    emit(frame, fmt, f"Share of GDP, published and recomputed ({frame.attrs['what']})", output)


@app.command("ally")
def ally(
    code: str = typer.Argument(..., help="ISO code or name of the ally, e.g. NLD."),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """One ally's headline figures, year by year."""
    from burdenshare import api
    from burdenshare.cli._output import settings

    frame = api.spending_profile(code, as_of=as_of, release=release)
    ally_name = api.data_allies().set_index("iso3").loc[frame["iso3"].iloc[0]]
    if fmt is Format.table:
        keep = ["year", "is_estimate", "share_gdp_pct", "real_change_pct", "equipment_share_pct",
                "defence_exp_usd_current_mn", "defence_exp_nc_mn"]  # fmt: skip
        frame = frame[[c for c in keep if c in frame.columns]]
    lang = settings["lang"]
    title = f"{ally_name['name_nl' if lang == 'nl' else 'name_en']}: " + (
        "defensie-uitgaven" if lang == "nl" else "defence expenditure"
    )
    emit(frame, fmt, title, output)


@app.command("group")
def group(
    name: str = typer.Argument("nato", help="nato, europe_canada or eu."),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """A group's aggregates per year, computed from its members of each year."""
    from burdenshare import api

    frame = api.spending_group(name, as_of=as_of, release=release)
    emit(frame, fmt, f"Aggregates of {name}", output)


@app.command("cumulative")
def cumulative(
    group: str = typer.Option("europe_canada", "--group", "-g"),
    base: int = typer.Option(2016, "--base"),
    to: int | None = typer.Option(None, "--to"),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Cumulative extra spending since a base year, constant prices (NATO's headline)."""
    from burdenshare import api

    frame = api.spending_cumulative(group, base=base, to=to, as_of=as_of, release=release)
    total = frame.attrs["cumulative_usd_constant_bn"]
    note = (
        f"Cumulative extra spending {base + 1}-{int(frame['year'].iloc[-1])} over {base}: "
        f"USD {total:,.1f} bn at {frame.attrs['price_base']} prices."
    )
    emit(frame, fmt, f"Cumulative increase of {group} since {base}", output, notes=[note])


@app.command("gap")
def gap(
    threshold: float | None = typer.Option(
        None, "--threshold", "-t", help="Percent of GDP; the guideline in force by default."
    ),
    year: int | None = typer.Option(None, "--year", "-y"),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Money each ally needs to reach a share of GDP (USD and national currency)."""
    from burdenshare import api

    frame = api.spending_gap(threshold, year=year, as_of=as_of, release=release)
    shown = frame.attrs["threshold_pct"]
    if fmt is Format.table:
        frame = frame[["iso3", "ally", "share_gdp_pct", "gap_pp", "gap_usd_current_mn",
                       "gap_nc_current_mn", "currency_nc", "is_estimate"]]  # fmt: skip
    emit(frame, fmt, f"Gap to {shown:g}% of GDP", output)


@app.command("count")
def count(
    threshold: float | None = typer.Option(
        None, "--threshold", "-t", help="Percent of GDP; the guideline in force by default."
    ),
    group: str = typer.Option("nato", "--group", "-g"),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Number of allies at or above a share of GDP, per year."""
    from burdenshare import api

    frame = api.spending_count(threshold, group=group, as_of=as_of, release=release)
    emit(frame, fmt, f"Allies at or above {frame.attrs['threshold_pct']:g}% of GDP", output)


def overview(
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The alliance at a glance for the latest year of a release."""
    from burdenshare import api

    frame = api.spending_overview(as_of=as_of, release=release)
    a = frame.attrs
    notes = [
        f"NATO total: {a['nato_share_gdp_pct']:.2f}% of GDP; European Allies and Canada: "
        f"{a['europe_canada_share_gdp_pct']:.2f}% (GDP-weighted, computed from the allies).",
        f"{a['count_2pct']} of {len(frame)} allies with figures at or above "
        f"{a['core_guideline_pct']:g}% of GDP "
        "(published two-decimal values).",
    ]
    if fmt is Format.table:
        frame = frame.drop(columns=["meets_equipment_20"])
    emit(frame, fmt, f"NATO allies' defence expenditure, {a['year']}", output, notes=notes)


@app.command("sipri")
def sipri(
    ally: list[str] | None = typer.Argument(None, help="Allies; all by default."),
    year: list[int] | None = typer.Option(None, "--year", "-y", help="Year (repeatable)."),
    group: str | None = typer.Option(None, "--group", help="Label of a row for them together."),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """SIPRI's military expenditure (a second lens) beside NATO's figures, never mixed."""
    from burdenshare import api

    frame = api.spending_sipri(ally or None, years=year or None, group=group, as_of=as_of,
                               release=release)  # fmt: skip
    note = str(frame.attrs["differences"]) + "."
    if fmt is Format.table:
        frame = frame[["iso3", "year", "sipri_current_usd_mn", "sipri_share_gdp_pct",
                       "per_capita_usd", "sipri_estimate", "nato_share_gdp_pct",
                       "difference_pp"]]  # fmt: skip
    emit(frame, fmt, "SIPRI military expenditure (SIPRI's definition) beside NATO's", output,
         notes=[note])  # fmt: skip
