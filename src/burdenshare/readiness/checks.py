"""Checks of pledges against a requirement: on a day, over a timeline, by Force Model tier.

Pure and vectorised (pandas/numpy): a pledge frame (:func:`burdenshare.readiness.model.frame`)
in, frames out. A unit *counts* towards a requirement on a day when

- its type is one the requirement asks for (type ``other`` never is),
- its notice to move meets the limit (``measure.meets(notice, limit, comparator="<=",
  decimals=None)``: exactly at the limit counts, one day more does not),
- the day lies in its availability window (both ends inclusive, open end allowed),
- its status is ``pledged``, or ``offered`` when offers are included (``withdrawn`` never).

A timeline reports, per month or quarter, the *lowest* count on any day of the period, so a
gap of a single day inside a month shows; it is computed from the step function of each
unit type's count (one sort of the window ends), not day by day.

>>> from datetime import date
>>> from burdenshare.readiness.model import Pledge, Requirement, frame
>>> f = frame([
...     Pledge("A", "NLD", "air_squadron", 30, date(2024, 1, 1), date(2024, 1, 15)),
...     Pledge("B", "DEU", "air_squadron", 31, date(2024, 1, 1)),
...     Pledge("C", "BEL", "air_squadron", 10, date(2024, 1, 10), status="offered"),
... ])
>>> req = Requirement("r", {"air_squadron": 1}, 30)
>>> check(f, req, date(2024, 1, 15))[["unit_type", "pledged", "offered", "counted", "shortfall"]]
      unit_type  pledged  offered  counted  shortfall
0  air_squadron        1        1        2          0
>>> t = timeline(f, periods(date(2024, 1, 1), date(2024, 2, 29), by="month"), [req, req])
>>> t[["period", "counted", "counted_with_offers", "filled", "filled_with_offers"]]
    period  counted  counted_with_offers  filled  filled_with_offers
0  2024-01        0                    1   False                True
1  2024-02        0                    1   False                True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from burdenshare.measure import meets
from burdenshare.readiness.errors import ReadinessError
from burdenshare.readiness.model import COUNTED_TYPES, UNIT_TYPES, Requirement
from burdenshare.readiness.targets import Tier, tier_of
from burdenshare.text import t

_OPEN = np.iinfo(np.int64).max // 2  # an open window end, in days since 1970


def _days(values: pd.Series | pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    """Dates as int64 days since 1970-01-01 (NaT as the open end)."""
    arr = pd.to_datetime(values).to_numpy(dtype="datetime64[D]")
    out = arr.astype(np.int64)
    out[np.isnat(arr)] = _OPEN
    return out


def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _status_mask(frame: pd.DataFrame, with_offers: bool) -> npt.NDArray[np.bool_]:
    status = frame["status"].to_numpy()
    ok = status == "pledged"
    if with_offers:
        ok = ok | (status == "offered")
    return np.asarray(ok, dtype=bool)


def _notice_ok(frame: pd.DataFrame, limit: float) -> npt.NDArray[np.bool_]:
    return meets(
        frame["notice_days"].to_numpy(dtype=np.float64), limit, comparator="<=", decimals=None
    )


def _available(frame: pd.DataFrame, day: date) -> npt.NDArray[np.bool_]:
    d = _day(day)
    return (_days(frame["available_from"]) <= d) & (d <= _days(frame["available_until"]))


def counts_mask(
    frame: pd.DataFrame, requirement: Requirement, day: date, *, with_offers: bool = True
) -> npt.NDArray[np.bool_]:
    """Which rows of ``frame`` count towards ``requirement`` on ``day`` (see the module)."""
    typed = frame["unit_type"].isin(list(requirement.counts)).to_numpy()
    return np.asarray(
        typed
        & _notice_ok(frame, requirement.max_notice_days)
        & _available(frame, day)
        & _status_mask(frame, with_offers),
        dtype=bool,
    )


def counting_units(
    frame: pd.DataFrame, requirement: Requirement, day: date, *, with_offers: bool = True
) -> pd.DataFrame:
    """The units that count towards ``requirement`` on ``day``, by type then notice."""
    out = frame.loc[counts_mask(frame, requirement, day, with_offers=with_offers)]
    return out.sort_values(["unit_type", "notice_days", "id"]).reset_index(drop=True)


def check(
    frame: pd.DataFrame, requirement: Requirement, day: date, *, with_offers: bool = True
) -> pd.DataFrame:
    """Per unit type asked for: required, pledged, offered, counted, shortfall, surplus, filled.

    ``pledged`` and ``offered`` are the units of each status that would count; ``counted``
    includes the offers only when ``with_offers``.
    """
    firm = counts_mask(frame, requirement, day, with_offers=False)
    both = counts_mask(frame, requirement, day, with_offers=True)
    types = frame["unit_type"].to_numpy()
    rows = []
    for unit_type, required in requirement.counts.items():
        of_type = types == unit_type
        pledged = int(np.count_nonzero(firm & of_type))
        offered = int(np.count_nonzero(both & of_type)) - pledged
        counted = pledged + (offered if with_offers else 0)
        rows.append(
            {
                "unit_type": unit_type,
                "required": int(required),
                "pledged": pledged,
                "offered": offered,
                "counted": counted,
                "shortfall": max(int(required) - counted, 0),
                "surplus": max(counted - int(required), 0),
                "filled": counted >= int(required),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["unit_type", "required", "pledged", "offered", "counted", "shortfall",
                 "surplus", "filled"],
    )  # fmt: skip


def tier_counts(
    frame: pd.DataFrame, tiers: Sequence[Tier], day: date, *, with_offers: bool = True
) -> pd.DataFrame:
    """Units available on ``day`` per unit type and Force Model tier (``none``: too slow).

    Every unit type has a row (zeros included); type ``other`` is listed too: the Force
    Model is not limited to the three NRI types.
    """
    live = frame.loc[_available(frame, day) & _status_mask(frame, with_offers)]
    tier = tier_of(live["notice_days"].to_numpy(dtype=np.float64), tiers)
    labels = [f"tier {t}" if t is not None else "none" for t in tier]
    columns = [f"tier {t.tier}" for t in tiers] + ["none"]
    table = pd.crosstab(live["unit_type"], pd.Categorical(labels, categories=columns), dropna=False)
    table = table.reindex(index=list(UNIT_TYPES), columns=columns, fill_value=0)
    table.index.name = "unit_type"
    out = table.reset_index()
    out.columns.name = None
    for col in columns:
        out[col] = out[col].astype("int64")
    return out


def periods(start: date, end: date, *, by: Literal["month", "quarter"] = "month") -> pd.DataFrame:
    """The months or quarters from ``start`` to ``end``, clipped to them.

    >>> periods(date(2024, 1, 15), date(2024, 7, 1), by="quarter")
      period      start        end
    0 2024Q1 2024-01-15 2024-03-31
    1 2024Q2 2024-04-01 2024-06-30
    2 2024Q3 2024-07-01 2024-07-01
    """
    if end < start:
        raise ReadinessError(t(
            "end {end} is before start {start}",
            end=end.isoformat(), start=start.isoformat(),
        ))
    if by not in ("month", "quarter"):
        raise ReadinessError(t("unknown period {by!r} (accepted: month, quarter)", by=by))
    freq = "M" if by == "month" else "Q"
    index = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)
    starts = np.maximum(index.start_time.normalize().to_numpy(), np.datetime64(start, "ns"))
    ends = np.minimum(index.end_time.normalize().to_numpy(), np.datetime64(end, "ns"))
    labels = [str(p) if by == "month" else f"{p.year}Q{p.quarter}" for p in index]
    return pd.DataFrame({"period": labels, "start": starts, "end": ends})


def _lowest(
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Lowest number of windows [starts, ends] covering a day in each query [a, b]."""
    if starts.size == 0:
        return np.zeros(a.shape, dtype=np.int64)
    days = np.concatenate([starts, np.minimum(ends, _OPEN - 1) + 1])
    delta = np.concatenate([np.ones(starts.size, np.int64), -np.ones(ends.size, np.int64)])
    order = np.argsort(days, kind="stable")
    days, delta = days[order], delta[order]
    change, first = np.unique(days, return_index=True)
    level = np.cumsum(delta)[np.r_[first[1:] - 1, days.size - 1]]  # level from each change on
    i = np.searchsorted(change, a, side="right") - 1
    at_a = np.where(i >= 0, level[np.maximum(i, 0)], 0)
    j = np.searchsorted(change, b, side="right")
    out = at_a.copy()
    inside = np.flatnonzero(j - (i + 1) > 0)
    for k in inside:  # per period with changes inside (not per unit)
        out[k] = min(int(out[k]), int(level[i[k] + 1 : j[k]].min()))
    return out


