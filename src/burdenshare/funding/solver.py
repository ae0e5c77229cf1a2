"""The exact key solver: shares from weights and set/freeze/cap constraints, summing to 100.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from burdenshare.funding.errors import InfeasibleCapError, RuleError, ShareError
from burdenshare.text import t

SET = "set"
FREEZE = "freeze"
CAP = "cap"
CAP_NEXT_LARGEST = "cap_next_largest"
KINDS = (SET, FREEZE, CAP, CAP_NEXT_LARGEST)
UNALLOCATED = "_unallocated"

TOTAL = Fraction(100)


def exact(value: float | str | Fraction) -> Fraction:
    """A share as an exact fraction: decimal text or a float's shortest repr.

    >>> exact(16.35), exact("0.1") + exact("0.2") == exact("0.3")
    (Fraction(327, 20), True)
    """
    if isinstance(value, Fraction):
        return value
    return Fraction(str(value).strip())


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
            raise ShareError(t(
                "weight of {iso3} is {weight}; weights must not be negative",
                iso3=iso3, weight=float(w),
            ))
    if not weights or sum(weights.values()) <= 0:
        raise ShareError(t("no positive weight: a key formula needs at least one ally"))
    fixed: dict[str, Constraint] = {}
    seen: dict[str, list[str]] = {}
    for c in constraints:
        if c.kind not in KINDS:
            raise RuleError(t(
                "unknown constraint kind {c_kind!r}; accepted: {KINDS}",
                c_kind=c.kind, KINDS=", ".join(KINDS),
            ))
        if c.ally not in weights:
            known = ", ".join(sorted(k for k in weights if not k.startswith("_")))
            raise RuleError(t(
                "constraint on {ally}, which is not in the base; allies: {known}",
                ally=c.ally, known=known,
            ))
        if c.kind in (SET, CAP):
            v = c.share_pct
            if v is None or not 0 <= v <= 100:
                raise RuleError(
                    t(
                        "{c_kind} constraint on {ally} needs share_pct within 0-100, got {value}",
                        c_kind=c.kind, ally=c.ally, value=v,
                    )
                )
        kinds = seen.setdefault(c.ally, [])
        if (
            c.kind in kinds
            or (c.kind in (SET, FREEZE) and kinds)
            or (kinds and kinds[0] in (SET, FREEZE))
        ):
            raise RuleError(
                t(
                    "conflicting constraints on {ally}: {kinds} (an ally is either fixed or "
                    "capped, each cap once)",
                    ally=c.ally, kinds=', '.join([*kinds, c.kind]),
                )
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
            t(
                "fixed shares sum to {fixed_total:g} %, above 100 ({detail})",
                fixed_total=float(fixed_total), detail=detail,
            )
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
                t(
                    "caps cannot be satisfied: with every capped ally at its cap the key reaches "
                    "only {s_lo:g} % (caps: {cap_txt}); no uncapped ally is left to take the "
                    "remaining {TOTAL:g} %",
                    s_lo=float(s_lo), cap_txt=cap_txt, TOTAL=float(TOTAL - s_lo),
                )
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
