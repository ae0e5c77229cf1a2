"""Rendering results for people (rich tables) and machines (csv, json, xlsx).

Interfaces hold no arithmetic: this module formats what the API returns and nothing more.
Every output names its sources: the terminal footer, the JSON ``meta`` (the provenance
envelope itself), the Excel ``provenance`` sheet and, for ``-o x.csv``, a CSVW metadata file
``x.csv-metadata.json`` beside the data. Every sentence goes through the one gettext catalog
(:func:`burdenshare.i18n.translator`): :func:`say` and :func:`say_n`.
"""

from __future__ import annotations

import enum
import io
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

import burdenshare.text as _text

if TYPE_CHECKING:
    import pandas as pd

#: Width used when the output is no terminal and $COLUMNS is not set (files, pipes).
PIPE_WIDTH = 160


class _Console(Console):
    """Rich's console, except that a closed pipe is left to :func:`burdenshare.cli.run`
    (which ends quietly with 0) instead of rich's own ``SystemExit(1)``."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def _console(stderr: bool = False) -> Console:
    """A terminal keeps its width; a pipe or file gets room for wide tables (or $COLUMNS)."""
    probe = _Console(stderr=stderr)
    if probe.is_terminal or os.environ.get("COLUMNS"):
        return probe
    return _Console(stderr=stderr, width=PIPE_WIDTH)


console = _console()
err_console = _console(stderr=True)


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: The language of tables for people and whether tables may be wider than the terminal;
#: set by the global ``--lang`` and ``--wide`` options.
settings: dict[str, Any] = {"lang": "en", "wide": False}


# --------------------------------------------------------------------------------------
# Sentences in the user's language


def say(message: str, /, **values: Any) -> str:
    """``message`` through the one catalog, in the chosen language, with ``values`` filled in.

    Numbers must be formatted by the caller (:func:`num`), so that separators follow the
    language: ``say("{n} of {total} allies", n=9, total=num(29, 0))``.
    """
    from burdenshare.i18n import translator

    return str(translator(settings["lang"]).gettext(message)).format(**values)


def say_n(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """A sentence with a plural (``{n}`` is filled in with ``n``)."""
    from burdenshare.i18n import translator

    text = translator(settings["lang"]).ngettext(singular, plural, n)
    return str(text).format(n=n, **values)


def tr(text: Any) -> str:
    """A sentence the API wrote (a ``Text`` in ``attrs`` or a cell, see
    :mod:`burdenshare.text`) in the chosen language, numbers with its separators."""
    from burdenshare.i18n import localize

    if text is None:
        return ""
    return localize(text, settings["lang"]) if isinstance(text, str) else str(text)


def title_of(frame: Any) -> str:
    """The frame's description (``attrs["what"]``, a sentence the API wrote) as a title."""
    return tr(getattr(frame, "attrs", {}).get("what", ""))



def tr_sentence(text: Any) -> str:

    """:func:`tr` as a sentence: capitalised, with a full stop."""
    out = tr(text).strip()
    if not out:
        return ""
    out = out[:1].upper() + out[1:]
    return out if out.endswith((".", "!", "?")) else out + "."


def num(value: float, decimals: int = 2) -> str:
    """A number for a sentence, with the language's separators (``4.428`` in Dutch)."""
    from burdenshare.i18n import number

    return number(value, settings["lang"], decimals=decimals)


def currency(code: str) -> str:
    """A currency's name in the language (from Babel): ``US dollars``, ``Amerikaanse dollar``."""
    from burdenshare.i18n import currency_name

    return currency_name(code, settings["lang"])


# --------------------------------------------------------------------------------------
# Options every command shares


