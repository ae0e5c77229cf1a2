"""``burdenshare targets``: rules in force, compliance, GDP projections, paths, scenarios,
simulation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

import burdenshare.text as _text
from burdenshare.cli._output import (
    GROWTH_PCT,
    PERCENT,
    YEARS,
    AllyOption,
    AsOfOption,
    Format,
    FormatOption,
    OutputOption,
    ReleaseOption,
    YearOption,
    bounded,
    emit,
    err_console,
    num,
    say,
    tr,
    tr_sentence,
)

app = typer.Typer(
    help="Commitments as dated rules: compliance, gaps, paths to 2035, uncertainty.",
    no_args_is_help=True,
)

AssumptionOption = typer.Option(
    None,
    "--gdp",
    help="GDP assumption set: an IMF edition (imf-weo-2025-10 ... imf-weo-2019-04), trend, "
    "flat, or a CSV file. Default: the latest IMF edition published on or before --as-of.",
)
TargetOption = typer.Option(
    "core-2035", "--target", "-t", help="core-2035, total-2035 or floor-2pct."
)
TargetYearOption = typer.Option(
    None, "--target-year", metavar="YEAR", callback=bounded(*YEARS),
    help="The target's year (required for floor-2pct).",
)
PlanGrowthOption = typer.Option(
    None, "--plan-growth", metavar="PERCENT", callback=bounded(*GROWTH_PCT),
    help="A stated plan: nominal growth, % a year.",
)
PlanShareOption = typer.Option(
    None, "--plan-share", metavar="PERCENT", callback=bounded(0, 100),
    help="A stated plan: share of forecast GDP in the target year.",
)
#: Paths a simulation may draw (it runs in chunks; this bounds the time, not the memory).
MAX_PATHS = 10_000_000


@app.command("rules")
def rules_cmd(
    day: str | None = typer.Option(
        None, "--as-of", "--date", "-d", metavar="DATE",
        help="The day (YYYY-MM-DD); today by default.",
    ),
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The parameters (commitments, guidelines, targets) in force on a day."""
    from burdenshare import api

    frame = api.targets_rules(day or date.today().isoformat())
    if fmt is Format.table:
        frame = frame[["parameter", "version", "value", "unit", "kind", "status", "valid_from",
                       "valid_until"]]  # fmt: skip
    notes = []
    if frame.attrs.get("special_positions"):
        notes.append(say("Special positions (flags on the ally): {positions}",
                         positions=frame.attrs["special_positions"]))  # fmt: skip
    emit(frame, fmt, say("Rules in force on {day}", day=frame.attrs["day"]), output, notes=notes)


