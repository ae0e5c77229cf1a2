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

from burdenshare import text as _tx
from burdenshare.measure import PRINTED_DECIMALS, TOLERANCE, as_printed, compared_at, gap, meets
from burdenshare.rules.model import RuleSet, Version, special_flag
from burdenshare.targets.errors import UnknownTargetError
from burdenshare.text import Text, join, t

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
        raise UnknownTargetError(_tx.t("commitment"), key, list(_BY_KEY)) from None


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


def rules_table(rules: RuleSet, day: date | str) -> pd.DataFrame:
    """The parameters in force on ``day``, one row each.

    Columns: ``parameter, version, value, unit, kind, status, confidence, valid_from,
    valid_until, target_year, sources, description``; ``attrs`` hold the ``day`` and the
    ``special_positions`` in force.

    >>> from burdenshare import rules
    >>> r = rules_table(rules.default_rules(), "2023-07-11").set_index("parameter")
    >>> r.loc["spending.core_guideline_pct_gdp", ["kind", "value"]].tolist()
    ['annual_floor', '2.0']
    """
    now = rules.at(day)
    out = pd.DataFrame(
        [
            {
                "parameter": v.id,
                "version": v.version,
                "value": _text(v.value),
                "unit": v.unit,
                "kind": v.kind,
                "status": v.status,
                "confidence": v.confidence,
                "valid_from": v.valid_from_text or "(always)",
                "valid_until": v.valid_until_text or "(open)",
                "target_year": v.get("target_year"),
                "sources": " ".join(v.sources),
                "description": v.description,
            }
            for v in now.values()
        ]
    )
    out.attrs["day"] = now.day.isoformat()
    out.attrs["special_positions"] = "; ".join(
        f"{k}: {', '.join(v)}" for k, v in now.special_positions().items()
    )
    return out


def _text(value: Any) -> str:
    if isinstance(value, float | int | str | bool):
        return str(value)
    return repr(value) if not isinstance(value, dict | list) else str(value)


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
        "path_base_year": v.get("path_base_year"),
        "valid_from": v.valid_from_text,
        "valid_until": v.valid_until_text,
        "sources": " ".join(v.sources),
    }


