"""One reader for the files a user hands burdenshare (CSV tables and YAML documents).

Every user file option (GDP assumptions, spending plans, scenarios, ``--cost-shares``,
ministry mappings, case files) goes through :func:`read_user_csv` or
:func:`read_user_yaml`, so a missing file, a directory, an empty or binary file, a file
that is not UTF-8, a missing or unexpected column or a bad cell is answered with one line
naming the file (and the line and the rule), raised as the caller's error class.

>>> from burdenshare.shipped.table import ColumnSpec, TableSpec
>>> spec = TableSpec({"year": ColumnSpec("int", required=True)}, list_expected=True)
>>> read_user_csv("/no/such/plan.csv", spec, what="spending plan")
Traceback (most recent call last):
...
burdenshare.shipped.errors.DataFileError: spending plan /no/such/plan.csv: file not found
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from burdenshare.shipped.errors import DataFileError
from burdenshare.shipped.table import ErrorFactory, TableSpec, check_table, parse_csv
from burdenshare.text import Text, t


def _label(what: str, name: str) -> str:
    if not what:
        return name
    return t("{what} {name}", what=what if isinstance(what, Text) else Text(what), name=name)


def read_user_bytes(
    path: str | Path, *, what: str, error: ErrorFactory = DataFileError
) -> tuple[bytes, str]:
    """The bytes of a user file and the label errors use (``what`` and the file's name).

    Raises:
        DataFileError: (``error``) the path does not exist, is a directory, or cannot be read.
    """
    p = Path(path)
    if p.is_dir():
        raise error(_label(what, str(p)), t("is a directory, not a file"))
    if p.exists() and not p.is_file():  # a device or a pipe (/dev/null)
        raise error(_label(what, str(p)), t("not a regular file"))
    if not p.is_file():
        raise error(_label(what, str(p)), t("file not found"))
    label = _label(what, p.name)
    try:
        return p.read_bytes(), label
    except OSError as exc:
        raise error(label, t(
            "cannot be read: {reason}",
            reason=exc.strerror or exc,
        )) from None


def read_user_csv(
    path: str | Path, spec: TableSpec, *, what: str, error: ErrorFactory = DataFileError
) -> pd.DataFrame:
    """A user CSV, checked against ``spec`` by the table checker, typed.

    Raises:
        DataFileError: (``error``) missing file, directory, empty, binary or non-UTF-8
            file, unreadable CSV, missing or unexpected column, a bad cell, a duplicate key.
    """
    raw, label = read_user_bytes(path, what=what, error=error)
    text = parse_csv(raw, file=label, error=error)
    return check_table(text, spec, file=label, error=error)


def read_user_yaml(path: str | Path, *, what: str, error: ErrorFactory = DataFileError) -> Any:
    """A user YAML document, parsed (safe loader) but not checked; the caller checks it.

    Raises:
        DataFileError: (``error``) missing file, directory, empty, binary or non-UTF-8
            file, or not valid YAML (naming the line of the problem).
    """
    import yaml

    raw, label = read_user_bytes(path, what=what, error=error)
    if not raw.strip():
        raise error(label, t("not valid YAML: the file is empty"))
    if b"\x00" in raw:
        raise error(label, t("not valid YAML: a binary file, not text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            label,
            t(
                "not valid YAML: not UTF-8 text (byte 0x{byte:02x} at offset {offset})",
                byte=raw[exc.start], offset=exc.start,
            ),
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(label, t("not valid YAML: {problem}", problem=problem), line=line) from None
