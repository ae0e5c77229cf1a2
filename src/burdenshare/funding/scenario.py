"""What-if scenarios on a key: a new member joins, a share is set, a cap changes.

A :class:`Scenario` is a named list of changes applied *after* the baseline key is built:
the baseline's shares are the weights, each change adds a weight or a constraint, and every
ally not constrained is rescaled pro rata (the missing allies' remainder scales with them,
as one block). The scenario key is derived by :func:`burdenshare.funding.keyrules.derive_key`,
so it sums to 100 and honours every cap.

>>> from burdenshare.funding.keys import make_key
>>> base = make_key("2030", {"USA": 50.0, "DEU": 30.0, "NLD": 20.0})
>>> s = Scenario("NL at 25", (Change("set", "NLD", share_pct=25.0),))
>>> [(x.iso3, round(x.share_pct, 4)) for x in apply_scenario(base, s).key.shares]
[('USA', 46.875), ('DEU', 28.125), ('NLD', 25.0)]
>>> j = Scenario("SWE joins", (Change("join", "SWE", income=25.0, income_total=100.0),))
>>> round(apply_scenario(base, j).key.get("SWE").share_pct, 4)
20.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from burdenshare.funding.budgets import check_budgets
from burdenshare.funding.contributions import compare
from burdenshare.funding.errors import RuleError
from burdenshare.funding.keyrules import DerivedKey, derive_key, key_weights
from burdenshare.funding.keys import Key, exact, key_for_year
from burdenshare.funding.ministries import MinistryMap
from burdenshare.funding.solver import CAP, CAP_NEXT_LARGEST, FREEZE, SET, Constraint

JOIN = "join"
CHANGE_KINDS = (JOIN, SET, FREEZE, CAP, CAP_NEXT_LARGEST)


@dataclass(frozen=True)
class Change:
    """One change of a scenario.

    Attributes:
        kind: ``join``, ``set``, ``freeze``, ``cap`` or ``cap_next_largest``.
        ally: ISO alpha-3 code.
        share_pct: for ``set`` and ``cap``; for ``join``, the newcomer's share if given.
        income: for ``join``, the newcomer's national income ...
        income_total: ... and the combined income of the key's allies, in the same unit;
            the newcomer's share is then ``100 × income / (income_total + income)``.
    """

    kind: str
    ally: str
    share_pct: float | None = None
    income: float | None = None
    income_total: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A named set of changes; ``start_year`` (optional) is the first year it applies to."""

    name: str
    changes: tuple[Change, ...]
    start_year: int | None = None


def apply_scenario(baseline: Key, scenario: Scenario) -> DerivedKey:
    """The scenario key derived from ``baseline``.

    Raises:
        RuleError: an unknown change, a join of an ally already in the key, a join without a
            share or an income, a change on an ally not in the key.
        InfeasibleCapError: the changes cannot hold together.
    """
    weights: dict[str, Fraction] = key_weights(baseline)
    constraints: list[Constraint] = []
    joined = list(baseline.joined)
    members = set(weights) | set(baseline.missing) | set(baseline.joined)
    for ch in scenario.changes:
        if ch.kind not in CHANGE_KINDS:
            raise RuleError(
                f"scenario {scenario.name!r}: unknown change {ch.kind!r}; accepted: "
                + ", ".join(CHANGE_KINDS)
            )
        if ch.kind == JOIN:
            if ch.ally in weights or ch.ally in baseline.missing:
                raise RuleError(
                    f"scenario {scenario.name!r}: {ch.ally} cannot join key "
                    f"{baseline.period}: it already counts in it "
                    + ("(listed)" if ch.ally in weights else "(in the unallocated remainder)")
                )
            if ch.ally in joined:
                joined.remove(ch.ally)
            if ch.share_pct is not None:
                weights[ch.ally] = Fraction(0)
                constraints.append(Constraint(SET, ch.ally, ch.share_pct))
            elif ch.income is not None and ch.income_total:
                if ch.income < 0 or ch.income_total <= 0:
                    raise RuleError(
                        f"scenario {scenario.name!r}: join of {ch.ally} needs income >= 0 "
                        "and income_total > 0"
                    )
                weights[ch.ally] = 100 * exact(ch.income) / exact(ch.income_total)
            else:
                raise RuleError(
                    f"scenario {scenario.name!r}: join of {ch.ally} needs share_pct, or income "
                    "and income_total"
                )
            members.add(ch.ally)
            continue
        if ch.ally not in weights:
            raise RuleError(
                f"scenario {scenario.name!r}: {ch.ally} has no share in key {baseline.period}; "
                "allies with shares: " + ", ".join(s.iso3 for s in baseline.shares)
            )
        if ch.kind == FREEZE:
            share = baseline.get(ch.ally)
            assert share is not None
            constraints.append(Constraint(SET, ch.ally, share.share_pct))
        else:
            constraints.append(Constraint(ch.kind, ch.ally, ch.share_pct))
    return derive_key(
        weights,
        constraints,
        baseline.period,
        missing=baseline.missing,
        joined=joined,
        label=scenario.name,
        base_label=f"key {baseline.period}",
    )