def _streaks(frame: pd.DataFrame, measure: str, threshold: float) -> pd.DataFrame:
    """Per ally-year: years at or above the threshold so far, and the current run."""
    f = frame[["iso3", "year", measure]].sort_values(["iso3", "year"], kind="stable")
    hit = pd.Series(meets(f[measure].to_numpy(dtype=float), threshold), index=f.index)
    by_ally = hit.groupby(f["iso3"])
    run_id = (~hit).groupby(f["iso3"]).cumsum()  # a new run starts after each miss
    return pd.DataFrame(
        {
            "iso3": f["iso3"],
            "year": f["year"].astype("int64"),
            "years_at_or_above": by_ally.cumsum().astype("int64"),
            "consecutive_years": hit.groupby([f["iso3"], run_id]).cumsum().astype("int64"),
        }
    )


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
        failed), ``met`` (boolean, NA when not assessed), ``gap_pp`` (threshold − value as
        printed, :func:`burdenshare.measure.gap`; negative = above), ``gap_usd_current_mn``
        and ``gap_nc_current_mn`` (the money that closes the gap, as is: negative = above),
        ``shortfall_usd_current_mn`` (max(0, gap)), ``currency_nc``, ``years_at_or_above``
        (years of the release up to this one at or above the threshold; NA where the
        measure is not published or not applicable),
        ``consecutive_years`` (the current run), ``is_estimate``, ``flags`` (special
        positions), ``note``.

    "Met" is :func:`burdenshare.measure.meets` (the figure as NATO prints it, two
    decimals); the money is the gap of :func:`burdenshare.spending.gap_to_threshold`
    (points × GDP in current US dollars, or × defence expenditure for the equipment share).

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
    p = p[p["year"].isin(year_list)].copy()
    related_published = bool(RELATED_COLUMN in p.columns and p[RELATED_COLUMN].notna().any())
    if not related_published:
        p[RELATED_COLUMN] = np.nan
    for col in ("gdp_usd_current_bn", "defence_exp_usd_current_mn", "defence_exp_nc_mn",
                "equipment_share_pct", "currency_nc", "real_change_pct"):  # fmt: skip
        if col not in p.columns:
            p[col] = np.nan
    rules_df = in_force(rules, year_list)
    release = str(p["release"].iloc[0]) if "release" in p.columns and len(p) else ""
    if rules_df.empty or p.empty:
        return _finish(pd.DataFrame(columns=COLUMNS), concept, release, related_published)
    # up to the related part's threshold in force (1.5% at The Hague) counts towards the total
    related_cap = rules_df[rules_df["commitment"] == "related-1.5pct"].set_index("year")
    cap = p["year"].map(related_cap["threshold_pct"]).astype(float)
    p["total_share_gdp_pct"] = p["share_gdp_pct"] + p[RELATED_COLUMN].clip(upper=cap)
    p["_xr"] = p["defence_exp_nc_mn"] / p["defence_exp_usd_current_mn"]
    rows = p.reset_index(drop=True).merge(rules_df, on="year", how="inner", sort=False)
    key = rows["commitment"]
    measure = key.map({c.key: c.measure for c in COMMITMENTS})
    value = pd.Series(np.nan, index=rows.index, dtype=float)
    for c in COMMITMENTS:  # one column per commitment, not per row
        at = key == c.key
        value[at] = rows.loc[at, c.measure].astype(float)
    threshold = rows["threshold_pct"].astype(float)

    iceland = rows["share_gdp_pct"].isna() & (rows["iso3"] == "ISL")
    unpublished = (key == "related-1.5pct") & (not related_published)
    unassessable = (key == "total-5pct") & (not related_published)
    no_data = value.isna()
    # a "<=" part (up to 1.5% counts) is met when it is fully used: spending above the cap
    # is not a failure, it just does not count towards the 5%
    ok = meets(value.to_numpy(), threshold.to_numpy())
    assessed = ~(iceland | unpublished | unassessable | no_data)
    assessment = pd.Series(
        np.select(
            [iceland, unpublished, unassessable, no_data, ok],
            ["not applicable", "not published", "not assessable", "no data", "met"],
            "not met",
        ),
        index=rows.index,
    )
    met = pd.Series(ok, index=rows.index, dtype="boolean").where(assessed, pd.NA)

    # the gap of the value as compared (as printed), so "met" never has a shortfall
    gap_pp = pd.Series(gap(value.to_numpy(), threshold.to_numpy()), index=rows.index)
    base = key.map({c.key: c.base for c in COMMITMENTS})
    of = rows["gdp_usd_current_bn"] * 1e3  # US$ mn; the equipment share is of defence exp.
    money = gap_pp / 100 * of.where(base == "gdp", rows["defence_exp_usd_current_mn"])

    note = _notes(rows, value, gap_pp, assessment, iceland, unpublished, unassessable, assessed)
    cal = calendar_status(rows, full, measure, value, threshold, met, assessed, base,
                          xr=rows["_xr"])  # fmt: skip
    streaks = _streak_columns(full, rows, measure, threshold, assessment)
    flags = _flags(rules, rows)
    out = pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "year": rows["year"].astype("int64"),
            "commitment": key,
            "parameter": rows["parameter"],
            "version": rows["version"].astype("int64"),
            "kind": rows["kind"],
            "rule_status": rows["rule_status"],
            "threshold_pct": threshold,
            "comparator": rows["comparator"],
            "target_year": rows["target_year"],
            "measure": measure,
            "value": value,
            "assessment": assessment,
            "met": met,
            "gap_pp": gap_pp,
            "shortfall_usd_current_mn": money.clip(lower=0.0),
            "gap_usd_current_mn": money,
            "gap_nc_current_mn": money * rows["_xr"],
            "currency_nc": rows["currency_nc"],
            "years_at_or_above": streaks["years_at_or_above"],
            "consecutive_years": streaks["consecutive_years"],
            "is_estimate": rows["is_estimate"].astype(bool),
            "flags": flags.astype(str),
            "note": note,
        }
    )
    out = pd.concat([out, cal], axis=1)
    out["target_year"] = pd.to_numeric(out["target_year"]).astype("Int64")
    out = out.sort_values(["year", "iso3", "commitment"], kind="stable").reset_index(drop=True)
    return _finish(out, concept, release, related_published)


