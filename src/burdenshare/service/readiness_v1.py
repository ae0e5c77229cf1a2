"""The REST API for readiness and the ledger: ``/v1/readiness/...`` and ``/v1/ledger/...``.

Each endpoint makes one facade call (:mod:`burdenshare.service.facade`) with the request's
API token: ``Authorization: Bearer <token>`` is passed as ``token=`` and the ledger decides
what the token's user may see or change (a viewer: aggregates only; a nation planner: its
own nation's pledges; alliance staff: everything). The service adds one rule of its own: a
request WITHOUT a token may only read aggregates (counts, timeline, tiers). On the embedded
store the facade would treat a token-less call as the local owner; over HTTP that would
hand the owner's rights to anyone who can reach the port, so lists of units, sourcing and
every write need a token (401 otherwise).

Errors are problem details: an unknown or malformed token 401 (with ``WWW-Authenticate:
Bearer``), a role that may not do this 403, a stale version 409, an unknown pledge 404, a
store that cannot be reached 503.

Ledger answers change whenever a pledge does, so they are not cached like the shipped
figures: the ETag is a hash of the answer itself (``If-None-Match`` with it gives 304) and
``Cache-Control: private, no-cache`` makes every client ask again.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from burdenshare.service import facade as f
from burdenshare.service import render
from burdenshare.service.api_v1 import documented as _documented
from burdenshare.service.problems import ProblemError

CACHE_CONTROL = "private, no-cache"
#: the longest timeline answered (periods are months or quarters)
MAX_TIMELINE_YEARS = 25
#: seconds the sourcing solver may take over HTTP
SOURCING_TIME_LIMIT = 10.0


def documented(*, summary: str, errors: tuple[int, ...] = ()) -> dict[str, Any]:
    """The shared route options, with the ledger's statuses (401, 403, 503) and ``errors``."""
    return _documented(
        summary=summary, problems=(400, 401, 403, 404, 422, 503, *errors),
        etag="Hash of this answer.",
    )


# --- the token -----------------------------------------------------------------------------


