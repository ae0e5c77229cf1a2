"""Errors of the spending area's shipped data (the SIPRI lens, population)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError
from burdenshare.shipped.errors import DataFileError


class SpendingError(BurdenshareError):
    """A problem with the spending area's inputs or its shipped data."""


class SpendingDataError(SpendingError, DataFileError):
    """A shipped spending data file (SIPRI, population) fails its manifest or its spec."""


__all__ = ["SpendingDataError", "SpendingError"]
