"""Compliance with the commitments in force, per ally and year (pure functions).

A year ``Y`` is judged against the rules in force on its **reference day**, 31 December
of ``Y`` by default (the day NATO's membership rule also uses), so 2023 is judged
against the Vilnius floor (from 11 July 2023) and 2014 against the Wales pledge.

Commitments measured (each a dated parameter in ``rules.yaml``):

========================  ===========================================  ====================
commitment                parameter                                    measure
========================  ===========================================  ====================
``guideline-2pct``        ``spending.core_guideline_pct_gdp``          share of GDP
``equipment-20pct``       ``spending.equipment_share_pct_defence_exp`` equipment share
``core-3.5pct``           ``spending.core_defence_pct_gdp``            share of GDP (core)
``related-1.5pct``        ``spending.defence_security_related_pct_gdp`` related spending
``total-5pct``            ``spending.total_commitment_pct_gdp``        core + related
========================  ===========================================  ====================

Values are compared as NATO prints them (two decimals), so 2.00 meets 2%.

**The 1.5% part.** NATO's 2026 release publishes *core* defence expenditure (the 3.5%
concept); it publishes no table of defence- and security-related spending. Where a
release has no such column (``related_share_gdp_pct``), the ``related-1.5pct`` row says
``not published`` and ``total-5pct`` is ``not assessable``; nothing is invented.

Special positions (Spain's 2025 flexibility letter) are reported in ``flags``: the
commitments and the assessment are those of every ally.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from pandas._libs.missing import NAType

from burdenshare.rules.model import RuleSet, Version, special_flag
from burdenshare.targets.errors import UnknownTargetError

RELATED_COLUMN = "related_share_gdp_pct"


@dataclass(frozen=True)
class Commitment:
    """A commitment measured against the panel: which parameter, which measure."""

    key: str
    parameter: str
    measure: str
    base: str  # what the percentage is of: "gdp" or "defence"
    label: str


COMMITMENTS: tuple[Commitment, ...] = (
    Commitment("guideline-2pct", "spending.core_guideline_pct_gdp", "share_gdp_pct", "gdp",
               "2% of GDP (guideline, aim or floor by date)"),
    Commitment("equipment-20pct", "spending.equipment_share_pct_defence_exp",
               "equipment_share_pct", "defence", "20% of defence expenditure on equipment"),
    Commitment("core-3.5pct", "spending.core_defence_pct_gdp", "share_gdp_pct", "gdp",
               "3.5% of GDP on core defence by 2035 (The Hague)"),
    Commitment("related-1.5pct", "spending.defence_security_related_pct_gdp", RELATED_COLUMN,
               "gdp", "up to 1.5% of GDP defence- and security-related (The Hague)"),
    Commitment("total-5pct", "spending.total_commitment_pct_gdp", "total_share_gdp_pct", "gdp",
               "5% of GDP in total by 2035 (The Hague)"),
)  # fmt: skip

_BY_KEY = {c.key: c for c in COMMITMENTS}


def commitment(key: str) -> Commitment:
    """A commitment by key. Raises ``UnknownTargetError`` naming the accepted keys."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownTargetError("commitment", key, list(_BY_KEY)) from None


def reference_day(year: int) -> date:
    """The day whose rules judge ``year``: 31 December."""
    return date(year, 12, 31)


def in_force(rules: RuleSet, years: Iterable[int]) -> pd.DataFrame:
    """Which commitments were in force in each year (on its reference day).

    Columns: ``year, commitment, parameter, version, kind, status, confidence, threshold_pct,
    comparator, target_year, valid_from, valid_until, sources``.

    >>> from burdenshare import rules
    >>> t = in_force(rules.default_rules(), [2014, 2023])
    >>> t[t["commitment"] == "guideline-2pct"][["year", "kind"]].values.tolist()
    [[2014, 'aim_move_towards'], [2023, 'annual_floor']]
    """
    rows = []
    for y in years:
        now = rules.at(reference_day(y))
        for c in COMMITMENTS:
            v = now.get(c.parameter)
            if v is None:
                continue
            rows.append(_rule_row(y, c, v))
    return pd.DataFrame(rows)


def _kind(v: Version) -> str:
    if v.kind:
        return v.kind
    comp = v.get("comparator")
    if comp == "<=":
        return "ceiling_counted"
    return "target" if v.get("target_year") else "guideline"


