"""Briefings and check reports as documents: frames the facade returned in, words out.

:func:`ally_briefing`, :func:`alliance_briefing` and :func:`claims_report` take the frames
:mod:`burdenshare.api.reports` fetched (each carries its provenance) and build a
:class:`~burdenshare.reports.document.Document` in the reader's language: the sentences
through the one message catalog, numbers, money and dates through Babel, charts as
Vega-Lite specs from :mod:`burdenshare.charts` (the pages' specs). The only arithmetic is
the difference between two releases' figures for "what changed".

Readiness pledges: a briefing has a section for them only when a ledger supplies them
(``readiness`` argument, a frame with ``unit``, ``status``, ``due`` columns from the ledger's
facade once it exists); with none the section is left out, never stubbed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from burdenshare import charts
from burdenshare.i18n import ally_name, label, translator
from burdenshare.reports.document import Chart, Document, Facts, Para, Section, Table
from burdenshare.reports.formats import long_date, missing, money_mn, num, percent, points

if TYPE_CHECKING:
    import pandas as pd
    from babel.support import NullTranslations


def _t(lang: str) -> NullTranslations:
    return translator(lang)


def commitment_name(key: str, lang: str) -> str:
    """A commitment's name in the reader's language (its key when unknown)."""
    t = _t(lang)
    names = {
        "guideline-2pct": t.gettext("2% of GDP every year (guideline, floor)"),
        "equipment-20pct": t.gettext("20% of defence spending on equipment"),
        "core-3.5pct": t.gettext("3.5% of GDP core defence by 2035"),
        "related-1.5pct": t.gettext("up to 1.5% of GDP defence- and security-related by 2035"),
        "total-5pct": t.gettext("5% of GDP in all by 2035"),
    }
    return names.get(key, key)


#: The rules' parameters of the spending commitments, and the commitment each one is.
PARAMETER_COMMITMENTS = {
    "spending.core_guideline_pct_gdp": "guideline-2pct",
    "spending.equipment_share_pct_defence_exp": "equipment-20pct",
    "spending.core_defence_pct_gdp": "core-3.5pct",
    "spending.defence_security_related_pct_gdp": "related-1.5pct",
    "spending.total_commitment_pct_gdp": "total-5pct",
}


def _rule_value(value: Any, unit: Any, lang: str) -> str:
    try:
        number = float(str(value))
    except ValueError:
        return str(value)[:40]
    return percent(number, lang, 1) if str(unit).startswith("pct") else num(number, lang, 1)


def rule_status(value: str, lang: str) -> str:
    """A rule's status (``decided``, ``aim``...) in the reader's language."""
    t = _t(lang)
    words = {
        "decided": t.gettext("decided"),
        "aim": t.gettext("aim"),
        "reported": t.gettext("reported"),
        "proposed": t.gettext("proposed"),
    }
    return words.get(value, value)


def assessment_word(value: str, lang: str) -> str:
    """A commitment's status (the calendar-aware vocabulary of ``targets_compliance``:
    met, ahead, on_path, behind, not_yet_due, missed_at_deadline, not_assessable) in the
    reader's language."""
    t = _t(lang)
    words = {
        "met": t.gettext("met"),
        "not met": t.gettext("not met"),
        "not published": t.gettext("not published"),
        "not assessable": t.gettext("not assessable"),
        "ahead": t.gettext("ahead"),
        "on_path": t.gettext("on_path"),
        "behind": t.gettext("behind"),
        "not_yet_due": t.gettext("not_yet_due"),
        "missed_at_deadline": t.gettext("missed_at_deadline"),
        "not_assessable": t.gettext("not_assessable"),
    }
    return words.get(value, value)


def sources(frames: Iterable[pd.DataFrame]) -> list[str]:
    """Every dataset the frames name (release first, then the others), once each."""
    seen: dict[str, str] = {}
    for frame in frames:
        for d in frame.attrs.get("provenance", {}).get("datasets", []):
            seen.setdefault(str(d["id"]), str(d["citation"]))
    return list(seen.values())


def _release_line(rel: Mapping[str, Any], lang: str) -> str:
    t = _t(lang)
    line = t.gettext("release {release}, published {published}").format(
        release=rel["release"], published=long_date(rel["published"], lang)
    )
    if rel.get("completeness") != "full":
        line += " — " + t.gettext("held in part: {coverage}").format(coverage=rel["coverage_note"])
    return line


