"""Errors of the rules package (dated parameters)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError


class RulesError(BurdenshareError):
    """A rules file breaks the declared schema.

    The message names the file, the line of the offending entry (when known), the parameter
    and the rule that failed, e.g. ``rules.yaml, line 12 (spending.x v1): missing key 'unit'``.
    """

    def __init__(
        self, file: str, rule: str, line: int | None = None, parameter: str | None = None
    ) -> None:
        self.file = file
        self.rule = rule
        self.line = line
        self.parameter = parameter
        where = file if line is None else f"{file}, line {line}"
        if parameter:
            where += f" ({parameter})"
        super().__init__(f"{where}: {rule}")


class UnknownParameterError(InputError):
    """No parameter has that id."""


class NotInForceError(BurdenshareError):
    """The parameter exists but no version of it was in force on the date asked."""


class RuleDateError(BurdenshareError):
    """A date given to ``at()`` is not a full ISO date."""
