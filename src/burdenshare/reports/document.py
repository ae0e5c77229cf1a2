"""The document model every report is built as, before it is rendered (HTML or PDF).

A :class:`Document` is a title, a date, sections of blocks (paragraphs, key figures,
tables, charts as Vega-Lite specs) and the sources. Every text in it is final: translated
and formatted for the language (:mod:`burdenshare.reports.formats`); the renderers only lay
it out, so the HTML and the PDF of a report say the same words.

>>> d = Document("en", "Title", "Sub", dt.date(2024, 6, 17), [Section("S", [Para("Hello.")])])
>>> d.as_dict()["sections"][0]["blocks"][0]
{'kind': 'para', 'text': 'Hello.'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Para:
    """A paragraph of text."""

    text: str
    kind: str = "para"


@dataclass(frozen=True)
class Facts:
    """Key figures: (label, value, note) triples, shown as a compact grid."""

    items: tuple[tuple[str, str, str], ...]
    kind: str = "facts"


@dataclass(frozen=True)
class Table:
    """A table of formatted cells; ``numeric`` right-aligns a column."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    caption: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    """A chart: its title, its Vega-Lite spec (from :mod:`burdenshare.charts`) and a
    one-line description (the ``alt`` text)."""

    title: str
    spec: dict[str, Any]
    alt: str = ""
    height: int = 150
    kind: str = "chart"


Block = Para | Facts | Table | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Document:
    """A report: language, title, subtitle, the date it stands at (the figures' date; also
    the PDF's metadata date, so the same input gives the same bytes), sections, sources."""

    lang: str
    title: str
    subtitle: str
    date: dt.date
    sections: list[Section]
    sources: list[str] = field(default_factory=list)
    sources_title: str = "Sources"
    footer: str = ""

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def as_dict(self, chart_files: dict[int, str] | None = None) -> dict[str, Any]:
        """JSON-ready; charts become ``{"file": ...}`` when files are given (the PDF)."""
        files = chart_files or {}
        n = 0
        sections = []
        for s in self.sections:
            blocks: list[dict[str, Any]] = []
            for b in s.blocks:
                if isinstance(b, Para):
                    blocks.append({"kind": "para", "text": b.text})
                elif isinstance(b, Facts):
                    blocks.append({"kind": "facts", "items": [list(i) for i in b.items]})
                elif isinstance(b, Table):
                    blocks.append({"kind": "table", "columns": list(b.columns),
                                   "rows": [list(r) for r in b.rows], "numeric": list(b.numeric),
                                   "caption": b.caption})  # fmt: skip
                else:
                    blocks.append({"kind": "chart", "title": b.title, "alt": b.alt, "index": n,
                                   "file": files.get(n, ""), "height": b.height})  # fmt: skip
                    n += 1
            sections.append({"title": s.title, "blocks": blocks})
        return {
            "lang": self.lang, "title": self.title, "subtitle": self.subtitle,
            "date": self.date.isoformat(), "sections": sections, "sources": list(self.sources),
            "sources_title": self.sources_title, "footer": self.footer,
        }  # fmt: skip
