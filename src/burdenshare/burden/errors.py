"""Errors of the burden-sharing analytics (``burdenshare.burden``)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, InputError
from burdenshare.shipped.errors import DataFileError


class BurdenError(BurdenshareError):
    """A burden-sharing measure cannot be computed from the inputs given."""


class BurdenInputError(BurdenError):
    """An input frame lacks a column, a year or enough allies for the measure."""


class BurdenDataError(BurdenInputError, DataFileError):
    """A shipped or user-supplied burden file breaks its manifest or schema: file, line, rule."""


class UnknownBasisError(InputError, BurdenError):
    """The currency basis is not ``current`` or ``constant``."""


class WeightsError(BurdenError):
    """Index weights that are negative, unknown, not numbers, or all zero."""
