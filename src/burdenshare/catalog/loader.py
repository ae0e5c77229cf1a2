"""Load the shipped releases: verify hashes, check the declared schema, build tidy tables.

Two stages, as in a faithful-then-judging pipeline:

1. *Faithful*: every file is read as text, its SHA-256 and row count are compared with the
   manifest, and every cell is checked against ``schema.toml`` (type, range, pattern,
   required, unique key). Nothing is changed.
2. *Tidy*: the ally-year rows are reshaped to one row per release × ally × year ×
   indicator, with the value, its unit (price basis named), a flag (``estimate``,
   ``missing``, ``not_applicable``) and the source.

Only this module (and the readiness ledger, later) touches the disk.
"""

from __future__ import annotations

import hashlib
import io
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.catalog.corrections import apply_corrections, read_corrections
from burdenshare.catalog.errors import CatalogError

DATA_DIR = Path(__file__).parent / "data"

#: Flag values of the tidy observations.
FLAG_ESTIMATE = "estimate"
FLAG_MISSING = "missing"
FLAG_NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Release:
    """One NATO publication of the defence-expenditure tables (a vintage)."""

    id: str
    publisher: str
    title: str
    published: date
    date_precision: str
    completeness: str
    coverage_note: str
    price_base: int
    concept: str
    estimate_years: tuple[int, ...]
    tables: str
    address: str
    read_from: str
    cutoff: date | None = None
    reference: str | None = None

    @property
    def is_partial(self) -> bool:
        return self.completeness == "partial"

    @property
    def published_label(self) -> str:
        """The publication date as precisely as it is known (``2026-07`` or ``2024-06-17``)."""
        if self.date_precision == "month":
            return self.published.strftime("%Y-%m")
        return self.published.isoformat()


@dataclass(frozen=True)
class FileRecord:
    """The origin record of one shipped file."""

    path: str
    kind: str
    rows: int
    sha256: str
    release: str | None = None


@dataclass(frozen=True)
class Indicator:
    """A value column of the observations files, with its unit and labels."""

    name: str
    label_en: str
    label_nl: str
    unit: str
    table: str
    min: float
    max: float
    defence: bool

    def unit_for(self, price_base: int | None) -> str:
        """The unit with the price base filled in, e.g. ``usd_2021_mn``."""
        if "{base}" in self.unit:
            return self.unit.replace("{base}", str(price_base) if price_base else "constant")
        return self.unit


@dataclass(frozen=True)
class Catalog:
    """Everything shipped, verified and typed. Build it with :func:`load_catalog`."""

    root: Path
    releases: tuple[Release, ...]
    files: tuple[FileRecord, ...]
    indicators: Mapping[str, Indicator]
    licence_note: str
    observations: pd.DataFrame
    aggregates: pd.DataFrame
    wide: Mapping[str, pd.DataFrame] = field(repr=False)

    def release(self, release_id: str) -> Release:
        for r in self.releases:
            if r.id == release_id:
                return r
        from burdenshare.catalog.errors import UnknownReleaseError

        raise UnknownReleaseError("release", release_id, [r.id for r in self.releases])


# --------------------------------------------------------------------------------------
# Stage 1: faithful reading and checking


