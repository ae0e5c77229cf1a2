"""Cost-share key rules as dated rules, and keys derived from weights under constraints.

A key rule is a version in THE dated-rule model (:mod:`burdenshare.rules.model`): the same
entry format as the commitments (``id``, ``version``, ``valid_from``/``valid_until`` with
the same partial-date semantics, ``status``, ``confidence``, ``source``), parsed by the one
rules parser (:func:`burdenshare.rules.loader.parse_rules`) with the :data:`KEY_RULES`
family. Its ``value`` says how the key is derived::

    value:
      base: previous_key          # or: income
      base_period: "2020"         # the key it starts from (previous_key only)
      period: "2021-2024"         # the period of the derived key (null: analytical)
      constraints: [{kind: set, ally: DEU, share_pct: 16.35, decimals: 2, source: [...]}]
      redistribution: pro_rata

:class:`KeyRule` is the funding view of such a version (its constraints parsed);
``RuleSet.at(day)`` and ``RuleSet.history(id)`` work on key rules as on commitments.

>>> rules = parse_key_rules('''
... parameters:
...   - id: funding.cost_share_key.x
...     name: x
...     version: 1
...     description: US capped at 20
...     value: {base: income, constraints: [{kind: cap, ally: USA, share_pct: 20}]}
...     valid_from: "2030"
...     valid_until: null
...     status: unverified
...     confidence: low
...     source: [S1]
... ''')
>>> r = rules[0]
>>> r.name, r.valid_from.isoformat(), r.constraints[0].describe()
('x', '2030-01-01', 'at most 20.0')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pandas as pd

from burdenshare.errors import message
from burdenshare.funding.errors import RuleError
from burdenshare.funding.keys import (
    ACCESSION_SOURCE,
    DERIVED,
    ESTIMATED,
    INCOME_MEASURES,
    PUBLISHED,
    RESCALED,
    Key,
    Share,
    check_key,
    parse_period,
)
from burdenshare.funding.solver import (
    CAP,
    KINDS,
    SET,
    TOTAL,
    UNALLOCATED,
    Constraint,
    derive_shares,
    exact,
)
from burdenshare.rules.errors import RulesError
from burdenshare.rules.loader import Family, parse_rules
from burdenshare.rules.model import RuleSet, Version
from burdenshare.text import Text, t

BASES = ("previous_key", "income")
_VALUE_KEYS = {"base", "base_period", "period", "constraints", "redistribution"}
_CONSTRAINT_KEYS = {"kind", "ally", "share_pct", "decimals", "source", "note"}


def parse_constraint(raw: Mapping[str, Any], where: str = "constraint") -> Constraint:
    """A :class:`Constraint` from a YAML mapping, checked.

    Raises:
        RuleError: unknown key or kind, missing ally or value.

    >>> parse_constraint({"kind": "cap", "ally": "USA", "share_pct": 20})
    Constraint(kind='cap', ally='USA', share_pct=20.0, decimals=None, source=(), note='')
    """
    if not isinstance(raw, Mapping):
        raise RuleError(t("{where}: expected a mapping, got {raw!r}", where=where, raw=raw))
    unknown = set(raw) - _CONSTRAINT_KEYS
    if unknown:
        raise RuleError(
            t(
                "{where}: unknown keys {unknown}; accepted: {CONSTRAINT_KEYS}",
                where=where, unknown=sorted(unknown), CONSTRAINT_KEYS=sorted(_CONSTRAINT_KEYS),
            )
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(t(
            "{where}: unknown kind {kind!r}; accepted: {KINDS}",
            where=where, kind=kind, KINDS=", ".join(KINDS),
        ))
    ally = raw.get("ally")
    if not isinstance(ally, str):
        raise RuleError(t("{where}: 'ally' (ISO alpha-3 code) is required", where=where))
    value = raw.get("share_pct")
    if kind in (SET, CAP):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RuleError(t(
                "{where}: {kind} on {ally} needs a numeric 'share_pct'",
                where=where, kind=kind, ally=ally,
            ))
    elif value is not None:
        raise RuleError(t(
            "{where}: {kind} on {ally} takes no 'share_pct'",
            where=where, kind=kind, ally=ally,
        ))
    src = raw.get("source", ())
    return Constraint(
        kind=kind,
        ally=ally.upper(),
        share_pct=None if value is None else float(value),
        decimals=raw.get("decimals"),
        source=tuple(src) if isinstance(src, list | tuple) else (str(src),),
        note=str(raw.get("note", "")).strip(),
    )


def _constraints(value: Mapping[str, Any]) -> tuple[Constraint, ...]:
    return tuple(
        parse_constraint(c, f"constraint {i}")
        for i, c in enumerate(value.get("constraints") or [], start=1)
    )


def _check_value(value: Any, entry: Mapping[str, Any]) -> None:
    """The key-rule family's check of ``value`` (raises ``ValueError`` with the rule)."""
    if not isinstance(value, Mapping):
        raise RuleError(t("'value' must be a mapping with 'base' and 'constraints'"))
    unknown = set(value) - _VALUE_KEYS
    if unknown:
        raise RuleError(
            t(
                "unknown keys in 'value': {unknown}; accepted: {VALUE_KEYS}",
                unknown=sorted(unknown), VALUE_KEYS=sorted(_VALUE_KEYS),
            )
        )
    for req in ("base", "constraints"):
        if req not in value:
            raise RuleError(t("'value' misses {req!r}", req=req))
    if value["base"] not in BASES:
        raise RuleError(t(
            "base {base!r}; accepted: {BASES}",
            base=value['base'], BASES=', '.join(BASES),
        ))
    if value["base"] == "previous_key" and not value.get("base_period"):
        raise RuleError(t("base previous_key needs base_period"))
    if value.get("redistribution", "pro_rata") != "pro_rata":
        raise RuleError(t(
            "redistribution {redistribution!r}; accepted: pro_rata",
            redistribution=value['redistribution'],
        ))
    if not isinstance(entry.get("name"), str):
        raise RuleError(t("a key rule needs a 'name' (text), e.g. nov2019"))
    try:
        _constraints(value)
        if value.get("period") is not None:
            parse_period(value["period"])
    except Exception as exc:  # a RuleError or an UnknownPeriodError: report it with the line
        raise RuleError(message(exc)) from None