#: The status vocabulary of :func:`calendar_status` (column ``status``).
STATUSES = ("met", "ahead", "on_path", "behind", "not_yet_due", "missed_at_deadline",
            "not_assessable")  # fmt: skip
#: The columns :func:`calendar_status` adds to each compliance row.
CALENDAR_COLUMNS = ["status", "deadline", "path", "path_share_pct", "path_gap_pp",
                    "path_gap_usd_current_mn", "path_gap_nc_current_mn", "halt_decline",
                    "real_growth_with_gdp", "moving_towards", "annual_progress",
                    "subtests"]  # fmt: skip
#: Each sub-test's outcome as a sentence: (passed, failed).
SUBTESTS: dict[str, tuple[Text, Text]] = {
    "halt_decline": (t("halt decline: yes"), t("halt decline: no")),
    "real_growth_with_gdp": (t("real growth with GDP: yes"), t("real growth with GDP: no")),
    "moving_towards": (t("moving towards: yes"), t("moving towards: no")),
    "annual_progress": (t("annual progress: yes"), t("annual progress: no")),
}
#: What a share is of, for the path's description.
_BASES = {"gdp": t("GDP"), "defence": t("defence expenditure")}


COLUMNS = ["iso3", "year", "commitment", "parameter", "version", "kind", "rule_status",
           "threshold_pct", "comparator", "target_year", "measure", "value", "assessment",
           "met", "gap_pp", "shortfall_usd_current_mn", "gap_usd_current_mn",
           "gap_nc_current_mn", "currency_nc", "years_at_or_above", "consecutive_years",
           "is_estimate", "flags", "note", *CALENDAR_COLUMNS]  # fmt: skip


