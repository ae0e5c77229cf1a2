"""Key formulas: shares from weights (a previous key or national income), then constraints.

The model. Every ally *i* has a weight ``w_i`` (its share in the base key, or its income).
Constraints fix some shares (``set``, ``freeze``) or bound them (``cap``: at most a value;
``cap_next_largest``: at most the largest share of any other ally). Every other ally gets
``λ·w_i`` with one common factor λ, chosen so that the key sums to 100. This is what
"the excess is redistributed pro rata over the uncapped allies until stable" converges to,
computed in one step instead of by iteration:

* For a given λ the share of each ally is ``p_i(λ) = v_i`` (fixed) or
  ``min(λ·w_i, cap_i)``; an ally with ``cap_next_largest`` gets
  ``min(p_i, max_{j≠i} p_j)`` (the unique largest is lowered to the next largest).
* The total ``S(λ)`` is continuous, non-decreasing and piecewise linear; its kinks are at
  ``cap/w`` (and, with ``cap_next_largest``, at ``value/w`` for every fixed or capped
  value). We sort the kinks, find the segment where ``S`` reaches 100 by bisection and
  solve the linear equation on it.
* Arithmetic is exact (:class:`fractions.Fraction`): the result sums to exactly 100 before
  it is turned into floats, and the number of steps is bounded by the number of kinks.

If the fixed shares exceed 100, or every ally that could absorb the excess is capped and the
caps leave the key short of 100, :class:`InfeasibleCapError` says so with the numbers.

Blocks: a weight whose id starts with ``_`` (e.g. ``_unallocated``, the missing allies of an
incomplete key) is scaled like an unconstrained ally but never counts as "another ally" for
``cap_next_largest`` (it is several allies) and never appears in the key.

>>> r = derive_shares({"A": 6, "B": 3, "C": 1}, [Constraint("cap", "A", 50)])
>>> {k: str(v) for k, v in r.shares.items()}
{'A': '50', 'B': '75/2', 'C': '25/2'}
>>> r = derive_shares({"A": 6, "B": 3, "C": 1}, [Constraint("cap_next_largest", "A")])
>>> {k: float(v) for k, v in r.shares.items()}
{'A': 42.857142857142854, 'B': 42.857142857142854, 'C': 14.285714285714286}
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd

from burdenshare.funding.errors import InfeasibleCapError, RuleError, ShareError
from burdenshare.funding.keys import DERIVED, Key, Share, check_key, exact, parse_period

SET = "set"
FREEZE = "freeze"
CAP = "cap"
CAP_NEXT_LARGEST = "cap_next_largest"
KINDS = (SET, FREEZE, CAP, CAP_NEXT_LARGEST)
UNALLOCATED = "_unallocated"

TOTAL = Fraction(100)


@dataclass(frozen=True)
class Constraint:
    """One constraint of a key formula.

    Attributes:
        kind: ``set``, ``freeze``, ``cap`` or ``cap_next_largest``.
        ally: ISO alpha-3 code.
        share_pct: the value for ``set`` and ``cap``.
        decimals: precision with which ``share_pct`` was reported (``None``: exact).
        source: source ids.
        note: free text.
    """

    kind: str
    ally: str
    share_pct: float | None = None
    decimals: int | None = None
    source: tuple[str, ...] = ()
    note: str = ""

    def describe(self) -> str:
        if self.kind == SET:
            return f"set to {self.share_pct}"
        if self.kind == CAP:
            return f"at most {self.share_pct}"
        if self.kind == FREEZE:
            return "frozen at its base share"
        return "at most the next-largest contributor"


@dataclass(frozen=True)
class Derivation:
    """The outcome of :func:`derive_shares`.

    Attributes:
        shares: exact share per id (blocks included), summing to exactly 100.
        binding: per id, which constraint binds: ``set``, ``freeze``, ``cap``,
            ``cap_next_largest`` or ``pro_rata`` (not bound).
        factor: λ times the sum of weights over 100: how much an unconstrained ally's share
            grows relative to its normalised base share (1.0 = unchanged).
    """

    shares: Mapping[str, Fraction]
    binding: Mapping[str, str]
    factor: Fraction


def _check_inputs(
    weights: Mapping[str, Fraction], constraints: Sequence[Constraint]
) -> dict[str, Constraint]:
    for iso3, w in weights.items():
        if w < 0:
            raise ShareError(f"weight of {iso3} is {float(w)}; weights must not be negative")
    if not weights or sum(weights.values()) <= 0:
        raise ShareError("no positive weight: a key formula needs at least one ally")
    fixed: dict[str, Constraint] = {}
    seen: dict[str, list[str]] = {}
    for c in constraints:
        if c.kind not in KINDS:
            raise RuleError(f"unknown constraint kind {c.kind!r}; accepted: " + ", ".join(KINDS))
        if c.ally not in weights:
            known = ", ".join(sorted(k for k in weights if not k.startswith("_")))
            raise RuleError(f"constraint on {c.ally}, which is not in the base; allies: {known}")
        if c.kind in (SET, CAP):
            v = c.share_pct
            if v is None or not 0 <= v <= 100:
                raise RuleError(
                    f"{c.kind} constraint on {c.ally} needs share_pct within 0-100, got {v}"
                )
        kinds = seen.setdefault(c.ally, [])
        if (
            c.kind in kinds
            or (c.kind in (SET, FREEZE) and kinds)
            or (kinds and kinds[0] in (SET, FREEZE))
        ):
            raise RuleError(
                f"conflicting constraints on {c.ally}: {', '.join([*kinds, c.kind])} "
                "(an ally is either fixed or capped, each cap once)"
            )
        kinds.append(c.kind)
        if c.kind in (SET, FREEZE):
            fixed[c.ally] = c
    return fixed


def derive_shares(
    weights: Mapping[str, float | Fraction | str],
    constraints: Sequence[Constraint] = (),
) -> Derivation:
    """Shares proportional to ``weights`` under ``constraints``, summing to 100.

    Args:
        weights: ally (or ``_block``) → non-negative weight.
        constraints: see :class:`Constraint`.

    Returns:
        A :class:`Derivation` with exact shares.

    Raises:
        ShareError: a negative weight, or no positive weight.
        RuleError: a malformed or conflicting constraint.
        InfeasibleCapError: the constraints cannot hold with a total of 100.

    >>> derive_shares({"A": 1, "B": 1}, [Constraint("cap", "A", 30), Constraint("cap", "B", 30)])
    Traceback (most recent call last):
    ...
    burdenshare.funding.errors.InfeasibleCapError: caps cannot be satisfied: with every \
