"""Errors of the readiness domain (pledges, targets, checks, sourcing)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError


class ReadinessError(BurdenshareError):
    """Base of every readiness error: bad pledges, unknown targets, bad requirements."""


class PledgeError(ReadinessError):
    """One or more pledges break the rules; ``problems`` lists every one.

    Each problem names where it was found (file and row, or the pledge id) and the rule.
    """

    def __init__(self, problems: list[str], where: str = "") -> None:
        self.problems = list(problems)
        self.where = where
        head = f"{where}: " if where else ""
        count = len(self.problems)
        text = "; ".join(self.problems[:20])
        more = f"; ... and {count - 20} more" if count > 20 else ""
        super().__init__(f"{head}{count} problem(s): {text}{more}")


class TargetError(ReadinessError):
    """A target or requirement is unknown, not in force, or malformed."""
