"""The allies registry and alliance groups as functions of the date.

Codes are ISO 3166-1 alpha-3. An ally counts in a group's aggregate for a year when it is a
member on 31 December of that year — the rule NATO applies (Montenegro from 2017, North
Macedonia from 2020, Finland from 2023, Sweden from 2024).

>>> members("nato", 2023)[-3:]
['SVN', 'TUR', 'USA']
>>> "SWE" in members("nato", 2023), "SWE" in members("nato", 2024)
(False, True)
>>> len(members("nato", 2024)), len(members("europe_canada", 2024))
(32, 31)
>>> name("NLD", "nl")
'Nederland'
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from burdenshare.errors import InputError
from burdenshare.text import t

_CSV = Path(__file__).parent / "allies.csv"


class UnknownAllyError(InputError):
    """The code or name is not an ally in the registry."""


class UnknownGroupError(InputError):
    """The group is not one of :data:`GROUPS`."""


@dataclass(frozen=True)
class Ally:
    iso3: str
    iso2: str
    name_nato: str
    nato_accession: date
    eu_accession: date | None
    eu_exit: date | None
    region: str

    def is_member(self, on: date) -> bool:
        return self.nato_accession <= on

    def is_eu_member(self, on: date) -> bool:
        if self.eu_accession is None or self.eu_accession > on:
            return False
        return self.eu_exit is None or on <= self.eu_exit


def _opt_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def registry() -> dict[str, Ally]:
    """All allies by ISO alpha-3 code."""
    with _CSV.open(encoding="utf-8") as fh:
        return {
            row["iso3"]: Ally(
                iso3=row["iso3"],
                iso2=row["iso2"],
                name_nato=row["name_nato"],
                nato_accession=date.fromisoformat(row["nato_accession"]),
                eu_accession=_opt_date(row["eu_accession"]),
                eu_exit=_opt_date(row["eu_exit"]),
                region=row["region"],
            )
            for row in csv.DictReader(fh)
        }


@cache
def _babel_names(locale: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(locale).territories)


def name(iso3: str, locale: str = "en") -> str:
    """The ally's country name in ``locale`` (``en`` or ``nl``), from Babel's CLDR data."""
    ally = registry()[resolve(iso3)]
    return _babel_names(locale).get(ally.iso2, ally.name_nato)


@cache
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for a in registry().values():
        for key in (a.iso3, a.iso2, a.name_nato, name_safe(a, "en"), name_safe(a, "nl")):
            out[key.casefold()] = a.iso3
    return out


def name_safe(ally: Ally, locale: str) -> str:
    return _babel_names(locale).get(ally.iso2, ally.name_nato)


def resolve(code_or_name: str) -> str:
    """The ISO alpha-3 code for a code or an English or Dutch name (case-insensitive).

    Raises:
        UnknownAllyError: naming the accepted codes.

    >>> resolve("nld"), resolve("Netherlands"), resolve("Duitsland")
    ('NLD', 'NLD', 'DEU')
    """
    key = str(code_or_name).strip().casefold()
    if key.upper() in registry():
        return key.upper()
    try:
        return _aliases()[key]
    except KeyError:
        raise UnknownAllyError(t("ally"), code_or_name, sorted(registry())) from None


#: Group id → (English label, Dutch label).
GROUPS: dict[str, tuple[str, str]] = {
    "nato": ("NATO Total", "NAVO totaal"),
    "europe_canada": ("NATO Europe and Canada", "Europese bondgenoten en Canada"),
    "eu": ("EU members in NATO", "EU-lidstaten in de NAVO"),
}


def _in_group(ally: Ally, group: str, on: date) -> bool:
    if not ally.is_member(on):
        return False
    if group == "nato":
        return True
    if group == "europe_canada":
        return ally.iso3 != "USA"
    if group == "eu":
        return ally.is_eu_member(on)
    raise UnknownGroupError(t("group"), group, list(GROUPS))


def members_on(group: str, on: date) -> list[str]:
    """The members of ``group`` on a given day, sorted by code."""
    if group not in GROUPS:
        raise UnknownGroupError(t("group"), group, list(GROUPS))
    return sorted(a.iso3 for a in registry().values() if _in_group(a, group, on))


def members(group: str, year: int) -> list[str]:
    """The allies counted in ``group``'s aggregate for ``year`` (members on 31 December)."""
    return members_on(group, date(year, 12, 31))


def membership(group: str, years: Iterable[int]) -> dict[int, frozenset[str]]:
    """``members`` for several years at once, as a mapping year → set of codes."""
    return {y: frozenset(members(group, y)) for y in years}


def table(locale: str = "en") -> list[dict[str, object]]:
    """The registry as rows (for display): code, names, accession date."""
    return [
        {
            "iso3": a.iso3,
            "name": name_safe(a, locale),
            "name_nato": a.name_nato,
            "nato_accession": a.nato_accession,
            "eu_member_since": a.eu_accession,
        }
        for a in registry().values()
    ]
