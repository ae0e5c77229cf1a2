"""The readiness and ledger endpoints per role, refusals included (a throwaway ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import burdenshare as bs
from burdenshare.service import create_app
from tests.service.conftest import ledger_url


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield TestClient(create_app())


@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    url = ledger_url()
    made = {
        "viewer": bs.ledger_token("api-viewer", role="viewer", url=url),
        "planner": bs.ledger_token("api-planner-nld", role="nation_planner", nation="NLD", url=url),
        "staff": bs.ledger_token("api-staff", role="alliance_staff", url=url),
    }
    return {role: str(frame["token"].iloc[0]) for role, frame in made.items()}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    return body


CHECK = {"date": "2026-01-01", "requirement": "mechanised_battalion=3,air_squadron=3,"
         "combat_vessel=2", "max_notice": 30, "with_offers": False}  # fmt: skip


@pytest.mark.parametrize("role", [None, "viewer", "planner", "staff"])
def test_every_role_reads_the_counts_the_same(client: TestClient, tokens: dict[str, str],
                                              role: str | None) -> None:  # fmt: skip
    headers = auth(tokens[role]) if role else {}
    r = client.get("/v1/readiness/check", params=CHECK, headers=headers)
    assert r.status_code == 200, r.text
    rows = {d["unit_type"]: (d["required"], d["counted"], d["shortfall"]) for d in r.json()["data"]}
    assert rows == {"mechanised_battalion": (3, 3, 0), "air_squadron": (3, 2, 1),
                    "combat_vessel": (2, 3, 0)}  # fmt: skip
    assert "SYNTHETIC" in r.json()["meta"]["notes"]["synthetic"]
    assert r.headers["cache-control"] == "private, no-cache"
    again = client.get("/v1/readiness/check", params=CHECK,
                       headers={**headers, "If-None-Match": r.headers["etag"]})  # fmt: skip
    assert again.status_code == 304


def test_timeline_by_quarter_and_tiers(client: TestClient) -> None:
    r = client.get("/v1/readiness/timeline", params={
        "from": "2025-10-01", "to": "2026-03-31", "by": "quarter",
        "requirement": "air_squadron=3", "max_notice": 30})  # fmt: skip
    assert r.status_code == 200, r.text
    got = [(d["period"], d["counted"], d["filled"], d["filled_with_offers"])
           for d in r.json()["data"]]  # fmt: skip
    assert got == [("2025Q4", 4, True, True), ("2026Q1", 2, False, True)]
    tiers = client.get("/v1/readiness/tiers", params={"date": "2025-01-01", "format": "csv"})
    assert tiers.status_code == 200 and tiers.headers["content-type"].startswith("text/csv")
    assert "mechanised_battalion" in tiers.text and "# " in tiers.text


def test_units_need_a_token_and_a_role_that_may_read_them(
    client: TestClient, tokens: dict[str, str]
) -> None:
    params = {**CHECK, "units": True}
    problem(client.get("/v1/readiness/check", params=params), 401)
    problem(client.get("/v1/readiness/check", params=params, headers=auth(tokens["viewer"])), 403)
    mine = client.get("/v1/readiness/check", params=params, headers=auth(tokens["planner"]))
    assert mine.status_code == 200, mine.text
    staff = client.get("/v1/readiness/check", params=params, headers=auth(tokens["staff"]))
    assert staff.status_code == 200
    nations = {d["nation"] for d in mine.json()["data"]}
    assert nations <= {"NLD"}
    assert len({d["nation"] for d in staff.json()["data"]}) > 1


def test_pledges_per_role(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get("/v1/ledger/pledges").status_code == 401
    problem(client.get("/v1/ledger/pledges", headers=auth(tokens["viewer"])), 403)
    own = client.get("/v1/ledger/pledges", headers=auth(tokens["planner"])).json()["data"]
    everything = client.get("/v1/ledger/pledges", headers=auth(tokens["staff"])).json()["data"]
    assert own and {d["nation"] for d in own} == {"NLD"}
    assert len(everything) == 19 and len(own) < len(everything)


def test_unknown_or_malformed_tokens_are_401(client: TestClient) -> None:
    body = problem(client.get("/v1/readiness/tiers", params={"date": "2026-01-01"},
                              headers=auth("not-a-token")), 401)  # fmt: skip
    assert "token" in body["detail"]
    r = client.get("/v1/readiness/tiers", params={"date": "2026-01-01"},
                   headers={"Authorization": "Basic abc"})  # fmt: skip
    problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"


def test_sourcing_states_its_optimality_gap(client: TestClient, tokens: dict[str, str]) -> None:
    params = {"date": "2026-01-01", "requirement": "air_squadron=3", "max_notice": 30,
              "fair_share": "weights", "weights": "NLD=1,NOR=1,BEL=1", "view": "requirements"}
    problem(client.get("/v1/readiness/sourcing", params=params), 401)
    problem(client.get("/v1/readiness/sourcing", params=params,
                       headers=auth(tokens["viewer"])), 403)  # fmt: skip
    r = client.get("/v1/readiness/sourcing", params=params, headers=auth(tokens["staff"]))
    assert r.status_code == 200, r.text
    assert r.json()["meta"]["notes"]["optimality gap"] == "0 (proven optimal)"
    assert [(d["required"], d["designated"], d["shortfall"]) for d in r.json()["data"]] == [
        (3, 2, 1)
    ]


def test_updates_refuse_a_stale_version_and_other_nations(
    client: TestClient, tokens: dict[str, str]
) -> None:
    everything = client.get("/v1/ledger/pledges", headers=auth(tokens["staff"])).json()["data"]
    nld = next(d for d in everything if d["nation"] == "NLD")
    other = next(d for d in everything if d["nation"] != "NLD")
    path = f"/v1/ledger/pledges/{nld['id']}"
    problem(client.patch(path, json={"version": nld["version"], "note": "x"}), 401)
    problem(client.patch(path, json={"version": nld["version"], "note": "x"},
                         headers=auth(tokens["viewer"])), 403)  # fmt: skip
    # another nation's pledge does not exist for a planner (the ledger does not reveal it)
    problem(client.patch(f"/v1/ledger/pledges/{other['id']}",
                         json={"version": other["version"], "note": "x"},
                         headers=auth(tokens["planner"])), 404)  # fmt: skip
    ok = client.patch(path, json={"version": nld["version"], "note": "checked over HTTP"},
                      headers=auth(tokens["planner"]))  # fmt: skip
    assert ok.status_code == 200, ok.text
    assert ok.json()["data"][0]["version"] == nld["version"] + 1
    stale = client.patch(path, json={"version": nld["version"], "note": "lost?"},
                         headers=auth(tokens["planner"]))  # fmt: skip
    assert "version" in problem(stale, 409)["detail"]
    # alliance staff read every pledge but write targets, not pledges
    problem(client.patch(path, json={"version": nld["version"] + 1, "note": "x"},
                         headers=auth(tokens["staff"])), 403)  # fmt: skip
    after = client.get("/v1/ledger/pledges", headers=auth(tokens["planner"])).json()["data"]
    assert next(d for d in after if d["id"] == nld["id"])["note"] == "checked over HTTP"


def test_bad_input_is_a_problem_not_a_server_error(client: TestClient) -> None:
    problem(client.get("/v1/readiness/check", params={"date": "2026-13-01"}), 422)
    problem(client.get("/v1/readiness/check",
                       params={"date": "2026-01-01", "requirement": "tanks=3"}), 400)  # fmt: skip
    problem(client.get("/v1/readiness/timeline",
                       params={"from": "1900-01-01", "to": "2100-01-01"}), 422)  # fmt: skip


def test_seeding_happens_once_and_never_on_a_shared_store(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from burdenshare.service.seed import seed

    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    assert seed(url=url).startswith("ledger seeded with the labelled SYNTHETIC units: 19 inserted")
    row = bs.ledger_export(url=url).iloc[0]
    bs.ledger_update(str(row["id"]), version=int(row["version"]), status="withdrawn", url=url)
    assert seed(url=url) == "ledger holds 19 pledges; not seeded again"
    after = bs.ledger_export(url=url).set_index("id")
    assert after.loc[row["id"], "status"] == "withdrawn"  # the edit survives the next start
    monkeypatch.setenv("BURDENSHARE_DATABASE_URL", "postgresql+psycopg://nobody@/nowhere")
    assert seed().startswith("shared ledger: not seeded")
