"""Fixtures for the service tests: a uvicorn server on a free loopback port, a headless
Chromium (Debian's ``chromium``, driven by Playwright through ``executable_path``).

In CI (``CI=true``) a missing browser fails the browser tests instead of skipping them.

The readiness ledger of these tests is a throwaway SQLite file seeded with the labelled
synthetic units (:func:`ledger_url`), set as ``BURDENSHARE_DATABASE_URL`` for the tests of
this folder and for the server they start: never the user's real data directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"


@cache
def ledger_url() -> str:
    """A throwaway SQLite ledger with the labelled synthetic units (one per test run)."""
    import burdenshare as bs

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bs-ledger-')) / 'ledger.sqlite3'}"
    bs.ledger_init(synthetic=True, url=url)
    return url


@pytest.fixture(autouse=True, scope="package")
def _throwaway_ledger() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BURDENSHARE_DATABASE_URL", ledger_url())
        mp.delenv("BURDENSHARE_TOKEN", raising=False)
        yield ledger_url()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """``burdenshare serve`` on 127.0.0.1:port; returns once it answers."""
    cmd = [sys.executable, "-m", "burdenshare", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers)]  # fmt: skip
    env = {**os.environ, "BURDENSHARE_DATABASE_URL": ledger_url()}
    env.pop("BURDENSHARE_TOKEN", None)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"the server stopped: {err[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/releases", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = free_port()
    proc = start_server(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; in CI the browser tests must run", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server, viewport={"width": 1100, "height": 900}, accept_downloads=True
    )
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
