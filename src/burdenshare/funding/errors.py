"""Errors of the common-funding area.

Every error here derives from :class:`burdenshare.errors.BurdenshareError`, so the CLI prints
it as one line and exits with code 2. Each message names the problem and, where there is a
list to choose from, the accepted values.
"""

from __future__ import annotations

from burdenshare.catalog.errors import CoverageError
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.shipped.errors import DataFileError


class FundingError(BurdenshareError):
    """Base class of the funding errors."""


class FundingDataError(FundingError, DataFileError):
    """A shipped or user-supplied funding file breaks its manifest or schema: file, line, rule."""


class KeySumError(FundingError):
    """A cost-share key does not add up to 100 % beyond the rounding of its shares."""


class ShareError(FundingError):
    """A share is negative, above 100, duplicated or otherwise unusable."""


class UnknownPeriodError(InputError, FundingError):
    """No key is shipped (or given) for that period."""


class NoKeyForYearError(FundingError):
    """No key covers the year asked for."""


class NoBudgetError(FundingError):
    """No budget figure is published for the year (or line) asked for."""


class NegativeBudgetError(FundingError):
    """A budget amount is negative."""


class UnknownBudgetLineError(InputError, FundingError):
    """A budget line that is not ``civil``, ``military`` or ``nsip``."""


class UnknownMinistryError(InputError, FundingError):
    """A ministry id not declared in the ministry mapping."""


class UnknownLanguageError(InputError, FundingError):
    """A label language that is not one of the accepted ones (``en``, ``nl``)."""


class UnknownGroupingError(InputError, FundingError):
    """A grouping of contributions that is not ``line``, ``ministry`` or ``ally``."""


class InfeasibleCapError(FundingError):
    """The constraints of a key formula cannot all hold while the key sums to 100."""


class RuleError(FundingError):
    """A key rule (or a YAML case) is malformed: unknown kind, missing field, bad value."""


class UnknownRuleError(InputError, FundingError):
    """No shipped key rule has that name."""


class UnknownSourceError(InputError, FundingError):
    """No source id of the funding manifest has that name."""


class IncomeError(FundingError, CoverageError):
    """No national income (GDP, the proxy for GNI) for an ally a key derivation needs.

    Also a :class:`~burdenshare.catalog.CoverageError`: the release lacks the figure.
    """
