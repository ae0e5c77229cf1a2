"""Reading a claim's figure out of the API's frames, and judging the claim against it.

Pure functions: the facade (:mod:`burdenshare.api.claims`) fetches the frames (one facade
call per release, key or rules day) and hands them here. :func:`look` reads the figure a
claim needs from one frame and says whether the frame holds it (``held``), holds nothing
of it (``absent``: an older release may) or holds only part of it (``incomplete``: not
verifiable). :func:`judge` compares a figure with the claim: ``holds``,
``does_not_hold`` or ``not_verifiable``, each with its reason.

Reasons are :class:`Reason` records (an English sentence with ``{named}`` fields, marked
for the one message catalog, and its values); the facade translates and formats them.

>>> from burdenshare.claims.model import Tolerance
>>> fig = Figure(23.0, "2024-06", Reason("in release {release}", {"release": "2024-06"}))
>>> judge(23.0, Tolerance("absolute", 0), fig)
'holds'
>>> judge(23.0, Tolerance("absolute", 0), Figure(None, "", Reason("no figure", {})))
'not_verifiable'
"""

from __future__ import annotations

import ast
import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from burdenshare.claims.model import Claim, Tolerance

if TYPE_CHECKING:
    import pandas as pd

HOLDS, DOES_NOT_HOLD, NOT_VERIFIABLE = "holds", "does_not_hold", "not_verifiable"
VERDICTS = (HOLDS, DOES_NOT_HOLD, NOT_VERIFIABLE)
HELD, ABSENT, INCOMPLETE = "held", "absent", "incomplete"
#: Decimals a figure of each unit is shown with in reasons and tables.
DECIMALS = {"pct": 2, "allies": 0, "usd_bn": 1, "usd_mn": 0, "eur_mn": 3, "": 2}


def gettext(message: str) -> str:
    """Mark a sentence for the catalog (``make i18n``); the facade translates it."""
    return message


@dataclass(frozen=True)
class Reason:
    """A sentence with ``{named}`` fields and their values (``ally`` is an ISO code, dates
    are :class:`datetime.date`, numbers are floats shown with ``decimals``)."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    decimals: int = 2


@dataclass(frozen=True)
class Figure:
    """The figure a claim is checked against (``value`` None: not verifiable), where it came
    from (a release id, a key period, a rules day) and why (or why not)."""

    value: float | str | None
    basis: str
    reason: Reason
    origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Look:
    """What one frame says about a claim's figure."""

    status: str
    value: float | str | None = None
    reason: Reason | None = None


def describe(claim: Claim) -> Reason:
    """The figure a claim is about, as a sentence (``share of GDP of {ally} in {year}``).

    >>> from burdenshare.claims.model import parse_claims
    >>> c = parse_claims({"claims": [{"id": "a", "text": "t", "said_on": "2019-12-04",
    ...     "measure": "share_of_gdp", "ally": "GRC", "year": 2019, "value": 2.28,
    ...     "unit": "pct"}]}, file="f")[0]
    >>> r = describe(c); r.template.format(**r.params)
    'the share of GDP of GRC in 2019'
    """
    a = dict(claim.args)
    m = claim.measure
    if m == "share_of_gdp":
        return Reason(gettext("the share of GDP of {ally} in {year}"), a)
    if m == "real_change":
        if "ally" in a:
            return Reason(gettext("the real change in defence spending of {ally} in {year}"), a)
        return Reason(gettext("the real change in defence spending of {group} in {year}"), a)
    if m == "allies_at_or_above":
        return Reason(
            gettext("the number of allies of {group} at or above {threshold}% of GDP in {year}"),
            a,
        )
    if m == "cumulative_extra_spending":
        return Reason(
            gettext("the extra spending of {group} over {base_year} in {years}, in constant "
                    "US dollars"), a,
        )  # fmt: skip
    if m == "cost_share":
        return Reason(gettext("the cost share of {ally} in the key for {period}"), a)
    if m == "cost_share_change":
        return Reason(
            gettext("the change in the contribution of {ally} from key {from} to key {to}"), a
        )
    return Reason(gettext("the rule parameter {parameter}"), a)