def check_output(value: Path | None) -> Path | None:
    """``-o``: refuse, before anything is computed, a path that cannot be written."""
    if value is None:
        return None
    path = Path(value)
    if path.is_dir():
        raise typer.BadParameter(_text.t(
            "{path!r} is a directory, not a file",
            path=str(path),
        ), param_hint="'-o'")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise typer.BadParameter(_text.t(
            "folder {parent!r} does not exist",
            parent=str(parent),
        ), param_hint="'-o'")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise typer.BadParameter(
            _text.t("{path!r} cannot be written", path=str(path)), param_hint="'-o'"
        )
    return path


def check_date(value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            _text.t("{value!r} is not a date (YYYY-MM-DD)", value=value)
        ) from None
    return value


def bounded(lo: float | None = None, hi: float | None = None) -> Any:
    """A callback that accepts only finite numbers within ``lo``..``hi`` (None: no bound);
    lists (repeatable options) are checked value by value."""

    def check(value: Any) -> Any:
        for v in value if isinstance(value, list | tuple) else [value]:
            if v is None:
                continue
            check_number(float(v), lo, hi)
        return value

    return check


def check_number(value: float, lo: float | None = None, hi: float | None = None) -> float:
    """``value`` if finite and within ``lo``..``hi``, else a usage error saying why."""
    if not math.isfinite(value):
        raise typer.BadParameter(_text.t("{value} is not a finite number", value=value))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            span = _text.t("{lo} to {hi}", lo=_g(lo), hi=_g(hi))
        else:
            span = _text.t("at least {lo}", lo=_g(lo)) if lo is not None else _text.t(
                "at most {hi}", hi=_g(hi))
        raise typer.BadParameter(
            _text.t("{value} is out of range ({span})", value=_g(value), span=span)
        )
    return value


def _os_reason(exc: OSError) -> str:
    """The operating system's reason, as a catalog sentence when it is a common one."""
    import errno

    known = {
        errno.ENOENT: _text.t("No such file or directory"),
        errno.EACCES: _text.t("Permission denied"),
        errno.EROFS: _text.t("Read-only file system"),
        errno.ENOSPC: _text.t("No space left on device"),
        errno.EISDIR: _text.t("Is a directory"),
    }
    reason = known.get(exc.errno or 0)
    if reason is not None and str(reason) == exc.strerror:
        return reason
    return str(exc.strerror or exc)


def _g(x: float | None) -> str:
    """A bound or value as a number in the user's language (``10,000,000``, ``0.5``)."""
    if x is not None and abs(x) >= 1e5 and x == int(x):
        return _text.Text("{x:,.0f}", x=x)
    return _text.Text("{x:g}", x=x)


#: Bounds every command shares: years NATO could have published, percentages, money.
YEARS = (1949, 2100)
PERCENT = (0.0, 100.0)
GROWTH_PCT = (-100.0, 1000.0)
EUR_MN = (None, 1e7)  # negative amounts: the funding area answers them

FormatOption = typer.Option(Format.table, "--format", "-f", help="Output format.")
AsOfOption = typer.Option(
    None,
    "--as-of",
    metavar="DATE",
    callback=check_date,
    help="Figures as published on or before this date (YYYY-MM-DD).",
)
ReleaseOption = typer.Option(
    None, "--release", metavar="ID", help="A release id (see `data releases`)."
)
OutputOption = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    callback=check_output,
    help="Write to FILE instead of the terminal (any format; xlsx needs it).",
)
YearOption = typer.Option(
    None, "--year", "-y", metavar="YEAR", callback=bounded(*YEARS), help="Year; latest by default."
)
GroupOption = typer.Option(
    "nato", "--group", "-g", metavar="GROUP", help="nato, europe_canada or eu."
)
IndicatorOption = typer.Option(
    "share_gdp_pct", "--indicator", "-i", metavar="NAME", help="See `data indicators`."
)
AllyOption = typer.Option(
    None, "--ally", "-a", metavar="ALLY", help="ISO code or name; repeat for several."
)
ThresholdOption = typer.Option(
    None,
    "--threshold",
    "-t",
    metavar="PERCENT",
    callback=bounded(*PERCENT),
    help="Percent of GDP; the guideline in force by default.",
)


