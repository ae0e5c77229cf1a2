"""Properties on random small cases: the timeline sweep equals a day-by-day count, and the
aggregate sourcing model reaches the per-unit model's optimum."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.readiness import Pledge, Requirement, frame
from burdenshare.readiness.checks import periods, timeline
from burdenshare.readiness.sourcing import source

START = date(2025, 1, 1)
TYPES = ["mechanised_battalion", "air_squadron", "combat_vessel", "other"]

pledge = st.builds(
    lambda i, t, n, a, length, open_end, status: Pledge(
        f"P{i}", "NLD", t, n, START + timedelta(days=a),
        None if open_end else START + timedelta(days=a + length), status,
    ),
    st.integers(0, 10_000), st.sampled_from(TYPES), st.integers(0, 40), st.integers(-20, 100),
    st.integers(0, 60), st.booleans(), st.sampled_from(["pledged", "offered", "withdrawn"]),
)  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(st.lists(pledge, max_size=25, unique_by=lambda p: p.id), st.integers(0, 40))
def test_timeline_equals_the_daily_minimum(items: list[Pledge], limit: int) -> None:
    units = frame(items)
    req = Requirement("r", {"mechanised_battalion": 1, "air_squadron": 2, "combat_vessel": 0},
                      limit)  # fmt: skip
    spans = periods(START, START + timedelta(days=95), by="month")
    got = timeline(units, spans, [req] * len(spans))
    for _, span in spans.iterrows():
        day, low_f, low_o = span["start"].date(), dict[str, int](), dict[str, int]()
        while day <= span["end"].date():
            for offers, low in ((False, low_f), (True, low_o)):
                ok = ("pledged", "offered") if offers else ("pledged",)
                for t in req.counts:
                    n = sum(1 for p in items if p.unit_type == t and p.notice_days <= limit
                            and p.status in ok and p.available_on(day))  # fmt: skip
                    low[t] = min(low.get(t, n), n)
            day += timedelta(days=1)
        rows = got[got["period"] == span["period"]].set_index("unit_type")
        assert rows["counted"].to_dict() == low_f
        assert rows["counted_with_offers"].to_dict() == low_o


unit = st.tuples(st.sampled_from(["NLD", "DEU", "POL"]), st.sampled_from(TYPES[:3]),
                 st.integers(0, 50))  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    st.lists(unit, min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4),
                       st.sampled_from([10, 20, 30, 45])), min_size=1, max_size=4),
    st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)),
)  # fmt: skip
def test_aggregate_sourcing_is_exact(
    units_spec: list[tuple[str, str, int]],
    reqs_spec: list[tuple[int, int, int, int]],
    w: tuple[int, int, int],
) -> None:
    units = pd.DataFrame(units_spec, columns=["nation", "unit_type", "notice_days"])
    units.insert(0, "id", [f"u{i}" for i in range(len(units))])
    reqs = [Requirement(f"r{i}", dict(zip(TYPES[:3], (a, b, c), strict=True)), lim)
            for i, (a, b, c, lim) in enumerate(reqs_spec)]  # fmt: skip
    weights = dict(zip(["NLD", "DEU", "POL"], w, strict=True))
    agg = source(units, reqs, weights)
    plain = source(units, reqs, weights, formulation="units")
    assert abs(agg.objective - plain.objective) < 1e-6
    assert agg.shortfall == plain.shortfall
    assert len(agg.designations) == int(agg.fill["designated"].sum())
