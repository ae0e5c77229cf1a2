"""The app factory: the REST API, the pages, the shipped static files, the error handlers.

>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app())
>>> r = client.get("/v1/spending/overview", params={"release": "2024-06"})
>>> r.status_code, r.json()["meta"]["release"], r.headers["etag"] != ""
(200, '2024-06', True)
>>> client.get("/v1/spending/allies/XYZ").headers["content-type"]
'application/problem+json'
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

import burdenshare
from burdenshare.service import api_v1, caching, pages, problems

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """\
Defence spending of NATO allies with provenance and vintages, commitments as dated rules,
common-funding cost shares and burden-sharing analytics: the same answers as the
`burdenshare` command line, from the shipped data.

Every data endpoint takes `as_of` (figures as published on or before that day) or
`release` (a release id), not both, and `format` (`json`, `csv`, `xlsx`). JSON answers are
`{"meta": {provenance}, "data": [rows]}`; CSV answers start with the provenance as `#`
comment lines. Errors are RFC 9457 problem details (`application/problem+json`).
Answers carry an `ETag`: the shipped figures change only with a new release of the package.
"""


def create_app() -> FastAPI:
    """Build the app: ``/v1`` (REST API, OpenAPI at ``/openapi.json``, read at ``/docs``), the
    pages (``/``, ``/allies/{iso3}``, ``/funding``, ``/sources``, ``/date``) and ``/static``."""
    app = FastAPI(
        title="burdenshare",
        version=burdenshare.__version__,
        description=DESCRIPTION,
        license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
        docs_url=None,  # /docs is a page of our own: Swagger UI would load from a CDN
        redoc_url=None,
    )
    problems.install(app)

    async def not_modified(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, caching.NotModified)
        return caching.not_modified(exc.etag, exc.page)

    async def hit(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, caching.Hit)
        return exc.response

    app.add_exception_handler(caching.NotModified, not_modified)
    app.add_exception_handler(caching.Hit, hit)
    app.include_router(api_v1.router())
    app.include_router(pages.router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
