"""The pages in a real browser: headless Chromium against uvicorn on the loopback.

Each test saves a screenshot under build/screenshots/ for review.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pandas as pd
import pytest

from tests.service.conftest import SCREENSHOTS

DRAWN = "html[data-charts='drawn']"


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def api(server: str, path: str, **params: Any) -> dict[str, Any]:
    r = httpx.get(server + path, params=params, timeout=30)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_overview_draws_one_bar_per_ally_and_the_rule_lines(page: Any, server: str) -> None:
    page.goto("/?release=2024-06&lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    allies = api(server, "/v1/spending/overview", release="2024-06")["data"]
    bars = page.locator("#vis-overview g.mark-rect.role-mark path")
    assert bars.count() == len(allies) == 31
    # the commitments in force on the release's day: only the 2% guideline in June 2024
    assert page.locator("#vis-overview g.mark-rule.role-mark line").count() == 1
    latest = page.context.new_page()
    latest.goto("/?lang=en")
    latest.wait_for_selector(DRAWN, timeout=15_000)
    assert latest.locator("#vis-overview g.mark-rule.role-mark line").count() == 3
    assert latest.locator("table tbody tr").count() == len(
        api(server, "/v1/spending/overview")["data"]
    )
    shot(latest, "overview-en")
    latest.close()
    shot(page, "overview-2024-06")


def test_overview_marks_estimates_and_partial_releases(page: Any) -> None:
    page.goto("/?release=2024-06&lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    assert page.locator("table abbr", has_text="e").count() > 0  # 2024 figures are estimates
    assert page.locator("p.partial").count() == 0
    page.goto("/?release=2023-07&lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    assert "Partial release" in page.locator("p.partial").inner_text()
    shot(page, "overview-partial-2023-07")


def test_pages_make_no_request_outside_the_app(page: Any, server: str) -> None:
    seen: list[str] = []

    def record(route: Any) -> None:
        url = route.request.url
        seen.append(url)
        if urlsplit(url).netloc != urlsplit(server).netloc:
            route.abort()
        else:
            route.continue_()

    page.route("**/*", record)
    for path in ("/", "/allies/NLD", "/funding", "/sources", "/date", "/docs"):
        page.goto(path)
        page.wait_for_selector(DRAWN, timeout=20_000)
    outside = [u for u in seen if urlsplit(u).netloc != urlsplit(server).netloc]
    assert outside == []
    assert any(u.endswith("/static/vendor/vega-embed.min.js") for u in seen)


def test_navigating_to_an_ally_page(page: Any) -> None:
    page.goto("/?lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    page.locator("table a[href^='/allies/NLD']").click()
    page.wait_for_url("**/allies/NLD*")
    page.wait_for_selector(DRAWN, timeout=20_000)
    assert "Netherlands" in page.locator("h1").inner_text()
    assert page.locator("figure.chart").count() == 3  # history, path, fan
    assert page.locator("#vis-history g.mark-symbol.role-mark path").count() > 5
    shot(page, "ally-NLD")


def test_download_data_gives_the_numbers_of_the_api(page: Any, server: str) -> None:
    page.goto("/?release=2024-06&lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    with page.expect_download() as info:
        page.locator("#fig-overview a.dl-csv").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "# release: 2024-06" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    rows = api(server, "/v1/spending/overview", release="2024-06")["data"]
    assert table["iso3"].tolist() == [r["iso3"] for r in rows]
    assert table["share_gdp_pct"].tolist() == [r["share_gdp_pct"] for r in rows]
    with page.expect_download() as xinfo:
        page.locator("#fig-overview a.dl-xlsx").click()
    sheet = pd.read_excel(xinfo.value.path(), sheet_name="data")
    assert sheet["share_gdp_pct"].tolist() == [r["share_gdp_pct"] for r in rows]


def test_download_image_gives_svg_and_png(page: Any) -> None:
    page.goto("/?release=2024-06&lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    with page.expect_download() as info:
        page.locator("#fig-overview button.dl-image[data-format='svg']").click()
    assert Path(info.value.path()).read_text(encoding="utf-8").lstrip().startswith("<svg")
    with page.expect_download() as pinfo:
        page.locator("#fig-overview button.dl-image[data-format='png']").click()
    assert Path(pinfo.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dutch_page_formats_numbers_the_dutch_way_and_is_remembered(
    page: Any, server: str
) -> None:
    page.goto("/?lang=nl&release=2024-06")
    page.wait_for_selector(DRAWN, timeout=15_000)
    assert page.locator("html").get_attribute("lang") == "nl"
    nld = next(
        r for r in api(server, "/v1/spending/overview", release="2024-06")["data"]
        if r["iso3"] == "NLD"
    )
    row = page.locator("tbody tr", has=page.locator("a[href^='/allies/NLD']"))
    cell = row.locator("td.num").first.inner_text()
    assert cell == f"{nld['share_gdp_pct']:.2f}".replace(".", ",")  # 2,05
    assert "Overzicht" in page.locator("nav").inner_text()
    shot(page, "overview-nl")
    page.goto("/funding")  # no ?lang: the cookie keeps Dutch for the visit
    page.wait_for_selector(DRAWN, timeout=15_000)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "," in page.locator("td.num").first.inner_text()
    shot(page, "funding-nl")


@pytest.mark.parametrize("path", ["/funding", "/sources", "/date", "/allies/POL", "/docs"])
def test_every_page_renders(page: Any, path: str) -> None:
    page.goto(path + "?lang=en")
    page.wait_for_selector(DRAWN, timeout=20_000)
    assert page.locator("h1").count() == 1
    assert page.locator("main").inner_text().strip()
    shot(page, path.strip("/").replace("/", "-") or "overview")


def test_date_chooser_shows_the_figures_as_published_on_that_day(page: Any) -> None:
    page.goto("/date?lang=en")
    page.fill("#as_of", "2024-01-01")
    page.locator("form.chooser button").click()
    page.wait_for_url("**/?as_of=2024-01-01*")
    page.wait_for_selector(DRAWN, timeout=15_000)
    vintage = page.locator("p.vintage").inner_text()
    assert "As published on 2024-01-01" in vintage
    assert "2023-07" in vintage  # the release in force that day (a partial one)
    assert page.locator("p.partial").count() == 1
    assert "release=" not in page.locator("#fig-overview a.dl-csv").get_attribute("href")
    assert "as_of=2024-01-01" in page.locator("#fig-overview a.dl-csv").get_attribute("href")


def test_readiness_page_draws_its_timeline_with_no_outside_request(
    page: Any, server: str
) -> None:
    seen: list[str] = []

    def record(route: Any) -> None:
        seen.append(route.request.url)
        if urlsplit(route.request.url).netloc != urlsplit(server).netloc:
            route.abort()
        else:
            route.continue_()

    page.route("**/*", record)
    page.goto("/?lang=en")
    page.wait_for_selector(DRAWN, timeout=15_000)
    page.locator("nav a[href='/readiness']").click()
    page.wait_for_url("**/readiness*")
    page.wait_for_selector(DRAWN, timeout=20_000)
    rows = api(server, "/v1/readiness/timeline", **{"from": f"{date.today().year - 1}-01-01",
                                                   "to": f"{date.today().year + 3}-12-31",
                                                   "by": "quarter"})["data"]  # fmt: skip
    cells = page.locator("#vis-readiness g.mark-rect.role-mark path")
    assert cells.count() == len(rows) > 0  # one cell per period and unit type
    assert "SYNTHETIC" in page.locator("p.synthetic").inner_text()
    assert page.locator("#fig-readiness table tbody tr").count() == len(rows)
    assert [u for u in seen if urlsplit(u).netloc != urlsplit(server).netloc] == []
    shot(page, "readiness-en")
