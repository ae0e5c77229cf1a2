"""The REST API: every endpoint, provenance in JSON/CSV/XLSX, problems, ETag."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from burdenshare.service import create_app
from burdenshare.service import facade as f


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


#: (path, params, what the first rows must show)
ENDPOINTS: list[tuple[str, dict[str, Any]]] = [
    ("/v1/releases", {}),
    ("/v1/provenance", {"as_of": "2024-07-01"}),
    ("/v1/spending/overview", {"release": "2024-06"}),
    ("/v1/spending/table", {"year": 2024, "release": "2024-06"}),
    ("/v1/spending/allies/NLD", {"release": "2024-06"}),
    ("/v1/spending/gap", {"threshold": 2.0, "year": 2024, "release": "2024-06"}),
    ("/v1/spending/check", {"year": 2024, "release": "2024-06"}),
    ("/v1/spending/groups/nato", {"release": "2024-06"}),
    ("/v1/spending/count", {"threshold": 2.0, "release": "2024-06"}),
    ("/v1/spending/cumulative", {"base": 2016, "to": 2020, "release": "2024-06"}),
    ("/v1/targets/status", {"year": 2025, "ally": "ESP"}),
    ("/v1/targets/rules", {"as_of": "2023-07-11"}),
    ("/v1/targets/paths/NLD", {"target": "core-2035"}),
    ("/v1/targets/simulations", {"ally": ["NLD", "DEU"], "paths": 200, "seed": 1}),
    ("/v1/funding/keys", {}),
    ("/v1/funding/keys/2021-2024", {}),
    ("/v1/funding/budgets", {}),
    ("/v1/funding/rules", {"as_of": "2022-06-30"}),
    ("/v1/funding/contributions", {"year": 2024, "ally": "NLD"}),
    ("/v1/funding/comparisons", {"key_from": "2020", "key_to": "2021-2024", "budgets": 2024}),
    ("/v1/funding/whatif", {"period": "2021-2024", "set": "NLD:4.0", "budgets": 2024}),
    ("/v1/burden/fair-share", {"year": 2024, "release": "2024-06"}),
    ("/v1/burden/exploitation", {"from_year": 2023, "to_year": 2024, "release": "2024-06"}),
    ("/v1/burden/index", {"year": 2024, "release": "2024-06"}),
    ("/v1/burden/decomposition", {"ally": "NLD", "from_year": 2023, "to_year": 2024}),
]


@pytest.mark.parametrize(("path", "params"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_every_endpoint_answers_with_figures_and_provenance(
    client: TestClient, path: str, params: dict[str, Any]
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"meta", "data"}
    assert body["data"], "no rows"
    assert {"release", "datasets", "what", "partial", "notes", "attrs", "query"} <= set(
        body["meta"]
    )
    assert r.headers["etag"].startswith('"')
    assert "max-age" in r.headers["cache-control"]
    # every endpoint is in the OpenAPI schema with its problem statuses and 304
    op = client.get("/openapi.json").json()["paths"][
        path.replace("NLD", "{ally}").replace("nato", "{group}").replace("2021-2024", "{period}")
    ]["get"]
    assert {"200", "304", "400", "404", "422"} <= set(op["responses"])


def test_json_figures_are_the_facade_figures_with_its_provenance(client: TestClient) -> None:
    body = client.get("/v1/spending/overview", params={"release": "2024-06"}).json()
    frame = f.spending_overview(release="2024-06")
    got = {r["iso3"]: r["share_gdp_pct"] for r in body["data"]}
    assert got == dict(zip(frame["iso3"], frame["share_gdp_pct"], strict=True))
    meta = body["meta"]
    assert meta["release"] == "2024-06"
    assert meta["datasets"][0]["citation"].startswith("NATO Public Diplomacy Division")
    assert meta["attrs"]["year"] == 2024
    assert meta["query"] == {"release": "2024-06"}


def test_as_of_selects_the_release_published_on_or_before(client: TestClient) -> None:
    body = client.get("/v1/spending/overview", params={"as_of": "2024-06-16"}).json()
    assert body["meta"]["release"] == "2023-07"
    assert body["meta"]["partial"] is True


def test_csv_carries_the_provenance_and_the_same_numbers(client: TestClient) -> None:
    params = {"release": "2024-06", "format": "csv"}
    r = client.get("/v1/spending/overview", params=params)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    head = [line for line in r.text.splitlines() if line.startswith("#")]
    assert "# release: 2024-06" in head
    assert any(line.startswith("# source: NATO Public Diplomacy Division") for line in head)
    table = pd.read_csv(io.StringIO(r.text), comment="#")
    js = client.get("/v1/spending/overview", params={"release": "2024-06"}).json()["data"]
    assert table["share_gdp_pct"].tolist() == [row["share_gdp_pct"] for row in js]


def test_xlsx_has_a_data_and_a_provenance_sheet(client: TestClient) -> None:
    r = client.get("/v1/spending/overview", params={"release": "2024-06", "format": "xlsx"})
    assert r.status_code == 200
    sheets = pd.read_excel(io.BytesIO(r.content), sheet_name=None)
    assert set(sheets) == {"data", "provenance"}
    prov = sheets["provenance"].set_index("key")["value"]
    assert prov["release"] == "2024-06"
    js = client.get("/v1/spending/overview", params={"release": "2024-06"}).json()["data"]
    assert sheets["data"]["share_gdp_pct"].tolist() == [row["share_gdp_pct"] for row in js]


@pytest.mark.parametrize(
    ("path", "params", "status", "kind"),
    [
        ("/v1/spending/allies/XYZ", {}, 404, "unknown-ally-error"),
        ("/v1/spending/overview", {"release": "1999-01"}, 404, "unknown-release-error"),
        ("/v1/spending/overview", {"as_of": "2000-01-01"}, 404, "as-of-error"),
        ("/v1/spending/table", {"year": 1990}, 404, "coverage-error"),
        ("/v1/spending/table", {"indicator": "nonsense"}, 422, "unknown-indicator-error"),
        ("/v1/funding/keys/1900", {}, 404, "unknown-period-error"),
    ],
)
def test_domain_errors_are_problem_details(
    client: TestClient, path: str, params: dict[str, Any], status: int, kind: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    assert body["type"] == f"urn:burdenshare:problem:{kind}"
    assert body["detail"] and body["instance"] == path


def test_as_of_and_release_together_are_422(client: TestClient) -> None:
    r = client.get("/v1/spending/overview", params={"as_of": "2024-07-01", "release": "2024-06"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert "not both" in r.json()["detail"]


def test_validation_errors_are_problem_details(client: TestClient) -> None:
    r = client.get("/v1/targets/simulations", params={"paths": 10**7})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["loc"] == ["query", "paths"]
    assert client.get("/v1/nowhere").headers["content-type"] == "application/problem+json"


def test_etag_gives_304_and_changes_with_the_query(client: TestClient) -> None:
    r = client.get("/v1/spending/overview", params={"release": "2024-06"})
    tag = r.headers["etag"]
    again = client.get(
        "/v1/spending/overview", params={"release": "2024-06"}, headers={"If-None-Match": tag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == tag
    assert again.content == b""
    other = client.get("/v1/spending/overview", params={"release": "2023-07"})
    assert other.headers["etag"] != tag
    stale = client.get(
        "/v1/spending/overview", params={"release": "2023-07"}, headers={"If-None-Match": tag}
    )
    assert stale.status_code == 200


def test_etag_depends_on_the_shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from burdenshare.service import caching

    client = TestClient(create_app())
    before = client.get("/v1/funding/keys").headers["etag"]
    monkeypatch.setattr(caching, "data_fingerprint", lambda: "another release of the data")
    assert client.get("/v1/funding/keys").headers["etag"] != before


def test_simulation_paths_are_bounded_in_the_schema(client: TestClient) -> None:
    params = client.get("/openapi.json").json()["paths"]["/v1/targets/simulations"]["get"][
        "parameters"
    ]
    paths = next(p for p in params if p["name"] == "paths")
    assert paths["schema"]["maximum"] == 20_000


def test_a_repeated_request_is_answered_without_calling_the_facade_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = TestClient(create_app())
    params = {"threshold": 3.5, "year": 2024, "release": "2024-06"}
    first = client.get("/v1/spending/gap", params=params)
    assert first.status_code == 200

    def fail(**_: Any) -> None:
        raise AssertionError("the facade was called again")

    monkeypatch.setattr(f, "spending_gap", fail)
    again = client.get("/v1/spending/gap", params=params)
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    with pytest.raises(AssertionError, match="called again"):
        client.get("/v1/spending/gap", params={**params, "threshold": 5.0})


def test_whatif_gives_the_facade_figures(client: TestClient) -> None:
    params = {"period": "2021-2024", "set": "NLD:4.0", "budgets": 2024, "ally": ["NLD", "DEU"]}
    body = client.get("/v1/funding/whatif", params=params).json()
    frame = f.funding_whatif(
        "2021-2024", [f.funding_change("set", "NLD", 4.0)], budgets=2024, ally=["NLD", "DEU"]
    )
    got = {r["iso3"]: r["share_to_pct"] for r in body["data"]}
    assert got == dict(zip(frame["iso3"], frame["share_to_pct"], strict=True))
    assert got["NLD"] == 4.0


@pytest.mark.parametrize("bad", [{"set": "NLD"}, {"set": "NLD:x"}, {}])
def test_whatif_needs_well_formed_changes(client: TestClient, bad: dict[str, str]) -> None:
    r = client.get("/v1/funding/whatif", params={"period": "2021-2024", "budgets": 2024, **bad})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_contributions_take_the_accessions_choice_of_the_facade(client: TestClient) -> None:
    """Rescaled by default (Finland and Sweden priced in), NATO's key as published on request,
    each equal to the facade's figure; anything else is a 422 problem."""
    import burdenshare as bs

    def total(**params: object) -> float:
        body = client.get("/v1/funding/contributions",
                          params={"year": 2024, "ally": "NLD", "by": "ally", **params}).json()
        return sum(r["contribution_eur_mn"] for r in body["data"])  # fmt: skip

    rescaled = bs.funding_contributions(2024, ally="NLD", by="ally")
    published = bs.funding_contributions(2024, ally="NLD", by="ally", accessions="as_published")
    assert total() == pytest.approx(float(rescaled["contribution_eur_mn"].sum()))
    as_published = float(published["contribution_eur_mn"].sum())
    assert total(accessions="as_published") == pytest.approx(as_published)
    assert total() < total(accessions="as_published")
    bad = client.get("/v1/funding/contributions", params={"year": 2024, "accessions": "x"})
    assert bad.status_code == 422