def _unit_value(claim: Claim, value: float) -> float:
    return value / 1000.0 if claim.unit == "usd_bn" else value


def _row(frame: pd.DataFrame, column: str, value: Any) -> pd.DataFrame:
    out: pd.DataFrame = frame[frame[column] == value]
    return out


def look_spending(
    claim: Claim, frame: pd.DataFrame | None, *, release: str, members: Sequence[str] = ()
) -> Look:
    """The figure of a spending measure in the frame the facade returned for one release.

    ``frame`` is None when the facade found nothing for the year (coverage). ``members``
    are the group's members that year (for counts: every one but Iceland, which has no
    armed forces, must have a share for the count to be complete).
    """
    a = claim.args
    m = claim.measure
    if frame is None or frame.empty:
        return Look(ABSENT)
    if m in ("share_of_gdp",) or (m == "real_change" and "ally" in a):
        hit = _row(frame, "iso3", a["ally"])
        if hit.empty or hit["value"].isna().all():
            return Look(
                INCOMPLETE,
                reason=Reason(
                    gettext("release {release} gives the figure for {n} allies in {year}, "
                            "not for {ally}"),
                    {"release": release, "n": len(frame), "year": a["year"], "ally": a["ally"]},
                    0,
                ),
            )  # fmt: skip
        return Look(HELD, float(hit["value"].iloc[0]))
    if m == "real_change":
        hit = _row(frame, "year", a["year"])
        if hit.empty or "real_change_pct" not in hit or hit["real_change_pct"].isna().all():
            return Look(ABSENT)
        return Look(HELD, float(hit["real_change_pct"].iloc[0]))
    if m == "allies_at_or_above":
        hit = _row(frame, "year", a["year"])
        if hit.empty:
            return Look(ABSENT)
        expected = len([c for c in members if c != "ISL"])
        of = int(hit["of"].iloc[0])
        if expected and of < expected:
            return Look(
                INCOMPLETE,
                reason=Reason(
                    gettext("release {release} gives the share of GDP of {n} of the {total} "
                            "allies in {year}"),
                    {"release": release, "n": of, "total": expected, "year": a["year"]}, 0,
                ),
            )  # fmt: skip
        return Look(HELD, float(hit["count"].iloc[0]))
    if m == "cumulative_extra_spending":
        first, last = (int(y) for y in str(a["years"]).split("-"))
        rows = frame[(frame["year"] >= first) & (frame["year"] <= last)]
        if len(rows) < last - first + 1 or rows["extra_usd_constant_mn"].isna().any():
            return Look(ABSENT)
        return Look(HELD, _unit_value(claim, float(rows["extra_usd_constant_mn"].sum())))
    raise ValueError(f"not a spending measure: {m}")  # pragma: no cover


def _month(name: str) -> int:
    return [m.lower() for m in calendar.month_abbr].index(name[:3].lower())


