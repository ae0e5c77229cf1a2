"""The one error of a data file that breaks a rule: it names the file, the line and the rule.

Each area subclasses it together with its own error base, so that ``except FundingError``
catches a tampered funding file and ``except RulesError`` a tampered rules file::

    class FundingDataError(FundingError, DataFileError): ...

The layer's readers take the area's class as ``error=`` and raise it.
"""

from __future__ import annotations

from burdenshare.errors import BurdenshareError, located


class DataFileError(BurdenshareError):
    """A shipped or user-supplied file breaks its manifest or its declared schema.

    The message names the file, the line (1 is a CSV's header) when known, and the rule.

    >>> str(DataFileError("cost_shares.csv", "column 'share_pct': 'x' is not a number", line=4))
    "cost_shares.csv, line 4: column 'share_pct': 'x' is not a number"
    >>> str(DataFileError("manifest.toml", "manifest not found"))
    'manifest.toml: manifest not found'
    """

    def __init__(self, file: str, rule: str, line: int | None = None) -> None:
        self.file = file
        self.rule = rule
        self.line = line
        super().__init__(located(rule, file, line))
