"""Rendering results for people (rich tables) and machines (csv, json, xlsx).

Interfaces hold no arithmetic: this module formats what the API returns and nothing more.
"""

from __future__ import annotations

import enum
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd


def _console(stderr: bool = False) -> Console:
    """A terminal keeps its width; a pipe or file gets room for wide tables (or $COLUMNS)."""
    probe = Console(stderr=stderr)
    if probe.is_terminal or os.environ.get("COLUMNS"):
        return probe
    return Console(stderr=stderr, width=160)


console = _console()
err_console = _console(stderr=True)


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


FormatOption = typer.Option(Format.table, "--format", "-f", help="Output format.")
AsOfOption = typer.Option(
    None, "--as-of", help="Figures as published on or before this date (YYYY-MM-DD)."
)
ReleaseOption = typer.Option(None, "--release", help="A release id (see `data releases`).")
OutputOption = typer.Option(None, "--output", "-o", help="File for xlsx (or csv/json) output.")


#: The language of tables for people; set by the global ``--lang`` option.
settings: dict[str, str] = {"lang": "en"}


def _cell(value: Any, column: str) -> str:
    from burdenshare.i18n import number, yes_no

    lang = settings["lang"]
    if value is None:
        return "–"
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return "–"
        if isinstance(value, int) or column == "year":
            return str(value)
        big = column.endswith(("_mn", "_bn")) or abs(value) >= 1000
        fine = column == "difference_pp"
        return number(value, lang, decimals=0 if big else (3 if fine else 2))
    text = str(value)
    return "–" if text in ("<NA>", "nan", "NaT", "None") else text


def caption(frame: pd.DataFrame) -> str:
    attrs = frame.attrs
    if "release" not in attrs:
        return ""
    text = f"Source: {attrs.get('source', '')}."
    if attrs["release"]:
        text += f" Release {attrs['release']}"
        if attrs.get("partial"):
            text += " (PARTIAL release: not every ally or indicator is published in it)"
        if attrs.get("price_base"):
            text += f"; constant-price figures at {attrs['price_base']} prices"
        text += "."
    return text


def emit(
    frame: pd.DataFrame,
    fmt: Format,
    title: str = "",
    output: Path | None = None,
    notes: list[str] | None = None,
) -> None:
    """Write ``frame`` in the chosen format to stdout (or ``output``)."""
    if fmt is Format.table:
        frame = _localise(frame, settings["lang"])
        table = Table(title=title or None, caption=caption(frame) or None, caption_justify="left")
        from burdenshare.i18n import label

        rows = [
            [_cell(_plain(v), str(c)) for v, c in zip(row, frame.columns, strict=True)]
            for row in frame.itertuples(index=False)
        ]
        for col in frame.columns:
            numeric = frame[col].dtype.kind in "fiu"
            table.add_column(
                label(str(col), settings["lang"]), justify="right" if numeric else "left"
            )
        for cells in rows:
            table.add_row(*cells)
        console.print(table)
        for note in notes or []:
            console.print(note)
        return
    if fmt is Format.csv:
        text = frame.to_csv(index=False)
    elif fmt is Format.json:
        payload = {
            "meta": {k: v for k, v in frame.attrs.items() if _jsonable(v)},
            "data": json.loads(frame.to_json(orient="records", date_format="iso")),
        }
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    else:
        if output is None:
            raise typer.BadParameter("xlsx needs --output FILE.xlsx", param_hint="--format")
        meta = frame.attrs
        frame.to_excel(output, index=False, sheet_name="data")
        if meta:
            import pandas as pd

            with pd.ExcelWriter(output, mode="a", engine="openpyxl") as writer:
                pd.DataFrame(
                    {"key": list(meta), "value": [str(v) for v in meta.values()]}
                ).to_excel(writer, index=False, sheet_name="provenance")
        err_console.print(f"wrote {output}")
        return
    if output is not None:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


_FLAGS_NL = {"estimate": "raming", "missing": "ontbreekt", "not_applicable": "n.v.t."}


def _localise(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Ally names and flags in the table's language (labels only, no arithmetic)."""
    if lang == "en":
        return frame
    from burdenshare.i18n import ally_name

    out = frame.copy()
    if {"ally", "iso3"} <= set(out.columns):
        out["ally"] = [ally_name(c, lang) for c in out["iso3"]]
    if "flag" in out.columns:
        out["flag"] = out["flag"].map(lambda f: _FLAGS_NL.get(f, f) if isinstance(f, str) else f)
    return out


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars (so bools and ints format as such)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None
