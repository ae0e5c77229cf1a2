"""Loading the burden subpackage's shipped data (the only module here that reads files).

``data/manifest.toml`` (the one layout of :mod:`burdenshare.shipped.manifest`) lists every
shipped file with its checksum and the origin record of its dataset; :func:`load_efp`
returns the forward-presence table after the layer has verified the hash, the row count
and the header. A user's ``--cost-shares`` file is read through the layer's user reader.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from burdenshare.burden.errors import BurdenDataError
from burdenshare.shipped.manifest import Manifest, read_manifest
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.table import ColumnSpec, TableSpec, check_table, parse_csv
from burdenshare.shipped.user import read_user_csv
from burdenshare.text import t

DATA_DIR = Path(__file__).parent / "data"


def _manifest(root: Path) -> Manifest:
    return read_manifest(root, label="burden/data/manifest.toml", error=BurdenDataError)


def file_record(name: str, root: Path | None = None) -> dict[str, Any]:
    """The manifest entry of a shipped file with its dataset's origin fields.

    >>> file_record("efp.csv")["kind"]
    'forward_presence'
    """
    m = _manifest(DATA_DIR if root is None else root)
    rec = m.file(name)
    out: dict[str, Any] = {}
    if rec.dataset is not None:
        out.update(m.origin(rec.dataset).as_dict())
    out.update({k: v for k, v in vars(rec).items() if v is not None})
    return out


def efp_origin(root: Path | None = None) -> Origin:
    """The origin record of the forward-presence table (id ``efp``).

    >>> efp_origin().id, efp_origin().published
    ('efp', '2026-11-28')
    """
    return _load_efp(DATA_DIR if root is None else Path(root))[1]


def load_efp(root: Path | None = None) -> pd.DataFrame:
    """The forward-presence table (``efp.csv``), verified against the manifest.

    Returns:
        Columns ``host_iso3``, ``framework_iso3``, ``contributor_iso3``, ``since`` (text,
        ``""`` when unknown) and ``note``; ``attrs["source"]`` names the origin.

    Raises:
        BurdenDataError: the file is absent, its hash, row count or header differ.

    >>> efp = load_efp()
    >>> len(efp), sorted(efp["host_iso3"].unique())[:3]
    (64, ['BGR', 'EST', 'HUN'])
    """
    return _load_efp(DATA_DIR if root is None else Path(root))[0].copy()


@cache
def _load_efp(root: Path) -> tuple[pd.DataFrame, Origin]:
    m = _manifest(root)
    rec = m.file("efp.csv")
    origin = m.origin(rec.dataset or "efp")
    frame = parse_csv(m.read_bytes(rec), file=rec.path, error=BurdenDataError)
    frame.attrs["source"] = f"{origin.title} ({origin.publisher}, {origin.published})"
    return frame, origin


def load_threat_proximity(root: Path | None = None) -> pd.DataFrame:
    """Allies with a land border with Russia or Belarus (``threat_proximity.csv``), verified.

    Columns ``iso3``, ``borders_russia``, ``borders_belarus`` (bool), ``note``, ``source``;
    allies not listed border neither. ``attrs["origin"]`` is the dataset's origin record.

    >>> sorted(load_threat_proximity()["iso3"])
    ['EST', 'FIN', 'LTU', 'LVA', 'NOR', 'POL']
    """
    m = _manifest(DATA_DIR if root is None else Path(root))
    rec = m.file("threat_proximity.csv")
    frame = parse_csv(m.read_bytes(rec), file=rec.path, error=BurdenDataError)
    for c in ("borders_russia", "borders_belarus"):
        frame[c] = frame[c].astype(str).str.lower().eq("true")
    frame.attrs["origin"] = m.origin("threat-proximity").as_dict()
    return frame


def threat_origin(root: Path | None = None) -> Origin:
    """The origin record of the threat-proximity table."""
    return _manifest(DATA_DIR if root is None else Path(root)).origin("threat-proximity")


#: A user's cost-share key: ``iso3`` and ``share_pct``, optionally the period it covers.
COST_SHARES_SPEC = TableSpec(
    {
        "iso3": ColumnSpec(required=True),
        "share_pct": ColumnSpec("float", required=True),
        "period_start": ColumnSpec("int"),
        "period_end": ColumnSpec("int"),
        "period": ColumnSpec(),
    },
    open=True,
    list_expected=True,
)


def load_cost_shares_file(path: Path | str) -> pd.DataFrame:
    """A user's cost-share key from a CSV file (``iso3``, ``share_pct``, optionally
    ``period_start``, ``period_end`` or ``period``), its cells checked by the table checker.

    Raises:
        BurdenDataError: the file is absent, a directory, empty, binary, not a readable
            CSV, lacks a column or holds a bad cell (one line, for the CLI).
    """
    out = read_user_csv(path, COST_SHARES_SPEC, what=t("cost-shares file"), error=BurdenDataError)
    for c in ("period_start", "period_end"):
        if c in out.columns and out[c].notna().all():
            out[c] = out[c].astype("int64")
    return out


#: The published troop figures (``efp_troops.csv``): one row per figure, with its sources.
EFP_TROOPS_SPEC = TableSpec(
    {
        "scope": ColumnSpec(required=True, allowed=("all", "host", "nation")),
        "host_iso3": ColumnSpec(),
        "nation_iso3": ColumnSpec(),
        "date": ColumnSpec("date", required=True),
        "troops": ColumnSpec("int", required=True, min=1),
        "qualifier": ColumnSpec(required=True,
                                allowed=("about", "exactly", "more than", "up to", "target")),
        "kind": ColumnSpec(required=True, allowed=("deployed", "plan")),
        "by": ColumnSpec(),
        "sources": ColumnSpec(required=True),
        "note": ColumnSpec(),
    }
)  # fmt: skip


def load_efp_troops(root: Path | None = None) -> pd.DataFrame:
    """The published troop figures of the forward presence (``efp_troops.csv``), verified.

    Columns ``scope`` (``all``, ``host``, ``nation``), ``host_iso3``, ``nation_iso3``,
    ``date``, ``troops``, ``qualifier``, ``kind`` (``deployed``/``plan``), ``by``,
    ``sources`` (ids in ``SOURCES.md``, ``;``-separated), ``note``; ``attrs["origin"]``.

    >>> t = load_efp_troops()
    >>> int(t.loc[t["scope"] == "all", "troops"].max())
    9641
    """
    m = _manifest(DATA_DIR if root is None else Path(root))
    rec = m.file("efp_troops.csv")
    frame = parse_csv(m.read_bytes(rec), file=rec.path, error=BurdenDataError)
    frame = check_table(frame, EFP_TROOPS_SPEC, file=rec.path, error=BurdenDataError)
    for c in ("host_iso3", "nation_iso3", "by", "note"):
        frame[c] = frame[c].fillna("").astype(str)
    frame["troops"] = frame["troops"].astype("int64")
    frame.attrs["origin"] = m.origin("efp-troops").as_dict()
    return frame


def efp_troops_origin(root: Path | None = None) -> Origin:
    """The origin record of the troop figures (id ``efp-troops``)."""
    return _manifest(DATA_DIR if root is None else Path(root)).origin("efp-troops")
