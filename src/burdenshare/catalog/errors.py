"""Errors raised while loading or querying the shipped data catalog."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError
from burdenshare.shipped.errors import DataFileError


class CatalogError(BurdenshareError):
    """Base class of the catalog's errors (a tampered file, an unknown release...)."""


class CatalogDataError(CatalogError, DataFileError):
    """A shipped catalog file does not match its manifest or its declared schema.

    The message names the file, the line (1 is the header) and the rule that failed.
    """


class UnknownReleaseError(InputError, CatalogError):
    """No shipped release has that identifier."""


class AsOfError(CatalogError):
    """An as-of date before the first shipped release, or not a date."""


class UnknownIndicatorError(InputError, CatalogError):
    """The indicator is not in the catalog, or not in the release asked for."""


class CoverageError(CatalogError):
    """A year (or ally) outside what the release covers."""


class UnknownSourceIdError(InputError, CatalogError):
    """No shipped dataset has that source id (see ``burdenshare data sources``)."""
