"""Claim files: the format, the measures and their arguments, the tolerance.

A claim file is YAML with a list ``claims``; each claim has ``id``, ``text`` (the words
quoted), ``said_on`` (an ISO date), ``measure``, the measure's arguments, ``value``,
``unit`` and optionally ``tolerance`` (absolute, ``0.05``, or relative, ``"5%"``; without
one the figure must round to the claimed value as it was written: ``2.01`` is checked at
two decimals, ``130`` at none) and ``source`` (where the words were said).

:func:`parse_claims` checks a parsed document with the shipped-data layer's table checker
(one row per claim: common fields first, then each measure's arguments) and answers a
broken file with one line naming the file, the claim and the rule.

>>> doc = {"claims": [{"id": "c1", "text": "23 Allies meet 2%", "said_on": "2024-06-17",
...        "measure": "allies_at_or_above", "threshold": 2, "year": 2024, "value": 23,
...        "unit": "allies"}]}
>>> c = parse_claims(doc, file="x.yaml")[0]
>>> c.measure, c.args, c.value
('allies_at_or_above', {'threshold': 2.0, 'year': 2024, 'group': 'nato'}, 23.0)
>>> c.tolerance.describe()
'as written (0 decimals)'
>>> parse_claims({"claims": [{**doc["claims"][0], "measure": "mood"}]}, file="x.yaml")
Traceback (most recent call last):
...
burdenshare.claims.errors.ClaimFileError: x.yaml: claim 1 ('c1'): field 'measure': unknown ...
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from burdenshare.claims.errors import ClaimFileError
from burdenshare.measure import TOLERANCE, as_printed
from burdenshare.shipped.errors import DataFileError
from burdenshare.shipped.table import ColumnSpec, TableSpec, check_table
from burdenshare.text import Text, t

_ISO3 = ColumnSpec("str", required=True, pattern=r"[A-Za-z][A-Za-z .'-]+")
_YEAR = ColumnSpec("int", required=True, min=1949, max=2100)
_PERIOD = ColumnSpec("str", required=True, pattern=r"\d{4}(-\d{4})?|[a-z][a-z0-9_]*")
_EUR = ColumnSpec("float", required=True, min=0)


@dataclass(frozen=True)
class Measure:
    """A measure a claim can name: its arguments (typed), defaults and accepted units."""

    name: str
    args: Mapping[str, ColumnSpec]
    units: tuple[str, ...]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # exactly one of these arguments (``ally`` or ``group``)
    numeric: bool = True


#: Every measure, in the order the documentation lists them.
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("share_of_gdp", {"ally": _ISO3, "year": _YEAR}, ("pct",)),
        Measure(
            "real_change",
            {"ally": ColumnSpec("str"), "group": ColumnSpec("str"), "year": _YEAR},
            ("pct",),
            one_of=("ally", "group"),
        ),
        Measure(
            "allies_at_or_above",
            {"threshold": ColumnSpec("float", required=True, min=0, max=100), "year": _YEAR,
             "group": ColumnSpec("str")},
            ("allies",),
            defaults={"group": "nato"},
        ),
        Measure(
            "cumulative_extra_spending",
            {"group": ColumnSpec("str", required=True), "base_year": _YEAR,
             "years": ColumnSpec("str", required=True, pattern=r"\d{4}-\d{4}")},
            ("usd_bn", "usd_mn"),
        ),
        Measure("cost_share", {"ally": _ISO3, "period": _PERIOD}, ("pct",)),
        Measure(
            "cost_share_change",
            {"ally": _ISO3, "from": _PERIOD, "to": _PERIOD, "civil": _EUR, "military": _EUR,
             "nsip": _EUR, "ministry": ColumnSpec("str")},
            ("eur_mn",),
        ),
        Measure(
            "rule_parameter",
            {"parameter": ColumnSpec("str", required=True), "field": ColumnSpec("str")},
            (),
            numeric=False,
        ),
    )
}

#: The fields every claim has (besides the measure's arguments).
COMMON = TableSpec(
    {
        "id": ColumnSpec("str", required=True, pattern=r"[A-Za-z0-9][A-Za-z0-9_.:-]*"),
        "text": ColumnSpec("str", required=True),
        "said_on": ColumnSpec("date", required=True),
        "measure": ColumnSpec("str", required=True, allowed=tuple(MEASURES)),
        "value": ColumnSpec("str", required=True),
        "unit": ColumnSpec("str"),
        "tolerance": ColumnSpec("str", pattern=r"\d+(\.\d+)?%?"),
        "source": ColumnSpec("str"),
    },
    key=("id",),
    open=True,
)


@dataclass(frozen=True)
class Tolerance:
    """How far a figure may be from the claimed value: ``printed``, ``absolute`` or
    ``relative`` (a fraction of the figure).

    >>> Tolerance("relative", 0.05).holds(136.0, 130.0), Tolerance("printed", 2).holds(2.014, 2.01)
    (True, True)
    >>> Tolerance("absolute", 0.5).holds(131.0, 130.0)
    False
    """

    kind: str
    amount: float

    def holds(self, figure: float, claimed: float) -> bool:
        if self.kind == "printed":
            return abs(as_printed(figure, int(self.amount)) - claimed) <= TOLERANCE
        allowed = self.amount * abs(figure) if self.kind == "relative" else self.amount
        return abs(figure - claimed) <= allowed + TOLERANCE

    def describe(self) -> str:
        if self.kind == "printed":
            return f"as written ({int(self.amount)} decimals)"
        if self.kind == "relative":
            return f"±{self.amount * 100:g}%"
        return f"±{self.amount:g}"


@dataclass(frozen=True)
class Claim:
    """One checked claim of a file."""

    id: str
    text: str
    said_on: dt.date
    measure: str
    args: Mapping[str, Any]
    value: float | str
    unit: str
    tolerance: Tolerance
    source: str = ""


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def parse_tolerance(text: str, value_text: str) -> Tolerance:
    """``"5%"`` (relative), ``"0.05"`` (absolute) or ``""`` (as the value is written).

    >>> parse_tolerance("5%", "130").describe(), parse_tolerance("", "2.01").describe()
    ('±5%', 'as written (2 decimals)')
    """
    if not text:
        return Tolerance("printed", _decimals(value_text))
    if text.endswith("%"):
        return Tolerance("relative", float(text[:-1]) / 100)
    return Tolerance("absolute", float(text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, Mapping | list | tuple):
        raise TypeError("a single value, not a list or mapping")
    return str(value).strip()


class _Errors:
    """An error factory for the table checker that names the claim instead of a CSV line."""

    def __init__(self, file: str, ids: Sequence[str], rows: Sequence[int]) -> None:
        self.file, self.ids, self.rows = file, ids, rows

    def where(self, row: int) -> str:
        ident = self.ids[row]
        if ident:
            return t("claim {number} ({id!r})", number=row + 1, id=ident)
        return t("claim {number}", number=row + 1)

    def __call__(self, file: str, rule: str, line: int | None = None) -> DataFileError:
        del file
        if line is None or line < 2:
            return ClaimFileError(self.file, _field(rule))
        row = self.rows[line - 2]
        return ClaimFileError(self.file, t("{where}: {rule}", where=self.where(row),
                                           rule=_field(rule)))  # fmt: skip


#: The table checker's rules about a "column", said of a claim's "field" (marked here for
#: the catalog; :func:`_field` rewrites the checker's template to these).
_FIELD_RULES = (
    t("field {name!r}: {rule}"),
    t("field {name!r}: empty, but required"),
    t("missing field {name!r}{hint}"),
    t("unexpected field {column!r}{tail}"),
)


def _field(rule: str) -> str:
    """A table checker's rule with its first "column" said as "field"."""
    if isinstance(rule, Text):
        return Text(rule.template.replace("column ", "field ", 1), **rule.params)
    return rule.replace("column ", "field ", 1)


