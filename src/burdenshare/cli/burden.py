"""``burdenshare burden``: free-riding tests, fair shares, the three-Cs index, decomposition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from burdenshare.cli._output import (
    YEARS,
    AsOfOption,
    Format,
    FormatOption,
    OutputOption,
    ReleaseOption,
    YearOption,
    bounded,
    emit,
    num,
    say,
    tr,
)

app = typer.Typer(
    help="Burden sharing: free-riding tests, fair shares, a three-Cs index.",
    no_args_is_help=True,
)

GroupOption = typer.Option("nato", "--group", "-g", help="nato, europe_canada or eu.")
BasisOption = typer.Option(
    "current", "--basis", "-b", help="Currency basis: current or constant prices."
)
FromOption = typer.Option(
    None, "--from", metavar="YEAR", callback=bounded(*YEARS),
    help="First year; the release's first by default.",
)
ToOption = typer.Option(
    None, "--to", metavar="YEAR", callback=bounded(*YEARS),
    help="Last year; the release's last by default.",
)


def _title(attrs: dict[Any, Any]) -> str:
    what = tr(attrs.get("what", ""))
    return what[:1].upper() + what[1:]


def _skipped_note(attrs: dict[Any, Any]) -> list[str]:
    text = tr(attrs.get("skipped") or "")
    return [say("Left out: {what}.", what=text)] if text else []


def _estimate_note(frame: Any) -> list[str]:
    years = sorted({int(y) for y in frame.loc[frame["is_estimate"].astype(bool), "year"]})
    if not years:
        return []
    return [say("Years with NATO estimates (not outturns): {years}.",
                years=", ".join(map(str, years)))]  # fmt: skip


@app.command("exploitation")
def exploitation(
    from_year: int | None = FromOption,
    to_year: int | None = ToOption,
    group: str = GroupOption,
    basis: str = BasisOption,
    series: bool = typer.Option(
        False, "--series", help="One row per year, one column per coefficient (for charts)."
    ),
    pooled: bool = typer.Option(
        False, "--pooled", help="One test over the years: all, without the US, and with a "
        "threat-proximity control (whole ally series permuted)."
    ),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Rank correlation of GDP and burden per year (Olson-Zeckhauser test)."""
    from burdenshare import api

    if pooled:
        frame = api.burden_exploitation_pooled(
            from_year, to_year, group=group, basis=basis, as_of=as_of, release=release
        )
        notes = [
            say("Mean yearly Spearman rho over the allies present in every year; null: whole "
                "ally series permuted together (within border/other strata for the proximity "
                "control; allies with a land border with Russia or Belarus: {allies}).",
                allies=frame.attrs["border_allies"]),
            *_skipped_note(frame.attrs),
        ]
        emit(frame, fmt, say("Pooled free-riding test"), output, notes=notes)
        return
    if series:
        frame = api.burden_exploitation_series(
            from_year, to_year, group=group, basis=basis, as_of=as_of, release=release
        )
    else:
        frame = api.burden_exploitation(
            from_year, to_year, group=group, basis=basis, as_of=as_of, release=release
        )
    notes = [
        say("GDP on currency basis {basis}; burden = NATO's published share of GDP.",
            basis=frame.attrs["basis"]),
        say("A positive coefficient is what the exploitation hypothesis predicts; p_one_sided "
            "tests H1: rho > 0, p_two_sided is what Sandler & Murdoch (2000) print."),
        *_estimate_note(frame),
        *_skipped_note(frame.attrs),
    ]
    emit(frame, fmt, _title(frame.attrs), output, notes=notes)


