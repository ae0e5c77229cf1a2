"""Load the shipped funding data: verify hashes, check every row, build keys and budgets.

The only module of :mod:`burdenshare.funding` that touches the disk, through the
shipped-data layer (:mod:`burdenshare.shipped`). Faithful first: each file listed in
``data/manifest.toml`` is verified (SHA-256, row count), and each table's cells are checked
against its declared spec (:data:`COST_SHARES`, :data:`BUDGETS`, :data:`CROSSCHECK`: types,
shares in 0-100, amounts not negative, accepted values); each share keeps the number of
decimals it was published with (``"10.50"`` → 2, ``"22.1"`` → 1). Then judging, here:
every source id must be declared in the manifest, periods do not overlap, each period's
key sums to at most 100 within its rounding, and the allies that were members during a
period but are absent from its key are recorded as missing (members at the start) or
joined (acceded during the period) — never filled. User files (ministry mappings,
scenarios, cases) are read through :mod:`burdenshare.shipped.user`.

>>> data = default_data()
>>> [k.period for k in data.keys]
['2016-2017', '2018-2019', '2020', '2021-2024']
>>> k = data.key("2021-2024")
>>> len(k.shares), k.missing[:3], k.joined, round(k.unallocated, 2)
(20, ('CZE', 'ESP', 'HUN'), ('FIN', 'SWE'), 20.32)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from burdenshare import allies as _allies
from burdenshare.errors import message
from burdenshare.funding.budgets import KINDS as BUDGET_KINDS
from burdenshare.funding.budgets import LINES
from burdenshare.funding.errors import (
    FundingDataError,
    FundingError,
    UnknownRuleError,
    UnknownSourceError,
)
from burdenshare.funding.keyrules import KeyRule, parse_key_rules
from burdenshare.funding.keys import PUBLISHED, Key, Share, check_key, decimals_of, select_key
from burdenshare.funding.ministries import MinistryMap, parse_ministries
from burdenshare.shipped.manifest import FileRecord, Manifest, read_manifest
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.table import ColumnSpec, TableSpec, check_table, parse_csv
from burdenshare.shipped.user import read_user_yaml
from burdenshare.text import t

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
    origins: Mapping[str, Origin] = field(default_factory=dict, repr=False)

    def origin(self, source_id: str) -> Origin:
        """The origin record of one source id (a ``[[dataset]]`` of the manifest).

        >>> default_data().origin("S03_NATO_BUDGET2021").publisher
        'NATO'
        """
        try:
            return self.origins[source_id]
        except KeyError:
            raise UnknownSourceError(t("source id"), source_id, sorted(self.origins)) from None

    def key(self, period: str | int) -> Key:
        """The shipped key of ``period``; raises naming the accepted periods."""
        return select_key(self.keys, period)

    def rule(self, name: str) -> KeyRule:
        for r in self.rules:
            if r.name == name:
                return r
        raise UnknownRuleError(t("key rule"), name, [r.name for r in self.rules])

    def source_label(self, ids: str) -> str:
        """``publisher, title, date`` for each ``;``-separated id."""
        out = []
        for sid in str(ids).split(";"):
            s = self.sources.get(sid.strip())
            out.append(sid if s is None else f"{s.publisher}, {s.title}, {s.date}")
        return "; ".join(out)


_YEAR = ColumnSpec("int", required=True, min=1949, max=2100)
_ISO3 = ColumnSpec(required=True, pattern="[A-Z]{3}")

#: The declared spec of ``cost_shares.csv``.
COST_SHARES = TableSpec(
    {
        "period_start": _YEAR,
        "period_end": _YEAR,
        "iso3": _ISO3,
        "ally": ColumnSpec(),
        "share_pct": ColumnSpec("float", required=True, min=0, max=100),
        "budget_scope": ColumnSpec(required=True, allowed=("all",)),
        "source_id": ColumnSpec(required=True),
    },
    key=("period_start", "period_end", "iso3"),
)
#: The declared spec of ``common_budgets.csv``.
BUDGETS = TableSpec(
    {
        "year": _YEAR,
        "budget": ColumnSpec(required=True, allowed=LINES),
        "amount_eur_mn": ColumnSpec("float", required=True, min=0),
        "kind": ColumnSpec(required=True, allowed=tuple(BUDGET_KINDS[:2])),
        "source_id": ColumnSpec(required=True),
    },
    key=("year", "budget"),
)
#: The declared spec of ``cost_shares_crosscheck.csv``.
CROSSCHECK = TableSpec(
    {
        "period_start": _YEAR,
        "period_end": _YEAR,
        "iso3": _ISO3,
        "ally": ColumnSpec(),
        "share_pct": ColumnSpec("float", required=True, min=0, max=100),
        "precision_note": ColumnSpec(),
        "source_id": ColumnSpec(required=True),
    },
)


def _table(m: Manifest, rec: FileRecord, spec: TableSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The verified file's text cells and the same table checked and typed."""
    text = parse_csv(m.read_bytes(rec), file=rec.path, error=FundingDataError)
    return text, check_table(text, spec, file=rec.path, error=FundingDataError)


