"""``burdenshare funding``: cost-share keys, budgets, contributions, comparisons, what-ifs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

import burdenshare.text as _text
from burdenshare.cli._output import (
    EUR_MN,
    PERCENT,
    YEARS,
    AllyOption,
    AsOfOption,
    Format,
    FormatOption,
    OutputOption,
    bounded,
    check_date,
    check_number,
    emit,
    num,
    say,
    tr,
)

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Common funding: cost-share keys, contributions per budget and ministry, changes.",
    no_args_is_help=True,
)

LangOption = typer.Option(
    None, "--lang", help="Labels in en or nl (default: the global --lang, else en)."
)


def _lang(lang: str | None) -> str:
    """The command's ``--lang`` if given (it then also sets the table's headers and number
    format, as the global ``--lang`` does), else the global one."""
    from burdenshare.cli._output import settings
    from burdenshare.i18n import check_language

    if lang is not None:
        settings["lang"] = check_language(lang)
    return str(settings["lang"])


ByOption = typer.Option("line", "--by", metavar="WHAT", help="line, ministry or ally.")
MinistriesOption = typer.Option(
    None, "--ministries", metavar="FILE", help="YAML file with per-ally line → ministry overrides."
)
CivilOption = typer.Option(
    None, "--civil", metavar="EUR_MN", callback=bounded(*EUR_MN),
    help="Civil budget, EUR mn (a base you give).",
)
MilitaryOption = typer.Option(
    None, "--military", metavar="EUR_MN", callback=bounded(*EUR_MN), help="Military budget, EUR mn."
)
NsipOption = typer.Option(
    None, "--nsip", metavar="EUR_MN", callback=bounded(*EUR_MN), help="NSIP (ceiling), EUR mn."
)
BudgetsOption = typer.Option(
    None, "--budgets", metavar="YEAR", callback=bounded(*YEARS),
    help="Year whose published budgets are the base.",
)


def _notes(frame: pd.DataFrame) -> list[str]:
    """The frame's notes for the footer, each in the user's language where the catalog has
    it (the facade keeps them as sentences of :func:`burdenshare.text.t`)."""
    from burdenshare.cli._output import settings
    from burdenshare.i18n import localize

    texts = frame.attrs.get("note_texts")
    if texts is not None:
        return [localize(n, str(settings["lang"])) for n in texts if n]
    text = tr(frame.attrs.get("notes", ""))  # the API's notes joined by " | "
    return [n for n in text.split(" | ") if n]


def _localized(text: Any) -> str:
    """A name or sentence from the facade in the user's language, where the catalog has it."""
    from burdenshare.cli._output import settings
    from burdenshare.i18n import localize

    return localize(text, str(settings["lang"]))


def _accessions_option(default: str) -> Any:
    return typer.Option(
        default, "--accessions", metavar="HOW",
        help="Allies that joined during a key's period: as_published (no share) or rescaled "
        "(their share by the key rule, the others scaled; our estimate). Default: "
        f"{default}.",
    )


#: The range of the number in each ``ISO=NUMBER`` option.
_PAIR_RANGE = {"--set": PERCENT, "--cap": PERCENT, "--join-share": PERCENT,
               "--income": (0.0, 1e6), "--join": (0.0, 1e6)}  # fmt: skip


def _pairs(values: list[str] | None, option: str) -> list[tuple[str, float | None]]:
    """Parse ``ISO=VALUE`` (or bare ``ISO`` where allowed) options; numbers must be finite
    and in the option's range (percentages 0 to 100, incomes in USD bn 0 to 1,000,000)."""
    out: list[tuple[str, float | None]] = []
    for v in values or []:
        code, sep, num = v.partition("=")
        if not sep:
            out.append((code.strip(), None))
            continue
        try:
            value = float(num)
        except ValueError:
            raise typer.BadParameter(_text.t(
                "{value!r}: expected ISO=NUMBER",
                value=v,
            ), param_hint=option) from None
        try:
            check_number(value, *_PAIR_RANGE.get(option, (None, None)))
        except typer.BadParameter as exc:
            raise typer.BadParameter(_text.t(
                "{value!r}: {message}",
                value=v, message=exc.message,
            ), param_hint=option) from None
        out.append((code.strip(), value))
    return out


def _need_values(pairs: list[tuple[str, float | None]], option: str) -> list[tuple[str, float]]:
    out = []
    for code, value in pairs:
        if value is None:
            raise typer.BadParameter(_text.t(
                "{code!r}: expected ISO=NUMBER",
                code=code,
            ), param_hint=option)
        out.append((code, value))
    return out