# --------------------------------------------------------------------------------------
# Cells


def _cell(value: Any, column: str) -> str:
    from burdenshare.i18n import number, yes_no

    lang = settings["lang"]
    if value is None:
        return "–"
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return "–"
        if isinstance(value, int) or column == "year":
            return str(value)
        big = column.endswith(("_mn", "_bn")) or abs(value) >= 1000
        fine = column == "difference_pp"
        return number(value, lang, decimals=0 if big else (3 if fine else 2))
    if isinstance(value, str) and getattr(value, "template", None) is not None:
        return tr(value)  # a sentence the API wrote (burdenshare.text.Text)
    text = str(value)
    if text in ("<NA>", "nan", "NaN", "NaT", "None", "inf", "-inf"):
        return "–"
    return _word(text)


#: Status words and reasons shown in cells, translated through the catalog.
def _word(text: str) -> str:
    if text in _WORDS:
        return say(text)
    return text


_WORDS = frozenset(
    {
        "estimate", "missing", "not_applicable", "computed", "published", "partial release",
        "not published", "not applicable", "not in this release", "met", "not met",
        "above", "below", "full", "partial", "inside", "edge", "outside", "UNEXPLAINED",
        "known exception", "in force", "planned", "expired", "ahead", "on_path", "behind",
        "not_yet_due", "missed_at_deadline", "not_assessable", "not assessable",
        "ceiling", "authorised", "given", "estimated", "derived", "joined", "rescaled",
    }
)  # fmt: skip


def _mark_words() -> None:  # pragma: no cover - only for `make i18n` (pybabel extract)
    say("estimate"), say("missing"), say("not_applicable"), say("computed")
    say("published"), say("partial release"), say("not published"), say("not applicable")
    say("not in this release"), say("met"), say("not met"), say("above"), say("below")
    say("full"), say("partial"), say("inside"), say("edge"), say("outside")
    say("UNEXPLAINED"), say("known exception"), say("in force"), say("planned")
    say("expired"), say("ahead"), say("on_path"), say("behind"), say("not_yet_due")
    say("missed_at_deadline"), say("not_assessable"), say("not assessable")
    say("ceiling"), say("authorised"), say("given")
    say("estimated"), say("derived"), say("joined"), say("rescaled")


# --------------------------------------------------------------------------------------
# Provenance for people


def footer(frame: pd.DataFrame) -> list[str]:
    """The footer under a table: publisher, publication, release, the copy read from,
    partial and secondary flags, estimates, and every other dataset used."""
    env = _envelope(frame)
    datasets = env.get("datasets") or []
    if not datasets:
        return []
    lines = []
    release = env.get("release")
    for i, d in enumerate(datasets):
        parts = [d["publisher"], d["title"], d["published"]]
        if d.get("tables"):
            parts.append(d["tables"])
        text = ", ".join(str(p) for p in parts if p)
        if i == 0:
            line = say("Source: {citation}.", citation=text)
            if release and d.get("kind") == "nato_release":
                line += " " + say("Release {release}.", release=release)
        else:
            line = say("Also used: {citation}.", citation=text)
        if d.get("read_from"):
            line += " " + say("Read from: {copy}.", copy=d["read_from"])
        if d.get("secondary"):
            line += " " + say("A secondary copy, not the publisher's own file.")
        if d.get("partial"):
            line += " " + say("PARTIAL: not every ally or indicator is published in it.")
        lines.append(line)
    notes = env.get("notes") or {}
    if notes.get("estimate_years") and _holds_estimates(frame):
        lines.append(
            say("Figures for {years} are NATO estimates, not outturns.",
                years=notes["estimate_years"])
        )  # fmt: skip
    if {"source", "source_ids"} & set(frame.columns) and any(
        d.get("kind") not in ("nato_release",) for d in datasets
    ):
        lines.append(say("Source ids resolve to full citations: burdenshare data cite ID."))
    price_base = frame.attrs.get("price_base")
    if price_base:
        lines.append(say("Constant-price figures at {year} prices.", year=price_base))
    return lines


