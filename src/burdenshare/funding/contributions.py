"""Contributions (share × budget, EUR million) and the change between two keys.

Contribution of ally *a* to line *b* in year *y*: ``share_pct(a) / 100 × amount_eur_mn(y, b)``;
for the NSIP the amount is a ceiling, so the result is an upper bound (``upper_bound``).
Change between arrangements: ``(share_to − share_from) / 100 × amount``. An ally with no
share in a key gets NaN and its status ``missing``, never zero.

>>> from burdenshare.funding.keys import make_key
>>> from burdenshare.funding.budgets import budget_base
>>> k = make_key("2030", {"NLD": 3.45, "DEU": 96.55}, decimals=2)
>>> c = contributions(k, budget_base(civil=100.0, nsip=200.0), allies=["NLD"])
>>> c[["iso3", "line", "contribution_eur_mn", "ministry"]].values.tolist()
[['NLD', 'civil', 3.45, 'foreign_affairs'], ['NLD', 'nsip', 6.9, 'defence']]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from burdenshare.funding.budgets import base_notes, budget_gaps, check_budgets, records
from burdenshare.funding.errors import (
    NoKeyForYearError,
    ShareError,
    UnknownGroupingError,
)
from burdenshare.funding.keys import ESTIMATED, Key
from burdenshare.funding.ministries import MinistryMap, check_lang
from burdenshare.text import t

if TYPE_CHECKING:
    pass

CONTRIBUTION_COLUMNS = [
    "period",
    "iso3",
    "year",
    "line",
    "share_pct",
    "share_status",
    "amount_eur_mn",
    "budget_kind",
    "upper_bound",
    "contribution_eur_mn",
    "ministry",
]


def _ally_list(keys: Sequence[Key], allies: Sequence[str] | None) -> list[str]:
    present: list[str] = []
    for k in keys:
        for a in k.allies:
            if a not in present:
                present.append(a)
    if allies is None:
        return present
    unknown = [a for a in allies if a not in present]
    if unknown:
        periods = ", ".join(k.period for k in keys)
        raise ShareError(
            t(
                "ally {unknown} is neither listed nor missing in key {periods} (not a member "
                "then?); allies: {present}",
                unknown=unknown[0], periods=periods, present=', '.join(sorted(present)),
            )
        )
    return list(allies)


def contributions(
    key: Key,
    budgets: pd.DataFrame,
    ministries: MinistryMap | None = None,
    allies: Sequence[str] | None = None,
    *,
    check_period: bool = True,
) -> pd.DataFrame:
    """Each ally's contribution to each budget row.

    Args:
        key: the cost-share key.
        budgets: a budget table (see :mod:`.budgets`); rows with a year must lie in the
            key's period.
        ministries: line → ministry mapping; the default mapping if ``None``.
        allies: restrict to these ISO codes (listed or missing in the key).
        check_period: raise if a budget year lies outside the key's period; pass ``False``
            to apply a key to other years on purpose (a what-if).

    Returns:
        Columns ``period, iso3, year, line, share_pct, share_status, amount_eur_mn,
        budget_kind, upper_bound, contribution_eur_mn, ministry``.

    Raises:
        NoKeyForYearError: a budget year outside the key's period.
        NegativeBudgetError, UnknownBudgetLineError: from the budget check.
    """
    b = check_budgets(budgets)
    mm = ministries or MinistryMap.default()
    for y in b["year"].dropna().unique():
        if check_period and not key.covers(int(y)):
            raise NoKeyForYearError(
                t(
                    "key {key_period} does not cover the budget year {year}; choose the key whose "
                    "period contains it",
                    key_period=key.period, year=int(y),
                )
            )
    rows = []
    for iso3 in _ally_list([key], allies):
        s = key.get(iso3)
        for r in records(b):
            share = np.nan if s is None else s.share_pct
            rows.append(
                {
                    "period": key.period,
                    "iso3": iso3,
                    "year": r["year"],
                    "line": r["line"],
                    "share_pct": share,
                    "share_status": key.status_of(iso3),
                    "amount_eur_mn": r["amount_eur_mn"],
                    "budget_kind": r["kind"],
                    "upper_bound": r["kind"] == "ceiling",
                    "contribution_eur_mn": share / 100.0 * r["amount_eur_mn"],
                    "ministry": mm.ministry(iso3, r["line"]),
                }
            )
    out = pd.DataFrame(rows, columns=CONTRIBUTION_COLUMNS)
    out["year"] = out["year"].astype("Int64")
    out["upper_bound"] = out["upper_bound"].astype(bool)
    out["contribution_eur_mn"] = out["contribution_eur_mn"].astype("float64")
    return out


def _any_nan(s: pd.Series) -> bool:
    return bool(s.isna().any())


def _join(s: pd.Series) -> str:
    return "+".join(dict.fromkeys(str(v) for v in s))


def ministry_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum contributions (or changes) per ally, year and paying ministry.

    Works on the output of :func:`contributions` (``contribution_eur_mn``) and of
    :func:`compare` (``from_eur_mn``, ``to_eur_mn``, ``change_eur_mn``). A total is NaN when
    any of its lines is NaN (a missing share is not zero); ``lines`` lists what was summed and
    ``upper_bound`` says whether an NSIP ceiling is in it; the status columns
    (``share_status``, or ``status_from`` and ``status_to``) are kept, so a total that rests on
    an estimated or derived share says so.

    >>> df = pd.DataFrame({"iso3": ["NLD"] * 3, "year": [2024] * 3,
    ...     "line": ["civil", "military", "nsip"], "ministry": ["fa", "def", "def"],
    ...     "upper_bound": [False, False, True], "contribution_eur_mn": [1.0, 2.0, 3.0]})
    >>> ministry_totals(df)[["ministry", "lines", "contribution_eur_mn"]].values.tolist()
    [['def', 'military+nsip', 5.0], ['fa', 'civil', 1.0]]
    """
    values = [
        c
        for c in ("contribution_eur_mn", "from_eur_mn", "to_eur_mn", "change_eur_mn")
        if c in frame.columns
    ]
    keys = [c for c in ("period", "period_from", "period_to", "iso3", "year") if c in frame]
    keys.append("ministry")
    # keep the status of the shares summed (published, estimated, derived...): a total built
    # on an estimated share must say so
    statuses = [c for c in ("share_status", "status_from", "status_to") if c in frame.columns]
    work = frame.copy()
    work["year"] = work["year"].astype("Int64").astype(object).where(work["year"].notna(), -1)
    grouped = work.groupby(keys, sort=True, dropna=False)
    out = grouped[values].sum(min_count=1)
    # NaN if any line is NaN: a missing share must not count as zero
    any_nan = grouped[values].agg(_any_nan)
    out = out.mask(any_nan.astype(bool))
    for c in statuses:
        out[c] = grouped[c].agg(_join)
    out["lines"] = grouped["line"].agg(_join)
    out["upper_bound"] = grouped["upper_bound"].any()
    out = out.reset_index()
    out["year"] = out["year"].where(out["year"] != -1, None).astype("Int64")
    return out[[*keys, *statuses, "lines", *values, "upper_bound"]]


