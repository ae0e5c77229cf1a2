"""Spending queries: fetch a release, call one pure spending function, attach provenance.

``import burdenshare as bs`` exposes these. Every function takes ``as_of`` (the figures as
published on or before that date) or ``release`` (a release id), keyword-only, defaulting to
the latest release, and returns a pandas DataFrame whose ``attrs["provenance"]`` names the
release and every other dataset used (:mod:`burdenshare.provenance`); the flat keys
``attrs["release"]``, ``attrs["published"]``, ``attrs["source"]``, ``attrs["partial"]``
stay beside it. Thresholds default to the commitments in force (:func:`burdenshare.rules.at`):
the 2% guideline (``spending.core_guideline_pct_gdp``) and the 20% equipment guideline
(``spending.equipment_share_pct_defence_exp``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from burdenshare.api import _fetch as fetch
from burdenshare.catalog.errors import CoverageError, UnknownIndicatorError
from burdenshare.text import t

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.loader import Release
    from burdenshare.catalog.query import DateLike

#: The rules-file parameters the spending thresholds come from.
CORE_GUIDELINE = "spending.core_guideline_pct_gdp"
EQUIPMENT_GUIDELINE = "spending.equipment_share_pct_defence_exp"


def _names(codes: pd.Series) -> list[str]:
    from burdenshare import allies

    return [allies.name(c) for c in codes]


def _only(frame: pd.DataFrame, ally: str | list[str], rel: Release) -> pd.DataFrame:
    """The rows of the allies named (codes or names); an ally not in the rows is an error."""
    from burdenshare import allies

    codes = [allies.resolve(a) for a in ([ally] if isinstance(ally, str) else ally)]
    absent = [c for c in codes if c not in set(frame["iso3"])]
    if absent:
        raise CoverageError(t(
            "ally {absent} has no figures here in release {rel_id}",
            absent=', '.join(absent), rel_id=rel.id,
        ))
    return frame[frame["iso3"].isin(codes)].reset_index(drop=True)


def _membership(group: str, p: pd.DataFrame) -> dict[int, frozenset[str]]:
    from burdenshare import allies

    return allies.membership(group, [int(y) for y in p["year"].unique()])


def _guideline(parameter: str, year: int, given: float | None) -> tuple[float, bool]:
    """The threshold: ``given``, or the value of ``parameter`` in force at the end of ``year``."""
    if given is not None:
        return float(given), False
    return float(fetch.rules_for_year(year).value(parameter)), True


def spending_table(
    year: int | None = None,
    indicator: str = "share_gdp_pct",
    *,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """One indicator for every ally in one year, ranked, with flags and provenance.

    Columns: ``rank``, ``iso3``, ``ally``, ``year``, ``value``, ``unit``, ``flag``.

    >>> t = spending_table(2024, "share_gdp_pct", release="2024-06")
    >>> t.iloc[0][["iso3", "flag"]].tolist(), t.attrs["provenance"]["release"]
    (['POL', 'estimate'], '2024-06')
    """
    from burdenshare import spending
    from burdenshare.catalog.query import observations

    cat, rel, p = fetch.resolve_release(as_of, release)
    if year is None:
        year = fetch.latest_year(p)
    obs = observations(indicator, years=year, release=rel.id, catalog=cat)
    out = spending.rank_observations(obs)
    out.insert(2, "ally", _names(out["iso3"]))
    return fetch.provenance(out, rel, t("{indicator} in {year}", indicator=indicator, year=year))


def spending_check(
    year: int | None = None, *, as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """Published share of GDP beside the one recomputed from constant-price USD, per ally.

    The difference is shown, not hidden (NATO prints a few cells as exactly 2.00; see
    SOURCES.md). Rows are sorted by the absolute difference, largest first.

    >>> c = spending_check(2024, release="2024-06")
    >>> c.iloc[0]["iso3"], round(float(c.iloc[0]["share_gdp_pct"]), 2)
    ('SVK', 2.0)
    """
    from burdenshare import spending

    _, rel, p = fetch.resolve_release(as_of, release)
    if year is None:
        year = fetch.latest_year(p)
    fetch.check_years(p, year, rel, "share_gdp_pct")
    out = spending.share_check(p, year)
    return fetch.provenance(out, rel, t("share of GDP check {year}", year=year))


#: The headline indicators of a profile, in order (those the release has).
PROFILE_INDICATORS = (
    "share_gdp_pct", "real_change_pct", "equipment_share_pct", "defence_exp_usd_current_mn",
    "defence_exp_usd_constant_mn", "defence_exp_nc_mn", "gdp_usd_current_bn",
    "defence_exp_per_capita_usd", "military_personnel_thousands",
)  # fmt: skip


def spending_profile(
    ally: str,
    *,
    indicators: list[str] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """All of one ally's headline figures, year by year (one column per indicator).

    >>> p = spending_profile("NLD", release="2024-06")
    >>> round(float(p.loc[p["year"] == 2024, "share_gdp_pct"].iloc[0]), 2)
    2.05
    """
    from burdenshare import allies

    cat, rel, p = fetch.resolve_release(as_of, release)
    code = allies.resolve(ally)
    sub = p[p["iso3"] == code]
    if sub.empty:
        covered = ", ".join(sorted(p["iso3"].unique()))
        partial = t(" (partial: {note})", note=rel.coverage_note) if rel.is_partial else ""
        raise CoverageError(t(
            "ally {code} is not in release {rel_id}{partial}; covered: {covered}",
            code=code, rel_id=rel.id, partial=partial, covered=covered,
        ))
    has = [c for c in cat.indicators if c in sub.columns and sub[c].notna().any()]
    cols = indicators or [c for c in PROFILE_INDICATORS if c in has]
    for c in cols:
        if c not in cat.indicators:
            raise UnknownIndicatorError(t("indicator"), c, sorted(cat.indicators))
        if c not in has:
            raise UnknownIndicatorError(t(
                "indicator for {code} in release {rel_id}",
                code=code, rel_id=rel.id,
            ), c, has)
    out = sub[["iso3", "year", "is_estimate", *cols]].sort_values("year").reset_index(drop=True)
    return fetch.provenance(out, rel, t("profile of {ally}", ally=code))


def spending_group(
    group: str = "nato", *, as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """A group's aggregates per year, computed from the allies (members of each year).

    Columns: ``group``, ``year``, ``share_gdp_pct_weighted`` (NATO's ratio),
    ``share_gdp_pct_mean`` (unweighted), ``share_gdp_pct_median``, ``n_allies``,
    ``real_change_pct`` (NATO's method), and the summed money columns the release has.

    >>> g = spending_group("nato", release="2024-06").set_index("year")
    >>> round(float(g.loc[2024, "share_gdp_pct_weighted"]), 2)
    2.71
    """
    from burdenshare import spending

    cat, rel, p = fetch.resolve_release(as_of, release)
    not_applicable, published = fetch.coverage_inputs(cat, rel, [group])
    try:
        out = spending.group_aggregates(
            p, _membership(group, p), partial=rel.is_partial, not_applicable=not_applicable,
            published=published[group],
        )  # fmt: skip
    except spending.PartialCoverageError as exc:
        raise spending.PartialCoverageError(
            t(
                "release {rel_id} is a {exc} ({coverage_note}); use a full release",
                rel_id=rel.id, exc=exc, coverage_note=rel.coverage_note,
            )
        ) from None
    out.insert(0, "group", group)
    note = out.attrs.get("membership_note")  # into the envelope, so CSV and JSON carry it
    return fetch.provenance(out, rel, t("aggregates of {group}", group=group),
                            notes={"membership": note} if note else None)  # fmt: skip


def spending_cumulative(
    group: str = "europe_canada",
    *,
    base: int = 2016,
    to: int | None = None,
    fixed_membership: bool = False,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Cumulative extra spending since ``base`` in constant prices (NATO's headline).

    ``to`` defaults to the last year of the release; ``price_base`` names the prices.
    ``accession_usd_constant_mn`` is the part of each year's spending by members that
    joined after ``base``; ``is_estimate`` flags years with NATO estimates;
    ``fixed_membership`` sums the members of ``base`` only.

    >>> c = spending_cumulative("europe_canada", base=2016, to=2020, release="2024-06")
    >>> round(float(c["cumulative_usd_constant_mn"].iloc[-1]) / 1000)
    132
    """
    from burdenshare import spending

    _, rel, p = fetch.resolve_release(as_of, release)
    if to is None:
        to = int(p["year"].max())
    out = spending.cumulative_increase(p, _membership(group, p), base, to,
                                       fixed_membership=fixed_membership)  # fmt: skip
    out.insert(0, "group", group)
    out["price_base"] = rel.price_base
    method = {"membership": out.attrs["membership"]}
    what = t("cumulative increase of {group} over {year}", group=group, year=base)
    out = fetch.provenance(out, rel, what)
    out.attrs.update(method)
    return out


def spending_gap(
    threshold: float | None = None,
    *,
    year: int | None = None,
    ally: str | list[str] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The money each ally needs to reach ``threshold`` % of GDP in ``year``.

    ``threshold`` defaults to the 2% guideline in force at the end of ``year`` (the rules
    file, named in the provenance); ``year`` to the latest with shares of GDP; ``ally``
    (codes or names) keeps those allies only.

    >>> g = spending_gap(year=2024, release="2024-06")
    >>> g.iloc[0]["iso3"], bool(g.set_index("iso3").loc["POL", "meets"]), g.attrs["threshold_pct"]
    ('ESP', True, 2.0)
    """
    from burdenshare import spending

    _, rel, p = fetch.resolve_release(as_of, release)
    if year is None:
        year = fetch.latest_year(p)
    fetch.check_years(p, year, rel, "share_gdp_pct")
    value, from_rules = _guideline(CORE_GUIDELINE, year, threshold)
    out = spending.gap_to_threshold(p, value, year)
    if ally is not None:
        out = _only(out, ally, rel)
    out.insert(1, "ally", _names(out["iso3"]))
    fetch.provenance(
        out, rel, t("gap to {value:g}% of GDP in {year}", value=value, year=year),
        datasets=[fetch.rules_origin()] if from_rules else [],
    )  # fmt: skip
    out.attrs["threshold_pct"] = value
    return out


def spending_count(
    threshold: float | None = None,
    *,
    group: str = "nato",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """How many allies were at or above ``threshold`` % of GDP, per year (as printed).

    ``threshold`` defaults to the 2% guideline in force at the end of the release's latest
    year with shares of GDP.

    >>> c = spending_count(group="nato", release="2024-06").set_index("year")
    >>> int(c.loc[2024, "count"]), c.attrs["threshold_pct"]
    (23, 2.0)
    """
    from burdenshare import spending

    _, rel, p = fetch.resolve_release(as_of, release)
    value, from_rules = _guideline(CORE_GUIDELINE, fetch.latest_year(p), threshold)
    out = spending.count_at_or_above(p, value, _membership(group, p))
    fetch.provenance(
        out, rel, t("allies at or above {value:g}% of GDP", value=value),
        datasets=[fetch.rules_origin()] if from_rules else [],
    )  # fmt: skip
    out.attrs["threshold_pct"] = value
    return out


def spending_per_soldier(
    year: int | list[int] | None = None,
    ally: str | list[str] | None = None,
    *,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Defence spending, equipment spending and personnel cost per soldier (NATO Table 7
    personnel, constant prices of the release's base year), per ally-year.

    Columns as :func:`burdenshare.spending.soldiers.per_soldier`, plus ``ally``.

    >>> t = spending_per_soldier(2024, "NLD", release="2024-06")
    >>> round(float(t["spending_per_soldier_usd_k"].iloc[0]))
    442
    """
    from burdenshare import allies
    from burdenshare.spending.soldiers import per_soldier

    _, rel, p = fetch.resolve_release(as_of, release)
    yrs = None if year is None else ([year] if isinstance(year, int) else list(year))
    if yrs is not None:
        fetch.check_years(p, yrs, rel, "military_personnel_thousands")
    codes = None if ally is None else [allies.resolve(a) for a in
                                       ([ally] if isinstance(ally, str) else ally)]  # fmt: skip
    out = per_soldier(p, yrs, codes)
    out.insert(1, "ally", _names(out["iso3"]))
    return fetch.provenance(out, rel, t("spending per soldier (Table 7 personnel)"))

def spending_sipri(
    ally: str | list[str] | None = None,
    *,
    years: int | list[int] | None = None,
    group: str | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """SIPRI's military expenditure (a second lens) beside NATO's figures, never mixed.

    Columns per ally-year: ``iso3, ally, year, sipri_current_usd_mn,
    sipri_constant_2023_usd_mn, sipri_share_gdp_pct, sipri_per_capita_usd,
    sipri_estimate, population, per_capita_usd`` (World Bank population),
    ``nato_share_gdp_pct, nato_current_usd_mn`` (the NATO release), ``difference_pp,
    difference_usd_mn`` (SIPRI − NATO). ``group`` adds a row per year for the allies
    together (sums over sums). ``attrs["differences"]`` explains why the two differ.
    SIPRI covers 2000-2024 (the 2025 database), population 2014-2024.

    >>> t = spending_sipri(["USA", "POL"], years=2024)
    >>> t[["iso3", "sipri_current_usd_mn"]].round(0).values.tolist()
    [['POL', 38001.0], ['USA', 997309.0]]
    >>> [d["id"] for d in t.attrs["provenance"]["datasets"]]
    ['nato-2026-07', 'sipri-milex-2025', 'wdi-population']
    """
    from burdenshare import allies
    from burdenshare.spending import loader
    from burdenshare.spending.sipri import sipri_lens

    _, rel, p = fetch.resolve_release(as_of, release)
    codes = None if ally is None else [allies.resolve(a) for a in
                                       ([ally] if isinstance(ally, str) else ally)]  # fmt: skip
    yrs = None if years is None else ([years] if isinstance(years, int) else list(years))
    out = sipri_lens(loader.load_sipri(), population=loader.load_population(), nato=p,
                     allies=codes, years=yrs, group=group)  # fmt: skip
    if out.empty:
        raise CoverageError(t(
            "SIPRI has no figures for {codes} in {yrs}",
            codes=(codes or 'the allies'), yrs=yrs,
        ))
    out.insert(1, "ally", [c if c == group else allies.name(c) for c in out["iso3"]])
    notes = {"differences": out.attrs["differences"]}

    method = dict(out.attrs)
    datasets = [loader.origin("sipri-milex-2025"), loader.origin("wdi-population")]
    out = fetch.provenance(out, rel, t("SIPRI military expenditure beside NATO's figures"),
                           datasets=datasets, notes=notes)  # fmt: skip
    out.attrs.update(method)
    return out


def spending_overview(
    *, as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """The alliance at a glance for the latest year of a release: one row per ally.

    Columns: ``iso3``, ``ally``, ``share_gdp_pct``, ``equipment_share_pct``,
    ``real_change_pct``, ``defence_exp_usd_current_mn``, ``is_estimate``, ``meets_2pct``,
    ``meets_equipment_20`` (the guidelines in force at the end of the year, from the rules
    file). ``attrs`` add the year and the group aggregates (``nato_share_gdp_pct``,
    ``europe_canada_share_gdp_pct``, each ``None`` with a ``…_basis`` saying why when it
    cannot be given, or ``published`` when NATO's own aggregate stands in), ``count_2pct``
    and its base: ``n_with_figures`` (allies with a share in the release) and
    ``nato_members`` (NATO's members that year).

    >>> o = spending_overview(release="2024-06")
    >>> kinds = [d["kind"] for d in o.attrs["provenance"]["datasets"]]
    >>> o.attrs["year"], o.attrs["count_2pct"], kinds
    (2024, 23, ['nato_release', 'rules'])
    """
    from burdenshare import spending

    cat, rel, p = fetch.resolve_release(as_of, release)
    year = fetch.latest_year(p)
    in_force = fetch.rules_for_year(year)
    groups = {g: _membership(g, p) for g in ("nato", "europe_canada")}
    not_applicable, published = fetch.coverage_inputs(cat, rel, groups)
    out = spending.overview(
        p, year, groups, float(in_force.value(CORE_GUIDELINE)),
        float(in_force.value(EQUIPMENT_GUIDELINE)), partial=rel.is_partial,
        not_applicable=not_applicable, published=published,
    )  # fmt: skip
    out.insert(1, "ally", _names(out["iso3"]))
    attrs = dict(out.attrs)
    fetch.provenance(out, rel, t("alliance overview {year}", year=year),
                     datasets=[fetch.rules_origin()])  # fmt: skip
    out.attrs.update(attrs)
    return out
