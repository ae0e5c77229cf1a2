"""Declarative corrections of known source errors (``corrections.yaml`` beside the manifest).

Raw files are never edited by hand. A known error in a source is recorded here instead —
which release, ally, years and indicator, what is done (``drop``: the value becomes missing;
``override``: a corrected value; ``flag``: the value stays, marked), why, and its status —
and applied when the tidy table is built. Every corrected row names its correction in the
``correction`` column, so a corrected number can never pass for a published one.

The file is schema-checked; errors name the entry and the rule. An empty list is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from burdenshare.catalog.errors import CatalogDataError
from burdenshare.text import t

FILE = "corrections.yaml"
ACTIONS = ("drop", "override", "flag")
STATUSES = ("open", "confirmed", "reported_to_source", "fixed_upstream")
_KEYS = {"id", "release", "iso3", "years", "indicator", "action", "value", "reason", "status"}


@dataclass(frozen=True)
class Correction:
    id: str
    release: str
    iso3: str
    years: tuple[int, ...]
    indicator: str
    action: str
    reason: str
    status: str
    value: float | None = None


def parse_corrections(raw: Any, releases: set[str], indicators: set[str]) -> tuple[Correction, ...]:
    """Check and build the corrections; raise :class:`CatalogDataError` naming the entry."""
    if raw is None:
        return ()
    entries = raw.get("corrections") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise CatalogDataError(FILE, t("top level must be a mapping with a 'corrections' list"))
    out = []
    seen: set[str] = set()
    for i, e in enumerate(entries, start=1):
        where = t("{file}, entry {number}", file=FILE, number=i)
        if not isinstance(e, dict):
            raise CatalogDataError(where, t("each correction must be a mapping"))
        unknown = set(e) - _KEYS
        if unknown:
            raise CatalogDataError(where, t("unknown key {unknown!r}", unknown=sorted(unknown)[0]))
        for key in ("id", "release", "iso3", "years", "indicator", "action", "reason", "status"):
            if key not in e or e[key] in (None, ""):
                raise CatalogDataError(where, t("missing key {key!r}", key=key))
        if e["id"] in seen:
            raise CatalogDataError(where, t("duplicate id {id!r}", id=e['id']))
        seen.add(e["id"])
        if e["release"] not in releases:
            raise CatalogDataError(where, t("unknown release {release!r}", release=e['release']))
        if e["indicator"] not in indicators:
            raise CatalogDataError(where, t(
                "unknown indicator {indicator!r}",
                indicator=e['indicator'],
            ))
        if e["action"] not in ACTIONS:
            raise CatalogDataError(where, t(
                "action must be one of {ACTIONS}",
                ACTIONS=', '.join(ACTIONS),
            ))
        if e["status"] not in STATUSES:
            raise CatalogDataError(where, t(
                "status must be one of {STATUSES}",
                STATUSES=', '.join(STATUSES),
            ))
        years = e["years"] if isinstance(e["years"], list) else [e["years"]]
        if not years or not all(isinstance(y, int) for y in years):
            raise CatalogDataError(where, t("years must be a year or a list of years"))
        value = e.get("value")
        if e["action"] == "override" and not isinstance(value, int | float):
            raise CatalogDataError(where, t("an override needs a numeric 'value'"))
        if e["action"] != "override" and value is not None:
            raise CatalogDataError(where, t("only an override takes a 'value'"))
        out.append(
            Correction(
                id=str(e["id"]), release=e["release"], iso3=e["iso3"], years=tuple(years),
                indicator=e["indicator"], action=e["action"], reason=str(e["reason"]),
                status=e["status"], value=None if value is None else float(value),
            )
        )  # fmt: skip
    return tuple(out)


def parse_corrections_text(
    text: str, releases: set[str], indicators: set[str]
) -> tuple[Correction, ...]:
    """Parse and check the (verified) text of ``corrections.yaml``."""
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogDataError(FILE, t("not valid YAML: {exc}", exc=exc)) from None
    return parse_corrections(raw, releases, indicators)


def apply_corrections(obs: pd.DataFrame, corrections: tuple[Correction, ...]) -> pd.DataFrame:
    """Apply the corrections to tidy observations; a correction that matches nothing fails."""
    out = obs.assign(correction=pd.Series([None] * len(obs), index=obs.index, dtype=object))
    for c in corrections:
        hit = (
            (out["release"] == c.release)
            & (out["iso3"] == c.iso3)
            & (out["indicator"] == c.indicator)
            & out["year"].isin(c.years)
        )
        if int(hit.sum()) != len(c.years):
            raise CatalogDataError(
                FILE, t(
                    "correction {c_id!r} matches {sum} of {n_years} rows",
                    c_id=c.id, sum=int(hit.sum()), n_years=len(c.years),
                )
            )
        if c.action == "drop":
            out.loc[hit, "value"] = np.nan
            out.loc[hit, "flag"] = "missing"
        elif c.action == "override":
            out.loc[hit, "value"] = c.value
        out.loc[hit, "correction"] = f"{c.id}: {c.reason}"
    return out
