"""Benchmark of the service: the main read endpoints under a bounded local load, and the time
until the overview chart is drawn in headless Chromium.

Everything runs on the loopback (127.0.0.1), bounded in requests and time, and stops by
itself. For 1 and 2 uvicorn workers (``burdenshare serve --workers N``):

- open loop at a fixed rate (default 200 requests/s for 5 s, at most 1000 requests): latency
  p50/p99 measured from each request's scheduled start (no coordinated omission);
- closed loop (16 clients, 4 s, at most 4000 requests): the most requests per second;
- new queries (10 per second per worker, 5 s): each answer computed, none kept before.

Repeated reads are answered from the answers the service keeps per ETag; "new queries" is
the cost of computing an answer (the facade call, JSON, provenance).

The reference is the same facade call in-process without HTTP (``spending_overview``,
``spending_table``...): the ratio says what HTTP, JSON and the service add, or save (the
service keeps rendered answers per ETag). Prints numbers only; asserts nothing.

    python benchmarks/bench_api.py [--rate 200] [--seconds 5] [--no-browser]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import time

import httpx

#: the main read endpoints (round robin)
ENDPOINTS = [
    "/v1/spending/overview",
    "/v1/spending/table?year=2024",
    "/v1/spending/allies/NLD",
    "/v1/targets/status?year=2025&ally=NLD",
    "/v1/funding/keys/2021-2024",
    "/v1/burden/fair-share",
]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "burdenshare", "serve", "--host", HOST, "--port", str(port),
           "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/v1/releases", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise SystemExit("the server did not start")
    return proc, base


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Pool:
    """A minimal HTTP/1.1 keep-alive client over asyncio streams (light on the CPU, so the
    load generator does not starve the server it measures on a 2-core machine)."""

    def __init__(self, base: str, size: int) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.size = host, int(port), size
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def __aenter__(self) -> Pool:
        for _ in range(self.size):
            self.free.put_nowait(await asyncio.open_connection(self.host, self.port))
        return self

    async def __aexit__(self, *_: object) -> None:
        while not self.free.empty():
            _, writer = self.free.get_nowait()
            writer.close()

    async def get(self, path: str) -> int:
        reader, writer = await self.free.get()
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            return status
        finally:
            self.free.put_nowait((reader, writer))


def distinct(path: str, i: int) -> str:
    """``path`` with a query no one asked before: its answer must be computed."""
    return f"{path}{'&' if '?' in path else '?'}run={i}"


async def open_loop(
    base: str, rate: float, seconds: float, cap: int, fresh: bool = False
) -> dict[str, float]:
    n = min(cap, int(rate * seconds))
    latencies: list[float] = []
    errors = 0
    async with Pool(base, 32) as pool:
        t0 = time.perf_counter() + 0.05

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = t0 + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            path = ENDPOINTS[i % len(ENDPOINTS)]
            status = await pool.get(distinct(path, i) if fresh else path)
            latencies.append(time.perf_counter() - scheduled)
            errors += status != 200

        await asyncio.gather(*(one(i) for i in range(n)))
        wall = time.perf_counter() - t0
    return {
        "requests": n,
        "rps": n / wall,
        "p50_ms": 1000 * pct(latencies, 50),
        "p99_ms": 1000 * pct(latencies, 99),
        "errors": errors,
    }


async def closed_loop(base: str, clients: int, seconds: float, cap: int) -> dict[str, float]:
    done = 0
    latencies: list[float] = []
    async with Pool(base, clients) as pool:
        t0 = time.perf_counter()
        end = t0 + seconds

        async def worker(k: int) -> None:
            nonlocal done
            i = k
            while time.perf_counter() < end and done < cap:
                start = time.perf_counter()
                await pool.get(ENDPOINTS[i % len(ENDPOINTS)])
                latencies.append(time.perf_counter() - start)
                done += 1
                i += clients

        await asyncio.gather(*(worker(k) for k in range(clients)))
        wall = time.perf_counter() - t0
    return {"requests": done, "rps": done / wall, "p50_ms": 1000 * pct(latencies, 50),
            "p99_ms": 1000 * pct(latencies, 99)}  # fmt: skip


def reference(repeat: int = 20) -> dict[str, float]:
    """The same facade calls in-process, no HTTP: milliseconds per call (median)."""
    from burdenshare.service import facade as f

    calls = {
        "/v1/spending/overview": lambda: f.call(f.spending_overview),
        "/v1/spending/table?year=2024": lambda: f.call(f.spending_table, year=2024),
        "/v1/spending/allies/NLD": lambda: f.call(f.spending_profile, ally="NLD"),
        "/v1/targets/status?year=2025&ally=NLD": lambda: f.call(
            f.targets_compliance, year=2025, ally="NLD"
        ),
        "/v1/funding/keys/2021-2024": lambda: f.call(f.funding_key, period="2021-2024"),
        "/v1/burden/fair-share": lambda: f.call(f.burden_fair_share),
    }
    out = {}
    for path, fn in calls.items():
        fn()  # warm (data loaded once per process, as in a worker)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[path] = 1000 * statistics.median(times)
    return out


def chart_drawn(base: str, runs: int = 5) -> list[float]:
    """Milliseconds from navigation start to the overview chart drawn (fresh context)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        return []
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        for i in range(runs):
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/?release=2024-06&n={i}")  # a new query: not a cached page
            page.wait_for_selector("html[data-charts='drawn']", timeout=20_000)
            out.append(
                float(page.evaluate("performance.getEntriesByName('charts-drawn')[0].startTime"))
            )
            context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=200.0, help="open-loop requests per second")
    ap.add_argument("--seconds", type=float, default=5.0, help="open-loop duration (max 30)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    seconds = min(args.seconds, 30.0)
    ref = reference()
    ref_ms = statistics.median(ref.values())
    print("In-process facade call (reference, no HTTP), median ms per call:")
    for path, ms in ref.items():
        print(f"  {path:42s} {ms:8.2f}")
    print()
    header = f"{'workers':>7} {'load':>24} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    rows = []
    drawn: list[float] = []
    for workers in (1, 2):
        proc, base = start(workers)
        try:
            # warm every worker: data loaded, first answers computed and kept
            asyncio.run(closed_loop(base, 16, 2.0, cap=2000))
            o = asyncio.run(open_loop(base, args.rate, seconds, cap=int(args.rate * 30)))
            c = asyncio.run(closed_loop(base, 16, 4.0, cap=4000))
            u = asyncio.run(open_loop(base, 10.0 * workers, 5.0, cap=100, fresh=True))
            rows.append((workers, f"open, {args.rate:.0f}/s x {seconds:.0f} s", o))
            rows.append((workers, "closed, 16 clients, 4 s", c))
            rows.append((workers, f"new queries, {10 * workers}/s", u))
            if workers == 1 and not args.no_browser:
                drawn = chart_drawn(base)
        finally:
            stop(proc)
    print(header)
    for workers, load, r in rows:
        print(f"{workers:>7} {load:>24} {r['requests']:>8.0f} {r['rps']:>8.0f} "
              f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}")  # fmt: skip
    errors = sum(int(r.get("errors", 0)) for _, _, r in rows)
    print(f"non-200 answers: {errors}")
    open1 = rows[0][2]
    print(
        f"\nratio p50 over HTTP (1 worker, open loop) / in-process facade call: "
        f"{open1['p50_ms'] / ref_ms:.2f} ({open1['p50_ms']:.2f} ms / {ref_ms:.2f} ms; "
        "the service keeps rendered answers per ETag)"
    )
    fresh1 = rows[2][2]
    print(
        f"ratio p50 of a new query over HTTP (1 worker) / in-process facade call: "
        f"{fresh1['p50_ms'] / ref_ms:.2f} ({fresh1['p50_ms']:.2f} ms / {ref_ms:.2f} ms)"
    )
    if drawn:
        print(
            f"overview chart drawn in Chromium: median {statistics.median(drawn):.0f} ms "
            f"(runs: {', '.join(f'{d:.0f}' for d in drawn)}; aim: under 1000 ms)"
        )
    else:
        print("overview chart drawn: not measured (no chromium, or --no-browser)")


if __name__ == "__main__":
    main()
