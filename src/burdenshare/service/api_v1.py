"""The REST API, version 1: releases and provenance, spending, targets, funding, burden.

Every data endpoint takes ``as_of`` (figures as published on or before that day) or
``release`` (a release id), never both (422), and ``format`` (``json``, ``csv``, ``xlsx``).
JSON is ``{"meta": {provenance}, "data": [rows]}`` (see :mod:`burdenshare.service.render`).
Funding keys and budgets do not change with a NATO release: there the vintage is accepted
and passed on only where the facade function takes it (``meta.release`` says which release,
if any, was used). Each endpoint makes one facade call (:mod:`burdenshare.service.facade`).

The readiness ledger's endpoints (checks, timeline, tiers, sourcing, pledges; tokens and
roles) are a router of their own, :mod:`burdenshare.service.readiness_v1`, included here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from burdenshare.service import caching, render
from burdenshare.service import facade as f
from burdenshare.service.problems import ProblemError, problem_responses

# --- the documented shapes ----------------------------------------------------------------


class Dataset(BaseModel):
    """One origin record: a release or another dataset used (IMF edition, key source...)."""

    model_config = ConfigDict(extra="allow")
    citation: str = Field(description="Publisher, title, date[, tables] (read from ...).")


class Meta(BaseModel):
    """The provenance envelope of the figures, as the CLI prints it in its footer."""

    model_config = ConfigDict(extra="allow")
    release: str | None = Field(description="The NATO release used (none if no NATO figure).")
    datasets: list[Dataset] = Field(description="Every dataset used, the release first.")
    what: str
    partial: bool = Field(description="A dataset used covers only some allies or years.")
    notes: dict[str, str] = Field(description="Method notes a reader needs.")
    attrs: dict[str, Any] = Field(description="Further facts the facade states (year, ...).")
    query: dict[str, Any] = Field(description="The query parameters of the request.")


class Envelope(BaseModel):
    meta: Meta
    data: list[dict[str, Any]]


def documented(
    *,
    summary: str,
    problems: tuple[int, ...] = (400, 404, 422),
    etag: str = "Tag of this answer.",
) -> dict[str, Any]:
    """Route options: the 200 in JSON, CSV and XLSX, 304, and every problem status the route
    can answer (``problems``); the readiness routes add their own (401, 403, 409, 503)."""
    ok = {
        "description": "The figures with their provenance.",
        "content": {
            render.CSV: {"schema": {"type": "string"}},
            render.XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
        "headers": {
            "ETag": {"schema": {"type": "string"}, "description": etag},
            "Cache-Control": {"schema": {"type": "string"}},
        },
    }
    return {
        "summary": summary,
        "response_model": Envelope,
        "responses": {
            200: ok,
            304: {"description": "Not modified: If-None-Match holds the current ETag."},
            **problem_responses(*problems),
        },
    }


# --- the common parameters ----------------------------------------------------------------

AsOf = Annotated[
    date | None,
    Query(description="Figures as published on or before this day (YYYY-MM-DD)."),
]
ReleaseId = Annotated[
    str | None,
    Query(description="A release id, e.g. 2024-06 (not with as_of).", max_length=40),
]
Format = Annotated[
    Literal["json", "csv", "xlsx"],
    Query(alias="format", description="json (default), csv or xlsx; each with provenance."),
]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="A year; latest by default.")]
Group = Annotated[
    str, Query(max_length=40, description="nato, europe_canada, eu, ... (allies' groups).")
]


@dataclass(frozen=True)
class Vintage:
    as_of: str | None
    release: str | None
    fmt: str
    etag: str

    @property
    def kw(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "release": self.release}


async def vintage(
    request: Request, as_of: AsOf = None, release: ReleaseId = None, fmt: Format = "json"
) -> Vintage:
    if as_of is not None and release is not None:
        raise ProblemError(422, "Choose one", "give as_of or release, not both")
    tag = caching.conditional(request)
    return Vintage(None if as_of is None else as_of.isoformat(), release, fmt, tag)


V = Annotated[Vintage, Depends(vintage)]


def respond(request: Request, v: Vintage, frame: Any, name: str, meta_from: Any = None) -> Response:
    """The frame in the requested format, with provenance, ETag and Cache-Control.

    ``meta_from``: the frame whose provenance to state, when it is not ``frame`` itself.
    """
    meta = f.provenance_of(frame if meta_from is None else meta_from)
    meta["query"] = {k: val for k, val in request.query_params.items() if k != "format"}
    response: Response
    if v.fmt == "csv":
        response = Response(
            render.csv_text(frame, meta),
            media_type=render.CSV,
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    elif v.fmt == "xlsx":
        response = Response(
            render.xlsx_bytes(frame, meta),
            media_type=render.XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    else:
        response = JSONResponse(render.envelope(frame, meta))
    return caching.stamp(response, v.etag)


def router() -> APIRouter:
    """All ``/v1`` routes."""
    r = APIRouter(prefix="/v1")
    r.include_router(_releases())
    r.include_router(_spending())
    r.include_router(_targets())
    r.include_router(_funding())
    r.include_router(_burden())
    from burdenshare.service import readiness_v1

    r.include_router(readiness_v1.router())
    return r


# --- releases and provenance --------------------------------------------------------------


def _releases() -> APIRouter:
    r = APIRouter(tags=["releases"])

    @r.get(
        "/releases",
        **documented(summary="Every shipped release with its provenance (one list for any date)"),
    )
    def releases(request: Request, v: V) -> Response:
        return respond(request, v, f.call(f.data_releases, **v.kw), "releases")

    @r.get(
        "/provenance",
        **documented(summary="The release a query uses and the provenance figures carry"),
    )
    def provenance(request: Request, v: V) -> Response:
        used = f.call(f.spending_overview, **v.kw)
        rows = f.call(f.data_releases)
        release = f.provenance_of(used)["release"]
        return respond(request, v, rows[rows["release"] == release], "provenance", used)

    return r


# --- spending -----------------------------------------------------------------------------


def _spending() -> APIRouter:
    r = APIRouter(prefix="/spending", tags=["spending"])

    @r.get("/overview", **documented(summary="The alliance at a glance: one row per ally"))
    def overview(request: Request, v: V) -> Response:
        return respond(request, v, f.call(f.spending_overview, **v.kw), "overview")

    @r.get("/table", **documented(summary="One indicator for every ally in one year, ranked"))
    def table(
        request: Request,
        v: V,
        year: Year = None,
        indicator: Annotated[str, Query(max_length=60)] = "share_gdp_pct",
    ) -> Response:
        frame = f.call(f.spending_table, year=year, indicator=indicator, **v.kw)
        return respond(request, v, frame, f"spending-{indicator}")

    @r.get("/allies/{ally}", **documented(summary="One ally's headline figures, year by year"))
    def ally(request: Request, v: V, ally: Annotated[str, Path(max_length=60)]) -> Response:
        return respond(request, v, f.call(f.spending_profile, ally=ally, **v.kw), f"ally-{ally}")

    @r.get("/gap", **documented(summary="The money each ally needs to reach a share of GDP"))
    def gap(
        request: Request,
        v: V,
        threshold: Annotated[float, Query(gt=0, le=100)] = 2.0,
        year: Year = None,
    ) -> Response:
        frame = f.call(f.spending_gap, threshold=threshold, year=year, **v.kw)
        return respond(request, v, frame, "gap")

    @r.get("/check", **documented(summary="Published share of GDP beside the recomputed one"))
    def check(request: Request, v: V, year: Year = None) -> Response:
        return respond(request, v, f.call(f.spending_check, year=year, **v.kw), "check")

    @r.get("/groups/{group}", **documented(summary="A group's aggregates per year"))
    def group(request: Request, v: V, group: Annotated[str, Path(max_length=40)]) -> Response:
        return respond(request, v, f.call(f.spending_group, group=group, **v.kw), f"group-{group}")

    @r.get("/count", **documented(summary="How many allies were at or above a share of GDP"))
    def count(
        request: Request,
        v: V,
        threshold: Annotated[float, Query(gt=0, le=100)] = 2.0,
        group: Group = "nato",
    ) -> Response:
        frame = f.call(f.spending_count, threshold=threshold, group=group, **v.kw)
        return respond(request, v, frame, "count")

    @r.get("/cumulative", **documented(summary="Cumulative extra spending since a base year"))
    def cumulative(
        request: Request,
        v: V,
        group: Group = "europe_canada",
        base: Annotated[int, Query(ge=1949, le=2100)] = 2016,
        to: Year = None,
    ) -> Response:
        frame = f.call(f.spending_cumulative, group=group, base=base, to=to, **v.kw)
        return respond(request, v, frame, "cumulative")

    return r


# --- targets ------------------------------------------------------------------------------

Target = Annotated[
    str, Query(max_length=40, description="core-2035, total-2035 or floor-2pct (from the rules).")
]


def _targets() -> APIRouter:
    r = APIRouter(prefix="/targets", tags=["targets"])

    @r.get("/status", **documented(summary="Per ally and year: each commitment met or not"))
    def status(
        request: Request,
        v: V,
        year: Year = None,
        ally: Annotated[str | None, Query(max_length=60)] = None,
    ) -> Response:
        frame = f.call(f.targets_compliance, year=year, ally=ally, **v.kw)
        return respond(request, v, frame, "status")

    @r.get(
        "/rules",
        **documented(summary="The rules in force on as_of, on the release's day, or today"),
    )
    def rules(request: Request, v: V) -> Response:
        frame = f.call(f.targets_rules, day=f.rules_day(v.as_of, v.release))
        return respond(request, v, frame, "rules")

    @r.get("/paths/{ally}", **documented(summary="The yearly spending that reaches a target"))
    def path(
        request: Request,
        v: V,
        ally: Annotated[str, Path(max_length=60)],
        target: Target = "core-2035",
        method: Annotated[
            Literal["linear", "constant-real"], Query(description="How the path climbs.")
        ] = "linear",
        base_year: Year = None,
    ) -> Response:
        frame = f.call(
            f.targets_path, ally=ally, target=target, method=method, base_year=base_year, **v.kw
        )
        return respond(request, v, frame, f"path-{ally}")

    @r.get(
        "/simulations",
        **documented(summary="Monte Carlo of the share of GDP a plan delivers (bounded)"),
    )
    def simulation(
        request: Request,
        v: V,
        ally: Annotated[list[str] | None, Query(max_length=40)] = None,
        paths: Annotated[int, Query(ge=100, le=20_000, description="At most 20 000.")] = 2000,
        seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
        target: Target = "core-2035",
        plan: Annotated[Literal["linear", "constant-real", "hold-share"], Query()] = "linear",
    ) -> Response:
        frame = f.call(
            f.targets_simulate, ally=ally, paths=paths, seed=seed, target=target, plan=plan, **v.kw
        )
        return respond(request, v, frame, "simulation")

    return r


# --- funding ------------------------------------------------------------------------------

Period = Annotated[str, Path(max_length=40, description="2021-2024, 2020 or a rule (nov2019).")]
By = Annotated[Literal["line", "ministry", "ally"], Query()]
#: How a key treats allies that joined during its period (Finland 2023, Sweden 2024).
Accessions = Annotated[
    Literal["as_published", "rescaled"] | None,
    Query(description="as_published (NATO's key unchanged) or rescaled (new members priced by "
                      "the key rule, incumbents scaled; our estimate). Default: rescaled for "
                      "money, as_published for keys and comparisons."),
]


def _accessions(value: str | None) -> dict[str, str]:
    """The facade's own default unless the request names one."""
    return {} if value is None else {"accessions": value}


