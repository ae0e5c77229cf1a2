"""Briefings and reports of claim checks (HTML, PDF).

:mod:`~burdenshare.reports.briefing` builds a :class:`~burdenshare.reports.document.Document`
from the frames the facade (:mod:`burdenshare.api.reports`) fetched; words through the one
message catalog, numbers, money and dates through Babel (:mod:`~burdenshare.reports.formats`);
:mod:`~burdenshare.reports.render` draws the charts (the pages' Vega-Lite specs) to SVG
offline and typesets the PDF with Typst. See ``docs/reports.md``.
"""