def _holds_estimates(frame: pd.DataFrame) -> bool:
    """Whether the rows shown hold a NATO estimate (True when the frame does not say)."""
    if "is_estimate" in frame.columns:
        return bool(frame["is_estimate"].fillna(False).astype(bool).any())
    if "flag" in frame.columns:
        return bool((frame["flag"] == "estimate").any())
    return True


def caption(frame: pd.DataFrame) -> str:
    """The footer as one paragraph (kept for callers that want a single string)."""
    return " ".join(footer(frame))


# --------------------------------------------------------------------------------------
# Tables that fit


def _key_columns(columns: list[str]) -> list[str]:
    keys = [c for c in columns if c in ("iso3", "ally", "year", "group", "period", "rank")]
    return keys[:2] if keys else columns[:1]


#: The widest a text column gets before it wraps (numbers never wrap).
TEXT_WIDTH = 20


def _widths(headers: list[str], rows: list[list[str]], numeric: list[bool]) -> list[int]:
    """Each column's width: a number column its widest cell (never cut, never wrapped); a
    text column its widest cell up to :data:`TEXT_WIDTH` (then it wraps). Headers wrap at
    spaces to fit."""
    out = []
    for i, header in enumerate(headers):
        word = max((len(w) for w in header.split()), default=1)
        cells = max((len(r[i]) for r in rows), default=1)
        if numeric[i]:
            out.append(max(cells, min(word, 14)))
        else:  # wrap at spaces only: a word (a code, a date, a range of years) stays whole
            longest = max((len(w) for r in rows for w in r[i].split()), default=1)
            out.append(max(min(cells, TEXT_WIDTH), min(word, TEXT_WIDTH), min(longest, 40)))
    return out


def _table_parts(widths: list[int], headers: list[str], width: int) -> list[list[int]]:
    """Column indexes of each table to print: all in one, or the key columns repeated and
    the others moved below, so that no number is ever cut."""
    n = len(widths)

    def total(cols: list[int]) -> int:
        return sum(widths[i] + 3 for i in cols) + 1

    if settings["wide"] or total(list(range(n))) <= width:
        return [list(range(n))]
    keys = [headers.index(h) for h in _key_columns(headers)]
    rest = [i for i in range(n) if i not in keys]
    parts: list[list[int]] = []
    current: list[int] = list(keys)
    for i in rest:
        if len(current) > len(keys) and total([*current, i]) > width:
            parts.append(current)
            current = list(keys)
        current.append(i)
    parts.append(current)
    return parts


def _wrap(text: str, width: int) -> str:
    import textwrap

    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True))