def _rule_row(year: int, c: Commitment, v: Version) -> dict[str, object]:
    return {
        "year": year,
        "commitment": c.key,
        "parameter": v.id,
        "version": v.version,
        "kind": _kind(v),
        "rule_status": v.status,
        "confidence": v.confidence,
        "threshold_pct": float(v.value),
        "comparator": v.get("comparator", ">="),
        "target_year": v.get("target_year") or v.get("target_year_for_allies_below"),
        "valid_from": v.valid_from_text,
        "valid_until": v.valid_until_text,
        "sources": " ".join(v.sources),
    }


def _streaks(frame: pd.DataFrame, measure: str, threshold: float) -> pd.DataFrame:
    """Per ally-year: years at or above the threshold so far, and the current run."""
    f = frame[["iso3", "year", measure]].sort_values(["iso3", "year"]).copy()
    hit = (f[measure].round(2) >= threshold - 1e-9) & f[measure].notna()
    f["years_at_or_above"] = hit.groupby(f["iso3"]).cumsum().astype("int64")
    run = []
    count = 0
    last_iso = None
    for iso, h in zip(f["iso3"], hit, strict=True):
        if iso != last_iso:
            count, last_iso = 0, iso
        count = count + 1 if h else 0
        run.append(count)
    f["consecutive_years"] = run
    return f[["iso3", "year", "years_at_or_above", "consecutive_years"]]