@app.command("status")
def status(
    year: int | None = YearOption,
    ally: list[str] | None = AllyOption,
    commitment: list[str] | None = typer.Option(
        None, "--commitment", "-c", metavar="NAME",
        help="Only these commitments (e.g. core-2pct); repeat for several.",
    ),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Per ally: the commitments in force in a year, met or not, and the gap in money."""
    from burdenshare import api

    if year is None:
        year = api.data_latest_year(as_of=as_of, release=release)
    frame = api.targets_compliance(year, ally=ally or None, as_of=as_of, release=release)
    if commitment:
        known = sorted(set(frame["commitment"]))
        unknown = [c for c in commitment if c not in known]
        if unknown:
            raise typer.BadParameter(
                _text.t(
                    "{unknown!r} is no commitment in force in {year}; accepted: {known}",
                    unknown=unknown[0], year=year, known=", ".join(known),
                ), param_hint="--commitment",
            )  # fmt: skip
        attrs = frame.attrs
        frame = frame[frame["commitment"].isin(commitment)].reset_index(drop=True)
        frame.attrs = attrs
    hague = bool(frame["commitment"].eq("related-1.5pct").any())
    if fmt is Format.table:
        # the status knows the calendar; the old met/not-met assessment stays in CSV/JSON
        frame = frame[["iso3", "commitment", "threshold_pct", "value", "status",
                       "deadline", "path_share_pct", "path_gap_usd_current_mn",
                       "gap_usd_current_mn", "gap_nc_current_mn", "subtests",
                       "flags"]]  # fmt: skip
    notes = [
        say("Shares of GDP: {series}.", series=tr(frame.attrs["series"])),
        say("Judged against the rules in force on 31 December {year}; shares compared at two "
        "decimals, as NATO prints them. Gaps in millions: USD, and national currency at the "
        "implied exchange rate; negative = above the threshold.", year=year),
        say("Status: {status}.", status=tr(frame.attrs["status"])),
    ]
    if hague:
        notes.append(
            say("Defence- and security-related spending (1.5% part): {what}.",
                what=tr(frame.attrs["related_spending"]))
        )
    emit(frame, fmt, say("Commitments in {year}", year=year), output, notes=notes)


@app.command("gdp")
def gdp(
    ally: list[str] | None = typer.Argument(None, help="Allies; all by default."),
    assumption: str | None = AssumptionOption,
    to_year: int = typer.Option(2035, "--to", metavar="YEAR", callback=bounded(*YEARS)),
    extension: str = typer.Option("hold-last", "--extend", help="hold-last, mean-last-3, none."),
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """NATO's GDP and its projection under a named assumption set."""
    from burdenshare import api

    frame = api.targets_gdp_projection(
        ally or None, assumption=assumption, to_year=to_year, extension=extension,
        as_of=as_of, release=release,
    )  # fmt: skip
    a = frame.attrs
    notes = [say("Join: {join}.", join=tr(a["join"])),
             say("Extension: {extension}.", extension=tr(a["extension"])),
             tr(a["gdp_nc_method"]) + "."]  # fmt: skip
    title = say("GDP ({assumption})", assumption=frame.attrs.get("gdp_assumption", assumption))
    emit(frame, fmt, title, output, notes=notes)


@app.command("path")
def path(
    ally: str = typer.Argument(..., help="ISO code or name of the ally, e.g. NLD."),
    target: str = TargetOption,
    method: str = typer.Option("linear", "--method", "-m", help="linear, constant-real, plan."),
    base_year: int | None = typer.Option(
        None, "--base-year", metavar="YEAR", callback=bounded(*YEARS),
        help="Latest outturn by default.",
    ),
    plan: str | None = typer.Option(None, "--plan", help="Plan CSV: year, spending_nc_mn."),
    plan_growth: float | None = PlanGrowthOption,
    target_pct: float | None = typer.Option(
        None, "--target-pct", metavar="PERCENT", callback=bounded(*PERCENT),
        help="Percent of GDP, instead of the target's own.",
    ),
    target_year: int | None = TargetYearOption,
    assumption: str | None = AssumptionOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The yearly spending that reaches a target, and actual spending against it."""
    from burdenshare import api

    frame = api.targets_path(
        ally, target=target, method=method, base_year=base_year, assumption=assumption,
        plan=plan, plan_growth_pct=plan_growth, target_pct=target_pct,
        target_year=target_year, as_of=as_of, release=release,
    )  # fmt: skip
    a = frame.attrs
    currency = str(frame["currency_nc"].iloc[0])
    if fmt is Format.table:
        frame = frame[["year", "path_share_pct", "path_spending_nc_mn", "path_spending_real_nc_mn",
                       "gdp_nc_bn", "gdp_origin", "actual_share_pct", "check"]]  # fmt: skip
    notes = [
        say("Required constant growth to reach {target}% in {year}: {nominal}% a year "
            "nominal, {real}% real (from {base}).", target=num(a["target_pct"], 1),
            year=a["target_year"], nominal=num(a["required_nominal_growth_pct"]),
            real=num(a["required_real_growth_pct"]), base=a["base_year"]),
        say("Money in millions of {currency} (national currency); real at {base} prices.",
            currency=currency, base=a["base_year"]) + " " + tr_sentence(a["money_basis"]),
        say("GDP: {join}; extension: {extension}.", join=tr(a["join"]),
            extension=tr(a["extension"])),
        say("Path {official}.", official=tr(a["official"])),
    ]
    if a.get("note"):
        notes.append(tr_sentence(a["note"]))
    what = tr(a["what"])
    emit(frame, fmt, what[:1].upper() + what[1:], output, notes=notes)


@app.command("scenario")
def scenario(
    file: Path = typer.Argument(..., help="Scenario YAML (name, overrides)."),
    ally: list[str] | None = AllyOption,
    target: str = TargetOption,
    target_year: int | None = TargetYearOption,
    assumption: str | None = AssumptionOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """A scenario's dated overrides against the baseline, side by side."""
    from burdenshare import api

    frame = api.targets_scenario(
        str(file), target=target, assumption=assumption, ally=ally or None, as_of=as_of,
        release=release, target_year=target_year,
    )  # fmt: skip
    if fmt is Format.table:
        wide = frame.pivot_table(index=["iso3", "year"], columns="scenario",
                                 values="share_gdp_pct").reset_index()  # fmt: skip
        wide.columns.name = None
        wide.attrs = frame.attrs
        frame = wide
    a = frame.attrs
    notes = [
        say("Baseline plan: {plan}.", plan=tr(a["baseline_plan"])),
        say("GDP: {join}; extension: {extension}.", join=tr(a["join"]),
            extension=tr(a["extension"])),
    ]
    title = say("Scenario {scenario}: share of GDP", scenario=a["scenario"])
    emit(frame, fmt, title, output, notes=notes)


@app.command("simulate")
def simulate(
    ally: list[str] | None = typer.Argument(None, help="Allies (jointly); all by default."),
    paths: int = typer.Option(
        100_000, "--paths", "-n", metavar="N", callback=bounded(None, MAX_PATHS),
        help=f"Simulated paths (1 to {MAX_PATHS:,}).",
    ),
    seed: int | None = typer.Option(
        None, "--seed", metavar="N", callback=bounded(0, 2**32 - 1), help="Random seed (0 or more)."
    ),
    target: str = TargetOption,
    target_year: int | None = TargetYearOption,
    plan: str = typer.Option(
        "linear", "--plan", help="linear, constant-real, share, hold-share, growth."
    ),
    plan_growth: float | None = PlanGrowthOption,
    plan_share: float | None = PlanShareOption,
    execution_sd: float | None = typer.Option(
        None, "--execution-sd", metavar="SD", callback=bounded(0, 1),
        help="S.d. of the log execution factor (0 to 1); default: NATO's revision error.",
    ),
    execution_mean: float = typer.Option(
        1.0, "--execution-mean", metavar="SHARE", callback=bounded(0, 2),
        help="Mean budget execution (1 = as planned).",
    ),
    chunk_size: int = typer.Option(
        16_384,
        "--chunk-size",
        metavar="N",
        callback=bounded(None, 10_000_000),
        help="Paths per chunk (bounds memory). The draws depend on it: a run is reproduced "
        "by the same --seed and --chunk-size.",
    ),
    assumption: str | None = AssumptionOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Monte Carlo: probability of meeting the target per ally-year, and fan-chart quantiles."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from burdenshare import api

    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err_console, transient=True,
        disable=not err_console.is_terminal,  # no bar (nor its blank line) in a pipe or log
    ) as bar:  # fmt: skip
        task = bar.add_task("simulating paths", total=paths)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        frame = api.targets_simulate(
            ally or None, paths=paths, seed=seed, target=target, plan=plan,
            plan_growth_pct=plan_growth, plan_share_pct=plan_share, assumption=assumption,
            execution_mean=execution_mean, execution_sd=execution_sd, chunk_size=chunk_size,
            progress=progress, as_of=as_of, release=release, target_year=target_year,
        )  # fmt: skip
    a = dict(frame.attrs)
    group = frame[frame["iso3"] == "GROUP"]
    if fmt is Format.table:
        frame = frame[frame["iso3"] != "GROUP"][
            ["iso3", "year", "deterministic_share_pct", "q05", "q25", "q50", "q75", "q95",
             "p_target", "p_floor_2pct", "p_on_linear_path"]
        ]  # fmt: skip
        if not group.empty:
            group = group[["year", "deterministic_share_pct", "q05", "q50", "q95", "p_target",
                           "p_all_target", "n_target", "p_all_floor_2pct"]]  # fmt: skip
            group = group.copy()
            group.attrs.clear()
            emit(group, fmt, say("The allies together (correlated GDP shocks)"))
    notes = [
        say("{paths} paths, seed {seed}, chunk size {chunk} (the same seed and chunk size "
            "reproduce a run); plan: {plan}; target {target}% by {year}. Shares of GDP in "
            "percent.", paths=num(a["paths"], 0), seed=a["seed"],
            chunk=num(a["chunk_size"], 0), plan=a["plan"], target=num(a["target_pct"], 1),
            year=a["target_year"]),
        say("GDP: {join}; extension: {extension}.", join=tr(a["join"]),
            extension=tr(a["extension"])),
        say("Shocks: {covariance}; {shocks}. Execution: {execution}.",
            covariance=tr(a["covariance"]), shocks=tr(a["shocks"]),
            execution=tr(a["execution"])),
    ]
    emit(frame, fmt, say("Simulation from {year}", year=a["start_year"]), output, notes=notes)


@app.command("required-share")
def required_share(
    ally: list[str] | None = typer.Argument(None, help="Allies; all by default."),
    probability: float = typer.Option(0.9, "--probability", "-p", help="Chance to reach it."),
    target: str = TargetOption,
    target_year: int | None = TargetYearOption,
    plan_growth: float | None = PlanGrowthOption,
    plan_share: float | None = PlanShareOption,
    plan_file: Path | None = typer.Option(None, "--plan-file", help="A stated plan (CSV)."),
    assumption: str | None = AssumptionOption,
    as_of: str | None = AsOfOption,
    release: str | None = ReleaseOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The share of forecast GDP to plan for to reach the target with a chosen probability."""
    from burdenshare import api

    frame = api.targets_required_share(
        ally or None, probability=probability, target=target, target_year=target_year,
        plan_growth_pct=plan_growth, plan_share_pct=plan_share,
        plan=None if plan_file is None else str(plan_file), assumption=assumption,
        as_of=as_of, release=release,
    )  # fmt: skip
    a = dict(frame.attrs)
    notes = [
        say("Model: {model}.", model=tr(a["model"])),
        say("GDP: {errors}, AR(1) ρ = {rho}; horizon from the {edition} edition ({since}); "
            "{deflator}.", errors=tr(a["gdp_errors"]), rho=num(a["rho"], 4),
            edition=a["gdp_assumption"], since=tr(a["horizon_from"]),
            deflator=tr(a["deflator"])),
        say("NATO estimates against later releases: σ = {sigma}% ({n} ally-years; mean "
            "absolute revision {mean} points).", sigma=num(a["sigma_revision_pct"], 3),
            n=num(a["revision_pairs"], 0), mean=num(a["revision_mean_abs_pp"], 3)),
    ]
    decimals = max(1, len(f"{probability:g}".partition(".")[2]))
    title = say("Share to plan for (probability {p})", p=num(probability, decimals))
    emit(frame, fmt, title, output, notes=notes)