def calendar_status(
    rows: pd.DataFrame,
    full: pd.DataFrame,
    measure: pd.Series,
    value: pd.Series,
    threshold: pd.Series,
    met: pd.Series,
    assessed: pd.Series,
    base: pd.Series,
    *,
    xr: pd.Series | None = None,
) -> pd.DataFrame:
    """The status of each compliance row on the commitment's calendar, and its sub-tests.

    ``rows`` are ally-year × commitment rows (``iso3, year, commitment, kind, target_year,
    path_base_year, gdp_usd_current_bn, defence_exp_usd_current_mn, real_change_pct``),
    ``full`` the release's panel (every year: the base year and the year before are read
    from it), ``measure``/``value``/``threshold`` the measured column, its value and the
    threshold, ``met``/``assessed`` the row's assessment, ``base`` what the percentage is
    of (``gdp`` or ``defence``), ``xr`` national currency per US dollar.

    The deadline is the rule's ``target_year`` (or ``target_year_for_allies_below``);
    a rule without one (the 2006 guideline, the Vilnius floor) is due every year. Status,
    in this order: ``not_assessable`` (nothing measured), ``met`` (at or above the
    threshold, :func:`burdenshare.measure.meets`), ``missed_at_deadline`` (below it in or
    after the deadline year), ``not_yet_due`` (below it before the deadline, in or before
    the path's base year, or when the rule names no base year), then against the path:
    ``ahead``, ``on_path`` (equal as printed), ``behind``. The path is linear in the share:
    ``p_t = b_0 + (τ − b_0)(t − t_0)/(T − t_0)`` from the ally's own share ``b_0`` in the
    rule's ``path_base_year`` ``t_0`` (Wales 2014, The Hague 2024) to the threshold ``τ``
    in the deadline year ``T``, compared as printed. ``path_gap_pp`` is ``p_t`` as printed
    minus the value as printed (positive: behind) and its money the points × GDP (or ×
    defence expenditure for the equipment share).

    Sub-tests (``True``/``False``, NA where they do not apply), for rows below the
    threshold after the base year: Wales (``kind`` ``aim_move_towards``):
    ``halt_decline`` (NATO's real change ≥ 0), ``real_growth_with_gdp`` (the share, at
    constant prices, at or above the year before: real spending grew at least as fast as
    real GDP); Wales 2% and the 20% equipment guideline: ``moving_towards`` (the share
    above its base-year level); The Hague (core and total): ``annual_progress`` (the
    share above the year before).

    >>> full = pd.DataFrame({"iso3": "AAA", "year": [2014, 2015, 2016],
    ...     "share_gdp_pct": [1.0, 1.05, 1.3], "real_change_pct": [0.0, -1.0, 5.0]})
    >>> rows = full.assign(commitment="guideline-2pct", kind="aim_move_towards",
    ...     target_year=2024, path_base_year=2014, gdp_usd_current_bn=100.0,
    ...     defence_exp_usd_current_mn=1000.0)
    >>> v = rows["share_gdp_pct"]
    >>> ok = pd.Series([False] * 3)
    >>> s = calendar_status(rows, full, pd.Series(["share_gdp_pct"] * 3), v,
    ...     pd.Series([2.0] * 3), ok, ~ok, pd.Series(["gdp"] * 3))
    >>> s[["status", "path_share_pct"]].values.tolist()
    [['not_yet_due', nan], ['behind', 1.1], ['ahead', 1.2]]
    >>> s["path_gap_usd_current_mn"].round(6).tolist()  # 0.05 points of 100 bn behind
    [nan, 50.0, -100.0]
    >>> s["subtests"].tolist()[1]
    'halt decline: no; real growth with GDP: yes; moving towards: yes'
    """
    idx = rows.index
    year = rows["year"].astype("int64")
    met_b = met.fillna(False).astype(bool)
    assessed_b = assessed.astype(bool)
    deadline = pd.to_numeric(rows["target_year"], errors="coerce")
    deadline = deadline.where(deadline.notna(), year).astype("int64")
    base_col = rows["path_base_year"] if "path_base_year" in rows.columns else pd.Series(
        np.nan, index=idx)  # fmt: skip
    t0 = pd.to_numeric(base_col, errors="coerce")
    has_base = t0.notna()
    lookup = full.drop_duplicates(["iso3", "year"]).set_index(["iso3", "year"])

    def at(years: pd.Series) -> pd.Series:
        out = pd.Series(np.nan, index=idx, dtype=float)
        keys = pd.MultiIndex.from_arrays([rows["iso3"].to_numpy(), years.to_numpy()])
        for m in measure.dropna().unique():
            if m in lookup.columns:
                sel = (measure == m).to_numpy()
                out[sel] = pd.to_numeric(lookup[m], errors="coerce").reindex(keys[sel]).to_numpy()
        return out

    b0 = at(t0.fillna(-1).astype("int64"))
    prev = at(year - 1)
    tau = threshold.astype(float)
    span = (deadline - t0).where(deadline > t0)
    path = (b0 + (tau - b0) * (year - t0) / span).where(b0 < tau, tau)
    path_p = pd.Series(as_printed(path.to_numpy(dtype=float)), index=idx)
    below = assessed_b & ~met_b
    due = year >= deadline
    pathless = ~has_base | (year <= t0)
    on_a_path = below & ~due & ~pathless & b0.notna() & span.notna()
    v = value.to_numpy(dtype=float)
    at_or_above = meets(v, path_p.to_numpy())
    above = ~meets(v, path_p.to_numpy(), comparator="<=")
    status = np.select(
        [~assessed_b, met_b, due, pathless, ~on_a_path, above, at_or_above],
        ["not_assessable", "met", "missed_at_deadline", "not_yet_due", "not_assessable",
         "ahead", "on_path"],
        "behind",
    )  # fmt: skip
    path_gap = pd.Series(gap(v, path_p.to_numpy()), index=idx).where(on_a_path)
    of = (rows["gdp_usd_current_bn"] * 1e3).where(
        base == "gdp", rows["defence_exp_usd_current_mn"])  # fmt: skip
    money = path_gap / 100 * of
    label = pd.Series(
        [
            t("linear share of {base} from {year} ({share:.2f}%) to {target:g}% in {deadline}",
              base=_BASES[str(b)], year=int(y0), share=float(s0), target=float(tt),
              deadline=int(d)) if on else ""
            for on, b, y0, s0, tt, d in zip(on_a_path, base, t0.fillna(0), b0, tau, deadline,
                                             strict=True)
        ],
        index=idx, dtype=object,
    )  # fmt: skip
    kind = rows["kind"].astype(str)
    key = rows["commitment"].astype(str)
    after = below & has_base & (year > t0)
    wales = after & (kind == "aim_move_towards")
    towards = after & ((kind == "aim_move_towards") | (key == "equipment-20pct")) & b0.notna()
    hague = after & key.isin(["core-3.5pct", "total-5pct"]) & prev.notna()
    rc = pd.to_numeric(rows.get("real_change_pct", pd.Series(np.nan, index=idx)),
                       errors="coerce")  # fmt: skip
    tests = {
        "halt_decline": (meets(rc.to_numpy(dtype=float), 0.0), wales & rc.notna()),
        "real_growth_with_gdp": (meets(v, prev.to_numpy()), wales & prev.notna()),
        "moving_towards": (~meets(v, b0.to_numpy(), comparator="<="), towards),
        "annual_progress": (~meets(v, prev.to_numpy(), comparator="<="), hague),
    }
    out = pd.DataFrame(
        {
            "status": pd.Series(status, index=idx, dtype=object),
            "deadline": deadline,
            "path": label,
            "path_share_pct": path_p.where(on_a_path),
            "path_gap_pp": path_gap,
            "path_gap_usd_current_mn": money,
            "path_gap_nc_current_mn": money * (xr if xr is not None else np.nan),
        },
        index=idx,
    )
    pieces: list[list[Text]] = [[] for _ in range(len(idx))]
    for name, (ok, applies) in tests.items():
        col = pd.Series(ok, index=idx, dtype="boolean").where(applies, pd.NA)
        out[name] = col
        for i in np.flatnonzero(applies.to_numpy(dtype=bool)):
            pieces[i].append(SUBTESTS[name][0 if ok[i] else 1])
    out["subtests"] = pd.Series([join(p) for p in pieces], index=idx, dtype=object)
    return out