def _check_sources(ids: pd.Series, sources: Mapping[str, Any], file: str) -> None:
    bad = ~ids.isin(list(sources)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise FundingDataError(
            file,
            t("source id {value!r} is not declared in manifest.toml", value=ids.iloc[i]),
            i + 2,
        )


def _members(year_from: int, year_to: int) -> tuple[list[str], list[str]]:
    """Members on 1 January of ``year_from``, and allies that acceded during the period."""
    at_start = _allies.members_on("nato", date(year_from, 1, 1))
    at_end = _allies.members_on("nato", date(year_to, 12, 31))
    return at_start, [a for a in at_end if a not in at_start]


def _keys(
    text: pd.DataFrame, frame: pd.DataFrame, sources: Mapping[str, Source], file: str
) -> tuple[Key, ...]:
    _check_sources(frame["source_id"], sources, file)
    start_col = frame["period_start"].to_numpy()
    end_col = frame["period_end"].to_numpy()
    before = end_col < start_col
    if before.any():
        i = int(np.flatnonzero(before)[0])
        raise FundingDataError(
            file, t(
                "period_end {end_col} before period_start {start_col}",
                end_col=int(end_col[i]), start_col=int(start_col[i]),
            ), i + 2
        )
    registry = _allies.registry()
    unknown = ~frame["iso3"].isin(list(registry)).to_numpy()
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        raise FundingDataError(
            file, t("unknown ally {value!r}", value=frame["iso3"].iloc[i]), i + 2
        )
    groups: dict[tuple[int, int], list[Share]] = {}
    for start, end, iso3, value, written, sid in zip(
        start_col, end_col, frame["iso3"], frame["share_pct"], text["share_pct"],
        frame["source_id"], strict=True,
    ):  # fmt: skip
        share = Share(iso3, float(value), decimals_of(written), PUBLISHED, sid)
        groups.setdefault((int(start), int(end)), []).append(share)
    keys = []
    spans = sorted(groups)
    for prev, nxt in pairwise(spans):
        if nxt[0] <= prev[1]:
            raise FundingDataError(file, t("periods {prev} and {nxt} overlap", prev=prev, nxt=nxt))
    for start, end in spans:
        shares = groups[(start, end)]
        at_start, joined = _members(start, end)
        listed = {s.iso3 for s in shares}
        not_members = sorted(listed - set(at_start) - set(joined))
        if not_members:
            raise FundingDataError(
                file, t(
                    "{not_members} has a share in {start}-{end} but was not a member then",
                    not_members=not_members[0], start=start, end=end,
                )
            )
        missing = tuple(a for a in at_start if a not in listed)
        new = tuple(a for a in joined if a not in listed)
        period = str(start) if start == end else f"{start}-{end}"
        try:
            keys.append(check_key(Key(period, start, end, tuple(shares), missing, "", new)))
        except FundingError as exc:
            raise FundingDataError(file, message(exc)) from None
    return tuple(keys)


def _budgets(frame: pd.DataFrame, sources: Mapping[str, Source], file: str) -> pd.DataFrame:
    _check_sources(frame["source_id"], sources, file)
    wrong = ((frame["budget"] == "nsip") & (frame["kind"] != "ceiling")).to_numpy()
    if wrong.any():
        raise FundingDataError(
            file, t("the NSIP figure must be labelled 'ceiling'"), int(np.flatnonzero(wrong)[0]) + 2
        )
    out = pd.DataFrame(
        {
            "year": frame["year"].astype("int64").astype("Int64"),
            "line": frame["budget"].astype(object),
            "amount_eur_mn": frame["amount_eur_mn"].astype("float64"),
            "kind": frame["kind"].astype(object),
            "source": frame["source_id"].astype(object),
        }
    )
    return out.sort_values(["year", "line"]).reset_index(drop=True)


def _crosscheck(
    text: pd.DataFrame, frame: pd.DataFrame, sources: Mapping[str, Source], file: str
) -> pd.DataFrame:
    _check_sources(frame["source_id"], sources, file)
    out = text.copy()
    out["decimals"] = [decimals_of(v) for v in text["share_pct"]]
    out["share_pct"] = frame["share_pct"].astype("float64")
    out["period_start"] = frame["period_start"].astype(int)
    out["period_end"] = frame["period_end"].astype(int)
    return out


def _yaml(m: Manifest, rec: FileRecord) -> Any:
    import yaml

    try:
        return yaml.safe_load(m.read_text(rec))
    except yaml.YAMLError as exc:
        raise FundingDataError(rec.path, t("not valid YAML: {exc}", exc=exc)) from None


_SOURCE_FACTS = {"used_for", "reliability", "title_reconstructed"}


def load_funding(root: Path | None = None) -> FundingData:
    """Load and verify every file listed in ``root/manifest.toml``.

    Args:
        root: folder with ``manifest.toml`` and the files; the shipped data by default.

    Raises:
        FundingDataError: a hash, row count or row check fails (naming file and line).
        RuleError: the key rules or the ministry mapping are malformed.
    """
    root = DATA_DIR if root is None else Path(root)
    m = read_manifest(root, label="funding/data/manifest.toml", error=FundingDataError)
    sources: dict[str, Source] = {}
    for i, (sid, origin) in enumerate(m.datasets.items(), start=1):
        facts = m.facts[sid]
        unknown = set(facts) - _SOURCE_FACTS
        if unknown:
            raise FundingDataError(t(
                "{m_label}, dataset {number}",
                m_label=m.label, number=i,
            ), t(
                "unknown keys {unknown}",
                unknown=sorted(unknown),
            ))
        sources[sid] = Source(
            id=sid,
            publisher=origin.publisher,
            title=origin.title,
            date=origin.published,
            address=origin.address,
            **facts,
        )
    cs = m.one("cost_shares")
    keys = _keys(*_table(m, cs, COST_SHARES), sources, cs.path)
    bf = m.one("budgets")
    budgets = _budgets(_table(m, bf, BUDGETS)[1], sources, bf.path)
    cc = m.one("crosscheck")
    crosscheck = _crosscheck(*_table(m, cc, CROSSCHECK), sources, cc.path)
    rules_rec = m.one("rules")
    rules = parse_key_rules(m.read_text(rules_rec), rules_rec.path)  # text: errors name the line
    for r in rules:
        for sid in r.source + tuple(s for c in r.constraints for s in c.source):
            if sid not in sources:
                raise FundingDataError(
                    rules_rec.path,
                    t(
                        "rule {r_name}: source {sid!r} is not declared in manifest.toml",
                        r_name=r.name, sid=sid,
                    ),
                )
    ministries = parse_ministries(_yaml(m, m.one("ministries")))
    return FundingData(
        root=root,
        sources=sources,
        files=m.files,
        keys=keys,
        budgets=budgets,
        crosscheck=crosscheck,
        rules=rules,
        ministries=ministries,
        licence_note=m.licence_note,
        origins=dict(m.datasets),
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
        FundingDataError: the file is absent, empty, binary or not valid YAML; RuleError
            for its content.
    """
    what = t("ministry mapping file")
    doc = read_user_yaml(path, what=what, error=FundingDataError) or {}
    if not isinstance(doc, dict):
        raise FundingDataError(t(
            "{what} {name}",
            what=what, name=Path(path).name,
        ), t("expected a mapping with 'allies'"))
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


def load_scenario_file(path: Path) -> Any:
    """A scenario YAML file (``name``, ``changes``, ``start_year``), parsed but not checked.

    Raises:
        FundingDataError: the file is absent, empty, binary or not valid YAML, or not a
            mapping.
    """
    what = t("scenario file")
    doc = read_user_yaml(path, what=what, error=FundingDataError)
    if not isinstance(doc, dict):
        raise FundingDataError(t(
            "{what} {name}",
            what=what, name=Path(path).name,
        ), t("expected a mapping with 'changes'"))
    return doc