def timeline(
    frame: pd.DataFrame, spans: pd.DataFrame, requirements: Sequence[Requirement | None]
) -> pd.DataFrame:
    """Fill status per period and unit type, without and with offers.

    ``spans`` is :func:`periods`' frame; ``requirements`` holds the requirement in force at
    each period's start (``None``: no target in force, the period is left out). Counts are
    the lowest on any day of the period.
    """
    if len(requirements) != len(spans):
        raise ReadinessError(t("one requirement per period is needed"))
    a_all = _days(spans["start"])
    b_all = _days(spans["end"])
    start_days = _days(frame["available_from"])
    end_days = _days(frame["available_until"])
    types = frame["unit_type"].to_numpy()
    firm_status = _status_mask(frame, False)
    any_status = _status_mask(frame, True)
    parts: list[pd.DataFrame] = []
    distinct: dict[int, Requirement] = {}
    for req in requirements:
        if req is not None:
            distinct.setdefault(id(req), req)
    for req in distinct.values():
        rows = np.flatnonzero([r is req for r in requirements])
        a, b = a_all[rows], b_all[rows]
        notice_ok = _notice_ok(frame, req.max_notice_days)
        for unit_type, required in req.counts.items():
            base = (types == unit_type) & notice_ok
            firm = base & firm_status
            both = base & any_status
            counted = _lowest(start_days[firm], end_days[firm], a, b)
            with_offers = _lowest(start_days[both], end_days[both], a, b)
            parts.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "unit_type": unit_type,
                        "required": int(required),
                        "counted": counted,
                        "counted_with_offers": with_offers,
                        "source": req.source,
                    }
                )
            )
    columns = ["period", "start", "end", "unit_type", "required", "counted",
               "counted_with_offers", "shortfall", "shortfall_with_offers", "filled",
               "filled_with_offers", "source"]  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    order = {t: i for i, t in enumerate(COUNTED_TYPES)}
    out["_type"] = out["unit_type"].map(order)
    out = out.sort_values(["row", "_type"], kind="stable").reset_index(drop=True)
    spans_rows = spans.iloc[out["row"].to_numpy()].reset_index(drop=True)
    out["period"] = spans_rows["period"]
    out["start"] = spans_rows["start"].dt.date
    out["end"] = spans_rows["end"].dt.date
    out["shortfall"] = np.maximum(out["required"] - out["counted"], 0)
    out["shortfall_with_offers"] = np.maximum(out["required"] - out["counted_with_offers"], 0)
    out["filled"] = out["counted"] >= out["required"]
    out["filled_with_offers"] = out["counted_with_offers"] >= out["required"]
    return out[columns]
