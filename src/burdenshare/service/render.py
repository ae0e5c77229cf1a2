"""Facade frames as JSON, CSV and XLSX, each with the frame's provenance.

- JSON: ``{"meta": {provenance envelope, "query": ...}, "data": [records]}``; missing values
  are ``null``; numbers are written as Python prints them (shortest round-trip form), so
  the JSON and CSV carry the same digits.
- CSV: the provenance in a header block of ``#`` comment lines (``# release: 2024-06``),
  then the table. Chosen over a ``Link`` to a CSVW document so a downloaded file keeps its
  sources when it leaves the service; read it with ``pandas.read_csv(f, comment="#")``.
- XLSX: sheet ``data`` and sheet ``provenance`` (key, value).
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("json", "csv", "xlsx")


def cell(value: Any) -> Any:
    """One table cell as a JSON value (``None`` for missing and non-finite numbers)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        import pandas as pd

        return None if value is pd.NaT else value.isoformat()
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # numpy scalar
        return cell(value.item())
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, list | tuple):
        return [cell(v) for v in value]
    return str(value)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-ready dicts (column names as keys)."""
    cols = [str(c) for c in frame.columns]
    return [
        {c: cell(v) for c, v in zip(cols, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def envelope(frame: pd.DataFrame, meta: dict[str, Any]) -> dict[str, Any]:
    return {"meta": meta, "data": records(frame)}


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def provenance_lines(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """The provenance as ``(key, text)`` pairs: CSV header lines and the XLSX sheet."""
    lines: list[tuple[str, str]] = [
        ("what", _one_line(meta.get("what", ""))),
        ("release", _one_line(meta.get("release") or "")),
        ("partial", "true" if meta.get("partial") else "false"),
    ]
    lines += [("source", _one_line(d.get("citation", ""))) for d in meta.get("datasets", [])]
    lines += [(f"note {k}", _one_line(v)) for k, v in meta.get("notes", {}).items()]
    lines += [(str(k), _one_line(v)) for k, v in meta.get("attrs", {}).items()]
    query = meta.get("query", {})
    if query:
        lines.append(("query", "; ".join(f"{k}={v}" for k, v in query.items())))
    return lines


def csv_text(frame: pd.DataFrame, meta: dict[str, Any]) -> str:
    """The table as CSV after a ``# key: value`` block with the provenance."""
    head = "".join(f"# {k}: {v}\n" for k, v in provenance_lines(meta))
    return head + frame.to_csv(index=False, lineterminator="\n")


def xlsx_bytes(frame: pd.DataFrame, meta: dict[str, Any]) -> bytes:
    """The table as an XLSX workbook: sheet ``data`` and sheet ``provenance``."""
    import pandas as pd

    buf = io.BytesIO()
    prov = pd.DataFrame(provenance_lines(meta), columns=["key", "value"])
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        prov.to_excel(writer, sheet_name="provenance", index=False)
    return buf.getvalue()
