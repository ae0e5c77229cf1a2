"""Dated parameters and the selection of what was in force on a day (pure, no I/O).

A parameter (``spending.core_defence_pct_gdp``) has one or more *versions*, each valid
from a date to a date (``valid_until`` ``None`` = still in force). ``RuleSet.at(day)``
returns, for every parameter, the version with ``valid_from <= day <= valid_until``.

Partial dates. The compiled sources give some dates only as a year (``"2006"``) or a
month (``"2022-03"``): "sometime in that period". They are resolved deliberately and
in the widest sense, so that a rule is never reported as in force *before* the period
it names and never dropped *inside* the period it names:

* a partial ``valid_from`` counts from the first day of its period
  (``"2006"`` → 2006-01-01, ``"2022-03"`` → 2022-03-01);
* a partial ``valid_until`` counts to the last day of its period
  (``"2006"`` → 2006-12-31, ``"2022-02"`` → 2022-02-28);
* a missing ``valid_from`` (``null``: the rule predates every source) counts from
  the beginning of time.

Each version keeps the text as written (``valid_from_text``) and its precision
(``year``, ``month``, ``day``), so a report can say "from 2006 (year only)".

>>> resolve_start("2006"), resolve_end("2022-02")
(datetime.date(2006, 1, 1), datetime.date(2022, 2, 28))
>>> resolve_end("2024-02")
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from burdenshare.rules.errors import NotInForceError, RuleDateError, UnknownParameterError
from burdenshare.text import t

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def precision(text: str) -> str:
    """``year``, ``month`` or ``day``: how precisely a date string is known.

    >>> precision("2006"), precision("2022-03"), precision("2014-09-05")
    ('year', 'month', 'day')
    """
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(text)
    return "day" if m.group(3) else ("month" if m.group(2) else "year")


def _parts(text: str) -> tuple[int, int | None, int | None]:
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(t("{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", text=text))
    y, mo, d = m.group(1), m.group(2), m.group(3)
    year = int(y)
    month = int(mo) if mo else None
    day = int(d) if d else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(t("{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", text=text))
    if day is not None:
        assert month is not None
        try:
            date(year, month, day)
        except ValueError:
            raise ValueError(t(
                "{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                text=text,
            )) from None
    return year, month, day


def resolve_start(text: str) -> date:
    """The first day a (possibly partial) ``valid_from`` covers."""
    year, month, day = _parts(text)
    return date(year, month or 1, day or 1)


def resolve_end(text: str) -> date:
    """The last day a (possibly partial) ``valid_until`` covers."""
    year, month, day = _parts(text)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def as_day(value: date | datetime | str) -> date:
    """A full date from a ``date`` or an ISO ``YYYY-MM-DD`` string.

    Raises:
        RuleDateError: partial or malformed; ``at()`` needs a day.

    >>> as_day("2025-06-25")
    datetime.date(2025, 6, 25)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        known = precision(text)
        day = resolve_start(text)
    except ValueError:
        raise RuleDateError(t("date {text!r} is not a date; use YYYY-MM-DD", text=text)) from None
    if known != "day":
        hint = t(", e.g. {text}-01-01 or {text}-12-31", text=text) if known == "year" else ""
        raise RuleDateError(t(
            "date {text!r} is partial; rules.at() needs a day (YYYY-MM-DD){hint}",
            text=text, hint=hint,
        ))
    return day


