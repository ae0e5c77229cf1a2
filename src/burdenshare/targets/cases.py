"""The targets area's behaviour cases: commitments in force, compliance, growth and paths.

Run by the one case runner (:mod:`burdenshare.cases`); this module declares the targets
inputs (:data:`CASE_KEYS`, one per case) and checks one case (:func:`check`). Kinds:

* ``rules_at: {day: 2014-09-04}`` → ``expect: {parameter: {field: value} | absent}``: the
  shipped rules in force on that day (``version``, ``kind``, ``value`` and any further
  field of the entry);
* ``compliance: {iso3, year, share_gdp_pct, ..., history: {2014: {share_gdp_pct: ...}}}``
  (one ally-year of figures, judged; ``history`` gives earlier years, read for the path's
  base year and the sub-tests) → ``expect: {commitment: {column: value}}`` (``status``,
  ``path_share_pct``, ``path_gap_usd_current_mn``, the sub-tests...);
* ``required_growth: {spending0, gdp_target_year, target_pct, years, deflator_ratio}`` →
  ``expect: {nominal_pct, real_pct}``;
* ``linear_path: {base_share_pct, target_pct, years, gdp, gdp_growth_pct}`` →
  ``expect: {path_share_pct: [...], path_spending_bn: [...]}``.

Numbers are compared at the case's ``decimals`` (default 2: half a unit of the printed
figure) or its absolute ``tolerance``.

>>> check({"required_growth": {"spending0": 37.0, "gdp_target_year": 4025.0,
...        "target_pct": 2.0, "years": 7}, "expect": {"nominal_pct": 11.74}})
[]
>>> check({"required_growth": {"spending0": 37.0, "gdp_target_year": 4025.0,
...        "target_pct": 2.0, "years": 7}, "expect": {"nominal_pct": 11.8}})
['required_growth.nominal_pct: got 11.7449, want 11.8']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from burdenshare.targets.errors import TargetsError
from burdenshare.text import t

KINDS = ("rules_at", "compliance", "required_growth", "linear_path")
#: The inputs a targets case may carry (one kind per case) and its expectations.
CASE_KEYS = (*KINDS, "expect")
#: Half a unit of the second decimal: the printed precision of shares of GDP.
DEFAULT_TOLERANCE = 0.5 * 10.0**-2 + 1e-9


def _fmt(v: Any) -> str:
    return f"{v:.6g}" if isinstance(v, float) else repr(v)


def _compare(where: str, got: Mapping[str, Any], want: Mapping[str, Any], tol: float) -> list[str]:
    from burdenshare.cases import same

    out = []
    for key, value in want.items():
        if key not in got:
            out.append(f"{where}: no field {key!r}; fields: {', '.join(map(str, got))}")
        elif isinstance(value, list):
            g = list(got[key])
            if len(g) != len(value) or not all(
                same(a, b, tol) for a, b in zip(g, value, strict=False)
            ):
                out.append(f"{where}.{key}: got {[round(float(x), 6) for x in g]}, want {value}")
        elif not same(got[key], value, tol):
            out.append(f"{where}.{key}: got {_fmt(got[key])}, want {_fmt(value)}")
    return out


def check(doc: Mapping[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> list[str]:
    """Check one targets case; return the expectations that failed (empty when it passes).

    Raises:
        TargetsError: the case names no kind, or several.
    """
    import pandas as pd

    from burdenshare import rules
    from burdenshare.targets import compliance, paths

    kinds = [k for k in KINDS if k in doc]
    if len(kinds) != 1:
        raise TargetsError(t("a targets case needs exactly one of {KINDS}", KINDS=', '.join(KINDS)))
    expect = doc["expect"]
    if not isinstance(expect, Mapping):
        raise TargetsError(t("'expect' must be a mapping"))
    failures: list[str] = []
    if "rules_at" in doc:
        now = rules.at(doc["rules_at"]["day"])
        for pid, fields in expect.items():
            if fields == "absent":
                if pid in now:
                    failures.append(f"{pid}: in force (v{now[pid].version}), want absent")
                continue
            if pid not in now:
                failures.append(f"{pid}: not in force on {now.day.isoformat()}")
                continue
            v = now[pid]
            got = {"version": v.version, "kind": v.kind, "value": v.value, **dict(v.extra)}
            failures += _compare(pid, got, fields, tolerance)
    elif "compliance" in doc:
        given = dict(doc["compliance"])
        history = given.pop("history", None) or {}
        if not isinstance(history, Mapping):
            raise TargetsError(t(
                "'history' must map years to figures ({2014: {share_gdp_pct: 1.2}})",
            ))
        row = {"release": "case", "is_estimate": False, "currency_nc": "NC", **given}
        earlier = [
            {"release": "case", "is_estimate": False, "currency_nc": "NC", "iso3": row["iso3"],
             "year": int(y), **dict(fields)}
            for y, fields in history.items()
        ]  # fmt: skip
        out = compliance.compliance(
            pd.DataFrame([*earlier, row]), rules.default_rules(), years=[int(row["year"])]
        )
        by = out.set_index("commitment")
        for commitment, fields in expect.items():
            if commitment not in by.index:
                failures.append(f"{commitment}: no such commitment; have {', '.join(by.index)}")
                continue
            failures += _compare(
                commitment, {str(k): v for k, v in by.loc[commitment].items()}, fields, tolerance
            )
    elif "required_growth" in doc:
        r = paths.required_growth(**doc["required_growth"])
        got = {"nominal_pct": r.nominal_pct, "real_pct": r.real_pct}
        failures += _compare("required_growth", got, expect, tolerance)
    else:
        c = doc["linear_path"]
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
        failures += _compare("linear_path", got, expect, tolerance)
    return failures
