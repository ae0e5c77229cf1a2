"""Briefings and reports of claim checks: text read back from the PDF, the same bytes for
the same input, the first page of each report as PNG for review (build/reports/)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from burdenshare.api import reports
from burdenshare.cli import run

BUILD = Path(__file__).resolve().parents[2] / "build" / "reports"
NOW = "2026-12-01"


@pytest.fixture(scope="module")
def ally_nl() -> bytes:
    return reports.reports_ally("NLD", lang="nl", release="2026-07")


@pytest.fixture(scope="module")
def alliance_en() -> bytes:
    return reports.reports_alliance(lang="en", release="2026-07")


@pytest.fixture(scope="module")
def claims_nl() -> bytes:
    return reports.report_claims("nato_press_releases", lang="nl", now=NOW)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_the_ally_briefing_reads_back_in_dutch(ally_nl: bytes) -> None:
    assert ally_nl.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(ally_nl))
    assert len(reader.pages) == 2  # two pages, as a briefing should be
    text = _text(ally_nl)
    assert "Briefing: Nederland" in text
    assert "2,58%" in text  # the share of GDP in 2026 (release 2026-07), Dutch formatting
    assert "€ 15,1 miljoen" in text  # the civil contribution via Foreign Affairs, 2024
    assert "10 juli 2026" in text
    assert "Bronnen" in text and "NATO Public Diplomacy Division" in text
    assert "imf-weo-2025-10" in text or "World Economic Outlook" in text


def test_the_pdf_metadata_carries_the_figures_date_not_the_clock(ally_nl: bytes) -> None:
    meta = PdfReader(io.BytesIO(ally_nl)).metadata
    assert meta is not None
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20260710000000Z"
    assert meta["/Title"] == "Briefing: Nederland"


def test_the_same_input_gives_the_same_bytes(ally_nl: bytes, claims_nl: bytes) -> None:
    assert reports.reports_ally("NLD", lang="nl", release="2026-07") == ally_nl
    assert reports.report_claims("nato_press_releases", lang="nl", now=NOW) == claims_nl
    html = reports.reports_ally("NLD", lang="nl", fmt="html", release="2026-07")
    assert reports.reports_ally("NLD", lang="nl", fmt="html", release="2026-07") == html


def test_the_alliance_briefing(alliance_en: bytes) -> None:
    text = _text(alliance_en)
    assert "Briefing: the Alliance" in text and "30 of 31" in text
    assert "What changed since the previous release" in text


def test_the_claims_report(claims_nl: bytes) -> None:
    text = _text(claims_nl)
    assert "allies-2pct-2024" in text and "klopt niet" in text and "niet te controleren" in text


def test_html_has_the_charts_inline_and_the_language() -> None:
    page = reports.reports_ally("NLD", lang="nl", fmt="html", release="2026-07").decode()
    assert page.startswith("<!doctype html>") and '<html lang="nl">' in page
    assert page.count("<svg") == 3  # history, path, fan
    assert "2,58%" in page and "http://" not in page.split("<body>")[1].split("<svg")[0]


def test_readiness_appears_only_when_a_ledger_supplies_it(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = reports.ally_document("NLD", lang="en", release="2026-07")
    assert "Readiness pledges" not in [s.title for s in doc.sections]
    ledger = pd.DataFrame({"unit": ["(synthetic) 1 brigade"], "status": ["filled"]})
    monkeypatch.setattr(reports, "readiness_pledges", lambda code, lang: ledger)
    doc = reports.ally_document("NLD", lang="en", release="2026-07")
    assert "Readiness pledges" in [s.title for s in doc.sections]


def test_cli_writes_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nld.html"
    assert run(["report", "ally", "Nederland", "--lang", "nl", "--format", "html", "-o",
                str(out), "--release", "2026-07"]) == 0  # fmt: skip
    assert "Briefing: Nederland" in out.read_text(encoding="utf-8")
    pdf = tmp_path / "claims.pdf"
    assert run(["claims", "check", "nato_press_releases", "--format", "pdf", "-o", str(pdf),
                "--now", NOW]) == 0  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(["report", "ally", "Atlantis", "-o", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.count("error:") == 1


def _pdftoppm() -> str | None:
    found = shutil.which("pdftoppm")
    if found is None and os.environ.get("CI"):
        pytest.fail("pdftoppm (Debian's poppler-utils) is missing; .ci/run installs it")
    return found


@pytest.mark.parametrize("name", ["ally_nl", "alliance_en", "claims_nl"])
def test_first_page_as_png_for_review(name: str, request: pytest.FixtureRequest) -> None:
    tool = _pdftoppm()
    if tool is None:
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils)")
    pdf: bytes = request.getfixturevalue(name)
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / f"{name}.pdf").write_bytes(pdf)
    subprocess.run([tool, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(BUILD / f"{name}.pdf"), str(BUILD / name)], check=True)  # fmt: skip
    png = BUILD / f"{name}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