capped ally at its cap the key reaches only 60 % (caps: A 30, B 30); no uncapped ally \
is left to take the remaining 40 %
    """
    w = {k: exact(v) for k, v in weights.items()}
    fixed_c = _check_inputs(w, constraints)
    wsum = sum(w.values())
    fixed: dict[str, Fraction] = {}
    for iso3, c in fixed_c.items():
        fixed[iso3] = exact(c.share_pct) if c.kind == SET else TOTAL * w[iso3] / wsum  # type: ignore[arg-type]
    caps = {c.ally: exact(c.share_pct) for c in constraints if c.kind == CAP}  # type: ignore[arg-type]
    rel = [c.ally for c in constraints if c.kind == CAP_NEXT_LARGEST]
    ids = list(w)

    fixed_total = sum(fixed.values(), Fraction(0))
    if fixed_total > TOTAL:
        detail = ", ".join(f"{k} {float(v):g}" for k, v in fixed.items())
        raise InfeasibleCapError(
            f"fixed shares sum to {float(fixed_total):g} %, above 100 ({detail})"
        )

    def pre(lam: Fraction) -> dict[str, Fraction]:
        out = {}
        for i in ids:
            if i in fixed:
                out[i] = fixed[i]
            else:
                v = lam * w[i]
                out[i] = min(v, caps[i]) if i in caps else v
        return out

    def shares_at(lam: Fraction) -> dict[str, Fraction]:
        p = pre(lam)
        if not rel:
            return p
        s = dict(p)
        allies = [i for i in ids if not i.startswith("_")]
        for i in rel:
            others = [p[j] for j in allies if j != i]
            if others:
                s[i] = min(p[i], max(others))
        return s

    def total(lam: Fraction) -> Fraction:
        return sum(shares_at(lam).values(), Fraction(0))

    # kinks of S(λ)
    kinks: set[Fraction] = set()
    for i, cap in caps.items():
        if w[i] > 0:
            kinks.add(cap / w[i])
    if rel:
        values = list(fixed.values()) + list(caps.values())
        for j in ids:
            if j not in fixed and w[j] > 0:
                kinks.update(v / w[j] for v in values)
    points = sorted(k for k in kinks if k > 0)

    if fixed_total == TOTAL:
        lam = Fraction(0)
    else:
        sums = _LazyTotals(points, total)
        idx = bisect.bisect_left(sums, TOTAL)  # first kink with S >= 100
        if idx < len(points):
            hi = points[idx]
            lo = points[idx - 1] if idx > 0 else Fraction(0)
        else:
            lo = points[-1] if points else Fraction(0)
            hi = lo + 1
        s_lo, s_hi = total(lo), total(hi)
        if s_hi == s_lo:
            parts = [f"{k} {float(v):g}" for k, v in caps.items()]
            parts += [f"{k} <= next largest" for k in rel]
            cap_txt = ", ".join(parts) or "none"
            raise InfeasibleCapError(
                f"caps cannot be satisfied: with every capped ally at its cap the key "
                f"reaches only {float(s_lo):g} % (caps: {cap_txt}); no uncapped ally is "
                f"left to take the remaining {float(TOTAL - s_lo):g} %"
            )
        lam = lo + (TOTAL - s_lo) * (hi - lo) / (s_hi - s_lo)
    result = shares_at(lam)
    assert sum(result.values()) == TOTAL, "exact solution must sum to 100"
    binding: dict[str, str] = {}
    for i in ids:
        if i in fixed:
            binding[i] = fixed_c[i].kind
        elif i in caps and result[i] == caps[i] and lam * w[i] > caps[i]:
            binding[i] = CAP
        elif i in rel and result[i] < lam * w[i] and result[i] < caps.get(i, result[i] + 1):
            binding[i] = CAP_NEXT_LARGEST
        else:
            binding[i] = "pro_rata"
    return Derivation(shares=result, binding=binding, factor=lam * wsum / TOTAL)


class _LazyTotals(Sequence[Fraction]):
    """S(λ) at the kinks, computed on demand (for :func:`bisect.bisect_left`)."""

    def __init__(self, points: list[Fraction], fn: Any) -> None:
        self._points = points
        self._fn = fn

    def __len__(self) -> int:
        return len(self._points)

    def __getitem__(self, i: int) -> Fraction:  # type: ignore[override]
        return self._fn(self._points[i])  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------
# Rules as data


@dataclass(frozen=True)
class KeyRule:
    """A dated key rule (see ``funding/data/key_rules.yaml``)."""

    name: str
    description: str
    base: str
    constraints: tuple[Constraint, ...]
    valid_from: date
    valid_until: date | None
    base_period: str | None = None
    period: str | None = None
    status: str = ""
    confidence: str = ""
    source: tuple[str, ...] = field(default=())

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


_RULE_KEYS = {
    "id",
    "name",
    "version",
    "description",
    "base",
    "base_period",
    "period",
    "valid_from",
    "valid_until",
    "constraints",
    "redistribution",
    "status",
    "confidence",
    "source",
}
_CONSTRAINT_KEYS = {"kind", "ally", "share_pct", "decimals", "source", "note"}


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_constraint(raw: Mapping[str, Any], where: str = "constraint") -> Constraint:
    """A :class:`Constraint` from a YAML mapping, checked.

    Raises:
        RuleError: unknown key or kind, missing ally or value.

    >>> parse_constraint({"kind": "cap", "ally": "USA", "share_pct": 20})
    Constraint(kind='cap', ally='USA', share_pct=20.0, decimals=None, source=(), note='')
    """
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: expected a mapping, got {raw!r}")
    unknown = set(raw) - _CONSTRAINT_KEYS
    if unknown:
        raise RuleError(
            f"{where}: unknown keys {sorted(unknown)}; accepted: {sorted(_CONSTRAINT_KEYS)}"
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: unknown kind {kind!r}; accepted: " + ", ".join(KINDS))
    ally = raw.get("ally")
    if not isinstance(ally, str):
        raise RuleError(f"{where}: 'ally' (ISO alpha-3 code) is required")
    value = raw.get("share_pct")
    if kind in (SET, CAP):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RuleError(f"{where}: {kind} on {ally} needs a numeric 'share_pct'")
    elif value is not None:
        raise RuleError(f"{where}: {kind} on {ally} takes no 'share_pct'")
    src = raw.get("source", ())
    return Constraint(
        kind=kind,
        ally=ally.upper(),
        share_pct=None if value is None else float(value),
        decimals=raw.get("decimals"),
        source=tuple(src) if isinstance(src, list | tuple) else (str(src),),
        note=str(raw.get("note", "")).strip(),
    )


def parse_rules(doc: Mapping[str, Any]) -> tuple[KeyRule, ...]:
    """Parse the ``rules`` list of a key-rules YAML document.

    Raises:
        RuleError: naming the rule and the offending field.
    """
    rules = []
    names: set[str] = set()
    for n, raw in enumerate(doc.get("rules", []), start=1):
        where = f"rule {n} ({raw.get('name', '?')})" if isinstance(raw, Mapping) else f"rule {n}"
        if not isinstance(raw, Mapping):
            raise RuleError(f"{where}: expected a mapping")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
        for req in ("name", "base", "valid_from", "constraints"):
            if req not in raw:
                raise RuleError(f"{where}: missing {req!r}")
        if raw["base"] not in ("previous_key", "income"):
            raise RuleError(f"{where}: base {raw['base']!r}; accepted: previous_key, income")
        if raw["base"] == "previous_key" and not raw.get("base_period"):
            raise RuleError(f"{where}: base previous_key needs base_period")
        if raw.get("redistribution", "pro_rata") != "pro_rata":
            raise RuleError(
                f"{where}: redistribution {raw['redistribution']!r}; accepted: pro_rata"
            )
        if raw["name"] in names:
            raise RuleError(f"{where}: duplicate name {raw['name']!r}")
        names.add(raw["name"])
        valid_from = _date(raw["valid_from"], where)
        until = raw.get("valid_until")
        valid_until = None if until is None else _date(until, where)
        if valid_until is not None and valid_until < valid_from:
            raise RuleError(f"{where}: valid_until {valid_until} is before valid_from")
        constraints = tuple(
            parse_constraint(c, f"{where}, constraint {i}")
            for i, c in enumerate(raw["constraints"] or [], start=1)
        )
        period = raw.get("period")
        rules.append(
            KeyRule(
                name=str(raw["name"]),
                description=" ".join(str(raw.get("description", "")).split()),
                base=raw["base"],
                constraints=constraints,
                valid_from=valid_from,
                valid_until=valid_until,
                base_period=None if raw.get("base_period") is None else str(raw["base_period"]),
                period=None if period is None else parse_period(period)[0],
                status=str(raw.get("status", "")),
                confidence=str(raw.get("confidence", "")),
                source=tuple(raw.get("source", ())),
            )
        )
    return tuple(rules)


# ------------------------------------------------------------------------------------------
# Keys from keys and from income


@dataclass(frozen=True)
class DerivedKey:
    """A derived key and how it was derived (:meth:`frame` explains it ally by ally).

    ``factor``: an unconstrained ally's share over its normalised base share; ``scale``: its
    share over its raw weight (the same when the weights sum to 100, as for a full key).
    """

    key: Key
    base: Mapping[str, float]
    binding: Mapping[str, str]
    factor: float
    block_pct: float
    base_label: str
    weight_total: float = 100.0
    scale: float = 1.0

    def frame(self) -> pd.DataFrame:
        """Per ally: ``iso3, base_pct, share_pct, change_pp, ratio, binding``.

        ``base_pct`` is the ally's weight as a percentage of all weights (blocks included):
        its share in the base key, or its share of the combined income.
        """
        rows = []
        base_total = self.weight_total
        for s in self.key.shares:
            b = self.base.get(s.iso3, math.nan)
            b_norm = 100.0 * b / base_total if base_total else math.nan
            rows.append(
                {
                    "iso3": s.iso3,
                    "base_pct": b_norm,
                    "share_pct": s.share_pct,
                    "change_pp": s.share_pct - b_norm,
                    "ratio": s.share_pct / b_norm if b_norm else math.nan,
                    "binding": self.binding.get(s.iso3, ""),
                }
            )
        out = pd.DataFrame(
            rows, columns=["iso3", "base_pct", "share_pct", "change_pp", "ratio", "binding"]
        )
        out = out.sort_values(["share_pct", "iso3"], ascending=[False, True])
        out = out.reset_index(drop=True)
        out.attrs.update(
            {
                "period": self.key.period,
                "factor": self.factor,
                "unallocated_pct": self.block_pct,
                "base": self.base_label,
            }
        )
        return out


def derive_key(
    weights: Mapping[str, float | Fraction | str],
    constraints: Sequence[Constraint],
    period: str,
    *,
    missing: Sequence[str] = (),
    joined: Sequence[str] = (),
    label: str = "",
    base_label: str = "",
) -> DerivedKey:
    """A validated :class:`Key` from weights and constraints (status ``derived``).

    Weights whose id starts with ``_`` are blocks (see module docs); their share is left
    unallocated in the key, with the ``missing`` allies.

    >>> d = derive_key({"A": 2, "B": 1, "_unallocated": 1}, [Constraint("freeze", "A")], "2030",
    ...                missing=["C"])
    >>> [(s.iso3, s.share_pct) for s in d.key.shares], d.block_pct
    ([('A', 50.0), ('B', 25.0)], 25.0)
    """
    pid, start, end = parse_period(period)
    der = derive_shares(weights, constraints)
    shares = tuple(
        Share(i, float(v), None, DERIVED, label) for i, v in der.shares.items() if i[0] != "_"
    )
    block = sum((v for i, v in der.shares.items() if i[0] == "_"), Fraction(0))
    key = check_key(Key(pid, start, end, shares, tuple(missing), label, tuple(joined)))
    return DerivedKey(
        key=key,
        base={k: float(exact(v)) for k, v in weights.items() if not str(k).startswith("_")},
        binding={k: v for k, v in der.binding.items() if k[0] != "_"},
        factor=float(der.factor),
        block_pct=float(block),
        base_label=base_label,
        weight_total=float(sum(exact(v) for v in weights.values())),
        scale=float(der.factor * TOTAL / sum(exact(v) for v in weights.values())),
    )


def key_weights(key: Key) -> dict[str, Fraction]:
    """A key's shares as exact weights, plus, for an incomplete key, its unallocated
    remainder as a block (the missing allies scale together). A complete key's shares are
    simply normalised.

    >>> from burdenshare.funding.keys import make_key
    >>> key_weights(make_key("2020", {"A": 60.5}, ["B"], decimals=1))
    {'A': Fraction(121, 2), '_unallocated': Fraction(79, 2)}
    """
    out = {s.iso3: exact(s.share_pct) for s in key.shares}
    rest = TOTAL - sum(out.values(), Fraction(0))
    if key.missing and rest > 0:
        out[UNALLOCATED] = rest
    return out


def apply_rule(
    rule: KeyRule | Sequence[Constraint],
    base: Key,
    period: str | None = None,
    *,
    missing: Sequence[str] | None = None,
    label: str | None = None,
) -> DerivedKey:
    """Apply a rule's constraints to a base key (the missing allies scale as one block).

    Args:
        rule: a :class:`KeyRule` or a list of constraints.
        base: the key the rule starts from (e.g. the 2020 key for the 2019 agreement).
        period: the period of the result; the rule's period by default.
        missing: missing allies of the result; the base's by default.
        label: recorded as the source of the derived shares.

    >>> from burdenshare.funding.keys import make_key
    >>> base = make_key("2020", {"USA": 40, "DEU": 20, "FRA": 10, "NLD": 5}, ["BEL"])
    >>> rule = [Constraint("set", "DEU", 25), Constraint("cap_next_largest", "USA"),
    ...         Constraint("freeze", "FRA")]
    >>> d = apply_rule(rule, base, "2021")
    >>> d.key.get("USA").share_pct, round(d.key.get("NLD").share_pct, 6), round(d.factor, 6)
    (25.0, 6.666667, 1.333333)
    """
    constraints = rule.constraints if isinstance(rule, KeyRule) else tuple(rule)
    if period is None:
        if isinstance(rule, KeyRule) and rule.period:
            period = rule.period
        else:
            raise RuleError("apply_rule needs a period for the derived key")
    name = label if label is not None else (rule.name if isinstance(rule, KeyRule) else "rule")
    return derive_key(
        key_weights(base),
        constraints,
        period,
        missing=base.missing if missing is None else missing,
        joined=base.joined,
        label=name,
        base_label=f"key {base.period}",
    )


def _rounding_inputs(
    base: Key, constraints: Sequence[Constraint]
) -> list[tuple[str, int, Fraction]]:
    """The rounded inputs of a rule: ``("share", j, half_unit)`` for each published base share
    and ``("constraint", j, half_unit)`` for each constraint value reported with ``decimals``."""
    out = [
        ("share", j, Fraction(1, 2) / Fraction(10) ** s.decimals)
        for j, s in enumerate(base.shares)
        if s.decimals is not None
    ]
    out += [
        ("constraint", j, Fraction(1, 2) / Fraction(10) ** c.decimals)
        for j, c in enumerate(constraints)
        if c.share_pct is not None and c.decimals is not None
    ]
    return out


def reproduction(rule: KeyRule | Sequence[Constraint], base: Key, published: Key) -> pd.DataFrame:
    """Compare the key a rule derives from ``base`` with a ``published`` key, within rounding.

    Everything is computed in exact rational arithmetic; no float slack decides a verdict.
    The tolerance for ally *i* is the worst case of two roundings:

    * the published value is rounded: half a unit in its last decimal (0.005 for 2 dp);
    * the inputs were rounded too: each published base share and each reported constraint
      value (``decimals`` in the rule) may be off by half a unit in its last decimal. The
      worst case over that box of inputs is evaluated exactly, at the two corners where
      every input moves in the direction that raises (or lowers) ally *i*'s derived share
      (the direction of each input is read from moving it alone, up and down). This is the
      exact maximum for shares that are monotone in each input over the box, as the
      linear-fractional pro-rata shares are while no cap switches on or off within it. (A
      plain sum of one-at-a-time moves falls short of it by up to ~1e-5 pp, the
      second-order terms.)

    The closed interval is used: a derived share exactly ``tolerance`` away from the
    published one is ``within``, but its ``fit`` is ``edge``, not ``inside``: it is
    consistent with the sources only if the unrounded value sits exactly on a rounding
    tie (a 5 in the next decimal) that the two figures broke in opposite directions. That
    is weak evidence and is reported as such.

    Returns:
        Per ally ``iso3, base_pct, derived_pct, published_pct, diff_pp, tolerance_pp,
        margin_pp, within, fit, binding``; ``margin_pp`` is ``tolerance_pp - |diff_pp|``;
        ``fit`` is ``inside`` (margin > 0), ``edge`` (margin exactly 0), ``outside`` or
        ``unpublished`` (no published share to compare with). ``attrs["factor"]`` is the
        pro-rata factor.

    >>> from burdenshare.funding.keys import make_key
    >>> base = make_key("2020", {"A": 50.0, "B": 30.0, "C": 20.0}, decimals=1)
    >>> pub = make_key("2021", {"A": 40.0, "B": 36.0, "C": 24.0}, decimals=1)
    >>> r = reproduction([Constraint("set", "A", 40.0, decimals=1)], base, pub)
    >>> r[["iso3", "derived_pct", "within", "fit"]].values.tolist()
    [['A', 40.0, True, 'inside'], ['B', 36.0, True, 'inside'], ['C', 24.0, True, 'inside']]
    """
    constraints = tuple(rule.constraints if isinstance(rule, KeyRule) else rule)
    name = rule.name if isinstance(rule, KeyRule) else "rule"
    derived = apply_rule(constraints, base, published.period, label=name)
    inputs = _rounding_inputs(base, constraints)

    def evaluate(moves: Mapping[int, int]) -> dict[str, Fraction]:
        """Exact derived shares with input ``n`` moved by ``moves[n]`` half-units."""
        shares = {s.iso3: exact(s.share_pct) for s in base.shares}
        cons = list(constraints)
        for n, sign in moves.items():
            what, j, half = inputs[n]
            if what == "share":
                shares[base.shares[j].iso3] += sign * half
            else:
                c = cons[j]
                cons[j] = replace(c, share_pct=float(exact(c.share_pct or 0.0) + sign * half))
        weights = dict(shares)
        rest = TOTAL - sum(shares.values(), Fraction(0))
        if base.missing and rest > 0:
            weights[UNALLOCATED] = rest
        der = derive_shares(weights, cons)
        return {k: v for k, v in der.shares.items() if not k.startswith("_")}

    centre = evaluate({})
    ups = [evaluate({n: 1}) for n in range(len(inputs))]
    downs = [evaluate({n: -1}) for n in range(len(inputs))]
    spread: dict[str, Fraction] = {}
    for iso3, c0 in centre.items():
        signs = {}
        for n in range(len(inputs)):
            slope = ups[n][iso3] - downs[n][iso3]
            if slope != 0:
                signs[n] = 1 if slope > 0 else -1
        hi = evaluate(signs)[iso3] if signs else c0
        lo = evaluate({n: -s for n, s in signs.items()})[iso3] if signs else c0
        spread[iso3] = max(abs(hi - c0), abs(lo - c0))
    rows = []
    base_frame = derived.frame()
    base_pct = {
        str(k): float(v) for k, v in zip(base_frame["iso3"], base_frame["base_pct"], strict=True)
    }
    for s in derived.key.shares:
        p = published.get(s.iso3)
        if p is None:
            pub, diff, tol, margin, fit = (math.nan,) * 4 + ("unpublished",)
        else:
            half = Fraction(0) if p.decimals is None else Fraction(1, 2) / 10**p.decimals
            d_exact = centre[s.iso3] - exact(p.share_pct)
            t_exact = half + spread[s.iso3]
            m_exact = t_exact - abs(d_exact)
            fit = "inside" if m_exact > 0 else "edge" if m_exact == 0 else "outside"
            pub, diff, tol, margin = (
                p.share_pct,
                float(d_exact),
                float(t_exact),
                float(m_exact),
            )
        rows.append(
            {
                "iso3": s.iso3,
                "base_pct": base_pct[s.iso3],
                "derived_pct": s.share_pct,
                "published_pct": pub,
                "diff_pp": diff,
                "tolerance_pp": tol,
                "margin_pp": margin,
                "within": fit in ("inside", "edge"),
                "fit": fit,
                "binding": derived.binding.get(s.iso3, ""),
            }
        )
    out = pd.DataFrame(rows).sort_values(["derived_pct", "iso3"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.attrs.update(
        {"factor": derived.factor, "period": published.period, "base_period": base.period}
    )
    return out
