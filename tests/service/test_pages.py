"""The pages through the ASGI client (no browser): status, language, vintage, downloads."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from burdenshare.service import create_app
from burdenshare.service import facade as f


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("path", ["/", "/allies/NLD", "/funding", "/sources", "/date", "/docs"])
def test_every_page_answers_html_with_an_etag(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text
    again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_overview_spec_has_a_bar_per_ally_and_the_rules_in_force(client: TestClient) -> None:
    html = client.get("/", params={"as_of": "2024-12-31"}).text
    spec = json.loads(re.search(r'class="chart-spec"[^>]*>(.*?)</script>', html, re.S)[1])
    bars, rules = spec["layer"][0], spec["layer"][1]
    rows = spec["datasets"][bars["data"]["name"]]
    assert len(rows) == len(f.spending_overview(as_of="2024-12-31"))
    # on 31 December 2024 only the 2 % guideline is in force (3.5 % and 5 % date from 2025)
    assert [r["share_gdp_pct"] for r in spec["datasets"][rules["data"]["name"]]] == [2.0]
    latest = client.get("/", params={"as_of": "2026-01-01"}).text
    spec = json.loads(re.search(r'class="chart-spec"[^>]*>(.*?)</script>', latest, re.S)[1])
    values = [r["share_gdp_pct"] for r in spec["datasets"][spec["layer"][1]["data"]["name"]]]
    assert values == [2.0, 3.5, 5.0]


def test_download_links_point_to_the_api_with_the_same_vintage(client: TestClient) -> None:
    html = client.get("/", params={"release": "2024-06"}).text
    assert 'href="/v1/spending/overview?release=2024-06&amp;format=csv"' in html
    assert 'href="/v1/spending/overview?release=2024-06&amp;format=xlsx"' in html


def test_language_is_taken_from_the_query_then_remembered(client: TestClient) -> None:
    r = client.get("/", params={"lang": "nl", "release": "2024-06"})
    assert '<html lang="nl">' in r.text
    assert "Overzicht" in r.text
    assert re.search(r'<td class="num">\d+,\d\d</td>', r.text)
    assert r.cookies.get("lang") == "nl"
    assert '<html lang="nl">' in client.get("/sources").text
    assert '<html lang="en">' in client.get("/sources", params={"lang": "en"}).text


def test_partial_release_is_marked(client: TestClient) -> None:
    assert 'class="partial"' in client.get("/", params={"release": "2023-07"}).text
    assert 'class="partial"' not in client.get("/", params={"release": "2024-06"}).text


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/allies/XYZ", {}, 404),
        ("/", {"as_of": "not a date"}, 422),
        ("/", {"as_of": "2024-01-01", "release": "2024-06"}, 422),
        ("/", {"release": "1999-01"}, 404),
    ],
)
def test_user_errors_are_html_error_pages(
    client: TestClient, path: str, params: dict[str, str], status: int
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert 'class="problem"' in r.text


def test_static_vendor_files_are_served(client: TestClient) -> None:
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        r = client.get(f"/static/vendor/{name}")
        assert r.status_code == 200
        assert len(r.content) > 10_000


def test_ally_page_shows_the_gap_to_each_commitment_in_force(client: TestClient) -> None:
    html = client.get("/allies/NLD", params={"as_of": "2026-12-01", "lang": "en"}).text
    section = html[html.index('class="gaps"') : html.index("</section>")]
    assert section.count("<tr>") == 4  # header + 2 %, 3.5 %, 5 %
    gap = f.spending_gap(threshold=3.5, as_of="2026-12-01").set_index("iso3").loc["NLD"]
    assert f">{gap['gap_pp']:.2f}</td>" in section
    assert "threshold=3.5" in section


def test_a_user_error_page_in_dutch_says_the_error_in_dutch(client: TestClient) -> None:
    page = client.get("/allies/XYZ", params={"lang": "nl"})
    assert page.status_code == 404
    assert "bondgenoot &#39;XYZ&#39; is onbekend; toegestaan: ALB," in page.text
    english = client.get("/allies/XYZ", params={"lang": "en"}).text
    assert "unknown ally &#39;XYZ&#39;; accepted: ALB," in english


def test_the_dutch_ally_page_names_the_target_in_dutch(client: TestClient) -> None:
    """The target's label is a sentence the API wrote (a Text): the page shows its Dutch."""
    html = client.get("/allies/NLD", params={"lang": "nl", "release": "2026-07"}).text
    assert "3,5% van het bbp aan kerndefensie in 2035" in html
    assert "core defence by 2035" not in html
