"""Errors of the targets package (compliance, GDP assumptions, paths, scenarios, simulation)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError
from burdenshare.shipped.errors import DataFileError


class TargetsError(BurdenshareError):
    """A problem with the inputs of a targets computation that the user can act on."""


class UnknownTargetError(InputError, TargetsError):
    """The target name is not one of the declared targets."""


class UnknownAssumptionError(InputError, TargetsError):
    """The GDP assumption set is not one of the named sets (nor a CSV file)."""


class UnknownMethodError(InputError, TargetsError):
    """The path method or extension rule is not one of the accepted ones."""


class AssumptionFileError(TargetsError, DataFileError):
    """A GDP assumption file or spending plan (shipped or user-supplied) breaks its schema.

    The message names the file, the line (1 is the header) and the rule that failed.
    """


class EditionAsOfError(TargetsError):
    """No GDP forecast edition was published on or before the as-of date (or the one named
    was published after it): refused rather than looking ahead."""


class CoverageGapError(TargetsError):
    """An assumption set or plan does not cover an ally or a year the computation needs."""


class ScenarioError(TargetsError):
    """A scenario or one of its overrides is malformed."""


class ScenarioFileError(ScenarioError, DataFileError):
    """A scenario file cannot be read (missing, empty, binary, not YAML): file, line, rule."""
