"""One table checker: a declared spec (types, ranges, patterns, allowed values, required
cells, unique keys) applied column by column on text, naming the first offending line.

Specs are declared in TOML (``catalog/data/schema.toml``) or in Python beside the loader
that reads the table. The checker is faithful: it parses text into typed columns and
changes no value; cross-row rules that belong to a domain (key sums, period overlaps,
membership) stay in the owning package and run on the checked table.

>>> spec = TableSpec({"iso3": ColumnSpec(required=True, pattern="[A-Z]{3}"),
...                   "share_pct": ColumnSpec("float", required=True, min=0, max=100)},
...                  key=("iso3",))
>>> t = read_csv_table(b"iso3,share_pct\\nNLD,3.45\\nBEL,2.1\\n", spec, file="k.csv")
>>> t["share_pct"].tolist()
[3.45, 2.1]
>>> read_csv_table(b"iso3,share_pct\\nNLD,1e3\\n", spec, file="k.csv")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
burdenshare.shipped.errors.DataFileError: k.csv, line 2: column 'share_pct': 1e3 is above ...
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.shipped.errors import DataFileError
from burdenshare.text import t

#: The error factory: ``error(file, rule, line)``; an area's ``DataFileError`` subclass.
ErrorFactory = Callable[..., DataFileError]

TYPES = ("str", "int", "float", "bool", "date")
_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")
_COLUMN_KEYS = {"type", "required", "min", "max", "pattern", "allowed", "range_rule", "optional"}


@dataclass(frozen=True)
class ColumnSpec:
    """The rules of one column.

    Attributes:
        type: ``str``, ``int``, ``float``, ``bool`` or ``date`` (ISO ``YYYY-MM-DD``).
        required: the column must be present and no cell may be empty.
        min, max: inclusive bounds of a number.
        pattern: a regular expression every non-empty text cell must match in full.
        allowed: the accepted values of a text cell.
        range_rule: the message of a bound violation, with ``{v}`` for the cell (default:
            ``{v} is below the minimum …`` / ``… above the maximum …``).
    """

    type: str = "str"
    required: bool = False
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    allowed: tuple[str, ...] | None = None
    range_rule: str | None = None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, required: bool = False) -> ColumnSpec:
        """A spec from a TOML table (``{type = "int", min = 1949}``); ``optional`` ignored."""
        unknown = set(raw) - _COLUMN_KEYS
        if unknown:
            raise ValueError(f"unknown column rule {sorted(unknown)[0]!r}")
        allowed = raw.get("allowed")
        return cls(
            type=str(raw.get("type", "str")),
            required=bool(raw.get("required", required)),
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=raw.get("pattern"),
            allowed=tuple(str(a) for a in allowed) if allowed is not None else None,
            range_rule=raw.get("range_rule"),
        )


@dataclass(frozen=True)
class TableSpec:
    """The columns of a table, its unique key, and whether other columns are allowed.

    Attributes:
        columns: the declared columns in order; an undeclared column is an error unless
            ``open`` is true (then it is kept as text).
        key: columns whose combination must be unique.
        open: accept (and keep as text) columns that are not declared.
        list_expected: name the expected columns in a missing/unexpected-column error
            (helps a user fix a file; shipped files say ``required by the schema``).
    """

    columns: Mapping[str, ColumnSpec]
    key: tuple[str, ...] = ()
    open: bool = False
    list_expected: bool = False
    _names: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_toml(
        cls, section: Mapping[str, Any], extra: Mapping[str, ColumnSpec] | None = None
    ) -> TableSpec:
        """A spec from a TOML section with ``columns``, ``required`` and ``key``."""
        required = set(section.get("required", ()))
        columns = {
            name: ColumnSpec.from_dict(raw, required=name in required)
            for name, raw in section.get("columns", {}).items()
        }
        columns.update(extra or {})
        return cls(columns, key=tuple(section.get("key", ())))

    def expected(self) -> str:
        return ", ".join(self.columns)


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def check_column(
    name: str, spec: ColumnSpec, text: np.ndarray, *, file: str, error: ErrorFactory
) -> np.ndarray:
    """Parse one text column by its spec; raise naming the first offending line.

    Works on plain numpy arrays: the shipped files are small, and per-column pandas
    overhead would dominate the load time. Empty cells become ``None``/``NaN``/``NaT``.
    """

    def fail(mask: np.ndarray, rule: str | Callable[[Any], str]) -> None:
        # a spec's own rule text: ``{v!r}``/``{v}`` stand for the cell (no str.format, as a
        # pattern has braces); the checker's rules are templates given the cell as ``v``
        idx = _first(mask)
        cell = text[idx]
        if callable(rule):
            rule = rule(cell)
        else:
            rule = rule.replace("{v!r}", repr(cell)).replace("{v}", str(cell))
        raise error(file, t("column {name!r}: {rule}", name=name, rule=rule), line=idx + 2)

    empty = text == ""
    kind = spec.type
    if kind == "str":
        if spec.pattern is not None:
            rx = re.compile(spec.pattern)
            bad = np.array(
                [not e and rx.fullmatch(v) is None for v, e in zip(text, empty, strict=True)],
                dtype=bool,
            )
            if bad.any():
                fail(bad, lambda v: t("{v!r} does not match {pattern}", v=v, pattern=spec.pattern))
        if spec.allowed is not None:
            bad = ~empty & ~np.isin(text, list(spec.allowed))
            if bad.any():
                accepted = ", ".join(spec.allowed)
                fail(bad, lambda v: t("unknown value {v!r}; accepted: {accepted}", v=v,
                                      accepted=accepted))  # fmt: skip
        out = text.copy()
        out[empty] = None
        return out
    if kind == "bool":
        is_true = np.isin(text, _TRUE)
        is_false = np.isin(text, _FALSE)
        bad = ~empty & ~is_true & ~is_false
        if bad.any():
            fail(bad, lambda v: t("{v!r} is not true or false", v=v))
        out = np.full(len(text), None, dtype=object)
        out[is_true] = True
        out[is_false] = False
        return out
    if kind == "date":
        filled = ~empty
        parsed = pd.to_datetime(pd.Series(text[filled]), format="%Y-%m-%d", errors="coerce")
        bad = np.zeros(len(text), dtype=bool)
        bad[np.flatnonzero(filled)] = parsed.isna().to_numpy()
        if bad.any():
            fail(bad, lambda v: t("{v!r} is not an ISO date (YYYY-MM-DD)", v=v))
        dates = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
        dates[filled] = parsed.to_numpy()
        return dates
    if kind in ("int", "float"):
        num = np.full(len(text), np.nan)
        filled = ~empty
        try:
            num[filled] = text[filled].astype(np.float64)
        except ValueError:
            bad = np.zeros(len(text), dtype=bool)
            for i in np.flatnonzero(filled):
                try:
                    float(text[i])
                except ValueError:
                    bad[i] = True
            fail(bad, lambda v: t("{v!r} is not a number", v=v))
        bad = filled & ~np.isfinite(num)
        if bad.any():
            fail(bad, lambda v: t("{v!r} is not a finite number", v=v))
        if kind == "int":
            frac = filled & (num % 1 != 0)
            if frac.any():
                fail(frac, lambda v: t("{v!r} is not a whole number", v=v))
        lo, hi = spec.min, spec.max
        with np.errstate(invalid="ignore"):
            if lo is not None and (num < lo).any():
                fail(num < lo, spec.range_rule or _below(lo))
            if hi is not None and (num > hi).any():
                fail(num > hi, spec.range_rule or _above(hi))
        return num
    raise error(file, t(
        "column {name!r}: unknown type {kind!r}; accepted: {types}",
        name=name, kind=kind, types=", ".join(TYPES),
    ))


def _below(lo: float) -> Callable[[Any], str]:
    return lambda v: t("{v} is below the minimum {lo}", v=v, lo=_bound(lo))


def _above(hi: float) -> Callable[[Any], str]:
    return lambda v: t("{v} is above the maximum {hi}", v=v, hi=_bound(hi))


def _bound(x: float) -> str:
    return str(x)  # as the spec writes it (``0``, ``100.0``): no separators to localize


def check_table(
    text: pd.DataFrame, spec: TableSpec, *, file: str, error: ErrorFactory = DataFileError
) -> pd.DataFrame:
    """Check a table of text cells against ``spec``; return it typed, in file order.

    Raises:
        DataFileError: (``error``) missing or unexpected column, a cell breaking its
            column's rule, an empty required cell, a duplicate key — naming file, line
            (1 is the header) and rule.
    """
    if spec.list_expected:
        hint = t("; expected {columns}", columns=spec.expected())
    else:
        hint = t(" (required by the schema)")
    for name, col in spec.columns.items():
        if col.required and name not in text.columns:
            raise error(file, t("missing column {name!r}{hint}", name=name, hint=hint))
    if not spec.open:
        unknown = [c for c in text.columns if c not in spec.columns]
        if unknown:
            if spec.list_expected:
                tail = t("; expected {columns}", columns=spec.expected())
            else:
                tail = t(" (not in the schema)")
            raise error(file, t(
                "unexpected column {column!r}{tail}",
                column=unknown[0], tail=tail,
            ))
    typed: dict[str, Any] = {}
    for name in text.columns:
        cells = text[name].to_numpy(dtype=object)
        rules = spec.columns.get(name)
        if rules is None:
            typed[name] = cells
            continue
        typed[name] = check_column(name, rules, cells, file=file, error=error)
        if rules.required:
            blank = cells == ""
            if blank.any():
                raise error(file, t(
                    "column {name!r}: empty, but required",
                    name=name,
                ), line=_first(blank) + 2)
    frame = pd.DataFrame(typed, index=pd.RangeIndex(len(text)))
    if spec.key:
        later = frame.duplicated(subset=list(spec.key), keep="first").to_numpy()
        if later.any():
            second = _first(later)
            keys = frame[list(spec.key)]
            same = (keys == keys.iloc[second]).all(axis=1).to_numpy()
            first = _first(same) if same[:second].any() else second
            values = tuple(str(text.iloc[first][k]) for k in spec.key)
            raise error(
                file,
                t(
                    "duplicate key ({key}) = {values}, first seen at line {first}",
                    key=', '.join(spec.key), values=values, first=first + 2,
                ),
                line=second + 2,
            )
    return frame


def parse_csv(raw: bytes, *, file: str, error: ErrorFactory = DataFileError) -> pd.DataFrame:
    """The cells of a UTF-8 CSV as text (``""`` for empty), nothing converted.

    Raises:
        DataFileError: (``error``) empty, not UTF-8, or not a readable CSV.
    """
    if not raw.strip():
        raise error(file, t("not a readable CSV: the file is empty"))
    if b"\x00" in raw:
        raise error(file, t("not a readable CSV: a binary file, not text"))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            file,
            t(
                "not a readable CSV: not UTF-8 text (byte 0x{byte:02x} at offset {offset})",
                byte=raw[exc.start], offset=exc.start,
            ),
        ) from None
    try:
        return pd.read_csv(
            io.BytesIO(raw), dtype=object, keep_default_na=False, na_values=[], encoding="utf-8"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise error(file, t("not a readable CSV: {reason}", reason=reason)) from None


def read_csv_table(
    raw: bytes, spec: TableSpec, *, file: str, error: ErrorFactory = DataFileError
) -> pd.DataFrame:
    """:func:`parse_csv` then :func:`check_table`."""
    return check_table(parse_csv(raw, file=file, error=error), spec, file=file, error=error)
