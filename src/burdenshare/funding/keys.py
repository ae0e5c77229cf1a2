"""Cost-share keys: each ally's percentage of the common budgets for a period.

A :class:`Key` holds the shares that are known, with the precision each was published with,
and the allies that were members during the period but have no share (``missing``). What
the listed shares leave of 100 % is the *unallocated* remainder: the missing allies' total,
never spread over them silently. A share may fill a gap only with status ``estimated``
(:func:`fill_estimated`).

Pure: no files, no registry look-ups; plain values in, frozen dataclasses and DataFrames out.

>>> k = make_key("2030", {"NLD": 60.0, "DEU": 40.0})
>>> k.total, k.unallocated, k.covers(2030)
(100.0, 0.0, True)
>>> make_key("2030", {"NLD": 60.0, "DEU": 45.0})
Traceback (most recent call last):
...
burdenshare.funding.errors.KeySumError: key 2030 sums to 105.000000 %, not 100 (allowed \
rounding ±0.000000 for 2 shares)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from burdenshare.funding.errors import (
    IncomeError,
    KeySumError,
    NoKeyForYearError,
    ShareError,
    UnknownPeriodError,
)
from burdenshare.funding.solver import exact
from burdenshare.text import Text, t

#: Status of a share.
PUBLISHED = "published"
DERIVED = "derived"
ESTIMATED = "estimated"
GIVEN = "given"
#: A published share scaled down to make room for allies that joined during the period
#: (:func:`burdenshare.funding.keyrules.rescale_for_accessions`): our estimate, not NATO's.
RESCALED = "rescaled"
MISSING = "missing"
JOINED = "joined"
STATUSES = (PUBLISHED, DERIVED, ESTIMATED, GIVEN, RESCALED)

#: The source recorded on a newcomer's share estimated at its accession (the method is in
#: the notes: :func:`burdenshare.funding.keyrules.rescale_for_accessions`).
ACCESSION_SOURCE = "key rule at accession (our estimate)"

#: Float slack on top of the rounding tolerance (binary floating point, not rounding).
EPS = 1e-9


def parse_period(period: str | int) -> tuple[str, int, int]:
    """Normalise a period id: ``"2021-2024"`` or ``"2020"`` (also ``2020`` or ``"2021-24"``).

    Returns:
        ``(id, start, end)``.

    Raises:
        UnknownPeriodError: not of the form YYYY or YYYY-YYYY with start <= end.

    >>> parse_period("2021-24"), parse_period(2020)
    (('2021-2024', 2021, 2024), ('2020', 2020, 2020))
    """
    text = str(period).strip()
    parts = text.split("-")
    if len(parts) > 2 or not all(p.strip().isdigit() for p in parts):
        raise UnknownPeriodError("period", period, "YYYY or YYYY-YYYY, e.g. 2021-2024")
    start = int(parts[0])
    if len(parts) == 1:
        end = start
    else:
        end = int(parts[1]) if len(parts[1].strip()) == 4 else int(parts[0].strip()[:2] + parts[1])
    if end < start or not 1900 < start < 2200:
        raise UnknownPeriodError("period", period, "YYYY or YYYY-YYYY with start <= end")
    return (str(start) if start == end else f"{start}-{end}"), start, end


def decimals_of(text: str) -> int:
    """The number of decimals a number was written with.

    >>> decimals_of("10.50"), decimals_of("22.1"), decimals_of("3")
    (2, 1, 0)
    """
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


@dataclass(frozen=True)
class Share:
    """One ally's share of a key.

    Attributes:
        iso3: the ally.
        share_pct: percent of each budget.
        decimals: decimals it was published with; ``None`` for an exact (derived) value.
        status: ``published``, ``derived``, ``estimated`` or ``given`` (by the user).
        source: source id(s) or the rule it was derived with.
    """

    iso3: str
    share_pct: float
    decimals: int | None = None
    status: str = GIVEN
    source: str = ""

    @property
    def half_unit(self) -> float:
        """Half a unit in the last published decimal (0 for exact values)."""
        return 0.0 if self.decimals is None else 0.5 * 10.0 ** (-self.decimals)


@dataclass(frozen=True)
class Key:
    """A cost-share key for a period. Build one with :func:`make_key` (which validates)."""

    period: str
    start: int
    end: int
    shares: tuple[Share, ...]
    missing: tuple[str, ...] = ()
    label: str = ""
    joined: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """Sum of the listed shares, percent."""
        return float(sum(exact(s.share_pct) for s in self.shares))

    @property
    def unallocated(self) -> float:
        """100 minus the listed shares: the missing allies' total (not attributed)."""
        return float(100 - sum(exact(s.share_pct) for s in self.shares))

    @property
    def tolerance(self) -> float:
        """Worst-case rounding of the sum: the half-units of all listed shares."""
        return sum(s.half_unit for s in self.shares)

    @property
    def name(self) -> str:
        """What to call the key in titles and notes, so that a derived or partly estimated
        key is never shown under the bare period of a published one.

        >>> make_key("2030", {"NLD": 100.0}).name
        '2030'
        >>> Key("2030", 2030, 2030, (Share("NLD", 100.0, None, DERIVED),), label="rule").name
        'rule (derived, 2030)'
        >>> Key("2030", 2030, 2030, (Share("NLD", 100.0, None, RESCALED),)).name
        '2030, rescaled for accessions'
        """
        statuses = {s.status for s in self.shares}
        if DERIVED in statuses:
            return f"{self.label or 'key'} (derived, {self.period})"
        if RESCALED in statuses:
            if any(s.status == ESTIMATED and s.source != ACCESSION_SOURCE for s in self.shares):
                return t("{period}, rescaled for accessions, with estimated shares",
                         period=self.period)  # fmt: skip
            return t("{period}, rescaled for accessions", period=self.period)
        if ESTIMATED in statuses:
            return f"{self.period} with estimated shares"
        return f"{self.label} ({self.period})" if self.label else self.period

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def allies(self) -> tuple[str, ...]:
        """Listed allies, then missing ones, then those that joined during the period."""
        return tuple(s.iso3 for s in self.shares) + self.missing + self.joined

    def covers(self, year: int) -> bool:
        return self.start <= year <= self.end

    def get(self, iso3: str) -> Share | None:
        """The share of ``iso3``, or ``None`` if the ally is missing or not in the key."""
        for s in self.shares:
            if s.iso3 == iso3:
                return s
        return None

    def status_of(self, iso3: str) -> str:
        """``published``/``derived``/``estimated``/``given``/``rescaled``, or
        ``missing``/``joined``."""
        s = self.get(iso3)
        if s is not None:
            return s.status
        return JOINED if iso3 in self.joined else MISSING

    def frame(self) -> pd.DataFrame:
        """One row per ally: ``period, iso3, share_pct, decimals, half_unit, status, source``.

        Missing allies have ``share_pct`` NaN and status ``missing``; allies that joined
        during the period (and are not in the key as published) have status ``joined``.
        ``attrs`` carry
        ``total_pct``, ``unallocated_pct``, ``n_missing`` and ``tolerance_pct``.
        """
        rows = [
            {
                "period": self.period,
                "iso3": s.iso3,
                "share_pct": s.share_pct,
                "decimals": s.decimals,
                "half_unit": s.half_unit,
                "status": s.status,
                "source": s.source,
            }
            for s in sorted(self.shares, key=lambda s: (-s.share_pct, s.iso3))
        ]
        rows += [
            {
                "period": self.period,
                "iso3": m,
                "share_pct": math.nan,
                "decimals": None,
                "half_unit": math.nan,
                "status": MISSING,
                "source": "",
            }
            for m in self.missing
        ]
        rows += [
            {
                "period": self.period,
                "iso3": m,
                "share_pct": math.nan,
                "decimals": None,
                "half_unit": math.nan,
                "status": JOINED,
                "source": "",
            }
            for m in self.joined
        ]
        out = pd.DataFrame(
            rows,
            columns=["period", "iso3", "share_pct", "decimals", "half_unit", "status", "source"],
        )
        out["decimals"] = out["decimals"].astype("Int64")
        out.attrs.update(
            {
                "period": self.period,
                "total_pct": round(self.total, 10),
                "unallocated_pct": round(self.unallocated, 10),
                "n_missing": len(self.missing),
                "tolerance_pct": round(self.tolerance, 10),
                "label": self.label,
            }
        )
        return out


