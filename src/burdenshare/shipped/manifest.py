"""One manifest schema for every data folder, and the one reader that verifies it.

Every folder of shipped data (``catalog/data``, ``rules/data``, ``targets/data``,
``funding/data``, ``burden/data``; later ledger seeds and report templates) holds a
``manifest.toml`` of this layout::

    schema_version = 2
    licence_note = "..."          # the folder's licence (a dataset may name its own)
    [meta]                        # optional folder facts (compiled on, compiled from...)

    [[dataset]]                   # one origin record per dataset (see Origin)
    id = "nato-2024-06"
    kind = "nato_release"
    publisher = "..."
    title = "..."
    published = "2024-06-17"      # as precisely as known
    address = "..."               # optional: read_from, tables, licence, partial, secondary
    [dataset.facts]               # optional facts only the owning package reads
    price_base = 2015

    [[file]]                      # every file in the folder
    path = "expenditure/expenditure_2024-06.csv"
    kind = "observations"
    sha256 = "..."
    rows = 352                    # CSV: data rows (required for a .csv)
    lines = 342                   # optional: lines of a text file
    entries = { parameters = 34 } # optional: counts the owner checks after parsing
    dataset = "nato-2024-06"      # optional: the dataset the file belongs to
    columns = ["..."]             # optional: the exact header of a CSV
    description = "..."           # optional

:func:`read_manifest` checks the layout, reads every listed file, verifies its SHA-256, its
row count (CSV) or line count, and returns a :class:`Manifest` holding the verified bytes,
so that the owning loader parses exactly what was verified.

>>> from burdenshare.shipped.manifest import FILE_KEYS
>>> sorted(FILE_KEYS)[:4]
['columns', 'dataset', 'description', 'entries']
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from burdenshare.shipped.errors import DataFileError
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.table import ErrorFactory
from burdenshare.text import t

SCHEMA_VERSION = 2
TOP_KEYS = {"schema_version", "licence_note", "meta", "dataset", "file"}
DATASET_REQUIRED = ("id", "kind", "publisher", "title", "published")
DATASET_KEYS = {f.name for f in fields(Origin)} - {"sha256"} | {"facts"}
FILE_REQUIRED = ("path", "kind", "sha256")
#: Files that may sit in a data folder without a manifest entry (the manifest itself and
#: source documentation copied beside the data).
UNLISTED_OK = frozenset({"manifest.toml", "SOURCES.md", "NOTES.md"})


@dataclass(frozen=True)
class FileRecord:
    """One shipped file as the manifest lists it (the one file record of the package)."""

    path: str
    kind: str
    sha256: str
    rows: int | None = None
    lines: int | None = None
    entries: Mapping[str, int] = field(default_factory=dict)
    dataset: str | None = None
    columns: tuple[str, ...] | None = None
    description: str = ""


FILE_KEYS = {f.name for f in fields(FileRecord)}


@dataclass(frozen=True)
class Manifest:
    """A verified data folder: its file records, its datasets' origins, the files' bytes."""

    root: Path
    label: str
    licence_note: str
    meta: Mapping[str, Any]
    files: tuple[FileRecord, ...]
    datasets: Mapping[str, Origin]
    facts: Mapping[str, Mapping[str, Any]]
    error: ErrorFactory = field(repr=False)
    _raw: Mapping[str, bytes] = field(repr=False)

    def of_kind(self, kind: str) -> tuple[FileRecord, ...]:
        """The files of one kind, in manifest order."""
        return tuple(f for f in self.files if f.kind == kind)

    def one(self, kind: str) -> FileRecord:
        """The single file of ``kind``; raises the folder's error if there is none."""
        found = self.of_kind(kind)
        if not found:
            raise self.error(self.label, t("no [[file]] of kind {kind!r}", kind=kind))
        return found[0]

    def file(self, path: str) -> FileRecord:
        for f in self.files:
            if f.path == path:
                return f
        raise self.error(self.label, t("no [[file]] entry for {path!r}", path=path))

    def read_bytes(self, rec: FileRecord) -> bytes:
        """The verified bytes of a listed file."""
        return self._raw[rec.path]

    def read_text(self, rec: FileRecord) -> str:
        try:
            return self._raw[rec.path].decode("utf-8")
        except UnicodeDecodeError:
            raise self.error(rec.path, t("not UTF-8 text")) from None

    def origin(self, dataset_id: str) -> Origin:
        try:
            return self.datasets[dataset_id]
        except KeyError:
            raise self.error(self.label, t(
                "no [[dataset]] with id {dataset_id!r}",
                dataset_id=dataset_id,
            )) from None

    def check_entries(self, rec: FileRecord, name: str, found: int, noun: str) -> None:
        """Raise if the owner's count of ``name`` differs from ``entries.<name>``."""
        expected = rec.entries.get(name)
        if expected is not None and expected != found:
            raise self.error(rec.path, t(
                "{found} {noun}, manifest says {expected}",
                found=found, noun=noun, expected=expected,
            ))


