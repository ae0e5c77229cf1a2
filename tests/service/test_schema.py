"""Schemathesis against the OpenAPI schema, in-process (ASGI), bounded in examples and time.

Checks: no server error (5xx), every status code documented, content types as documented,
JSON bodies conform to the documented schemas (the problem documents included), documented
headers (ETag, Cache-Control) present.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from burdenshare.service import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: examples per operation, and the time any one example may take
MAX_EXAMPLES = 6
SLOW_SECONDS = 20.0


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    start = time.monotonic()
    case.call_and_validate(checks=CHECKS)
    assert time.monotonic() - start < SLOW_SECONDS


def test_the_schema_documents_every_v1_route() -> None:
    paths = schema.raw_schema["paths"]
    assert len([p for p in paths if p.startswith("/v1/")]) >= 24
    for path, item in paths.items():
        for op in item.values():
            assert {"200", "304", "400", "404", "422"} <= set(op["responses"]), path


@pytest.mark.parametrize("status", ["400", "404", "422"])
def test_problems_are_documented_as_problem_json(status: str) -> None:
    op = schema.raw_schema["paths"]["/v1/spending/overview"]["get"]
    assert "application/problem+json" in op["responses"][status]["content"]