#: The family of cost-share key rules (``funding/data/key_rules.yaml``). Source ids refer to
#: the funding manifest, so the file carries no ``sources:`` registry of its own.
KEY_RULES = Family(
    "key rules",
    {"name": str, "unit": str, "kind": str, "notes": str},
    _check_value,
    registry=False,
)


@dataclass(frozen=True)
class KeyRule:
    """A dated key rule: the funding view of one :class:`~burdenshare.rules.model.Version`."""

    version: Version
    constraints: tuple[Constraint, ...]

    @classmethod
    def from_version(cls, version: Version) -> KeyRule:
        """The key rule of a version of the :data:`KEY_RULES` family."""
        return cls(version, _constraints(version.value))

    @property
    def id(self) -> str:
        return self.version.id

    @property
    def name(self) -> str:
        return str(self.version.get("name"))

    @property
    def description(self) -> str:
        return self.version.description

    @property
    def base(self) -> str:
        return str(self.version.value["base"])

    @property
    def base_period(self) -> str | None:
        bp = self.version.value.get("base_period")
        return None if bp is None else str(bp)

    @property
    def period(self) -> str | None:
        p = self.version.value.get("period")
        return None if p is None else parse_period(p)[0]

    @property
    def valid_from(self) -> date:
        return self.version.valid_from

    @property
    def valid_until(self) -> date | None:
        return self.version.valid_until

    @property
    def status(self) -> str:
        return self.version.status

    @property
    def confidence(self) -> str:
        return self.version.confidence

    @property
    def source(self) -> tuple[str, ...]:
        return self.version.sources

    def in_force(self, on: date) -> bool:
        return self.version.in_force(on)


def parse_key_rule_set(text: str | Mapping[str, Any], file: str = "key_rules.yaml") -> RuleSet:
    """The key rules as a :class:`RuleSet` (``at(day)``, ``history(id)``), checked.

    Raises:
        RuleError: (a funding error) naming file, line, rule and what is wrong.
    """
    try:
        return parse_rules(text, file, family=KEY_RULES)
    except RulesError as exc:
        raise RuleError(message(exc)) from None


