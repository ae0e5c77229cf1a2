"""Errors raised while loading or querying the shipped data catalog."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError


class CatalogError(BurdenshareError):
    """A shipped file does not match its manifest or its declared schema.

    The message names the file, the line (1 is the header) and the rule that failed.
    """

    def __init__(self, file: str, rule: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.rule = rule
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {rule}")


class UnknownReleaseError(InputError):
    """No shipped release has that identifier."""


class AsOfError(BurdenshareError):
    """An as-of date before the first shipped release, or not a date."""


class UnknownIndicatorError(InputError):
    """The indicator is not in the catalog, or not in the release asked for."""


class CoverageError(BurdenshareError):
    """A year (or ally) outside what the release covers."""