def parse_claims(doc: Any, *, file: str) -> list[Claim]:
    """The claims of a parsed claim file, checked (common fields, then each measure's).

    Raises:
        ClaimFileError: no ``claims`` list; a claim that is not a mapping; a missing,
            unknown or ill-typed field or argument; a bad date; a unit the measure does not
            use; a duplicate id — one line naming the file and the claim.
    """
    if not isinstance(doc, Mapping) or not isinstance(doc.get("claims"), list):
        raise ClaimFileError(file, t("expected a mapping with a list 'claims'"))
    raw: list[Mapping[str, Any]] = doc["claims"]
    if not raw:
        raise ClaimFileError(file, t("the list 'claims' is empty"))
    ids = [str(c.get("id", "")) if isinstance(c, Mapping) else "" for c in raw]
    errors = _Errors(file, ids, list(range(len(raw))))
    rows: list[dict[str, str]] = []
    for i, c in enumerate(raw):
        if not isinstance(c, Mapping):
            raise ClaimFileError(
                file, t("claim {number}: expected a mapping of fields", number=i + 1)
            )
        row = {}
        for key, value in c.items():
            try:
                row[str(key)] = _cell(value)
            except TypeError as exc:
                raise ClaimFileError(file, t(
                    "{where}: field {key!r}: {exc}",
                    where=errors.where(i), key=key, exc=exc,
                )) from None
        rows.append(row)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    text = pd.DataFrame([[r.get(k, "") for k in columns] for r in rows], columns=columns)
    common = check_table(text, COMMON, file=file, error=errors)
    out: list[Claim] = []
    for i, row in enumerate(rows):
        m = MEASURES[row["measure"]]
        given = [k for k, v in row.items() if k not in COMMON.columns and v != ""]
        for k in given:
            if k not in m.args:
                raise ClaimFileError(
                    file, t(
                        "{where}: {argument!r} is not an argument of {measure}; accepted: {args}",
                        where=errors.where(i), argument=k, measure=m.name, args=', '.join(m.args),
                    ),
                )  # fmt: skip
        for k, spec in m.args.items():
            if spec.required and row.get(k, "") == "":
                raise ClaimFileError(file, t(
                    "{where}: missing argument {argument!r} of {measure}",
                    where=errors.where(i), argument=k, measure=m.name,
                ))
        if m.one_of and sum(row.get(k, "") != "" for k in m.one_of) != 1:
            raise ClaimFileError(
                file, t(
                    "{where}: {m_name} takes one of {one_of}",
                    where=errors.where(i), m_name=m.name, one_of=' or '.join(m.one_of),
                )
            )
        sub = pd.DataFrame([[row.get(k, "") for k in m.args]], columns=list(m.args))
        typed = check_table(sub, TableSpec(m.args), file=file,
                            error=_Errors(file, ids, [i]))  # fmt: skip
        args: dict[str, Any] = {}
        for k, spec in m.args.items():
            if row.get(k, "") == "":
                if k in m.defaults:
                    args[k] = m.defaults[k]
                continue
            v = typed[k].iloc[0]
            args[k] = int(v) if spec.type == "int" else float(v) if spec.type == "float" else v
        value_text = row["value"]
        unit = row.get("unit", "")
        if m.units and unit not in m.units:
            raise ClaimFileError(
                file, t(
                    "{where}: unit {unit!r} is not one of {m_name}'s: {units}",
                    where=errors.where(i), unit=unit, m_name=m.name, units=', '.join(m.units),
                ),
            )  # fmt: skip
        claimed: float | str = value_text
        if m.numeric or re.fullmatch(r"-?\d+(\.\d+)?", value_text):
            try:
                claimed = float(value_text)
            except ValueError:
                raise ClaimFileError(
                    file, t(
                        "{where}: value {value_text!r} is not a number",
                        where=errors.where(i), value_text=value_text,
                    )
                ) from None
        if "years" in args:
            first, last = (int(y) for y in str(args["years"]).split("-"))
            if first > last or first <= int(args["base_year"]):
                raise ClaimFileError(
                    file, t(
                        "{where}: years {years!r} must run forward and start after base_year "
                        "{base_year}",
                        where=errors.where(i), years=args['years'], base_year=args['base_year'],
                    ),
                )  # fmt: skip
        said = common["said_on"].iloc[i]
        out.append(
            Claim(
                id=row["id"], text=row["text"], said_on=pd.Timestamp(said).date(),
                measure=m.name, args=args, value=claimed, unit=unit,
                tolerance=parse_tolerance(row.get("tolerance", ""), value_text),
                source=row.get("source", ""),
            )
        )  # fmt: skip
    return out
