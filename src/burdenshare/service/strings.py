"""Every sentence the pages show, in one place, translated through the one gettext catalog.

The English source sentences are marked with :func:`gettext` (``make i18n`` extracts them);
their Dutch lives in ``locale/nl/LC_MESSAGES/burdenshare.po`` beside the CLI's, read at run
time by :func:`burdenshare.i18n.translator`. Column labels come from
:func:`burdenshare.i18n.label`, numbers from :func:`burdenshare.i18n.number`.

>>> words("nl")["overview"], words("en")["overview"]
('Overzicht', 'Overview')
"""

from __future__ import annotations

from functools import cache

from burdenshare.i18n import LANGUAGES, translator

#: the name of each language in itself (the language switch shows the other one)
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}


def gettext(message: str) -> str:
    """Marks an English source sentence for extraction; translated in :func:`words`."""
    return message


#: key -> the English source sentence
STRINGS: dict[str, str] = {
    "site": gettext("burdenshare"),
    "skip": gettext("Skip to the content"),
    "yes": gettext("yes"),
    "tagline": gettext("NATO burden sharing, with sources"),
    "overview": gettext("Overview"),
    "funding": gettext("Common funding"),
    "sources": gettext("Sources"),
    "date": gettext("As published on"),
    "api": gettext("API"),
    "language": gettext("Language"),
    "api_title": gettext("REST API"),
    "parameter": gettext("parameter"),
    "where": gettext("in"),
    "required": gettext("required"),
    "description": gettext("description"),
    "overview_title": gettext("Defence spending of the allies, {year}"),
    "overview_lead": gettext(
        "Allies ranked by defence expenditure as a share of GDP. Dashed "
        "lines: the commitments in force on {day}. Lighter bars are NATO "
        "estimates."
    ),
    "chart_overview": gettext("Share of GDP by ally"),
    "alliance": gettext(
        "NATO as a whole: {nato} % of GDP; Europe and Canada: {ec} %; "
        "{count} allies at or above 2 %."
    ),
    "alliance_count": gettext("{count} allies at or above 2 %."),
    "partial": gettext(
        "Partial release: this release covers only part of the allies or "
        "years. Missing figures are missing, not zero."
    ),
    "partial_data": gettext(
        "Partial data: some allies' figures are not published here; they "
        "are shown as missing, not as zero."
    ),
    "vintage": gettext("Figures from release {release} ({published})."),
    "vintage_as_of": gettext("As published on {as_of}."),
    "estimate": gettext("estimate"),
    "published": gettext("published"),
    "estimate_mark": gettext("e = NATO estimate"),
    "download_data": gettext("Download data"),
    "download_image": gettext("Download image"),
    "table": gettext("Table"),
    "table_of": gettext("Table: {what}"),
    "ally_title": gettext("{ally}: defence spending"),
    "chart_history": gettext("Share of GDP, year by year"),
    "chart_path": gettext("Path to {target}"),
    "chart_fan": gettext("Simulated share of GDP (5-95 % and 25-75 % bands, {paths} paths)"),
    "gap_title": gettext("Gap to the commitments in force ({year})"),
    "commitment": gettext("commitment"),
    "meets": gettext("meets it"),
    "no": gettext("no"),
    "path": gettext("path"),
    "actual": gettext("actual"),
    "median": gettext("median"),
    "not_available": gettext("Not available for this ally in this release: {reason}"),
    "funding_title": gettext("Common funding: contributions {year}"),
    "funding_lead": gettext(
        "Each ally's share of NATO's common budgets in {year} under the "
        "cost-share key {key}, in EUR million. Contributions to the NSIP "
        "are upper bounds (its amounts are ceilings)."
    ),
    "chart_funding": gettext("Contribution by ally, EUR mn"),
    "ally_funding": gettext("Common-funding contribution {year}"),
    "year": gettext("Year"),
    "sources_title": gettext("Sources: every release and dataset"),
    "sources_lead": gettext(
        "Every figure on these pages comes from one of these publications. "
        "The release is chosen by date (see “As published on”)."
    ),
    "releases": gettext("NATO releases"),
    "datasets": gettext("Other datasets used"),
    "citation": gettext("citation"),
    "date_title": gettext("As published on a date"),
    "date_lead": gettext(
        "Show the figures as NATO had published them on a given day, or "
        "choose a release."
    ),
    "day": gettext("Day"),
    "release": gettext("Release"),
    "latest": gettext("latest"),
    "show": gettext("Show"),
    "sources_footer": gettext("Sources"),
    "notes": gettext("Notes"),
    "readiness": gettext("Readiness"),
    "readiness_title": gettext("Readiness: fill status of {target}"),
    "readiness_lead": gettext(
        "For each unit type and period: are the target's units filled by "
        "firm pledges, filled only when offers count too, or short? Units "
        "count when their notice to move meets the limit; a period shows its "
        "lowest count on any day."
    ),
    "chart_readiness": gettext("Fill status per unit type"),
    "fill_filled": gettext("filled"),
    "fill_offers": gettext("filled with offers"),
    "fill_short": gettext("short"),
    "unit_type": gettext("unit type"),
    "counted": gettext("counted"),
    "with_offers": gettext("with offers"),
    "shortfall": gettext("shortfall"),
    "period": gettext("period"),
    "from": gettext("From"),
    "to": gettext("To"),
    "by_month": gettext("month"),
    "by_quarter": gettext("quarter"),
    "synthetic": gettext(
        "SYNTHETIC units: the ledger holds invented test units, labelled as "
        "such. These are not real national pledges."
    ),
    "readiness_public": gettext(
        "These pages show aggregates only. A nation's own pledges are read "
        "through the API with its token."
    ),
    "ledger_unavailable": gettext("The readiness ledger cannot be read: {reason}"),
    "briefing": gettext("Download briefing"),
    "error_title": gettext("Not found"),
    "back": gettext("Back to the overview"),
    "rule_core_guideline_pct_gdp": gettext("{v} % guideline"),
    "rule_core_defence_pct_gdp": gettext("{v} % core (by {y})"),
    "rule_total_commitment_pct_gdp": gettext("{v} % total (by {y})"),
}


@cache
def words(lang: str) -> dict[str, str]:
    """All page sentences in ``lang`` (``en`` or ``nl``; English for anything else)."""
    t = translator(lang if lang in LANGUAGES else "en")
    return {key: t.gettext(text) for key, text in STRINGS.items()}
