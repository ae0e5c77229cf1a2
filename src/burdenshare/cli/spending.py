"""``burdenshare spending``: tables, profiles, group aggregates, cumulative increase, gaps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from burdenshare.cli._output import (
    YEARS,
    AllyOption,
    AsOfOption,
    Format,
    FormatOption,
    GroupOption,
    IndicatorOption,
    OutputOption,
    ReleaseOption,
    ThresholdOption,
    YearOption,
    bounded,
    currency,
    emit,
    num,
    say,
    say_n,
    tr,
    tr_sentence,
)

app = typer.Typer(
    help="Defence spending against GDP, per ally and per group.", no_args_is_help=True
)


@app.command("table")
def table(
    year: int | None = YearOption,
    indicator: str = IndicatorOption,
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

    title = say("{indicator}, {year}", indicator=label(indicator, settings["lang"]),
                year=frame["year"].iloc[0])  # fmt: skip
    emit(frame, fmt, title, output)


@app.command("check")
def check(
    year: int | None = YearOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Published share of GDP beside the recomputed one, with the difference."""
    from burdenshare import api

    frame = api.spending_check(year, as_of=as_of, release=release)
    year = frame.attrs["what"].rsplit(" ", 1)[-1]
    emit(frame, fmt, say("Share of GDP, published and recomputed, {year}", year=year), output)


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
    title = say("{ally}: defence expenditure",
                ally=ally_name["name_nl" if lang == "nl" else "name_en"])  # fmt: skip
    emit(frame, fmt, title, output)


@app.command("group")
def group(
    name: str = GroupOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """A group's aggregates per year, computed from its members of each year."""
    from burdenshare import api

    frame = api.spending_group(name, as_of=as_of, release=release)
    notes = []
    if frame.attrs.get("left_out_years"):
        notes.append(say("Left out (partial release, not every reporting ally has a share of "
                         "GDP): {years}.", years=frame.attrs["left_out_years"]))  # fmt: skip
    if frame.attrs.get("membership_note"):
        notes.append(tr(frame.attrs["membership_note"]))
    emit(frame, fmt, say("Aggregates of {group}", group=name), output, notes=notes)


@app.command("cumulative")
def cumulative(
    group: str = typer.Option(
        "europe_canada", "--group", "-g", metavar="GROUP", help="nato, europe_canada or eu."
    ),
    base: int = typer.Option(
        2016, "--base", metavar="YEAR", callback=bounded(*YEARS), help="The base year."
    ),
    to: int | None = typer.Option(
        None, "--to", metavar="YEAR", callback=bounded(*YEARS), help="Last year; latest by default."
    ),
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
        say("Cumulative extra spending {first}-{last} over {base}: {amount} billion {currency} "
            "at {prices} prices.", first=int(frame["year"].iloc[0]),
            last=int(frame["year"].iloc[-1]), base=base, amount=num(total, 1),
            currency=currency("USD"), prices=frame.attrs["price_base"])
    )
    title = say("Cumulative increase of {group} since {base}", group=group, base=base)
    emit(frame, fmt, title, output, notes=[note])


@app.command("gap")
def gap(
    threshold: float | None = ThresholdOption,
    year: int | None = YearOption,
    ally: list[str] | None = AllyOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Money each ally needs to reach a share of GDP (USD and national currency)."""
    from burdenshare import api

    frame = api.spending_gap(threshold, year=year, ally=ally or None, as_of=as_of, release=release)
    shown = frame.attrs["threshold_pct"]
    if fmt is Format.table:
        frame = frame[["iso3", "ally", "share_gdp_pct", "gap_pp", "gap_usd_current_mn",
                       "gap_nc_current_mn", "currency_nc", "is_estimate"]]  # fmt: skip
    emit(frame, fmt, say("Gap to {threshold}% of GDP", threshold=num(shown, 1)), output)


@app.command("count")
def count(
    threshold: float | None = ThresholdOption,
    group: str = GroupOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Number of allies at or above a share of GDP, per year."""
    from burdenshare import api

    frame = api.spending_count(threshold, group=group, as_of=as_of, release=release)
    title = say("Allies at or above {threshold}% of GDP",
                threshold=num(frame.attrs["threshold_pct"], 1))  # fmt: skip
    emit(frame, fmt, title, output)


def overview(
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The alliance at a glance for the latest year of a release."""
    from burdenshare import api

    frame = api.spending_overview(as_of=as_of, release=release)
    notes = overview_notes({str(k): v for k, v in frame.attrs.items()})
    if fmt is Format.table:
        frame = frame.drop(columns=["meets_equipment_20"])
    title = say("NATO allies' defence expenditure, {year}", year=frame.attrs["year"])
    emit(frame, fmt, title, output, notes=notes)


def _group_share(attrs: dict[str, Any], group: str) -> str:
    """A group's share of GDP as a sentence part, or why there is none (never "nan")."""
    value, basis = attrs[f"{group}_share_gdp_pct"], attrs[f"{group}_share_gdp_pct_basis"]
    if value is None:
        if basis == "partial release":
            return say("not given: partial release ({count})",
                       count=say("{n} of {total} allies", n=attrs[f"{group}_with_figures"],
                                 total=attrs[f"{group}_members"]))  # fmt: skip
        return say("not given: not published in this release")
    text = say("{value}% of GDP", value=num(value))
    if basis == "published":
        return text + " " + say("(as published by NATO in this release)")
    return text + " " + say("(GDP-weighted, computed from the allies)")


def overview_notes(attrs: dict[str, Any]) -> list[str]:
    """The overview's two sentences: the group shares, and the count with its base."""
    shares = say(
        "NATO total: {nato}; European Allies and Canada: {europe}.",
        nato=_group_share(attrs, "nato"), europe=_group_share(attrs, "europe_canada"),
    )  # fmt: skip
    threshold = num(attrs["core_guideline_pct"], 0)
    n, members = attrs["n_with_figures"], attrs["nato_members"]
    if attrs.get("partial"):
        count = say(
            "{count} of the {base} in this partial release at or above {threshold}% of GDP "
            "(published two-decimal values); NATO had {members} in {year}.",
            count=attrs["count_2pct"], base=say_n("{n} ally", "{n} allies", n),
            threshold=threshold, members=say_n("{n} ally", "{n} allies", members),
            year=attrs["year"],
        )  # fmt: skip
    else:
        count = say(
            "{count} at or above {threshold}% of GDP (published two-decimal values).",
            count=say("{n} of {total} allies", n=attrs["count_2pct"], total=n),
            threshold=threshold,
        )  # fmt: skip
    return [shares, count]


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
    note = tr_sentence(frame.attrs["differences"])

    if fmt is Format.table:
        frame = frame[["iso3", "year", "sipri_current_usd_mn", "sipri_share_gdp_pct",
                       "per_capita_usd", "sipri_estimate", "nato_share_gdp_pct",
                       "difference_pp"]]  # fmt: skip
    emit(frame, fmt, say("SIPRI military expenditure (SIPRI's definition) beside NATO's"), output,
         notes=[note])  # fmt: skip