async def bearer(
    authorization: Annotated[
        str | None,
        Header(description="`Bearer <token>`: an API token from `burdenshare ledger token`."),
    ] = None,
) -> str | None:
    """The API token of the request (``None`` without an ``Authorization`` header)."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(401, "Not authenticated", "Authorization must be 'Bearer <token>'")
    return token.strip()


Token = Annotated[str | None, Depends(bearer)]


def needs(token: str | None, what: str) -> str:
    """The token, or a 401 when there is none (the service's rule for details and writes)."""
    if token is None:
        raise ProblemError(401, "Not authenticated", f"{what} needs an API token "
                           "(Authorization: Bearer <token>)")  # fmt: skip
    return token


# --- the common parameters -----------------------------------------------------------------

Day = Annotated[date, Query(alias="date", description="The day checked (YYYY-MM-DD).")]
TargetName = Annotated[
    str,
    Query(max_length=60, description="nri (from the rules) or a target stored in the ledger."),
]
Requirement = Annotated[
    str | None,
    Query(
        max_length=200,
        description="A requirement of your own instead of target: "
        "`mechanised_battalion=3,air_squadron=3,combat_vessel=2` (with max_notice).",
    ),
]
MaxNotice = Annotated[
    float | None, Query(ge=0, le=3650, description="Notice limit in days for a requirement.")
]
WithOffers = Annotated[bool, Query(description="Count offered units too (not only pledged).")]
Format = Annotated[
    Literal["json", "csv", "xlsx"],
    Query(alias="format", description="json (default), csv or xlsx; each with provenance."),
]


def respond(request: Request, frame: Any, name: str, fmt: str) -> Response:
    """The frame in the requested format with its provenance; ETag of the answer itself."""
    meta = f.provenance_of(frame)
    meta["query"] = {k: v for k, v in request.query_params.items() if k != "format"}
    response: Response
    if fmt == "csv":
        response = Response(render.csv_text(frame, meta), media_type=render.CSV,
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    elif fmt == "xlsx":
        response = Response(render.xlsx_bytes(frame, meta), media_type=render.XLSX,
                            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    else:
        response = JSONResponse(render.envelope(frame, meta))
    etag = f'"{hashlib.sha256(bytes(response.body)).hexdigest()[:32]}"'
    header = request.headers.get("if-none-match") or ""
    if etag in [t.strip().removeprefix("W/") for t in header.split(",")]:
        response = Response(status_code=304)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Vary"] = "Authorization"
    return response


def router() -> APIRouter:
    """The ``/readiness`` and ``/ledger`` routes (included under ``/v1``)."""
    r = APIRouter()
    r.include_router(_readiness())
    r.include_router(_ledger())
    return r


def _readiness() -> APIRouter:
    r = APIRouter(prefix="/readiness", tags=["readiness"])

    @r.get(
        "/check",
        **documented(summary="Counts per unit type against a target on a day, with shortfalls"),
    )
    def check(
        request: Request,
        token: Token,
        day: Day,
        target: TargetName = "nri",
        requirement: Requirement = None,
        max_notice: MaxNotice = None,
        with_offers: WithOffers = True,
        units: Annotated[
            bool, Query(description="List the units that count (needs a token).")
        ] = False,
        fmt: Format = "json",
    ) -> Response:
        if units:
            needs(token, "the list of units")
        frame = f.call(f.readiness_check, day.isoformat(), target=target, requirement=requirement,
                       max_notice=max_notice, with_offers=with_offers, units=units,
                       token=token)  # fmt: skip
        return respond(request, frame, f"readiness-check-{day}", fmt)

    @r.get(
        "/timeline",
        **documented(summary="Fill status per month or quarter, without and with offers"),
    )
    def timeline(
        request: Request,
        token: Token,
        start: Annotated[date, Query(alias="from", description="First day (YYYY-MM-DD).")],
        end: Annotated[date, Query(alias="to", description="Last day (YYYY-MM-DD).")],
        by: Annotated[Literal["month", "quarter"], Query(description="Period.")] = "month",
        target: TargetName = "nri",
        requirement: Requirement = None,
        max_notice: MaxNotice = None,
        fmt: Format = "json",
    ) -> Response:
        if (end - start).days > MAX_TIMELINE_YEARS * 366:
            raise ProblemError(422, "Value not accepted",
                               f"a timeline spans at most {MAX_TIMELINE_YEARS} years")  # fmt: skip
        frame = f.call(f.readiness_timeline, start.isoformat(), end.isoformat(), target=target,
                       requirement=requirement, max_notice=max_notice, by=by,
                       token=token)  # fmt: skip
        return respond(request, frame, f"readiness-timeline-{start}-{end}", fmt)

    @r.get("/tiers", **documented(summary="Units per unit type and NATO Force Model tier"))
    def tiers(
        request: Request, token: Token, day: Day, with_offers: WithOffers = True,
        fmt: Format = "json",
    ) -> Response:  # fmt: skip
        frame = f.call(f.readiness_tiers, day.isoformat(), with_offers=with_offers, token=token)
        return respond(request, frame, f"readiness-tiers-{day}", fmt)

    @r.get(
        "/sourcing",
        **documented(
            summary="Which units to designate so a target is filled fairly (MILP, HiGHS); "
            "meta.notes gives the optimality gap"
        ),
    )
    def sourcing(
        request: Request,
        token: Token,
        day: Day,
        target: TargetName = "nri",
        requirement: Requirement = None,
        max_notice: MaxNotice = None,
        fair_share: Annotated[
            Literal["gdp", "weights"],
            Query(description="Fair share by GDP (NATO release) or by the given weights."),
        ] = "gdp",
        weights: Annotated[
            str | None,
            Query(max_length=400, pattern=r"^[A-Za-z]{3}=[0-9.]+(,[A-Za-z]{3}=[0-9.]+)*$",
                  description="With fair_share=weights: `NLD=1,NOR=1,BEL=2`."),
        ] = None,
        with_offers: Annotated[bool, Query(description="Offered units may be designated.")] = False,
        view: Annotated[
            Literal["nations", "requirements", "units"],
            Query(description="Designated vs fair share per nation, fill per type, or units."),
        ] = "nations",
        release: Annotated[
            str | None, Query(max_length=40, description="NATO release for GDP weights.")
        ] = None,
        fmt: Format = "json",
    ) -> Response:
        needs(token, "sourcing")
        parsed: dict[str, float] | None = None
        if weights is not None:
            try:
                parsed = {k.upper(): float(v) for k, v in
                          (item.split("=") for item in weights.split(","))}  # fmt: skip
            except ValueError:
                raise ProblemError(422, "Value not accepted", f"weights {weights!r}") from None
        frame = f.call(f.readiness_source, day.isoformat(), target=target,
                       requirement=requirement, max_notice=max_notice, fair_share=fair_share,
                       weights=parsed, with_offers=with_offers, view=view, release=release,
                       time_limit=SOURCING_TIME_LIMIT, token=token)  # fmt: skip
        return respond(request, frame, f"readiness-sourcing-{day}", fmt)

    return r


class PledgeChange(BaseModel):
    """A change to one pledge, based on the version read (a stale version is refused, 409)."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0, description="The version read (from GET /v1/ledger/pledges).")
    notice_days: int | None = Field(default=None, ge=0, le=3650)
    available_from: date | None = None
    available_until: date | None = None
    open_end: bool = Field(default=False, description="Remove the window's end.")
    status: Literal["offered", "pledged", "withdrawn"] | None = None
    note: str | None = Field(default=None, max_length=500)


def _ledger() -> APIRouter:
    r = APIRouter(prefix="/ledger", tags=["ledger"])

    @r.get(
        "/pledges",
        **documented(summary="The pledges the token may read, with their versions"),
    )
    def pledges(request: Request, token: Token, fmt: Format = "json") -> Response:
        frame = f.call(f.ledger_export, token=needs(token, "reading pledges"))
        return respond(request, frame, "pledges", fmt)

    @r.patch(
        "/pledges/{pledge_id}",
        **documented(summary="Change one pledge (409 when the version is stale)", errors=(409,)),
    )
    def update(
        request: Request,
        token: Token,
        pledge_id: Annotated[str, Path(max_length=120)],
        change: Annotated[PledgeChange, Body()],
    ) -> Response:
        frame = f.call(f.ledger_update, pledge_id, token=needs(token, "changing a pledge"),
                       **change.model_dump())  # fmt: skip
        return respond(request, frame, f"pledge-{pledge_id}", "json")

    return r
