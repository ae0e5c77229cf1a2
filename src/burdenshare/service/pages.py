"""The web pages: server-rendered HTML (Jinja2) with Vega-Lite charts built by Altair.

Pages: ``/`` (the alliance overview), ``/allies/{iso3}``, ``/funding``, ``/sources``,
``/date`` ("as published on"). Every page takes ``as_of`` or ``release`` like the API and
``lang`` (``en``/``nl``, remembered in a session cookie). Every chart links "download
data" to the API endpoint it was drawn from (CSV, XLSX: the same figures), offers "download
image" (SVG, PNG, drawn by vega-embed in the browser) and has a table beside it for screen
readers. ``/readiness`` shows the ledger's fill status over time (aggregates only: the
pages carry no token, so they never show a nation's pledges; it is not cached by ETag,
since the ledger changes between releases).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from burdenshare import charts
from burdenshare.i18n import LANGUAGES, label, localize, number
from burdenshare.service import caching
from burdenshare.service import facade as f
from burdenshare.service.problems import status_of
from burdenshare.service.strings import LANGUAGE_NAMES, words

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
COOKIE = "lang"
SIMULATION_PATHS = 1000


# --- helpers ------------------------------------------------------------------------------


def page_lang(request: Request) -> str:
    """``?lang=`` first, then the cookie, then English."""
    for value in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if value in LANGUAGES:
            return str(value)
    return "en"


@dataclass
class Vintage:
    as_of: str | None = None
    release: str | None = None

    @property
    def kw(self) -> dict[str, str | None]:
        return {"as_of": self.as_of, "release": self.release}

    @property
    def query(self) -> dict[str, str]:
        return {k: v for k, v in self.kw.items() if v}


def page_vintage(request: Request) -> Vintage:
    as_of = request.query_params.get("as_of") or None
    release = request.query_params.get("release") or None
    if as_of is not None:
        as_of = date.fromisoformat(as_of).isoformat()  # ValueError -> 422 page
    if as_of is not None and release is not None:
        raise ValueError("give as_of or release, not both")
    return Vintage(as_of, release)


def fmt(value: Any, lang: str, decimals: int = 2) -> str:
    """A figure as people read it in ``lang``; a dash when missing."""
    if value is None or isinstance(value, str):
        return value or "–"
    try:
        if math.isnan(float(value)):
            return "–"
    except (TypeError, ValueError):
        return str(value)
    return number(float(value), lang, decimals)


def api_url(path: str, v: Vintage, fmt_: str, **params: Any) -> str:
    query: dict[str, Any] = {**{k: p for k, p in params.items() if p is not None}, **v.query}
    query["format"] = fmt_
    return f"{path}?{urlencode(query, doseq=True)}"


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    numeric: list[bool] = field(default_factory=list)


@dataclass
class Chart:
    id: str
    title: str
    spec: dict[str, Any]
    api: str
    v: Vintage
    params: dict[str, Any]
    table: Table
    note: str = ""

    @property
    def spec_json(self) -> Markup:
        return Markup(json.dumps(self.spec).replace("</", "<\\/"))

    @property
    def csv(self) -> str:
        return api_url(self.api, self.v, "csv", **self.params)

    @property
    def xlsx(self) -> str:
        return api_url(self.api, self.v, "xlsx", **self.params)


def rule_lines(day: str, w: dict[str, str], lang: str) -> list[tuple[str, float]]:
    """Labelled thresholds of the commitments in force on ``day`` (values from the rules)."""
    out = []
    for parameter, value, year in f.headline_thresholds(day):
        key = "rule_" + parameter.split(".", 1)[1]
        shown = fmt(value, lang, 0 if float(value).is_integer() else 1)
        text = w.get(key, "{v} %").format(v=shown, y=year or "")
        out.append((text, value))
    return out


def render(
    request: Request, name: str, lang: str, etag: str, status: int = 200, **context: Any
) -> Response:
    """A page; ``etag=""`` for a page that is not cached (``Cache-Control: no-cache``)."""
    w = words(lang)
    v = context.get("v") or Vintage()
    other = "nl" if lang == "en" else "en"
    ctx = {
        "w": w,
        "lang": lang,
        "vq": ("?" + urlencode(v.query)) if v.query else "",
        "switch": f"{request.url.path}?{urlencode({**dict(request.query_params), 'lang': other})}",
        "other": other,
        "other_name": LANGUAGE_NAMES[other],
        "path": request.url.path,
        **context,
    }
    response = TEMPLATES.TemplateResponse(request, name, ctx, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, samesite="lax", httponly=True)
    if status == 200 and etag:
        caching.stamp(response, etag, page=True)
    elif not etag:
        response.headers["Cache-Control"] = "no-cache"
    return response


def sources_of(*metas: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for m in metas:
        for d in m.get("datasets", []):
            seen.setdefault(str(d.get("citation", "")), None)
    return [s for s in seen if s]


# --- the pages ----------------------------------------------------------------------------


def router() -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def guarded(request: Request, build: Any, cached: bool = True) -> Response:
        """Run a page; a user's error (unknown ally, bad date) is an HTML error page."""
        from burdenshare.errors import BurdenshareError, message
        from burdenshare.i18n import localize

        lang = page_lang(request)
        etag = caching.conditional(request, lang) if cached else ""
        try:
            v = page_vintage(request)
            return build(request, lang, etag, v)  # type: ignore[no-any-return]
        except (BurdenshareError, ValueError) as exc:
            status = status_of(exc) if isinstance(exc, BurdenshareError) else 422
            title = words(lang)["error_title"]
            text = localize(message(exc), lang)  # the user's error in the page's language
            return render(request, "error.html", lang, etag, status, message=text, title=title)

    @r.get("/")
    def overview(request: Request) -> Response:
        return guarded(request, _overview)

    @r.get("/allies/{iso3}")
    def ally(request: Request, iso3: str) -> Response:
        return guarded(request, lambda q, lang, e, v: _ally(q, lang, e, v, iso3))

    @r.get("/funding")
    def funding(request: Request) -> Response:
        return guarded(request, _funding)

    @r.get("/readiness")
    def readiness(request: Request) -> Response:
        return guarded(request, _readiness, cached=False)

    @r.get("/sources")
    def sources(request: Request) -> Response:
        return guarded(request, _sources)

    @r.get("/date")
    def choose_date(request: Request) -> Response:
        return guarded(request, _date)

    @r.get("/docs")
    def docs(request: Request) -> Response:
        return guarded(request, _docs)

    @r.get("/reports/allies/{iso3}.{fmt}")
    def ally_report(request: Request, iso3: str, fmt: str) -> Response:
        return guarded(request, lambda q, lang, e, v: _report(q, lang, e, v, fmt, iso3))

    @r.get("/reports/alliance.{fmt}")
    def alliance_report(request: Request, fmt: str) -> Response:
        return guarded(request, lambda q, lang, e, v: _report(q, lang, e, v, fmt, None))

    return r


