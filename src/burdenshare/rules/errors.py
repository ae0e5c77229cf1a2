"""Errors of the rules package (dated parameters)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError
from burdenshare.shipped.errors import DataFileError
from burdenshare.text import t


class RulesError(BurdenshareError):
    """Base class of the rules package's errors (a tampered rules file, an unknown id...)."""


class RulesFileError(RulesError, DataFileError):
    """A rules file breaks its manifest or the declared schema.

    The message names the file, the line of the offending entry (when known), the parameter
    and the rule that failed, e.g. ``rules.yaml, line 12 (spending.x v1): missing key 'unit'``.
    """

    def __init__(
        self, file: str, rule: str, line: int | None = None, parameter: str | None = None
    ) -> None:
        super().__init__(file, rule, line)
        self.parameter = parameter
        if parameter:
            if line is None:
                msg = t("{file} ({parameter}): {rule}", file=file, parameter=parameter, rule=rule)
            else:
                msg = t(
                    "{file}, line {line} ({parameter}): {rule}",
                    file=file, line=line, parameter=parameter, rule=rule,
                )
            self.args = (msg,)


class UnknownParameterError(InputError, RulesError):
    """No parameter has that id."""


class NotInForceError(RulesError):
    """The parameter exists but no version of it was in force on the date asked."""


class RuleDateError(RulesError):
    """A date given to ``at()`` is not a full ISO date."""