def parse_key_rules(
    text: str | Mapping[str, Any], file: str = "key_rules.yaml"
) -> tuple[KeyRule, ...]:
    """The key rules of a key-rules file (its text or parsed document), in file order.

    Raises:
        RuleError: naming file, line, rule and what is wrong; also for two rules with
            the same name.
    """
    out = tuple(KeyRule.from_version(v) for v in parse_key_rule_set(text, file).versions)
    seen: dict[str, KeyRule] = {}
    for r in out:
        if r.name in seen:
            line = r.version.line
            where = t("{file}, line {line}", file=file, line=line) if line else file
            raise RuleError(t(
                "{where} ({label}): duplicate name {r_name!r}",
                where=where, label=r.version.label, r_name=r.name,
            ))
        seen[r.name] = r
    return out


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
            raise RuleError(t("apply_rule needs a period for the derived key"))
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


def derive_from_previous(rule: KeyRule, base: Key, joined: Sequence[str] = ()) -> DerivedKey:
    """Apply a rule with a key base to ``base``; the result keeps ``joined`` allies.

    The derived key keeps the base's missing allies (their block scales pro rata) and names
    as joined the allies of the published key of the same period (``joined``).
    """
    der = apply_rule(rule, base, rule.period)
    return replace(der, key=check_key(replace(der.key, joined=tuple(joined))))


def derive(
    rule: KeyRule | None,
    constraints: Sequence[Constraint] = (),
    *,
    base: Key | None = None,
    joined: Sequence[str] = (),
    weights: Mapping[str, float] | None = None,
    year: int | None = None,
    measure: str = "gdp",
    published: Key | None = None,
) -> pd.DataFrame:
    """A key derived from a rule: from a previous key (``base``) or from national income.

    A rule with a key base (``previous_key``) is applied to ``base`` (with the extra
    ``constraints``, if any); otherwise the rule's constraints and ``constraints`` are
    applied to the income ``weights`` of ``year``. With ``published`` (the published key of
    the same period) the frame adds ``published_pct`` and ``diff_pp``.

    Returns:
        :meth:`DerivedKey.frame` (per ally ``base_pct, share_pct, binding``); ``attrs`` add
        ``period``, ``missing`` and ``derivation`` (one line on the base).

    Raises:
        FundingError: no base key for a key rule, or no weights and year for an income base.
    """
    from burdenshare.funding.errors import FundingError

    if rule is not None and rule.base == "previous_key":
        if base is None:
            raise FundingError(t(
                "rule {rule_name} needs its base key {base_period}",
                rule_name=rule.name, base_period=rule.base_period,
            ))
        if constraints:
            der = apply_rule(
                tuple(rule.constraints) + tuple(constraints), base, rule.period, label=rule.name
            )
        else:
            der = derive_from_previous(rule, base, joined)
        note = t("Rule {name}: {description}", name=rule.name,
                 description=t(rule.description))  # the msgid: burdenshare.i18n  # fmt: skip

    else:
        if weights is None or year is None:
            raise FundingError(t("an income-based key needs a year (year=2019)"))
        cons = (tuple(rule.constraints) if rule else ()) + tuple(constraints)
        label = INCOME_MEASURES[measure][1]
        der = derive_key(
            weights, cons, str(year), label=rule.name if rule else "income", base_label=label
        )
        note = t("Base: {measure}, {year}.", measure=label, year=year)

    out = der.frame()
    if published is not None and published.period == der.key.period:
        out["published_pct"] = out["iso3"].map({s.iso3: s.share_pct for s in published.shares})
        out["published_pct"] = out["published_pct"].astype("float64")
        out["diff_pp"] = out["share_pct"] - out["published_pct"]
    out.attrs.update(
        {"period": der.key.period, "missing": ", ".join(der.key.missing), "derivation": note}
    )
    return out


# -- joining allies: the one capped key rule for a newcomer --------------------------------


