"""Labels and number formatting in English and Dutch (Babel's CLDR data).

Column names stay stable identifiers in DataFrames, CSV and JSON; tables for people show
these labels instead. Terms follow the project glossary (GLOSSARY.md).

>>> label("share_gdp_pct", "nl")
'% bbp'
>>> number(1234567.891, "nl", decimals=1), number(1234567.891, "en", decimals=1)
('1.234.567,9', '1,234,567.9')
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from burdenshare.errors import InputError
from burdenshare.text import t

if TYPE_CHECKING:
    from babel.support import NullTranslations as Translator

LANGUAGES = ("en", "nl")

#: column -> (English, Dutch)
LABELS: dict[str, tuple[str, str]] = {
    "iso3": ("code", "code"),
    "ally": ("ally", "bondgenoot"),
    "year": ("year", "jaar"),
    "rank": ("rank", "rang"),
    "value": ("value", "waarde"),
    "unit": ("unit", "eenheid"),
    "flag": ("flag", "kenmerk"),
    "release": ("release", "editie"),
    "published": ("published", "gepubliceerd"),
    "completeness": ("completeness", "volledigheid"),
    "title": ("title", "titel"),
    "price_base": ("prices of", "prijzen van"),
    "years": ("years", "jaren"),
    "indicators": ("indicators", "indicatoren"),
    "estimate_years": ("estimates", "ramingen"),
    "is_estimate": ("est.", "raming"),
    "share_gdp_pct": ("% GDP", "% bbp"),
    "real_change_pct": ("real chg %", "reëel %"),
    "real_change_same_allies_pct": ("real chg %, same allies", "reëel %, zelfde bondgenoten"),
    "equipment_share_pct": ("equip. %", "materieel %"),
    "personnel_share_pct": ("personnel (%)", "personeel (%)"),
    "infrastructure_share_pct": ("infrastructure (%)", "infrastructuur (%)"),
    "other_share_pct": ("other (%)", "overig (%)"),
    "defence_exp_usd_current_mn": ("USD mn", "mln USD"),
    "defence_exp_usd_constant_mn": ("defence exp., USD mn (constant)",
                                    "defensie-uitgaven, mln USD (constant)"),
    "defence_exp_nc_mn": ("defence exp., national currency mn",
                          "defensie-uitgaven, mln nationale valuta"),
    "gdp_usd_current_bn": ("GDP, USD bn (current)", "bbp, mld USD (lopend)"),
    "defence_exp_per_capita_usd": ("per capita, USD", "per hoofd, USD"),
    "military_personnel_thousands": ("military personnel (thousands)",
                                     "militair personeel (duizenden)"),
    "meets_2pct": ("≥2%", "≥2%"),
    "meets_equipment_20": ("equipment at 20%", "materieel op 20%"),
    "gap_pp": ("gap (pp)", "tekort (procentpunt)"),
    "gap_usd_current_mn": ("gap, USD mn", "tekort, mln USD"),
    "gap_nc_current_mn": ("gap, national currency mn", "tekort, mln nationale valuta"),
    "currency_nc": ("currency", "valuta"),
    "share_gdp_pct_recomputed": ("% GDP recomputed", "% bbp herberekend"),
    "difference_pp": ("difference (pp)", "verschil (procentpunt)"),
    "cumulative_usd_constant_mn": ("cumulative extra, USD mn", "cumulatief extra, mln USD"),
    "extra_usd_constant_mn": ("extra over base year, USD mn", "extra t.o.v. basisjaar, mln USD"),
    "spending_usd_constant_mn": ("spending, USD mn (constant)", "uitgaven, mln USD (constant)"),
    # burden
    "spending_share_pct": ("% of spending", "% van uitgaven"),
    "gdp_share_pct": ("% of GDP total", "% van bbp-totaal"),
    "burden_sharing_ratio": ("ratio", "verhouding"),
    "band": ("band", "klasse"),
    "fair_share_gap_usd_mn": ("fair-share gap, USD mn", "tekort t.o.v. billijk deel, mln USD"),
    "per_capita_usd": ("per capita, USD", "per hoofd, USD"),
    "per_capita_relative": ("per capita vs alliance", "per hoofd t.o.v. bondgenootschap"),
    "spearman_rho": ("Spearman ρ", "Spearman ρ"),
    "kendall_tau_b": ("Kendall τb", "Kendall τb"),
    "partial_spearman_rho": ("partial ρ", "partiële ρ"),
    "spearman_p_one_sided": ("p (one-sided)", "p (eenzijdig)"),
    "composite": ("index", "index"),
    "cash_score": ("cash", "geld"),
    "capabilities_score": ("capabilities", "capaciteiten"),
    "contributions_score": ("contributions", "bijdragen"),
    "missing": ("missing inputs", "ontbrekende invoer"),
    # funding
    "share_pct": ("share %", "aandeel %"),
    "share_from_pct": ("share from %", "aandeel van %"),
    "share_to_pct": ("share to %", "aandeel naar %"),
    "delta_pp": ("change (pp)", "verschil (procentpunt)"),
    "amount_eur_mn": ("budget, EUR mn", "begroting, mln EUR"),
    "contribution_eur_mn": ("contribution, EUR mn", "bijdrage, mln EUR"),
    "change_eur_mn": ("change, EUR mn", "verschil, mln EUR"),
    "upper_bound": ("upper bound", "bovengrens"),
    "line_label": ("budget line", "begrotingslijn"),
    "ministry_label": ("ministry", "ministerie"),
    "lines": ("budget lines", "begrotingslijnen"),
    "share_status": ("status", "status"),
    "missing_allies": ("missing allies", "ontbrekende bondgenoten"),
    "joined_allies": ("joined during the period", "toegetreden in de periode"),
    "n_allies": ("allies", "bondgenoten"),
    "n_listed": ("listed", "vermeld"),
    "n_missing": ("missing", "ontbrekend"),
    "total_pct": ("total %", "totaal %"),
    "unallocated_pct": ("unallocated %", "niet toegewezen %"),
    "rounding_pct": ("rounding %", "afronding %"),
    "decimals": ("decimals", "decimalen"),
    # quotable output (issue 9): short headers so tables fit 80 columns
    "group": ("group", "groep"),
    "members": ("members", "leden"),
    "share_gdp_pct_weighted": ("% GDP weighted", "% bbp gewogen"),
    "share_gdp_pct_mean": ("% GDP mean", "% bbp gemiddeld"),
    "share_gdp_pct_median": ("% GDP median", "% bbp mediaan"),
    "share_gdp_pct_weighted_basis": ("weighted: basis", "gewogen: bron"),
    "status": ("status", "status"),
    "change": ("change", "verschil"),
    "count": ("count", "aantal"),
    "of": ("of", "van"),
    "allies": ("allies", "bondgenoten"),
    "compared_at": ("compared at", "vergeleken op"),
    "threshold_pct": ("threshold %", "drempel %"),
    "meets": ("meets", "voldoet"),
    "shortfall_usd_current_mn": ("shortfall, USD mn", "tekort, mln USD"),
    "citation": ("citation", "bronvermelding"),
    "secondary": ("secondary", "secundair"),
    "partial": ("partial", "gedeeltelijk"),
    "id": ("id", "id"),
    "indicator": ("indicator", "indicator"),
    "commitment": ("commitment", "toezegging"),
    "kind": ("kind", "soort"),
    "assessment": ("assessment", "oordeel"),
    "years_at_or_above": ("years at/above", "jaren op/boven"),
    "flags": ("flags", "kenmerken"),
    # due-aware compliance (issue 10)
    "deadline": ("deadline", "termijn"),
    "path": ("path", "pad"),
    "path_share_pct": ("path % GDP", "pad % bbp"),
    "path_gap_pp": ("behind path (pp)", "achter op pad (procentpunt)"),
    "path_gap_usd_current_mn": ("behind path, USD mn", "achter op pad, mln USD"),
    "path_gap_nc_current_mn": ("behind path, national currency mn",
                               "achter op pad, mln nationale valuta"),
    "subtests": ("sub-tests", "deeltoetsen"),
    # paths to a target (the terminal table of `targets path`)
    "path_spending_nc_mn": ("path, national currency mn", "pad, mln nationale valuta"),
    "path_spending_real_nc_mn": ("path, real, national currency mn",
                                 "pad, reëel, mln nationale valuta"),
    "gdp_nc_bn": ("GDP, national currency bn", "bbp, mld nationale valuta"),
    "gdp_origin": ("GDP from", "bbp uit"),
    "actual_share_pct": ("actual % GDP", "werkelijk % bbp"),
    "check": ("check", "toets"),
    # SIPRI, the second lens (issue 10)
    "sipri_current_usd_mn": ("SIPRI, USD mn", "SIPRI, mln USD"),
    "sipri_share_gdp_pct": ("SIPRI % GDP", "SIPRI % bbp"),
    "sipri_estimate": ("SIPRI est.", "SIPRI raming"),
    "nato_share_gdp_pct": ("NATO % GDP", "NAVO % bbp"),
    # readiness (issue 11)
    "period": ("period", "periode"),
    "start": ("start", "begin"),
    "end": ("end", "einde"),
    "unit_type": ("unit type", "soort eenheid"),
    "nation": ("nation", "land"),
    "units": ("units", "eenheden"),
    "required": ("required", "vereist"),
    "counted": ("counted", "geteld"),
    "counted_with_offers": ("counted with offers", "geteld met aanbiedingen"),
    "shortfall": ("shortfall", "tekort"),
    "shortfall_with_offers": ("shortfall with offers", "tekort met aanbiedingen"),
    "filled": ("filled", "gevuld"),
    "filled_with_offers": ("filled with offers", "gevuld met aanbiedingen"),
    "surplus": ("surplus", "overschot"),
    "available": ("available", "beschikbaar"),
    "available_from": ("available from", "beschikbaar vanaf"),
    "available_until": ("available until", "beschikbaar tot"),
    "notice_days": ("notice (days)", "gereedheid (dagen)"),
    "offered": ("offered", "aangeboden"),
    "pledged": ("pledged", "toegezegd"),
    "designated": ("designated", "aangewezen"),
    "fair_share": ("fair share", "billijk deel"),
    "fair_share_units": ("fair share, units", "billijk deel, eenheden"),
    "deviation": ("deviation", "afwijking"),
    "weight": ("weight", "gewicht"),
    "readiness_vs_fair_share": ("readiness vs fair share", "gereedheid t.o.v. billijk deel"),
    "synthetic": ("synthetic", "synthetisch"),
    "note": ("note", "toelichting"),
    # the names of the readiness notes (provenance notes shown under a table)
    "requirement": ("requirement", "vereiste"),
    "offers": ("offers", "aanbiedingen"),
    "notice": ("notice", "gereedheidstermijn"),
    "fair share": ("fair share", "billijk deel"),
    "measure": ("measure", "maatstaf"),
    "solver": ("solver", "oplosser"),
    "optimality gap": ("optimality gap", "optimaliteitsmarge"),
    "tiers": ("tiers", "niveaus"),
    "boundaries": ("boundaries", "grenzen"),
    "counts": ("counts", "aantallen"),
    "tags": ("tags", "labels"),
    # forward presence (burden forward-presence)
    "hosts": ("hosts", "gastland"),
    "battlegroups_joined": ("joined", "deelname"),
    "battlegroups_led": ("led", "leiding"),
    "troops": ("troops", "militairen"),
    "qualifier": ("as published", "volgens bron"),
    "troops_date": ("dated", "datum"),
    # every column of the public API has a label (issue 9, items 5 and 6): short headers,
    # units in the label, the same text in both languages only for symbols and codes
    # data
    "name_en": ("English name", "Engelse naam"),
    "name_nl": ("Dutch name", "Nederlandse naam"),
    "name_nato": ("NATO name", "NAVO-naam"),
    "nato_accession": ("joined NATO", "lid NAVO sinds"),
    "eu_accession": ("joined EU", "lid EU sinds"),
    "rule": ("rule", "regel"),
    "detail": ("detail", "detail"),
    "reason": ("reason", "reden"),
    "publisher": ("publisher", "uitgever"),
    "tables": ("tables", "tabellen"),
    "table": ("table", "tabel"),
    "address": ("address", "adres"),
    "read_from": ("read from", "gelezen uit"),
    "licence": ("licence", "licentie"),
    "sha256": ("SHA-256", "SHA-256"),
    "rows": ("rows", "rijen"),
    "label": ("label", "benaming"),
    "in_nato_aggregates": ("in NATO totals", "in NAVO-totalen"),
    "source": ("source", "bron"),
    "sources": ("sources", "bronnen"),
    "correction": ("correction", "correctie"),
    "date_precision": ("date precision", "datumprecisie"),
    "coverage_note": ("coverage", "dekking"),
    "concept": ("concept", "begrip"),
    "defence_exp_nc_constant_mn": ("defence exp., national currency mn (constant)",
                                   "defensie-uitgaven, mln nationale valuta (constant)"),
    "gdp_usd_constant_bn": ("GDP, USD bn (constant)", "bbp, mld USD (constant)"),
    "gdp_per_capita_usd_constant": ("GDP per capita, USD (constant)",
                                    "bbp per hoofd, USD (constant)"),
    "nato_2pct_law_flag": ("2% in law (*)", "2% in wet (*)"),
    # spending
    "accession_usd_constant_mn": ("of which new members, USD mn",
                                  "waarvan nieuwe leden, mln USD"),
    "spending_per_soldier_usd_k": ("per soldier, USD thousand", "per militair, duizend USD"),
    "equipment_per_soldier_usd_k": ("equipment per soldier, USD thousand",
                                    "materieel per militair, duizend USD"),
    "personnel_cost_per_soldier_usd_k": ("personnel per soldier, USD thousand",
                                         "personeel per militair, duizend USD"),
    "sipri_constant_2023_usd_mn": ("SIPRI, USD mn (2023 prices)", "SIPRI, mln USD (prijzen 2023)"),
    "sipri_per_capita_usd": ("SIPRI per capita, USD", "SIPRI per hoofd, USD"),
    "population": ("population", "bevolking"),
    "nato_current_usd_mn": ("NATO, USD mn", "NAVO, mln USD"),
    "difference_usd_mn": ("difference, USD mn", "verschil, mln USD"),
    # targets
    "parameter": ("parameter", "parameter"),
    "version": ("version", "versie"),
    "rule_status": ("rule status", "status regel"),
    "comparator": ("test", "toets"),
    "target_year": ("target year", "doeljaar"),
    "met": ("met", "gehaald"),
    "consecutive_years": ("years in a row", "jaren op rij"),
    "halt_decline": ("halt decline", "daling gestopt"),
    "real_growth_with_gdp": ("real growth with GDP", "reële groei met bbp"),
    "moving_towards": ("moving towards", "richting doel"),
    "annual_progress": ("annual progress", "jaarlijkse vooruitgang"),
    "gdp_usd_bn": ("GDP, USD bn", "bbp, mld USD"),
    "xr_nc_per_usd": ("rate per USD", "koers per USD"),
    "deflator": ("deflator", "deflator"),
    "real_growth_pct": ("real growth %", "reële groei %"),
    "deflator_growth_pct": ("deflator growth %", "groei deflator %"),
    "nominal_growth_pct": ("nominal growth %", "nominale groei %"),
    "is_projection": ("projected", "projectie"),
    "origin": ("origin", "herkomst"),
    "method": ("method", "methode"),
    "path_spending_usd_mn": ("path, USD mn", "pad, mln USD"),
    "actual_is_estimate": ("actual est.", "werkelijk raming"),
    "deviation_pp": ("deviation (pp)", "afwijking (procentpunt)"),
    "deviation_nc_mn": ("deviation, national currency mn", "afwijking, mln nationale valuta"),
    "years_ahead": ("years ahead", "jaren vooruit"),
    "gdp_level_sd_pct": ("GDP sd %", "sd bbp %"),
    "revision_sd_pct": ("revision sd %", "sd revisie %"),
    "total_sd_pct": ("total sd %", "sd totaal %"),
    "required_share_pct": ("required % GDP", "vereist % bbp"),
    "required_nc_mn": ("required, national currency mn", "vereist, mln nationale valuta"),
    "plan_share_pct": ("plan % GDP", "plan % bbp"),
    "p_target": ("P target", "kans op doel"),
    "probability": ("probability", "kans"),
    "confidence": ("confidence", "zekerheid"),
    "valid_from": ("valid from", "geldig vanaf"),
    "valid_until": ("valid until", "geldig tot"),
    "description": ("description", "omschrijving"),
    "scenario": ("scenario", "scenario"),
    "baseline": ("baseline", "basisplan"),
    "spending_nc_mn": ("spending, national currency mn", "uitgaven, mln nationale valuta"),
    "target_pct": ("target % GDP", "doel % bbp"),
    "meets_target": ("meets target", "haalt doel"),
    "plan_spending_nc_mn": ("plan, national currency mn", "plan, mln nationale valuta"),
    "deterministic_share_pct": ("plan % GDP", "plan % bbp"),
    "mean_share_pct": ("mean % GDP", "gemiddeld % bbp"),
    "min_share_pct": ("min % GDP", "min. % bbp"),
    "max_share_pct": ("max % GDP", "max. % bbp"),
    "q05": ("q05", "q05"),
    "q25": ("q25", "q25"),
    "q50": ("q50", "q50"),
    "q75": ("q75", "q75"),
    "q95": ("q95", "q95"),
    "p_floor_2pct": ("P ≥2%", "kans ≥2%"),
    "p_on_linear_path": ("P on path", "kans op pad"),
    # funding
    "line": ("line", "post"),
    "period_from": ("key from", "sleutel van"),
    "period_to": ("key to", "sleutel naar"),
    "status_from": ("status from", "status van"),
    "status_to": ("status to", "status naar"),
    "budget_kind": ("budget kind", "soort begroting"),
    "from_eur_mn": ("from, EUR mn", "van, mln EUR"),
    "to_eur_mn": ("to, EUR mn", "naar, mln EUR"),
    "ministry": ("ministry", "ministerie"),
    "base": ("base", "basis"),
    "base_pct": ("base %", "basis %"),
    "change_pp": ("change (pp)", "verschil (procentpunt)"),
    "ratio": ("ratio", "verhouding"),
    "binding": ("binding", "bepalend"),
    "published_pct": ("published %", "gepubliceerd %"),
    "diff_pp": ("difference (pp)", "verschil (procentpunt)"),
    "half_unit": ("± half unit", "± halve eenheid"),
    "joined": ("joined", "toegetreden"),
    "derived_pct": ("derived %", "afgeleid %"),
    "tolerance_pp": ("tolerance (pp)", "tolerantie (procentpunt)"),
    "margin_pp": ("margin (pp)", "speling (procentpunt)"),
    "within": ("within", "binnen"),
    "fit": ("fit", "passing"),
    "constraints": ("constraints", "voorwaarden"),
    # burden
    "basis": ("basis", "grondslag"),
    "burden_before_pct": ("% GDP before", "% bbp ervoor"),
    "burden_after_pct": ("% GDP after", "% bbp erna"),
    "spending_effect_pp": ("spending effect (pp)", "uitgaveneffect (procentpunt)"),
    "gdp_effect_pp": ("GDP effect (pp)", "bbp-effect (procentpunt)"),
    "spending_growth_pct": ("spending growth %", "uitgavengroei %"),
    "gdp_growth_pct": ("GDP growth %", "bbp-groei %"),
    "published_change_pp": ("published change (pp)", "gepubliceerd verschil (procentpunt)"),
    "fx_change_pct": ("exchange rate change %", "wisselkoers verschil %"),
    "spending_effect_nc_pp": ("spending effect, national currency (pp)",
                              "uitgaveneffect in nationale valuta (procentpunt)"),
    "gdp_effect_nc_pp": ("GDP effect, national currency (pp)",
                         "bbp-effect in nationale valuta (procentpunt)"),
    "exchange_rate_term_pp": ("exchange rate term (pp)", "term wisselkoers (procentpunt)"),
    "statistic": ("statistic", "statistiek"),
    "estimate": ("coefficient", "coëfficiënt"),
    "p_one_sided": ("p (one-sided)", "p (eenzijdig)"),
    "p_two_sided": ("p (two-sided)", "p (tweezijdig)"),
    "p_method": ("p from", "p volgens"),
    "controls": ("controls", "controlevariabelen"),
    "variant": ("variant", "variant"),
    "n_years": ("n years", "aantal jaren"),
    "mean_rho": ("mean ρ", "gemiddelde ρ"),
    "left_out": ("left out", "weggelaten"),
    "spending_usd_mn": ("spending, USD mn", "uitgaven, mln USD"),
    "burden_pct": ("% GDP", "% bbp"),
    "burden_pct_computed": ("% GDP computed", "% bbp berekend"),
    "ratio_to_mean_burden": ("vs mean % GDP", "t.o.v. gemiddeld % bbp"),
    "population_mn": ("population mn", "bevolking mln"),
    "troops_sources": ("troop sources", "bronnen militairen"),
    "plan_troops": ("planned troops", "geplande militairen"),
    "plan_qualifier": ("plan as published", "plan volgens bron"),
    "plan_at": ("planned in", "gepland in"),
    "plan_by": ("planned by", "gepland uiterlijk"),
    "plan_sources": ("plan sources", "bronnen plan"),
    "z_burden_pct": ("z % GDP", "z % bbp"),
    "z_equipment_share_pct": ("z equip. %", "z materieel %"),
    "efp_battlegroups": ("eFP battlegroups", "eFP-groepen"),
    "z_efp_battlegroups": ("z battlegroups", "z eFP-groepen"),
    "efp_hosted": ("eFP hosted", "eFP-gastland"),
    "z_efp_hosted": ("z hosted", "z gastland"),
    "common_funding_vs_formula": ("funding vs formula", "financiering t.o.v. formule"),
    "z_common_funding_vs_formula": ("z funding", "z financiering"),
    "common_funding_ratio": ("funding ratio", "verhouding financiering"),
    # readiness
    "tier 1": ("tier 1", "niveau 1"),
    "tier 2": ("tier 2", "niveau 2"),
    "tier 3": ("tier 3", "niveau 3"),
    "none": ("no tier", "geen niveau"),
    "unit_id": ("unit id", "eenheid-id"),
    "max_notice_days": ("max notice (days)", "max. gereedheid (dagen)"),
    # cases and claims
    "file": ("file", "bestand"),
    "name": ("name", "naam"),
    "area": ("area", "gebied"),
    "passed": ("passed", "geslaagd"),
    "failures": ("failures", "afwijkingen"),
    "text": ("text", "tekst"),
    "said_on": ("said on", "gezegd op"),
    "claimed": ("claimed", "beweerd"),
    "tolerance": ("tolerance", "tolerantie"),
    "figure": ("figure", "cijfer"),
    "then_value": ("then", "toen"),
    "then_basis": ("then: release", "toen: editie"),
    "then_verdict": ("then: verdict", "toen: oordeel"),
    "then_reason": ("then: why", "toen: waarom"),
    "now_value": ("now", "nu"),
    "now_basis": ("now: release", "nu: editie"),
    "now_verdict": ("now: verdict", "nu: oordeel"),
    "now_reason": ("now: why", "nu: waarom"),
    # ledger
    "key": ("key", "sleutel"),
    "action": ("action", "actie"),
    "at": ("at", "tijdstip"),
    "actor": ("by", "door"),
    "entity": ("entity", "object"),
    "before": ("before", "ervoor"),
    "after": ("after", "erna"),
    "role": ("role", "rol"),
    "token": ("token", "token"),
}  # fmt: skip


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InputError(t("language"), lang, LANGUAGES)
    return lang


def label(column: str, lang: str = "en") -> str:
    """The label of a column in ``lang``; the column name itself when there is none."""
    pair = LABELS.get(column)
    if pair is None:
        return column
    return pair[LANGUAGES.index(check_language(lang))]


def _locale(lang: str) -> str:
    return {"en": "en_GB", "nl": "nl_NL"}[check_language(lang)]


def number(value: float, lang: str = "en", decimals: int = 2) -> str:
    """A number with the locale's grouping and decimal signs."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))


