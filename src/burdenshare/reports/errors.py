"""The errors of reports (one base, :class:`ReportError`)."""

from __future__ import annotations

from burdenshare.errors import BurdenshareError
from burdenshare.shipped.errors import DataFileError


class ReportError(BurdenshareError):
    """A report cannot be built or rendered."""


class ReportTemplateError(ReportError, DataFileError):
    """A shipped layout breaks its manifest (file, rule)."""
