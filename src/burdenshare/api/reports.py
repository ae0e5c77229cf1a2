"""Briefings and reports of claim checks, as PDF or HTML bytes.

Each function fetches the frames a report needs through the public API (the same calls
as the CLI and the pages, so every figure is the API's), builds the document
(:mod:`burdenshare.reports.briefing`) and renders it (:mod:`burdenshare.reports.render`).
A report names every dataset the frames name, with its release, in its sources section.

These return documents, not frames, so they stand beside the export list
(``burdenshare.api.reports``); the CLI's ``report`` and ``claims check --format pdf`` call them.

>>> doc = ally_document("NLD", lang="nl", release="2026-07")
>>> doc.title, doc.date.isoformat()
('Briefing: Nederland', '2026-07-10')
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from burdenshare.errors import BurdenshareError

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.query import DateLike
    from burdenshare.reports.document import Document

#: Paths of the briefing's fan chart (seeded: the same briefing twice is the same bytes).
SIMULATION_PATHS = 2000
SIMULATION_SEED = 0
#: The thresholds drawn on charts: the rules' parameters, labelled with their value.
THRESHOLD_PARAMETERS = (
    "spending.core_guideline_pct_gdp",
    "spending.core_defence_pct_gdp",
    "spending.total_commitment_pct_gdp",
)

#: Readiness hook: a function ``(iso3, *, lang) -> DataFrame | None`` set by the readiness
#: ledger's facade once it exists (columns as the ledger defines them). None: no section.
readiness_pledges: Any = None


def _releases(
    as_of: DateLike | None, release: str | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The release used and the one before it (by publication), as records."""
    from burdenshare import api

    rel = api.data_select_release(as_of=as_of, release=release)
    table = api.data_releases().sort_values("published").reset_index(drop=True)
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in r.items()} for r in table.to_dict("records")
    ]
    at = next(i for i, r in enumerate(records) if r["release"] == rel.id)
    return records[at], (records[at - 1] if at > 0 else None)


def _thresholds(day: dt.date, lang: str) -> list[tuple[str, float]]:
    from burdenshare import api
    from burdenshare.reports.formats import percent

    rules = api.targets_rules(day).set_index("parameter")
    out = []
    for p in THRESHOLD_PARAMETERS:
        if p in rules.index:
            value = float(str(rules.loc[p, "value"]))
            out.append((percent(value, lang, 1), value))
    return out


def _try(call: Any) -> Any:
    try:
        return call()
    except BurdenshareError:
        return None


def _contributions(ally: str | None, lang: str) -> pd.DataFrame | None:
    """The latest budget year with a key, per ministry (one ally) or per ally (all)."""
    from burdenshare import api

    years = sorted({int(y) for y in api.funding_budgets()["year"]}, reverse=True)
    for year in years:
        # the briefing shows the figures as NATO published them (its footer says so)
        frame = _try(lambda y=year: api.funding_contributions(
            y, ally=ally, by="ministry" if ally else "ally", lang=lang,
            accessions="as_published"))  # fmt: skip
        if frame is not None and len(frame):
            out: pd.DataFrame = frame
            return out
    return None


def ally_document(
    ally: str, *, lang: str = "en", as_of: DateLike | None = None, release: str | None = None
) -> Document:
    """The briefing on one ally as a document (see :func:`reports_ally`)."""
    from burdenshare import allies, api
    from burdenshare.i18n import check_language
    from burdenshare.reports import briefing

    check_language(lang)
    code = allies.resolve(ally)
    latest, previous = _releases(as_of, release)
    rid = str(latest["release"])
    profile = api.spending_profile(code, release=rid)
    overview = api.spending_overview(release=rid)
    year = int(overview.attrs["year"])
    prev_profile = None
    if previous is not None:
        prev_profile = _try(lambda: api.spending_profile(code, release=str(previous["release"])))
    compliance = api.targets_compliance(year, code, release=rid)
    path = _try(lambda: api.targets_path(code, release=rid))
    sim = _try(lambda: api.targets_simulate(code, paths=SIMULATION_PATHS, seed=SIMULATION_SEED,
                                            release=rid))  # fmt: skip
    if sim is not None:
        sim.attrs["paths"] = SIMULATION_PATHS
    ready = readiness_pledges(code, lang=lang) if callable(readiness_pledges) else None
    return briefing.ally_briefing(
        code, lang=lang, latest=latest, previous=previous, profile=profile,
        previous_profile=prev_profile, overview=overview, compliance=compliance, path=path,
        simulation=sim, contributions=_contributions(code, lang),
        thresholds=_thresholds(dt.date(year, 12, 31), lang), readiness=ready,
    )  # fmt: skip