def check_key(key: Key) -> Key:
    """Validate a key; return it unchanged.

    Rules: shares between 0 and 100; no ally twice (listed or missing); a complete key sums
    to 100 within the rounding of its shares (the sum of their half-units); an incomplete one
    sums to at most 100 within that rounding.

    Raises:
        ShareError: a share out of range or an ally listed twice.
        KeySumError: the sum is off beyond the rounding.
    """
    seen: set[str] = set()
    for s in key.shares:
        if not 0.0 <= s.share_pct <= 100.0 or math.isnan(s.share_pct):
            raise ShareError(
                f"key {key.period}: share of {s.iso3} is {s.share_pct}; must be within 0-100"
            )
        if s.status not in STATUSES:
            raise ShareError(
                f"key {key.period}: status {s.status!r} of {s.iso3}; accepted: "
                + ", ".join(STATUSES)
            )
        if s.iso3 in seen:
            raise ShareError(f"key {key.period}: ally {s.iso3} has two shares")
        seen.add(s.iso3)
    for m in key.missing + key.joined:
        if m in seen:
            raise ShareError(f"key {key.period}: ally {m} is both listed and missing")
        seen.add(m)
    total, tol = key.total, key.tolerance
    detail = f"allowed rounding ±{tol:.6f} for {len(key.shares)} shares"
    if key.complete and abs(total - 100.0) > tol + EPS:
        raise KeySumError(f"key {key.period} sums to {total:.6f} %, not 100 ({detail})")
    if not key.complete and total > 100.0 + tol + EPS:
        raise KeySumError(
            f"key {key.period} sums to {total:.6f} %, above 100 although "
            f"{len(key.missing)} allies are missing ({detail})"
        )
    return key


