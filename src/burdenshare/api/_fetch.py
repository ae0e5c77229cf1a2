"""What every ``api`` module shares: fetch a release, check years, attach provenance.

A private module with public functions: ``api.spending``, ``api.burden``, ``api.data``
(and, after the merge, ``api.targets`` and ``api.funding``) import these instead of each
other's private helpers. Origin records of the datasets used are built here, in one place
(:func:`release_origin`, :func:`rules_origin`, :func:`efp_origin`, :func:`gdp_origins`,
:func:`funding_origins`) are the shipped-data layer's own records, read here in one place.

>>> cat, rel, p = resolve_release(release="2024-06")
>>> rel.id, latest_year(p)
('2024-06', 2024)
>>> release_origin(rel).id
'nato-2024-06'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from burdenshare.catalog.errors import CoverageError
from burdenshare.provenance import attach
from burdenshare.text import t

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.loader import Catalog, Release
    from burdenshare.catalog.query import DateLike
    from burdenshare.rules.model import InForce
    from burdenshare.shipped import Origin

F = TypeVar("F", "pd.DataFrame", "pd.Series[Any]")


def resolve_release(
    as_of: DateLike | None = None,
    release: str | None = None,
    catalog: Catalog | None = None,
) -> tuple[Catalog, Release, pd.DataFrame]:
    """The catalog, the release a query uses and its panel (one row per ally-year)."""
    from burdenshare.catalog.loader import default_catalog
    from burdenshare.catalog.query import panel, select_release

    cat = default_catalog() if catalog is None else catalog
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    return cat, rel, panel(release=rel.id, catalog=cat)


def check_years(
    p: pd.DataFrame, years: int | Iterable[int], rel: Release, column: str | None = None
) -> None:
    """Raise naming the release's coverage if any of ``years`` is not in the panel.

    Every API area checks requested years with this one function, so the message is the same
    whichever command the user typed.
    """
    have = p if column is None else p[p[column].notna()]
    covered = sorted(int(y) for y in have["year"].unique())
    for year in [years] if isinstance(years, int) else years:
        if year not in covered:
            span = f"{covered[0]}-{covered[-1]}" if covered else t("none")
            raise CoverageError(t(
                "year {year} is not covered by release {rel_id}; covered: {span}",
                year=year, rel_id=rel.id, span=span,
            ))


def latest_year(p: pd.DataFrame, indicator: str = "share_gdp_pct") -> int:
    """The latest year of the panel with values of ``indicator``."""
    if indicator not in p.columns or p[indicator].isna().all():
        release = p["release"].iloc[0] if "release" in p and len(p) else "?"
        raise CoverageError(t(
            "release {release} has no values of {indicator!r}",
            release=release, indicator=indicator,
        ))
    return int(p.loc[p[indicator].notna(), "year"].max())


def coverage_inputs(
    cat: Catalog, rel: Release, groups: Iterable[str]
) -> tuple[frozenset[str], dict[str, pd.DataFrame]]:
    """What a group statistic needs to tell a partial release apart: the allies NATO
    publishes no figure for, and NATO's own published aggregates of the release per group.
    """
    from burdenshare.catalog.loader import not_applicable_allies
    from burdenshare.catalog.query import published_aggregates

    published = {g: published_aggregates(g, release=rel.id, catalog=cat) for g in groups}
    return not_applicable_allies(), published


def rules_for_year(year: int) -> InForce:
    """The commitments in force at the end of ``year`` (the day NATO's yearly figures close)."""
    from burdenshare import rules

    return rules.at(date(year, 12, 31))


def release_origin(rel: Release) -> Origin:
    """The origin record of a NATO release, as the shipped-data layer read it."""
    if rel.origin is None:  # pragma: no cover - every loaded release carries its origin
        raise CoverageError(t("release {rel_id} carries no origin record", rel_id=rel.id))
    return rel.origin


def rules_origin() -> Origin:
    """The origin record of the shipped rules file (commitments as dated rules)."""
    from burdenshare.rules.loader import rules_origin as _rules_origin

    return _rules_origin()


def efp_origin() -> Origin:
    """The origin record of the shipped forward-presence table."""
    from burdenshare.burden.loader import efp_origin as _efp_origin

    return _efp_origin()


def gdp_origins(names: Iterable[str]) -> list[Origin]:
    """The origin records of the GDP assumption sets named (IMF editions; user files).

    ``trend`` and ``flat`` are built from the release itself and add no dataset.
    """
    from pathlib import Path

    from burdenshare.shipped import Origin
    from burdenshare.targets.loader import editions

    eds = editions()
    out = []
    for name in names:
        if name in eds:
            out.append(eds[name].origin)
        elif name and name not in ("trend", "flat"):
            out.append(Origin(id=f"user:{name}", kind="gdp_assumption", publisher="user file",
                              title=Path(name).name, published="", address=name))  # fmt: skip
    return out


def funding_origins(source_ids: Iterable[str]) -> list[Origin]:
    """The origin records of the common-funding sources named (``;``-separated ids too)."""
    from burdenshare.funding.loader import default_data
    from burdenshare.shipped import Origin

    data = default_data()
    ids = dict.fromkeys(i.strip() for s in source_ids for i in str(s).split(";") if i.strip())
    # ids that are no shipped source: amounts the caller gave ("given"), derived figures
    return [
        data.origins[i] if i in data.origins
        else Origin(id=f"user:{i}", kind="user_input", publisher="the caller",
                    title=f"{i} (not a shipped source)", published="")
        for i in ids
    ]  # fmt: skip


def provenance(
    frame: F,
    rel: Release,
    what: str = "",
    *,
    datasets: Iterable[Origin] = (),
    notes: Mapping[str, str] | None = None,
) -> F:
    """Attach the provenance envelope (the release first, then ``datasets``); return ``frame``.

    The years the release holds as NATO estimates go into the envelope's notes
    (``estimate_years``). The flat keys the terminal footer and older callers read
    (``title``, ``price_base``, ``concept``) are kept beside the envelope.
    """
    facts = {"estimate_years": ", ".join(str(y) for y in rel.estimate_years)}
    attach(frame, release=rel.id, datasets=[release_origin(rel), *datasets], what=what,
           notes={**(facts if rel.estimate_years else {}), **(notes or {})})  # fmt: skip
    frame.attrs.update(
        {
            "published": rel.published_label,
            "title": rel.title,
            "price_base": rel.price_base,
            "concept": rel.concept,
        }
    )
    return frame
