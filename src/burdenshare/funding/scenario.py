"""What-if scenarios on a key: a new member joins, a share is set, a cap changes.

A scenario is the one scenario model of :mod:`burdenshare.rules.scenario`: a named list of
dated overrides ("changes" here), applied *after* the baseline key is built. The changes
in force in the year asked for are applied: the baseline's shares are the weights, each
change adds a weight or a constraint, and every ally not constrained is rescaled pro rata
(the missing allies' remainder scales with them, as one block). The scenario key is
derived by :func:`burdenshare.funding.keyrules.derive_key`, so it sums to 100 and honours
every cap. A change that starts in 2030 leaves every earlier year's key as the baseline's.

>>> from burdenshare.funding.keys import make_key
>>> base = make_key("2030", {"USA": 50.0, "DEU": 30.0, "NLD": 20.0})
>>> s = Scenario("NL at 25", (change("set", "NLD", share_pct=25.0),))
>>> [(x.iso3, round(x.share_pct, 4)) for x in apply_scenario(base, s, year=2030).key.shares]
[('USA', 46.875), ('DEU', 28.125), ('NLD', 25.0)]
>>> j = Scenario("SWE joins", (change("join", "SWE", income=25.0, income_total=100.0),))
>>> round(apply_scenario(base, j, year=2030).key.get("SWE").share_pct, 4)
20.0
>>> late = Scenario("NL at 25 from 2031", (change("set", "NLD", share_pct=25.0, start=2031),))
>>> apply_scenario(base, late, year=2030).key is base
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pandas as pd

from burdenshare.funding.budgets import check_budgets
from burdenshare.funding.contributions import compare, grouped
from burdenshare.funding.errors import FundingError, RuleError
from burdenshare.funding.keyrules import (
    DerivedKey,
    derive_key,
    join_weight,
    key_multiplier,
    key_weights,
)
from burdenshare.funding.keys import Key, incomes, key_for_year
from burdenshare.funding.ministries import MinistryMap
from burdenshare.funding.solver import CAP, CAP_NEXT_LARGEST, FREEZE, SET, Constraint
from burdenshare.rules.scenario import KindSpec, Override, Scenario
from burdenshare.rules.scenario import parse_scenario as _parse
from burdenshare.text import t

JOIN = "join"
CHANGE_KINDS = (JOIN, SET, FREEZE, CAP, CAP_NEXT_LARGEST)


def _check_share(o: Override) -> None:
    v = o.get("share_pct")
    if v is None:
        raise RuleError(t("{o_kind} on {ally} needs share_pct", o_kind=o.kind, ally=o.ally))
    if not 0 <= v <= 100:
        raise RuleError(t(
            "{o_kind} on {ally}: share_pct {value:g} is not within 0-100",
            o_kind=o.kind, ally=o.ally, value=v,
        ))


def _check_join(o: Override) -> None:
    if o.get("share_pct") is not None:
        _check_share(o)
    inc, total = o.get("income"), o.get("income_total")
    if (inc is not None and inc < 0) or (total is not None and total <= 0):
        raise RuleError(t("join of {ally} needs income >= 0 and income_total > 0", ally=o.ally))


#: The kinds of change of the funding area; each names one ally (``ally:``). A ``join``
#: takes the newcomer's ``share_pct``, or its ``income`` and the key's ``income_total``
#: (the facade fills the total, and the income, from the catalog when they are missing).
KIND_SPECS: dict[str, KindSpec] = {
    JOIN: KindSpec(
        {"share_pct": float, "income": float, "income_total": float, "key_multiplier": float},
        _check_join, one_ally=True,
    ),
    SET: KindSpec({"share_pct": float}, _check_share, one_ally=True),
    FREEZE: KindSpec({}, one_ally=True),
    CAP: KindSpec({"share_pct": float}, _check_share, one_ally=True),
    CAP_NEXT_LARGEST: KindSpec({}, one_ally=True),
}


def change(
    kind: str,
    ally: str,
    share_pct: float | None = None,
    income: float | None = None,
    income_total: float | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
) -> Override:
    """One checked change (an :class:`~burdenshare.rules.scenario.Override` of one ally).

    Args:
        kind: ``join``, ``set``, ``freeze``, ``cap`` or ``cap_next_largest``.
        ally: ISO alpha-3 code.
        share_pct: for ``set`` and ``cap``; for ``join``, the newcomer's share if given.
        income, income_total: for ``join``, the newcomer's national income and the
            combined income of the key's allies, in the same unit; the newcomer's share is
            then ``100 × income / (income_total + income)``.
        start, end: the first and last year the change applies to (``None``: open).

    >>> change("cap", "usa", 15, start=2030).describe()
    'cap USA from 2030 (share_pct=15)'
    """
    given = {"share_pct": share_pct, "income": income, "income_total": income_total}
    doc: dict[str, Any] = {"kind": kind, "ally": ally}
    doc.update({k: v for k, v in given.items() if v is not None})
    if start is not None:
        doc["from"] = start
    if end is not None:
        doc["until"] = end
    return parse_scenario({"name": "change", "changes": [doc]}).overrides[0]


def parse_scenario(text: str | Mapping[str, Any], file: str = "") -> Scenario:
    """A funding scenario from YAML text or a mapping (the one format of
    :mod:`burdenshare.rules.scenario`)::

        name: NL at 4 % from 2030
        from: 2030            # or start_year: 2030; or a 'from' on each change
        changes:              # or overrides:
          - {kind: set, ally: NLD, share_pct: 4.0}
          - {kind: join, ally: UKR, share_pct: 1.0, from: 2032}

    Raises:
        RuleError: naming the file and line (for text), the change and the problem.

    >>> s = parse_scenario({"name": "x", "start_year": 2030,
    ...                     "changes": [{"kind": "cap", "ally": "usa", "share_pct": 15}]})
    >>> s.overrides[0].describe(), s.start_year
    ('cap USA from 2030 (share_pct=15)', 2030)
    """
    return _parse(text, file, kinds=KIND_SPECS, error=RuleError)


def apply_scenario(baseline: Key, scenario: Scenario, *, year: int) -> DerivedKey:
    """The scenario key derived from ``baseline`` for ``year``: only the changes in force
    in that year apply (none: the baseline's shares, unchanged).

    Raises:
        RuleError: an unknown change, a join of an ally already in the key, a join without a
            share or an income, a change on an ally not in the key.
        InfeasibleCapError: the changes cannot hold together.
    """
    weights: dict[str, Fraction] = key_weights(baseline)
    constraints: list[Constraint] = []
    joined = list(baseline.joined)
    members = set(weights) | set(baseline.missing) | set(baseline.joined)
    for ch in scenario.in_force(year):
        if ch.kind not in CHANGE_KINDS:
            raise RuleError(
                t(
                    "scenario {scenario_name!r}: unknown change {ch_kind!r}; accepted: "
                    "{CHANGE_KINDS}",
                    scenario_name=scenario.name, ch_kind=ch.kind,
                    CHANGE_KINDS=", ".join(CHANGE_KINDS),
                )
            )
        if ch.kind == JOIN:
            if ch.ally in weights or ch.ally in baseline.missing:
                raise RuleError(
                    t(
                        "scenario {scenario_name!r}: {ally} cannot join key {baseline_period}: it "
                        "already counts in it {where}",
                        scenario_name=scenario.name, ally=ch.ally, baseline_period=baseline.period,
                        where=t("(listed)") if ch.ally in weights
                        else t("(in the unallocated remainder)"),
                    )
                )
            if ch.ally in joined:
                joined.remove(ch.ally)
            share, inc, total = ch.get("share_pct"), ch.get("income"), ch.get("income_total")
            if share is not None:
                weights[ch.ally] = Fraction(0)
                constraints.append(Constraint(SET, ch.ally, share))
            elif inc is not None and total:
                if inc < 0 or total <= 0:
                    raise RuleError(
                        t(
                            "scenario {scenario_name!r}: join of {ally} needs income >= 0 and "
                            "income_total > 0",
                            scenario_name=scenario.name, ally=ch.ally,
                        )
                    )
                # through the key rule (see whatif): the one pricing of a newcomer
                weights[ch.ally] = join_weight(inc, total, ch.get("key_multiplier") or 1.0)
            else:
                raise RuleError(
                    t(
                        "scenario {scenario_name!r}: join of {ally} needs share_pct, or income and "
                        "income_total",
                        scenario_name=scenario.name, ally=ch.ally,
                    )
                )
            members.add(ch.ally)
            continue
        if ch.ally not in weights:
            raise RuleError(
                t(
                    "scenario {scenario_name!r}: {ally} has no share in key {baseline_period}; "
                    "allies with shares: {shares}",
                    scenario_name=scenario.name, ally=ch.ally, baseline_period=baseline.period,
                    shares=", ".join(s.iso3 for s in baseline.shares),
                )
            )
        if ch.kind == FREEZE:
            share = baseline.get(ch.ally)
            assert share is not None
            constraints.append(Constraint(SET, ch.ally, share.share_pct))
        else:
            constraints.append(Constraint(ch.kind, ch.ally, ch.get("share_pct")))
    derived = derive_key(
        weights,
        constraints,
        baseline.period,
        missing=baseline.missing,
        joined=joined,
        label=scenario.name,
        base_label=f"key {baseline.period}",
    )
    if not scenario.in_force(year):  # nothing changes: the baseline key itself, as published
        return replace(derived, key=baseline)
    return derived


def scenario_changes(changes: Sequence[Override]) -> str:
    """A one-line description of the changes (for titles and provenance).

    >>> scenario_changes([change("join", "UKR", 1.0, start=2032), change("freeze", "FRA")])
    'UKR joins (1.0 %) from 2032; freeze FRA'
    """
    parts = []
    for c in changes:
        share = c.get("share_pct")
        if c.kind == JOIN:
            what = f"{share} %" if share is not None else f"income {c.get('income'):g}"
            if share is None and c.get("key_multiplier"):
                what += f" × {c.get('key_multiplier'):.3f} through the key rule"
            text = f"{c.ally} joins ({what})"
        elif c.kind in (SET, CAP):
            text = f"{c.kind} {c.ally} {share:g}"
        else:
            text = f"{c.kind} {c.ally}"
        if c.start is not None:
            text += f" from {c.start}"
        if c.end is not None:
            text += f" until {c.end}"
        parts.append(text)
    return "; ".join(parts)


def scenario_over_years(
    keys: Sequence[Key],
    budgets: pd.DataFrame,
    scenario: Scenario,
    ministries: MinistryMap | None = None,
    allies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Baseline against scenario for every budget year: the key in force each year, changed
    by the changes in force that year (earlier years keep the baseline key, unchanged).

    Returns the :func:`~burdenshare.funding.contributions.compare` columns for each year,
    plus ``scenario_applies``.

    >>> from burdenshare.funding.keys import make_key
    >>> from burdenshare.funding.budgets import check_budgets
    >>> k = make_key("2021-2024", {"USA": 50.0, "DEU": 50.0})
    >>> b = pd.DataFrame({"year": [2021, 2024], "line": ["civil", "civil"],
    ...                   "amount_eur_mn": [100.0, 100.0]})
    >>> s = Scenario("x", (change("set", "DEU", share_pct=60.0, start=2023),))
    >>> o = scenario_over_years([k], b, s, allies=["DEU"])
    >>> o[["year", "scenario_applies", "change_eur_mn"]].values.tolist()
    [[2021, False, 0.0], [2024, True, 10.0]]
    """
    b = check_budgets(budgets)
    parts = []
    for year in sorted(int(y) for y in b["year"].dropna().unique()):
        base = key_for_year(keys, year)
        applies = bool(scenario.in_force(year))
        other = apply_scenario(base, scenario, year=year).key if applies else base
        part = compare(base, other, b[b["year"] == year], ministries, allies)
        part["scenario_applies"] = applies
        parts.append(part)
    return pd.concat(parts, ignore_index=True)



def whatif(
    baseline: Key,
    changes: Sequence[Override],
    budgets: pd.DataFrame,
    ministries: MinistryMap,
    allies: Sequence[str] | None = None,
    *,
    year: int | None = None,
    panel: pd.DataFrame | None = None,
    income_overrides: Mapping[str, float] | None = None,
    release: str = "",
    name: str = "scenario",
    by: str = "ally",
    lang: str = "en",
) -> pd.DataFrame:
    """A scenario key next to the baseline: shares and contributions side by side.

    Only the changes in force in ``year`` (the budget year; the key's first year by
    default) apply, so a scenario that starts in 2030 leaves a 2024 budget as the
    baseline's. A ``join`` change with ``income`` but no ``income_total`` takes as the
    total the combined GDP (:func:`burdenshare.funding.keys.incomes`, from ``panel``) of the
    key's allies in the key's first year; without ``income`` the newcomer's GDP too.

    Returns:
        :func:`compare` of the baseline and the scenario key, grouped and labelled;
        ``attrs``: ``scale`` (of the unconstrained allies), ``changes`` (one line),
        ``scenario_year``, ``income_used`` (whether GDP from ``panel`` was used) and
        ``notes``.

    Raises:
        IncomeError: GDP needed but not in ``panel`` (nor in ``income_overrides``).
    """
    in_year = baseline.start if year is None else int(year)
    members = [s.iso3 for s in baseline.shares] + list(baseline.missing)
    filled: list[Override] = []
    used = False
    for ch in changes:
        if ch.kind == JOIN and ch.get("share_pct") is None and ch.get("income_total") is None:
            if panel is None:
                raise FundingError(t(
                    "the join of {ally} needs incomes (GDP) or a share",
                    ally=ch.ally,
                ))
            used = True
            got = incomes(panel, baseline.start, members, overrides=income_overrides,
                          release=release)  # fmt: skip
            inc = ch.get("income")
            if inc is None:
                inc = incomes(panel, baseline.start, [ch.ally], overrides=income_overrides,
                              release=release)[ch.ally]  # fmt: skip
            total = sum(got.values())
            ch = ch.with_params(income=inc, income_total=total,
                                key_multiplier=key_multiplier(baseline, got))  # fmt: skip
        filled.append(ch)
    scen = Scenario(name, tuple(filled))
    der = apply_scenario(baseline, scen, year=in_year)
    frame = compare(baseline, der.key, budgets, ministries, allies)
    frame["period_to"] = name
    out = grouped(frame, ministries, by=by, lang=lang)
    out.attrs.update(
        {
            "scale": der.scale,
            "changes": scenario_changes(filled),
            "scenario_year": in_year,
            "income_used": used,
            "notes": [
                t("Scenario: {changes}.", changes=scenario_changes(filled)),
                t("Changes in force in {year}: {n} of {total}.", year=in_year,
                  n=len(scen.in_force(in_year)), total=len(filled)),
                t("Baseline shares of unconstrained allies scaled by {scale:.6f} (missing "
                  "allies' block included).", scale=der.scale),
            ],

        }
    )
    return out