def make_key(
    period: str | int,
    shares: Mapping[str, float] | Iterable[Share],
    missing: Sequence[str] = (),
    *,
    decimals: int | None = None,
    status: str = GIVEN,
    source: str = "",
    label: str = "",
    joined: Sequence[str] = (),
) -> Key:
    """Build and validate a key.

    Args:
        period: ``"2021-2024"``, ``"2020"``...
        shares: ``{iso3: percent}`` or :class:`Share` records.
        missing: allies that were members during the period but have no share.
        decimals: precision of the mapping's values (``None``: exact).
        status, source: for a mapping, applied to every share.
        label: a name for the key (e.g. a scenario).
        joined: allies that joined during the period and are not in the key as published
            (their share is not part of the unallocated remainder).

    Raises:
        UnknownPeriodError, ShareError, KeySumError.

    >>> k = make_key("2021-2024", {"USA": 16.35, "DEU": 16.34}, ["FRA"], decimals=2)
    >>> round(k.unallocated, 2), k.missing
    (67.31, ('FRA',))
    """
    pid, start, end = parse_period(period)
    if isinstance(shares, Mapping):
        records = tuple(
            Share(str(iso3), float(v), decimals, status, source) for iso3, v in shares.items()
        )
    else:
        records = tuple(shares)
    return check_key(Key(pid, start, end, records, tuple(missing), label, tuple(joined)))


def period_hint(keys: Sequence[Key], period: str | int) -> str:
    """Where a year or span that is not a key's period lies, for an error message.

    >>> ks = [make_key("2018-2019", {"A": 100.0}), make_key("2020", {"A": 100.0})]
    >>> period_hint(ks, 2019), period_hint(ks, "2019-2020"), period_hint(ks, 2030)
    (' (2019 lies in the period 2018-2019)', ' (2019-2020 overlaps 2018-2019, 2020)', '')
    """
    try:
        pid, start, end = parse_period(period)
    except UnknownPeriodError:
        return ""
    hits = [k.period for k in keys if k.start <= end and start <= k.end and k.period != pid]
    if not hits:
        return ""
    if start == end and len(hits) == 1:
        return f" ({pid} lies in the period {hits[0]})"
    return f" ({pid} overlaps {', '.join(hits)})"


def select_key(keys: Sequence[Key], period: str | int) -> Key:
    """The key of ``period`` among ``keys``.

    Raises:
        UnknownPeriodError: naming the accepted periods (and the period a year lies in).

    >>> select_key([make_key("2018-2019", {"A": 100.0})], 2019)
    Traceback (most recent call last):
    ...
    burdenshare.funding.errors.UnknownPeriodError: unknown period 2019; accepted: 2018-2019 \
(2019 lies in the period 2018-2019)
    """
    accepted = ", ".join(k.period for k in keys) + period_hint(keys, period)
    try:
        pid = parse_period(period)[0]
    except UnknownPeriodError:
        raise UnknownPeriodError("period", period, accepted) from None
    for k in keys:
        if k.period == pid:
            return k
    raise UnknownPeriodError("period", period, accepted)


def key_for_year(keys: Sequence[Key], year: int) -> Key:
    """The key whose period contains ``year``.

    Raises:
        NoKeyForYearError: naming the periods that are covered.
    """
    for k in keys:
        if k.covers(year):
            return k
    periods = ", ".join(k.period for k in keys)
    raise NoKeyForYearError(f"no cost-share key covers {year}; keys cover: {periods}")


