"""Readiness targets as dated rules, read from the one rules model (pure, no I/O).

The NATO Readiness Initiative (``readiness.nri`` in ``rules.yaml``: 30 mechanised
battalions, 30 air squadrons, 30 combat vessels within 30 days or less) and the NATO Force
Model tiers (``readiness.nfm.tiers``) come from :class:`burdenshare.rules.RuleSet`; a user
requirement (own counts, own notice limit, optionally dated) is a :class:`Requirement`.

>>> from burdenshare import rules
>>> r = requirement("nri", rules.default_rules(), date(2026, 1, 1))
>>> dict(r.counts), r.max_notice_days, r.source
({'mechanised_battalion': 30, 'air_squadron': 30, 'combat_vessel': 30}, 30.0, 'readiness.nri v1')
>>> [(t.tier, t.max_days) for t in nfm_tiers(rules.default_rules(), date(2025, 1, 1))]
[(1, 10.0), (2, 30.0), (3, 180.0)]
>>> tier_of([0, 10, 11, 30, 31, 180, 181], nfm_tiers(rules.default_rules(), date(2025, 1, 1)))
[1, 1, 2, 2, 3, 3, None]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from burdenshare import text as _text
from burdenshare.measure import meets
from burdenshare.readiness.errors import TargetError
from burdenshare.readiness.model import Requirement
from burdenshare.rules import RuleSet
from burdenshare.rules.errors import NotInForceError

#: The rules parameter behind each named target, and the NRI's value keys per unit type.
TARGETS: dict[str, str] = {"nri": "readiness.nri"}
_NRI_KEYS = {
    "mechanised_battalions": "mechanised_battalion",
    "air_squadrons": "air_squadron",
    "combat_vessels": "combat_vessel",
}


@dataclass(frozen=True)
class Tier:
    """One NATO Force Model tier: ready within ``min_days``..``max_days``."""

    tier: int
    min_days: float
    max_days: float
    troops_approx: int | None
    source: str


def requirement(
    target: str,
    ruleset: RuleSet,
    day: date,
    user_targets: Mapping[str, Requirement] | None = None,
) -> Requirement:
    """The requirement ``target`` sets on ``day``.

    ``target`` is ``nri`` (the rule in force that day) or the name of a user requirement.

    Raises:
        TargetError: unknown target, or not in force that day.
    """
    users = dict(user_targets or {})
    if target in users:
        req = users[target]
        if (req.valid_from and day < req.valid_from) or (req.valid_until and day > req.valid_until):
            raise TargetError(_text.t(
                "target {target!r} is not in force on {day}",
                target=target, day=day.isoformat(),
            ))
        return req
    if target not in TARGETS:
        accepted = ", ".join([*TARGETS, *sorted(users)])
        raise TargetError(_text.t(
            "unknown target {target!r} (accepted: {accepted})",
            target=target, accepted=accepted,
        ))
    try:
        version = ruleset.at(day)[TARGETS[target]]
    except NotInForceError:
        raise TargetError(
            _text.t(
                "target {target!r} ({TARGETS}) is not in force on {day}",
                target=target, TARGETS=TARGETS[target], day=day.isoformat(),
            )
        ) from None
    value: Mapping[str, Any] = version.value
    counts = {unit: int(value[key]) for key, unit in _NRI_KEYS.items() if key in value}
    return Requirement(
        target,
        counts,
        float(value["max_notice_days"]),
        source=version.label,
        valid_from=version.valid_from,
        valid_until=version.valid_until,
    )


def nfm_tiers(ruleset: RuleSet, day: date) -> list[Tier]:
    """The Force Model tiers in force on ``day`` (``readiness.nfm.tiers``), by tier.

    Raises:
        TargetError: the tiers are not in force on ``day``.
    """
    try:
        version = ruleset.at(day)["readiness.nfm.tiers"]
    except NotInForceError:
        raise TargetError(
            _text.t("the NATO Force Model tiers are not in force on {day}", day=day.isoformat())
        ) from None
    out = [
        Tier(
            int(row["tier"]),
            float(row["min_days"]),
            float(row["max_days"]),
            None if row.get("troops_approx") is None else int(row["troops_approx"]),
            version.label,
        )
        for row in version.value
    ]
    return sorted(out, key=lambda t: t.tier)


def tier_of(notice_days: Sequence[float] | Any, tiers: Sequence[Tier]) -> list[int | None]:
    """The tier of each notice: the first tier whose ``max_days`` it meets (``<=``).

    The published tiers share their boundaries (0-10, 10-30, 30-180 days); a unit at
    exactly 10 days is placed in the faster tier ("within 10 days"), as the synthetic
    fixture's test interpretation says. Beyond the last tier: ``None``.
    """
    notice = np.asarray(notice_days, dtype=np.float64)
    out = np.zeros(notice.shape, dtype=np.int64)
    for t in sorted(tiers, key=lambda t: t.max_days, reverse=True):
        out = np.where(meets(notice, t.max_days, comparator="<=", decimals=None), t.tier, out)
    values: list[int] = [int(v) for v in np.asarray(out).ravel()]
    return [None if v == 0 else v for v in values]