def currency_name(code: str, lang: str = "en") -> str:
    """A currency's name in ``lang`` from Babel (CLDR) for an ISO 4217 code; other text
    (a currency as NATO names it) is returned as given.

    >>> currency_name("EUR", "nl"), currency_name("USD", "en"), currency_name("Lek", "nl")
    ('euro', 'US dollars', 'Lek')
    """
    from babel.numbers import get_currency_name

    if len(code) == 3 and code.isalpha() and code.isupper():
        return str(get_currency_name(code, count=2, locale=_locale(lang)))
    return code


def yes_no(value: bool, lang: str = "en") -> str:
    return ("yes", "ja")[LANGUAGES.index(lang)] if value else ("no", "nee")[LANGUAGES.index(lang)]


def ally_name(iso3: str, lang: str = "en") -> str:
    """The ally's name in ``lang`` (NATO's English name; Dutch from Babel/CLDR).

    Codes that are no ally (``GROUP``, a user's own label) are returned as given.

    >>> ally_name("NLD", "nl"), ally_name("GROUP", "nl")
    ('Nederland', 'GROUP')
    """
    from burdenshare import allies

    return allies.name(iso3, lang) if iso3 in allies.registry() else iso3


# --------------------------------------------------------------------------------------
# Sentences: one gettext catalog for every surface (CLI, service, reports)

