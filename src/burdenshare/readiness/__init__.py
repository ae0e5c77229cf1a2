"""Readiness: force pledges checked against readiness targets (pure domain, no I/O).

- :mod:`~burdenshare.readiness.model`: unit types, statuses, :class:`Pledge`,
  :class:`Requirement`, validation;
- :mod:`~burdenshare.readiness.targets`: NRI and NATO Force Model tiers from the rules;
- :mod:`~burdenshare.readiness.checks`: counts, shortfalls, timelines, tier counts;
- :mod:`~burdenshare.readiness.sourcing`: which units to designate, fairly (MILP, HiGHS).

Importing this package reads nothing (sourcing imports scipy only when called).
"""

from __future__ import annotations

from burdenshare.readiness.errors import PledgeError, ReadinessError, TargetError
from burdenshare.readiness.model import (
    COUNTED_TYPES,
    STATUSES,
    UNIT_TYPES,
    Pledge,
    Requirement,
    frame,
    problems,
    validate,
)

__all__ = [
    "COUNTED_TYPES",
    "STATUSES",
    "UNIT_TYPES",
    "Pledge",
    "PledgeError",
    "ReadinessError",
    "Requirement",
    "TargetError",
    "frame",
    "problems",
    "validate",
]