def _toml(root: Path, label: str, error: ErrorFactory) -> dict[str, Any]:
    path = root / "manifest.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise error(str(path), t("manifest not found")) from None
    except tomllib.TOMLDecodeError as exc:
        raise error(label, t("not valid TOML: {exc}", exc=exc)) from None


def _dataset(
    raw: Any, where: str, licence: str, error: ErrorFactory
) -> tuple[Origin, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise error(where, t("a [[dataset]] must be a table"))
    unknown = set(raw) - DATASET_KEYS
    if unknown:
        raise error(where, t("unknown keys {unknown}", unknown=sorted(unknown)))
    for key in DATASET_REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise error(where, t("missing key {key!r} (text, required)", key=key))
    for key in ("partial", "secondary"):
        if not isinstance(raw.get(key, False), bool):
            raise error(where, t("{key!r} must be true or false", key=key))
    facts = raw.get("facts", {})
    if not isinstance(facts, dict):
        raise error(where, t("'facts' must be a table"))
    values = {k: v for k, v in raw.items() if k != "facts"}
    values.setdefault("licence", licence)
    return Origin(**values), dict(facts)


def _record(raw: Any, where: str, error: ErrorFactory) -> FileRecord:
    if not isinstance(raw, dict):
        raise error(where, t("a [[file]] must be a table"))
    unknown = set(raw) - FILE_KEYS
    if unknown:
        raise error(where, t("unknown keys {unknown}", unknown=sorted(unknown)))
    for key in FILE_REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise error(where, t("missing key {key!r} (text, required)", key=key))
    for key in ("rows", "lines"):
        value = raw.get(key)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            raise error(where, t("{key!r} must be a whole number >= 0", key=key))
    entries = raw.get("entries", {})
    if not isinstance(entries, dict) or not all(isinstance(v, int) for v in entries.values()):
        raise error(where, t("'entries' must be a table of whole numbers"))
    if raw["path"].endswith(".csv") and raw.get("rows") is None:
        raise error(where, t("{path}: a CSV needs 'rows'", path=raw['path']))
    columns = raw.get("columns")
    return FileRecord(
        path=raw["path"],
        kind=raw["kind"],
        sha256=raw["sha256"],
        rows=raw.get("rows"),
        lines=raw.get("lines"),
        entries=dict(entries),
        dataset=raw.get("dataset"),
        columns=tuple(columns) if columns is not None else None,
        description=str(raw.get("description", "")),
    )


def count_csv_rows(raw: bytes) -> int:
    """Data rows of a CSV (header and blank lines not counted; quoted newlines honoured).

    >>> count_csv_rows(b'a,b\\n1,"x\\ny"\\n\\n2,z\\n'), count_csv_rows(b"a,b\\n1,2\\n\\n3,4")
    (2, 2)
    """
    if b'"' not in raw:  # no quoted field can hold a newline: count the lines (fast)
        return max(len([line for line in raw.splitlines() if line]) - 1, 0)
    reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace")))
    return max(sum(1 for row in reader if row) - 1, 0)


def verify_file(path: Path, rec: FileRecord, error: ErrorFactory = DataFileError) -> bytes:
    """Read one listed file; check its presence, SHA-256, rows, lines and header.

    Raises:
        DataFileError: (``error``) naming the file and the rule that failed.
    """
    if not path.is_file():
        raise error(rec.path, t("file listed in the manifest is not shipped"))
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != rec.sha256:
        raise error(rec.path, t(
            "SHA-256 mismatch: file has {digest}, manifest says {sha256}",
            digest=digest, sha256=rec.sha256,
        ))
    if rec.rows is not None and rec.path.endswith(".csv"):
        found = count_csv_rows(raw)
        if found != rec.rows:
            raise error(rec.path, t(
                "{found} rows, manifest says {rows}",
                found=found, rows=rec.rows,
            ))
    if rec.lines is not None:
        found = raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)
        if found != rec.lines:
            raise error(rec.path, t(
                "{found} lines, manifest says {lines}",
                found=found, lines=rec.lines,
            ))
    if rec.columns is not None:
        header = next(csv.reader(io.StringIO(raw.decode("utf-8", errors="replace"))), [])
        if list(header) != list(rec.columns):
            raise error(rec.path, t(
                "header {header} differs from {columns}",
                header=header, columns=list(rec.columns),
            ), line=1)
    return raw