def _parse_date(text: str, where: str, key: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CatalogError(where, f"{key} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def read_manifest(
    root: Path,
    label: str = "manifest.toml",
    error: Callable[[str, str], Exception] = CatalogError,
) -> dict[str, Any]:
    """Read ``root/manifest.toml``, the origin records of a folder of shipped files.

    Every subpackage that ships data keeps such a manifest; ``error`` builds the
    subpackage's own error from ``(file, rule)``.
    """
    path = root / "manifest.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise error(str(path), "manifest not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(label, f"not valid TOML: {exc}") from None


@cache
def _schema() -> dict[str, Any]:
    with (DATA_DIR / "schema.toml").open("rb") as fh:
        return tomllib.load(fh)


_RELEASE_KEYS = {
    "id", "publisher", "title", "published", "date_precision", "completeness",
    "coverage_note", "price_base", "concept", "estimate_years", "tables", "address",
    "read_from", "cutoff", "reference",
}  # fmt: skip


def _releases(manifest: dict[str, Any]) -> tuple[Release, ...]:
    out = []
    for i, raw in enumerate(manifest.get("release", []), start=1):
        where = f"manifest.toml, release {i}"
        unknown = set(raw) - _RELEASE_KEYS
        if unknown:
            raise CatalogError(where, f"unknown keys {sorted(unknown)}")
        if raw.get("completeness") not in ("full", "partial"):
            raise CatalogError(where, "completeness must be 'full' or 'partial'")
        out.append(
            Release(
                id=raw["id"],
                publisher=raw["publisher"],
                title=raw["title"],
                published=_parse_date(raw["published"], where, "published"),
                date_precision=raw.get("date_precision", "day"),
                completeness=raw["completeness"],
                coverage_note=raw.get("coverage_note", ""),
                price_base=int(raw["price_base"]),
                concept=raw["concept"],
                estimate_years=tuple(raw.get("estimate_years", ())),
                tables=raw.get("tables", ""),
                address=raw.get("address", ""),
                read_from=raw.get("read_from", ""),
                cutoff=_parse_date(raw["cutoff"], where, "cutoff") if "cutoff" in raw else None,
                reference=raw.get("reference"),
            )
        )
    out.sort(key=lambda r: r.published)
    return tuple(out)


_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _check_column(name: str, spec: Mapping[str, Any], text: np.ndarray, file: str) -> np.ndarray:
    """Parse one text column by its spec; raise naming the first offending line.

    Works on plain numpy arrays: the shipped files are small, and per-column pandas
    overhead would dominate the load time.
    """

    def fail(mask: np.ndarray, rule: str) -> None:
        idx = int(np.flatnonzero(mask)[0])
        raise CatalogError(file, f"column {name!r}: {rule.format(v=text[idx])}", line=idx + 2)

    empty = text == ""
    kind = spec.get("type", "str")
    if kind == "str":
        pattern = spec.get("pattern")
        if pattern is not None:
            rx = re.compile(pattern)
            bad = np.array(
                [not e and rx.fullmatch(v) is None for v, e in zip(text, empty, strict=True)]
            )
            if bad.any():
                fail(bad, "{v!r} does not match " + pattern)
        out = text.copy()
        out[empty] = None
        return out
    if kind == "bool":
        is_true = np.isin(text, list(_TRUE))
        is_false = np.isin(text, list(_FALSE))
        bad = ~empty & ~is_true & ~is_false
        if bad.any():
            fail(bad, "{v!r} is not true or false")
        out = np.full(len(text), None, dtype=object)
        out[is_true] = True
        out[is_false] = False
        return out
    if kind in ("int", "float"):
        num = np.full(len(text), np.nan)
        filled = ~empty
        try:
            num[filled] = text[filled].astype(np.float64)
        except ValueError:
            bad = np.zeros(len(text), dtype=bool)
            for i in np.flatnonzero(filled):
                try:
                    float(text[i])
                except ValueError:
                    bad[i] = True
            fail(bad, "{v!r} is not a number")
        bad = filled & ~np.isfinite(num)
        if bad.any():
            fail(bad, "{v!r} is not a finite number")
        if kind == "int":
            frac = filled & (num % 1 != 0)
            if frac.any():
                fail(frac, "{v!r} is not a whole number")
        lo, hi = spec.get("min"), spec.get("max")
        with np.errstate(invalid="ignore"):
            if lo is not None and (num < lo).any():
                fail(num < lo, "{v} is below the minimum " + str(lo))
            if hi is not None and (num > hi).any():
                fail(num > hi, "{v} is above the maximum " + str(hi))
        return num
    raise CatalogError("schema.toml", f"column {name!r}: unknown type {kind!r}")


def _read_checked(root: Path, rec: FileRecord, section: str) -> pd.DataFrame:
    """Read a file faithfully and check it against the manifest and the schema."""
    raw = verify_sha256(root / rec.path, rec.sha256, rec.path)
    text = pd.read_csv(
        io.BytesIO(raw), dtype=object, keep_default_na=False, na_values=[], encoding="utf-8"
    )
    if len(text) != rec.rows:
        raise CatalogError(rec.path, f"{len(text)} rows, manifest says {rec.rows}")
    schema = _schema()[section]
    columns: dict[str, Any] = dict(schema["columns"])
    if section == "observations":
        for name, ind in _schema()["indicators"].items():
            columns[name] = {"type": "float", "min": ind["min"], "max": ind["max"]}
    for name in schema["required"]:
        if name not in text.columns:
            raise CatalogError(rec.path, f"missing column {name!r} (required by the schema)")
    unknown = [c for c in text.columns if c not in columns]
    if unknown:
        raise CatalogError(rec.path, f"unexpected column {unknown[0]!r} (not in the schema)")
    typed = {}
    for name in text.columns:
        cells = text[name].to_numpy(dtype=object)
        typed[name] = _check_column(name, columns[name], cells, rec.path)
        if name in schema["required"]:
            blank = cells == ""
            if blank.any():
                idx = int(np.flatnonzero(blank)[0])
                raise CatalogError(rec.path, f"column {name!r}: empty, but required", line=idx + 2)
    frame = pd.DataFrame(typed)
    key = schema["key"]
    dup = frame.duplicated(subset=key, keep=False)
    if dup.any():
        positions = np.flatnonzero(dup.to_numpy())
        first, second = int(positions[0]), int(positions[1])
        values = tuple(str(text.iloc[first][k]) for k in key)
        raise CatalogError(
            rec.path,
            f"duplicate key ({', '.join(key)}) = {values}, first seen at line {first + 2}",
            line=second + 2,
        )
    return frame


# --------------------------------------------------------------------------------------
# Stage 2: tidy tables


def _indicators() -> dict[str, Indicator]:
    return {
        name: Indicator(name=name, **{k: spec[k] for k in (
            "label_en", "label_nl", "unit", "table", "min", "max", "defence")})
        for name, spec in _schema()["indicators"].items()
    }  # fmt: skip


_TIDY_ORDER = (
    "release", "published", "iso3", "ally", "year", "indicator", "value", "unit", "price_base",
    "flag", "is_estimate", "in_nato_aggregates", "currency_nc", "table", "source",
)  # fmt: skip


def _tidy(
    release: Release, frame: pd.DataFrame, indicators: Mapping[str, Indicator]
) -> dict[str, np.ndarray]:
    """One row per ally × year × indicator the release has (any non-empty value).

    Built as plain arrays (indicator-major, like a melt) and turned into one DataFrame for
    all releases at the end: the per-release pandas overhead would dominate the load.
    """
    present = [n for n in indicators if n in frame.columns and frame[n].notna().any()]
    n_rows, k = len(frame), len(present)

    def ids(column: str, default: object = None) -> np.ndarray:
        if column in frame.columns:
            values = frame[column].to_numpy(dtype=object)
        else:
            values = np.full(n_rows, default, dtype=object)
        return np.tile(values, k)

    not_app = {
        rule["iso3"]
        for rule in _schema().get("not_applicable", [])
        if rule.get("scope") == "defence"
    }
    indicator = np.repeat(np.array(present, dtype=object), n_rows)
    value = (
        np.concatenate([frame[n].to_numpy(dtype=np.float64) for n in present])
        if k
        else (np.empty(0))
    )
    iso3 = ids("iso3")
    is_estimate = ids("is_estimate").astype(bool)
    is_defence = np.repeat(np.array([indicators[n].defence for n in present], dtype=bool), n_rows)
    na = np.isnan(value)
    not_applicable = na & is_defence & np.isin(iso3, list(not_app))
    flag = np.full(len(value), None, dtype=object)
    flag[is_estimate & ~na] = FLAG_ESTIMATE
    flag[na] = FLAG_MISSING
    flag[not_applicable] = FLAG_NOT_APPLICABLE
    n = len(value)
    return {
        "release": np.full(n, release.id, dtype=object),
        "published": np.full(n, np.datetime64(release.published, "ns")),
        "iso3": iso3,
        "ally": ids("ally"),
        "year": ids("year").astype(np.int64),
        "indicator": indicator,
        "value": value,
        "unit": np.repeat(
            np.array([indicators[n].unit_for(release.price_base) for n in present], dtype=object),
            n_rows,
        ),
        "price_base": np.full(n, release.price_base, dtype=np.int64),
        "flag": flag,
        "is_estimate": is_estimate,
        "in_nato_aggregates": ids("in_nato_aggregates").astype(bool),
        "currency_nc": ids("currency_nc"),
        "table": np.repeat(np.array([indicators[n].table for n in present], dtype=object), n_rows),
        "source": ids("source"),
    }


def _tidy_frame(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame(columns=list(_TIDY_ORDER))
    columns = {c: np.concatenate([p[c] for p in parts]) for c in _TIDY_ORDER}
    out = pd.DataFrame(columns)
    out["flag"] = out["flag"].astype(object).where(out["flag"].notna(), None)
    return out


_GROUP_IDS = {"NATO Total": "nato", "NATO Europe and Canada": "europe_canada"}


def _tidy_aggregates(release: Release, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "release", release.id)
    out.insert(1, "published", pd.Timestamp(release.published))
    out["group_id"] = out["group"].map(_GROUP_IDS)
    out["year"] = out["year"].astype("int64")
    out["is_estimate"] = out["is_estimate"].astype(bool)
    if "note" not in out.columns:
        out["note"] = None
    return out.drop(columns=["vintage"])[
        ["release", "published", "group_id", "group", "year", "indicator", "value", "unit",
         "is_estimate", "source", "note"]
    ]  # fmt: skip


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and verify every file listed in ``root/manifest.toml``.

    Args:
        root: folder holding ``manifest.toml`` and the files; the shipped data by default.

    Returns:
        A :class:`Catalog` with tidy ``observations`` and published ``aggregates``.

    Raises:
        CatalogError: a hash, row count or schema rule fails; the message names the file,
            the line and the rule.
    """
    root = DATA_DIR if root is None else Path(root)
    manifest = read_manifest(root)
    releases = _releases(manifest)
    by_id = {r.id: r for r in releases}
    indicators = _indicators()
    files = []
    obs_parts: list[dict[str, np.ndarray]] = []
    agg_parts: list[pd.DataFrame] = []
    wide: dict[str, pd.DataFrame] = {}
    for i, raw in enumerate(manifest.get("file", []), start=1):
        try:
            rec = FileRecord(**raw)
        except TypeError as exc:
            raise CatalogError(f"manifest.toml, file {i}", str(exc)) from None
        files.append(rec)
        if rec.kind == "crosscheck":
            continue
        if rec.kind == "corrections":
            verify_sha256(root / rec.path, rec.sha256, rec.path)
            continue
        if rec.kind not in ("observations", "aggregates"):
            raise CatalogError(rec.path, f"unknown kind {rec.kind!r}")
        if rec.release not in by_id:
            raise CatalogError(rec.path, f"release {rec.release!r} is not declared")
        release = by_id[rec.release]
        frame = _read_checked(root, rec, rec.kind)
        vintages = set(frame["vintage"])
        wrong = [v for v in vintages if not str(v).startswith(release.id)]
        if wrong:
            raise CatalogError(rec.path, f"vintage {wrong[0]!r} does not match {release.id!r}")
        if rec.kind == "observations":
            if "price_base" in frame.columns:
                bases = set(frame["price_base"].dropna().astype(int))
                if bases - {release.price_base}:
                    raise CatalogError(
                        rec.path,
                        f"price base {sorted(bases)} differs from the release's "
                        f"{release.price_base}",
                    )
            wide[release.id] = frame.assign(year=frame["year"].astype("int64"))
            obs_parts.append(_tidy(release, frame, indicators))
        else:
            groups = set(frame["group"])
            allowed = set(_schema()["aggregates"]["groups"])
            if groups - allowed:
                raise CatalogError(
                    rec.path,
                    f"unknown group {sorted(groups - allowed)[0]!r}; accepted: "
                    + ", ".join(sorted(allowed)),
                )
            agg_parts.append(_tidy_aggregates(release, frame))
    observations = _tidy_frame(obs_parts)
    corrections = read_corrections(root, set(by_id), set(indicators))
    observations = apply_corrections(observations, corrections)
    aggregates = pd.concat(agg_parts, ignore_index=True) if agg_parts else pd.DataFrame()
    return Catalog(
        root=root,
        releases=releases,
        files=tuple(files),
        indicators=indicators,
        licence_note=manifest.get("licence_note", ""),
        observations=observations,
        aggregates=aggregates,
        wide=wide,
    )


@cache
def default_catalog() -> Catalog:
    """The shipped catalog, loaded and verified once per process."""
    return load_catalog()


def verify_sha256(path: Path, expected: str, label: str | None = None) -> bytes:
    """Read ``path`` and check its SHA-256; return the bytes.

    Every subpackage that ships data (rules, GDP assumptions, funding keys) verifies its
    files with this, so a changed file fails loudly with its name.

    Raises:
        CatalogError: the file is absent or its hash differs from ``expected``.
    """
    name = label or path.name
    if not path.is_file():
        raise CatalogError(name, "file listed in the manifest is not shipped")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected:
        raise CatalogError(name, f"SHA-256 mismatch: file has {digest}, manifest says {expected}")
    return raw