def compliance(
    panel: pd.DataFrame,
    rules: RuleSet,
    years: Iterable[int] | None = None,
    allies: Iterable[str] | None = None,
    concept: str = "defence expenditure",
) -> pd.DataFrame:
    """Per ally, year and commitment in force: met or not, the gap, the years at or above.

    Args:
        panel: one release (``catalog.panel``).
        rules: the rule set (``rules.default_rules()``).
        years: the years to judge (all years of the release by default).
        allies: ISO codes (all by default).
        concept: the release's expenditure concept (``core defence expenditure`` in 2026).

    Returns:
        One row per ally × year × commitment in force, with ``iso3, year, commitment,
        parameter, version, kind, threshold_pct, comparator, target_year, measure, value,
        assessment`` (``met``, ``not met``, ``no data``, ``not applicable``,
        ``not published``, ``not assessable``; for the up-to-1.5% part, comparator ``<=``,
        ``met`` when the 1.5% that can count is fully used: spending above it is noted, not
        failed), ``met`` (boolean, NA when not assessed), ``gap_pp`` (threshold − value at
        two decimals; negative = above), ``gap_usd_current_mn`` and
        ``gap_nc_current_mn`` (the money that closes the gap, as is: negative = above),
        ``shortfall_usd_current_mn`` (max(0, gap)), ``currency_nc``, ``years_at_or_above``
        (years of the release up to this one at or above the threshold; NA where the
        measure is not published or not applicable),
        ``consecutive_years`` (the current run), ``is_estimate``, ``flags`` (special
        positions), ``note``.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["AAA", "AAA"], "year": [2022, 2023],
    ...     "is_estimate": False, "share_gdp_pct": [1.5, 2.0], "equipment_share_pct": 25.0,
    ...     "gdp_usd_current_bn": 100.0, "defence_exp_usd_current_mn": 1500.0,
    ...     "defence_exp_nc_mn": 1350.0, "currency_nc": "Euros"})
    >>> from burdenshare import rules
    >>> c = compliance(p, rules.default_rules())
    >>> g = c[c["commitment"] == "guideline-2pct"]
    >>> g[["year", "kind", "assessment", "gap_usd_current_mn", "gap_nc_current_mn"]].values.tolist()
    [[2022, 'aim_move_towards', 'not met', 500.0, 450.0], [2023, 'annual_floor', 'met', 0.0, 0.0]]
    >>> g["years_at_or_above"].tolist()
    [0, 1]
    """
    p = panel.copy()
    if allies is not None:
        p = p[p["iso3"].isin(list(allies))]
    year_list = sorted(int(y) for y in (p["year"].unique() if years is None else years))
    full = p
    p = p[p["year"].isin(year_list)]
    related_published = RELATED_COLUMN in p.columns and p[RELATED_COLUMN].notna().any()
    if not related_published:
        p[RELATED_COLUMN] = np.nan
    p["total_share_gdp_pct"] = p["share_gdp_pct"] + p[RELATED_COLUMN].clip(upper=1.5)
    for col in ("gdp_usd_current_bn", "defence_exp_usd_current_mn", "defence_exp_nc_mn",
                "equipment_share_pct", "currency_nc"):  # fmt: skip
        if col not in p.columns:
            p[col] = np.nan
    xr = p["defence_exp_nc_mn"] / p["defence_exp_usd_current_mn"]
    rules_df = in_force(rules, year_list)
    rows = []
    streak_cache: dict[tuple[str, float], pd.DataFrame] = {}
    for _, r in rules_df.iterrows():
        c = _BY_KEY[str(r["commitment"])]
        sub = p[p["year"] == r["year"]]
        if sub.empty:
            continue
        key = (c.measure, float(r["threshold_pct"]))
        if key not in streak_cache:
            streak_cache[key] = (
                _streaks(full, c.measure, float(r["threshold_pct"]))
                if c.measure in full.columns
                else pd.DataFrame(
                    columns=["iso3", "year", "years_at_or_above", "consecutive_years"]
                )
            )
        streaks = streak_cache[key].set_index(["iso3", "year"])
        flags = rules.at(reference_day(int(r["year"]))).special_positions()
        for idx, a in sub.iterrows():
            value = a[c.measure]
            threshold = float(r["threshold_pct"])
            note = ""
            met: bool | NAType
            if pd.isna(a["share_gdp_pct"]) and a["iso3"] == "ISL":
                assessment, met = "not applicable", pd.NA
                note = "Iceland has no armed forces"
            elif c.key == "related-1.5pct" and not related_published:
                assessment, met = "not published", pd.NA
                note = (
                    "NATO has published no separate table of defence- and security-related "
                    f"spending (the up-to-1.5% part) in release {a.get('release', '')}"
                )
            elif c.key == "total-5pct" and not related_published:
                assessment, met = "not assessable", pd.NA
                note = "the defence- and security-related part is not published; core alone is " \
                       f"{_fmt(a['share_gdp_pct'])}% of GDP"  # fmt: skip
            elif pd.isna(value):
                assessment, met = "no data", pd.NA
            else:
                # a "<=" part (up to 1.5% counts) is met when it is fully used: spending
                # above the cap is not a failure, it just does not count towards the 5%
                ok = round(float(value), 2) >= threshold - 1e-9
                assessment, met = ("met" if ok else "not met"), ok
                excess = round(float(value), 2) - threshold
                if r["comparator"] == "<=" and excess > 1e-9:
                    note = (
                        f"up to {threshold:g}% of GDP counts towards the 5%; the "
                        f"{excess:.2f} points above it do not"
                    )
            # the gap of the value as compared (two decimals), so "met" never has a shortfall
            gap_pp = threshold - round(float(value), 2) if pd.notna(value) else np.nan
            if c.base == "gdp":
                money = gap_pp / 100 * a["gdp_usd_current_bn"] * 1e3
            else:
                money = gap_pp / 100 * a["defence_exp_usd_current_mn"]
            money_usd = money
            if c.key in ("core-3.5pct", "total-5pct") and r["target_year"]:
                ty = int(r["target_year"])
                if int(r["year"]) < ty and assessment in ("met", "not met"):
                    note = (f"target year {ty}; NATO publishes no interim milestones (compare "
                            "with a path: targets path)")  # fmt: skip
            if r["kind"] == "aim_move_towards" and assessment == "not met":
                rc = a.get("real_change_pct")
                if pd.notna(rc):
                    note = f"below 2%: real change {float(rc):+.2f}% " + (
                        "(no decline)"
                        if float(rc) >= 0
                        else "(decline: the pledge asks to halt it)"
                    )
            at = (a["iso3"], int(r["year"]))
            st = streaks.loc[at] if at in streaks.index else None
            counted = st is not None and assessment in ("met", "not met", "no data")
            rows.append(
                {
                    "iso3": a["iso3"],
                    "year": int(r["year"]),
                    "commitment": c.key,
                    "parameter": r["parameter"],
                    "version": int(r["version"]),
                    "kind": r["kind"],
                    "rule_status": r["rule_status"],
                    "threshold_pct": threshold,
                    "comparator": r["comparator"],
                    "target_year": r["target_year"],
                    "measure": c.measure,
                    "value": value,
                    "assessment": assessment,
                    "met": met,
                    "gap_pp": gap_pp,
                    "shortfall_usd_current_mn": max(money_usd, 0.0)
                    if pd.notna(money_usd)
                    else np.nan,
                    "gap_usd_current_mn": money_usd,
                    "gap_nc_current_mn": money_usd * xr.loc[idx] if pd.notna(money_usd) else np.nan,
                    "currency_nc": a["currency_nc"],
                    # unknown (not 0) where the measure is not published or not applicable
                    "years_at_or_above": int(st["years_at_or_above"])
                    if counted and st is not None
                    else pd.NA,
                    "consecutive_years": int(st["consecutive_years"])
                    if counted and st is not None
                    else pd.NA,
                    "is_estimate": bool(a["is_estimate"]),
                    "flags": " ".join(special_flag_names(flags, str(a["iso3"]))),
                    "note": note,
                }
            )
    out = pd.DataFrame(rows)
    if not out.empty:
        out["met"] = out["met"].astype("boolean")
        out["target_year"] = out["target_year"].astype("Int64")
        out["years_at_or_above"] = out["years_at_or_above"].astype("Int64")
        out["consecutive_years"] = out["consecutive_years"].astype("Int64")
        out = out.sort_values(["year", "iso3", "commitment"], kind="stable").reset_index(drop=True)
    release = str(p["release"].iloc[0]) if "release" in p.columns and len(p) else ""
    out.attrs["concept"] = concept
    out.attrs["series"] = series_note(concept, release)
    out.attrs["related_spending"] = related_note(concept, bool(related_published))
    out.attrs["money"] = MONEY_NOTE
    out.attrs["reference_day"] = "31 December of each year"
    out.attrs["compared_at"] = "2 decimals (as NATO prints)"
    return out


