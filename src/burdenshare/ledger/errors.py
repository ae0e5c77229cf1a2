"""Errors of the ledger (the store of pledges, users, targets and the audit log)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError
from burdenshare.readiness.errors import PledgeError
from burdenshare.shipped.errors import DataFileError
from burdenshare.text import join, t


class LedgerError(BurdenshareError):
    """Base of every ledger error."""


class AccessError(LedgerError):
    """The user's role (or nation) does not allow the operation."""


class AuthenticationError(AccessError):
    """No valid token was given where one is needed."""


class NotFoundError(LedgerError):
    """No pledge, target or user has that id."""


class ConflictError(LedgerError):
    """An update was based on a stale version: someone else changed the row first.

    ``current`` is the version now stored (``None``: the row is gone).
    """

    def __init__(self, what: str, key: str, expected: int, current: int | None) -> None:
        self.what = what
        self.key = key
        self.expected = expected
        self.current = current
        now = t("deleted") if current is None else t("now at version {current}", current=current)
        super().__init__(
            t(
                "{what} {key!r} changed since version {expected} ({now}); reload and retry",
                what=what, key=key, expected=expected, now=now,
            )
        )


class InvalidPledgeError(LedgerError, PledgeError):
    """A pledge handed to the store breaks the domain's rules (every problem listed).

    Both a :class:`LedgerError` and a :class:`~burdenshare.readiness.PledgeError`.
    """


class FileFormatError(LedgerError, DataFileError):
    """A file handed to the ledger breaks its rules; ``problems`` lists every one.

    Each problem names the file, the row (and line) and the rule, e.g.
    ``pledges.csv, row 3 (line 4): unknown unit type 'tank'``. A file error of the
    shipped-data layer (missing, directory, unreadable) arrives as one problem.
    """

    def __init__(self, file: str, problems: list[str]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        shown = join(self.problems[:20], "; ")
        more = t("; ... and {n} more", n=n - 20) if n > 20 else ""
        DataFileError.__init__(self, file, t("{n} problem(s), nothing written", n=n))
        self.args = (
            t(
                "{file}: {n} problem(s), nothing written: {problems}{more}",
                file=file, n=n, problems=shown, more=more,
            ),
        )

    @classmethod
    def one(cls, file: str, rule: str, line: int | None = None) -> FileFormatError:
        """The shipped layer's ``(file, rule, line)`` error as a list of one problem."""
        return cls(file, [rule if line is None else t("line {line}: {rule}", line=line, rule=rule)])


class SeedError(LedgerError, DataFileError):
    """A shipped seed file does not match its manifest (SHA-256, lines or units)."""


class StoreError(LedgerError):
    """The database cannot be reached or set up (the message says which and why)."""
