"""Errors of the readiness domain (pledges, targets, checks, sourcing)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError
from burdenshare.text import join, t


class ReadinessError(BurdenshareError):
    """Base of every readiness error: bad pledges, unknown targets, bad requirements."""


class PledgeError(ReadinessError):
    """One or more pledges break the rules; ``problems`` lists every one.

    Each problem names where it was found (file and row, or the pledge id) and the rule.
    """

    def __init__(self, problems: list[str], where: str = "") -> None:
        self.problems = list(problems)
        self.where = where
        super().__init__(_problems(where, self.problems))


def _problems(where: str, problems: list[str]) -> str:
    """``where: 3 problem(s): a; b; c`` (at most 20 shown), each problem kept as a template."""
    count = len(problems)
    shown = join(problems[:20], "; ")
    more = t("; ... and {n} more", n=count - 20) if count > 20 else ""
    if where:
        return t("{where}: {n} problem(s): {problems}{more}", where=where, n=count,
                 problems=shown, more=more)  # fmt: skip
    return t("{n} problem(s): {problems}{more}", n=count, problems=shown, more=more)



class TargetError(ReadinessError):
    """A target or requirement is unknown, not in force, or malformed."""