def _finish(out: pd.DataFrame, concept: str, release: str, related: bool) -> pd.DataFrame:
    out.attrs["concept"] = concept
    out.attrs["series"] = series_note(concept, release)
    out.attrs["related_spending"] = related_note(concept, related)
    out.attrs["money"] = MONEY_NOTE
    out.attrs["reference_day"] = t("31 December of each year")
    out.attrs["status"] = STATUS_NOTE
    out.attrs["compared_at"] = t("{decimals} (as NATO prints)",
                                 decimals=compared_at(PRINTED_DECIMALS))
    return out


def _notes(
    rows: pd.DataFrame,
    value: pd.Series,
    gap_pp: pd.Series,
    assessment: pd.Series,
    iceland: pd.Series,
    unpublished: pd.Series,
    unassessable: pd.Series,
    assessed: pd.Series,
) -> pd.Series:
    """The note of each row; later rules override earlier ones (as they are listed)."""
    note = pd.Series("", index=rows.index, dtype=object)
    note[iceland] = t("Iceland has no armed forces")
    release = rows.get("release", pd.Series("", index=rows.index)).fillna("").astype(str)
    at = unpublished & ~iceland
    _put(note, at, [
        t("NATO has published no separate table of defence- and security-related spending "
          "(the up-to-1.5% part) in release {release}", release=r) for r in release[at]
    ])  # fmt: skip
    at = unassessable & ~iceland
    _put(note, at, [
        t("the defence- and security-related part is not published; core alone is "
          "{share:.2f}% of GDP", share=float(v)) if pd.notna(v)
        else t("the defence- and security-related part is not published")
        for v in rows.loc[at, "share_gdp_pct"]
    ])  # fmt: skip
    excess = -gap_pp  # as printed minus threshold
    over = assessed & (rows["comparator"] == "<=") & (excess > TOLERANCE)
    _put(note, over, [
        t("up to {cap:g}% of GDP counts towards the 5%; the {above:.2f} points above it do "
          "not", cap=float(c), above=float(a))
        for c, a in zip(rows.loc[over, "threshold_pct"], excess[over], strict=True)
    ])  # fmt: skip
    judged = assessment.isin(["met", "not met"])
    ty = pd.to_numeric(rows["target_year"], errors="coerce")
    before = (rows["commitment"].isin(["core-3.5pct", "total-5pct"]) & judged
              & ty.notna() & (rows["year"] < ty))  # fmt: skip
    _put(note, before, [
        t("target year {year}; NATO publishes no interim milestones (compare with a path: "
          "targets path)", year=int(y)) for y in ty[before]
    ])  # fmt: skip
    rc = pd.to_numeric(rows["real_change_pct"], errors="coerce")
    dip = (rows["kind"] == "aim_move_towards") & (assessment == "not met") & rc.notna()
    _put(note, dip, [
        t("below 2%: real change {change:+.2f}% (no decline)", change=float(c)) if c >= 0
        else t("below 2%: real change {change:+.2f}% (decline: the pledge asks to halt it)",
               change=float(c))
        for c in rc[dip]
    ])  # fmt: skip
    return note


