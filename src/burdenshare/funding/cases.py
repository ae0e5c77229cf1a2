"""The funding area's behaviour cases: inputs (keys, budgets) and expected outputs.

Run by the one case runner (:mod:`burdenshare.cases`: ``burdenshare cases run``, the test
suite); this module declares the funding inputs and expectations (:data:`CASE_KEYS`) and
checks one case (:func:`check`). The layout is documented in
``tests/funding/cases/README.md``. Takes the parsed YAML document; the ministry mapping is
the shipped one, with the case's overrides.

>>> doc = {"keys": {"k": {"period": "2030", "shares": {"NLD": 25, "DEU": 75}}},
...        "budgets": {"civil": 200},
...        "expect": {"contributions": {"k": {"NLD": {"civil": 50}}}}}
>>> check(doc, 1e-9)
[]
>>> doc["expect"]["contributions"]["k"]["NLD"]["civil"] = 51
>>> check(doc, 1e-9)
['contributions k NLD civil: got 50, expected 51']
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from burdenshare.errors import BurdenshareError
from burdenshare.funding import errors as _errors
from burdenshare.funding.budgets import budget_base
from burdenshare.funding.contributions import compare, contributions, ministry_totals
from burdenshare.funding.errors import RuleError
from burdenshare.funding.keyrules import apply_rule, parse_constraint
from burdenshare.funding.keys import Key, make_key
from burdenshare.funding.ministries import MinistryMap
from burdenshare.funding.scenario import apply_scenario, parse_scenario
from burdenshare.text import t

#: The inputs and the expectations a funding case may carry (besides name, area, source,
#: description, tolerance/decimals).
CASE_KEYS = ("keys", "budgets", "ministries", "derive", "whatif", "expect")
EXPECT_KEYS = ("shares", "contributions", "ministries", "change", "error")
#: Absolute, EUR million or percent (hand computations are exact).
DEFAULT_TOLERANCE = 1e-9

def _build(doc: Mapping[str, Any]) -> tuple[dict[str, Key], pd.DataFrame | None, MinistryMap]:
    keys: dict[str, Key] = {}
    for name, spec in (doc.get("keys") or {}).items():
        if not isinstance(spec, Mapping) or "period" not in spec or "shares" not in spec:
            raise RuleError(t("key {name!r}: needs 'period' and 'shares'", name=name))
        keys[str(name)] = make_key(
            spec["period"],
            {str(k).upper(): _expected(v, f"key {name!r}, {k}") for k, v in spec["shares"].items()},
            [str(m).upper() for m in spec.get("missing", [])],
            decimals=spec.get("decimals"),
            label=str(name),
        )
    derive = doc.get("derive")
    if derive:
        base = keys.get(str(derive.get("from")))
        if base is None:
            raise RuleError(t(
                "derive: 'from' must name one of the keys: {keys}",
                keys=', '.join(keys),
            ))
        cons = [
            parse_constraint(c, f"derive, constraint {i}")
            for i, c in enumerate(derive.get("constraints") or [], start=1)
        ]
        keys[str(derive.get("name", "derived"))] = apply_rule(
            cons, base, str(derive.get("period", base.period))
        ).key
    whatifs = doc.get("whatif") or []
    for i, w in enumerate([whatifs] if isinstance(whatifs, Mapping) else whatifs, start=1):
        if not isinstance(w, Mapping) or set(w) - {"name", "from", "year", "scenario"}:
            raise RuleError(
                t("whatif {number}: a mapping with name, from, year and scenario", number=i)
            )
        base = keys.get(str(w.get("from")))
        if base is None:
            raise RuleError(t(
                "whatif {number}: 'from' must name one of the keys: {keys}",
                number=i, keys=', '.join(keys),
            ))
        scen = parse_scenario(w.get("scenario") or {}, f"whatif {i}")
        keys[str(w.get("name", scen.name))] = apply_scenario(base, scen, year=int(w["year"])).key
    amounts = doc.get("budgets") or {}
    unknown = set(amounts) - {"civil", "military", "nsip"}
    if unknown:
        raise _errors.UnknownBudgetLineError(
            t("budget line"), sorted(unknown)[0], ("civil", "military", "nsip")
        )
    base_frame = (
        budget_base(amounts.get("civil"), amounts.get("military"), amounts.get("nsip"))
        if amounts
        else None
    )
    mm = MinistryMap.default().with_overrides(doc.get("ministries") or {})
    return keys, base_frame, mm


def _expected(want: Any, where: str) -> float:
    """An expected number; ``null`` or ``.nan`` means "no number" (a missing share)."""
    if want is None:
        return math.nan
    try:
        return float(want)
    except (TypeError, ValueError):
        raise RuleError(t(
            "{where}: expected a number (or null for none), got {want!r}",
            where=where, want=want,
        )) from None


def _check(failures: list[str], where: str, got: float, want: Any, tol: float) -> None:
    expected = _expected(want, where)
    if math.isnan(expected) or math.isnan(got):
        if not (math.isnan(expected) and math.isnan(got)):
            shown = "NaN (no share)" if math.isnan(got) else f"{got:.10g}"
            wanted = "NaN (no share)" if math.isnan(expected) else f"{expected:.10g}"
            failures.append(f"{where}: got {shown}, expected {wanted}")
        return
    if not abs(got - expected) <= tol:
        failures.append(f"{where}: got {got:.10g}, expected {expected:.10g}")


def _value(
    table: pd.Series, index: tuple[str, str] | str, where: str, failures: list[str]
) -> float | None:
    """``table[index]`` as a float, or a failure naming what is there instead."""
    try:
        return float(table.loc[index])
    except KeyError:
        rows = ", ".join(
            "/".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in table.index
        )
        failures.append(f"{where}: no such row; rows: {rows}")
        return None


def check(doc: Mapping[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> list[str]:
    """Check one case; return the expectations that failed (empty when it passes).

    Raises:
        RuleError: the case itself is malformed (an unknown expectation, a key that is not
            defined, EUR expectations without budgets).
    """
    expect = doc.get("expect") or {}
    if set(expect) - set(EXPECT_KEYS):
        raise RuleError(
            t(
                "unknown expectations {expect}; accepted: {EXPECT_KEYS}",
                expect=sorted(set(expect) - set(EXPECT_KEYS)), EXPECT_KEYS=', '.join(EXPECT_KEYS),
            )
        )
    tol = tolerance
    failures: list[str] = []
    err = expect.get("error")
    try:
        keys, base, mm = _build(doc)
    except BurdenshareError as exc:
        if err is None:
            return [f"unexpected error: {type(exc).__name__}: {exc}"]
        if type(exc).__name__ != err.get("type") or not re.search(
            str(err.get("match", "")), str(exc)
        ):
            failures.append(f"error: got {type(exc).__name__}: {exc}; expected {err}")
        return failures
    if err is not None:
        return [f"expected {err['type']}, but no error was raised"]

    def budgets() -> pd.DataFrame:
        if base is None:
            raise RuleError(t("expectations in EUR need 'budgets'"))
        return base

    def key(n: str) -> Key:
        if n not in keys:
            raise RuleError(t("no key {n!r}; keys: {keys}", n=n, keys=', '.join(keys)))
        return keys[n]

    for kname, allies in (expect.get("shares") or {}).items():
        k = key(kname)
        for iso3, want in allies.items():
            s = k.get(str(iso3).upper())
            if s is None:
                if not math.isnan(_expected(want, f"shares {kname} {iso3}")):
                    failures.append(f"shares {kname} {iso3}: no share")
            else:
                _check(failures, f"shares {kname} {iso3}", s.share_pct, want, tol)
    for kname, allies in (expect.get("contributions") or {}).items():
        c = contributions(key(kname), budgets(), mm).set_index(["iso3", "line"])
        for iso3, lines in allies.items():
            for line, want in lines.items():
                where = f"contributions {kname} {iso3} {line}"
                got = _value(c["contribution_eur_mn"], (str(iso3).upper(), line), where, failures)
                if got is not None:
                    _check(failures, where, got, want, tol)
    for kname, allies in (expect.get("ministries") or {}).items():
        m = ministry_totals(contributions(key(kname), budgets(), mm)).set_index(
            ["iso3", "ministry"]
        )
        for iso3, mins in allies.items():
            if str(iso3).upper() not in m.index.get_level_values("iso3"):
                failures.append(f"ministries {kname} {iso3}: ally not in key {kname}")
                continue
            have = set(m.loc[str(iso3).upper()].index)
            if have != set(mins):
                failures.append(
                    f"ministries {kname} {iso3}: got {sorted(have)}, expected {sorted(mins)}"
                )
                continue
            for ministry, want in mins.items():
                got = float(m.loc[(str(iso3).upper(), ministry), "contribution_eur_mn"])
                _check(failures, f"ministries {kname} {iso3} {ministry}", got, want, tol)
    ch = expect.get("change")
    if ch:
        frame = compare(key(str(ch["from"])), key(str(ch["to"])), budgets(), mm)
        per_line = frame.set_index(["iso3", "line"])["change_eur_mn"]
        for iso3, lines in (ch.get("values") or {}).items():
            for line, want in lines.items():
                where = f"change {iso3} {line}"
                got = _value(per_line, (str(iso3).upper(), line), where, failures)
                if got is not None:
                    _check(failures, where, got, want, tol)
        # NaN if any line is NaN: a missing share is not zero
        totals = (
            frame.groupby("iso3")["change_eur_mn"]
            .sum(min_count=1)
            .mask(frame.groupby("iso3")["change_eur_mn"].agg(lambda v: bool(v.isna().any())))
        )
        for iso3, want in (ch.get("totals") or {}).items():
            where = f"change {iso3} total"
            got = _value(totals, str(iso3).upper(), where, failures)
            if got is not None:
                _check(failures, where, got, want, tol)
    return failures