def fill_estimated(key: Key, estimates: Mapping[str, float], source: str) -> Key:
    """Fill missing allies with derived shares flagged ``estimated``.

    Only allies in ``key.missing`` may be filled; published shares are never replaced.

    Raises:
        ShareError: an ally is not missing from the key.
        KeySumError: the filled key sums above 100 beyond rounding.

    >>> k = make_key("2020", {"USA": 60.0}, ["DEU", "FRA"])
    >>> f = fill_estimated(k, {"DEU": 25.0}, "test")
    >>> f.get("DEU").status, f.missing
    ('estimated', ('FRA',))
    """
    for iso3 in estimates:
        if iso3 not in key.missing:
            raise ShareError(
                f"only missing allies can be filled with estimates; {iso3} is not missing "
                f"from key {key.period} (missing: {', '.join(key.missing) or 'none'})"
            )
    added = tuple(Share(i, float(v), None, ESTIMATED, source) for i, v in estimates.items())
    still = tuple(m for m in key.missing if m not in estimates)
    return check_key(replace(key, shares=key.shares + added, missing=still))


def estimate_missing(key: Key, weights: Mapping[str, float], source: str) -> Key:
    """Share the unallocated remainder over the missing allies in proportion to ``weights``.

    The result is flagged ``estimated`` ally by ally; the published shares are untouched and
    the key sums to 100.

    Raises:
        ShareError: a missing ally has no weight, or all weights are zero.

    >>> k = make_key("2020", {"USA": 60.0}, ["DEU", "FRA"])
    >>> e = estimate_missing(k, {"DEU": 3.0, "FRA": 1.0}, "GDP")
    >>> [(s.iso3, s.share_pct, s.status) for s in e.shares[1:]]
    [('DEU', 30.0, 'estimated'), ('FRA', 10.0, 'estimated')]
    """
    lacking = [m for m in key.missing if m not in weights or not weights[m] >= 0]
    if lacking:
        raise ShareError(
            f"cannot estimate missing shares of key {key.period}: no weight for "
            + ", ".join(lacking)
        )
    total_w = sum(exact(weights[m]) for m in key.missing)
    if not key.missing:
        return key
    if total_w <= 0:
        raise ShareError(f"cannot estimate missing shares of key {key.period}: weights are zero")
    rest = 100 - sum(exact(s.share_pct) for s in key.shares)
    est = {m: float(rest * exact(weights[m]) / total_w) for m in key.missing}
    return fill_estimated(key, est, source)


# -- keys from national income and from rules ----------------------------------------------

#: National-income measures a key can be derived from: panel column and description.
INCOME_MEASURES: Mapping[str, tuple[str, str]] = {
    "gdp": (
        "gdp_usd_current_bn",
        "GDP at current USD (proxy for GNI: GNI is not shipped)",
    ),
}


def incomes(
    panel: pd.DataFrame,
    year: int,
    allies: Sequence[str],
    *,
    measure: str = "gdp",
    overrides: Mapping[str, float] | None = None,
    release: str = "",
) -> dict[str, float]:
    """National income per ally for ``year`` from one NATO release (GDP, a proxy for GNI).

    Args:
        panel: the release (``catalog.panel``) with the measure's column.
        allies: which allies (ISO codes), in order.
        overrides: values for allies the release lacks (e.g. Iceland), same unit (USD bn).
        release: the release id, for the message.

    Raises:
        IncomeError: an ally without a value, naming how to supply it.

    >>> p = pd.DataFrame({"iso3": ["AAA", "BBB"], "year": 2021,
    ...                   "gdp_usd_current_bn": [10.0, float("nan")]})
    >>> incomes(p, 2021, ["AAA", "BBB"], overrides={"BBB": 2.5})
    {'AAA': 10.0, 'BBB': 2.5}
    """
    column = INCOME_MEASURES[measure][0]
    known, lacking = known_incomes(panel, year, allies, measure=measure, overrides=overrides)
    if lacking:
        where = f" in release {release}" if release else ""
        raise IncomeError(
            f"no {column} for {', '.join(lacking)}{where}, year {year}; give it "
            f"as income={{'{lacking[0]}': value}} (CLI: --income {lacking[0]}=VALUE, "
            "USD bn)"
        )
    return known