def _put(column: pd.Series, where: pd.Series, texts: list[Text]) -> None:
    """Set the rows ``where`` of an object column to ``texts`` (kept as :class:`Text`)."""
    at = where.to_numpy(dtype=bool)
    if at.any():  # a list, not a Series: pandas would turn the sentences into plain str
        column.loc[at] = texts



def _streak_columns(
    full: pd.DataFrame,
    rows: pd.DataFrame,
    measure: pd.Series,
    threshold: pd.Series,
    assessment: pd.Series,
) -> pd.DataFrame:
    """Years at or above and the current run, per row; NA where nothing is measured."""
    keys = pd.DataFrame({"iso3": rows["iso3"], "year": rows["year"].astype("int64"),
                         "measure": measure, "threshold": threshold})  # fmt: skip
    parts = []
    pairs = keys[["measure", "threshold"]].drop_duplicates()
    for m, th in zip(pairs["measure"], pairs["threshold"], strict=True):  # one per rule value
        if m in full.columns:
            parts.append(_streaks(full, str(m), float(th)).assign(measure=m, threshold=th))
    cols = ["years_at_or_above", "consecutive_years"]
    if parts:
        joined = keys.merge(pd.concat(parts), on=["iso3", "year", "measure", "threshold"],
                            how="left")  # fmt: skip
        joined.index = rows.index
    else:
        joined = keys.assign(**{c: np.nan for c in cols})
    # unknown (not 0) where the measure is not published or not applicable
    counted = assessment.isin(["met", "not met", "no data"])
    return pd.DataFrame(
        {c: joined[c].where(counted).astype("Int64") for c in cols}, index=rows.index
    )