def _funding() -> APIRouter:
    r = APIRouter(prefix="/funding", tags=["funding"])

    @r.get("/keys", **documented(summary="The cost-share keys on file"))
    def keys(request: Request, v: V) -> Response:
        return respond(request, v, f.call(f.funding_keys, **v.kw), "keys")

    @r.get("/keys/{period}", **documented(summary="One cost-share key, ally by ally"))
    def key(request: Request, v: V, period: Period, estimate_missing: bool = False,
            accessions: Accessions = None) -> Response:  # fmt: skip
        frame = f.call(f.funding_key, period=period, estimate_missing=estimate_missing,
                       **_accessions(accessions), **v.kw)  # fmt: skip
        return respond(request, v, frame, f"key-{period}")

    @r.get("/budgets", **documented(summary="The common budgets per year and line"))
    def budgets(request: Request, v: V) -> Response:
        return respond(request, v, f.call(f.funding_budgets, **v.kw), "budgets")

    @r.get("/rules", **documented(summary="The key rules in force on as_of (all by default)"))
    def rules(request: Request, v: V) -> Response:
        day = f.rules_day(v.as_of, v.release) if (v.as_of or v.release) else None
        frame = f.call(f.funding_rules, on=day)
        return respond(request, v, frame, "key-rules")

    @r.get("/contributions", **documented(summary="Each ally's contribution in a year"))
    def contributions(
        request: Request,
        v: V,
        year: Annotated[int, Query(ge=1949, le=2100)],
        ally: Annotated[list[str] | None, Query(max_length=40)] = None,
        by: By = "line",
        accessions: Accessions = None,
    ) -> Response:
        frame = f.call(f.funding_contributions, year=year, ally=ally, by=by,
                       **_accessions(accessions), **v.kw)  # fmt: skip
        return respond(request, v, frame, f"contributions-{year}")

    @r.get("/comparisons", **documented(summary="The change when one key replaces another"))
    def comparison(
        request: Request,
        v: V,
        key_from: Annotated[str, Query(max_length=40)],
        key_to: Annotated[str, Query(max_length=40)],
        budgets: Annotated[int, Query(ge=1949, le=2100, description="Budget year.")],
        ally: Annotated[list[str] | None, Query(max_length=40)] = None,
        by: By = "ally",
        accessions: Accessions = None,
    ) -> Response:
        frame = f.call(
            f.funding_compare,
            key_from=key_from,
            key_to=key_to,
            budgets=budgets,
            ally=ally,
            by=by,
            **_accessions(accessions),
            **v.kw,
        )
        return respond(request, v, frame, "comparison")

    @r.get(
        "/whatif",
        **documented(summary="A what-if key beside the baseline: shares and contributions"),
    )
    def whatif(
        request: Request,
        v: V,
        period: Annotated[str, Query(max_length=40, description="The baseline key.")],
        budgets: Annotated[int, Query(ge=1949, le=2100, description="Budget year.")],
        set_: Annotated[list[str] | None, Query(alias="set", max_length=40, description=(
            "ALLY:share, e.g. NLD:4.0 (the ally's share set, others scaled)"))] = None,
        cap: Annotated[list[str] | None, Query(max_length=40, description="ALLY:share")] = None,
        freeze: Annotated[list[str] | None, Query(max_length=40, description="ALLY")] = None,
        join: Annotated[list[str] | None, Query(max_length=40, description="ALLY:share")] = None,
        ally: Annotated[list[str] | None, Query(max_length=40)] = None,
        by: By = "ally",
    ) -> Response:
        changes = [
            *[f.funding_change("set", *_pair(p)) for p in set_ or []],
            *[f.funding_change("cap", *_pair(p)) for p in cap or []],
            *[f.funding_change("freeze", a) for a in freeze or []],
            *[f.funding_change("join", *_pair(p)) for p in join or []],
        ]
        if not changes:
            raise ProblemError(422, "No change", "give at least one of set, cap, freeze, join")
        frame = f.call(
            f.funding_whatif, period=period, changes=changes, budgets=budgets, ally=ally, by=by,
            **v.kw,
        )  # fmt: skip
        return respond(request, v, frame, f"whatif-{period}")

    return r