def key_multiplier(baseline: Key, incomes_: Mapping[str, float]) -> float:
    """How many times its income share an ally pays under ``baseline``, among the allies the
    cap does not bind: ``Σ share_i / Σ 100·income_i/T`` over the listed allies whose share
    is at least their income share (``T`` = the incomes of every member of the key).

    A newcomer priced at its raw income share would pay as if the cap's excess were not
    spread over it (Sweden 1.36% of the 2021-2024 key's GDP, where the key's own ratio
    gives about 2%): a join goes through this ratio (:func:`join_weight`), then every share
    is rescaled.

    >>> from burdenshare.funding.keys import make_key
    >>> k = make_key("2030", {"USA": 20.0, "DEU": 40.0, "NLD": 40.0})
    >>> key_multiplier(k, {"USA": 50.0, "DEU": 25.0, "NLD": 25.0})
    1.6
    """
    total = sum(float(v) for v in incomes_.values())
    if total <= 0:
        return 1.0
    paid = inc = 0.0
    for s in baseline.shares:
        share_inc = 100 * float(incomes_.get(s.iso3, 0.0)) / total
        if share_inc > 0 and s.share_pct >= share_inc:
            paid += s.share_pct
            inc += share_inc
    return paid / inc if inc > 0 else 1.0


def join_weight(
    income: float | Fraction, income_total: float | Fraction, multiplier: float = 1.0
) -> Fraction:
    """The weight a joining ally takes beside a key whose weights sum to 100: its income as
    a percentage of the key's allies' combined income, times the key's ratio of shares to
    income shares (:func:`key_multiplier`). The key is then renormalised, so the newcomer's
    share is ``100·w / (100 + w)`` and every other weight is scaled by ``100 / (100 + w)``.
    The what-if join and the accession rescaling both price a newcomer here.

    >>> float(join_weight(25.0, 100.0, 1.6))
    40.0
    """
    return 100 * exact(income) / exact(income_total) * exact(multiplier)


def accession_weights(
    key: Key, incomes_: Mapping[str, float], joining: Sequence[str]
) -> dict[str, Fraction]:
    """The weight of each ally in ``joining`` that has an income (:func:`join_weight`).

    ``incomes_`` holds the national income of the key's members (listed and missing) that
    have one, and of the newcomers; the total and the multiplier are taken over the members
    only, so each newcomer is priced against the same base whatever the order of joining.

    >>> from burdenshare.funding.keys import make_key
    >>> k = make_key("2030", {"USA": 20.0, "DEU": 40.0, "NLD": 40.0}, joined=["SWE"])
    >>> w = accession_weights(k, {"USA": 50.0, "DEU": 25.0, "NLD": 25.0, "SWE": 5.0}, ["SWE"])
    >>> float(w["SWE"])
    8.0
    """
    members = [s.iso3 for s in key.shares] + list(key.missing)
    base = {m: v for m, v in incomes_.items() if m in members}
    total = sum(base.values())
    mult = key_multiplier(key, base)
    return {j: join_weight(incomes_[j], total, mult) for j in joining if j in incomes_}


@dataclass(frozen=True)
class RescaledKey:
    """A key fitted to the allies that joined during its period, and how.

    Attributes:
        key: the rescaled key (incumbents' published shares ``rescaled``, newcomers'
            ``estimated``); the published key itself when no newcomer counts yet.
        factor: what the incumbents' shares (and the missing allies' remainder) were
            multiplied by: ``(100 − Σ newcomers' shares) / 100``.
        added: each newcomer's share in the result.
        full: each newcomer's share on the last day of the span (before pro rata).
        days: each newcomer's days of membership in the budget year, and the year's days
            (for a key on a day: ``(1, 1)`` once it has joined).
        notes: the method, for people (:func:`burdenshare.text.t`).
    """

    key: Key
    factor: float
    added: Mapping[str, float] = field(default_factory=dict)
    full: Mapping[str, float] = field(default_factory=dict)
    days: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    notes: tuple[Text, ...] = ()