@app.command("fair-share")
def fair_share(
    year: int | None = YearOption,
    group: str = GroupOption,
    basis: str = BasisOption,
    unrounded_bands: bool = typer.Option(
        False,
        "--unrounded-bands",
        help="Compare the unrounded ratio with the DoD bands (default: at 2 decimals, "
        "as the DoD prints it).",
    ),
    reference_without: list[str] | None = typer.Option(
        None, "--reference-without", help="Also compare with the average of the others "
        "(e.g. USA; repeatable)."
    ),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Shares of alliance spending and GDP, their ratio (DoD bands), gap, per capita."""
    from burdenshare import api

    frame = api.burden_fair_share(
        year, group=group, basis=basis, as_of=as_of, release=release,
        band_decimals=None if unrounded_bands else 2,
        reference_without=reference_without or None,
    )  # fmt: skip
    a = frame.attrs
    if fmt is Format.table:
        extra = ["ratio_vs_reference", "band_vs_reference"] if reference_without else []
        frame = frame[["iso3", "ally", "spending_share_pct", "gdp_share_pct",
                       "burden_sharing_ratio", "band", *extra, "fair_share_gap_usd_mn",
                       "per_capita_usd", "per_capita_relative", "is_estimate"]]  # fmt: skip
    notes = [
        say("Basis {basis}. Alliance burden {burden}% of GDP (sum of spending / sum of GDP); "
            "unweighted mean {mean}%, median {median}%. Bands (US DoD): ratio 1.20 or more "
            "substantial, 0.80-1.19 in balance, below 0.80 very low effort; ratio compared "
            "{compared}. Gap > 0: would spend that much more at the alliance-wide ratio.",
            basis=a["basis"], burden=num(a["alliance_burden_pct"]),
            mean=num(a["mean_burden_pct"]), median=num(a["median_burden_pct"]),
            compared=tr(a["band_compared_at"])),
        *([say("Reference: {reference}.", reference=tr(a["reference"]))]
          if reference_without else []),
        *_skipped_note(a),
    ]
    emit(frame, fmt, say("Fair shares, {group}, {year}", group=group, year=a["year"]), output,
         notes=notes)  # fmt: skip


@app.command("index")
def index(
    year: int | None = YearOption,
    weights: str = typer.Option(
        "cash=1,capabilities=1,contributions=1",
        "--weights",
        "-w",
        help="Component weights, e.g. cash=0.5,capabilities=0.25,contributions=0.25.",
    ),
    group: str = GroupOption,
    cost_shares: Path | None = typer.Option(
        None,
        "--cost-shares",
        help="CSV with iso3, share_pct (optionally period_start, period_end): a common-funding "
        "key to use instead of the published one.",
    ),
    published_key: bool = typer.Option(
        True,
        "--published-key/--no-published-key",
        help="Without --cost-shares, use the published cost-share key in force for the year.",
    ),
    capabilities: str | None = typer.Option(
        None,
        "--capabilities",
        help="Capabilities from the readiness ledger ('ledger') or its labelled synthetic "
        "demo units ('synthetic'); left out by default.",
    ),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Three-Cs index (cash, capabilities, contributions): a lens, not a verdict."""
    from burdenshare import api

    frame = api.burden_index(
        year, weights=weights, group=group, cost_shares=cost_shares, as_of=as_of,
        release=release, published_key=published_key,
        capabilities=capabilities,  # type: ignore[arg-type]  # checked by the API
    )  # fmt: skip
    a = frame.attrs
    if fmt is Format.table:
        keep = ["iso3", "ally"] + [
            c for c in frame.columns if c.endswith("_score") or c.startswith("z_")
        ]
        frame = frame[[*keep, "composite", "missing", "is_estimate"]]
    notes = [
        say("Weights given: {given}; used (components with data): {used}.",
            given=a["weights_given"], used=a["weights_used"]),
        say("Missing inputs: {what}.", what=tr(a["missing_inputs"]) or say("none")),
        *([say("Cost shares: {source}.", source=tr(a["cost_shares_source"]))]

          if a["cost_shares_source"] else []),
        say("z = (value - reference) / standard deviation across allies; the index is a lens, "
            "not a verdict."),
        *_skipped_note(a),
    ]
    emit(frame, fmt, say("Three-Cs index, {group}, {year}", group=group, year=a["year"]),
         output, notes=notes)  # fmt: skip


@app.command("decompose")
def decompose(
    ally: str | None = typer.Argument(None, help="ISO code or name; all allies by default."),
    from_year: int | None = FromOption,
    to_year: int | None = ToOption,
    group: str = GroupOption,
    basis: str = typer.Option(
        "constant", "--basis", "-b", help="Currency basis: constant (default) or current."
    ),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Change in share of GDP split into the spending effect and the GDP effect."""
    from burdenshare import api

    frame = api.burden_decomposition(
        ally, from_year=from_year, to_year=to_year, group=group, basis=basis, as_of=as_of,
        release=release,
    )  # fmt: skip
    notes = [
        say("Currency basis {basis}. change_pp = spending_effect_pp + gdp_effect_pp exactly "
            "(METRICS.md C5); published_change_pp is the change of NATO's printed share.",
            basis=frame.attrs["basis"]),
        *_skipped_note(frame.attrs),
    ]
    emit(frame, fmt, _title(frame.attrs), output, notes=notes)


@app.command("forward-presence")
def forward_presence(
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Forward presence: battlegroups per ally and published troop figures, with sources."""
    from burdenshare import api
    from burdenshare.cli._output import settings
    from burdenshare.i18n import ally_name, localize

    frame = api.burden_forward_presence(as_of=as_of)
    a = frame.attrs
    lang = settings["lang"]
    notes = [str(localize(a["troops"], lang)), str(localize(a["battlegroups"], lang))]
    if fmt is Format.table:
        shown = frame[(frame["iso3"] == "ALL") | (frame["hosts"] > 0)
                      | (frame["battlegroups_joined"] > 0)]  # the whole, even before 2017
        cited = shown[shown["troops_sources"] != ""]
        for sources, who in cited.groupby("troops_sources", sort=False)["iso3"]:
            notes.append(say("Sources of the troop figures of {codes}: {sources}.",
                             codes=", ".join(who), sources=sources))  # fmt: skip
        for _, r in frame[frame["plan_sources"] != ""].iterrows():
            by = say(" by {date}", date=r["plan_by"]) if r["plan_by"] else ""
            notes.append(say("Plan (not a deployment): {ally}, {qualifier} {troops} troops in "
                             "{host}{by}; sources {sources}.", ally=ally_name(r["iso3"], lang),
                             qualifier=localize(r["plan_qualifier"], lang),
                             troops=num(r["plan_troops"], 0), host=r["plan_at"], by=by,
                             sources=r["plan_sources"]))  # fmt: skip
        frame = shown[["iso3", "hosts", "battlegroups_joined", "battlegroups_led",
                       "troops", "qualifier", "troops_date"]].copy()  # fmt: skip
        for c in ("troops", "qualifier"):  # a figure with the language's separators, or why not
            frame[c] = [localize(v, lang) if isinstance(v, str) else num(v, 0) if c == "troops"
                        else v for v in frame[c]]  # fmt: skip
        frame.attrs = dict(a)
    emit(frame, fmt, say("Forward presence on {day}", day=a["as_of"]), output, notes=notes)