def _overview(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    w = words(lang)
    frame = f.call(f.spending_overview, **v.kw)
    meta = f.provenance_of(frame)
    frame = f.with_names(frame, lang)
    attrs = meta["attrs"]
    day = f.rules_day(v.as_of, v.release)
    lines = rule_lines(day, w, lang)
    spec = charts.ranked_shares(
        frame, lines, axis_title=label("share_gdp_pct", lang),
        labels={"published": w["published"], "estimate": w["estimate"],
                "ally": label("ally", lang)},
        lang=lang,
    )  # fmt: skip
    cols = ["share_gdp_pct", "equipment_share_pct", "real_change_pct"]
    table = Table(
        w["table_of"].format(what=w["chart_overview"]),
        [label("ally", lang), *[label(c, lang) for c in cols]],
        [
            [
                Markup('<a href="/allies/{}{}">{}</a>{}').format(
                    r["iso3"], _q(v), r["ally"], Markup(" <abbr>e</abbr>") if r["is_estimate"]
                    else ""
                ),
                *[fmt(r[c], lang) for c in cols],
            ]
            for r in frame.to_dict("records")
        ],
        [False, True, True, True],
    )  # fmt: skip
    chart = Chart("overview", w["chart_overview"], spec, "/v1/spending/overview", v, {}, table)
    alliance = ""
    if "count_2pct" in attrs and attrs.get("nato_share_gdp_pct") is None:
        alliance = w["alliance_count"].format(count=attrs["count_2pct"])
    elif {"nato_share_gdp_pct", "europe_canada_share_gdp_pct", "count_2pct"} <= set(attrs):
        alliance = w["alliance"].format(
            nato=fmt(attrs["nato_share_gdp_pct"], lang),
            ec=fmt(attrs["europe_canada_share_gdp_pct"], lang),
            count=attrs["count_2pct"],
        )
    return render(
        request, "overview.html", lang, etag, v=v, meta=meta, charts=[chart],
        title=w["overview_title"].format(year=attrs.get("year", "")),
        lead=w["overview_lead"].format(day=day), alliance=alliance,
        n_allies=len(frame), sources=sources_of(meta),
    )  # fmt: skip


def _q(v: Vintage) -> str:
    return ("?" + urlencode(v.query)) if v.query else ""


def _ally(request: Request, lang: str, etag: str, v: Vintage, iso3: str) -> Response:
    from burdenshare.errors import BurdenshareError, message
    from burdenshare.i18n import localize

    w = words(lang)
    profile = f.call(f.spending_profile, ally=iso3, **v.kw)
    meta = f.provenance_of(profile)
    code = str(profile["iso3"].iloc[0])
    name = f.ally_name(code, lang)
    day = f.rules_day(v.as_of, v.release)
    lines = rule_lines(day, w, lang)
    axis = label("share_gdp_pct", lang)
    status_words = {"published": w["published"], "estimate": w["estimate"],
                    "year": label("year", lang)}  # fmt: skip
    cols = [c for c in ("share_gdp_pct", "real_change_pct", "equipment_share_pct",
                        "defence_exp_usd_current_mn") if c in profile.columns]  # fmt: skip
    history = Chart(
        "history", w["chart_history"],
        charts.share_history(profile, lines, axis_title=axis, labels=status_words, lang=lang),
        f"/v1/spending/allies/{code}", v, {},
        Table(w["table_of"].format(what=w["chart_history"]),
              [label("year", lang), *[label(c, lang) for c in cols], label("is_estimate", lang)],
              [[r["year"], *[fmt(r[c], lang) for c in cols],
                w["estimate"] if r["is_estimate"] else ""] for r in profile.to_dict("records")],
              [False, *[True for _ in cols], False]),
    )  # fmt: skip
    found = [history]
    missing: list[str] = []
    metas = [meta]
    gaps = _gaps(code, day, lang, v)
    try:
        path = f.call(f.targets_path, ally=code, **v.kw)
        pmeta = f.provenance_of(path)
        metas.append(pmeta)
        target_label = localize(pmeta["attrs"].get("target_label", "2035"), lang)
        found.append(Chart(
            "path", w["chart_path"].format(target=target_label),
            charts.target_path(path, axis_title=axis, labels={
                "path": w["path"], "actual": w["actual"], "year": label("year", lang)},
                lang=lang),
            f"/v1/targets/paths/{code}", v, {},
            Table(w["table_of"].format(what=w["chart_path"].format(target=target_label)),
                  [label("year", lang), w["path"], w["actual"]],
                  [[r["year"], fmt(r["path_share_pct"], lang), fmt(r["actual_share_pct"], lang)]
                   for r in path.to_dict("records")],
                  [False, True, True]),
        ))  # fmt: skip
        sim = f.call(f.targets_simulate, ally=[code], paths=SIMULATION_PATHS, seed=0, **v.kw)
        sim = sim[sim["iso3"] == code]
        metas.append(f.provenance_of(sim))
        title = w["chart_fan"].format(paths=fmt(SIMULATION_PATHS, lang, 0))
        qs = ["q05", "q25", "q50", "q75", "q95"]
        found.append(Chart(
            "fan", title,
            charts.fan(sim, axis_title=axis, labels={"year": label("year", lang),
                                                     "median": w["median"]}, lang=lang),
            "/v1/targets/simulations", v,
            {"ally": code, "paths": SIMULATION_PATHS, "seed": 0},
            Table(w["table_of"].format(what=title), [label("year", lang), *qs],
                  [[r["year"], *[fmt(r[q], lang) for q in qs]] for r in sim.to_dict("records")],
                  [False, *[True for _ in qs]]),
        ))  # fmt: skip
    except BurdenshareError as exc:
        missing.append(w["not_available"].format(reason=localize(message(exc), lang)))
    funding = _contributions(code, lang)
    if funding is not None:
        fmeta, ftable, year = funding
        metas.append(fmeta)
        ftable.caption = w["ally_funding"].format(year=year)
    return render(
        request, "ally.html", lang, etag, v=v, meta=meta, charts=found, missing=missing,
        gaps=gaps, gap_links=[(text, api_url("/v1/spending/gap", v, "csv", threshold=value))
                              for text, value in lines],
        title=w["ally_title"].format(ally=name), code=code,
        briefing=f"/reports/allies/{code}", briefing_q=urlencode({"lang": lang, **v.query}),
        funding=None if funding is None else funding[1],
        funding_csv=api_url("/v1/funding/contributions", v, "csv", year=funding and funding[2],
                            ally=code),
        sources=sources_of(*metas),
    )  # fmt: skip


def _gaps(code: str, day: str, lang: str, v: Vintage) -> Table | None:
    """The ally's gap to each headline commitment in force (one facade call each)."""
    w = words(lang)
    labels = dict(rule_lines(day, w, lang))
    rows, year = [], ""
    for text, value in labels.items():
        frame = f.call(f.spending_gap, threshold=value, **v.kw)
        mine = frame[frame["iso3"] == code].to_dict("records")
        if not mine:
            return None
        r = mine[0]
        year = str(r["year"])
        rows.append([
            text, fmt(r["share_gdp_pct"], lang), fmt(r["gap_pp"], lang),
            fmt(r["gap_usd_current_mn"], lang, 0),
            f"{fmt(r['gap_nc_current_mn'], lang, 0)} {r.get('currency_nc') or ''}".strip(),
            w["yes"] if r["meets"] else w["no"],
        ])  # fmt: skip
    cols = [w["commitment"], label("share_gdp_pct", lang), label("gap_pp", lang),
            label("gap_usd_current_mn", lang), label("gap_nc_current_mn", lang), w["meets"]]
    return Table(w["gap_title"].format(year=year), cols, rows,
                 [False, True, True, True, True, False])  # fmt: skip


def _contribution_year() -> Any:
    """The budget years on file, latest first (the funding page's choices)."""
    budgets = f.call(f.funding_budgets)
    return sorted({int(y) for y in budgets["year"]}, reverse=True)


def _contributions(code: str, lang: str) -> tuple[dict[str, Any], Table, int] | None:
    from burdenshare.errors import BurdenshareError

    for year in _contribution_year():
        try:
            frame = f.call(f.funding_contributions, year=year, ally=code, by="line", lang=lang)
        except BurdenshareError:
            continue
        cols = ["line_label", "share_pct", "share_status", "contribution_eur_mn"]
        cols = [c for c in cols if c in frame.columns]
        table = Table(
            "", [label(c, lang) for c in cols],
            [[r[c] if c in ("line_label", "share_status") else fmt(r[c], lang) for c in cols]
             for r in frame.to_dict("records")],
            [c not in ("line_label", "share_status") for c in cols],
        )  # fmt: skip
        return f.provenance_of(frame), table, year
    return None


def _funding(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    from burdenshare.errors import BurdenshareError

    w = words(lang)
    years = _contribution_year()
    asked = request.query_params.get("year")
    choices = [int(asked)] if asked else years
    frame = None
    year = choices[0]
    for year in choices:
        try:
            frame = f.call(f.funding_contributions, year=year, by="ally", lang=lang, **v.kw)
            break
        except BurdenshareError:
            if asked:
                raise
    if frame is None:
        raise ValueError("no contributions on file")
    meta = f.provenance_of(frame)
    axis = label("contribution_eur_mn", lang)
    cols = ["share_pct", "contribution_eur_mn"]
    table = Table(
        w["table_of"].format(what=w["chart_funding"]),
        [label("ally", lang), *[label(c, lang) for c in cols], label("upper_bound", lang)],
        [[r["ally"], *[fmt(r[c], lang) for c in cols],
          w.get("yes", "✓") if r.get("upper_bound") else ""] for r in frame.to_dict("records")],
        [False, True, True, False],
    )  # fmt: skip
    chart = Chart(
        "funding", w["chart_funding"],
        charts.ranked_amounts(frame, "contribution_eur_mn", axis_title=axis,
                              labels={"ally": label("ally", lang)}, lang=lang),
        "/v1/funding/contributions", v, {"year": year, "by": "ally"}, table,
    )  # fmt: skip
    key = str(meta["attrs"].get("key", ""))
    return render(
        request, "funding.html", lang, etag, v=v, meta=meta, charts=[chart], years=years,
        year=year, title=w["funding_title"].format(year=year),
        lead=w["funding_lead"].format(year=year, key=key), sources=sources_of(meta),
    )  # fmt: skip


REPORT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _report(
    request: Request, lang: str, etag: str, v: Vintage, fmt_: str, iso3: str | None
) -> Response:
    """A briefing (``pdf`` or ``html``) on an ally or the alliance, from the facade."""
    if fmt_ not in REPORT_TYPES:
        raise ValueError(f"a briefing is .pdf or .html, not .{fmt_}")
    if iso3 is None:
        body = f.call(f.reports_alliance, lang=lang, fmt=fmt_, **v.kw)
        name = f"briefing-alliance-{lang}.{fmt_}"
    else:
        body = f.call(f.reports_ally, iso3, lang=lang, fmt=fmt_, **v.kw)
        name = f"briefing-{iso3.upper()}-{lang}.{fmt_}"
    disposition = "attachment" if fmt_ == "pdf" else "inline"
    response = Response(bytes(body), media_type=REPORT_TYPES[fmt_],
                        headers={"Content-Disposition": f'{disposition}; filename="{name}"'})
    return caching.stamp(response, etag, page=True)


#: the longest timeline a page draws
READINESS_MAX_YEARS = 25


def _readiness(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    """Fill status per unit type over time (``from``, ``to``, ``by``, ``target``)."""
    from burdenshare.errors import BurdenshareError

    w = words(lang)
    q = request.query_params
    this_year = date.today().year
    start = date.fromisoformat(q.get("from") or f"{this_year - 1}-01-01")  # ValueError -> 422
    end = date.fromisoformat(q.get("to") or f"{this_year + 3}-12-31")
    by = q.get("by") or "quarter"
    target = q.get("target") or "nri"
    if by not in ("month", "quarter"):
        raise ValueError(f"by must be month or quarter, not {by!r}")
    if end < start or (end - start).days > READINESS_MAX_YEARS * 366:
        raise ValueError(f"choose a period of up to {READINESS_MAX_YEARS} years, end after start")
    form = {"start": start.isoformat(), "end": end.isoformat(), "by": by, "target": target}
    try:
        frame = f.call(f.readiness_timeline, form["start"], form["end"], by=by, target=target)
    except BurdenshareError as exc:
        if status_of(exc) not in (401, 403, 503):
            raise
        return render(request, "readiness.html", lang, etag, charts=[], form=form,
                      title=w["readiness"], problem=w["ledger_unavailable"].format(reason=exc),
                      meta=None, synthetic="", sources=[])  # fmt: skip
    meta = f.provenance_of(frame)
    status_words = {"filled": w["fill_filled"], "offers": w["fill_offers"],
                    "short": w["fill_short"]}  # fmt: skip
    spec = charts.readiness_timeline(
        frame, labels={**status_words, "period": w["period"], "unit_type": w["unit_type"],
                       "required": w["required"], "counted": w["counted"],
                       "counted_with_offers": w["with_offers"], "shortfall": w["shortfall"]},
        lang=lang,
    )  # fmt: skip
    rows = [
        [r["period"], r["unit_type"], r["required"], r["counted"], r["counted_with_offers"],
         r["shortfall"], status_words["filled"] if r["filled"] else
         (status_words["offers"] if r["filled_with_offers"] else status_words["short"])]
        for r in frame.to_dict("records")
    ]  # fmt: skip
    table = Table(
        w["table_of"].format(what=w["chart_readiness"]),
        [w["period"], w["unit_type"], w["required"], w["counted"], w["with_offers"],
         w["shortfall"], ""],
        rows, [False, False, True, True, True, True, False],
    )  # fmt: skip
    params = {"from": form["start"], "to": form["end"], "by": by, "target": target}
    chart = Chart("readiness", w["chart_readiness"], spec, "/v1/readiness/timeline", Vintage(),
                  params, table)  # fmt: skip
    requirement = localize(meta["notes"].get("requirement", target), lang)

    return render(
        request, "readiness.html", lang, etag, charts=[chart], form=form, meta=meta,
        title=w["readiness_title"].format(target=target.upper() if target == "nri" else target),
        problem="", requirement=requirement,
        synthetic=w["synthetic"] if "synthetic" in meta["notes"] else "",
        sources=sources_of(meta),
    )  # fmt: skip


def _sources(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    from burdenshare.errors import BurdenshareError

    releases = f.call(f.data_releases)
    cols = ["release", "published", "title", "completeness", "tables", "address"]
    rows = [{k: ("" if r.get(k) is None else r.get(k)) for k in r}
            for r in releases.to_dict("records")]  # fmt: skip
    metas = []
    probes: list[tuple[f.Fn, dict[str, Any]]] = [
        (f.spending_overview, {**v.kw}),
        (f.targets_path, {"ally": "NLD", **v.kw}),
        (f.targets_rules, {"day": f.rules_day(v.as_of, v.release)}),
        (f.funding_keys, {}),
        (f.funding_budgets, {}),
        (f.funding_rules, {}),
    ]
    for fn, kw in probes:
        try:
            metas.append(f.provenance_of(f.call(fn, **kw)))
        except BurdenshareError:
            continue
    datasets = [s for s in sources_of(*metas) if not s.startswith("NATO Public Diplomacy")]
    return render(
        request, "sources.html", lang, etag, v=v, columns=[label(c, lang) for c in cols],
        rows=rows, datasets=datasets, title=words(lang)["sources_title"],
    )  # fmt: skip


def _date(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    releases = f.call(f.data_releases)
    options = [(str(r["release"]), str(r["title"]), str(r["published"]))
               for r in releases.to_dict("records")]  # fmt: skip
    return render(
        request, "date.html", lang, etag, v=v, releases=options,
        title=words(lang)["date_title"], today=date.today().isoformat(),
        first_day=options[0][2] if options else "",
    )  # fmt: skip


def _docs(request: Request, lang: str, etag: str, v: Vintage) -> Response:
    """The API reference, rendered from the OpenAPI schema (works offline)."""
    schema = request.app.openapi()
    ops = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            params = [
                (p["name"], p.get("in", ""), p.get("required", False),
                 p.get("description") or p.get("schema", {}).get("description", ""))
                for p in op.get("parameters", [])
            ]  # fmt: skip
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "tag": (op.get("tags") or [""])[0], "params": params,
                        "statuses": sorted(op.get("responses", {}))})  # fmt: skip
    return render(
        request, "docs.html", lang, etag, ops=ops, title="API",
        description=schema["info"].get("description", ""), version=schema["info"]["version"],
    )  # fmt: skip