_DAY = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})")
_MONTH = re.compile(r"([A-Z][a-z]{2})[a-z]* (\d{4})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def latest_day(published: str) -> dt.date | None:
    """The latest day a free-text publication date allows (None: no date given).

    A day counts as itself, a month as its last day, a year as 31 December; with several
    dates the latest is taken, so a figure is never dated before it could be known.

    >>> latest_day("27 Nov 2019"), latest_day("Nov 2019"), latest_day("c. 2020")
    (datetime.date(2019, 11, 27), datetime.date(2019, 11, 30), datetime.date(2020, 12, 31))
    >>> latest_day("n.d. (covers 2020)") is None, latest_day("2019-06-25")
    (True, datetime.date(2019, 6, 25))
    """
    text = published.strip()
    if text.lower().startswith("n.d"):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    found: list[dt.date] = []
    rest = text
    for d, mon, y in _DAY.findall(rest):
        found.append(dt.date(int(y), _month(mon), int(d)))
    rest = _DAY.sub("", rest)
    for mon, y in _MONTH.findall(rest):
        if mon[:3].lower() in [m.lower() for m in calendar.month_abbr if m]:
            month = _month(mon)
            found.append(dt.date(int(y), month, calendar.monthrange(int(y), month)[1]))
    rest = _MONTH.sub("", rest)
    found += [dt.date(int(y), 12, 31) for y in _YEAR.findall(rest)]
    return max(found) if found else None


def look_key_share(
    claim: Claim, frame: pd.DataFrame, published: Mapping[str, str], *, day: dt.date | None
) -> Look:
    """An ally's share in a cost-share key (``funding_key``), known on ``day`` if its
    source was published by then (``published``: source id → its publication text).
    ``day`` None: as the key stands now."""
    a = claim.args
    hit = _row(frame, "iso3", a["ally"])
    if hit.empty or hit["share_pct"].isna().all():
        return Look(
            INCOMPLETE,
            reason=Reason(
                gettext("the key for {period} on file gives no share for {ally}"),
                {"period": a["period"], "ally": a["ally"]},
            ),
        )
    source = str(hit["source"].iloc[0])
    late = _late(source, published, day)
    return late or Look(HELD, float(hit["share_pct"].iloc[0]))


def _late(source: str, published: Mapping[str, str], day: dt.date | None) -> Look | None:
    """Not verifiable on ``day`` if the source (``;``-separated ids) came out later."""
    if day is None:
        return None
    for sid in (s.strip() for s in source.split(";") if s.strip()):
        text = published.get(sid, "")
        known = latest_day(text)
        if known is None or known > day:
            return Look(
                INCOMPLETE,
                reason=Reason(
                    gettext("its source {source} was published {published}, not known to "
                            "be on or before {day}"),
                    {"source": sid, "published": text or "n.d.", "day": day},
                ),
            )  # fmt: skip
    return None


def look_key_change(
    claim: Claim,
    compare: pd.DataFrame,
    keys: Sequence[pd.DataFrame],
    published: Mapping[str, str],
    *,
    day: dt.date | None,
) -> Look:
    """The change in an ally's contribution (``funding_compare``; by ministry when the
    claim names one), known on ``day`` if both keys' shares of the ally were published."""
    a = claim.args
    rows = compare[compare["iso3"] == a["ally"]]
    if a.get("ministry"):
        rows = rows[rows["ministry"] == a["ministry"]]
    if rows.empty or rows["change_eur_mn"].isna().any():
        return Look(
            INCOMPLETE,
            reason=Reason(gettext("the keys on file give no change for {ally}"), dict(a)),
        )
    for key in keys:
        hit = _row(key, "iso3", a["ally"])
        if not hit.empty:
            late = _late(str(hit["source"].iloc[0]), published, day)
            if late is not None:
                return late
    return Look(HELD, float(rows["change_eur_mn"].sum()))


def look_rule(claim: Claim, frame: pd.DataFrame, *, day: dt.date) -> Look:
    """A rule parameter (and ``field`` of its value) in force on ``day`` (``targets_rules``)."""
    a = claim.args
    hit = _row(frame, "parameter", a["parameter"])
    if hit.empty:
        return Look(
            INCOMPLETE,
            reason=Reason(
                gettext("no version of {parameter} is in force on {day}"),
                {"parameter": a["parameter"], "day": day},
            ),
        )
    text = str(hit["value"].iloc[0])
    value: Any = text
    if a.get("field"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            parsed = None
        if not isinstance(parsed, Mapping) or a["field"] not in parsed:
            return Look(
                INCOMPLETE,
                reason=Reason(gettext("{parameter} has no field {field}"), dict(a)),
            )
        value = parsed[a["field"]]
    try:
        return Look(HELD, float(value))
    except (TypeError, ValueError):
        return Look(HELD, str(value))


def judge(claimed: float | str, tolerance: Tolerance, figure: Figure) -> str:
    """The verdict on a claimed value against a figure (see :data:`VERDICTS`)."""
    if figure.value is None:
        return NOT_VERIFIABLE
    if isinstance(claimed, float) and isinstance(figure.value, float):
        return HOLDS if tolerance.holds(figure.value, claimed) else DOES_NOT_HOLD
    same = str(claimed).strip().casefold() == str(figure.value).strip().casefold()
    return HOLDS if same else DOES_NOT_HOLD