MONEY_NOTE = (
    "gap in US dollars = gap in points × GDP in current US dollars (Table 5); in national "
    "currency at the exchange rate implied by the same year's defence expenditure in national "
    "currency and in current US dollars (Tables 1 and 2)"
)


def is_core_concept(concept: str) -> bool:
    """Whether a release's series is *core* defence expenditure (The Hague's 3.5% measure).

    >>> is_core_concept("core defence expenditure"), is_core_concept("defence expenditure")
    (True, False)
    """
    return concept.strip().lower().startswith("core")


def series_note(concept: str, release: str = "") -> str:
    """Which published series the shares are, and what it is compared with.

    >>> series_note("defence expenditure", "2025-08").split(":")[0]
    'defence expenditure (NATO definition, release 2025-08)'
    """
    where = f"NATO definition, release {release}" if release else "NATO definition"
    if is_core_concept(concept):
        return (
            f"{concept} ({where}): the series NATO publishes since The Hague, the measure of "
            "the 3.5% core target; the 2% guideline and the 20% equipment guideline are "
            "compared with it too"
        )
    return (
        f"{concept} ({where}): published before NATO named its series core defence "
        "expenditure (3.5%) and set it apart from defence- and security-related spending "
        "(1.5%); it is the measure of the 2% guideline, and is compared with 3.5% as the "
        "nearest published measure of core (The Hague measures core with NATO's existing "
        "definition; estimates for the same year differ between releases)"
    )


def related_note(concept: str, published: bool) -> str:
    """Whether the up-to-1.5% part is in the release (``attrs["related_spending"]``)."""
    if published:
        return "published"
    if is_core_concept(concept):
        return (
            "not published: NATO has published no separate table of defence- and "
            "security-related spending (the up-to-1.5% part of The Hague commitment); only "
            "core defence expenditure is measured against 3.5%"
        )
    return (
        f"not published: this release reports {concept} only, without the split into core "
        "defence (3.5%) and defence- and security-related spending (1.5%) introduced at The "
        "Hague; its defence expenditure is measured against 3.5%"
    )


def special_flag_names(flags: dict[str, tuple[str, ...]], iso3: str) -> tuple[str, ...]:
    """The special-position flags of one ally (empty for most)."""
    return flags.get(iso3, ())


def _fmt(x: Any) -> str:
    return "–" if x is None or pd.isna(x) else f"{float(x):.2f}"


__all__ = [
    "COMMITMENTS",
    "Commitment",
    "commitment",
    "compliance",
    "in_force",
    "related_note",
    "series_note",
    "special_flag",
]