def parse_scenario(raw: Mapping[str, Any]) -> Scenario:
    """A :class:`Scenario` from a mapping (YAML): ``name``, ``changes`` (list), ``start_year``.

    Raises:
        RuleError: naming the offending change.

    >>> parse_scenario({"name": "x", "changes": [{"kind": "cap", "ally": "usa", "share_pct": 15}]})
    Scenario(name='x', changes=(Change(kind='cap', ally='USA', share_pct=15.0, income=None, \
income_total=None),), start_year=None)
    """
    changes = []
    allowed = {"kind", "ally", "share_pct", "income", "income_total"}
    for i, c in enumerate(raw.get("changes") or [], start=1):
        if not isinstance(c, Mapping) or "kind" not in c or "ally" not in c:
            raise RuleError(f"scenario change {i}: needs 'kind' and 'ally'")
        if set(c) - allowed:
            raise RuleError(
                f"scenario change {i}: unknown keys {sorted(set(c) - allowed)}; "
                f"accepted: {sorted(allowed)}"
            )
        if c["kind"] not in CHANGE_KINDS:
            raise RuleError(
                f"scenario change {i}: unknown kind {c['kind']!r}; accepted: "
                + ", ".join(CHANGE_KINDS)
            )

        def num(name: str, c: Mapping[str, Any] = c) -> float | None:
            v = c.get(name)
            return None if v is None else float(v)

        changes.append(
            Change(
                str(c["kind"]),
                str(c["ally"]).upper(),
                num("share_pct"),
                num("income"),
                num("income_total"),
            )
        )
    start = raw.get("start_year")
    return Scenario(
        str(raw.get("name", "scenario")), tuple(changes), None if start is None else int(start)
    )


def scenario_changes(changes: Sequence[Change]) -> str:
    """A one-line description of the changes (for titles and provenance)."""
    parts = []
    for c in changes:
        if c.kind == JOIN:
            what = f"{c.share_pct} %" if c.share_pct is not None else f"income {c.income:g}"
            parts.append(f"{c.ally} joins ({what})")
        elif c.kind in (SET, CAP):
            parts.append(f"{c.kind} {c.ally} {c.share_pct:g}")
        else:
            parts.append(f"{c.kind} {c.ally}")
    return "; ".join(parts)


def scenario_over_years(
    keys: Sequence[Key],
    budgets: pd.DataFrame,
    scenario: Scenario,
    ministries: MinistryMap | None = None,
    allies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Baseline against scenario for every budget year: the key in force each year, changed
    from ``scenario.start_year`` on (earlier years keep the baseline key, unchanged).

    Returns the :func:`~burdenshare.funding.contributions.compare` columns for each year,
    plus ``scenario_applies``.

    >>> from burdenshare.funding.keys import make_key
    >>> from burdenshare.funding.budgets import check_budgets
    >>> k = make_key("2021-2024", {"USA": 50.0, "DEU": 50.0})
    >>> b = pd.DataFrame({"year": [2021, 2024], "line": ["civil", "civil"],
    ...                   "amount_eur_mn": [100.0, 100.0]})
    >>> s = Scenario("x", (Change("set", "DEU", share_pct=60.0),), start_year=2023)
    >>> o = scenario_over_years([k], b, s, allies=["DEU"])
    >>> o[["year", "scenario_applies", "change_eur_mn"]].values.tolist()
    [[2021, False, 0.0], [2024, True, 10.0]]
    """
    b = check_budgets(budgets)
    parts = []
    for year in sorted(int(y) for y in b["year"].dropna().unique()):
        base = key_for_year(keys, year)
        applies = scenario.start_year is None or year >= scenario.start_year
        other = apply_scenario(base, scenario).key if applies else base
        part = compare(base, other, b[b["year"] == year], ministries, allies)
        part["scenario_applies"] = applies
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
