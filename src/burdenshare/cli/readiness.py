"""``burdenshare readiness``: pledges against readiness targets (check, timeline, tiers, source)."""

from __future__ import annotations

from pathlib import Path

import typer

import burdenshare.text as _text
from burdenshare.cli._output import Format, FormatOption, OutputOption, emit, title_of, tr

app = typer.Typer(
    help="Force pledges against readiness targets (NRI, NATO Force Model, your own).",
    no_args_is_help=True,
)

DateOption = typer.Option(None, "--date", "-d", help="Date checked (YYYY-MM-DD); today by default.")
TargetOption = typer.Option("nri", "--target", "-t", help="nri, or a target stored in the ledger.")
RequirementOption = typer.Option(
    None, "--requirement", "-r",
    help="Your own requirement instead of --target, e.g. mechanised_battalion=3,air_squadron=3.",
)  # fmt: skip
MaxNoticeOption = typer.Option(
    None, "--max-notice", help="Notice limit in days for --requirement (inclusive)."
)
PledgesOption = typer.Option(
    None, "--pledges", help="Read pledges from 'synthetic' (the shipped test units) or a file."
)
UrlOption = typer.Option(
    None, "--url", envvar="BURDENSHARE_DATABASE_URL", help="Ledger database URL.",
    show_envvar=True,
)  # fmt: skip
TokenOption = typer.Option(
    None, "--token", envvar="BURDENSHARE_TOKEN", help="API token (a shared ledger needs one).",
    show_envvar=True,
)  # fmt: skip

FairShareOption = typer.Option(
    None, "--fair-share", help="gdp (NATO release; default) or weights (with --weights)."
)
WeightsOption = typer.Option(
    None, "--weights", help="CSV (nation,weight) or YAML mapping of fair-share weights."
)
GdpReleaseOption = typer.Option(None, "--release", help="NATO release for GDP.")


def _today(day: str | None) -> str:
    from datetime import date

    return day or date.today().isoformat()


def _notes(frame: object) -> list[str]:
    from burdenshare.cli._output import settings
    from burdenshare.i18n import label

    env = getattr(frame, "attrs", {}).get("provenance") or {}
    return [f"{label(k, settings['lang'])}: {tr(v)}" for k, v in env.get("notes", {}).items()]



@app.command("check")
def check(
    day: str | None = DateOption,
    target: str = TargetOption,
    requirement: str | None = RequirementOption,
    max_notice: float | None = MaxNoticeOption,
    without_offers: bool = typer.Option(False, "--without-offers", help="Firm pledges only."),
    units: bool = typer.Option(False, "--units", help="List the units that count."),
    pledges: str | None = PledgesOption,
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Counts per unit type that meet the target's notice limit on a date, and shortfalls."""
    from burdenshare.api.readiness import readiness_check

    frame = readiness_check(
        _today(day), target=target, requirement=requirement, max_notice=max_notice,
        with_offers=not without_offers, units=units, pledges=pledges, url=url, token=token,
    )  # fmt: skip
    emit(frame, fmt, title_of(frame), output, notes=_notes(frame))


@app.command("timeline")
def timeline(
    start: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day (YYYY-MM-DD)."),
    target: str = TargetOption,
    requirement: str | None = RequirementOption,
    max_notice: float | None = MaxNoticeOption,
    by: str = typer.Option("month", "--by", help="month or quarter."),
    pledges: str | None = PledgesOption,
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Fill status per month or quarter, without and with offers (lowest count in the period)."""
    from burdenshare.api.readiness import readiness_timeline
    from burdenshare.errors import InputError

    if by not in ("month", "quarter"):
        raise InputError(_text.t("period"), by, ("month", "quarter"))
    frame = readiness_timeline(
        start, end, target=target, requirement=requirement, max_notice=max_notice,
        by="month" if by == "month" else "quarter", pledges=pledges, url=url, token=token,
    )  # fmt: skip
    emit(frame, fmt, title_of(frame), output, notes=_notes(frame))


@app.command("tiers")
def tiers(
    day: str | None = DateOption,
    without_offers: bool = typer.Option(False, "--without-offers", help="Firm pledges only."),
    pledges: str | None = PledgesOption,
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Units per type and NATO Force Model tier on a date."""
    from burdenshare.api.readiness import readiness_tiers

    frame = readiness_tiers(_today(day), with_offers=not without_offers, pledges=pledges,
                            url=url, token=token)  # fmt: skip
    emit(frame, fmt, title_of(frame), output, notes=_notes(frame))


@app.command("capabilities")
def capabilities(
    day: str | None = DateOption,
    target: str = TargetOption,
    requirement: str | None = RequirementOption,
    max_notice: float | None = MaxNoticeOption,
    fair_share: str | None = FairShareOption,
    weights: Path | None = WeightsOption,
    release: str | None = GdpReleaseOption,
    pledges: str | None = PledgesOption,
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Each ally's counting units over its fair share (the three-Cs capabilities component)."""
    from burdenshare.api.readiness import readiness_capabilities

    frame = readiness_capabilities(
        _today(day), target=target, requirement=requirement, max_notice=max_notice,
        fair_share=fair_share, weights=weights, release=release,  # type: ignore[arg-type]
        pledges=pledges, url=url, token=token,
    )  # fmt: skip
    emit(frame, fmt, title_of(frame), output, notes=_notes(frame))


@app.command("source")
def source(
    day: str | None = DateOption,
    target: str = TargetOption,
    requirement: str | None = RequirementOption,
    max_notice: float | None = MaxNoticeOption,
    fair_share: str | None = FairShareOption,
    weights: Path | None = WeightsOption,
    with_offers: bool = typer.Option(False, "--with-offers", help="Offered units may be used."),
    view: str = typer.Option("nations", "--view", help="nations, requirements or units."),
    release: str | None = GdpReleaseOption,
    pledges: str | None = PledgesOption,
    url: str | None = UrlOption,
    token: str | None = TokenOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Which units to designate so the target is filled and each nation's share is fair."""
    from burdenshare.api.readiness import readiness_source

    frame = readiness_source(
        _today(day), target=target, requirement=requirement, max_notice=max_notice,
        fair_share=fair_share, weights=weights, with_offers=with_offers,  # type: ignore[arg-type]
        release=release, pledges=pledges, url=url, token=token,
        view=view,  # type: ignore[arg-type]  # checked by the API
    )  # fmt: skip
    emit(frame, fmt, title_of(frame), output, notes=_notes(frame))
