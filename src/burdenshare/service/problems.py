"""Errors as RFC 9457 problem details (``application/problem+json``).

A user's mistake (a :class:`burdenshare.errors.BurdenshareError`, a request that fails
validation, an unknown address) is answered with a problem document; anything else is a
bug and answered 500 by the server. The status of a domain error follows its kind:

- 404: what was named does not exist or has no figures (an unknown ally, release, key
  period or rule; a year or ally the release does not cover; a date before the first
  release);
- 422: a value that is not one of the accepted ones (an unknown indicator, group, method...);
  a request that fails validation; ``as_of`` and ``release`` given together;
- 401: the readiness ledger does not know the API token (``AuthenticationError``), or a
  request needs one and has none (answered with ``WWW-Authenticate: Bearer``);
- 403: the token's role may not do this (``AccessError``: a viewer asking for units, a
  nation planner for another nation's pledges);
- 409: an update based on a stale version (``ConflictError``);
- 503: the ledger's store cannot be reached (``StoreError``);
- 400: any other domain error (a target year before the data, inconsistent weights...).

The kind is read from the class names in the error's MRO, so the service does not import
domain modules and keeps working when an error class moves.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

MEDIA_TYPE = "application/problem+json"

NOT_FOUND = frozenset(
    {
        "UnknownAllyError",
        "UnknownReleaseError",
        "UnknownPeriodError",
        "UnknownRuleError",
        "CoverageError",
        "CoverageGapError",
        "NoKeyForYearError",
        "NoBudgetError",
        "AsOfError",
    }
)
UNPROCESSABLE = frozenset({"InputError"})
#: ledger errors, checked in this order (an AuthenticationError is an AccessError)
LEDGER = (("AuthenticationError", 401), ("AccessError", 403), ("ConflictError", 409),
          ("NotFoundError", 404), ("StoreError", 503))  # fmt: skip
TITLES = {400: "Cannot answer", 401: "Not authenticated", 403: "Not allowed",
          404: "Not found", 409: "Conflict", 422: "Value not accepted",
          503: "Ledger unavailable"}  # fmt: skip


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for these error statuses."""
    what = {
        400: "The request is well formed but the data cannot answer it.",
        404: "What was named does not exist or has no figures.",
        422: "A parameter has a value that is not accepted.",
        401: "No API token where one is needed, or a token the ledger does not know.",
        403: "The token's role may not do this (the ledger's rule).",
        409: "The change is based on a stale version: read again and retry.",
        503: "The readiness ledger cannot be reached.",
    }
    return {
        s: {"model": Problem, "description": what[s], "content": {MEDIA_TYPE: {}}} for s in statuses
    }


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def status_of(exc: Exception) -> int:
    """The HTTP status of a domain error (see the module docstring)."""
    names = {c.__name__ for c in type(exc).__mro__}
    for name, status in LEDGER:
        if name in names:
            return status
    if names & NOT_FOUND:
        return 404
    if names & UNPROCESSABLE:
        return 422
    return 400


def problem(
    status: int, title: str, detail: str, instance: str, type_: str = "about:blank", **extra: Any
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail,
            "instance": instance, **extra}  # fmt: skip
    response = JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


class ProblemError(Exception):
    """A problem the service itself finds (e.g. ``as_of`` and ``release`` together)."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def install(app: FastAPI) -> None:
    """Register the problem-details handlers on ``app``."""
    from burdenshare.errors import BurdenshareError

    async def domain(request: Request, exc: Exception) -> JSONResponse:
        status = status_of(exc)
        name = type(exc).__name__
        title = TITLES[status]
        return problem(status, title, str(exc), request.url.path,
                       f"urn:burdenshare:problem:{_slug(name)}")  # fmt: skip

    async def own(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem(exc.status, exc.title, exc.detail, request.url.path)

    async def validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]  # fmt: skip
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Request not valid", detail, request.url.path, errors=errors)

    async def http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        response = problem(exc.status_code, str(exc.detail), str(exc.detail), request.url.path)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    app.add_exception_handler(BurdenshareError, domain)
    app.add_exception_handler(ProblemError, own)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http)