#: The gettext domain of every sentence burdenshare shows.
DOMAIN = "burdenshare"


def _locale_dir() -> Path:
    return Path(__file__).parent / "locale"


@cache
def translator(lang: str = "en") -> Translator:
    """The gettext translations of ``lang`` (``gettext``, ``ngettext``, ``pgettext``).

    Sentences are marked in the code with ``t = translator(lang)`` and ``t.gettext("…")``
    (``t.ngettext(singular, plural, n)`` for plurals); ``pybabel extract`` (``make i18n``)
    collects them into ``locale/burdenshare.pot`` and ``pybabel update`` into
    ``locale/nl/LC_MESSAGES/burdenshare.po``. The ``.po`` file is read at run time with
    Babel (no compiled ``.mo`` to keep in step); English is the source language.

    >>> translator("nl").gettext("{n} of {total} allies") == "{n} van {total} bondgenoten"
    True
    >>> t = translator("nl")
    >>> t.ngettext("{n} ally", "{n} allies", 1), t.ngettext("{n} ally", "{n} allies", 2)
    ('{n} bondgenoot', '{n} bondgenoten')
    >>> translator("en").gettext("{n} of {total} allies")
    '{n} of {total} allies'
    """
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    check_language(lang)
    po = _locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


def localize(text: str, lang: str = "en") -> str:
    """A domain sentence (:func:`burdenshare.text.t`, or a plain catalog sentence) in ``lang``.

    The template is looked up in the catalog; numbers among the values get the language's
    separators, as the template's format spec writes them in English (``{x:.2f}``,
    ``{n:,}``; a year ``{year}`` stays ``2031``). Values that are themselves a ``Text`` (a
    word such as ``t("ally")``, a nested rule), or an error carrying one, are localized too.
    Text the catalog does not hold keeps its English words.

    >>> from burdenshare.text import t
    >>> msg = t("ahead by {pp:.2f} pp ({money:,.0f} mn)", pp=0.384, money=4428.0)
    >>> localize(msg, "en")
    'ahead by 0.38 pp (4,428 mn)'
    >>> localize(msg, "nl")
    'voor met 0,38 procentpunt (4.428 mln)'
    >>> localize(t("ahead by {pp:.2f} pp ({money:,.0f} mn)", pp=1.5, money=2025), "nl")
    'voor met 1,50 procentpunt (2.025 mln)'
    >>> from burdenshare.errors import InputError, message
    >>> localize(message(InputError(t("language"), "fr", ["en", "nl"])), "nl")
    "taal 'fr' is onbekend; toegestaan: en, nl"

    A year stays a year (grouped only where the template groups), and a sentence given as a
    value is translated too:

    >>> localize(t("{first}; {then}", first=msg, then=t("budgets {year}", year=2035)), "nl")
    'voor met 0,38 procentpunt (4.428 mln); begrotingen 2035'

    """
    from burdenshare.text import Text

    if check_language(lang) == "en":
        return str(text)
    template = text.template if isinstance(text, Text) else str(text)
    translated = str(translator(lang).gettext(template)) if template else template
    if not isinstance(text, Text) or not text.params:
        return translated
    params = {k: _localized_value(v, lang) for k, v in text.params.items()}
    return _LocaleFormatter(lang).vformat(translated, (), params)


