"""The common budgets: civil, military and NSIP amounts per year (EUR million).

A budget table has the columns ``year`` (nullable: a base the user gives has no year),
``line`` (``civil``, ``military``, ``nsip``), ``amount_eur_mn``, ``kind`` (``authorised``;
``ceiling`` for the NSIP, whose yearly figure caps what can be called from allies) and
``source``.

>>> b = budget_base(civil=250.5, military=1395)
>>> b[["line", "amount_eur_mn", "kind"]].values.tolist()
[['civil', 250.5, 'given'], ['military', 1395.0, 'given']]
>>> budget_base(nsip=-1)
Traceback (most recent call last):
...
burdenshare.funding.errors.NegativeBudgetError: budget amount for nsip (given) is -1.0 \
EUR mn; amounts must not be negative
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from burdenshare.funding.errors import (
    FundingError,
    NegativeBudgetError,
    NoBudgetError,
    UnknownBudgetLineError,
)
from burdenshare.text import t

LINES = ("civil", "military", "nsip")
KINDS = ("authorised", "ceiling", "given")
COLUMNS = ["year", "line", "amount_eur_mn", "kind", "source"]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as plain dicts (column name → value)."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def check_line(line: str) -> str:
    """A budget line id, lower-cased; raise naming the accepted lines."""
    key = str(line).strip().lower()
    if key not in LINES:
        raise UnknownBudgetLineError(t("budget line"), line, LINES)
    return key


def check_budgets(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a budget table and return it with typed columns.

    Raises:
        UnknownBudgetLineError: a line other than civil, military, nsip.
        NegativeBudgetError: naming the line and year of the first negative amount.
        NoBudgetError: a missing amount, or a line given twice for a year.
    """
    missing = [c for c in ("line", "amount_eur_mn") if c not in frame.columns]
    if missing:
        raise NoBudgetError(t("budget table lacks column(s) {missing}", missing=', '.join(missing)))
    out = frame.copy()
    for c in COLUMNS:
        if c not in out.columns:
            out[c] = None if c != "kind" else "given"
    out["year"] = out["year"].astype("Int64")
    out["line"] = [check_line(v) for v in out["line"]]
    out["amount_eur_mn"] = pd.to_numeric(out["amount_eur_mn"]).astype("float64")
    for row in records(out):
        when = t("given") if pd.isna(row["year"]) else str(row["year"])
        amount = float(row["amount_eur_mn"])
        if math.isnan(amount):
            raise NoBudgetError(t(
                "budget amount for {line} ({when}) is missing",
                line=row['line'], when=when,
            ))
        if amount < 0:
            raise NegativeBudgetError(
                t(
                    "budget amount for {line} ({when}) is {amount} EUR mn; amounts must not be "
                    "negative",
                    line=row['line'], when=when, amount=amount,
                )
            )
    dup = out.duplicated(subset=["year", "line"])
    if dup.any():
        r = out[dup].iloc[0]
        raise NoBudgetError(t(
            "budget line {line} is given twice for {year}",
            line=r['line'], year=r['year'],
        ))
    return out[COLUMNS].reset_index(drop=True)


def budget_base(
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
    *,
    source: str = "given",
) -> pd.DataFrame:
    """A budget base from amounts the user gives (EUR million); lines left ``None`` are absent.

    Raises:
        NegativeBudgetError, NoBudgetError (no amount at all).
    """
    amounts: Mapping[str, float | None] = {"civil": civil, "military": military, "nsip": nsip}
    rows = [
        {"year": None, "line": k, "amount_eur_mn": float(v), "kind": "given", "source": source}
        for k, v in amounts.items()
        if v is not None
    ]
    if not rows:
        raise NoBudgetError(t("a budget base needs at least one of civil, military, nsip"))
    return check_budgets(pd.DataFrame(rows, columns=COLUMNS))


def budgets_for_year(budgets: pd.DataFrame, year: int) -> pd.DataFrame:
    """The lines published for ``year``.

    Raises:
        NoBudgetError: naming the years that have figures.
    """
    sub = budgets[budgets["year"] == year]
    if sub.empty:
        years = sorted({int(y) for y in budgets["year"].dropna()})
        raise NoBudgetError(
            t(
                "no published budget for {year}; budgets published for: {years}",
                year=year, years=", ".join(str(y) for y in years),
            )
        )
    return sub.reset_index(drop=True)


def budget_gaps(budgets: pd.DataFrame, years: range) -> pd.DataFrame:
    """The (year, line) pairs in ``years`` with no published figure.

    >>> b = pd.DataFrame({"year": [2019, 2019], "line": ["civil", "military"],
    ...                   "amount_eur_mn": [250.5, 1395.0]})
    >>> budget_gaps(check_budgets(b), range(2019, 2020)).values.tolist()
    [[2019, 'nsip']]
    """
    have = {
        (int(y), str(ln))
        for y, ln in zip(budgets["year"], budgets["line"], strict=True)
        if not pd.isna(y)
    }
    rows = [(y, ln) for y in years for ln in LINES if (y, ln) not in have]
    return pd.DataFrame(rows, columns=["year", "line"])


def choose_base(
    budgets: pd.DataFrame,
    year: int | None = None,
    *,
    civil: float | None = None,
    military: float | None = None,
    nsip: float | None = None,
) -> tuple[pd.DataFrame, str]:
    """The budget base of a comparison: a year of published ``budgets`` or given amounts.

    Returns the base and its label (``budgets 2019`` or ``amounts given``).

    Raises:
        FundingError: both a year and amounts, or neither.

    >>> b = check_budgets(pd.DataFrame({"year": [2019], "line": ["civil"],
    ...                                 "amount_eur_mn": [250.5]}))
    >>> choose_base(b, 2019)[1], choose_base(b, civil=10.0)[1]
    ('budgets 2019', 'amounts given')
    """
    if any(v is not None for v in (civil, military, nsip)):
        if year is not None:
            raise FundingError(
                t(
                    "give either a budget year (--budgets YEAR) or amounts "
                    "(--civil/--military/--nsip), not both",
                )
            )
        return budget_base(civil, military, nsip), t("amounts given")
    if year is None:
        raise FundingError(
            t(
                "give a budget base: a year of published budgets (--budgets 2019; in Python "
                "budgets=2019) or amounts in EUR mn (--civil/--military/--nsip)",
            )
        )
    return budgets_for_year(budgets, int(year)), t("budgets {year}", year=int(year))



def base_notes(base: pd.DataFrame) -> list[str]:
    """What a reader must know about a budget base: absent lines, NSIP ceilings."""
    notes: list[str] = []
    years = sorted({int(y) for y in base["year"].dropna()})
    missing = sorted(set(LINES) - set(base["line"]))
    if missing:
        lines = ", ".join(missing)
        notes.append(t("No {lines} amount for {year}: not included.", lines=lines, year=years[0])
                     if years else t("No {lines} amount: not included.", lines=lines))
    if (base["kind"] == "ceiling").any():
        notes.append(t("NSIP amounts are ceilings: contributions to it are upper bounds."))
    return notes

