"""Common-funding queries: keys, budgets, contributions, comparisons, formulas, what-ifs.

Each function loads the verified shipped data (:mod:`burdenshare.funding.loader`), calls the
pure domain functions of :mod:`burdenshare.funding` and returns a DataFrame whose ``attrs``
carry the provenance (``source``, ``what``, ``partial``, and per function the periods, the
budget base and the notes a reader needs). No arithmetic here.

A key can be named by its period (``"2021-2024"``, ``"2020"``) or by a key rule
(``"nov2019"``: the rule applied to its base period's published key).

>>> k = funding_key("2021-2024")
>>> nld = k.set_index("iso3").loc["NLD"]
>>> float(nld["share_pct"]), int(nld["decimals"]), nld["status"]
(3.45, 2, 'published')
>>> c = funding_contributions(2024, ally="NLD", by="ministry")
>>> c[["ministry", "lines"]].values.tolist()
[['defence', 'military+nsip'], ['foreign_affairs', 'civil']]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from burdenshare import allies as _allies
from burdenshare.catalog import CoverageError, panel, select_release
from burdenshare.errors import InputError
from burdenshare.funding import budgets as _bud
from burdenshare.funding import contributions as _con
from burdenshare.funding import keyrules as _fx
from burdenshare.funding import keys as _keys
from burdenshare.funding import reproduce as _repro
from burdenshare.funding import scenario as _sc
from burdenshare.funding import solver as _solver
from burdenshare.funding.errors import FundingError, UnknownPeriodError
from burdenshare.funding.loader import FundingData, default_data, load_ministries_file
from burdenshare.funding.ministries import MinistryMap
from burdenshare.rules.scenario import Override as _Override
from burdenshare.rules.scenario import Scenario as _Scenario

BY = ("line", "ministry", "ally")
MEASURES = {
    "gdp": (
        "gdp_usd_current_bn",
        "GDP at current USD (proxy for GNI: GNI is not shipped)",
    ),
}


def _data() -> FundingData:
    return default_data()


def _name(iso3: str, lang: str) -> str:
    return _allies.name(iso3, lang) if iso3 in _allies.registry() else iso3


def _with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if "iso3" in frame.columns:
        pos = list(frame.columns).index("iso3") + 1
        frame.insert(pos, "ally", [_name(i, lang) for i in frame["iso3"]])
    return frame


def _provenance(
    frame: pd.DataFrame,
    what: str,
    source_ids: Sequence[str] = (),
    notes: Sequence[str] = (),
    partial: bool = True,
) -> pd.DataFrame:
    d = _data()
    ids = list(dict.fromkeys(i for s in source_ids for i in str(s).split(";") if i))
    frame.attrs.update(
        {
            "what": what,
            "source": "; ".join(d.source_label(i) for i in ids)
            or "burdenshare funding data (see funding/data/SOURCES.md)",
            "source_ids": ", ".join(ids),
            "partial": partial,
            "notes": " | ".join(notes),
            "licence": d.licence_note,
        }
    )
    return frame


def _ministries(
    ministries: MinistryMap | Mapping[str, Mapping[str, str]] | Path | str | None,
) -> MinistryMap:
    base = _data().ministries
    if ministries is None:
        return base
    if isinstance(ministries, MinistryMap):
        return ministries
    if isinstance(ministries, str | Path):
        return load_ministries_file(Path(ministries))
    return base.with_overrides({_allies.resolve(k): v for k, v in ministries.items()})


def _resolve_allies(ally: str | Sequence[str] | None) -> list[str] | None:
    if ally is None:
        return None
    items = [ally] if isinstance(ally, str) else list(ally)
    return [_allies.resolve(a) for a in items]


def _check_by(by: str) -> str:
    if by not in BY:
        raise InputError("grouping", by, BY)
    return by


def _periods_and_rules() -> list[str]:
    d = _data()
    return [k.period for k in d.keys] + [r.name for r in d.rules if r.base == "previous_key"]


def resolve_key(spec: str | int, estimate_missing: bool = False) -> _keys.Key:
    """A shipped key by period, or a derived one by rule name (``nov2019``).

    Raises:
        UnknownPeriodError: naming the accepted periods and rule names.

    >>> resolve_key("nov2019").get("USA").share_pct
    16.35
    """
    d = _data()
    text = str(spec).strip()
    rules = {r.name: r for r in d.rules}
    if text in rules and rules[text].base == "previous_key":
        key = derive_from_rule(text).key
    else:
        try:
            key = d.key(text)
        except UnknownPeriodError:
            accepted = ", ".join(_periods_and_rules()) + _keys.period_hint(d.keys, spec)
            raise UnknownPeriodError("key", spec, accepted) from None
    if estimate_missing:
        key = _estimate(key)
    return key


def income(
    year: int,
    measure: str = "gdp",
    release: str | None = None,
    overrides: Mapping[str, float] | None = None,
    allies: Sequence[str] | None = None,
) -> dict[str, float]:
    """National income per ally for ``year`` from the catalog (GDP as a proxy for GNI).

    Args:
        overrides: values for allies the release lacks (e.g. Iceland), in the same unit.
        allies: which allies (default: NATO members at the end of ``year``).

    Raises:
        CoverageError: an ally without a value, naming how to supply it.
    """
    if measure not in MEASURES:
        raise InputError("income measure", measure, list(MEASURES))
    column = MEASURES[measure][0]
    rel = select_release(release=release)
    p = panel(release=rel.id)
    sub = p[p["year"] == year].set_index("iso3")[column]
    members = list(allies) if allies is not None else _allies.members("nato", year)
    given = {_allies.resolve(k): float(v) for k, v in (overrides or {}).items()}
    out: dict[str, float] = {}
    lacking = []
    for iso3 in members:
        if iso3 in given:
            out[iso3] = given[iso3]
        elif iso3 in sub.index and pd.notna(sub.loc[iso3]):
            out[iso3] = float(sub.loc[iso3])
        else:
            lacking.append(iso3)
    if lacking:
        raise CoverageError(
            f"no {column} for {', '.join(lacking)} in release {rel.id}, year {year}; give it "
            f"as income={{'{lacking[0]}': value}} (CLI: --income {lacking[0]}=VALUE, "
            "USD bn)"
        )
    return out


def _estimate(key: _keys.Key) -> _keys.Key:
    if not key.missing:
        return key
    weights = income(key.start, allies=list(key.missing))
    label = f"estimated: remainder shared by {MEASURES['gdp'][1]}, {key.start}"
    return _keys.estimate_missing(key, weights, label)


# ------------------------------------------------------------------------------------------


def funding_keys() -> pd.DataFrame:
    """The shipped keys, one row per period, with their gaps and precision.

    Columns: ``period, start, end, n_listed, n_missing, missing, joined, total_pct,
    unallocated_pct, rounding_pct, decimals``.

    >>> t = funding_keys().set_index("period")
    >>> [float(v) for v in t.loc["2021-2024", ["n_listed", "n_missing", "total_pct"]]]
    [20.0, 10.0, 79.68]
    """
    rows = []
    ids: list[str] = []
    for k in _data().keys:
        decs = sorted({s.decimals for s in k.shares if s.decimals is not None})
        ids += [s.source for s in k.shares]
        rows.append(
            {
                "period": k.period,
                "start": k.start,
                "end": k.end,
                "n_listed": len(k.shares),
                "n_missing": len(k.missing),
                "missing": ", ".join(k.missing),
                "joined": ", ".join(k.joined),
                "total_pct": round(k.total, 6),
                "unallocated_pct": round(k.unallocated, 6),
                "rounding_pct": k.tolerance,
                "decimals": "/".join(str(x) for x in decs),
            }
        )
    out = pd.DataFrame(rows)
    return _provenance(
        out,
        "cost-share keys on file",
        ids,
        [
            "No key is on file for 2025 onward.",
            "Missing allies' shares are not published here; their total is 'unallocated'.",
        ],
    )


def funding_key(
    period: str | int = "2021-2024", lang: str = "en", estimate_missing: bool = False
) -> pd.DataFrame:
    """One key, ally by ally: share, decimals published, status, source.

    Missing allies are rows with NaN shares (status ``missing``, or ``joined`` for allies
    that acceded during the period). With ``estimate_missing`` the unallocated remainder is
    shared over the missing allies by GDP (proxy for GNI), flagged ``estimated``.
    """
    key = resolve_key(period, estimate_missing)
    out = _with_names(key.frame(), lang)
    attrs = dict(out.attrs)
    _provenance(
        out,
        f"cost-share key {key.name}",
        [s.source for s in key.shares],
        [
            f"Listed shares sum to {key.total:.2f} %; unallocated {key.unallocated:.2f} % "
            f"({len(key.missing)} missing allies).",
        ],
        partial=not key.complete,
    )
    out.attrs.update(attrs)
    out.attrs["key"] = key.name
    return out


def funding_rules(on: str | None = None) -> pd.DataFrame:
    """The shipped key rules with their validity, status and constraints.

    Args:
        on: an ISO date; only the rules in force that day.

    >>> r = funding_rules(on="2022-06-30")
    >>> r["rule"].tolist()
    ['nov2019', 'gni_next_largest']
    >>> funding_rules(on="2020-06-30").empty
    True
    """
    from burdenshare.catalog import parse_date

    rules = _data().rules
    if on is not None:
        day = parse_date(on)
        rules = tuple(r for r in rules if r.in_force(day))
    rows = [
        {
            "rule": r.name,
            "base": r.base if r.base_period is None else f"key {r.base_period}",
            "period": r.period or "",
            "valid_from": r.valid_from.isoformat(),
            "valid_until": "" if r.valid_until is None else r.valid_until.isoformat(),
            "constraints": "; ".join(f"{c.ally} {c.describe()}" for c in r.constraints),
            "status": r.status,
            "confidence": r.confidence,
            "description": r.description,
        }
        for r in rules
    ]
    cols = [
        "rule",
        "base",
        "period",
        "valid_from",
        "valid_until",
        "constraints",
        "status",
        "confidence",
        "description",
    ]
    out = pd.DataFrame(rows, columns=cols)
    ids = [sid for r in rules for sid in r.source]
    return _provenance(out, "key rules", ids, partial=False)


def funding_budgets(lang: str = "en") -> pd.DataFrame:
    """The common budgets per year and line (EUR million), labelled authorised or ceiling.

    ``attrs["gaps"]`` lists the years and lines with no published figure.

    >>> b = funding_budgets()
    >>> b[(b.year == 2024) & (b.line == "nsip")][["amount_eur_mn", "kind"]].values.tolist()
    [[1300.0, 'ceiling']]
    """
    d = _data()
    out = _con.add_labels(d.budgets, d.ministries, lang)
    years = range(int(out["year"].min()), int(out["year"].max()) + 1)
    gaps = _bud.budget_gaps(d.budgets, years)
    _provenance(
        out,
        "NATO common budgets",
        list(out["source"]),
        [
            "The NSIP figure is a ceiling, not an amount called from allies.",
        ],
        partial=False,
    )
    out.attrs["gaps"] = ", ".join(f"{y} {ln}" for y, ln in gaps.itertuples(index=False))
    return out


def _budget_base(
    budgets: int | None, civil: float | None, military: float | None, nsip: float | None
) -> tuple[pd.DataFrame, str]:
    if any(v is not None for v in (civil, military, nsip)):
        if budgets is not None:
            raise FundingError(
                "give either a budget year (--budgets YEAR) or amounts "
                "(--civil/--military/--nsip), not both"
            )
        return _bud.budget_base(civil, military, nsip), "amounts given"
    if budgets is None:
        raise FundingError(
            "give a budget base: a year of published budgets (--budgets 2019; in Python "
            "budgets=2019) or amounts in EUR mn (--civil/--military/--nsip)"
        )
    return _bud.budgets_for_year(_data().budgets, int(budgets)), f"budgets {budgets}"


def _base_notes(base: pd.DataFrame) -> list[str]:
    notes = []
    years = sorted({int(y) for y in base["year"].dropna()})
    missing = sorted(set(_bud.LINES) - set(base["line"]))
    if missing:
        when = f" for {years[0]}" if years else ""
        notes.append(f"No {', '.join(missing)} amount{when}: not included.")
    if (base["kind"] == "ceiling").any():
        notes.append("NSIP amounts are ceilings: contributions to it are upper bounds.")
    return notes


def _estimate_notes(key: _keys.Key, shown: Sequence[str]) -> list[str]:
    """A note naming the shown allies whose share is estimated, not published."""
    est = [s for s in key.shares if s.status == _keys.ESTIMATED and s.iso3 in set(shown)]
    if not est:
        return []
    return [
        f"Estimated, not published: the shares of {', '.join(s.iso3 for s in est)} "
        f"({est[0].source})."
    ]


def _group(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "ministry":
        return _con.ministry_totals(frame)
    if by == "ally":
        return _con.ally_totals(frame)
    return frame


def funding_contributions(
    year: int,
    ally: str | Sequence[str] | None = None,
    by: str = "line",
    ministries: MinistryMap | Mapping[str, Mapping[str, str]] | Path | str | None = None,
    lang: str = "en",
    estimate_missing: bool = False,
    key: str | None = None,
) -> pd.DataFrame:
    """Each ally's contribution in ``year`` (EUR million): per line, ministry or ally.

    Args:
        year: a year with published budgets; the key in force that year is used
            (or ``key``: a period or rule name).
        ally: ISO code(s) or names; all allies of the key by default.
        by: ``line`` (one row per ally and line), ``ministry`` or ``ally`` totals.
        ministries: per-ally overrides ``{"DEU": {"civil": "defence"}}`` or a YAML file.
        lang: ``en`` or ``nl`` for the labels.

    Raises:
        NoKeyForYearError, NoBudgetError, UnknownAllyError, InputError.

    >>> c = funding_contributions(2024, ally="NLD")
    >>> c[["line", "contribution_eur_mn", "upper_bound"]].round(3).values.tolist()
    [['civil', 15.114, False], ['military', 70.035, False], ['nsip', 44.85, True]]
    """
    _check_by(by)
    d = _data()
    k = resolve_key(key, estimate_missing) if key else _keys.key_for_year(d.keys, year)
    if key is None and estimate_missing:
        k = _estimate(k)
    base = _bud.budgets_for_year(d.budgets, year)
    mm = _ministries(ministries)
    frame = _con.contributions(k, base, mm, _resolve_allies(ally), check_period=key is None)
    out = _with_names(_con.add_labels(_group(frame, by), mm, lang), lang)
    notes = [f"Key {k.name}; budgets {year} (EUR million)."]
    if not k.covers(year):
        notes.append(f"Key {k.name} applied to {year} on request (not the key in force).")
    notes += _base_notes(base)
    notes += _estimate_notes(k, list(frame["iso3"]))
    _provenance(
        out,
        f"contributions {year}",
        [s.source for s in k.shares] + list(base["source"]),
        notes,
        partial=not k.complete,
    )
    out.attrs.update({"period": k.period, "key": k.name, "year": year, "by": by})
    return out


def funding_compare(
    key_from: str | int,
    key_to: str | int,
    budgets: int | None = None,
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
    ally: str | Sequence[str] | None = None,
    by: str = "line",
    ministries: MinistryMap | Mapping[str, Mapping[str, str]] | Path | str | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The change per ally (and line or ministry) when one key replaces another.

    Args:
        key_from, key_to: periods (``2020``, ``2021-2024``) or a rule name (``nov2019``).
        budgets: a year whose published budgets form the base; or give ``civil``,
            ``military``, ``nsip`` amounts (EUR million).
        by: ``line``, ``ministry`` or ``ally``.

    >>> c = funding_compare("2020", "2021-2024", civil=2120.0, ally=["USA", "DEU", "NLD"])
    >>> c.set_index("iso3")["change_eur_mn"].round(1).to_dict()
    {'USA': -121.9, 'DEU': 33.3, 'NLD': 5.3}
    """
    _check_by(by)
    kf, kt = resolve_key(key_from), resolve_key(key_to)
    base, base_label = _budget_base(budgets, civil, military, nsip)
    mm = _ministries(ministries)
    frame = _con.compare(kf, kt, base, mm, _resolve_allies(ally))
    out = _with_names(_con.add_labels(_group(frame, by), mm, lang), lang)
    ids = [s.source for s in kf.shares + kt.shares] + list(base["source"])
    _provenance(
        out,
        f"change from key {kf.name} to key {kt.name} on {base_label}",
        ids,
        [
            f"Change = (share {kt.name} - share {kf.name}) / 100 x amount; EUR million.",
            "Allies missing from either key have no change (NaN), not zero.",
            *_base_notes(base),
        ],
        partial=not (kf.complete and kt.complete),
    )
    out.attrs.update({"from": kf.name, "to": kt.name, "base": base_label})
    return out