def read_manifest(
    root: Path, *, label: str = "manifest.toml", error: ErrorFactory = DataFileError
) -> Manifest:
    """Read and verify ``root/manifest.toml`` and every file it lists.

    Args:
        root: the data folder.
        label: how errors name the manifest (``funding/data/manifest.toml``).
        error: the area's :class:`DataFileError` subclass to raise.

    Raises:
        DataFileError: (``error``) the manifest is absent, not TOML or breaks the schema;
            a file is absent, or its SHA-256, row count, line count or header differs.
    """
    root = Path(root)
    doc = _toml(root, label, error)
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise error(label, t("unknown top-level keys {unknown}", unknown=sorted(unknown)))
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise error(label, t(
            "schema_version must be {SCHEMA_VERSION}",
            SCHEMA_VERSION=SCHEMA_VERSION,
        ))
    licence = str(doc.get("licence_note", ""))
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise error(label, t("'meta' must be a table"))
    datasets: dict[str, Origin] = {}
    facts: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(doc.get("dataset", []), start=1):
        origin, extra = _dataset(raw, f"{label}, dataset {i}", licence, error)
        if origin.id in datasets:
            where = t("{label}, dataset {number}", label=label, number=i)
            raise error(where, t("duplicate dataset id {origin_id!r}", origin_id=origin.id))
        datasets[origin.id] = origin
        facts[origin.id] = extra
    files: list[FileRecord] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("file", []), start=1):
        rec = _record(raw, f"{label}, file {i}", error)
        where = t("{label}, file {number}", label=label, number=i)
        if rec.path in seen:
            raise error(where, t("{path} listed twice", path=rec.path))
        if rec.dataset is not None and rec.dataset not in datasets:
            raise error(where, t("dataset {dataset!r} is not declared", dataset=rec.dataset))
        seen.add(rec.path)
        files.append(rec)
    contents = {rec.path: verify_file(root / rec.path, rec, error) for rec in files}
    hashes: dict[str, list[str]] = {}
    for rec in files:
        if rec.dataset is not None:
            hashes.setdefault(rec.dataset, []).append(rec.sha256)
    for did, digests in hashes.items():
        o = datasets[did]
        datasets[did] = Origin(**{**_fields(o), "sha256": ";".join(digests)})
    return Manifest(
        root=root,
        label=label,
        licence_note=licence,
        meta=dict(meta),
        files=tuple(files),
        datasets=datasets,
        facts=facts,
        error=error,
        _raw=contents,
    )


def _fields(o: Origin) -> dict[str, Any]:
    return {f.name: getattr(o, f.name) for f in fields(Origin)}


def unlisted_files(manifest: Manifest) -> list[str]:
    """Files in the folder (recursively) that the manifest does not list (docs excepted)."""
    listed = {f.path for f in manifest.files}
    out = []
    for p in sorted(manifest.root.rglob("*")):
        rel = p.relative_to(manifest.root).as_posix()
        if p.is_file() and rel not in listed and p.name not in UNLISTED_OK:
            if p.name.startswith("SOURCES") and p.suffix == ".md":
                continue
            out.append(rel)
    return out
