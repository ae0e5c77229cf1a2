"""Reproduce a published key from a rule within rounding, in exact rational arithmetic.

A rule (see :mod:`burdenshare.funding.keyrules`) applied to a published base key gives a
derived key; :func:`reproduction` says, ally by ally, whether the published key is
consistent with it once every rounding of the inputs and of the published figures is
allowed for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

import pandas as pd

from burdenshare.funding.keyrules import KeyRule, apply_rule
from burdenshare.funding.keys import Key
from burdenshare.funding.solver import TOTAL, UNALLOCATED, Constraint, derive_shares, exact


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