COMPARE_COLUMNS = [
    "period_from",
    "period_to",
    "iso3",
    "year",
    "line",
    "share_from_pct",
    "share_to_pct",
    "status_from",
    "status_to",
    "delta_pp",
    "amount_eur_mn",
    "budget_kind",
    "upper_bound",
    "from_eur_mn",
    "to_eur_mn",
    "change_eur_mn",
    "ministry",
]


def compare(
    key_from: Key,
    key_to: Key,
    budgets: pd.DataFrame,
    ministries: MinistryMap | None = None,
    allies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The change per ally and budget line when ``key_to`` replaces ``key_from``.

    The budget base is applied to both keys (no period check: comparing arrangements on a
    common base is the point). ``change_eur_mn = (share_to − share_from) / 100 × amount``;
    NaN where either key lacks the ally.

    >>> from burdenshare.funding.keys import make_key
    >>> from burdenshare.funding.budgets import budget_base
    >>> a = make_key("2020", {"USA": 22.1, "DEU": 77.9})
    >>> b = make_key("2021", {"USA": 16.35, "DEU": 83.65})
    >>> c = compare(a, b, budget_base(civil=2120.0))
    >>> round(float(c.set_index("iso3").loc["USA", "change_eur_mn"]), 1)
    -121.9
    """
    b = check_budgets(budgets)
    mm = ministries or MinistryMap.default()
    rows = []
    for iso3 in _ally_list([key_from, key_to], allies):
        sf, st = key_from.get(iso3), key_to.get(iso3)
        f = np.nan if sf is None else sf.share_pct
        t = np.nan if st is None else st.share_pct
        for r in records(b):
            rows.append(
                {
                    "period_from": key_from.period,
                    "period_to": key_to.period,
                    "iso3": iso3,
                    "year": r["year"],
                    "line": r["line"],
                    "share_from_pct": f,
                    "share_to_pct": t,
                    "status_from": key_from.status_of(iso3),
                    "status_to": key_to.status_of(iso3),
                    "delta_pp": t - f,
                    "amount_eur_mn": r["amount_eur_mn"],
                    "budget_kind": r["kind"],
                    "upper_bound": r["kind"] == "ceiling",
                    "from_eur_mn": f / 100.0 * r["amount_eur_mn"],
                    "to_eur_mn": t / 100.0 * r["amount_eur_mn"],
                    "change_eur_mn": (t - f) / 100.0 * r["amount_eur_mn"],
                    "ministry": mm.ministry(iso3, r["line"]),
                }
            )
    out = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    out["year"] = out["year"].astype("Int64")
    out["upper_bound"] = out["upper_bound"].astype(bool)
    for c in (
        "share_from_pct",
        "share_to_pct",
        "delta_pp",
        "from_eur_mn",
        "to_eur_mn",
        "change_eur_mn",
    ):
        out[c] = out[c].astype("float64")
    return out


def ally_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum over budget lines per ally (NaN if any line is NaN), keeping the share columns."""
    values = [
        c
        for c in ("contribution_eur_mn", "from_eur_mn", "to_eur_mn", "change_eur_mn")
        if c in frame.columns
    ]
    keys = [c for c in ("period", "period_from", "period_to", "iso3") if c in frame.columns]
    shares = [
        c
        for c in (
            "share_pct",
            "share_status",
            "share_from_pct",
            "share_to_pct",
            "status_from",
            "status_to",
            "delta_pp",
        )
        if c in frame.columns
    ]
    grouped = frame.groupby(keys, sort=False)
    out = grouped[values].sum(min_count=1).mask(grouped[values].agg(_any_nan).astype(bool))
    first = grouped[shares].first()
    out = first.join(out).reset_index()
    out["lines"] = grouped["line"].agg(_join).to_numpy()
    out["upper_bound"] = grouped["upper_bound"].any().to_numpy()
    return out


def add_labels(frame: pd.DataFrame, ministries: MinistryMap, lang: str = "en") -> pd.DataFrame:
    """Add ``line_label`` and ``ministry_label`` in ``lang`` (``en`` or ``nl``).

    >>> df = pd.DataFrame({"line": ["civil"], "ministry": ["foreign_affairs"]})
    >>> add_labels(df, MinistryMap.default(), "nl").iloc[0].tolist()
    ['civil', 'foreign_affairs', 'civiele begroting', 'ministerie van Buitenlandse Zaken (BZ)']
    """
    check_lang(lang)
    out = frame.copy()
    if "line" in out.columns:
        out["line_label"] = [
            "+".join(ministries.label_line(p, lang) for p in str(v).split("+")) for v in out["line"]
        ]
    if "ministry" in out.columns:
        out["ministry_label"] = [ministries.label_ministry(v, lang) for v in out["ministry"]]
    return out


#: How a contributions or comparison table can be grouped.
BY = ("line", "ministry", "ally")


def check_by(by: str) -> str:
    """``by`` if it is a grouping (``line``, ``ministry``, ``ally``); raise naming them."""
    if by not in BY:
        raise UnknownGroupingError(t("grouping"), by, BY)
    return by


def budgets_table(
    budgets: pd.DataFrame, ministries: MinistryMap, *, lang: str = "en"
) -> pd.DataFrame:
    """The common budgets per year and line, labelled; ``attrs["gaps"]``: the years and
    lines with no published figure (``"2019 nsip, ..."``)."""
    out = add_labels(budgets, ministries, lang)
    years = range(int(out["year"].min()), int(out["year"].max()) + 1)
    gaps = budget_gaps(budgets, years)
    out.attrs["gaps"] = ", ".join(f"{y} {ln}" for y, ln in gaps.itertuples(index=False))
    return out


def grouped(
    frame: pd.DataFrame, ministries: MinistryMap, *, by: str = "line", lang: str = "en"
) -> pd.DataFrame:
    """``frame`` per budget line (as is), per ministry or per ally, with labels in ``lang``.

    Raises:
        FundingError: ``by`` is not ``line``, ``ministry`` or ``ally``.
    """
    check_by(by)
    if by == "ministry":
        frame = ministry_totals(frame)
    elif by == "ally":
        frame = ally_totals(frame)
    return add_labels(frame, ministries, lang)


def _estimate_notes(key: Key, shown: Sequence[str]) -> list[str]:
    """A note naming the shown allies whose share is estimated, not published."""
    est = [s for s in key.shares if s.status == ESTIMATED and s.iso3 in set(shown)]
    if not est:
        return []
    return [
        t("Estimated, not published: the shares of {allies} ({source}).",
          allies=", ".join(s.iso3 for s in est), source=est[0].source)
    ]


def contributions_table(
    key: Key,
    budgets: pd.DataFrame,
    year: int,
    ministries: MinistryMap,
    allies: Sequence[str] | None = None,
    *,
    by: str = "line",
    lang: str = "en",
    check_period: bool = True,
) -> pd.DataFrame:
    """Each ally's contribution in ``year`` under ``key``, grouped and labelled.

    :func:`contributions` then :func:`grouped`; ``attrs["notes"]`` lists what a reader must
    know (key and budgets used, key applied outside its period, absent lines, ceilings,
    estimated shares).
    """
    frame = contributions(key, budgets, ministries, allies, check_period=check_period)
    out = grouped(frame, ministries, by=by, lang=lang)
    notes: list[str] = [t("Key {key}; budgets {year} (EUR million).", key=key.name, year=year)]
    if not key.covers(year):
        notes.append(t("Key {key} applied to {year} on request (not the key in force).",
                       key=key.name, year=year))  # fmt: skip
    notes += base_notes(budgets)
    notes += _estimate_notes(key, list(frame["iso3"]))
    out.attrs["notes"] = notes
    return out


def compare_table(
    key_from: Key,
    key_to: Key,
    budgets: pd.DataFrame,
    ministries: MinistryMap,
    allies: Sequence[str] | None = None,
    *,
    by: str = "line",
    lang: str = "en",
) -> pd.DataFrame:
    """:func:`compare` grouped and labelled, with the notes (``attrs["notes"]``)."""
    out = grouped(compare(key_from, key_to, budgets, ministries, allies), ministries, by=by,
                  lang=lang)  # fmt: skip
    out.attrs["notes"] = [
        t("Change = (share {key_to} - share {key_from}) / 100 x amount; EUR million.",
          key_to=key_to.name, key_from=key_from.name),
        t("Allies missing from either key have no change figure (– in tables, empty in CSV), "
          "not zero."),
        *base_notes(budgets),
    ]
    return out
