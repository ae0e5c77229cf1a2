"""Key formulas: properties (hypothesis), an independent reference, and the infeasible cases."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.errors import BurdenshareError
from burdenshare.funding.errors import InfeasibleCapError, RuleError, ShareError
from burdenshare.funding.keyrules import derive_key
from burdenshare.funding.keys import make_key
from burdenshare.funding.solver import Constraint, derive_shares

IDS = [f"A{i:02d}" for i in range(30)]


def reference_water_filling(weights: dict[str, float], caps: dict[str, float]) -> dict[str, float]:
    """The textbook iteration, written independently: cap the allies above their cap,
    spread the rest pro rata over the others, repeat until nothing changes."""
    capped: dict[str, float] = {}
    while True:
        free = {k: w for k, w in weights.items() if k not in capped}
        rest = 100.0 - sum(capped.values())
        lam = rest / sum(free.values())
        over = {k: caps[k] for k, w in free.items() if k in caps and lam * w > caps[k]}
        if not over:
            return {**capped, **{k: lam * w for k, w in free.items()}}
        capped.update(over)


weights_st = st.lists(
    st.floats(min_value=0.01, max_value=1000, allow_nan=False), min_size=2, max_size=30
)


@st.composite
def problems(draw: st.DrawFn) -> tuple[dict[str, float], dict[str, float]]:
    ws = draw(weights_st)
    weights = dict(zip(IDS, ws, strict=False))
    ids = list(weights)
    n_caps = draw(st.integers(0, len(ids) - 1))
    capped = draw(st.lists(st.sampled_from(ids), min_size=n_caps, max_size=n_caps, unique=True))
    caps = {k: draw(st.floats(min_value=0.0, max_value=60.0)) for k in capped}
    return weights, caps


@settings(max_examples=80, deadline=None)
@given(problems())
def test_derived_key_sums_to_100_and_respects_caps(problem: tuple) -> None:
    weights, caps = problem
    cons = [Constraint("cap", k, v) for k, v in caps.items()]
    res = derive_shares(weights, cons)
    assert sum(res.shares.values()) == 100  # exact rational arithmetic
    for k, cap in caps.items():
        assert res.shares[k] <= Fraction(str(cap))
    # the floats of the key also sum to 100 (within float rounding)
    key = derive_key(weights, cons, "2030").key
    assert abs(key.total - 100.0) < 1e-9


@settings(max_examples=80, deadline=None)
@given(problems())
def test_redistribution_keeps_the_order_of_uncapped_allies(problem: tuple) -> None:
    weights, caps = problem
    res = derive_shares(weights, [Constraint("cap", k, v) for k, v in caps.items()])
    free = [k for k in weights if res.binding[k] == "pro_rata"]
    by_weight = sorted(free, key=lambda k: (weights[k], k))
    by_share = sorted(free, key=lambda k: (res.shares[k], k))
    assert by_weight == by_share
    # and every one of them is scaled by the same factor
    ratios = {res.shares[k] / Fraction(str(weights[k])) for k in free}
    assert len(ratios) <= 1


@settings(max_examples=80, deadline=None)
@given(problems())
def test_matches_the_reference_iteration(problem: tuple) -> None:
    weights, caps = problem
    res = derive_shares(weights, [Constraint("cap", k, v) for k, v in caps.items()])
    ref = reference_water_filling(weights, caps)
    for k in weights:
        assert float(res.shares[k]) == pytest.approx(ref[k], abs=1e-9)


def test_cap_next_largest_infeasible_with_two_allies() -> None:
    # A <= B = 30 and A + B = 100 cannot hold
    with pytest.raises(InfeasibleCapError, match="A <= next largest"):
        derive_shares(
            {"A": 1, "B": 1}, [Constraint("cap_next_largest", "A"), Constraint("set", "B", 30)]
        )


@settings(max_examples=60, deadline=None)
@given(weights_st.filter(lambda ws: len(ws) >= 3), st.data())
def test_cap_next_largest_never_exceeds_the_next_largest(
    ws: list[float], data: st.DataObject
) -> None:
    weights = dict(zip(IDS, ws, strict=False))
    top = data.draw(st.sampled_from(list(weights)))
    fixed = data.draw(st.sampled_from([k for k in weights if k != top]))
    value = data.draw(st.floats(min_value=0.0, max_value=50.0))
    res = derive_shares(
        weights, [Constraint("cap_next_largest", top), Constraint("set", fixed, value)]
    )
    others = [v for k, v in res.shares.items() if k != top]
    assert res.shares[top] <= max(others)
    assert res.shares[fixed] == Fraction(str(value))
    assert sum(res.shares.values()) == 100


def test_cap_next_largest_by_hand() -> None:
    # weights 6:3:1, A may not exceed B: A = B = 3λ, C = λ, 7λ = 100
    res = derive_shares({"A": 6, "B": 3, "C": 1}, [Constraint("cap_next_largest", "A")])
    assert res.shares == {"A": Fraction(300, 7), "B": Fraction(300, 7), "C": Fraction(100, 7)}
    assert res.binding["A"] == "cap_next_largest"


def test_cap_cascade_by_hand() -> None:
    # 50/30/20 with A <= 40 and B <= 33: A capped, B would get 60*30/50 = 36 > 33 -> capped,
    # C takes the rest 100 - 40 - 33 = 27
    res = derive_shares(
        {"A": 50, "B": 30, "C": 20}, [Constraint("cap", "A", 40), Constraint("cap", "B", 33)]
    )
    assert res.shares == {"A": 40, "B": 33, "C": 27}
    assert [res.binding[k] for k in "ABC"] == ["cap", "cap", "pro_rata"]


def test_caps_that_cannot_be_satisfied() -> None:
    with pytest.raises(InfeasibleCapError, match="reaches only 60 %"):
        derive_shares({"A": 1, "B": 1}, [Constraint("cap", "A", 30), Constraint("cap", "B", 30)])


def test_fixed_shares_above_100() -> None:
    with pytest.raises(InfeasibleCapError, match="fixed shares sum to 110 %"):
        derive_shares(
            {"A": 1, "B": 1, "C": 1}, [Constraint("set", "A", 60), Constraint("set", "B", 50)]
        )


def test_infeasible_is_a_burdenshare_error() -> None:
    assert issubclass(InfeasibleCapError, BurdenshareError)


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ([Constraint("floor", "A", 1)], "unknown constraint kind 'floor'"),
        ([Constraint("cap", "Z", 1)], "constraint on Z, which is not in the base"),
        ([Constraint("cap", "A")], "needs share_pct within 0-100"),
        ([Constraint("set", "A", 10), Constraint("cap", "A", 5)], "conflicting constraints"),
    ],
)
def test_malformed_constraints(constraints: list[Constraint], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        derive_shares({"A": 1, "B": 2}, constraints)


def test_negative_weight() -> None:
    with pytest.raises(ShareError, match="weight of A is -1"):
        derive_shares({"A": -1, "B": 2})


def test_block_scales_but_is_not_an_ally() -> None:
    # The missing allies' block (25 of 100) is bigger than B, but is not "another ally":
    # A may not exceed B (10), so A = B
    base = make_key("2020", {"A": 40.0, "B": 10.0}, ["C", "D"])
    d = derive_key(
        {"A": 40, "B": 10, "_unallocated": 50},
        [Constraint("cap_next_largest", "A")],
        "2021",
        missing=base.missing,
    )
    assert d.key.get("A").share_pct == pytest.approx(d.key.get("B").share_pct)  # type: ignore[union-attr]
    assert d.block_pct == pytest.approx(100 * 50 / 70)
    assert [s.iso3 for s in d.key.shares] == ["A", "B"]