def _render_table(frame: pd.DataFrame, title: str, out: Console, notes: list[str]) -> None:
    from burdenshare.i18n import label

    lang = settings["lang"]
    columns = [str(c) for c in frame.columns]
    rows = [
        [_cell(_plain(v), c) for v, c in zip(row, columns, strict=True)]
        for row in frame.itertuples(index=False)
    ]
    numeric = [
        frame[c].dtype.kind in "fiu" or _number_like([r[i] for r in rows])
        for i, c in enumerate(frame.columns)
    ]
    # a column without a label is shown with spaces for underscores, so that its header
    # wraps between words instead of being cut inside one
    headers = [label(c, lang).replace("_", " ") for c in columns]
    widths = _widths(headers, rows, numeric)
    if settings["wide"]:
        widths = [max(w, len(h), *(len(r[i]) for r in rows)) for i, (w, h) in
                  enumerate(zip(widths, headers, strict=True))]  # fmt: skip
    # the key columns repeated when columns move below are found by their English label,
    # so that a Dutch table repeats the same ones (jaar, not only the first column)
    parts = _table_parts(widths, [label(c).replace("_", " ") for c in columns], out.width)
    for k, cols in enumerate(parts):
        head = title if k == 0 else say("{title} (continued)", title=title)
        table = Table(title=head or None, expand=False)
        wide = dict.fromkeys(cols, 0)
        for i in cols:
            wide[i] = widths[i]
        while not settings["wide"] and sum(w + 3 for w in wide.values()) + 1 > out.width:
            text = [i for i in cols if not numeric[i] and wide[i] > 8]
            if not text:
                break
            widest = max(text, key=lambda i: wide[i])
            wide[widest] -= 1  # a text column gives way (it wraps); numbers never do
        for i in cols:  # Text, not markup: a cell with [brackets] is shown as it is
            table.add_column(Text(_wrap(headers[i], wide[i])),
                             justify="right" if numeric[i] else "left",
                             no_wrap=True, width=wide[i])  # fmt: skip
        for r in rows:
            table.add_row(*[Text(r[i] if numeric[i] else _wrap(r[i], wide[i])) for i in cols])
        total = sum(w + 3 for w in wide.values()) + 1
        if settings["wide"] and total > out.width:  # print() caps at the console's width
            before, out.width = out.width, total
            out.print(table)
            out.width = before
        else:
            out.print(table)
    for line in [*footer(frame), *notes]:
        out.print(line, markup=False, highlight=False)
    if any("–" in r for r in rows):
        out.print(say("–: no figure (not published in this release, or not applicable)."),
                  markup=False, highlight=False)  # fmt: skip


_NUMBER = re.compile(r"[-+−]?[\d][\d.,\u00a0]*%?")


def _number_like(cells: list[str]) -> bool:
    """A text column that holds formatted numbers (never wrap it, align it right)."""
    shown = [c for c in cells if c != "–"]
    return bool(shown) and all(_NUMBER.fullmatch(c) for c in shown)


def emit(
    frame: pd.DataFrame,
    fmt: Format,
    title: str = "",
    output: Path | None = None,
    notes: list[str] | None = None,
) -> None:
    """Write ``frame`` in the chosen format to stdout (or ``output``)."""
    if fmt is Format.table:
        frame_l = _localise(frame, settings["lang"])
        if output is None:
            _render_table(frame_l, title, console, notes or [])
            return
        buf = io.StringIO()
        width = console.width if console.is_terminal else PIPE_WIDTH
        _render_table(frame_l, title, Console(file=buf, width=width, color_system=None),
                      notes or [])  # fmt: skip
        write_file(output, buf.getvalue())
        return
    if fmt is Format.csv:
        text = frame.to_csv(index=False)
        if output is not None:
            write_file(output, text)
            metadata = csvw_metadata(frame, Path(output).name)
            write_file(Path(str(output) + "-metadata.json"),
                   json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")  # fmt: skip
            return
    elif fmt is Format.json:
        payload = {"meta": json_meta(frame), "data": _records(frame)}
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    else:
        if output is None:
            raise typer.BadParameter(
                _text.t("xlsx needs --output FILE.xlsx"), param_hint="--format"
            )
        write_xlsx(frame, output)
        err_console.print(say("wrote {path}", path=output), markup=False, highlight=False)
        return
    if output is not None:
        write_file(output, text)
    else:
        sys.stdout.write(text)


def write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``-o``; a path that cannot be written is one line."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        Path(path).write_bytes(raw)
    except OSError as exc:
        raise typer.BadParameter(_text.t(
            "cannot write {path!r}: {strerror}",
            path=str(path), strerror=_os_reason(exc),
        ),
                                 param_hint="'-o'") from None  # fmt: skip



def _records(frame: pd.DataFrame) -> Any:
    return json.loads(frame.to_json(orient="records", date_format="iso"))


#: Said in every machine format: identifiers and numbers are not translated.
MACHINE_NOTE = (
    "machine format: column names, codes and numbers are language-neutral (not translated)"
)


def json_meta(frame: pd.DataFrame) -> dict[str, Any]:
    """The JSON ``meta``: the provenance envelope, with the frame's other scalar facts."""
    meta: dict[str, Any] = _envelope(frame)
    for key, value in frame.attrs.items():
        if key != "provenance" and str(key) not in meta and _jsonable(value):
            finite = not (isinstance(value, float) and not math.isfinite(value))
            meta[str(key)] = value if finite else None
    meta["language"] = MACHINE_NOTE
    return meta


# --------------------------------------------------------------------------------------
# CSVW (https://www.w3.org/TR/tabular-metadata/) and Excel


def _csvw_datatype(frame: pd.DataFrame, column: Any) -> Any:
    kind = frame[column].dtype.kind
    if kind == "b":
        return {"base": "boolean", "format": "True|False"}
    if kind in "iu":
        return "integer"
    if kind == "f":
        return "number"
    if kind == "M":
        return "datetime"
    values = frame[column].dropna()
    if len(values) and all(isinstance(v, bool) for v in values):
        return {"base": "boolean", "format": "True|False"}
    return "string"


def csvw_metadata(frame: pd.DataFrame, url: str) -> dict[str, Any]:
    """CSVW metadata describing ``frame`` written as CSV at ``url`` (a relative address):
    its columns and datatypes, and the provenance envelope as ``dc:provenance``.

    >>> import pandas as pd
    >>> m = csvw_metadata(pd.DataFrame({"iso3": ["NLD"], "share": [2.05]}), "x.csv")
    >>> [(c["name"], c["datatype"]) for c in m["tableSchema"]["columns"]]
    [('iso3', 'string'), ('share', 'number')]
    """
    env = _envelope(frame)
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": url,
        "dc:title": env.get("what") or "",
        "dc:source": [d["citation"] for d in env.get("datasets", [])],
        "dc:provenance": env,
        "rdfs:comment": MACHINE_NOTE,
        "tableSchema": {
            "columns": [
                {"name": str(c), "titles": str(c), "datatype": _csvw_datatype(frame, c)}
                for c in frame.columns
            ]
        },
    }