def derive_from_rule(rule: str = "nov2019") -> _fx.DerivedKey:
    """Apply a shipped rule with a key base to its base period's published key.

    The derived key keeps the base's missing allies (their block scales pro rata) and takes
    the joined allies of the published key of the same period, if there is one.
    """
    d = _data()
    r = d.rule(rule)
    if r.base != "previous_key" or r.base_period is None:
        raise FundingError(f"rule {rule} derives from income; use funding_derive(measure=...)")
    base = d.key(r.base_period)
    joined: tuple[str, ...] = ()
    if r.period is not None:
        try:
            joined = d.key(r.period).joined
        except UnknownPeriodError:
            joined = ()
    der = _fx.apply_rule(r, base, r.period)
    key = _keys.check_key(
        _keys.Key(
            der.key.period,
            der.key.start,
            der.key.end,
            der.key.shares,
            der.key.missing,
            der.key.label,
            joined,
        )
    )
    return _fx.DerivedKey(
        key,
        der.base,
        der.binding,
        der.factor,
        der.block_pct,
        der.base_label,
        der.weight_total,
        der.scale,
    )


def funding_derive(
    rule: str | None = "nov2019",
    year: int | None = None,
    measure: str = "gdp",
    constraints: Sequence[_solver.Constraint] = (),
    income_overrides: Mapping[str, float] | None = None,
    release: str | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """A key derived from a rule: from a previous key (``nov2019``) or from national income.

    Args:
        rule: a shipped rule name; ``None`` to use only ``constraints`` on an income base.
        year: for an income base, the year of the income measure (required).
        measure: ``gdp`` (GDP at current USD, a proxy for GNI).
        constraints: extra constraints (or, with ``rule=None``, the only ones).
        income_overrides: income for allies the release lacks (USD bn).

    Returns:
        Per ally ``base_pct, share_pct, binding`` and, where a published key of the same
        period exists, ``published_pct`` and ``diff_pp``.
    """
    d = _data()
    r = d.rule(rule) if rule else None
    notes: list[str] = []
    if r is not None and r.base == "previous_key":
        if constraints:
            der = _fx.apply_rule(
                tuple(r.constraints) + tuple(constraints),
                d.key(r.base_period or ""),
                r.period,
                label=r.name,
            )
        else:
            der = derive_from_rule(r.name)
        notes.append(f"Rule {r.name}: {r.description}")
        ids = list(r.source)
    else:
        if year is None:
            raise FundingError("an income-based key needs a year (year=2019)")
        inc = income(year, measure, release, income_overrides)
        cons = (tuple(r.constraints) if r else ()) + tuple(constraints)
        der = _fx.derive_key(
            inc, cons, str(year), label=r.name if r else "income", base_label=MEASURES[measure][1]
        )
        notes.append(f"Base: {MEASURES[measure][1]}, {year}.")
        ids = list(r.source) if r else []
    out = der.frame()
    try:
        pub = d.key(der.key.period)
        out["published_pct"] = [
            pub.get(i).share_pct if pub.get(i) is not None else float("nan")  # type: ignore[union-attr]
            for i in out["iso3"]
        ]
        out["diff_pp"] = out["share_pct"] - out["published_pct"]
        ids += [s.source for s in pub.shares]
    except UnknownPeriodError:
        pass
    attrs = dict(out.attrs)
    out = _with_names(out, lang)
    _provenance(out, f"derived key {der.key.period}", ids, notes, partial=bool(der.key.missing))
    out.attrs.update(attrs)
    return out


def funding_reproduction(rule: str = "nov2019") -> pd.DataFrame:
    """Published key against the key a rule derives, with the rounding tolerance per ally.

    See :func:`burdenshare.funding.reproduce.reproduction` for the tolerance.
    """
    d = _data()
    r = d.rule(rule)
    if r.period is None or r.base_period is None:
        raise FundingError(f"rule {rule} has no published key to reproduce")
    out = _repro.reproduction(r, d.key(r.base_period), d.key(r.period))
    out = _with_names(out, "en")
    ids = [s.source for s in d.key(r.period).shares] + list(r.source)
    return _provenance(out, f"rule {rule} against the published key {r.period}", ids)


def funding_whatif(
    period: str | int,
    changes: Sequence[_Override],
    budgets: int | None = None,
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
    ally: str | Sequence[str] | None = None,
    by: str = "ally",
    name: str = "scenario",
    lang: str = "en",
    ministries: MinistryMap | Mapping[str, Mapping[str, str]] | Path | str | None = None,
    income_overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """A scenario key next to the baseline: shares and contributions side by side.

    Args:
        period: the baseline key (period or rule name).
        changes: :func:`burdenshare.funding.scenario.change` items (``join``, ``set``,
            ``freeze``, ``cap``, ``cap_next_largest``), each with its start (and end) year;
            only those in force in the budget year (``budgets``; else the key's first
            year) apply. A ``join`` with ``income`` but no
            ``income_total`` takes the combined GDP of the key's allies (catalog, first year
            of the period) as the total.
        budgets / civil / military / nsip: the budget base (as in :func:`funding_compare`).
        income_overrides: GDP (USD bn) for allies the catalog lacks (e.g. ``{"ISL": 25.0}``).

    >>> w = funding_whatif("2021-2024", [_sc.change("set", "NLD", share_pct=4.0)],
    ...                    civil=1000.0, ally=["NLD", "DEU"])
    >>> w.set_index("iso3")[["share_from_pct", "share_to_pct"]].round(4).values.tolist()
    [[3.45, 4.0], [16.34, 16.2469]]
    """
    _check_by(by)
    baseline = resolve_key(period)
    filled = []
    for ch in changes:
        iso3 = _allies.resolve(ch.ally)
        if ch.kind == _sc.JOIN and ch.get("share_pct") is None and ch.get("income_total") is None:
            members = [s.iso3 for s in baseline.shares] + list(baseline.missing)
            year = baseline.start
            total = sum(income(year, overrides=income_overrides, allies=members).values())
            inc = ch.get("income")
            if inc is None:
                inc = income(year, overrides=income_overrides, allies=[iso3])[iso3]
            ch = ch.with_allies(iso3).with_params(income=inc, income_total=total)
        else:
            ch = ch.with_allies(iso3)
        filled.append(ch)
    scen = _Scenario(name, tuple(filled))
    # the changes in force in the budget year (or the key's first year): a scenario that
    # starts in 2030 leaves a 2024 budget as the baseline's
    in_year = budgets if budgets is not None else baseline.start
    der = _sc.apply_scenario(baseline, scen, year=in_year)
    base, base_label = _budget_base(budgets, civil, military, nsip)
    mm = _ministries(ministries)
    frame = _con.compare(baseline, der.key, base, mm, _resolve_allies(ally))
    frame["period_to"] = f"{name}"
    out = _with_names(_con.add_labels(_group(frame, by), mm, lang), lang)
    ids = [s.source for s in baseline.shares] + list(base["source"])
    _provenance(
        out,
        f"scenario {name!r} against key {baseline.name} on {base_label}",
        ids,
        [
            "Scenario: " + _sc.scenario_changes(filled) + ".",
            f"Changes in force in {in_year}: {len(scen.in_force(in_year))} of {len(filled)}.",
            f"Baseline shares of unconstrained allies scaled by {der.scale:.6f} (missing allies' "
            "block included).",
        ],
        partial=not baseline.complete,
    )
    out.attrs.update(
        {"baseline": baseline.name, "scenario": name, "scale": der.scale, "scenario_year": in_year}
    )
    return out


__all__ = [
    "funding_budgets",
    "funding_compare",
    "funding_contributions",
    "funding_derive",
    "funding_key",
    "funding_keys",
    "funding_reproduction",
    "funding_rules",
    "funding_whatif",
    "income",
    "resolve_key",
]