def _fit(spec: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    """A page spec at a fixed size for print (pages use the container's width)."""
    out = dict(spec)
    out["width"] = width
    if out.get("height") is not None and not isinstance(out.get("height"), dict):
        out["height"] = height
    out["config"] = {**spec.get("config", {}), "font": "Libertinus Serif"}
    return out


def ally_briefing(
    ally: str,
    *,
    lang: str,
    latest: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    profile: pd.DataFrame,
    previous_profile: pd.DataFrame | None,
    overview: pd.DataFrame,
    compliance: pd.DataFrame,
    path: pd.DataFrame | None,
    simulation: pd.DataFrame | None,
    contributions: pd.DataFrame | None,
    thresholds: Sequence[tuple[str, float]],
    readiness: pd.DataFrame | None = None,
) -> Document:
    """Two pages on one ally: key numbers, what changed, commitments, path to 2035, common
    funding per ministry, readiness (when a ledger supplies it) and every source."""
    t = _t(lang)
    name = ally_name(ally, lang)
    year = int(overview.attrs["year"])
    row = profile[profile["year"] == year]
    r = row.iloc[0] if len(row) else None
    ranked = overview.sort_values("share_gdp_pct", ascending=False).reset_index(drop=True)
    at = ranked.index[ranked["iso3"] == ally]
    estimate = t.gettext("estimate")
    facts: list[tuple[str, str, str]] = []
    if r is not None:
        flag = estimate if bool(r.get("is_estimate")) else ""
        facts.append((t.gettext("Defence spending, share of GDP, {year}").format(year=year),
                      percent(r.get("share_gdp_pct"), lang), flag))  # fmt: skip
        if "defence_exp_usd_current_mn" in row:
            usd = money_mn(r.get("defence_exp_usd_current_mn"), lang, "USD")
            facts.append((t.gettext("Defence spending, {year}").format(year=year), usd, flag))
        if "real_change_pct" in row:
            facts.append((t.gettext("Real change on the year before"),
                          percent(r.get("real_change_pct"), lang, 1), flag))  # fmt: skip
        if "equipment_share_pct" in row:
            facts.append((t.gettext("Share spent on equipment"),
                          percent(r.get("equipment_share_pct"), lang, 1), flag))  # fmt: skip
    if len(at):
        rank = t.gettext("{rank} of {n}").format(rank=int(at[0]) + 1, n=len(ranked))
        facts.append((t.gettext("Rank by share of GDP"), rank, ""))
    line = _release_line(latest, lang)
    blocks: list[Any] = [
        Para(t.gettext("Figures of NATO's {release_line}.").format(release_line=line)),
        Facts(tuple(facts)),
    ]
    sections = [Section(t.gettext("Key numbers"), blocks)]

    # --- what changed since the previous release --------------------------------------
    if previous is not None and previous_profile is not None:
        rows = []
        both = sorted(set(previous_profile["year"]) & set(profile["year"]))
        for col, dec in (("share_gdp_pct", 2), ("real_change_pct", 1), ("equipment_share_pct", 1)):
            if col not in previous_profile or col not in profile:
                continue
            for y in both[-2:]:
                old = previous_profile.loc[previous_profile["year"] == y, col]
                new = profile.loc[profile["year"] == y, col]
                if old.empty or new.empty or missing(old.iloc[0]) or missing(new.iloc[0]):
                    continue
                a, b = float(old.iloc[0]), float(new.iloc[0])
                rows.append((label(col, lang), str(y), percent(a, lang, dec), percent(b, lang, dec),
                             points(b - a, lang, dec)))  # fmt: skip
        intro = t.gettext(
            "Release {latest} against the release before it, {previous} (published {published})."
        ).format(latest=latest["release"], previous=previous["release"],
                 published=long_date(previous["published"], lang))  # fmt: skip
        new_years = sorted(set(profile["year"]) - set(previous_profile["year"]))
        changed: list[Any] = [Para(intro)]
        if new_years:
            changed.append(Para(t.gettext("New in this release: {years}.").format(
                years=", ".join(str(y) for y in new_years))))  # fmt: skip
        if rows:
            changed.append(Table(
                (t.gettext("figure"), label("year", lang), previous["release"],
                 latest["release"], t.gettext("change (pp)")),
                tuple(rows), (False, False, True, True, True)))  # fmt: skip
        else:
            changed.append(Para(t.gettext("The two releases share no figure of this ally.")))
        sections.append(Section(t.gettext("What changed since the previous release"), changed))

    # --- commitments in force ------------------------------------------------------------
    crow = []
    for c in compliance.sort_values("threshold_pct").to_dict("records"):
        crow.append((
            commitment_name(str(c["commitment"]), lang),
            percent(c["threshold_pct"], lang, 1),
            percent(c["value"], lang) if not missing(c["value"]) else "–",
            assessment_word(str(c["status"] if "status" in c else c["assessment"]), lang),
            points(c["gap_pp"], lang) if not missing(c["gap_pp"]) else "–",
        ))  # fmt: skip
    sections.append(Section(t.gettext("Commitments in force ({year})").format(year=year), [
        Table((t.gettext("commitment"), t.gettext("threshold"), label("value", lang),
               t.gettext("status"), t.gettext("gap (pp)")),
              tuple(crow), (False, True, True, False, True)),
    ]))  # fmt: skip

    # --- the path to 2035 -----------------------------------------------------------------
    axis = t.gettext("% of GDP")
    words = {"published": t.gettext("published"), "estimate": estimate,
             "year": label("year", lang)}  # fmt: skip
    hist = charts.share_history(profile, thresholds, axis_title=axis, lang=lang, labels=words)
    path_blocks: list[Any] = [Chart(t.gettext("Share of GDP, year by year"),
                                    _fit(hist, 440, 120), name, 120)]  # fmt: skip
    if path is not None:
        pa = path.attrs
        path_blocks.append(Para(t.gettext(
            "A linear path from {base_year} ({base_share}) to {target} needs nominal growth of "
            "{growth} a year (GDP: {assumption})."
        ).format(base_year=pa["base_year"], base_share=percent(pa["base_share_pct"], lang),
                 target=percent(pa["target_pct"], lang, 1) + f" ({pa['target_year']})",
                 growth=percent(pa["required_nominal_growth_pct"], lang, 1),
                 assumption=pa.get("gdp_assumption", ""))))  # fmt: skip
        pwords = {"path": t.gettext("path"), "actual": t.gettext("actual"),
                  "year": label("year", lang)}  # fmt: skip
        spec = charts.target_path(path, axis_title=axis, lang=lang, labels=pwords)
        title = t.gettext("Path to {target}").format(target=percent(pa["target_pct"], lang, 1))
        path_blocks.append(Chart(title, _fit(spec, 440, 120), name, 120))
    if simulation is not None and len(simulation):
        sim = simulation[simulation["iso3"] == ally]
        last = sim.iloc[-1]
        n = int(simulation.attrs.get("paths", 0) or 0)
        path_blocks.append(Para(t.gettext(
            "In {paths} simulated paths (GDP shocks and plan execution), the share reaches the "
            "target in {year} in {p} of cases; the band holds 90% of them."
        ).format(paths=num(n, lang, 0), year=int(last["year"]),
                 p=percent(100 * float(last["p_target"]), lang, 0))))  # fmt: skip
        fwords = {"year": label("year", lang), "median": t.gettext("median")}
        fan = charts.fan(sim, axis_title=axis, lang=lang, labels=fwords)
        path_blocks.append(Chart(t.gettext("Fan chart of simulated shares of GDP"),
                                 _fit(fan, 440, 120), name, 120))  # fmt: skip
    sections.append(Section(t.gettext("The path to 2035"), path_blocks))

    # --- common funding per ministry ------------------------------------------------------
    if contributions is not None and len(contributions):
        ca = contributions.attrs
        frows = tuple(
            (str(c.get("ministry_label") or c.get("ministry")), str(c.get("lines", "")),
             money_mn(c["contribution_eur_mn"], lang)
             + (" " + t.gettext("(at most)") if bool(c.get("upper_bound")) else ""))
            for c in contributions.to_dict("records")
        )  # fmt: skip
        sections.append(Section(t.gettext("Common funding per ministry ({year})").format(
            year=ca.get("year")), [
            Para(t.gettext("Cost-share key {key} on the common budgets of {year}; NSIP amounts "
                           "are ceilings, so contributions to them are upper bounds.").format(
                key=ca.get("key"), year=ca.get("year"))),
            Table((t.gettext("ministry"), t.gettext("budget lines"), t.gettext("contribution")),
                  frows, (False, False, True)),
        ]))  # fmt: skip

    # --- readiness (only when a ledger supplies it) ----------------------------------------
    if readiness is not None and len(readiness):
        rows_r = tuple(tuple(str(v) for v in rec.values()) for rec in readiness.to_dict("records"))
        sections.append(Section(t.gettext("Readiness pledges"), [
            Table(tuple(str(c) for c in readiness.columns), rows_r,
                  tuple(False for _ in readiness.columns))]))  # fmt: skip

    frames = [f for f in (profile, overview, compliance, path, simulation, contributions,
                          previous_profile, readiness) if f is not None]  # fmt: skip
    return _briefing(t, lang, t.gettext("Briefing: {ally}").format(ally=name),
                     latest["published"], sections, frames)  # fmt: skip


def _briefing(t: Any, lang: str, title: str, published: dt.date, sections: list[Section],
              frames: list[pd.DataFrame]) -> Document:  # fmt: skip
    """The document both briefings are: their title, sections and the frames cited."""
    return Document(
        lang=lang,
        title=title,
        subtitle=t.gettext("Defence spending, commitments and common funding, as published on "
                           "{date}").format(date=long_date(published, lang)),
        date=published,
        sections=sections,
        sources=sources(frames),
        sources_title=t.gettext("Sources"),
        footer=t.gettext("burdenshare briefing · figures as published by NATO, with every "
                         "source named"),
    )  # fmt: skip


def alliance_briefing(
    *,
    lang: str,
    latest: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    overview: pd.DataFrame,
    previous_overview: pd.DataFrame | None,
    counts: Mapping[float, int],
    rules: pd.DataFrame,
    contributions: pd.DataFrame | None,
    thresholds: Sequence[tuple[str, float]],
) -> Document:
    """Two pages on the alliance: where the allies stand, what changed, the commitments in
    force, common funding by ally, and every source."""
    t = _t(lang)
    a = overview.attrs
    year = int(a["year"])
    n = len(overview)
    named = overview.assign(ally=[ally_name(str(c), lang) for c in overview["iso3"]])
    facts = [
        (t.gettext("NATO, share of GDP, {year}").format(year=year),
         percent(a["nato_share_gdp_pct"], lang), ""),
        (t.gettext("European Allies and Canada, share of GDP"),
         percent(a["europe_canada_share_gdp_pct"], lang), ""),
    ] + [
        (t.gettext("Allies at or above {threshold}").format(threshold=percent(th, lang, 1)),
         t.gettext("{rank} of {n}").format(rank=c, n=n), "")
        for th, c in sorted(counts.items())
    ]  # fmt: skip
    sections = [Section(t.gettext("Key numbers"), [
        Para(t.gettext("Figures of NATO's {release_line}.").format(
            release_line=_release_line(latest, lang))),
        Facts(tuple(facts)),
        Chart(t.gettext("Allies by share of GDP, {year}").format(year=year),
              _fit(charts.ranked_shares(named, thresholds, axis_title=t.gettext("% of GDP"),
                                        lang=lang, labels={"published": t.gettext("published"),
                                                           "estimate": t.gettext("estimate")}),
                   440, 300), "", 300),
    ])]  # fmt: skip
    if previous is not None and previous_overview is not None:
        pa = previous_overview.attrs
        rows = [
            (t.gettext("allies at or above 2% of GDP"), str(pa["year"]),
             str(pa["count_2pct"]), str(year), str(a["count_2pct"])),
            (t.gettext("NATO, share of GDP"), str(pa["year"]),
             percent(pa.get("nato_share_gdp_pct"), lang), str(year),
             percent(a["nato_share_gdp_pct"], lang)),
        ]  # fmt: skip
        sections.append(Section(t.gettext("What changed since the previous release"), [
            Para(t.gettext(
                "Release {latest} against the release before it, {previous} (published "
                "{published})."
            ).format(latest=latest["release"], previous=previous["release"],
                     published=long_date(previous["published"], lang))),
            Table((t.gettext("figure"), label("year", lang), previous["release"],
                   label("year", lang), latest["release"]), tuple(rows),
                  (False, False, True, False, True)),
        ]))  # fmt: skip
    spend = rules[rules["parameter"].isin(list(PARAMETER_COMMITMENTS))]
    rrows = tuple(
        (commitment_name(PARAMETER_COMMITMENTS[str(r["parameter"])], lang),
         _rule_value(r["value"], r.get("unit"), lang), str(r["valid_from"]),
         rule_status(str(r["status"]), lang))
        for r in spend.to_dict("records")
    )  # fmt: skip
    sections.append(Section(t.gettext("Commitments in force on {date}").format(
        date=long_date(latest["published"], lang)), [
        Table((t.gettext("commitment"), label("value", lang), t.gettext("in force from"),
               t.gettext("status")), rrows, (False, True, False, False)),
    ]))  # fmt: skip
    if contributions is not None and len(contributions):
        ca = contributions.attrs
        spec = charts.ranked_amounts(contributions, "contribution_eur_mn",
                                     axis_title=t.gettext("EUR million"), lang=lang)  # fmt: skip
        top = contributions.sort_values("contribution_eur_mn", ascending=False).head(3)
        sections.append(Section(t.gettext("Common funding by ally ({year})").format(
            year=ca.get("year")), [
            Para(t.gettext("Cost-share key {key} on the common budgets of {year}; the largest "
                           "contributors: {top}.").format(
                key=ca.get("key"), year=ca.get("year"),
                top=", ".join(f"{ally_name(str(r['iso3']), lang)} "
                              f"({money_mn(r['contribution_eur_mn'], lang)})"
                              for r in top.to_dict("records")))),
            *([Para(t.gettext("The key on file is incomplete: allies whose share is not "
                              "published are not shown."))] if ca.get("partial") else []),
            Chart(t.gettext("Contributions to the common budgets"), _fit(spec, 440, 240), "", 240),
        ]))  # fmt: skip
    frames = [f for f in (overview, previous_overview, rules, contributions) if f is not None]
    return _briefing(t, lang, t.gettext("Briefing: the Alliance"), latest["published"],
                     sections, frames)  # fmt: skip


def claims_report(check: pd.DataFrame, *, lang: str, verdicts: Mapping[str, str]) -> Document:
    """A claim check as a report: the claims, the verdict then and now, the reasons, sources.

    ``verdicts`` maps each verdict to its word in ``lang``.
    """
    t = _t(lang)
    now = dt.date.fromisoformat(str(check.attrs["now"]))

    def value(v: Any, unit: str) -> str:
        if isinstance(v, str):
            return v
        dec = {"pct": 2, "allies": 0, "usd_bn": 1, "eur_mn": 3}.get(unit, 2)
        return num(v, lang, 0 if not missing(v) and float(v).is_integer() and unit != "pct"
                   else dec)  # fmt: skip

    rows = tuple(
        (str(r["id"]), long_date(dt.date.fromisoformat(str(r["said_on"])), lang),
         value(r["claimed"], str(r["unit"])),
         f"{verdicts[str(r['then_verdict'])]} ({value(r['then_value'], str(r['unit']))})",
         f"{verdicts[str(r['now_verdict'])]} ({value(r['now_value'], str(r['unit']))})")
        for r in check.to_dict("records")
    )  # fmt: skip
    counts = {v: int((check["now_verdict"] == v).sum()) for v in verdicts}
    summary = t.gettext(
        "{n} claims checked against the figures published on the day each was said, and "
        "against the latest ({now}). Now: {holds} hold, {wrong} do not, {unknown} cannot be "
        "checked."
    ).format(
        n=len(check), now=long_date(now, lang), holds=counts.get("holds", 0),
        wrong=counts.get("does_not_hold", 0), unknown=counts.get("not_verifiable", 0),
    )  # fmt: skip
    detail: list[Any] = []
    for r in check.to_dict("records"):
        detail.append(Para(f"{r['id']} — “{r['text']}” ({r['source']}). "
                           + t.gettext("Then: {reason}. Now: {now}.").format(
                               reason=r["then_reason"], now=r["now_reason"])))  # fmt: skip
    return Document(
        lang=lang,
        title=t.gettext("Claim check: {file}").format(file=check.attrs["file"]),
        subtitle=t.gettext("Checked then and now, as of {date}").format(date=long_date(now, lang)),
        date=now,
        sections=[
            Section(t.gettext("Verdicts"), [Para(summary), Table(
                (t.gettext("claim"), t.gettext("said on"), t.gettext("claimed"),
                 t.gettext("then"), t.gettext("now")), rows, (False, False, True, False, False))]),
            Section(t.gettext("Claims and reasons"), detail),
        ],
        sources=sources([check]),
        sources_title=t.gettext("Sources"),
        footer=t.gettext("burdenshare claim check · every figure from the release named"),
    )  # fmt: skip
