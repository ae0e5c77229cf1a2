"""Units, pledges and requirements: the readiness domain's records (pure, no I/O).

A *pledge* designates one national unit to NATO's readiness targets: its type, its
notice-to-move in days, an availability window (both ends inclusive; no end = open) and a
status (``offered``: conditional, ``pledged``: firm, ``withdrawn``: no longer counts).

>>> p = Pledge("SYN-L02", "DEU", "mechanised_battalion", 30, date(2024, 1, 1), date(2026, 12, 31))
>>> p.available_on(date(2026, 12, 31)), p.available_on(date(2027, 1, 1))
(True, False)
>>> bad = Pledge("X", "NLD", "tank", -1, date(2025, 1, 2), date(2025, 1, 1))
>>> for text in problems(bad, ["NLD"]):
...     print(text)
unknown unit type 'tank' (accepted: mechanised_battalion, air_squadron, combat_vessel, other)
notice_to_move_days must be 0 or more (got -1)
available_until 2025-01-01 is before available_from 2025-01-02
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from burdenshare.readiness.errors import PledgeError, TargetError
from burdenshare.text import t

#: Every unit type a pledge may name.
UNIT_TYPES: tuple[str, ...] = ("mechanised_battalion", "air_squadron", "combat_vessel", "other")
#: Unit types a readiness target can ask for (``other`` never counts).
COUNTED_TYPES: tuple[str, ...] = UNIT_TYPES[:3]
#: Pledge statuses: offered (conditional), pledged (firm), withdrawn (never counts).
STATUSES: tuple[str, ...] = ("offered", "pledged", "withdrawn")

#: Columns of a pledge frame, in order.
COLUMNS: tuple[str, ...] = (
    "id", "nation", "unit_type", "notice_days", "available_from", "available_until",
    "status", "note", "tags", "synthetic",
)  # fmt: skip


@dataclass(frozen=True)
class Pledge:
    """One unit designated by one nation (see the module docstring)."""

    id: str
    nation: str
    unit_type: str
    notice_days: int
    available_from: date
    available_until: date | None = None
    status: str = "pledged"
    note: str = ""
    tags: tuple[str, ...] = ()
    synthetic: bool = False

    def available_on(self, day: date) -> bool:
        """Whether ``day`` lies in the window (both ends inclusive)."""
        return self.available_from <= day and (
            self.available_until is None or day <= self.available_until
        )

    def as_dict(self) -> dict[str, Any]:
        """The pledge as plain values (dates as ISO text, tags as a list)."""
        return {
            "id": self.id,
            "nation": self.nation,
            "unit_type": self.unit_type,
            "notice_days": self.notice_days,
            "available_from": self.available_from.isoformat(),
            "available_until": (
                None if self.available_until is None else self.available_until.isoformat()
            ),
            "status": self.status,
            "note": self.note,
            "tags": list(self.tags),
            "synthetic": self.synthetic,
        }

    def with_changes(self, **changes: Any) -> Pledge:
        """A copy with some fields changed."""
        return replace(self, **changes)


def problems(pledge: Pledge, nations: Collection[str]) -> list[str]:
    """Every rule ``pledge`` breaks (empty when it is valid); ``nations`` are the codes accepted."""
    out: list[str] = []
    if not pledge.id or not str(pledge.id).strip():
        out.append(t("id must not be empty"))
    if pledge.nation not in nations:
        out.append(t(
            "unknown nation {nation!r} (accepted: ISO3 codes of NATO allies)",
            nation=pledge.nation,
        ))
    if pledge.unit_type not in UNIT_TYPES:
        out.append(t(
            "unknown unit type {unit_type!r} (accepted: {UNIT_TYPES})",
            unit_type=pledge.unit_type, UNIT_TYPES=', '.join(UNIT_TYPES),
        ))
    if isinstance(pledge.notice_days, bool) or not isinstance(pledge.notice_days, int):
        got = pledge.notice_days
        out.append(t("notice_to_move_days must be a whole number of days (got {got!r})", got=got))
    elif pledge.notice_days < 0:
        out.append(t(
            "notice_to_move_days must be 0 or more (got {notice_days})",
            notice_days=pledge.notice_days,
        ))
    if pledge.status not in STATUSES:
        out.append(t(
            "unknown status {status!r} (accepted: {STATUSES})",
            status=pledge.status, STATUSES=', '.join(STATUSES),
        ))
    if pledge.available_until is not None and pledge.available_until < pledge.available_from:
        out.append(
            t(
                "available_until {available_until} is before available_from {available_from}",
                available_until=pledge.available_until.isoformat(),
                available_from=pledge.available_from.isoformat(),
            )
        )
    return out


def validate(pledges: Iterable[Pledge], nations: Collection[str], where: str = "") -> list[Pledge]:
    """All ``pledges`` if every one is valid and ids are unique; else one error listing all.

    Raises:
        PledgeError: naming each pledge (by id) and the rule it breaks.
    """
    items = list(pledges)
    found: list[str] = []
    seen: set[str] = set()
    for p in items:
        found += [t("{id}: {problem}", id=p.id, problem=msg) for msg in problems(p, nations)]
        if p.id in seen:
            found.append(t("{p_id}: duplicate id", p_id=p.id))
        seen.add(p.id)
    if found:
        raise PledgeError(found, where)
    return items


def frame(pledges: Iterable[Pledge]) -> pd.DataFrame:
    """Pledges as a frame (dates as ``datetime64``, open ends as ``NaT``).

    >>> f = frame([Pledge("A", "NLD", "air_squadron", 10, date(2024, 1, 1))])
    >>> f.loc[0, "available_until"] is pd.NaT, str(f["available_from"].dtype)
    (True, 'datetime64[ns]')
    """
    rows = [p.as_dict() for p in pledges]
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("available_from", "available_until"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    out["notice_days"] = out["notice_days"].astype("int64")
    out["synthetic"] = out["synthetic"].astype(bool)
    return out


@dataclass(frozen=True)
class Requirement:
    """What a target asks for: a count per unit type, each within ``max_notice_days``.

    ``source`` names where it comes from (``readiness.nri v1`` or ``user``).

    >>> r = Requirement.parse("mechanised_battalion=3,air_squadron=3,combat_vessel=2", 30)
    >>> dict(r.counts), r.max_notice_days
    ({'mechanised_battalion': 3, 'air_squadron': 3, 'combat_vessel': 2}, 30.0)
    """

    name: str
    counts: Mapping[str, int]
    max_notice_days: float
    source: str = "user"
    valid_from: date | None = None
    valid_until: date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        bad = [t for t in self.counts if t not in COUNTED_TYPES]
        if bad:
            raise TargetError(
                t(
                    "requirement {self_name!r}: unit type {bad!r} cannot be required (accepted: "
                    "{COUNTED_TYPES})",
                    self_name=self.name, bad=bad[0], COUNTED_TYPES=', '.join(COUNTED_TYPES),
                )
            )
        neg = [t for t, c in self.counts.items() if int(c) < 0]
        if neg:
            raise TargetError(t(
                "requirement {self_name!r}: count for {neg} must be 0 or more",
                self_name=self.name, neg=neg[0],
            ))
        if not self.max_notice_days >= 0:
            raise TargetError(
                t(
                    "requirement {self_name!r}: max notice must be 0 or more days (got "
                    "{max_notice_days})",
                    self_name=self.name, max_notice_days=self.max_notice_days,
                )
            )

    @classmethod
    def parse(cls, spec: str, max_notice_days: float, name: str = "user") -> Requirement:
        """A requirement from ``type=count,type=count`` and a notice limit."""
        counts: dict[str, int] = {}
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise TargetError(t("requirement part {part!r}: expected TYPE=COUNT", part=part))
            try:
                counts[key.strip()] = int(value)
            except ValueError:
                raise TargetError(
                    t("requirement part {part!r}: count must be a whole number", part=part)
                ) from None
        if not counts:
            raise TargetError(t("requirement is empty: give TYPE=COUNT[,TYPE=COUNT...]"))
        return cls(name, counts, float(max_notice_days))
