"""Load the shipped funding data: verify hashes, check every row, build keys and budgets.

The only module of :mod:`burdenshare.funding` that touches the disk. Faithful first: each
file listed in ``data/manifest.toml`` is read as text, its SHA-256 and row count checked
(:func:`burdenshare.catalog.verify_sha256`); each share keeps the number of decimals it was
published with (``"10.50"`` → 2, ``"22.1"`` → 1). Then judging: every source id must be
declared in the manifest, shares lie in 0-100, amounts are not negative, each period's key
sums to at most 100 within its rounding, and the allies that were members during a period
but are absent from its key are recorded as missing (members at the start) or joined
(acceded during the period) — never filled.

>>> data = default_data()
>>> [k.period for k in data.keys]
['2016-2017', '2018-2019', '2020', '2021-2024']
>>> k = data.key("2021-2024")
>>> len(k.shares), k.missing[:3], k.joined, round(k.unallocated, 2)
(20, ('CZE', 'ESP', 'HUN'), ('FIN', 'SWE'), 20.32)
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from burdenshare import allies as _allies
from burdenshare.catalog import CatalogError, read_manifest, verify_sha256
from burdenshare.funding.budgets import KINDS as BUDGET_KINDS
from burdenshare.funding.budgets import LINES, records
from burdenshare.funding.errors import FundingError, UnknownRuleError
from burdenshare.funding.keyrules import KeyRule, parse_key_rules
from burdenshare.funding.keys import PUBLISHED, Key, Share, check_key, decimals_of, select_key
from burdenshare.funding.ministries import MinistryMap, parse_ministries

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Source:
    """The origin record of one source id (from SOURCES.md)."""

    id: str
    publisher: str
    title: str
    date: str
    address: str
    used_for: str = ""
    reliability: str = "normal"
    title_reconstructed: bool = False


@dataclass(frozen=True)
class FileRecord:
    path: str
    kind: str
    sha256: str
    description: str = ""
    rows: int | None = None


@dataclass(frozen=True)
class FundingData:
    """Everything the funding area ships, verified. Build it with :func:`load_funding`."""

    root: Path
    sources: Mapping[str, Source]
    files: tuple[FileRecord, ...]
    keys: tuple[Key, ...]
    budgets: pd.DataFrame
    crosscheck: pd.DataFrame
    rules: tuple[KeyRule, ...]
    ministries: MinistryMap
    licence_note: str

    def key(self, period: str | int) -> Key:
        """The shipped key of ``period``; raises naming the accepted periods."""
        return select_key(self.keys, period)

    def rule(self, name: str) -> KeyRule:
        for r in self.rules:
            if r.name == name:
                return r
        raise UnknownRuleError("key rule", name, [r.name for r in self.rules])

    def source_label(self, ids: str) -> str:
        """``publisher, title, date`` for each ``;``-separated id."""
        out = []
        for sid in str(ids).split(";"):
            s = self.sources.get(sid.strip())
            out.append(sid if s is None else f"{s.publisher}, {s.title}, {s.date}")
        return "; ".join(out)


def _read_text_csv(root: Path, rec: FileRecord) -> pd.DataFrame:
    raw = verify_sha256(root / rec.path, rec.sha256, rec.path)
    frame = pd.read_csv(
        io.BytesIO(raw), dtype=str, keep_default_na=False, na_values=[], encoding="utf-8"
    )
    if rec.rows is not None and len(frame) != rec.rows:
        raise CatalogError(rec.path, f"{len(frame)} rows, manifest says {rec.rows}")
    return frame


def _require(frame: pd.DataFrame, cols: list[str], file: str) -> None:
    for c in cols:
        if c not in frame.columns:
            raise CatalogError(file, f"missing column {c!r}")
        empty = frame[c] == ""
        if empty.any():
            raise CatalogError(
                file, f"column {c!r}: empty", line=int(empty.to_numpy().argmax()) + 2
            )


def _number(text: str, file: str, line: int, column: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CatalogError(file, f"column {column!r}: {text!r} is not a number", line) from None


def _int(text: str, file: str, line: int, column: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CatalogError(file, f"column {column!r}: {text!r} is not a year", line) from None


def _check_source(sid: str, sources: Mapping[str, Source], file: str, line: int) -> None:
    if sid not in sources:
        raise CatalogError(file, f"source id {sid!r} is not declared in manifest.toml", line)


def _members(year_from: int, year_to: int) -> tuple[list[str], list[str]]:
    """Members on 1 January of ``year_from``, and allies that acceded during the period."""
    at_start = _allies.members_on("nato", date(year_from, 1, 1))
    at_end = _allies.members_on("nato", date(year_to, 12, 31))
    return at_start, [a for a in at_end if a not in at_start]


def _keys(frame: pd.DataFrame, sources: Mapping[str, Source], file: str) -> tuple[Key, ...]:
    _require(
        frame,
        ["period_start", "period_end", "iso3", "share_pct", "budget_scope", "source_id"],
        file,
    )
    groups: dict[tuple[int, int], list[Share]] = {}
    registry = _allies.registry()
    for n, row in enumerate(records(frame), start=2):
        start = _int(row["period_start"], file, n, "period_start")
        end = _int(row["period_end"], file, n, "period_end")
        if end < start:
            raise CatalogError(file, f"period_end {end} before period_start {start}", n)
        if row["iso3"] not in registry:
            raise CatalogError(file, f"unknown ally {row['iso3']!r}", n)
        if row["budget_scope"] != "all":
            raise CatalogError(
                file, f"budget_scope {row['budget_scope']!r}; only 'all' is supported", n
            )
        value = _number(row["share_pct"], file, n, "share_pct")
        if not 0 <= value <= 100:
            raise CatalogError(file, f"share {value} of {row['iso3']} is outside 0-100", n)
        _check_source(row["source_id"], sources, file, n)
        share = Share(
            row["iso3"], value, decimals_of(row["share_pct"]), PUBLISHED, row["source_id"]
        )
        groups.setdefault((start, end), []).append(share)
    keys = []
    spans = sorted(groups)
    for prev, nxt in pairwise(spans):
        if nxt[0] <= prev[1]:
            raise CatalogError(file, f"periods {prev} and {nxt} overlap")
    for start, end in spans:
        shares = groups[(start, end)]
        at_start, joined = _members(start, end)
        listed = {s.iso3 for s in shares}
        not_members = sorted(listed - set(at_start) - set(joined))
        if not_members:
            raise CatalogError(
                file, f"{not_members[0]} has a share in {start}-{end} but was not a member then"
            )
        missing = tuple(a for a in at_start if a not in listed)
        new = tuple(a for a in joined if a not in listed)
        period = str(start) if start == end else f"{start}-{end}"
        try:
            keys.append(check_key(Key(period, start, end, tuple(shares), missing, "", new)))
        except FundingError as exc:
            raise CatalogError(file, str(exc)) from None
    return tuple(keys)


def _budgets(frame: pd.DataFrame, sources: Mapping[str, Source], file: str) -> pd.DataFrame:
    _require(frame, ["year", "budget", "amount_eur_mn", "kind", "source_id"], file)
    rows = []
    for n, row in enumerate(records(frame), start=2):
        year = _int(row["year"], file, n, "year")
        if row["budget"] not in LINES:
            raise CatalogError(file, f"budget {row['budget']!r}; accepted: {', '.join(LINES)}", n)
        amount = _number(row["amount_eur_mn"], file, n, "amount_eur_mn")
        if amount < 0:
            raise CatalogError(file, f"negative amount {amount} for {row['budget']} {year}", n)
        if row["kind"] not in BUDGET_KINDS[:2]:
            raise CatalogError(file, f"kind {row['kind']!r}; accepted: authorised, ceiling", n)
        if row["budget"] == "nsip" and row["kind"] != "ceiling":
            raise CatalogError(file, "the NSIP figure must be labelled 'ceiling'", n)
        _check_source(row["source_id"], sources, file, n)
        rows.append(
            {
                "year": year,
                "line": row["budget"],
                "amount_eur_mn": amount,
                "kind": row["kind"],
                "source": row["source_id"],
            }
        )
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    if out.duplicated(["year", "line"]).any():
        r = out[out.duplicated(["year", "line"])].iloc[0]
        raise CatalogError(file, f"budget {r['line']} {r['year']} listed twice")
    return out.sort_values(["year", "line"]).reset_index(drop=True)


def _crosscheck(frame: pd.DataFrame, sources: Mapping[str, Source], file: str) -> pd.DataFrame:
    _require(frame, ["period_start", "period_end", "iso3", "share_pct", "source_id"], file)
    out = frame.copy()
    for n, sid in enumerate(out["source_id"], start=2):
        _check_source(sid, sources, file, n)
    out["decimals"] = [decimals_of(v) for v in out["share_pct"]]
    out["share_pct"] = [
        _number(v, file, n, "share_pct") for n, v in enumerate(out["share_pct"], start=2)
    ]
    out["period_start"] = out["period_start"].astype(int)
    out["period_end"] = out["period_end"].astype(int)
    return out


def _yaml(root: Path, rec: FileRecord) -> Any:
    raw = verify_sha256(root / rec.path, rec.sha256, rec.path)
    try:
        return yaml.safe_load(raw.decode("utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError(rec.path, f"not valid YAML: {exc}") from None


_SOURCE_KEYS = set(Source.__dataclass_fields__)
_FILE_KEYS = set(FileRecord.__dataclass_fields__)


def load_funding(root: Path | None = None) -> FundingData:
    """Load and verify every file listed in ``root/manifest.toml``.

    Args:
        root: folder with ``manifest.toml`` and the files; the shipped data by default.

    Raises:
        CatalogError: a hash, row count or row check fails (naming file and line).
        RuleError: the key rules or the ministry mapping are malformed.
    """
    root = DATA_DIR if root is None else Path(root)
    manifest = read_manifest(root, "funding/data/manifest.toml")
    sources: dict[str, Source] = {}
    for i, raw in enumerate(manifest.get("source", []), start=1):
        unknown = set(raw) - _SOURCE_KEYS
        if unknown or "id" not in raw:
            raise CatalogError(f"manifest.toml, source {i}", f"unknown keys {sorted(unknown)}")
        sources[raw["id"]] = Source(**raw)
    files = []
    by_kind: dict[str, FileRecord] = {}
    for i, raw in enumerate(manifest.get("file", []), start=1):
        unknown = set(raw) - _FILE_KEYS
        if unknown:
            raise CatalogError(f"manifest.toml, file {i}", f"unknown keys {sorted(unknown)}")
        rec = FileRecord(**raw)
        files.append(rec)
        by_kind.setdefault(rec.kind, rec)
    for kind in ("cost_shares", "budgets", "crosscheck", "rules", "ministries"):
        if kind not in by_kind:
            raise CatalogError("manifest.toml", f"no file of kind {kind!r}")
    for rec in files:
        if rec.kind == "documentation":
            verify_sha256(root / rec.path, rec.sha256, rec.path)
    cs = by_kind["cost_shares"]
    keys = _keys(_read_text_csv(root, cs), sources, cs.path)
    bf = by_kind["budgets"]
    budgets = _budgets(_read_text_csv(root, bf), sources, bf.path)
    cc = by_kind["crosscheck"]
    crosscheck = _crosscheck(_read_text_csv(root, cc), sources, cc.path)
    kr = by_kind["rules"]  # parsed from the text, so that errors name the line
    rules = parse_key_rules(verify_sha256(root / kr.path, kr.sha256, kr.path).decode(), kr.path)
    for r in rules:
        for sid in r.source + tuple(s for c in r.constraints for s in c.source):
            if sid not in sources:
                raise CatalogError(
                    by_kind["rules"].path,
                    f"rule {r.name}: source {sid!r} is not declared in manifest.toml",
                )
    ministries = parse_ministries(_yaml(root, by_kind["ministries"]))
    return FundingData(
        root=root,
        sources=sources,
        files=tuple(files),
        keys=keys,
        budgets=budgets,
        crosscheck=crosscheck,
        rules=rules,
        ministries=ministries,
        licence_note=str(manifest.get("licence_note", "")),
    )


@cache
def default_data() -> FundingData:
    """The shipped funding data, loaded and verified once per process."""
    return load_funding()


def load_ministries_file(path: Path) -> MinistryMap:
    """A user's ministry mapping (YAML, same layout as the shipped ``ministries.yaml``).

    ``allies`` (ISO codes or names) override the shipped mapping per ally; ``default``, if
    given, replaces the shipped default for every ally without an override; ``ministries``
    and ``lines`` add or replace labels.

    Raises:
        FundingError: the file is absent or not valid YAML; RuleError for its content.
    """
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FundingError(f"ministry mapping file {path} not found") from None
    except yaml.YAMLError as exc:
        raise FundingError(f"ministry mapping file {path} is not valid YAML: {exc}") from None
    doc = doc or {}
    if not isinstance(doc, dict):
        raise FundingError(f"ministry mapping file {path}: expected a mapping with 'allies'")
    allies = doc.get("allies")
    if isinstance(allies, dict):
        # ISO codes or names, as everywhere else; an unknown ally is an error, not ignored
        doc = {**doc, "allies": {_allies.resolve(str(k)): v for k, v in allies.items()}}
    shipped = default_data().ministries
    merged = parse_ministries(doc)
    out = shipped.with_overrides(merged.overrides, dict(merged.ministries))
    if "default" in doc:
        out = replace(out, default_map=dict(merged.default_map))
    if "lines" in doc:
        out = replace(out, lines=dict(merged.lines))
    return out


def load_cases(folder: Path) -> list[tuple[Path, Any]]:
    """The YAML behaviour cases in ``folder`` (``*.yaml``), parsed, sorted by file name.

    Raises:
        FundingError: the folder is absent, or a file is not valid YAML.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FundingError(f"case folder {root} not found")
    out = []
    for path in sorted(root.glob("*.yaml")):
        try:
            out.append((path, yaml.safe_load(path.read_text(encoding="utf-8"))))
        except yaml.YAMLError as exc:
            raise FundingError(f"case file {path.name} is not valid YAML: {exc}") from None
    return out


def load_scenario_file(path: Path) -> Any:
    """A scenario YAML file (``name``, ``changes``, ``start_year``), parsed but not checked.

    Raises:
        FundingError: the file is absent or not valid YAML.
    """
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FundingError(f"scenario file {path} not found") from None
    except yaml.YAMLError as exc:
        raise FundingError(f"scenario file {path} is not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise FundingError(f"scenario file {path}: expected a mapping with 'changes'")
    return doc
