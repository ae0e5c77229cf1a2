"""The origin record of a dataset: who published it, when, where, and which copy we read.

One record serves NATO releases, IMF forecast editions, cost-share keys, the rules file and
any dataset to come; the provenance envelope on every returned frame
(:mod:`burdenshare.provenance`) is built from these records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    """Where one dataset comes from.

    Attributes:
        id: a stable id (``nato-2024-06``, ``imf-weo-2025-10``, ``funding-cost-shares``).
        kind: what the dataset is (``nato_release``, ``gdp_forecast``, ``cost_shares``,
            ``rules``, ``efp``...).
        publisher: who published the figures (``NATO Public Diplomacy Division``).
        title: the publication's title as printed.
        published: the publication date as precisely as it is known (``2024-06-17`` or
            ``2026-07``).
        address: the address as printed by the publisher (may be empty).
        read_from: the copy the figures were read from when it is not the publisher's own
            file (a press reprint, an R package, a university project's CSV); empty when read
            from the publisher's own file.
        tables: the tables or pages used (``Tables 1-3, 5-8b``).
        licence: the licence note.
        sha256: SHA-256 of the shipped file(s), ``;``-separated when several.
        partial: the dataset covers only some allies or years (a partial release).
        secondary: the figures were read from a third-party copy, not from the publisher.

    >>> o = Origin("nato-2024-06", "nato_release", "NATO", "Defence Expenditure", "2024-06-17")
    >>> o.citation
    'NATO, Defence Expenditure, 2024-06-17'
    >>> Origin("x", "k", "NATO", "T", "2019-11", read_from="an R package").citation
    'NATO, T, 2019-11 (read from an R package)'
    """

    id: str
    kind: str
    publisher: str
    title: str
    published: str
    address: str = ""
    read_from: str = ""
    tables: str = ""
    licence: str = ""
    sha256: str = ""
    partial: bool = False
    secondary: bool = False

    @property
    def citation(self) -> str:
        """``publisher, title, date[, tables] [(read from …)]`` in one line."""
        parts = [self.publisher, self.title, self.published]
        if self.tables:
            parts.append(self.tables)
        text = ", ".join(p for p in parts if p)
        if self.read_from:
            text += f" (read from {self.read_from})"
        return text

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with the citation."""
        return {**asdict(self), "citation": self.citation}
