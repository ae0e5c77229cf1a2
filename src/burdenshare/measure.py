"""One notion of "meets the threshold": compare a figure as it is printed.

NATO prints shares of GDP and equipment shares with two decimals, and allies, ministers and
NATO itself count an ally printed at 2.00 as meeting 2%. Every comparison with a threshold in
burdenshare (spending counts and gaps, commitment statuses, fair-share bands, readiness
notices) goes through :func:`as_printed` and :func:`meets`, so one figure cannot meet a
threshold in one table and miss it in another.

Rounding is half up from the figure's shortest decimal form (``1.995`` prints as ``2.00``,
although the binary float lies just below it); :data:`TOLERANCE` is the one tolerance,
applied to the rounded figure only to absorb binary noise.

>>> as_printed([1.995, 1.994, -0.125]).tolist()
[2.0, 1.99, -0.13]
>>> meets([1.995, 1.994, float("nan")], 2.0).tolist()
[True, False, False]
>>> meets(0.797, 0.80, decimals=2), meets(0.797, 0.80, decimals=None)
(True, False)
>>> meets(30, 30, comparator="<="), meets(31, 30, comparator="<=")
(True, False)
"""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

#: Decimals NATO prints shares with; the default precision of every comparison.
PRINTED_DECIMALS = 2
#: The one tolerance: absorbs binary noise after rounding, never a real difference.
TOLERANCE = 1e-9

Comparator = Literal[">=", "<="]


def compared_at(decimals: int | None) -> str:  # a Text: translatable
    """How figures were compared: ``"2 decimals"`` or ``"unrounded"``.

    >>> compared_at(2), compared_at(None)
    ('2 decimals', 'unrounded')
    """
    from burdenshare.text import t

    return t("unrounded") if decimals is None else t("{n} decimals", n=decimals)


@overload
def as_printed(value: float, decimals: int | None = PRINTED_DECIMALS) -> float: ...
@overload
def as_printed(value: Any, decimals: int | None = PRINTED_DECIMALS) -> npt.NDArray[np.float64]: ...
def as_printed(value: Any, decimals: int | None = PRINTED_DECIMALS) -> Any:
    """``value`` rounded half up (away from zero) to ``decimals``, as a table prints it.

    Scalars give a float, anything else a float array; NaN stays NaN. ``decimals=None``
    returns the values unchanged.
    """
    scalar = np.ndim(value) == 0
    x = np.asarray(value, dtype=np.float64)
    if decimals is None:
        return float(x) if scalar else x
    scale = 10.0**decimals
    # repr-exact half-up: nudge by a relative epsilon so 1.995 (stored as 1.99499…) prints 2.00
    scaled = np.abs(x) * scale
    rounded = np.floor(scaled + 0.5 + scaled * 4 * np.finfo(np.float64).eps) / scale
    out = np.copysign(rounded, x)
    return float(out) if scalar else out


@overload
def meets(
    value: float, threshold: float, *, comparator: Comparator = ">=",
    decimals: int | None = PRINTED_DECIMALS,
) -> bool: ...
@overload
def meets(
    value: Any, threshold: Any, *, comparator: Comparator = ">=",
    decimals: int | None = PRINTED_DECIMALS,
) -> npt.NDArray[np.bool_]: ...
def meets(
    value: Any,
    threshold: Any,
    *,
    comparator: Comparator = ">=",
    decimals: int | None = PRINTED_DECIMALS,
) -> Any:
    """Whether ``value``, as printed with ``decimals``, meets ``threshold``.

    ``comparator`` is ``">="`` (at or above: spending shares) or ``"<="`` (at or below:
    notice to move in days, the US cap). A missing value (NaN) never meets. Scalars give a
    bool, anything else a bool array.
    """
    scalar = np.ndim(value) == 0 and np.ndim(threshold) == 0
    x = as_printed(np.asarray(value, dtype=np.float64), decimals)
    t = np.asarray(threshold, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        if comparator == ">=":
            out = x >= t - TOLERANCE
        elif comparator == "<=":
            out = x <= t + TOLERANCE
        else:
            raise ValueError(f"comparator {comparator!r}; accepted: >=, <=")
    out = out & ~np.isnan(x)
    return bool(out) if scalar else out


def gap(value: Any, threshold: Any, *, decimals: int | None = PRINTED_DECIMALS) -> Any:
    """``threshold`` minus ``value`` as printed (percentage points; negative: above).

    >>> gap(1.995, 2.0), gap([1.5, 2.5], 2.0).tolist()
    (0.0, [0.5, -0.5])
    """
    scalar = np.ndim(value) == 0 and np.ndim(threshold) == 0
    out = np.asarray(threshold, dtype=np.float64) - as_printed(
        np.asarray(value, dtype=np.float64), decimals
    )
    out = np.where(np.abs(out) <= TOLERANCE, 0.0, out)
    return float(out) if scalar else out
