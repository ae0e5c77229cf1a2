"""Runs the YAML behaviour cases in ``cases/targets_cases.yaml`` (one test per case)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from burdenshare import rules
from burdenshare.targets import compliance, paths

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "targets_cases.yaml").read_text())


def _same(got: Any, want: Any, decimals: int) -> bool:
    if isinstance(want, float) or (isinstance(want, int) and not isinstance(want, bool)):
        return abs(float(got) - float(want)) <= 0.5 * 10**-decimals + 1e-9
    return bool(got == want)


def _check(where: str, got: dict[str, Any], want: dict[str, Any], decimals: int) -> None:
    for key, value in want.items():
        assert key in got, f"{where}: no field {key!r}"
        assert _same(got[key], value, decimals), f"{where}.{key}: got {got[key]!r}, want {value!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    decimals = int(case.get("decimals", 2))
    expect = case["expect"]
    if "rules_at" in case:
        now = rules.at(case["rules_at"]["day"])
        for pid, fields in expect.items():
            if fields == "absent":
                assert pid not in now, f"{pid} should not be in force"
                continue
            v = now[pid]
            got = {"version": v.version, "kind": v.kind, "value": v.value, **dict(v.extra)}
            _check(pid, got, fields, decimals)
    elif "compliance" in case:
        row = {"release": "case", "is_estimate": False, "currency_nc": "NC", **case["compliance"]}
        out = compliance.compliance(pd.DataFrame([row]), rules.default_rules())
        by = out.set_index("commitment")
        for commitment, fields in expect.items():
            _check(commitment, by.loc[commitment].to_dict(), fields, decimals)
    elif "required_growth" in case:
        r = paths.required_growth(**case["required_growth"])
        _check("required_growth", {"nominal_pct": r.nominal_pct, "real_pct": r.real_pct},
               expect, decimals)  # fmt: skip
    elif "linear_path" in case:
        c = case["linear_path"]
        n = int(c["years"])
        econ = pd.DataFrame(
            {
                "year": range(n + 1),
                "gdp_nc_bn": [
                    c["gdp"] * (1 + c["gdp_growth_pct"] / 100) ** k for k in range(n + 1)
                ],
                "deflator": 1.0,
                "xr_nc_per_usd": 1.0,
                "origin": "case",
            }
        )
        act = pd.DataFrame({"year": [0], "share_gdp_pct": [c["base_share_pct"]],
                            "is_estimate": [False]})  # fmt: skip
        p = paths.target_path(econ, act, 0, c["target_pct"], n, "linear")
        got = {
            "path_share_pct": p["path_share_pct"].tolist(),
            "path_spending_bn": (p["path_spending_nc_mn"] / 1e3).tolist(),
        }
        tol = 0.5 * 10**-decimals + 1e-9  # the published figures are rounded
        for key, want in expect.items():
            assert got[key] == pytest.approx(want, abs=tol), key
    else:
        pytest.fail(f"case {case['name']!r} has no known kind")
