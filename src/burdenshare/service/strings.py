"""Every string the pages show, in English and Dutch, in one place.

The gettext catalogs shared with the CLI come later (their own issue); until then the pages
read their words from :data:`STRINGS` through :func:`words`, so moving to the catalogs
touches this module only. Column labels come from :mod:`burdenshare.i18n`.

>>> words("nl")["overview"]
'Overzicht'
"""

from __future__ import annotations

from burdenshare.i18n import LANGUAGES

#: key -> (English, Dutch)
STRINGS: dict[str, tuple[str, str]] = {
    "site": ("burdenshare", "burdenshare"),
    "skip": ("Skip to the content", "Naar de inhoud"),
    "yes": ("yes", "ja"),
    "tagline": ("NATO burden sharing, with sources", "Lastenverdeling in de NAVO, met bronnen"),
    "overview": ("Overview", "Overzicht"),
    "funding": ("Common funding", "Gemeenschappelijke financiering"),
    "sources": ("Sources", "Bronnen"),
    "date": ("As published on", "Zoals gepubliceerd op"),
    "api": ("API", "API"),
    "language": ("Language", "Taal"),
    "other_language": ("Nederlands", "English"),
    "api_title": ("REST API", "REST-API"),
    "parameter": ("parameter", "parameter"),
    "where": ("in", "in"),
    "required": ("required", "verplicht"),
    "description": ("description", "omschrijving"),
    "overview_title": ("Defence spending of the allies, {year}",
                       "Defensie-uitgaven van de bondgenoten, {year}"),
    "overview_lead": (
        "Allies ranked by defence expenditure as a share of GDP. Dashed lines: the "
        "commitments in force on {day}. Lighter bars are NATO estimates.",
        "Bondgenoten gerangschikt naar defensie-uitgaven als aandeel van het bbp. "
        "Stippellijnen: de afspraken die op {day} gelden. Lichtere balken zijn ramingen "
        "van de NAVO.",
    ),
    "chart_overview": ("Share of GDP by ally", "Aandeel bbp per bondgenoot"),
    "alliance": ("NATO as a whole: {nato} % of GDP; Europe and Canada: {ec} %; "
                 "{count} allies at or above 2 %.",
                 "De NAVO als geheel: {nato} % van het bbp; Europa en Canada: {ec} %; "
                 "{count} bondgenoten op of boven 2 %."),
    "alliance_count": ("{count} allies at or above 2 %.", "{count} bondgenoten op of boven 2 %."),
    "partial": ("Partial release: this release covers only part of the allies or years. "
                "Missing figures are missing, not zero.",
                "Gedeeltelijke editie: deze editie dekt slechts een deel van de bondgenoten of "
                "jaren. Ontbrekende cijfers ontbreken, ze zijn niet nul."),
    "partial_data": ("Partial data: some allies' figures are not published here; they are "
                     "shown as missing, not as zero.",
                     "Gedeeltelijke gegevens: de cijfers van sommige bondgenoten zijn hier niet "
                     "gepubliceerd; ze zijn ontbrekend, niet nul."),
    "vintage": ("Figures from release {release} ({published}).",
                "Cijfers uit editie {release} ({published})."),
    "vintage_as_of": ("As published on {as_of}.", "Zoals gepubliceerd op {as_of}."),
    "estimate": ("estimate", "raming"),
    "published": ("published", "gepubliceerd"),
    "estimate_mark": ("e = NATO estimate", "e = raming van de NAVO"),
    "download_data": ("Download data", "Gegevens downloaden"),
    "download_image": ("Download image", "Afbeelding downloaden"),
    "table": ("Table", "Tabel"),
    "table_of": ("Table: {what}", "Tabel: {what}"),
    "ally_title": ("{ally}: defence spending", "{ally}: defensie-uitgaven"),
    "chart_history": ("Share of GDP, year by year", "Aandeel bbp, per jaar"),
    "chart_path": ("Path to {target}", "Pad naar {target}"),
    "chart_fan": ("Simulated share of GDP (5-95 % and 25-75 % bands, {paths} paths)",
                  "Gesimuleerd aandeel bbp (banden 5-95 % en 25-75 %, {paths} paden)"),
    "gap_title": ("Gap to the commitments in force ({year})",
                  "Tekort tot de geldende afspraken ({year})"),
    "commitment": ("commitment", "afspraak"),
    "meets": ("meets it", "voldoet"),
    "no": ("no", "nee"),
    "path": ("path", "pad"),
    "actual": ("actual", "werkelijk"),
    "median": ("median", "mediaan"),
    "not_available": ("Not available for this ally in this release: {reason}",
                      "Niet beschikbaar voor deze bondgenoot in deze editie: {reason}"),
    "funding_title": ("Common funding: contributions {year}",
                      "Gemeenschappelijke financiering: bijdragen {year}"),
    "funding_lead": ("Each ally's share of NATO's common budgets in {year} under the cost-share "
                     "key {key}, in EUR million. Contributions to the NSIP are upper bounds "
                     "(its amounts are ceilings).",
                     "Het aandeel van elke bondgenoot in de gemeenschappelijke begrotingen van "
                     "de NAVO in {year} volgens de kostenverdeelsleutel {key}, in mln EUR. "
                     "Bijdragen aan het NSIP zijn bovengrenzen (de bedragen zijn plafonds)."),
    "chart_funding": ("Contribution by ally, EUR mn", "Bijdrage per bondgenoot, mln EUR"),
    "ally_funding": ("Common-funding contribution {year}", "Bijdrage gemeenschappelijke "
                     "financiering {year}"),
    "year": ("Year", "Jaar"),
    "sources_title": ("Sources: every release and dataset", "Bronnen: elke editie en dataset"),
    "sources_lead": ("Every figure on these pages comes from one of these publications. The "
                     "release is chosen by date (see “As published on”).",
                     "Elk cijfer op deze pagina's komt uit een van deze publicaties. De editie "
                     "wordt gekozen op datum (zie “Zoals gepubliceerd op”)."),
    "releases": ("NATO releases", "Edities van de NAVO"),
    "datasets": ("Other datasets used", "Andere gebruikte datasets"),
    "citation": ("citation", "bronvermelding"),
    "date_title": ("As published on a date", "Zoals gepubliceerd op een datum"),
    "date_lead": ("Show the figures as NATO had published them on a given day, or choose a "
                  "release.",
                  "Toon de cijfers zoals de NAVO ze op een bepaalde dag had gepubliceerd, of "
                  "kies een editie."),
    "day": ("Day", "Dag"),
    "release": ("Release", "Editie"),
    "latest": ("latest", "nieuwste"),
    "show": ("Show", "Tonen"),
    "sources_footer": ("Sources", "Bronnen"),
    "notes": ("Notes", "Toelichting"),
    "readiness": ("Readiness (coming with the ledger)", "Gereedheid (volgt met het register)"),
    "error_title": ("Not found", "Niet gevonden"),
    "back": ("Back to the overview", "Terug naar het overzicht"),
    "rule_core_guideline_pct_gdp": ("{v} % guideline", "{v} %-richtlijn"),
    "rule_core_defence_pct_gdp": ("{v} % core (by {y})", "{v} % kern (in {y})"),
    "rule_total_commitment_pct_gdp": ("{v} % total (by {y})", "{v} % totaal (in {y})"),
}  # fmt: skip


def words(lang: str) -> dict[str, str]:
    """All page strings in ``lang`` (``en`` or ``nl``; English for anything else)."""
    i = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[i] for key, pair in STRINGS.items()}
