"""Benchmark: seconds per ally briefing (PDF and HTML) and per claim file of 50 claims.

Run: .venv/bin/python benchmarks/bench_reports.py

The first briefing of a process also pays for starting the chart renderer's JavaScript
engine and loading the shipped data; it is shown apart. Aims (issue 13): under 3 s per
ally briefing. No timing is asserted anywhere.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from burdenshare.api import claims_check
from burdenshare.api.reports import report_claims, reports_ally

ALLIES = ("NLD", "DEU", "POL", "ESP", "NOR", "EST")


def _timed(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def fifty_claims() -> dict[str, Any]:
    """50 claims over every measure, allies and years (a realistic mix of checks)."""
    allies = ["NLD", "DEU", "POL", "ESP", "NOR", "EST", "BGR", "GRC", "FRA", "ITA"]
    out = []
    for i in range(50):
        ally, year = allies[i % len(allies)], 2016 + i % 9
        kind = i % 7
        base = {"id": f"c{i:02d}", "text": f"claim {i}", "said_on": f"{2019 + i % 7}-12-01"}
        if kind == 0:
            out.append({**base, "measure": "share_of_gdp", "ally": ally, "year": year,
                        "value": 2.0, "unit": "pct"})  # fmt: skip
        elif kind == 1:
            out.append({**base, "measure": "real_change", "ally": ally, "year": year,
                        "value": 3.0, "unit": "pct"})  # fmt: skip
        elif kind == 2:
            out.append({**base, "measure": "real_change", "group": "europe_canada",
                        "year": year, "value": 4.0, "unit": "pct"})  # fmt: skip
        elif kind == 3:
            out.append({**base, "measure": "allies_at_or_above", "threshold": 2, "year": year,
                        "value": 10, "unit": "allies"})  # fmt: skip
        elif kind == 4:
            out.append({**base, "measure": "cumulative_extra_spending", "group": "europe_canada",
                        "base_year": 2016, "years": f"2017-{min(2017 + i % 6, 2023)}",
                        "value": 100, "unit": "usd_bn", "tolerance": "5%"})  # fmt: skip
        elif kind == 5:
            out.append({**base, "measure": "cost_share", "ally": ally, "period": "2021-2024",
                        "value": 3.45, "unit": "pct"})  # fmt: skip
        else:
            out.append({**base, "measure": "rule_parameter", "parameter": "readiness.nri",
                        "field": "combat_vessels", "value": 30, "unit": "vessels"})  # fmt: skip
    return {"claims": out}


def main() -> None:
    first, _ = _timed(lambda: reports_ally("NLD", lang="nl", release="2026-07"))
    print(f"first ally briefing (PDF, cold: renderer start, data load): {first:6.2f} s")
    pdf = [_timed(lambda a=a: reports_ally(a, lang="nl", release="2026-07"))[0] for a in ALLIES]
    html = [_timed(lambda a=a: reports_ally(a, lang="en", fmt="html", release="2026-07"))[0]
            for a in ALLIES]  # fmt: skip
    print(f"ally briefing PDF  ({len(ALLIES)} allies): median {statistics.median(pdf):5.2f} s, "
          f"max {max(pdf):5.2f} s (aim: < 3 s)")  # fmt: skip
    print(f"ally briefing HTML ({len(ALLIES)} allies): median {statistics.median(html):5.2f} s, "
          f"max {max(html):5.2f} s")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fifty.yaml"
        path.write_text(yaml.safe_dump(fifty_claims(), sort_keys=False), encoding="utf-8")
        checks = [_timed(lambda: claims_check(path, now="2026-12-01")) for _ in range(3)]
        frame = checks[-1][1]
        counts = frame["now_verdict"].value_counts().to_dict()
        median = statistics.median(t for t, _ in checks)
        print(f"claim file of 50 claims (check): median {median:5.2f} s (verdicts now: {counts})")
        rep, _ = _timed(lambda: report_claims(path, now="2026-12-01"))
        print(f"claim file of 50 claims (PDF report): {rep:5.2f} s")


if __name__ == "__main__":
    main()