@dataclass(frozen=True)
class Version:
    """One version of a parameter, with its validity and provenance."""

    id: str
    version: int
    value: Any
    description: str
    valid_from: date
    valid_until: date | None
    valid_from_text: str | None
    valid_until_text: str | None
    status: str
    confidence: str
    sources: tuple[str, ...]
    unit: str | None = None
    kind: str | None = None
    line: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def in_force(self, day: date) -> bool:
        """Whether this version applies on ``day`` (both ends inclusive)."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @property
    def from_precision(self) -> str:
        return "open" if self.valid_from_text is None else precision(self.valid_from_text)

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version}"

    def get(self, key: str, default: Any = None) -> Any:
        """A further field of the entry (``target_year``, ``comparator``, ``notes``...)."""
        return self.extra.get(key, default)


@dataclass(frozen=True)
class InForce(Mapping[str, Version]):
    """The parameters in force on one day: a read-only mapping id → version."""

    day: date
    versions: Mapping[str, Version]

    def __getitem__(self, key: str) -> Version:
        try:
            return self.versions[key]
        except KeyError:
            raise NotInForceError(
                t("parameter {key!r} was not in force on {day}", key=key, day=self.day.isoformat())
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self.versions

    def get(self, key: str, default: Any = None) -> Any:
        return self.versions.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)

    def value(self, key: str) -> Any:
        """The value of parameter ``key`` on this day."""
        return self[key].value

    def special_positions(self) -> dict[str, tuple[str, ...]]:
        """Flags on allies from ``spending.special_position.<ISO3>`` parameters in force.

        A special position is a *flag on the ally*, never a different target: the targets
        stay those of every ally.
        """
        out: dict[str, list[str]] = {}
        for key, v in self.versions.items():
            if key.startswith(SPECIAL_PREFIX):
                iso3 = key[len(SPECIAL_PREFIX) :]
                out.setdefault(iso3, []).append(special_flag(v))
        return {k: tuple(v) for k, v in out.items()}


SPECIAL_PREFIX = "spending.special_position."

#: Short names of the special positions (the YAML names the parameter, not the flag).
SPECIAL_FLAGS: dict[tuple[str, int], str] = {
    ("spending.special_position.ESP", 1): "flexibility_letter_2025",
}


def special_flag(v: Version) -> str:
    """The flag name of a special-position version (declared, or derived from its id)."""
    return SPECIAL_FLAGS.get((v.id, v.version), f"special_position_v{v.version}")


@dataclass(frozen=True)
class RuleSet:
    """All versions of all parameters, with the file's metadata and source registry."""

    versions: tuple[Version, ...]
    sources: Mapping[str, Mapping[str, Any]]
    meta: Mapping[str, Any]
    file: str = "rules.yaml"

    @property
    def ids(self) -> list[str]:
        """Parameter ids in file order, each once."""
        return list(dict.fromkeys(v.id for v in self.versions))

    def history(self, key: str) -> tuple[Version, ...]:
        """Every version of parameter ``key``, oldest first.

        Raises:
            UnknownParameterError: naming the accepted ids.
        """
        out = tuple(sorted((v for v in self.versions if v.id == key), key=lambda v: v.valid_from))
        if not out:
            raise UnknownParameterError(t("parameter"), key, self.ids)
        return out

    def values_by_date(self, key: str) -> dict[str, Any]:
        """One parameter as values keyed by the date from which they apply.

        The OpenFisca-style view of the versions: each start date (as written) maps to
        the value; a ``None`` value marks the day after a version ends with no successor
        ("no longer in force").

        >>> from burdenshare import rules
        >>> rules.default_rules().values_by_date("readiness.nrf")
        {'2006': {'troops_approx': 40000}, '2024-07-01': None}
        >>> list(rules.default_rules().values_by_date("spending.core_guideline_pct_gdp"))
        ['2006', '2014-09-05', '2023-07-11']
        """
        out: dict[str, Any] = {}
        versions = self.history(key)
        for i, v in enumerate(versions):
            out[v.valid_from_text or "(always)"] = v.value
            nxt = versions[i + 1] if i + 1 < len(versions) else None
            if v.valid_until is not None and (nxt is None or nxt.valid_from > v.valid_until):
                out[(v.valid_until + timedelta(days=1)).isoformat()] = None
        return out

    def at(self, day: date | datetime | str) -> InForce:
        """The parameters in force on ``day``: ``valid_from <= day <= valid_until``.

        Args:
            day: a ``date`` or an ISO ``YYYY-MM-DD`` string.

        Returns:
            An :class:`InForce` mapping id → :class:`Version`; ids with no version in
            force on that day are absent.
        """
        d = as_day(day)
        chosen = {}
        for v in self.versions:
            if v.in_force(d):
                chosen[v.id] = v
        return InForce(d, chosen)

    def value_at(self, key: str, day: date | datetime | str) -> Any:
        """The value of one parameter on one day.

        Raises:
            UnknownParameterError: no such parameter.
            NotInForceError: the parameter exists but no version applied that day.
        """
        self.history(key)
        return self.at(day)[key].value

    def boundaries(self) -> list[tuple[str, int, date]]:
        """Every date on which some version starts (id, version, day), sorted by day."""
        out = [(v.id, v.version, v.valid_from) for v in self.versions if v.valid_from_text]
        return sorted(out, key=lambda t: (t[2], t[0], t[1]))
