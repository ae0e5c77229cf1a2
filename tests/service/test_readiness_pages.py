"""The readiness page and the briefing routes (in-process; a throwaway ledger)."""

from __future__ import annotations

import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from burdenshare.service import create_app


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app())


def spec_of(html: str, name: str) -> dict[str, object]:
    found = re.search(rf'data-target="vis-{name}">(.*?)</script>', html, re.S)
    assert found is not None
    spec: dict[str, object] = json.loads(found.group(1))
    return spec


def test_readiness_page_draws_the_timeline_and_says_the_units_are_synthetic(
    client: TestClient,
) -> None:
    r = client.get("/readiness", params={"from": "2025-10-01", "to": "2026-03-31",
                                         "by": "quarter", "lang": "en"})  # fmt: skip
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
    assert "SYNTHETIC units" in r.text
    spec = spec_of(r.text, "readiness")
    rows = spec["datasets"][spec["data"]["name"]]  # type: ignore[index]
    api = client.get("/v1/readiness/timeline", params={"from": "2025-10-01", "to": "2026-03-31",
                                                       "by": "quarter"}).json()["data"]  # fmt: skip
    assert [(x["period"], x["unit_type"], x["counted"]) for x in rows] == [
        (a["period"], a["unit_type"], a["counted"]) for a in api
    ]
    assert len(re.findall(r"<tr><th scope=\"row\">20", r.text)) == len(api)  # the table
    assert "/v1/readiness/timeline?from=2025-10-01&amp;to=2026-03-31&amp;by=quarter" in r.text
    assert 'href="/readiness"' in r.text  # in the navigation


def test_readiness_page_in_dutch(client: TestClient) -> None:
    r = client.get("/readiness", params={"lang": "nl"})
    assert r.status_code == 200
    assert "SYNTHETISCHE eenheden" in r.text and "Vulling per eenheidstype" in r.text
    assert ">Gereedheid</a>" in r.text


@pytest.mark.parametrize("query", [{"from": "x"}, {"by": "week"},
                                   {"from": "2026-01-01", "to": "2025-01-01"}])  # fmt: skip
def test_readiness_page_bad_input_is_an_error_page(
    client: TestClient, query: dict[str, str]
) -> None:
    r = client.get("/readiness", params=query)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")


def test_ally_briefing_is_a_pdf_naming_the_ally(client: TestClient) -> None:
    from pypdf import PdfReader

    page = client.get("/allies/NLD", params={"lang": "nl", "release": "2026-07"}).text
    assert 'href="/reports/allies/NLD.pdf?lang=nl&amp;release=2026-07"' in page
    r = client.get("/reports/allies/NLD.pdf", params={"lang": "nl", "release": "2026-07"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Nederland" in text
    again = client.get("/reports/allies/NLD.pdf", params={"lang": "nl", "release": "2026-07"},
                       headers={"If-None-Match": r.headers["etag"]})  # fmt: skip
    assert again.status_code == 304


def test_alliance_briefing_html_and_refusals(client: TestClient) -> None:
    r = client.get("/reports/alliance.html", params={"lang": "en", "release": "2026-07"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text.lower()
    assert client.get("/reports/allies/XYZ.pdf").status_code == 404
    assert client.get("/reports/allies/NLD.docx").status_code == 422
    assert "/reports/" not in json.dumps(client.get("/openapi.json").json()["paths"])