def write_xlsx(frame: pd.DataFrame, output: Path) -> None:
    """The data on sheet ``data``; the sources (one row per dataset) on ``provenance``."""
    import pandas as pd

    env = _envelope(frame)
    datasets = pd.DataFrame(env.get("datasets") or [])
    facts = pd.DataFrame(
        [{"key": "release", "value": str(env.get("release"))},
         {"key": "what", "value": str(env.get("what", ""))},
         {"key": "partial", "value": str(env.get("partial", False))},
         *[{"key": f"note: {k}", "value": str(v)} for k, v in (env.get("notes") or {}).items()],
         {"key": "language", "value": MACHINE_NOTE}]
    )  # fmt: skip
    plain = frame.copy()
    plain.attrs = {}
    try:
        with pd.ExcelWriter(output, engine="openpyxl") as writer:
            plain.to_excel(writer, index=False, sheet_name="data")
            facts.to_excel(writer, index=False, sheet_name="provenance")
            if not datasets.empty:
                datasets.to_excel(writer, index=False, sheet_name="provenance",
                                  startrow=len(facts) + 2)  # fmt: skip
    except OSError as exc:
        raise typer.BadParameter(_text.t(
            "cannot write {output!r}: {strerror}",
            output=str(output), strerror=_os_reason(exc),
        ),
                                 param_hint="'-o'") from None  # fmt: skip


def _localise(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Ally names in the table's language (flags and status words: :func:`_word`)."""
    if lang == "en":
        return frame
    from burdenshare.i18n import ally_name

    out = frame.copy()
    if {"ally", "iso3"} <= set(out.columns):
        out["ally"] = [ally_name(c, lang) for c in out["iso3"]]
    return out


def _envelope(frame: pd.DataFrame) -> dict[str, Any]:
    """The provenance envelope the API attached (:mod:`burdenshare.provenance`)."""
    env = frame.attrs.get("provenance")
    return dict(env) if isinstance(env, dict) else {"release": None, "datasets": []}


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars (so bools and ints format as such)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None