def _day_shares(key: Key, weights: Mapping[str, Fraction], in_: Sequence[str]) -> dict[
    str, Fraction
]:
    """The shares on a day when the allies ``in_`` have joined: the key's weights (its
    missing allies' remainder as one block) and the newcomers', renormalised by the solver."""
    return dict(derive_shares({**key_weights(key), **{j: weights[j] for j in in_}}, ()).shares)


def rescale_for_accessions(
    key: Key,
    accessions: Mapping[str, date],
    incomes_: Mapping[str, float],
    *,
    on: date | None = None,
    year: int | None = None,
    income_year: int | None = None,
) -> RescaledKey:
    """The key in force ``on`` a day, or over a budget ``year``, with the allies that joined
    during its period given their share by the key rule (:func:`accession_weights`, the
    pricing of a what-if join).

    On a day, every ally of ``key.joined`` that has an income and joined on or before that
    day takes the share ``100·w / (100 + Σw)``; every other share (and the unallocated
    remainder of the missing allies) is scaled by ``100 / (100 + Σw)``, so the key sums as
    the published one plus the newcomers, and the incumbents' ratios are unchanged. Before
    the first accession day the key is the published one, unchanged.

    Over a budget year the shares are **pro rata to the days of membership**: the mean of
    the day keys of that year (Finland, joined 4 April 2023, counts for 272 of 365 days in
    2023). NATO's practice is not documented in the sources on file; this is our choice.

    Args:
        accessions: accession day per newcomer (from the allies registry).
        incomes_: national income (GDP, the proxy for GNI) of the key's members and of the
            newcomers, of ``income_year`` (the key's first year by default, as for a what-if
            join); a member without one is left out of the total and named in the notes,
            a newcomer without one stays ``joined`` (no share).
        on / year: the day, or the budget year (give one).

    >>> from burdenshare.funding.keys import make_key
    >>> k = make_key("2030-2031", {"USA": 60.0, "NLD": 40.0}, joined=["SWE"], status="published")
    >>> inc = {"USA": 60.0, "NLD": 40.0, "SWE": 25.0}
    >>> r = rescale_for_accessions(k, {"SWE": date(2030, 7, 2)}, inc, on=date(2030, 8, 1))
    >>> [(s.iso3, s.share_pct, s.status) for s in r.key.shares], r.factor
    ([('USA', 48.0, 'rescaled'), ('NLD', 32.0, 'rescaled'), ('SWE', 20.0, 'estimated')], 0.8)
    >>> rescale_for_accessions(k, {"SWE": date(2030, 7, 2)}, inc, on=date(2030, 7, 1)).key is k
    True
    >>> y = rescale_for_accessions(k, {"SWE": date(2030, 7, 2)}, inc, year=2030)
    >>> y.days["SWE"], round(y.added["SWE"], 6), round(y.factor, 6)
    ((183, 365), 10.027397, 0.899726)
    """
    if (on is None) == (year is None):
        raise RuleError(t("rescale_for_accessions needs a day (on) or a budget year, not both"))
    members = [s.iso3 for s in key.shares] + list(key.missing)
    base = {m: float(v) for m, v in incomes_.items() if m in members}
    weights = accession_weights(key, incomes_, key.joined)
    multiplier = key_multiplier(key, base)
    base_total = sum(base.values())
    new = [j for j in key.joined if j in weights and j in accessions]
    if on is not None:
        first, last = on, on
    else:
        assert year is not None
        first, last = date(year, 1, 1), date(year, 12, 31)
    n_days = (last - first).days + 1
    # the day keys of the span [first, last]: one segment per set of allies in force
    cuts = sorted({first, *(accessions[j] for j in new if first < accessions[j] <= last)})
    total: dict[str, Fraction] = {}
    for a, b in zip(cuts, [*cuts[1:], last + timedelta(days=1)], strict=True):
        in_ = [j for j in new if accessions[j] <= a]
        for i, v in _day_shares(key, weights, in_).items():
            total[i] = total.get(i, Fraction(0)) + v * (b - a).days
    mean = {i: v / n_days for i, v in total.items()}
    added = {j: mean[j] for j in new if mean.get(j, 0) > 0}
    income_in = key.start if income_year is None else income_year
    gaps: list[Text] = []
    unpriced = [j for j in key.joined if j not in weights]
    if unpriced:
        gaps.append(t("{allies} joined during the period but have no GDP for {year}: no share "
                      "is estimated for them.", allies=", ".join(unpriced), year=int(income_in)))
    if not added:
        return RescaledKey(key=key, factor=1.0, notes=tuple(gaps))
    unknown = [m for m in members if m not in base]
    if unknown:
        gaps.append(t("No GDP for {allies} in {year}: left out of the income total the new "
                      "members are priced against.", allies=", ".join(unknown),
                      year=int(income_in)))
    factor = (100 - sum(added.values())) / 100
    shares = tuple(
        Share(s.iso3, float(mean[s.iso3]), s.decimals,
              RESCALED if s.status == PUBLISHED else s.status, s.source)
        for s in key.shares
    ) + tuple(
        Share(j, float(v), None, ESTIMATED, ACCESSION_SOURCE)
        for j, v in added.items()
    )  # fmt: skip
    rescaled = check_key(
        replace(key, shares=shares, joined=tuple(j for j in key.joined if j not in added))
    )
    at_end = _day_shares(key, weights, [j for j in new if accessions[j] <= last])
    full = {j: float(at_end[j]) for j in added}
    days = {
        j: (1, 1) if on is not None
        else ((last - max(first, accessions[j])).days + 1, n_days)
        for j in added
    }  # fmt: skip
    notes: list[Text] = []
    for j in added:
        joined_on = accessions[j].isoformat()
        notes.append(t(
                "{ally} joined on {day}: its share is our estimate by the key rule, its {year} "
                "GDP share ({income:.4f} %, GDP as a proxy for GNI) times the key's ratio of "
                "shares to GDP shares among the allies the cap does not bind ({ratio:.4f}), "
                "as in a what-if join.", ally=j, day=joined_on, year=int(income_in),
                income=100 * float(incomes_[j]) / base_total, ratio=multiplier))  # fmt: skip
        if year is not None and days[j][0] < days[j][1]:
            notes.append(t(
                "{ally} counts for {days} of the {year_days} days of {year} (pro rata to "
                "the days of membership; NATO's practice is not documented in our sources): "
                "{share:.4f} % of the {year} budgets, {full:.4f} % from its accession.",
                ally=j, days=days[j][0], year_days=n_days, year=int(year),
                share=float(added[j]), full=full[j]))  # fmt: skip
    notes.append(t(
        "The published shares of the other allies (and the missing allies' remainder) are "
        "scaled by {factor:.6f} = (100 - {new:.4f}) / 100, so the key sums as published "
        "plus the new members. Our estimate: no source on file says how NATO fitted the new "
        "members into the {period} key; the published figures stay available "
        "(accessions='as_published').", factor=float(factor),
        new=float(sum(added.values())), period=key.period))  # fmt: skip
    notes += gaps
    return RescaledKey(
        key=rescaled,
        factor=float(factor),
        added={j: float(v) for j, v in added.items()},
        full=full,
        days=days,
        notes=tuple(notes),
    )


RULE_COLUMNS = ["rule", "base", "period", "valid_from", "valid_until", "constraints", "status",
                "confidence", "description"]  # fmt: skip


def rules_table(rules: Sequence[KeyRule], on: date | None = None) -> pd.DataFrame:
    """The key rules (all, or those in force ``on`` a day) with validity and constraints.

    Columns: ``rule, base, period, valid_from, valid_until, constraints, status,
    confidence, description``.
    """
    rows = [
        {
            "rule": r.name,
            "base": r.base if r.base_period is None else f"key {r.base_period}",
            "period": r.period or "",
            "valid_from": r.valid_from.isoformat(),
            "valid_until": "" if r.valid_until is None else r.valid_until.isoformat(),
            "constraints": "; ".join(f"{c.ally} {c.describe()}" for c in r.constraints),
            "status": r.status,
            "confidence": r.confidence,
            "description": r.description,
        }
        for r in rules
        if on is None or r.in_force(on)
    ]
    return pd.DataFrame(rows, columns=RULE_COLUMNS)
