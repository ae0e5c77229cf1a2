"""The errors of claim files and claim checks (one base, :class:`ClaimError`)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError
from burdenshare.shipped.errors import DataFileError


class ClaimError(BurdenshareError):
    """Base of every error of the claims area."""


class ClaimFileError(ClaimError, DataFileError):
    """A claim file (user's or shipped) breaks the claim-file format: file, claim, rule."""
