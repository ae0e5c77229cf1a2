"""Vintage-aware queries over the catalog: which release, which figures, how they moved.

Every function takes an optional ``catalog`` (the shipped one by default) so that tests and
analysts can point it at another verified catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

import pandas as pd

from burdenshare.catalog.errors import (
    AsOfError,
    CoverageError,
    UnknownIndicatorError,
)
from burdenshare.catalog.loader import Catalog, Release, default_catalog
from burdenshare.text import Text, t

DateLike = date | datetime | str


def _cat(catalog: Catalog | None) -> Catalog:
    return default_catalog() if catalog is None else catalog


def parse_date(
    value: DateLike,
    *,
    what: str = t("as-of date"),
    error: Callable[[str], Exception] = AsOfError,
) -> date:
    """Parse a day given as a ``date``, a ``datetime`` or an ISO string; the one date parser
    of the facade (``what`` and ``error`` name the option and the area's error).

    >>> parse_date("2019-12-01")
    datetime.date(2019, 12, 1)
    >>> parse_date("soon", what="date")
    Traceback (most recent call last):
    ...
    burdenshare.catalog.errors.AsOfError: date 'soon' is not a date; use YYYY-MM-DD
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise error(t(
            "{what} {value!r} is not a date; use YYYY-MM-DD",
            what=what if isinstance(what, Text) else Text(what), value=value,
        )) from None


def releases(catalog: Catalog | None = None) -> pd.DataFrame:
    """The shipped releases, oldest first, with their provenance.

    Columns: ``release``, ``published`` (date; ``date_precision`` says how exact),
    ``title``, ``publisher``, ``completeness`` (``full`` or ``partial``), ``price_base``,
    ``concept``, ``estimate_years``, ``tables``, ``address``, ``read_from``, ``n_allies``,
    ``years``, ``indicators`` (count of indicators the release has).

    >>> r = releases()
    >>> r["release"].tolist()[:2]
    ['2016-07', '2017-06']
    >>> r.set_index("release").loc["2024-06", "completeness"]
    'full'
    """
    cat = _cat(catalog)
    obs = cat.observations
    rows = []
    for r in cat.releases:
        sub = obs[obs["release"] == r.id]
        have = sub[sub["value"].notna()]
        years = sorted(have["year"].unique())
        rows.append(
            {
                "release": r.id,
                "published": r.published,
                "date_precision": r.date_precision,
                "title": r.title,
                "publisher": r.publisher,
                "completeness": r.completeness,
                "coverage_note": r.coverage_note,
                "price_base": r.price_base,
                "concept": r.concept,
                "estimate_years": ", ".join(str(y) for y in r.estimate_years),
                "tables": r.tables,
                "address": r.address,
                "read_from": r.read_from,
                "n_allies": int(have["iso3"].nunique()),
                "years": f"{years[0]}-{years[-1]}" if years else "",
                "indicators": int(have["indicator"].nunique()),
            }
        )
    return pd.DataFrame(rows)


_AUX_TITLES = {
    "crosscheck": "cross-checks against independent publications (audit log)",
    "corrections": "declarative corrections of known source errors",
}


def files(catalog: Catalog | None = None) -> pd.DataFrame:
    """The manifest, one row per shipped file, with the origin record of its release.

    Columns: ``path``, ``kind`` (``observations``, ``aggregates``, ``crosscheck``),
    ``release``, ``publisher``, ``title``, ``published``, ``tables``, ``address``,
    ``read_from``, ``completeness``, ``licence``, ``sha256``, ``rows``.

    >>> f = files().set_index("path")
    >>> row = f.loc["expenditure/expenditure_2024-06.csv"]
    >>> int(row["rows"]), row["completeness"]
    (352, 'full')
    """
    cat = _cat(catalog)
    rows = []
    for rec in cat.files:
        rel = cat.release_of(rec)
        rows.append(
            {
                "path": rec.path,
                "kind": rec.kind,
                "release": rel.id if rel else None,
                "publisher": rel.publisher if rel else "burdenshare",
                "title": rel.title if rel else _AUX_TITLES.get(rec.kind, rec.kind),
                "published": rel.published_label if rel else None,
                "tables": rel.tables if rel else None,
                "address": rel.address if rel else None,
                "read_from": rel.read_from if rel else None,
                "completeness": rel.completeness if rel else None,
                "licence": cat.licence_note,
                "sha256": rec.sha256,
                "rows": rec.rows,
            }
        )
    return pd.DataFrame(rows)


def select_release(
    as_of: DateLike | None = None,
    release: str | None = None,
    catalog: Catalog | None = None,
) -> Release:
    """The release a query uses: the one named, or the latest published on or before ``as_of``.

    ``as_of`` and ``release`` are two ways to pick one release (the one time axis): give one,
    not both.

    Raises:
        AsOfError: ``as_of`` is before the first shipped release, or both are given.
        UnknownReleaseError: ``release`` is not shipped.

    >>> select_release(as_of="2019-12-01").id
    '2019-11'
    >>> select_release().id
    '2026-07'
    >>> select_release(as_of="2024-12-31", release="2024-06")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    burdenshare.catalog.errors.AsOfError: give an as-of date or a release, not both ...
    """
    cat = _cat(catalog)
    if release is not None and as_of is not None:
        raise AsOfError(t("give an as-of date or a release, not both (each picks the release)"))
    if release is not None:
        return cat.release(release)
    if as_of is None:
        return cat.releases[-1]
    when = parse_date(as_of)
    eligible = [r for r in cat.releases if r.published <= when]
    if not eligible:
        first = cat.releases[0]
        raise AsOfError(
            t(
                "as-of date {when} is before the first shipped release ({first_id}, published "
                "{published}); use a later date",
                when=when.isoformat(), first_id=first.id, published=first.published.isoformat(),
            )
        )
    return eligible[-1]


def _check_indicators(cat: Catalog, rel: Release, names: Sequence[str]) -> None:
    have = set(cat.observations.loc[cat.observations["release"] == rel.id, "indicator"])
    for name in names:
        if name not in cat.indicators:
            raise UnknownIndicatorError(t("indicator"), name, sorted(cat.indicators))
        if name not in have:
            raise UnknownIndicatorError(
                t(
                    "indicator in release {rel_id}{partial}",
                    rel_id=rel.id, partial=(t(" (partial)") if rel.is_partial else ""),
                ),
                name,
                [n for n in cat.indicators if n in have],
            )


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def observations(
    indicator: str | Iterable[str] | None = None,
    allies: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Tidy figures of one release: one row per ally × year × indicator.

    Columns: ``release``, ``published``, ``iso3``, ``ally``, ``year``, ``indicator``,
    ``value``, ``unit`` (e.g. ``usd_2021_mn``, ``pct_gdp``), ``price_base``, ``flag``
    (``estimate``, ``missing``, ``not_applicable`` or empty), ``is_estimate``,
    ``in_nato_aggregates``, ``currency_nc``, ``table`` (NATO's table number, 2024
    numbering) and ``source`` (the publication, as recorded in the shipped file).

    Raises:
        UnknownIndicatorError, UnknownAllyError, CoverageError, AsOfError.

    >>> o = observations("share_gdp_pct", allies="NLD", years=2024, release="2024-06")
    >>> round(float(o["value"].iloc[0]), 2), o["flag"].iloc[0], o["unit"].iloc[0]
    (2.05, 'estimate', 'pct_gdp')
    """
    from burdenshare.allies import resolve

    cat = _cat(catalog)
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    obs = cat.observations[cat.observations["release"] == rel.id]
    names = _as_list(indicator)
    if names is not None:
        _check_indicators(cat, rel, names)
        obs = obs[obs["indicator"].isin(names)]
    codes = _as_list(allies)
    if codes is not None:
        codes = [resolve(c) for c in codes]
        covered = set(obs["iso3"])
        for c in codes:
            if c not in covered:
                raise CoverageError(
                    t(
                        "ally {ally} is not in release {rel_id}{partial}; covered: {covered}",
                        ally=c, rel_id=rel.id,
                        partial=t(" ({note})", note=rel.coverage_note) if rel.is_partial else "",
                        covered=', '.join(sorted(covered)),
                    )
                )
        obs = obs[obs["iso3"].isin(codes)]
    if years is not None:
        wanted = [years] if isinstance(years, int) else list(years)
        covered_years = sorted(obs.loc[obs["value"].notna(), "year"].unique())
        for y in wanted:
            if y not in covered_years:
                span = f"{covered_years[0]}-{covered_years[-1]}" if covered_years else t("none")
                raise CoverageError(
                    t(
                        "year {year} is not covered by release {rel_id} for this selection; "
                        "covered years: {span}",
                        year=y, rel_id=rel.id, span=span,
                    )
                )
        obs = obs[obs["year"].isin(wanted)]
    return obs.reset_index(drop=True)


def panel(
    as_of: DateLike | None = None,
    release: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """One release as a wide table: one row per ally-year, one column per indicator.

    Indicator columns keep their catalog names (units in the name; ``price_base`` names
    the base year of constant-price columns). Row columns: ``release``, ``iso3``, ``ally``,
    ``year``, ``is_estimate``, ``in_nato_aggregates``, ``currency_nc``, ``price_base``.
    The spending functions take this table.

    >>> p = panel(release="2024-06")
    >>> p.shape[0], p["release"].iloc[0], int(p["price_base"].max())
    (352, '2024-06', 2015)
    """
    cat = _cat(catalog)
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    frame = cat.wide[rel.id].copy()
    frame = frame.drop(columns=["vintage", "source"], errors="ignore")
    frame.insert(0, "release", rel.id)
    frame["price_base"] = rel.price_base
    frame["is_estimate"] = frame["is_estimate"].astype(bool)
    frame["in_nato_aggregates"] = frame["in_nato_aggregates"].astype(bool)
    return frame.reset_index(drop=True)


def revisions(
    ally: str,
    indicator: str,
    years: int | Iterable[int] | None = None,
    as_of: DateLike | None = None,
    catalog: Catalog | None = None,
    *,
    every_release: bool = False,
) -> pd.DataFrame:
    """How one ally's value moved from release to release (up to ``as_of``, if given).

    Returns one row per year × release holding a value, with ``release``, ``published``,
    ``year``, ``value``, ``unit``, ``is_estimate`` and ``change`` (from the previous
    release that held that year, in the indicator's unit). Money values at constant prices
    change base year between releases (see ``unit``); compare those with care.

    >>> r = revisions("BGR", "share_gdp_pct", years=2019)
    >>> [(x, round(v, 2)) for x, v in zip(r["release"], r["value"])]
    [('2019-06', 1.61), ('2019-11', 3.25), ('2020-10', 3.18), ('2024-06', 3.13), ('2025-08', 3.14),
     ('2026-07', 3.15)]

    With ``every_release``, every release whose years span the year gets a row, and
    ``status`` says ``published`` or ``not in this release`` (the ally, the year or the
    indicator is absent from it: a partial release, or an ally not yet a member):

    >>> r = revisions("BGR", "share_gdp_pct", years=2019, every_release=True)
    >>> r.loc[r["release"] == "2023-07", "status"].tolist()
    ['not in this release']
    """
    from burdenshare.allies import resolve

    cat = _cat(catalog)
    code = resolve(ally)
    if indicator not in cat.indicators:
        raise UnknownIndicatorError(t("indicator"), indicator, sorted(cat.indicators))
    obs = cat.observations
    sub = obs[(obs["iso3"] == code) & (obs["indicator"] == indicator) & obs["value"].notna()]
    if as_of is not None:
        last = select_release(as_of=as_of, catalog=cat)
        sub = sub[sub["published"] <= pd.Timestamp(last.published)]
    if years is not None:
        wanted = [years] if isinstance(years, int) else list(years)
        sub = sub[sub["year"].isin(wanted)]
    if sub.empty:
        raise CoverageError(t(
            "no release holds {indicator} for {code} in the years asked",
            indicator=indicator, code=code,
        ))
    sub = sub.sort_values(["year", "published"])
    out = sub[["year", "release", "published", "value", "unit", "is_estimate"]].copy()
    out["published"] = out["published"].dt.date
    out["change"] = out.groupby("year")["value"].diff()
    if not every_release:
        return out.reset_index(drop=True)
    out["status"] = "published"
    out["is_estimate"] = out["is_estimate"].astype(object)
    spans = obs.groupby("release")["year"].agg(["min", "max"])
    rels = [r for r in cat.releases
            if as_of is None or r.published <= select_release(as_of=as_of, catalog=cat).published]
    held = set(zip(out["year"], out["release"], strict=True))
    unit = str(out["unit"].iloc[0])
    extra = [
        {"year": int(y), "release": r.id, "published": r.published, "value": float("nan"),
         "unit": unit, "is_estimate": None, "change": float("nan"),
         "status": "not in this release"}
        for y in sorted(set(out["year"])) for r in rels
        if r.id in spans.index and spans.loc[r.id, "min"] <= y <= spans.loc[r.id, "max"]
        and (y, r.id) not in held
    ]  # fmt: skip
    full = pd.concat([out, pd.DataFrame(extra, columns=out.columns)], ignore_index=True)
    full["_published"] = pd.to_datetime(full["published"])
    return full.sort_values(["year", "_published"]).drop(columns="_published").reset_index(
        drop=True
    )


def published_aggregates(
    group: str | None = None,
    indicator: str | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """NATO's own published group totals in one release (for checks and display).

    ``group`` is ``nato`` or ``europe_canada``.
    """
    cat = _cat(catalog)
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    agg = cat.aggregates[cat.aggregates["release"] == rel.id]
    if group is not None:
        agg = agg[agg["group_id"] == group]
    if indicator is not None:
        agg = agg[agg["indicator"] == indicator]
    return agg.reset_index(drop=True)
