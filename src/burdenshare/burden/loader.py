"""Loading the burden subpackage's shipped data (the only module here that reads files).

``data/manifest.toml`` lists every shipped file with its origin record and SHA-256;
:func:`load_efp` verifies the hash (``catalog.verify_sha256``), the row count and the
header before returning the forward-presence table.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from burdenshare.burden.errors import BurdenInputError
from burdenshare.catalog import CatalogError, read_manifest, verify_sha256

DATA_DIR = Path(__file__).parent / "data"


def _manifest(root: Path) -> dict[str, Any]:
    return read_manifest(root, "burden/data/manifest.toml")


def file_record(name: str, root: Path | None = None) -> dict[str, Any]:
    """The manifest entry of a shipped file (origin record, checksum, rows).

    >>> file_record("efp.csv")["kind"]
    'forward_presence'
    """
    base = DATA_DIR if root is None else root
    for rec in _manifest(base).get("file", []):
        if rec.get("path") == name:
            return dict(rec)
    raise CatalogError("burden/data/manifest.toml", f"no [[file]] entry for {name!r}")


def load_efp(root: Path | None = None) -> pd.DataFrame:
    """The forward-presence table (``efp.csv``), verified against the manifest.

    Returns:
        Columns ``host_iso3``, ``framework_iso3``, ``contributor_iso3``, ``since`` (text,
        ``""`` when unknown) and ``note``; ``attrs["source"]`` names the origin.

    Raises:
        CatalogError: the file is absent, its hash, row count or header differ.

    >>> efp = load_efp()
    >>> len(efp), sorted(efp["host_iso3"].unique())[:3]
    (64, ['BGR', 'EST', 'HUN'])
    """
    return _load_efp(DATA_DIR if root is None else Path(root)).copy()


@cache
def _load_efp(root: Path) -> pd.DataFrame:
    rec = file_record("efp.csv", root)
    raw = verify_sha256(root / rec["path"], rec["sha256"], f"burden/data/{rec['path']}")
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    label = f"burden/data/{rec['path']}"
    if list(frame.columns) != list(rec["columns"]):
        raise CatalogError(label, f"header {list(frame.columns)} differs from {rec['columns']}", 1)
    if len(frame) != int(rec["rows"]):
        raise CatalogError(label, f"{len(frame)} rows, manifest says {rec['rows']}")
    frame.attrs["source"] = f"{rec['title']} ({rec['publisher']}, {rec['date']})"
    return frame


def load_cost_shares_file(path: Path | str) -> pd.DataFrame:
    """A user's cost-share key from a CSV file (``iso3``, ``share_pct``, optionally
    ``period_start``, ``period_end`` or ``period``), read but not checked further.

    Raises:
        BurdenInputError: the file is absent or not a readable CSV (one line, for the CLI).
    """
    file = Path(path)
    if not file.is_file():
        raise BurdenInputError(f"cost-shares file {file} not found")
    try:
        return pd.read_csv(file)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BurdenInputError(f"cost-shares file {file} is not a readable CSV: {reason}") from None