def _localized_value(value: object, lang: str) -> object:
    from burdenshare.errors import message
    from burdenshare.text import Text

    if isinstance(value, BaseException):
        value = message(value)
    if isinstance(value, Text):
        return localize(value, lang)
    return value


class _LocaleFormatter(string.Formatter):
    """``str.format`` whose numbers follow a language: each number is written as the field's
    format spec writes it in English, then the decimal and grouping signs are swapped for the
    language's."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        out = str(format(value, format_spec))
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            return out
        from babel.numbers import get_decimal_symbol, get_group_symbol

        loc = _locale(self.lang)
        signs = {".": str(get_decimal_symbol(loc)), ",": str(get_group_symbol(loc))}
        return "".join(signs.get(ch, ch) for ch in out)


def extract_rule_descriptions(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor (``babel.cfg``) for the ``description`` of each rule in a rules
    YAML file: the English description is the catalog's msgid, so the rule's Dutch stays in
    the one catalog and ``make i18n`` keeps it in step with the data. The text is
    normalised as the rules loader does (whitespace collapsed).

    >>> import io
    >>> doc = b"parameters:\\n  - id: a\\n    description: >\\n      One\\n      rule.\\n"
    >>> list(extract_rule_descriptions(io.BytesIO(doc), None, None, None))
    [(0, '', 'One rule.', [])]
    """
    import yaml

    data = yaml.safe_load(fileobj.read()) or {}
    for entry in data.get("parameters") or []:
        text = entry.get("description") if isinstance(entry, dict) else None
        if isinstance(text, str) and text.strip():
            yield 0, "", " ".join(text.split()), []