def _flags(rules: RuleSet, rows: pd.DataFrame) -> pd.Series:
    """The special-position flags per row (``""`` for most allies)."""
    table = [
        {"year": y, "iso3": iso3, "flags": " ".join(names)}
        for y in sorted({int(v) for v in rows["year"]})
        for iso3, names in rules.at(reference_day(y)).special_positions().items()
    ]
    if not table:
        return pd.Series("", index=rows.index, dtype=object)
    f = pd.DataFrame(table)
    joined = rows[["year", "iso3"]].astype({"year": "int64"}).merge(f, how="left")
    return pd.Series(joined["flags"].fillna("").to_numpy(), index=rows.index, dtype=object)


STATUS_NOTE = t(
    "status on the commitment's calendar: met; missed_at_deadline (below it in or after the "
    "deadline year; rules without a deadline are due every year); not_yet_due (below it "
    "before the deadline, in or before the path's base year); ahead / on_path / behind a "
    "linear path in the share from the ally's own share in the rule's base year (Wales 2014, "
    "The Hague 2024) to the threshold in the deadline year (the path is illustrative: NATO "
    "publishes no interim milestones); path_gap in points and money"
)

MONEY_NOTE = t(
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


def series_note(concept: str, release: str = "") -> Text:
    """Which published series the shares are, and what it is compared with.

    >>> series_note("defence expenditure", "2025-08").split(":")[0]
    'defence expenditure (NATO definition, release 2025-08)'
    """
    where = (t("NATO definition, release {release}", release=release) if release
             else t("NATO definition"))  # fmt: skip
    name = concept_name(concept)
    if is_core_concept(concept):
        return t(
            "{concept} ({where}): the series NATO publishes since The Hague, the measure of "
            "the 3.5% core target; the 2% guideline and the 20% equipment guideline are "
            "compared with it too", concept=name, where=where,
        )
    return t(
        "{concept} ({where}): published before NATO named its series core defence "
        "expenditure (3.5%) and set it apart from defence- and security-related spending "
        "(1.5%); it is the measure of the 2% guideline, and is compared with 3.5% as the "
        "nearest published measure of core (The Hague measures core with NATO's existing "
        "definition; estimates for the same year differ between releases)",
        concept=name, where=where,
    )


#: The expenditure concepts NATO's releases name, as sentences (others are kept as given).
_CONCEPTS = {
    "defence expenditure": t("defence expenditure"),
    "core defence expenditure": t("core defence expenditure"),
}


def concept_name(concept: str) -> Text | str:
    """A release's expenditure concept, translatable where it is one NATO uses."""
    return _CONCEPTS.get(concept.strip().lower(), concept)


def related_note(concept: str, published: bool) -> Text:
    """Whether the up-to-1.5% part is in the release (``attrs["related_spending"]``)."""
    if published:
        return t("published")
    if is_core_concept(concept):
        return t(
            "not published: NATO has published no separate table of defence- and "
            "security-related spending (the up-to-1.5% part of The Hague commitment); only "
            "core defence expenditure is measured against 3.5%"
        )
    return t(
        "not published: this release reports {concept} only, without the split into core "
        "defence (3.5%) and defence- and security-related spending (1.5%) introduced at The "
        "Hague; its defence expenditure is measured against 3.5%", concept=concept_name(concept),
    )


def special_flag_names(flags: dict[str, tuple[str, ...]], iso3: str) -> tuple[str, ...]:
    """The special-position flags of one ally (empty for most)."""
    return flags.get(iso3, ())


__all__ = [
    "CALENDAR_COLUMNS",
    "COMMITMENTS",
    "STATUSES",
    "Commitment",
    "calendar_status",
    "commitment",
    "compliance",
    "in_force",
    "related_note",
    "rules_table",
    "series_note",
    "special_flag",
]
