"""The data area of the facade: what is shipped, the figures of a release, revisions.

Every function that returns a frame attaches the provenance envelope
(:mod:`burdenshare.provenance`): the release the figures come from, or, for listings that
span releases (``data_releases``, ``data_files``, ``data_check``, ``data_revisions``),
every release they cover. Options are keyword-only.

>>> p = data_panel(release="2024-06")
>>> p.attrs["provenance"]["release"], p.attrs["provenance"]["datasets"][0]["id"]
('2024-06', 'nato-2024-06')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from burdenshare.api import _fetch as fetch
from burdenshare.text import t

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.loader import Release
    from burdenshare.catalog.query import DateLike
    from burdenshare.shipped import Origin


def _spanning(frame: pd.DataFrame, rels: Iterable[Release], what: str) -> pd.DataFrame:
    """Provenance of a frame that spans releases: no single release, every one named."""
    from burdenshare.provenance import attach

    return attach(frame, release=None, datasets=[fetch.release_origin(r) for r in rels],
                  what=what)  # fmt: skip


def data_releases() -> pd.DataFrame:
    """The shipped releases (vintages), oldest first, with their provenance columns.

    Columns as :func:`burdenshare.catalog.releases` (``release``, ``published``,
    ``date_precision``, ``title``, ``publisher``, ``completeness``...).

    >>> r = data_releases()
    >>> r["release"].tolist()[:2], len(r.attrs["provenance"]["datasets"]) == len(r)
    (['2016-07', '2017-06'], True)
    """
    from burdenshare.catalog import default_catalog, releases

    cat = default_catalog()
    return _spanning(releases(cat), cat.releases, "shipped releases")


def data_files() -> pd.DataFrame:
    """The manifest: every shipped file with its origin record, SHA-256 and row count.

    >>> f = data_files().set_index("path")
    >>> int(f.loc["expenditure/expenditure_2024-06.csv", "rows"])
    352
    """
    from burdenshare.catalog import default_catalog, files

    cat = default_catalog()
    return _spanning(files(cat), cat.releases, "shipped files")


def data_check() -> pd.DataFrame:
    """Cross-cell consistency of every release (``status``: known exception or UNEXPLAINED).

    ``attrs["n_unexplained"]`` counts the unexplained ones (the base: ``len(frame)``).

    >>> c = data_check()
    >>> int((c["status"] == "UNEXPLAINED").sum()), c.attrs["n_unexplained"]
    (0, 0)
    """
    from burdenshare.catalog import consistency_report, default_catalog

    cat = default_catalog()
    out = _spanning(consistency_report(cat), cat.releases, t("consistency of the releases"))
    out.attrs["n_unexplained"] = int((out["status"] == "UNEXPLAINED").sum())
    out.attrs["n_inconsistencies"] = len(out)
    return out


def data_allies() -> pd.DataFrame:
    """The allies registry: codes, names in English and Dutch, accession dates.

    >>> a = data_allies().set_index("iso3")
    >>> a.loc["NLD", "name_nl"], a.attrs["provenance"]["datasets"][0]["kind"]
    ('Nederland', 'registry')
    """
    import pandas as pd

    from burdenshare.allies import name, registry
    from burdenshare.provenance import attach
    from burdenshare.shipped import Origin

    frame = pd.DataFrame(
        [
            {"iso3": a.iso3, "name_en": name(a.iso3, "en"), "name_nl": name(a.iso3, "nl"),
             "name_nato": a.name_nato, "nato_accession": a.nato_accession,
             "eu_accession": a.eu_accession}
            for a in registry().values()
        ]
    )  # fmt: skip
    origin = Origin("allies", "registry", "burdenshare", "allies registry (names: Babel CLDR)", "")
    return attach(frame, release=None, datasets=[origin], what=t("NATO allies"))


def data_indicators(
    *, as_of: DateLike | None = None, release: str | None = None
) -> pd.DataFrame:
    """The indicators a release has, with their units and NATO tables.

    >>> i = data_indicators(release="2024-06").set_index("indicator")
    >>> i.loc["share_gdp_pct", "unit"]
    'pct_gdp'
    """
    import pandas as pd

    cat, rel, _ = fetch.resolve_release(as_of, release)
    have = set(cat.observations.loc[cat.observations["release"] == rel.id, "indicator"])
    frame = pd.DataFrame(
        [
            {"indicator": i.name, "unit": i.unit_for(rel.price_base), "table": i.table,
             "label": i.label_en}
            for i in cat.indicators.values()
            if i.name in have
        ]
    )  # fmt: skip
    return fetch.provenance(frame, rel, t("indicators in release {release}", release=rel.id))


def data_observations(
    indicator: str | Iterable[str] | None = None,
    *,
    allies: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Tidy figures of one release: one row per ally × year × indicator.

    Columns as :func:`burdenshare.catalog.observations`.

    >>> o = data_observations("share_gdp_pct", allies="NLD", years=2024, release="2024-06")
    >>> round(float(o["value"].iloc[0]), 2), o.attrs["release"]
    (2.05, '2024-06')
    """
    from burdenshare.catalog import default_catalog, observations, select_release

    cat = default_catalog()
    rel = select_release(as_of=as_of, release=release, catalog=cat)
    out = observations(indicator, allies, years, release=rel.id, catalog=cat)
    return fetch.provenance(out, rel, t("observations"))