def alliance_document(
    *, lang: str = "en", as_of: DateLike | None = None, release: str | None = None
) -> Document:
    """The briefing on the alliance as a document (see :func:`reports_alliance`)."""
    from burdenshare import api
    from burdenshare.i18n import check_language
    from burdenshare.reports import briefing

    check_language(lang)
    latest, previous = _releases(as_of, release)
    rid = str(latest["release"])
    overview = api.spending_overview(release=rid)
    year = int(overview.attrs["year"])
    prev = None
    if previous is not None:
        prev = _try(lambda: api.spending_overview(release=str(previous["release"])))
    thresholds = _thresholds(dt.date(year, 12, 31), lang)
    counts: dict[float, int] = {}
    for _, value in thresholds:
        c = api.spending_count(value, release=rid).set_index("year")
        if year in c.index:
            counts[value] = int(str(c.loc[year, "count"]))
    return briefing.alliance_briefing(
        lang=lang, latest=latest, previous=previous, overview=overview, previous_overview=prev,
        counts=counts, rules=api.targets_rules(latest["published"]),
        contributions=_contributions(None, lang), thresholds=thresholds,
    )  # fmt: skip


def claims_document(path: str | Path, *, lang: str = "en", now: DateLike | None = None) -> Document:
    """A claim check as a document (see :func:`report_claims`)."""
    from burdenshare import api
    from burdenshare.i18n import translator
    from burdenshare.reports import briefing

    check = api.claims_check(path, lang=lang, now=now)
    t = translator(lang)
    words = {"holds": t.gettext("holds"), "does_not_hold": t.gettext("does not hold"),
             "not_verifiable": t.gettext("not verifiable")}  # fmt: skip
    return briefing.claims_report(check, lang=lang, verdicts=words)


def reports_ally(
    ally: str,
    *,
    lang: str = "en",
    fmt: str = "pdf",
    as_of: DateLike | None = None,
    release: str | None = None,
) -> bytes:
    """A two-page briefing on one ally (``pdf`` or ``html``): key numbers of the release and
    what changed since the one before, status against each commitment in force, the path
    to 2035 with its fan chart, common funding per ministry, readiness pledges where a
    ledger has them, and every source with its release."""
    from burdenshare.reports.render import render

    return render(ally_document(ally, lang=lang, as_of=as_of, release=release), fmt)


def reports_alliance(
    *, lang: str = "en", fmt: str = "pdf", as_of: DateLike | None = None,
    release: str | None = None,
) -> bytes:  # fmt: skip
    """A briefing on the alliance (``pdf`` or ``html``)."""
    from burdenshare.reports.render import render

    return render(alliance_document(lang=lang, as_of=as_of, release=release), fmt)


def report_claims(
    path: str | Path, *, lang: str = "en", fmt: str = "pdf", now: DateLike | None = None
) -> bytes:
    """The report of a claim check (``pdf`` or ``html``), in the briefings' style."""
    from burdenshare.reports.render import render

    return render(claims_document(path, lang=lang, now=now), fmt)


__all__ = [
    "alliance_document",
    "ally_document",
    "claims_document",
    "report_claims",
    "reports_alliance",
    "reports_ally",
]