def known_incomes(
    panel: pd.DataFrame,
    year: int,
    allies: Sequence[str],
    *,
    measure: str = "gdp",
    overrides: Mapping[str, float] | None = None,
) -> tuple[dict[str, float], list[str]]:
    """The national income of the ``allies`` that have one in ``panel`` (or ``overrides``)
    for ``year``, and the allies that have none (in order); :func:`incomes` refuses the
    latter, a caller that can do without them names them.

    >>> p = pd.DataFrame({"iso3": ["AAA", "BBB"], "year": 2021,
    ...                   "gdp_usd_current_bn": [10.0, float("nan")]})
    >>> known_incomes(p, 2021, ["AAA", "BBB"])
    ({'AAA': 10.0}, ['BBB'])
    """
    column = INCOME_MEASURES[measure][0]
    sub = panel.loc[panel["year"] == year].set_index("iso3")[column].dropna()
    known = {**{str(k): float(v) for k, v in sub.items()},
             **{k: float(v) for k, v in (overrides or {}).items()}}  # fmt: skip
    return {a: known[a] for a in allies if a in known}, [a for a in allies if a not in known]


#: What the shares of a funding output rest on: NATO's formula shares by Gross National
#: Income; the income we ship is GDP, used as a proxy (:func:`income_measure`).
GNI = "GNI"
GDP_PROXY = "GDP as a proxy for GNI"


def income_measure(*, published: bool, computed: bool) -> tuple[str, Text]:
    """THE one place that says which income a funding output's shares rest on.

    Args:
        published: the output shows shares of a published key (set by NATO on GNI), or
            shares derived from one by a rule.
        computed: the output shows shares computed here from national income (the GDP we
            ship, standing in for GNI: estimated, derived from income, joins, accessions).

    Returns:
        The measure (``"GNI"``, ``"GDP as a proxy for GNI"``, both joined by ``"; "``, or
        ``""`` for an output with no shares, such as the budgets) and a sentence for people.

    >>> income_measure(published=True, computed=False)[0]
    'GNI'
    >>> m, note = income_measure(published=True, computed=True)
    >>> m
    'GNI; GDP as a proxy for GNI'
    >>> income_measure(published=False, computed=False)
    ('', 'Income measure: none; these figures hold no cost shares.')
    """
    if published and computed:
        return f"{GNI}; {GDP_PROXY}", t(
            "Income measure: the published shares rest on Gross National Income (GNI), as "
            "NATO's formula does; the shares computed here use GDP as a proxy for GNI (GNI "
            "is not shipped)."
        )
    if computed:
        return GDP_PROXY, t(
            "Income measure: shares computed here from GDP as a proxy for Gross National "
            "Income (GNI), which NATO's formula uses and which is not shipped."
        )
    if published:
        return GNI, t(
            "Income measure: Gross National Income (GNI), on which NATO sets the published "
            "shares."
        )
    return "", t("Income measure: none; these figures hold no cost shares.")


def estimate_by_income(
    key: Key, panel: pd.DataFrame, *, measure: str = "gdp", release: str = ""
) -> Key:
    """Share the key's unallocated remainder over its missing allies by national income.

    The income of the key's first year (:func:`incomes`); see :func:`estimate_missing`.
    """
    if not key.missing:
        return key
    weights = incomes(panel, key.start, list(key.missing), measure=measure, release=release)
    label = f"estimated: remainder shared by {INCOME_MEASURES[measure][1]}, {key.start}"
    return estimate_missing(key, weights, label)


def keys_table(keys: Sequence[Key]) -> pd.DataFrame:
    """One row per key: its gaps and precision.

    Columns: ``period, start, end, n_listed, n_missing, missing, joined, total_pct,
    unallocated_pct, rounding_pct, decimals``.

    >>> keys_table([make_key("2030", {"NLD": 60.0}, ["DEU"])])[["n_missing", "total_pct"]]
    ... # doctest: +NORMALIZE_WHITESPACE
       n_missing  total_pct
    0          1       60.0
    """
    rows = []
    for k in keys:
        decs = sorted({s.decimals for s in k.shares if s.decimals is not None})
        rows.append(
            {
                "period": k.period,
                "start": k.start,
                "end": k.end,
                "n_listed": len(k.shares),
                "n_missing": len(k.missing),
                "missing": ", ".join(k.missing),
                "joined": ", ".join(k.joined),
                "total_pct": round(k.total, 6),
                "unallocated_pct": round(k.unallocated, 6),
                "rounding_pct": k.tolerance,
                "decimals": "/".join(str(x) for x in decs),
            }
        )
    return pd.DataFrame(rows)