def _pair(text: str) -> tuple[str, float]:
    """``"NLD:4.0"`` -> ``("NLD", 4.0)``; a problem (422) when it is not that."""
    ally, sep, value = text.partition(":")
    try:
        if not sep or not ally:
            raise ValueError(text)
        return ally, float(value)
    except ValueError:
        raise ProblemError(422, "Value not accepted", f"{text!r}: expected ALLY:share") from None


# --- burden -------------------------------------------------------------------------------

Basis = Annotated[Literal["current", "constant"], Query()]


def _burden() -> APIRouter:
    r = APIRouter(prefix="/burden", tags=["burden"])

    @r.get("/fair-share", **documented(summary="Fair-share measures of every ally in a year"))
    def fair_share(
        request: Request, v: V, year: Year = None, group: Group = "nato", basis: Basis = "current"
    ) -> Response:
        frame = f.call(f.burden_fair_share, year=year, group=group, basis=basis, **v.kw)
        return respond(request, v, frame, "fair-share")

    @r.get("/exploitation", **documented(summary="Free-riding coefficients by year"))
    def exploitation(
        request: Request,
        v: V,
        from_year: Year = None,
        to_year: Year = None,
        group: Group = "nato",
        basis: Basis = "current",
    ) -> Response:
        frame = f.call(
            f.burden_exploitation_series,
            from_year=from_year,
            to_year=to_year,
            group=group,
            basis=basis,
            **v.kw,
        )
        return respond(request, v, frame, "exploitation")

    @r.get("/index", **documented(summary="The three-Cs index (a lens, not a verdict)"))
    def index(request: Request, v: V, year: Year = None, group: Group = "nato") -> Response:
        return respond(request, v, f.call(f.burden_index, year=year, group=group, **v.kw), "index")

    @r.get(
        "/decomposition",
        **documented(summary="The change in share of GDP: spending and GDP effects"),
    )
    def decomposition(
        request: Request,
        v: V,
        ally: Annotated[str | None, Query(max_length=60)] = None,
        from_year: Year = None,
        to_year: Year = None,
        group: Group = "nato",
        basis: Basis = "constant",
    ) -> Response:
        frame = f.call(
            f.burden_decomposition,
            ally=ally,
            from_year=from_year,
            to_year=to_year,
            group=group,
            basis=basis,
            **v.kw,
        )
        return respond(request, v, frame, "decomposition")

    return r
