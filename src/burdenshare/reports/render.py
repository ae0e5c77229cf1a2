"""Rendering a report document: charts to SVG (vl-convert), HTML (Jinja2), PDF (Typst).

Both engines run offline and in-process: ``vl-convert-python`` carries its own JavaScript
engine and the Vega libraries; ``typst`` its compiler and fonts. The PDF uses only Typst's
embedded fonts (Libertinus Serif; system fonts are ignored) and the charts are drawn with
the same font, so a report looks the same on every machine, and the document's date is
the figures' date, so the same input gives the same bytes.

The layouts are shipped files (``reports/templates``, verified through their manifest).
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from burdenshare.reports.errors import ReportError, ReportTemplateError
from burdenshare.text import t

if TYPE_CHECKING:
    from burdenshare.reports.document import Document
    from burdenshare.shipped.manifest import Manifest

TEMPLATES = Path(__file__).parent / "templates"
#: The Vega-Lite version the chart specs are written for (vl-convert supports it).
VEGALITE = "6.4"


@cache
def _templates() -> Manifest:
    from burdenshare.shipped.manifest import read_manifest

    label = "reports/templates/manifest.toml"
    return read_manifest(TEMPLATES, label=label, error=ReportTemplateError)


def _template(name: str) -> str:
    m = _templates()
    return m.read_text(m.file(name))


def template_origin() -> Any:
    """The origin record of the shipped layouts."""
    m = _templates()
    return next(iter(m.datasets.values()))


def chart_svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG, offline."""
    import vl_convert as vlc

    svg: str = vlc.vegalite_to_svg(spec, vl_version=VEGALITE)
    return svg


def html(doc: Document) -> bytes:
    """The report as one self-contained HTML file (charts inline as SVG)."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    svgs = [chart_svg(c.spec) for c in doc.charts()]
    page = env.from_string(_template("report.html")).render(d=doc.as_dict(), svgs=svgs)
    return page.encode("utf-8")


def pdf(doc: Document) -> bytes:
    """The report as PDF (Typst), reproducible byte for byte for the same document."""
    import typst

    with tempfile.TemporaryDirectory(prefix="burdenshare-report-") as tmp:
        root = Path(tmp)
        files: dict[int, str] = {}
        for i, chart in enumerate(doc.charts()):
            name = f"chart-{i}.svg"
            (root / name).write_text(chart_svg(chart.spec), encoding="utf-8")
            files[i] = name
        data = doc.as_dict(files)
        data.update(year=doc.date.year, month=doc.date.month, day=doc.date.day)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "main.typ").write_text(_template("report.typ"), encoding="utf-8")
        try:
            out = typst.compile(
                str(root / "main.typ"), root=str(root), format="pdf", font_paths=[],
                ignore_system_fonts=True,
            )  # fmt: skip
        except RuntimeError as exc:  # pragma: no cover - a layout bug, not a user's error
            raise ReportError(t("the PDF could not be typeset: {exc}", exc=exc)) from None
    if not isinstance(out, bytes):  # pragma: no cover
        raise ReportError(t("the PDF engine returned no document"))
    return out


def render(doc: Document, fmt: str) -> bytes:
    """``pdf`` or ``html``."""
    if fmt == "pdf":
        return pdf(doc)
    if fmt == "html":
        return html(doc)
    from burdenshare.errors import InputError, message
    from burdenshare.text import t

    raise ReportError(message(InputError(t("report format"), fmt, ("pdf", "html"))))