@app.command("keys")
def keys(fmt: Format = FormatOption, output: Path | None = OutputOption) -> None:
    """The keys on file: periods, missing allies, sums, precision."""
    from burdenshare.api import funding as api

    frame = api.funding_keys()
    table = _slim(frame, fmt)
    if fmt is Format.table:  # "missing" alone reads as "missing inputs" in the shared labels
        table = table.rename(columns={"missing": "missing_allies", "joined": "joined_allies"})
    emit(table, fmt, say("Cost-share keys on file"), output, notes=_notes(frame))


@app.command("key")
def key(
    period: str | None = typer.Option(
        None, "--period", "-p", metavar="PERIOD", help="Period or rule name; 2021-2024 by default."
    ),
    as_of: str | None = AsOfOption,
    accessions: str = _accessions_option("as_published"),
    estimate_missing: bool = typer.Option(
        False, "--estimate-missing", help="Fill missing allies by GDP, flagged estimated."
    ),
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """One key, ally by ally, with the precision of each share and the gaps.

    With --as-of: the key in force that day.
    """
    from burdenshare.api import funding as api

    if period is not None and as_of is not None:
        raise typer.BadParameter(
            _text.t("give --period or --as-of, not both"), param_hint="--as-of"
        )
    frame = api.funding_key(period or "2021-2024", as_of=as_of, accessions=accessions,
                            estimate_missing=estimate_missing, lang=_lang(lang))  # fmt: skip
    emit(
        _slim(frame, fmt),
        fmt,
        say("Cost-share key {key}", key=_localized(frame.attrs["key"])),
        output,
        notes=_notes(frame),
    )


@app.command("rules")
def rules(
    on: str | None = typer.Option(
        None, "--as-of", "--on", metavar="DATE", callback=check_date,
        help="Only the rules in force on this date.",
    ),
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The key rules shipped as dated data (valid from/until, constraints, status)."""
    from burdenshare.api import funding as api

    frame = api.funding_rules(on=on)
    if fmt is Format.table:
        frame = frame.drop(columns=["description"])
    emit(frame, fmt, say("Cost-share key rules"), output, notes=_notes(frame))


@app.command("budgets")
def budgets(
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", callback=check_date,
        help="Only the budgets in force on this date (its year).",
    ),
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The common budgets per year (EUR mn): authorised amounts and NSIP ceilings."""
    from burdenshare.api import funding as api

    frame = api.funding_budgets(as_of=as_of, lang=_lang(lang))
    notes = [*_notes(frame), say("No published figure: {gaps}.", gaps=frame.attrs["gaps"])]
    emit(_slim(frame, fmt), fmt, say("NATO common budgets (EUR million)"), output, notes=notes)


@app.command("contributions")
def contributions(
    year: int | None = typer.Option(
        None, "--year", "-y", metavar="YEAR", callback=bounded(*YEARS),
        help="Budget year (or --as-of).",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", callback=check_date,
        help="The budget year and key in force on this date.",
    ),
    ally: list[str] | None = AllyOption,
    by: str = ByOption,
    key: str | None = typer.Option(None, "--key", help="Key to use instead of the one in force."),
    accessions: str = _accessions_option("rescaled"),
    ministries: Path | None = MinistriesOption,
    estimate_missing: bool = typer.Option(False, "--estimate-missing"),
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Each ally's contribution in a year, per budget line, ministry or in total."""
    from datetime import date

    from burdenshare.api import funding as api

    if (year is None) == (as_of is None):
        raise typer.BadParameter(
            _text.t("give --year or --as-of (one of them)"), param_hint="--year"
        )
    budget_year = year if year is not None else date.fromisoformat(str(as_of)).year
    frame = api.funding_contributions(
        budget_year,
        ally=ally or None,
        by=by,
        key=key,
        accessions=accessions,
        estimate_missing=estimate_missing,
        ministries=ministries,
        lang=_lang(lang),
    )
    title = say("Contributions {year}, key {key} (EUR million)", year=budget_year,
                key=_localized(frame.attrs["key"]))  # fmt: skip
    emit(_slim(frame, fmt), fmt, title, output, notes=_notes(frame))


_TABLE_DROP = (
    "period",
    "period_from",
    "period_to",
    "budget_kind",
    "line",
    "ministry",
    "status_from",
    "half_unit",
    "source_ids",
)


def _slim(frame: pd.DataFrame, fmt: Format, pct_decimals: int = 2) -> pd.DataFrame:
    """For people: fewer columns, money to 0.1 EUR mn, shares to ``pct_decimals``.

    Formatting only (the numbers are the API's); csv/json/xlsx get every column unrounded.
    """
    if fmt is not Format.table:
        return frame
    drop = [c for c in _TABLE_DROP if c in frame.columns]
    if "line_label" not in frame.columns:
        drop = [c for c in drop if c != "line"]
    if "ministry_label" not in frame.columns:
        drop = [c for c in drop if c != "ministry"]
    # a status column that says "published" on every row tells nothing the title does not;
    # it stays whenever a share is estimated, derived, missing or joined
    for c in ("share_status",):
        if c in frame.columns and (frame[c] == "published").all():
            drop.append(c)
    out = frame.drop(columns=drop)
    if "year" in out.columns and out["year"].isna().all():
        out = out.drop(columns=["year"])
    from burdenshare.cli._output import settings
    from burdenshare.i18n import number

    lang = settings["lang"]
    for c in out.columns:
        if out[c].dtype.kind != "f":
            continue
        digits = 1 if c.endswith("_eur_mn") else pct_decimals
        out[c] = [("–" if v != v else number(v, lang, digits)) for v in out[c]]
    return out


@app.command("compare")
def compare(
    key_from: str = typer.Option(..., "--from", help="Period or rule name, e.g. 2020."),
    key_to: str = typer.Option(..., "--to", help="Period or rule name, e.g. 2021-2024."),
    budgets: int | None = BudgetsOption,
    civil: float | None = CivilOption,
    military: float | None = MilitaryOption,
    nsip: float | None = NsipOption,
    ally: list[str] | None = AllyOption,
    by: str = ByOption,
    accessions: str = _accessions_option("as_published"),
    ministries: Path | None = MinistriesOption,
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """The change per ally when one key replaces another, on a budget base."""
    from burdenshare.api import funding as api

    frame = api.funding_compare(
        key_from,
        key_to,
        budgets=budgets,
        civil=civil,
        military=military,
        nsip=nsip,
        ally=ally or None,
        by=by,
        accessions=accessions,
        ministries=ministries,
        lang=_lang(lang),
    )
    title = say("Key {key_from} → {key_to}, {base} (EUR mn)", key_from=frame.attrs["from"],
                key_to=frame.attrs["to"], base=tr(frame.attrs["base"]))  # fmt: skip

    table = _slim(frame, fmt)
    if fmt is Format.table:
        narrow = ["ally", "status_to", "year", "from_eur_mn", "to_eur_mn"]
        table = table.drop(columns=[c for c in narrow if c in table.columns])
    emit(table, fmt, title, output, notes=_notes(frame))


def _constraints(
    set_: list[str] | None,
    cap: list[str] | None,
    freeze: list[str] | None,
    next_largest: list[str] | None,
) -> list[dict[str, Any]]:
    """The constraint options as mappings for the API (which checks and resolves them)."""
    out: list[dict[str, Any]] = [
        {"kind": "set", "ally": c, "share_pct": v}
        for c, v in _need_values(_pairs(set_, "--set"), "--set")
    ]
    out += [
        {"kind": "cap", "ally": c, "share_pct": v}
        for c, v in _need_values(_pairs(cap, "--cap"), "--cap")
    ]
    out += [{"kind": "freeze", "ally": c} for c in freeze or []]
    out += [{"kind": "cap_next_largest", "ally": c} for c in next_largest or []]
    return out


SetOption = typer.Option(None, "--set", help="ISO=PERCENT: fix a share; repeatable.")
CapOption = typer.Option(None, "--cap", help="ISO=PERCENT: cap a share; repeatable.")
FreezeOption = typer.Option(None, "--freeze", help="ISO: keep the base share; repeatable.")
NextOption = typer.Option(
    None, "--cap-next-largest", help="ISO: no more than the next-largest contributor."
)


@app.command("derive")
def derive(
    rule: str = typer.Option("nov2019", "--rule", help="Shipped rule, or 'none'."),
    year: int | None = typer.Option(
        None, "--year", metavar="YEAR", callback=bounded(*YEARS),
        help="Income year (income-based rules).",
    ),
    measure: str = typer.Option("gdp", "--measure", help="Income measure: gdp (GNI proxy)."),
    income: list[str] | None = typer.Option(None, "--income", help="ISO=USD_BN for gaps."),
    set_: list[str] | None = SetOption,
    cap: list[str] | None = CapOption,
    freeze: list[str] | None = FreezeOption,
    next_largest: list[str] | None = NextOption,
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Derive a key from a rule: a previous key or national income, then caps."""
    from burdenshare.api import funding as api

    cons = _constraints(set_, cap, freeze, next_largest)
    overrides = dict(_need_values(_pairs(income, "--income"), "--income"))
    frame = api.funding_derive(
        None if rule == "none" else rule,
        year=year,
        measure=measure,
        constraints=cons,
        income_overrides=overrides,
        lang=_lang(lang),
    )
    notes = [
        *_notes(frame),
        say("Pro-rata factor of the unconstrained allies: {factor}; unallocated (missing "
            "allies) {unallocated} %.", factor=num(frame.attrs["factor"], 6),
            unallocated=num(frame.attrs["unallocated_pct"], 4)),
    ]
    title = say("Derived key {period}", period=frame.attrs["period"])
    emit(_slim(frame, fmt, 4), fmt, title, output, notes=notes)


@app.command("reproduce")
def reproduce(
    rule: str = typer.Option("nov2019", "--rule"),
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Check a rule against the published key it should give, within rounding."""
    from burdenshare.api import funding as api

    frame = api.funding_reproduction(rule)
    a = frame.attrs
    edge, outside = str(a["edge"]).split(), str(a["outside"]).split()
    notes = [
        say("{inside} of {n} derived shares strictly inside the rounding tolerance, {edge} "
            "exactly at its edge{edge_list}, {outside} outside{outside_list}; pro-rata factor "
            "{factor}.", inside=a["n_inside"], n=a["n_allies"], edge=a["n_edge"],
            edge_list=f" ({', '.join(edge)})" if edge else "", outside=a["n_outside"],
            outside_list=f" ({', '.join(outside)})" if outside else "",
            factor=num(a["factor"], 6)),
    ]
    if edge:
        notes.append(say(
            "At the edge: consistent only if the unrounded share is a rounding tie (a 5 in "
            "the next decimal) that the two figures rounded in opposite directions."
        ))  # fmt: skip
    emit(
        _slim(frame, fmt, 4),
        fmt,
        say("Rule {rule} against the published key {period}", rule=rule,
            period=frame.attrs["period"]),
        output,
        notes=notes,
    )


@app.command("whatif")
def whatif(
    period: str = typer.Option("2021-2024", "--period", "-p", help="Baseline key."),
    join: list[str] | None = typer.Option(
        None, "--join", help="ISO or ISO=INCOME_USD_BN: a new member (GDP from the catalog)."
    ),
    join_share: list[str] | None = typer.Option(
        None, "--join-share", help="ISO=PERCENT: a new member with a given share."
    ),
    set_: list[str] | None = SetOption,
    cap: list[str] | None = CapOption,
    freeze: list[str] | None = FreezeOption,
    next_largest: list[str] | None = NextOption,
    budgets: int | None = BudgetsOption,
    civil: float | None = CivilOption,
    military: float | None = MilitaryOption,
    nsip: float | None = NsipOption,
    ally: list[str] | None = AllyOption,
    by: str = typer.Option("ally", "--by", help="line, ministry or ally."),
    name: str | None = typer.Option(
        None, "--name", help="Scenario name (default: the file's name, else 'scenario')."
    ),
    scenario: Path | None = typer.Option(
        None, "--scenario", help="YAML file: name and a list of changes (kind, ally, ...)."
    ),
    income: list[str] | None = typer.Option(
        None, "--income", help="ISO=USD_BN: GDP for allies the catalog lacks (for --join)."
    ),
    lang: str | None = LangOption,
    fmt: Format = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """A scenario key next to the baseline: shares and contributions side by side."""
    from burdenshare.api import funding as api

    changes: list[dict[str, Any]] = [
        {"kind": "join", "ally": c, "income": v} for c, v in _pairs(join, "--join")
    ]
    changes += [
        {"kind": "join", "ally": c, "share_pct": v}
        for c, v in _need_values(_pairs(join_share, "--join-share"), "--join-share")
    ]
    changes += _constraints(set_, cap, freeze, next_largest)
    if not changes and scenario is None:
        raise typer.BadParameter(
            _text.t("give at least one change (--set, --cap, --join, --scenario)")
        )
    overrides = dict(_need_values(_pairs(income, "--income"), "--income"))
    frame = api.funding_whatif(
        period,
        changes,
        scenario=scenario,
        budgets=budgets,
        civil=civil,
        military=military,
        nsip=nsip,
        ally=ally or None,
        by=by,
        name=name,
        lang=_lang(lang),
        income_overrides=overrides,
    )
    a = frame.attrs
    title = say("Scenario {scenario} against key {baseline} (EUR million)",
                scenario=repr(a["scenario"]), baseline=a["baseline"])  # fmt: skip
    emit(_slim(frame, fmt, 4), fmt, title, output, notes=_notes(frame))
