"""Common-funding queries: keys, budgets, contributions, comparisons, formulas, what-ifs.

Each function fetches the verified shipped data (:mod:`burdenshare.funding.loader`) and,
where national income is needed, a NATO release (GDP, the proxy for GNI); calls ONE pure
function of :mod:`burdenshare.funding`; and returns a DataFrame whose
``attrs["provenance"]`` (:mod:`burdenshare.provenance`) names every dataset used: the
sources of the cost-share keys, budgets and rules, and the NATO release the GDP came from.
The flat ``attrs`` keep ``source``, ``source_ids``, ``what``, ``partial``, ``notes`` (``" | "``
separated) and, per function, the periods and the budget base. No arithmetic here.

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
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from burdenshare import allies as _allies
from burdenshare.api import _fetch as fetch
from burdenshare.catalog import panel, select_release
from burdenshare.catalog.loader import Release
from burdenshare.errors import InputError
from burdenshare.funding import budgets as _bud
from burdenshare.funding import contributions as _con
from burdenshare.funding import keyrules as _fx
from burdenshare.funding import keys as _keys
from burdenshare.funding import reproduce as _repro
from burdenshare.funding import scenario as _sc
from burdenshare.funding import solver as _solver
from burdenshare.funding.errors import FundingError, NoKeyForYearError, UnknownPeriodError
from burdenshare.funding.loader import (
    FundingData,
    default_data,
    load_ministries_file,
    load_scenario_file,
)
from burdenshare.funding.ministries import MinistryMap
from burdenshare.provenance import attach
from burdenshare.rules.scenario import Override as _Override
from burdenshare.shipped import Origin
from burdenshare.text import Text, join, t

BY = _con.BY
MEASURES = _keys.INCOME_MEASURES
#: How a key in force after an accession during its period is shown: as published (the new
#: members without a share) or rescaled (their share by the key rule, the others scaled).
AS_PUBLISHED = "as_published"
RESCALED = "rescaled"
ACCESSIONS = (AS_PUBLISHED, RESCALED)
Ministries = MinistryMap | Mapping[str, Mapping[str, str]] | Path | str | None


def _data() -> FundingData:
    return default_data()


def _name(iso3: str, lang: str) -> str:
    return _allies.name(iso3, lang) if iso3 in _allies.registry() else iso3


def _with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if "iso3" in frame.columns:
        pos = list(frame.columns).index("iso3") + 1
        frame.insert(pos, "ally", [_name(i, lang) for i in frame["iso3"]])
    return frame


def _origins(source_ids: Sequence[str], release: Release | None = None) -> list[Origin]:
    """The origin records of the datasets used: the NATO release (GDP), the funding sources."""
    out = [] if release is None else [fetch.release_origin(release)]
    return out + fetch.funding_origins(source_ids)


def _attach(
    frame: pd.DataFrame,
    what: str,
    source_ids: Sequence[str] = (),
    notes: Sequence[str] = (),
    partial: bool = True,
    release: Release | None = None,
    *,
    published: bool = True,
    computed: bool | None = None,
    accessions: str | None = None,
) -> pd.DataFrame:
    """The provenance envelope (funding sources and the GDP's NATO release) and flat keys.

    ``partial``: a key with missing allies (or the key list) is partial whatever its sources.
    ``published`` / ``computed``: whether the frame shows shares of a published key (GNI)
    and shares computed here from income (GDP as a proxy for GNI; by default whenever a
    release's GDP was used): :func:`burdenshare.funding.keys.income_measure` words it, in
    ``attrs["income_measure"]``, a note, and the provenance notes. ``accessions``: the mode
    the keys were shown in (``as_published``/``rescaled``), for outputs with a key in force.
    """
    measure, measure_note = _keys.income_measure(
        published=published, computed=release is not None if computed is None else computed
    )
    notes = [*notes, measure_note]
    ids = list(dict.fromkeys(i.strip() for s in source_ids for i in str(s).split(";") if i))
    text = join(notes, " | ")
    attach(
        frame,
        release=None if release is None else release.id,
        datasets=_origins(ids, release),
        what=what,
        notes={
            **({"notes": text} if text else {}),
            "income_measure": measure_note,
            **({"accessions": accessions} if accessions else {}),
        },
    )
    env = frame.attrs["provenance"]
    env["partial"] = bool(partial or env["partial"])
    frame.attrs.update(
        {
            "source": frame.attrs["source"]
            or "burdenshare funding data (see funding/data/SOURCES.md)",
            "source_ids": ", ".join(ids),
            "partial": env["partial"],
            "notes": text,
            "note_texts": list(notes),
            "income_measure": measure,
            "licence": _data().licence_note,
        }
    )
    if accessions:
        frame.attrs["accessions"] = accessions
    if release is not None:
        frame.attrs["gdp_release"] = release.id
    return frame


def _gdp(release: str | None) -> tuple[Release, pd.DataFrame]:
    """Fetch the NATO release whose GDP stands in for national income, and its panel."""
    rel = select_release(release=release)
    return rel, panel(release=rel.id)


def _ministries(ministries: Ministries) -> MinistryMap:
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


def _periods_and_rules() -> list[str]:
    d = _data()
    return [k.period for k in d.keys] + [r.name for r in d.rules if r.base == "previous_key"]


def _key(
    spec: str | int, estimate_missing: bool, release: str | None
) -> tuple[_keys.Key, Release | None]:
    """A key by period or rule name; with its missing shares estimated by GDP if asked
    (then also the release the GDP came from)."""
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
            raise UnknownPeriodError(t("key"), spec, accepted) from None
    return _estimated(key, estimate_missing, release)


def _estimated(
    key: _keys.Key, estimate_missing: bool, release: str | None
) -> tuple[_keys.Key, Release | None]:
    if not estimate_missing or not key.missing:
        return key, None
    rel, p = _gdp(release)
    return _keys.estimate_by_income(key, p, release=rel.id), rel


def _sources(key: _keys.Key) -> list[str]:
    """The source ids of a key's shares (not the label of the newcomers' estimated shares,
    which is no dataset: the method is in the notes)."""
    return [s.source for s in key.shares if s.source != _keys.ACCESSION_SOURCE]


def _check_accessions(accessions: str) -> None:
    if accessions not in ACCESSIONS:
        raise InputError(t("accessions"), accessions, list(ACCESSIONS))


def _rescaled(
    key: _keys.Key,
    accessions: str,
    release: str | None,
    *,
    on: date | None = None,
    year: int | None = None,
) -> tuple[_keys.Key, Release | None, list[Text]]:
    """The key fitted to the allies that joined during its period (``rescaled``) on a day or
    over a budget year, with the NATO release whose GDP priced them and the method notes;
    the key itself for ``as_published`` or a key without such allies."""
    _check_accessions(accessions)
    if accessions == AS_PUBLISHED or not key.joined:
        return key, None, []
    rel, p = _gdp(release)
    members = [s.iso3 for s in key.shares] + list(key.missing) + list(key.joined)
    got, _lacking = _keys.known_incomes(p, key.start, members)
    registry = _allies.registry()
    days = {j: registry[j].nato_accession for j in key.joined if j in registry}
    r = _fx.rescale_for_accessions(key, days, got, on=on, year=year)
    return r.key, (None if r.key is key else rel), list(r.notes)


def resolve_key(
    spec: str | int, *, estimate_missing: bool = False, release: str | None = None
) -> _keys.Key:
    """A shipped key by period, or a derived one by rule name (``nov2019``).

    With ``estimate_missing`` the unallocated remainder is shared over the missing allies
    by GDP (of ``release``, the latest by default) in the key's first year.

    Raises:
        UnknownPeriodError: naming the accepted periods and rule names.

    >>> resolve_key("nov2019").get("USA").share_pct
    16.35
    """
    return _key(spec, estimate_missing, release)[0]


def income(
    year: int,
    *,
    measure: str = "gdp",
    release: str | None = None,
    overrides: Mapping[str, float] | None = None,
    allies: Sequence[str] | None = None,
) -> dict[str, float]:
    """National income per ally for ``year`` from a NATO release (GDP as a proxy for GNI).

    Args:
        overrides: values for allies the release lacks (e.g. Iceland), in the same unit.
        allies: which allies (default: NATO members at the end of ``year``).

    Raises:
        IncomeError: an ally without a value, naming how to supply it (also a
            ``CoverageError``).
    """
    if measure not in MEASURES:
        raise InputError(t("income measure"), measure, list(MEASURES))
    rel, p = _gdp(release)
    members = list(allies) if allies is not None else _allies.members("nato", year)
    given = {_allies.resolve(k): float(v) for k, v in (overrides or {}).items()}
    return _keys.incomes(p, year, members, measure=measure, overrides=given, release=rel.id)


# ------------------------------------------------------------------------------------------


def funding_keys() -> pd.DataFrame:
    """The shipped keys, one row per period, with their gaps and precision.

    Columns: ``period, start, end, n_listed, n_missing, missing, joined, total_pct,
    unallocated_pct, rounding_pct, decimals``.

    >>> t = funding_keys().set_index("period")
    >>> [float(v) for v in t.loc["2021-2024", ["n_listed", "n_missing", "total_pct"]]]
    [20.0, 10.0, 79.68]
    """
    keys = _data().keys
    out = _keys.keys_table(keys)
    return _attach(
        out,
        t("cost-share keys on file"),
        [s.source for k in keys for s in k.shares],
        [
            t("No key is on file for 2025 onward."),
            t("Missing allies' shares are not published here; their total is 'unallocated'."),
        ],
        computed=False,
    )


def _period_on(day: str) -> str:
    """The period of the shipped key in force on ``day`` (an ISO date)."""
    from burdenshare.catalog import parse_date

    year = parse_date(day).year
    for k in _data().keys:
        if k.start <= year <= k.end:
            return k.period
    spans = ", ".join(k.period for k in _data().keys)
    raise NoKeyForYearError(t(
        "no shipped key is in force on {day}; keys on file: {spans}",
        day=day, spans=spans,
    ))


def funding_key(
    period: str | int | None = "2021-2024",
    *,
    as_of: str | None = None,
    accessions: str = AS_PUBLISHED,
    estimate_missing: bool = False,
    lang: str = "en",
    release: str | None = None,
) -> pd.DataFrame:
    """One key, ally by ally: share, decimals published, status, source.

    ``as_of`` (an ISO date) picks the key in force that day instead of ``period``
    (the one time axis: ``funding_key(as_of="2022-06-30")`` is the 2021-2024 key).

    Missing allies are rows with NaN shares (status ``missing``, or ``joined`` for allies
    that acceded during the period). With ``estimate_missing`` the unallocated remainder is
    shared over the missing allies by GDP (proxy for GNI, from ``release``, the latest by
    default), flagged ``estimated``; the provenance then names that release.

    ``accessions``: ``as_published`` (the default: the key as NATO published it, the allies
    that joined during the period with status ``joined`` and no share) or ``rescaled``: the
    key in force on ``as_of`` (else on the period's last day) with each ally that had joined
    by then given its share by the key rule (status ``estimated``) and the published shares
    scaled to make room (status ``rescaled``); see
    :func:`burdenshare.funding.keyrules.rescale_for_accessions`. ``attrs["income_measure"]``
    says what the shares rest on (``GNI``, or also ``GDP as a proxy for GNI``).

    >>> r = funding_key(as_of="2023-06-30", accessions="rescaled").set_index("iso3")
    >>> r.loc["FIN", "status"], round(float(r.loc["FIN", "share_pct"]), 4)
    ('estimated', 1.0611)
    >>> r.attrs["income_measure"]
    'GNI; GDP as a proxy for GNI'
    >>> k = funding_key("2021-2024", estimate_missing=True)
    >>> k.attrs["gdp_release"], k.attrs["provenance"]["datasets"][0]["kind"]
    ('2026-07', 'nato_release')
    >>> funding_key(as_of="2022-06-30").attrs["key"]
    '2021-2024'
    """
    from burdenshare.catalog import parse_date

    _check_accessions(accessions)
    if as_of is not None:
        period = _period_on(as_of)
    base, _ = _key(period if period is not None else "2021-2024", False, release)
    day = parse_date(as_of) if as_of is not None else date(base.end, 12, 31)
    fitted, rel_a, fit_notes = _rescaled(base, accessions, release, on=day)
    key, rel = _estimated(fitted, estimate_missing, release)
    out = _with_names(key.frame(), lang)
    attrs = dict(out.attrs)
    _attach(
        out,
        t("cost-share key {key}", key=key.name),
        _sources(key),
        [
            t("Listed shares sum to {total:.2f} %; unallocated {unallocated:.2f} % ({n} "
              "missing allies).", total=key.total, unallocated=key.unallocated,
              n=len(key.missing)),
            *fit_notes,
        ],
        partial=not key.complete,
        release=rel or rel_a,
        accessions=accessions,
    )
    out.attrs.update(attrs)
    out.attrs["key"] = key.name
    return out


def funding_rules(*, on: str | None = None) -> pd.DataFrame:
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
    day = None if on is None else parse_date(on)
    out = _fx.rules_table(rules, day)
    shown = [r for r in rules if day is None or r.in_force(day)]
    ids = [sid for r in shown for sid in r.source]
    return _attach(out, t("key rules"), ids, partial=False,
                   published=any(r.base == "previous_key" for r in shown),
                   computed=any(r.base == "income" for r in shown))  # fmt: skip


def funding_budgets(*, as_of: str | None = None, lang: str = "en") -> pd.DataFrame:
    """The common budgets per year and line (EUR million), labelled authorised or ceiling.

    ``attrs["gaps"]`` lists the years and lines with no published figure. ``as_of`` (an ISO
    date) keeps the budgets of that day's year (the budgets in force that day).

    >>> b = funding_budgets()
    >>> b[(b.year == 2024) & (b.line == "nsip")][["amount_eur_mn", "kind"]].values.tolist()
    [[1300.0, 'ceiling']]
    >>> sorted({int(y) for y in funding_budgets(as_of="2021-05-01")["year"]})
    [2021]
    """
    d = _data()
    out = _con.budgets_table(d.budgets, d.ministries, lang=lang)
    if as_of is not None:
        from burdenshare.catalog import parse_date

        year = parse_date(as_of).year
        kept = out[out["year"] == year].reset_index(drop=True)
        if kept.empty:
            have = ", ".join(str(y) for y in sorted(set(out["year"])))
            raise NoKeyForYearError(t(
                "no budget is shipped for {year}; years on file: {have}",
                year=year, have=have,
            ))
        kept.attrs = out.attrs
        out = kept
    gaps = out.attrs.pop("gaps")
    _attach(
        out,
        t("NATO common budgets"),
        list(out["source"]),
        [t("The NSIP figure is a ceiling, not an amount called from allies.")],
        partial=False,
        published=False,
        computed=False,
    )
    out.attrs["gaps"] = gaps
    return out


def funding_contributions(
    year: int,
    *,
    ally: str | Sequence[str] | None = None,
    by: str = "line",
    key: str | None = None,
    accessions: str = RESCALED,
    estimate_missing: bool = False,
    ministries: Ministries = None,
    lang: str = "en",
    release: str | None = None,
) -> pd.DataFrame:
    """Each ally's contribution in ``year`` (EUR million): per line, ministry or ally.

    Args:
        year: a year with published budgets; the key in force that year is used
            (or ``key``: a period or rule name).
        ally: ISO code(s) or names; all allies of the key by default.
        by: ``line`` (one row per ally and line), ``ministry`` or ``ally`` totals.
        accessions: ``rescaled`` (the default: an ally that joined during the key's period
            pays its share by the key rule pro rata to its days of membership in ``year``,
            the published shares scaled to make room; GDP of ``release``) or
            ``as_published`` (the published shares times the budgets, the new allies
            without a share).
        estimate_missing: share the missing allies' remainder by GDP (of ``release``).
        ministries: per-ally overrides ``{"DEU": {"civil": "defence"}}`` or a YAML file.
        lang: ``en`` or ``nl`` for the labels.

    Raises:
        NoKeyForYearError, NoBudgetError, UnknownAllyError, InputError.

    >>> c = funding_contributions(2024, ally="NLD", accessions="as_published")
    >>> c[["line", "contribution_eur_mn", "upper_bound"]].round(3).values.tolist()
    [['civil', 15.114, False], ['military', 70.035, False], ['nsip', 44.85, True]]
    >>> r = funding_contributions(2024, ally="NLD")
    >>> r["share_status"].tolist(), round(float(r["contribution_eur_mn"].iloc[0]), 3)
    (['rescaled', 'rescaled', 'rescaled'], 14.682)
    """
    _con.check_by(by)
    _check_accessions(accessions)
    d = _data()
    k0 = _key(key, False, release)[0] if key else _keys.key_for_year(d.keys, year)
    fitted, rel_a, fit_notes = _rescaled(k0, accessions, release, year=year)
    k, rel = _estimated(fitted, estimate_missing, release)
    base = _bud.budgets_for_year(d.budgets, year)
    mm = _ministries(ministries)
    out = _con.contributions_table(
        k, base, year, mm, _resolve_allies(ally), by=by, lang=lang, check_period=key is None
    )
    notes = out.attrs.pop("notes")
    _attach(
        _with_names(out, lang),
        t("contributions {year}", year=year),
        _sources(k) + list(base["source"]),
        [*notes, *fit_notes],
        partial=not k.complete,
        release=rel or rel_a,
        accessions=accessions,
    )
    out.attrs.update({"period": k.period, "key": k.name, "year": year, "by": by})
    return out


def funding_compare(
    key_from: str | int,
    key_to: str | int,
    *,
    budgets: int | None = None,
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
    ally: str | Sequence[str] | None = None,
    by: str = "line",
    accessions: str = AS_PUBLISHED,
    ministries: Ministries = None,
    lang: str = "en",
    release: str | None = None,
) -> pd.DataFrame:
    """The change per ally (and line or ministry) when one key replaces another.

    Args:
        key_from, key_to: periods (``2020``, ``2021-2024``) or a rule name (``nov2019``).
        budgets: a year whose published budgets form the base; or give ``civil``,
            ``military``, ``nsip`` amounts (EUR million).
        by: ``line``, ``ministry`` or ``ally``.
        accessions: ``as_published`` (the default: the keys as agreed, which is what a
            comparison of two arrangements asks) or ``rescaled``: each key fitted to the
            allies that joined during its period (:func:`funding_contributions`), pro rata
            over the year ``budgets``, else as on the last day of its period; GDP of
            ``release``.

    >>> c = funding_compare("2020", "2021-2024", civil=2120.0, ally=["USA", "DEU", "NLD"])
    >>> c.set_index("iso3")["change_eur_mn"].round(1).to_dict()
    {'USA': -121.9, 'DEU': 33.3, 'NLD': 5.3}
    """
    _con.check_by(by)
    _check_accessions(accessions)
    fitted: list[tuple[_keys.Key, Release | None, list[Text]]] = []
    for spec in (key_from, key_to):
        k = resolve_key(spec)
        if budgets is not None:
            fitted.append(_rescaled(k, accessions, release, year=budgets))
        else:
            fitted.append(_rescaled(k, accessions, release, on=date(k.end, 12, 31)))
    (kf, rel_f, notes_f), (kt, rel_t, notes_t) = fitted
    base, base_label = _bud.choose_base(
        _data().budgets, budgets, civil=civil, military=military, nsip=nsip
    )
    mm = _ministries(ministries)
    out = _con.compare_table(kf, kt, base, mm, _resolve_allies(ally), by=by, lang=lang)
    notes = out.attrs.pop("notes")
    _attach(
        _with_names(out, lang),
        t("change from key {key_from} to key {key_to} on {base}", key_from=kf.name,
          key_to=kt.name, base=base_label),
        _sources(kf) + _sources(kt) + list(base["source"]),
        [*notes, *notes_f, *notes_t],
        partial=not (kf.complete and kt.complete),
        release=rel_f or rel_t,
        accessions=accessions,
    )
    out.attrs.update({"from": kf.name, "to": kt.name, "base": base_label})
    return out


def _published_joined(d: FundingData, period: str | None) -> tuple[str, ...]:
    if period is None:
        return ()
    try:
        return d.key(period).joined
    except UnknownPeriodError:
        return ()


def derive_from_rule(rule: str = "nov2019") -> _fx.DerivedKey:
    """Apply a shipped rule with a key base to its base period's published key.

    The derived key keeps the base's missing allies (their block scales pro rata) and takes
    the joined allies of the published key of the same period, if there is one.
    """
    d = _data()
    r = d.rule(rule)
    if r.base != "previous_key" or r.base_period is None:
        raise FundingError(t(
            "rule {rule} derives from income; use funding_derive(measure=...)",
            rule=rule,
        ))
    return _fx.derive_from_previous(r, d.key(r.base_period), _published_joined(d, r.period))


def funding_derive(
    rule: str | None = "nov2019",
    *,
    year: int | None = None,
    measure: str = "gdp",
    constraints: Sequence[_solver.Constraint | Mapping[str, Any]] = (),
    income_overrides: Mapping[str, float] | None = None,
    release: str | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """A key derived from a rule: from a previous key (``nov2019``) or from national income.

    Args:
        rule: a shipped rule name; ``None`` to use only ``constraints`` on an income base.
        year: for an income base, the year of the income measure (required).
        measure: ``gdp`` (GDP at current USD, a proxy for GNI).
        constraints: extra constraints (or, with ``rule=None``, the only ones): ``Constraint``
            objects or mappings as in the key-rules file (``{"kind": "cap", "ally": "USA",
            "share_pct": 15}``).
        income_overrides: income for allies the release lacks (USD bn).
        release: the NATO release of the GDP (latest by default); named in the provenance.

    Returns:
        Per ally ``base_pct, share_pct, binding`` and, where a published key of the same
        period exists, ``published_pct`` and ``diff_pp``.
    """
    d = _data()
    r = d.rule(rule) if rule else None
    checked = [
        c if isinstance(c, _solver.Constraint)
        else _fx.parse_constraint({**c, "ally": _allies.resolve(str(c.get("ally", "")))})
        for c in constraints
    ]  # fmt: skip
    rel: Release | None = None
    weights = None
    base = None
    if r is not None and r.base == "previous_key":
        base, period, ids = d.key(r.base_period or ""), r.period, list(r.source)
    else:
        if year is None:
            raise FundingError(t("an income-based key needs a year (year=2019)"))
        if measure not in MEASURES:
            raise InputError(t("income measure"), measure, list(MEASURES))
        rel, p = _gdp(release)
        given = {_allies.resolve(k): float(v) for k, v in (income_overrides or {}).items()}
        members = _allies.members("nato", year)
        weights = _keys.incomes(p, year, members, measure=measure, overrides=given,
                                release=rel.id)  # fmt: skip
        period, ids = str(year), list(r.source) if r else []
    published = None
    if period is not None:
        try:
            published = d.key(period)
        except UnknownPeriodError:
            published = None
    out = _fx.derive(
        r, checked, base=base, joined=_published_joined(d, period), weights=weights,
        year=year, measure=measure, published=published,
    )  # fmt: skip
    if published is not None and "published_pct" in out.columns:
        ids += [s.source for s in published.shares]
    derivation, missing = out.attrs.pop("derivation"), out.attrs.pop("missing")
    attrs = dict(out.attrs)
    out = _with_names(out, lang)
    _attach(out, t("derived key {period}", period=attrs["period"]), ids, [derivation],
            partial=bool(missing), release=rel,
            published=base is not None or "published_pct" in out.columns,
            computed=weights is not None)  # fmt: skip
    out.attrs.update(attrs)
    return out


def funding_reproduction(rule: str = "nov2019") -> pd.DataFrame:
    """Published key against the key a rule derives, with the rounding tolerance per ally.

    See :func:`burdenshare.funding.reproduce.reproduction` for the tolerance. ``attrs``
    count the fits (``n_inside`` of ``n_allies``) and name the allies at the edge and
    outside (``edge``, ``outside``: space-separated codes), so surfaces count nothing.

    >>> r = funding_reproduction("nov2019")
    >>> a = r.attrs
    >>> a["n_inside"] + a["n_edge"] + a["n_outside"] == a["n_allies"], a["edge"]
    (True, 'DEU FRA')
    """
    d = _data()
    r = d.rule(rule)
    if r.period is None or r.base_period is None:
        raise FundingError(t("rule {rule} has no published key to reproduce", rule=rule))
    out = _repro.reproduction(r, d.key(r.base_period), d.key(r.period))
    out = _with_names(out, "en")
    ids = [s.source for s in d.key(r.period).shares] + list(r.source)
    _attach(out, t("rule {rule} against the published key {period}", rule=rule,
                   period=r.period), ids)  # fmt: skip
    fits = out["fit"].tolist()
    codes = out["iso3"].tolist()
    out.attrs.update({
        "n_allies": len(out), "n_inside": fits.count("inside"),
        "n_edge": fits.count("edge"), "n_outside": fits.count("outside"),
        "edge": " ".join(c for c, f in zip(codes, fits, strict=True) if f == "edge"),
        "outside": " ".join(c for c, f in zip(codes, fits, strict=True) if f == "outside"),
    })  # fmt: skip
    return out


def funding_whatif(
    period: str | int,
    changes: Sequence[_Override | Mapping[str, Any]] = (),
    *,
    scenario: str | Path | None = None,
    budgets: int | None = None,
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
    ally: str | Sequence[str] | None = None,
    by: str = "ally",
    name: str | None = None,
    ministries: Ministries = None,
    lang: str = "en",
    income_overrides: Mapping[str, float] | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """A scenario key next to the baseline: shares and contributions side by side.

    Args:
        period: the baseline key (period or rule name).
        changes: :func:`burdenshare.funding.scenario.change` items, or mappings of its
            arguments (``{"kind": "cap", "ally": "USA", "share_pct": 15}``) (``join``, ``set``,
            ``freeze``, ``cap``, ``cap_next_largest``), each with its start (and end) year;
            only those in force in the budget year (``budgets``; else the key's first
            year) apply. A ``join`` with ``income`` but no ``income_total`` takes the
            combined GDP of the key's allies (NATO release ``release``, latest by default;
            first year of the period) as the total; the provenance then names that release.
        scenario: a YAML file (``name``, ``overrides``: a list of ``{kind, ally, from, ...}``);
            its changes come before ``changes``, its name is used unless ``name`` is given.
        name: the scenario's name (``scenario`` by default).
        budgets / civil / military / nsip: the budget base (as in :func:`funding_compare`).
        income_overrides: GDP (USD bn) for allies the release lacks (e.g. ``{"ISL": 25.0}``).

    >>> w = funding_whatif("2021-2024", [_sc.change("set", "NLD", share_pct=4.0)],
    ...                    civil=1000.0, ally=["NLD", "DEU"])
    >>> w.set_index("iso3")[["share_from_pct", "share_to_pct"]].round(4).values.tolist()
    [[3.45, 4.0], [16.34, 16.2469]]
    """
    _con.check_by(by)
    if scenario is not None:
        parsed = _sc.parse_scenario(load_scenario_file(Path(scenario)), str(scenario))
        changes, name = [*parsed.overrides, *changes], name or parsed.name  # each keeps its year
    name = name or "scenario"
    if not changes:
        raise FundingError(t("give at least one change (--set, --cap, --join, --scenario)"))
    baseline = resolve_key(period)
    given_changes = [ch if isinstance(ch, _Override) else _sc.change(**ch) for ch in changes]
    resolved = [ch.with_allies(_allies.resolve(ch.ally)) for ch in given_changes]
    needs_gdp = any(
        ch.kind == _sc.JOIN and ch.get("share_pct") is None and ch.get("income_total") is None
        for ch in resolved
    )
    rel, p = _gdp(release) if needs_gdp else (None, None)
    given = {_allies.resolve(k): float(v) for k, v in (income_overrides or {}).items()}
    base, base_label = _bud.choose_base(
        _data().budgets, budgets, civil=civil, military=military, nsip=nsip
    )
    mm = _ministries(ministries)
    # the changes in force in the budget year (or the key's first year): a scenario that
    # starts in 2030 leaves a 2024 budget as the baseline's
    out = _sc.whatif(
        baseline, resolved, base, mm, _resolve_allies(ally), year=budgets, panel=p,
        income_overrides=given, release="" if rel is None else rel.id, name=name, by=by,
        lang=lang,
    )  # fmt: skip
    notes = out.attrs.pop("notes")
    scale, in_year = out.attrs["scale"], out.attrs["scenario_year"]
    out.attrs.pop("income_used")
    _attach(
        _with_names(out, lang),
        t("scenario {name!r} against key {key} on {base}", name=name, key=baseline.name,
          base=base_label),
        _sources(baseline) + list(base["source"]),
        notes,
        partial=not baseline.complete,
        release=rel,
        computed=any(ch.kind == _sc.JOIN and ch.get("share_pct") is None for ch in resolved),
    )
    out.attrs.update(
        {"baseline": baseline.name, "scenario": name, "scale": scale, "scenario_year": in_year}
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