def data_panel(*, as_of: DateLike | None = None, release: str | None = None) -> pd.DataFrame:
    """One release as a wide table: one row per ally-year, one column per indicator.

    >>> p = data_panel(release="2024-06")
    >>> int(p["year"].max()), p.attrs["published"]
    (2024, '2024-06-17')
    """
    _, rel, p = fetch.resolve_release(as_of, release)
    return fetch.provenance(p.copy(), rel, t("panel of release {release}", release=rel.id))


def data_revisions(
    ally: str,
    indicator: str = "share_gdp_pct",
    *,
    years: int | Iterable[int] | None = None,
    as_of: DateLike | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """How one ally's value moved from release to release (up to ``as_of``, if given).

    Every release whose years span a year asked has a row: ``status`` is ``published``, or
    ``not in this release`` where the release lacks the ally, the year or the indicator
    (``value`` is then empty). ``release`` (one id) keeps the releases up to that one. The
    provenance names every release the rows come from.

    >>> r = data_revisions("BGR", "share_gdp_pct", years=2019)
    >>> r["release"].iloc[0] in {d["id"][5:] for d in r.attrs["provenance"]["datasets"]}
    True
    >>> r.set_index("release").loc["2023-07", "status"]
    'not in this release'
    """
    from burdenshare.catalog import default_catalog, revisions, select_release

    cat = default_catalog()
    if release is not None:
        as_of = select_release(as_of=as_of, release=release, catalog=cat).published
    out = revisions(ally, indicator, years=years, as_of=as_of, catalog=cat, every_release=True)
    used = set(out["release"])
    return _spanning(out, [r for r in cat.releases if r.id in used],
                     t("revisions of {indicator} for {ally}", indicator=indicator, ally=ally))


def _all_origins() -> list[Origin]:
    """The origin record of every shipped dataset, in one list (releases first)."""
    from burdenshare.catalog import default_catalog
    from burdenshare.funding.loader import default_data
    from burdenshare.targets.loader import editions

    cat = default_catalog()
    out = [fetch.release_origin(r) for r in cat.releases]
    out += [e.origin for e in editions().values()]
    out += [fetch.rules_origin(), fetch.efp_origin()]
    out += list(default_data().origins.values())
    return out


def data_sources(ids: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Every shipped dataset's origin record with its full citation, or those of ``ids``.

    ``ids`` are the source ids other tables print (``S03_NATO_BUDGET2021``,
    ``nato-2024-06`` or just ``2024-06``, ``imf-weo-2025-10``, ``rules``); an unknown id is an
    error naming the accepted ones. Columns: ``id``, ``kind``, ``publisher``, ``title``,
    ``published``, ``read_from``, ``secondary``, ``partial``, ``address``, ``citation``.

    >>> s = data_sources(["S03_NATO_BUDGET2021", "2024-06"])
    >>> s["id"].tolist(), bool(s["secondary"].iloc[1])
    (['S03_NATO_BUDGET2021', 'nato-2024-06'], False)
    >>> data_sources("nato-2019-11")["read_from"].iloc[0][:12]
    'DEFPOINT2019'
    """
    import pandas as pd

    from burdenshare.catalog.errors import UnknownSourceIdError
    from burdenshare.provenance import attach

    origins = {o.id: o for o in _all_origins()}
    if ids is None:
        chosen = list(origins.values())
    else:
        chosen = []
        for i in [ids] if isinstance(ids, str) else list(ids):
            key = i if i in origins else f"nato-{i}"
            if key not in origins:
                raise UnknownSourceIdError(t("source id"), i, list(origins))
            chosen.append(origins[key])
    cols = ["id", "kind", "publisher", "title", "published", "read_from", "secondary",
            "partial", "address", "citation"]  # fmt: skip
    frame = pd.DataFrame([{k: o.as_dict()[k] for k in cols} for o in chosen], columns=cols)
    return attach(frame, release=None, datasets=chosen, what=t("sources of the shipped data"))


def data_select_release(*, as_of: DateLike | None = None, release: str | None = None) -> Release:
    """The release a query uses: the one named, or the latest published on or before ``as_of``.

    >>> data_select_release(as_of="2019-12-01").id
    '2019-11'
    """
    from burdenshare.catalog import select_release

    return select_release(as_of=as_of, release=release)


def data_members(group: str = "nato", year: int | None = None) -> list[str]:
    """The allies counted in ``group``'s aggregate for ``year`` (members on 31 December).

    ``year`` defaults to the latest year with shares of GDP in the latest release.

    >>> "SWE" in data_members("nato", 2023), "SWE" in data_members("nato", 2024)
    (False, True)
    """
    from burdenshare import allies

    if year is None:
        year = data_latest_year()
    return allies.members(group, year)


def data_latest_year(
    *,
    indicator: str = "share_gdp_pct",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> int:
    """The latest year with values of ``indicator`` in the release.

    >>> data_latest_year(release="2024-06")
    2024
    """
    _, _, p = fetch.resolve_release(as_of, release)
    return fetch.latest_year(p, indicator)
