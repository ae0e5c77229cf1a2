"""Burden-sharing queries: fetch a release, call one ``burdenshare.burden`` function.

Every function takes ``as_of`` (figures as published on or before that date) or
``release`` (a release id), defaulting to the latest release, a ``group`` (``nato``,
``europe_canada``, ``eu``: members of each year only) and, where money is compared, a
currency ``basis`` (``current`` or ``constant``), named in the output's ``basis`` column;
options are keyword-only. Results carry the provenance envelope
(:mod:`burdenshare.provenance`: the release and every other dataset used, e.g. the
forward-presence table and the cost-share key of the index) and ``attrs["skipped"]``: the
members left out and why (Iceland publishes no defence expenditure). scipy is imported
only by the functions that test rank correlations.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from burdenshare.api import _fetch as fetch
from burdenshare.catalog.errors import CoverageError
from burdenshare.text import join, t

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.loader import Release
    from burdenshare.catalog.query import DateLike
    from burdenshare.shipped import Origin


def _skipped_text(skipped: pd.DataFrame) -> str:
    if skipped.empty:
        return ""
    parts = []
    for iso, grp in skipped.groupby("iso3", sort=True):
        for reason in sorted(dict.fromkeys(grp["reason"])):  # the domain's sentences (Text)
            years = sorted(int(y) for y in grp.loc[grp["reason"] == reason, "year"])
            span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
            parts.append(t("{ally} {years}: {reason}", ally=iso, years=span, reason=reason))
    return join(parts)


def _inputs(
    group: str,
    basis: str,
    as_of: DateLike | None,
    release: str | None,
    years: list[int] | None = None,
) -> tuple[Release, pd.DataFrame, pd.DataFrame]:
    from burdenshare import allies
    from burdenshare import burden as _bd

    _bd.check_basis(basis)
    _, rel, p = fetch.resolve_release(as_of, release)
    wanted = sorted(int(y) for y in p["year"].unique()) if years is None else years
    fetch.check_years(p, wanted, rel)
    members = allies.membership(group, wanted)
    inputs, skipped = _bd.alliance_inputs(p, members, basis, wanted)
    if inputs.empty:
        spend_col, gdp_col = _bd.BASES[basis]
        span = str(wanted[0]) if len(wanted) == 1 else f"{wanted[0]}-{wanted[-1]}"
        raise CoverageError(
            t(
                "release {rel_id} has no defence expenditure with GDP ({spend_col}, {gdp_col}, "
                "share_gdp_pct) for {group} in {span}; choose another release (burdenshare data "
                "releases)",
                rel_id=rel.id, spend_col=spend_col, gdp_col=gdp_col, group=group, span=span,
            )
        )
    return rel, inputs, skipped


def _finish(
    frame: pd.DataFrame,
    rel: Release,
    what: str,
    skipped: pd.DataFrame,
    datasets: list[Origin] | None = None,
) -> pd.DataFrame:
    fetch.provenance(frame, rel, what, datasets=datasets or [])
    frame.attrs["skipped"] = _skipped_text(skipped)
    return frame


def _names(codes: pd.Series) -> list[str]:
    from burdenshare import allies

    return [allies.name(c) for c in codes]


def _latest(inputs: pd.DataFrame, rel: Release) -> int:
    if inputs.empty:
        raise CoverageError(t("release {rel_id} has no defence spending with GDP", rel_id=rel.id))
    return int(inputs["year"].max())


def _year_range(
    from_year: int | None, to_year: int | None, as_of: DateLike | None, release: str | None
) -> list[int]:
    _, rel, p = fetch.resolve_release(as_of, release)
    have = sorted(int(y) for y in p.loc[p["share_gdp_pct"].notna(), "year"].unique())
    if not have:
        raise CoverageError(t("release {rel_id} has no share of GDP", rel_id=rel.id))
    lo = have[0] if from_year is None else from_year
    hi = have[-1] if to_year is None else to_year
    if lo > hi:
        raise CoverageError(t("--from {lo} is after --to {hi}", lo=lo, hi=hi))
    return list(range(lo, hi + 1))


def burden_exploitation(
    from_year: int | None = None,
    to_year: int | None = None,
    *,
    group: str = "nato",
    basis: str = "current",
    as_of: DateLike | None = None,
    release: str | None = None,
    n_resamples: int = 9999,
    seed: int = 0,
) -> pd.DataFrame:
    """Free-riding rank tests of GDP against burden, year by year (METRICS.md A2-A4).

    Columns: ``year``, ``basis``, ``n_allies``, ``statistic`` (``spearman``,
    ``kendall_tau_b``, ``partial_spearman``), ``estimate``, ``p_one_sided`` (H1: ρ > 0),
    ``p_two_sided``, ``p_method``, ``controls`` (``gdp_per_head`` for the partial),
    ``is_estimate`` (the year's figures include NATO estimates).

    >>> t = burden_exploitation(2024, 2024, release="2024-06")
    >>> int(t["n_allies"].iloc[0]), sorted(set(t["statistic"]))
    (31, ['kendall_tau_b', 'partial_spearman', 'spearman'])
    >>> t.attrs["skipped"]
    'ISL 2024: no defence expenditure published (not applicable or missing)'
    """
    from burdenshare import burden as _bd

    years = _year_range(from_year, to_year, as_of, release)
    rel, inputs, skipped = _inputs(group, basis, as_of, release, years)
    out = _bd.free_riding(inputs, n_resamples=n_resamples, seed=seed)
    out.insert(0, "group", group)
    _finish(out, rel, t("free-riding tests, {group}, {first}-{last}", group=group,
                        first=years[0], last=years[-1]), skipped)  # fmt: skip
    out.attrs["basis"] = str(out["basis"].iloc[0])
    return out


def burden_exploitation_pooled(
    from_year: int | None = None,
    to_year: int | None = None,
    *,
    group: str = "nato",
    basis: str = "current",
    n_resamples: int = 9999,
    seed: int = 0,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """One exploitation test pooled over the years, with and without the US and with a
    threat-proximity control (allies bordering Russia or Belarus, a shipped table).

    Columns: ``variant`` (``all``, ``without USA``, ``proximity control``, ``without USA,
    proximity control``), ``years, n_years, n_allies, mean_rho, p_one_sided,
    p_two_sided, p_method, controls, left_out`` (allies not present in every year: the
    test uses a fixed membership), ``is_estimate``. See
    :func:`burdenshare.burden.freeriding.pooled_free_riding`.

    >>> t = burden_exploitation_pooled(2014, 2024, release="2024-06", n_resamples=999)
    >>> t["variant"].tolist()[:2], int(t["n_allies"].iloc[0])
    (['all', 'without USA'], 27)
    """
    from burdenshare import burden as _bd
    from burdenshare.burden.loader import load_threat_proximity, threat_origin

    years = _year_range(from_year, to_year, as_of, release)
    rel, inputs, skipped = _inputs(group, basis, as_of, release, years)
    threat = load_threat_proximity()
    border = threat.loc[threat["borders_russia"] | threat["borders_belarus"], "iso3"]
    out = _bd.pooled_free_riding(inputs, border=list(border), n_resamples=n_resamples,
                                 seed=seed)  # fmt: skip
    out.insert(0, "group", group)
    _finish(out, rel, t("pooled free-riding test, {group}, {first}-{last}", group=group,
                        first=years[0], last=years[-1]), skipped,
            [threat_origin()])  # fmt: skip
    out.attrs["border_allies"] = ", ".join(sorted(border))
    return out

def burden_exploitation_series(
    from_year: int | None = None,
    to_year: int | None = None,
    *,
    group: str = "nato",
    basis: str = "current",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The free-riding coefficients by year, one column per statistic (for a chart).

    Columns: ``year``, ``spearman_rho``, ``kendall_tau_b``, ``partial_spearman_rho``,
    ``n_allies``, ``spearman_p_one_sided``, ``is_estimate``.
    """
    from burdenshare import burden as _bd

    tidy = burden_exploitation(
        from_year, to_year, group=group, basis=basis, as_of=as_of, release=release
    )
    out = _bd.free_riding_series(tidy)
    out.attrs.update(tidy.attrs)
    return out


def burden_fair_share(
    year: int | None = None,
    *,
    group: str = "nato",
    basis: str = "current",
    as_of: DateLike | None = None,
    release: str | None = None,
    band_decimals: int | None = 2,
    reference_without: str | list[str] | None = None,
) -> pd.DataFrame:
    """Fair-share measures of every ally in one year (METRICS.md B1-B5).

    ``reference_without`` (e.g. ``"USA"``) adds ``ratio_vs_reference`` and
    ``band_vs_reference``: each ally's burden against the average of the others (the
    alliance average is essentially the US's).

    Shares of alliance spending and GDP, their ratio with the DoD band, the fair-share
    gap in money and per-capita spending, on the currency ``basis`` (column ``basis``).
    The ratio is compared with the bands at ``band_decimals`` (two, as the DoD prints
    it; ``None``: unrounded). ``attrs`` add ``alliance_burden_pct``, ``mean_burden_pct``,
    ``median_burden_pct``, ``alliance_per_capita_usd``, ``band_compared_at``.

    >>> f = burden_fair_share(2024, release="2024-06").set_index("iso3")
    >>> f.loc["POL", "band"], f.loc["ESP", "band"], f["basis"].iloc[0]
    ('substantial', 'very low effort', 'usd_current')
    >>> abs(float(f["fair_share_gap_usd_mn"].sum())) < 1e-6
    True
    """
    from burdenshare import allies
    from burdenshare import burden as _bd

    rel, inputs, skipped, year = _year_inputs(year, group, basis, as_of, release)
    without: list[str] = [] if reference_without is None else (
        [reference_without] if isinstance(reference_without, str) else list(reference_without))
    out = _bd.fair_share(inputs, year, band_decimals,
                         reference_without=tuple(allies.resolve(a) for a in without))
    out.insert(1, "ally", _names(out["iso3"]))
    alliance = dict(out.attrs)
    _finish(out, rel, t("fair shares, {group}, {year}", group=group, year=year), skipped)
    out.attrs.update(alliance)
    out.attrs["group"] = group
    out.attrs["year"] = year
    return out


def _year_inputs(
    year: int | None, group: str, basis: str, as_of: DateLike | None, release: str | None
) -> tuple[Release, pd.DataFrame, pd.DataFrame, int]:
    """The inputs and skipped members of one year (the latest with data by default)."""
    if year is not None:
        return (*_inputs(group, basis, as_of, release, [year]), year)
    rel, inputs, skipped = _inputs(group, basis, as_of, release)
    year = _latest(inputs, rel)
    return rel, inputs[inputs["year"] == year], skipped[skipped["year"] == year], year


def burden_index(
    year: int | None = None,
    *,
    weights: Mapping[str, float] | str | None = None,
    group: str = "nato",
    cost_shares: pd.DataFrame | Path | str | None = None,
    capabilities: pd.DataFrame | Literal["ledger", "synthetic"] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
    published_key: bool = True,
) -> pd.DataFrame:
    """The three-Cs index (cash, capabilities, contributions) for one year.

    A lens, not a verdict: every indicator's value and z-score and every component score
    stand next to the composite, and ``attrs["missing_inputs"]`` lists what was missing.

    The common-funding ratio is an ally's cost share over its share of NATO's GDP (all
    members of the year with GDP in the release, whatever ``group`` is ranked, because
    the key covers every member). By default the cost shares are the published key in
    force for the year (``burdenshare.funding``, as ``bs.funding_key``): allies the
    key does not list are missing (named in ``missing_inputs`` and in ``missing``),
    never estimated, and a year no key covers has no common-funding ratio.

    Args:
        year: the year; the latest with data by default.
        weights: component → weight (``cash``, ``capabilities``, ``contributions``),
            non-negative with a positive sum, or the same as text
            (``"cash=0.5,capabilities=0.25,contributions=0.25"``); equal by default.
        group: the comparison set (members of that year).
        cost_shares: a common-funding key to use instead of the published one, as a
            frame or the path of a CSV file: ``iso3``, ``share_pct`` (and optionally
            ``period_start``, ``period_end`` or ``period``, as in the funding key's CSV or
            ``bs.funding_key``).
        capabilities: the capabilities component: ``"ledger"`` reads the pledges in the
            readiness ledger (``BURDENSHARE_DATABASE_URL`` or the embedded store; the
            token in ``BURDENSHARE_TOKEN``), ``"synthetic"`` the shipped, labelled synthetic
            units (for demos: the provenance and ``attrs["capabilities_note"]`` say so), each
            as :func:`burdenshare.api.readiness.readiness_capabilities` on 31 December of the
            year (NRI, GDP fair share); or a frame ``iso3``, ``readiness_vs_fair_share``.
            ``None``: the component is missing.
        published_key: with no ``cost_shares``, use the published key (default) or
            leave the common-funding ratio out.

    ``attrs`` add ``cost_shares_source`` (which key, and its sources); the provenance
    names the release, the forward-presence table and the key used.

    >>> t = burden_index(2024, release="2024-06")
    >>> t.attrs["missing_inputs"].split("; ")[0][:53]
    'capabilities: readiness_vs_fair_share (not given: cap'
    >>> t.attrs["weights_used"]
    'cash=0.5, contributions=0.5'
    >>> t.attrs["cost_shares_source"][:32]
    'published cost-share key 2021-20'
    >>> [d["kind"] for d in t.attrs["provenance"]["datasets"]]
    ['nato_release', 'efp', 'funding_source', 'funding_source']
    """
    from burdenshare import allies
    from burdenshare import burden as _bd
    from burdenshare.burden.loader import load_cost_shares_file, load_efp

    if isinstance(weights, str):
        weights = _bd.parse_weights(weights)
    if isinstance(cost_shares, str | Path):
        cost_shares = load_cost_shares_file(cost_shares)
    rel, inputs, skipped, year = _year_inputs(year, group, "current", as_of, release)
    if inputs.empty:
        raise CoverageError(t(
            "no ally has defence spending and GDP in {year} in release {rel_id}",
            year=year, rel_id=rel.id,
        ))
    key, key_source, reason, key_origins = _cost_shares(cost_shares, year, published_key)
    _, _, p = fetch.resolve_release(as_of, release)
    cap_origins: list[Origin] = []
    cap_note = ""
    if isinstance(capabilities, str):
        capabilities, cap_origins, cap_note = _capabilities(capabilities, year, rel.id)
    if capabilities is not None and "iso3" in capabilities.columns:
        capabilities = capabilities.assign(
            iso3=[allies.resolve(c) for c in capabilities["iso3"]]
        )
    efp = load_efp()
    out = _bd.three_cs_index(
        inputs, year, efp=efp, panel=p, nato=allies.members("nato", year), release=rel.id,
        key=key, key_reason=reason, capabilities=capabilities, weights=weights,
        formula_cap=_cap_rule_in_force(year),
    )  # fmt: skip
    out.insert(1, "ally", _names(out["iso3"]))
    domain = dict(out.attrs)
    used = [fetch.efp_origin(), *key_origins, *cap_origins]
    _finish(out, rel, t("three-Cs index, {group}, {year}", group=group, year=year), skipped,
            used)  # fmt: skip
    if cap_note:
        out.attrs["capabilities_note"] = cap_note
        out.attrs["provenance"]["notes"]["capabilities"] = cap_note
    out.attrs.update(
        {
            "group": group,
            "year": year,
            "weights_given": ", ".join(f"{k}={v:g}" for k, v in domain["weights_given"].items()),
            "weights_used": ", ".join(f"{k}={v:g}" for k, v in domain["weights_used"].items()),
            "missing_inputs": join(domain["missing_inputs"]),
            "cost_shares_source": key_source,
            "indicators": "; ".join(domain["indicators"]),
            "efp_source": used[0].citation,
            "efp_troops": t(
                "Forward presence is counted in battlegroups: troop figures are published only "
                "for the whole and per host, not per contributor (burden_forward_presence)."),
            "note": t("a lens, not a verdict: weights are a choice; see the component scores"),
            "income_measure": domain["income_measure"],
            "formula": domain["formula"],
        }
    )
    return out


def _capabilities(
    source: str, year: int, release: str
) -> tuple[pd.DataFrame, list[Origin], str]:
    """The capabilities component from the readiness ledger (or its synthetic seed)."""
    from datetime import date

    from burdenshare.api.readiness import readiness_capabilities
    from burdenshare.errors import InputError

    if source not in ("ledger", "synthetic"):
        raise InputError(t("capabilities source"), source, ("ledger", "synthetic"))
    frame = readiness_capabilities(
        date(year, 12, 31), release=release, pledges="synthetic" if source == "synthetic" else None
    )
    env = frame.attrs["provenance"]
    from burdenshare.shipped import Origin

    origins = [
        Origin(**{k: v for k, v in d.items() if k != "citation"})
        for d in env["datasets"]
        if d["kind"] != "nato_release"
    ]
    note = env["notes"].get("synthetic", "")
    return frame[["iso3", "readiness_vs_fair_share"]], origins, note


def _cap_rule_in_force(year: int) -> bool:
    """Whether a cost-share key rule with a next-largest cap is in force at the end of
    ``year`` (``funding/data/key_rules.yaml``: from 2021)."""
    from datetime import date

    from burdenshare.funding.loader import default_data

    day = date(year, 12, 31)
    return any(
        r.valid_from <= day and (r.valid_until is None or day <= r.valid_until)
        and any(c.kind == "cap_next_largest" for c in r.constraints)
        for r in default_data().rules
    )  # fmt: skip


def _cost_shares(
    cost_shares: pd.DataFrame | None, year: int, published_key: bool
) -> tuple[pd.DataFrame | None, str, str, list[Origin]]:
    """The key for ``year`` (``iso3``, ``share_pct``), where it comes from, what an ally
    without a share lacks (or, without a key, why there is none), and its origin records."""
    from burdenshare import allies
    from burdenshare import burden as _bd
    from burdenshare import funding as _fd
    from burdenshare.shipped import Origin

    if cost_shares is not None:
        key = _bd.cost_shares_for_year(cost_shares, year)
        key["iso3"] = [allies.resolve(c) for c in key["iso3"]]
        if key.empty:
            return None, "", t("the cost shares passed have no key for {year}", year=year), []
        user = Origin(id="user:cost-shares", kind="cost_shares", publisher="the caller",
                      title="cost shares passed by the caller", published="")  # fmt: skip
        return key, t("cost shares passed by the caller"), t(
            "no share in the cost shares passed"), [user]  # fmt: skip
    if not published_key:
        return (None, "", t("published key not used (published_key=False), no cost shares "
                            "passed"), [])  # fmt: skip
    data = _fd.default_data()
    try:
        found = _fd.key_for_year(data.keys, year)
    except _fd.NoKeyForYearError as exc:
        why = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        return None, "", t("{reason}; not estimated", reason=why), []
    frame = found.frame()
    key = frame.loc[frame["share_pct"].notna(), ["iso3", "share_pct"]].reset_index(drop=True)
    ids = ";".join(dict.fromkeys(s.source for s in found.shares))
    source = t("published cost-share key {period} (burdenshare.funding; {sources})",
               period=found.period, sources=data.source_label(ids))  # fmt: skip
    reason = t("not listed in the published key {period}", period=found.period)
    return key, source, reason, fetch.funding_origins([ids])


def burden_decomposition(
    ally: str | None = None,
    *,
    from_year: int | None = None,
    to_year: int | None = None,
    group: str = "nato",
    basis: str = "constant",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """The change in share of GDP split into spending and GDP effects (METRICS.md C5).

    On the ``constant`` basis (default) the recomputed burden is NATO's (which is
    computed at constant prices) and the effects read as real growth of spending and of
    GDP; ``published_change_pp`` shows the change of NATO's printed share.

    >>> d = burden_decomposition("NLD", from_year=2023, to_year=2024, release="2024-06")
    >>> r = d.iloc[0]
    >>> total = r["spending_effect_pp"] + r["gdp_effect_pp"]
    >>> int(r["year"]), bool(abs(total - r["change_pp"]) < 1e-12)
    (2024, True)
    """
    from burdenshare import allies
    from burdenshare import burden as _bd

    years = _year_range(from_year, to_year, as_of, release)
    rel, inputs, skipped = _inputs(group, basis, as_of, release, years)
    if ally is not None:
        code = allies.resolve(ally)
        inputs = inputs[inputs["iso3"] == code]
        skipped = skipped[skipped["iso3"] == code]
        if inputs.empty:
            raise CoverageError(
                t(
                    "ally {code} has no defence spending in {group} in release {rel_id}",
                    code=code, group=group, rel_id=rel.id,
                )
            )
    if basis == "current":  # national-currency spending, for the exchange-rate term
        _, _, p = fetch.resolve_release(as_of, release)
        if "defence_exp_nc_mn" in p.columns and p["defence_exp_nc_mn"].notna().any():
            nc = p[["iso3", "year", "defence_exp_nc_mn"]].rename(
                columns={"defence_exp_nc_mn": "spending_nc_mn"})  # fmt: skip
            inputs = inputs.merge(nc, on=["iso3", "year"], how="left")
    out = _bd.decompose_panel(inputs)
    who = allies.resolve(ally) if ally is not None else group
    if out.empty:
        have = ", ".join(str(y) for y in sorted(set(inputs["year"].astype(int)))) or "none"
        raise CoverageError(
            t(
                "no change to decompose for {who} in {first}-{last}: a change needs two "
                "consecutive member years with data; years with data: {have}",
                who=who, first=years[0], last=years[-1], have=have,
            )
        )
    out.insert(1, "ally", _names(out["iso3"]))
    _finish(out, rel, t("burden change decomposition, {who}", who=who), skipped)

    out.attrs["basis"] = _bd.basis_label(basis, rel.price_base)
    return out


def burden_forward_presence(*, as_of: DateLike | None = None) -> pd.DataFrame:
    """Forward presence on a day: battlegroups joined, led and hosted per ally, and the
    published troop figures in force (for the whole and per host) with their sources.

    Troop figures are published for the whole forward presence and per host (battlegroup or
    brigade), each on its own date: the latest on or before ``as_of`` (today by default) is
    shown with the source's wording (``about``, ``exactly``, ``more than``, ``up to``) and
    source ids (``burden/data/SOURCES.md``). Where no figure exists the cell says "not
    published" (a host) or "not a host"; per-contributor troop numbers are not in the
    sources and are never estimated (the notes say so). Plans (Canada up to about 2,200 in
    Latvia, Germany's brigade of about 4,800 in Lithuania by the end of 2027) are shown
    apart from deployments, from the day they were announced. No NATO figure is used.

    Returns:
        One row for the whole (``iso3`` ``ALL``), then one per ally that is a member on the
        day: ``iso3, ally, hosts, battlegroups_joined, battlegroups_led, troops, qualifier,
        troops_date, troops_sources, plan_troops, plan_qualifier, plan_at, plan_by,
        plan_sources`` (:func:`burdenshare.burden.presence.forward_presence`).

    >>> f = burden_forward_presence(as_of="2022-12-31").set_index("iso3")
    >>> int(f.at["ALL", "troops"]), f.at["ALL", "qualifier"], int(f.at["LVA", "troops"])
    (9641, 'exactly', 1887)
    >>> f.at["FRA", "troops"], [d["id"] for d in f.attrs["provenance"]["datasets"]]
    ('not a host', ['efp', 'efp-troops'])
    """
    from datetime import date

    from burdenshare import allies
    from burdenshare.burden.loader import efp_troops_origin, load_efp, load_efp_troops
    from burdenshare.burden.presence import forward_presence
    from burdenshare.catalog.query import parse_date
    from burdenshare.provenance import attach

    day = date.today() if as_of is None else parse_date(as_of)
    out = forward_presence(load_efp(), load_efp_troops(), day, allies.members_on("nato", day))
    out.insert(1, "ally", ["all forward land forces" if c == "ALL" else allies.name(c)
                           for c in out["iso3"]])  # fmt: skip
    notes = dict(out.attrs.pop("notes", {}))
    attach(out, release=None, datasets=[fetch.efp_origin(), efp_troops_origin()],
           what=t("forward presence on {day}", day=day.isoformat()), notes=notes)  # fmt: skip
    out.attrs.update({"as_of": day.isoformat(), **notes})
    return out
