"""A transparent three-Cs index: cash, capabilities, contributions (METRICS.md B8).

The index is a lens, not a verdict. Each indicator is standardised across the allies,
z = (x − ref) / σ, with ``ref`` the cross-ally mean or a target (e.g. the 20 % equipment
guideline) and σ the cross-ally standard deviation (population, ddof 0); an indicator
with no spread gets z = 0. A component's score is the mean of its indicators' z-scores
that the ally has; the composite is the weighted mean of the component scores the ally
has (weights renormalised over them). Every z-score and component score is shown next to
the composite, and inputs that were missing are listed, never filled in.

Monotonicity. Raising one ally's value of a mean-referenced indicator never lowers its
z-score (with the others fixed, z_i = d √(n−1) / √(d² + n s²), d = x_i − mean of the
others, s² their variance). For a target-referenced indicator this holds while
d (m − T) < n s² (m the others' mean, T the target): raising a value far beyond the
others can widen σ faster than the distance to the target. NATO's equipment shares sit
far inside this region. The component scores and the composite are increasing in each
z-score (non-negative weights).

Default indicators (:data:`DEFAULT_INDICATORS`):

- cash: ``burden_pct`` (published share of GDP, against the mean) and
  ``equipment_share_pct`` (against the 20 % guideline);
- capabilities: ``readiness_vs_fair_share`` (an ally's readiness pledges over its fair
  share, against 1), from the readiness ledger (or its labelled synthetic units) when
  the caller passes them; otherwise reported missing.
- contributions: ``efp_battlegroups`` (forward-presence battlegroups abroad the ally
  takes part in, against the mean) and ``common_funding_vs_formula`` (common-funding cost
  share over the share the income formula gives after its cap, GDP as a proxy for GNI,
  against 1: :func:`common_funding_vs_formula`; the API takes the published key in force
  for the year, and allies the key does not list are missing). The old cost-share/GDP-share
  ratio (``common_funding_ratio``) is still shown, not scored: it measures the US cap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from burdenshare.burden.errors import BurdenInputError, WeightsError
from burdenshare.burden.inputs import gdp_shares
from burdenshare.text import Text, t

COMPONENTS = ("cash", "capabilities", "contributions")


@dataclass(frozen=True)
class Indicator:
    """One input of the index.

    Attributes:
        name: its column in the values frame.
        component: ``cash``, ``capabilities`` or ``contributions``.
        reference: ``"mean"`` (the cross-ally mean) or a number (a target).
        label: what it measures, for people.
    """

    name: str
    component: str
    reference: str | float
    label: str


DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator("burden_pct", "cash", "mean", "defence expenditure, % of GDP (NATO, published)"),
    Indicator("equipment_share_pct", "cash", 20.0, "equipment share of defence expenditure vs 20%"),
    Indicator(
        "readiness_vs_fair_share",
        "capabilities",
        1.0,
        "readiness pledges relative to fair share (needs a readiness ledger)",
    ),
    Indicator(
        "efp_battlegroups",
        "contributions",
        "mean",
        "forward-presence battlegroups abroad taken part in (efp.csv)",
    ),
    Indicator(
        "efp_hosted",
        "contributions",
        "mean",
        "forward-presence battlegroup hosted (host-nation support; efp.csv)",
    ),
    Indicator(
        "common_funding_vs_formula",
        "contributions",
        1.0,
        "common-funding cost share / the share the income formula gives after its cap "
        "(GDP as a proxy for GNI; needs a cost-share key)",
    ),
)

EQUAL_WEIGHTS: dict[str, float] = {c: 1.0 for c in COMPONENTS}


def check_weights(weights: Mapping[str, float], accepted: Sequence[str]) -> dict[str, float]:
    """Validated weights, normalised to sum to one.

    Raises:
        WeightsError: an unknown name, a negative or non-finite weight, or a zero sum.

    >>> check_weights({"cash": 2, "capabilities": 1, "contributions": 1}, COMPONENTS)
    {'cash': 0.5, 'capabilities': 0.25, 'contributions': 0.25}
    """
    out: dict[str, float] = {}
    for key, raw in weights.items():
        if key not in accepted:
            raise WeightsError(t(
                "unknown weight {key!r}; accepted: {accepted}",
                key=key, accepted=', '.join(accepted),
            ))
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise WeightsError(t(
                "weight {key}={raw!r} is not a number",
                key=key, raw=raw,
            )) from None
        if not math.isfinite(value) or value < 0:
            raise WeightsError(t(
                "weight {key}={raw!r} must be a non-negative number",
                key=key, raw=raw,
            ))
        out[key] = value
    total = sum(out.values())
    if total <= 0:
        raise WeightsError(
            t(
                "weights must sum to more than zero; got {weights} (accepted names: {accepted})",
                weights=dict(weights), accepted=', '.join(accepted),
            )
        )
    return {k: v / total for k, v in out.items()}


def standardise(values: pd.Series, reference: str | float = "mean") -> pd.Series:
    """z-scores (x − ref) / σ over the non-missing values; 0 where σ is 0.

    >>> standardise(pd.Series([2.5, 2.0, 1.5])).round(2).tolist()
    [1.22, 0.0, -1.22]
    >>> standardise(pd.Series([25.0, 15.0, 22.0]), 20.0).round(2).tolist()
    [1.19, -1.19, 0.48]
    """
    x = values.astype(float)
    present = x.dropna()
    if present.empty:
        return pd.Series(np.nan, index=values.index, dtype=float)
    ref = float(present.mean()) if reference == "mean" else float(reference)
    sd = float(present.std(ddof=0))
    if sd == 0.0:
        return x.where(x.isna(), 0.0)
    return (x - ref) / sd


def composite(
    values: pd.DataFrame,
    references: Mapping[str, str | float],
    weights: Mapping[str, float],
) -> pd.DataFrame:
    """A weighted sum of z-scores of several indicators (the B8 formula, one level).

    Args:
        values: one row per ally, one column per indicator (named in ``references``).
        references: indicator → ``"mean"`` or a target.
        weights: indicator → weight (non-negative, normalised to sum to one).

    Returns:
        ``z_<indicator>`` columns and ``index``, aligned with ``values``.

    Worked example of METRICS.md B8 (made up):

    >>> v = pd.DataFrame({"me_gdp": [2.5, 2.0, 1.5], "equipment": [25.0, 15.0, 22.0]})
    >>> c = composite(v, {"me_gdp": "mean", "equipment": 20.0}, {"me_gdp": 0.6, "equipment": 0.4})
    >>> c["index"].round(2).tolist()
    [1.21, -0.48, -0.54]
    """
    w = check_weights(weights, list(references))
    out = pd.DataFrame(index=values.index)
    total = pd.Series(0.0, index=values.index)
    for name, ref in references.items():
        if name not in values.columns:
            raise BurdenInputError(t("the index has no values for indicator {name!r}", name=name))
        z = standardise(values[name], ref)
        out[f"z_{name}"] = z
        total = total + w.get(name, 0.0) * z
    out["index"] = total
    return out


def three_cs(
    values: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    indicators: Sequence[Indicator] = DEFAULT_INDICATORS,
    missing_reasons: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The three-Cs index with every indicator and component visible.

    Args:
        values: one row per ally: ``iso3`` and a column per indicator it has. A column
            that is absent or entirely missing makes that indicator missing.
        weights: component → weight (``cash``, ``capabilities``, ``contributions``);
            non-negative with a positive sum; equal by default. Components not named
            get weight 0.
        indicators: the indicators and their references (:data:`DEFAULT_INDICATORS`).
        missing_reasons: indicator → why it is missing (shown in ``missing_inputs``).

    Returns:
        One row per ally, sorted by composite (highest first, then code), with the raw
        values, ``z_<indicator>``, ``<component>_score``, ``composite``, and
        ``missing`` (what this ally lacks). ``attrs`` hold ``weights_given``,
        ``weights_used`` (renormalised over components with data),
        ``missing_inputs`` (list of text) and ``indicators``.

    Raises:
        WeightsError: invalid weights (see :func:`check_weights`).
        BurdenInputError: no ``iso3`` column, duplicate allies, or every weighted
            component missing.

    >>> v = pd.DataFrame({"iso3": ["A", "B", "C"], "burden_pct": [2.5, 2.0, 1.5],
    ...     "equipment_share_pct": [25.0, 15.0, 22.0], "efp_battlegroups": [1, 0, 2]})
    >>> t = three_cs(v)
    >>> t["iso3"].tolist(), t.attrs["missing_inputs"][0][:12]
    (['A', 'C', 'B'], 'capabilities')
    """
    if "iso3" not in values.columns:
        raise BurdenInputError(t("the index needs an 'iso3' column"))
    if values["iso3"].duplicated().any():
        dup = sorted(set(values.loc[values["iso3"].duplicated(), "iso3"]))
        raise BurdenInputError(t("the index got allies twice: {dup}", dup=', '.join(dup)))
    for ind in indicators:
        if ind.component not in COMPONENTS:
            raise BurdenInputError(
                t(
                    "indicator {ind_name!r} has unknown component {component!r}; accepted: "
                    "{COMPONENTS}",
                    ind_name=ind.name, component=ind.component, COMPONENTS=', '.join(COMPONENTS),
                )
            )
    given = dict(EQUAL_WEIGHTS if weights is None else weights)
    w = check_weights(given, COMPONENTS)
    reasons = dict(missing_reasons or {})
    data = values.sort_values("iso3").reset_index(drop=True)
    out = pd.DataFrame({"iso3": data["iso3"]})
    missing_inputs: list[Text] = []
    available: dict[str, list[str]] = {c: [] for c in COMPONENTS}
    for ind in indicators:
        col = data[ind.name].astype(float) if ind.name in data.columns else None
        if col is None or col.isna().all():
            why = reasons.get(ind.name) or t("no data given")
            missing_inputs.append(t("{component}: {indicator} ({why})",
                                    component=ind.component, indicator=ind.name, why=why))
            continue
        out[ind.name] = col
        out[f"z_{ind.name}"] = standardise(col, ind.reference)
        available[ind.component].append(ind.name)
    for comp in COMPONENTS:
        names = available[comp]
        if names:
            out[f"{comp}_score"] = out[[f"z_{n}" for n in names]].mean(axis=1, skipna=True)
        else:
            out[f"{comp}_score"] = np.nan
            if not any(m.startswith(f"{comp}:") for m in missing_inputs):
                missing_inputs.append(t("{component}: no indicator defined", component=comp))
    used = {c: w.get(c, 0.0) for c in COMPONENTS if available[c] and w.get(c, 0.0) > 0}
    if not used:
        raise BurdenInputError(
            t(
                "every component with a positive weight is missing; given weights {given}, "
                "components with data: {COMPONENTS}",
                given=given,
                COMPONENTS=(", ".join(c for c in COMPONENTS if available[c]) or "none"),
            )
        )
    scores = out[[f"{c}_score" for c in used]].to_numpy(dtype=float)
    wv = np.array(list(used.values()))
    have = ~np.isnan(scores)
    wsum = (have * wv).sum(axis=1)
    num = np.where(have, scores, 0.0) @ wv
    with np.errstate(invalid="ignore", divide="ignore"):
        out["composite"] = np.where(wsum > 0, num / np.where(wsum > 0, wsum, 1.0), np.nan)
    shown = [n for c in COMPONENTS for n in available[c]]
    gaps = out[shown].isna().to_numpy()
    out["missing"] = [
        ", ".join(n for n, gap in zip(shown, row, strict=True) if gap) for row in gaps
    ]
    out = out.sort_values(["composite", "iso3"], ascending=[False, True], na_position="last")
    out = out.reset_index(drop=True)
    total_used = sum(used.values())
    out.attrs.update(
        {
            "weights_given": given,
            "weights_used": {c: v / total_used for c, v in used.items()},
            "missing_inputs": missing_inputs,
            "indicators": [
                f"{i.component}: {i.name} vs {i.reference} ({i.label})" for i in indicators
            ],
        }
    )
    return out


def efp_participation(efp: pd.DataFrame, year: int) -> pd.DataFrame:
    """Forward-presence battlegroups abroad that each ally takes part in, in ``year``.

    A row of ``efp.csv`` counts from the year of its ``since`` date; rows without a date
    are not counted (``efp_undated`` counts them); an ally's role in the battlegroup it
    hosts is not counted (that is national defence, not presence abroad). The file
    records no end dates, so participation is "attested since", never ended.

    Returns:
        ``iso3``, ``efp_battlegroups`` (distinct hosts abroad), ``efp_framework``
        (battlegroups abroad it leads), ``efp_undated``, ``efp_hosted`` (1 when it hosts a
        battlegroup with an allied contribution attested by ``year``: hosts are counted,
        as host-nation support, separately from presence abroad).

    >>> efp = pd.DataFrame({"host_iso3": ["EST", "EST", "LVA", "LTU"],
    ...     "framework_iso3": ["GBR", "GBR", "CAN", "DEU"],
    ...     "contributor_iso3": ["GBR", "FRA", "FRA", "ISL"],
    ...     "since": ["2017-04", "2017", "2019", ""]})
    >>> part = efp_participation(efp, 2018)
    >>> part.values.tolist()[1:4]
    [['FRA', 1, 0, 0, 0], ['GBR', 1, 1, 0, 0], ['ISL', 0, 0, 1, 0]]
    >>> part.set_index("iso3")["efp_hosted"].to_dict()  # LVA's since 2019, LTU's undated
    {'EST': 1, 'FRA': 0, 'GBR': 0, 'ISL': 0, 'LTU': 0, 'LVA': 0}
    """
    for col in ("host_iso3", "framework_iso3", "contributor_iso3", "since"):
        if col not in efp.columns:
            raise BurdenInputError(t("forward-presence table has no {col!r} column", col=col))
    since = efp["since"].fillna("").astype(str).str.slice(0, 4)
    dated = since.str.fullmatch(r"\d{4}")
    start = pd.to_numeric(since.where(dated), errors="coerce")
    abroad = efp["contributor_iso3"] != efp["host_iso3"]
    active = abroad & dated & (start <= year)
    undated = abroad & ~dated
    codes = sorted(set(efp.loc[abroad, "contributor_iso3"]) | set(efp["host_iso3"]))
    rows = []
    for code in codes:
        mine = efp["contributor_iso3"] == code
        rows.append(
            {
                "iso3": code,
                "efp_battlegroups": int(efp.loc[mine & active, "host_iso3"].nunique()),
                "efp_framework": int(
                    efp.loc[mine & active & (efp["framework_iso3"] == code), "host_iso3"].nunique()
                ),
                "efp_undated": int((mine & undated).sum()),
                "efp_hosted": int(bool((active & (efp["host_iso3"] == code)).any())),
            }
        )
    return pd.DataFrame(rows, columns=["iso3", "efp_battlegroups", "efp_framework", "efp_undated",
                                       "efp_hosted"])  # fmt: skip


def common_funding_ratio(cost_shares: pd.DataFrame, gdp_share: pd.Series) -> pd.Series:
    """Common-funding cost share over share of NATO GDP, per ally (B3's construction).

    Args:
        cost_shares: ``iso3`` and ``share_pct`` (percent of the cost-shared budgets).
        gdp_share: ally's share of the GDP of every member the key covers (fraction),
            indexed by ISO code (:func:`burdenshare.burden.inputs.gdp_shares`).

    Returns:
        The ratio indexed by ISO code (allies in ``gdp_share``; NaN without a key).

    Raises:
        BurdenInputError: a column is missing or an ally is listed twice.

    >>> cs = pd.DataFrame({"iso3": ["A", "B"], "share_pct": [30.0, 10.0]})
    >>> common_funding_ratio(cs, pd.Series({"A": 0.6, "B": 0.2, "C": 0.2})).tolist()
    [0.5, 0.5, nan]
    """
    for col in ("iso3", "share_pct"):
        if col not in cost_shares.columns:
            raise BurdenInputError(t(
                "cost shares need columns iso3, share_pct; {col!r} absent",
                col=col,
            ))
    if cost_shares["iso3"].duplicated().any():
        raise BurdenInputError(t("cost shares list an ally twice; pass one period's key"))
    shares = cost_shares.set_index("iso3")["share_pct"].astype(float) / 100
    return (shares.reindex(gdp_share.index) / gdp_share).rename("common_funding_ratio")


def formula_shares(gdp_share: pd.Series, *, cap_next_largest: bool = True) -> pd.Series:
    """The share of common funding the income formula gives each member, after its cap.

    ``gdp_share``: each member's share of the members' GDP (a fraction summing to 1; GDP
    stands in for GNI, which NATO's formula uses and no shipped table has). With
    ``cap_next_largest`` (the rule in force from 2021, ``funding.cost_share_key.
    gni_next_largest``) the largest member pays no more than the next largest and the
    excess is spread pro rata: with ``g1`` the largest and ``g2`` the next largest share,
    the capped share is ``c = g2 / (1 − g1 + g2)`` and every other share is scaled by
    ``(1 − c) / (1 − g1)`` (so the next largest pays ``c`` too).

    >>> s = formula_shares(pd.Series({"A": 0.5, "B": 0.2, "C": 0.3}))
    >>> s.round(4).to_dict()
    {'A': 0.375, 'B': 0.25, 'C': 0.375}
    >>> formula_shares(pd.Series({"A": 0.5, "B": 0.5}), cap_next_largest=False).to_dict()
    {'A': 0.5, 'B': 0.5}
    """
    g = gdp_share.astype(float).dropna()
    g = g / g.sum()
    if not cap_next_largest or len(g) < 2:
        return g
    order = g.sort_values(ascending=False)
    g1, g2 = float(order.iloc[0]), float(order.iloc[1])
    if g1 <= g2:
        return g
    c = g2 / (1 - g1 + g2)
    out = g * (1 - c) / (1 - g1)
    out[order.index[0]] = c
    return out


def common_funding_vs_formula(
    cost_shares: pd.DataFrame, gdp_share: pd.Series, *, cap_next_largest: bool = True
) -> pd.Series:
    """Cost share paid over the share the formula gives (after its cap): effort, not the cap.

    The cost-share/GDP-share ratio (:func:`common_funding_ratio`) rewards the cap: the US
    pays a capped 16% of a formula that would give it about half, so it scores 0.3 and
    every other ally, paying its part of the excess, 1.5-2.6. Against the formula with its
    cap, an ally paying exactly what the formula assigns scores 1 — the US included — and
    only departures from it move the score: a voluntary top-up (Germany raising its share
    to the US's in 2021), a floor for the smallest allies, or a key agreed on other years'
    income. (Against the formula *before* the cap the other allies' shares would still
    carry the redistributed excess: the cap would still be rewarded.)

    >>> cs = pd.DataFrame({"iso3": ["A", "B", "C"], "share_pct": [37.5, 30.0, 32.5]})
    >>> common_funding_vs_formula(cs, pd.Series({"A": 0.5, "B": 0.2, "C": 0.3})).round(3).tolist()
    [1.0, 1.2, 0.867]
    """
    for col in ("iso3", "share_pct"):
        if col not in cost_shares.columns:
            raise BurdenInputError(t("cost shares need an {col!r} column", col=col))
    formula = formula_shares(gdp_share, cap_next_largest=cap_next_largest)
    shares = cost_shares.drop_duplicates("iso3").set_index("iso3")["share_pct"].astype(float) / 100
    return (shares.reindex(gdp_share.index) / formula.reindex(gdp_share.index)).rename(
        "common_funding_vs_formula")  # fmt: skip


def parse_weights(text: str) -> dict[str, float]:
    """Weights from text such as ``cash=0.5,capabilities=0.25,contributions=0.25``.

    Raises:
        WeightsError: a part that is not ``name=number``, a name given twice, or invalid
            weights.

    >>> parse_weights("cash=2, contributions=1")
    {'cash': 2.0, 'contributions': 1.0}
    """
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise WeightsError(
                t(
                    "weight {part!r} is not name=number; accepted names: {COMPONENTS}",
                    part=part.strip(), COMPONENTS=", ".join(COMPONENTS),
                )
            )
        if name.strip() in out:
            raise WeightsError(t(
                "weight {name!r} is given twice in {text!r}",
                name=name.strip(), text=text,
            ))
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise WeightsError(
                t(
                    "weight {part!r}: {value!r} is not a number",
                    part=part.strip(), value=value.strip(),
                )
            ) from None
    check_weights(out, COMPONENTS)
    return out


def cost_shares_for_year(cost_shares: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year's cost-share key (``iso3``, ``share_pct``) from a table of keys.

    A table with ``period_start`` and ``period_end`` (as the funding key's CSV), or with
    a ``period`` such as ``2021-2024`` or ``2020`` (as ``bs.funding_key`` returns), is cut
    to the period containing ``year``; a table without them is taken as the key of
    ``year``. Returns an empty frame when no period covers the year.

    >>> cs = pd.DataFrame({"period_start": [2018, 2021], "period_end": [2019, 2024],
    ...     "iso3": ["USA", "USA"], "share_pct": [22.1, 16.35]})
    >>> cost_shares_for_year(cs, 2022).values.tolist(), len(cost_shares_for_year(cs, 2025))
    ([['USA', 16.35]], 0)
    >>> k = pd.DataFrame({"period": ["2021-2024", "2020"], "iso3": ["USA", "USA"],
    ...     "share_pct": [16.35, 22.1]})
    >>> cost_shares_for_year(k, 2020).values.tolist(), len(cost_shares_for_year(k, 2016))
    ([['USA', 22.1]], 0)
    """
    for col in ("iso3", "share_pct"):
        if col not in cost_shares.columns:
            raise BurdenInputError(
                t(
                    "cost shares need columns iso3, share_pct (and optionally period_start, "
                    "period_end); {col!r} absent",
                    col=col,
                )
            )
    sub = cost_shares
    if {"period_start", "period_end"} <= set(cost_shares.columns):
        start = pd.to_numeric(cost_shares["period_start"], errors="coerce")
        end = pd.to_numeric(cost_shares["period_end"], errors="coerce")
        sub = cost_shares[(start <= year) & (year <= end)]
    elif "period" in cost_shares.columns:
        bounds = (
            cost_shares["period"].astype(str).str.extract(r"^\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*$")
        )
        start = pd.to_numeric(bounds[0], errors="coerce")
        end = pd.to_numeric(bounds[1], errors="coerce").fillna(start)
        sub = cost_shares[(start <= year) & (year <= end)]
    out = sub[["iso3", "share_pct"]].copy()
    out["iso3"] = out["iso3"].astype(str).str.upper()
    out["share_pct"] = pd.to_numeric(out["share_pct"], errors="coerce").astype(float)
    return out.reset_index(drop=True)


#: Why an index input is missing when the caller does not pass it.
READINESS_MISSING = t(
    "not given: capabilities='ledger' reads the readiness ledger; not estimated")
COST_SHARES_MISSING = t("no common-funding cost shares")


def three_cs_index(
    inputs: pd.DataFrame,
    year: int,
    *,
    efp: pd.DataFrame,
    panel: pd.DataFrame | None = None,
    nato: Iterable[str] = (),
    release: str = "",
    key: pd.DataFrame | None = None,
    key_reason: str = COST_SHARES_MISSING,
    capabilities: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    formula_cap: bool = True,
) -> pd.DataFrame:
    """The three-Cs index of one year, from the frames the facade fetched.

    Assembles the indicators of :data:`DEFAULT_INDICATORS` and calls :func:`three_cs`:
    cash from ``inputs`` (:func:`burdenshare.burden.alliance_inputs` of the year:
    ``burden_pct``, ``equipment_share_pct``, ``is_estimate``), forward-presence
    battlegroups from ``efp`` (:func:`efp_participation`; 0 where an ally leads or joins
    none), the common-funding ratio from ``key`` (``iso3``, ``share_pct``) over each
    ally's share of the GDP of every NATO member of the year (``nato``) in the release
    ``panel`` (:func:`burdenshare.burden.gdp_shares`; members without GDP in ``release``
    are named), and the optional ``capabilities`` (``iso3``, ``readiness_vs_fair_share``).

    Without ``key``, ``key_reason`` says why the common-funding ratio is missing; with
    it, ``key_reason`` says what an ally the key does not list lacks. ``attrs`` are those
    of :func:`three_cs`, with ``missing_inputs`` extended by the partial gaps.

    >>> inputs = pd.DataFrame({"iso3": ["A", "B", "C"], "year": 2024, "burden_pct": [3.0, 2.0, 1.0],
    ...     "equipment_share_pct": [30.0, 20.0, 10.0], "is_estimate": [True, False, False]})
    >>> efp = pd.DataFrame(columns=["host_iso3", "framework_iso3", "contributor_iso3", "since"])
    >>> t = three_cs_index(inputs, 2024, efp=efp)
    >>> t.sort_values("iso3")["is_estimate"].tolist(), t.attrs["missing_inputs"][0][:12]
    ([True, False, False], 'capabilities')
    """
    for col in ("iso3", "burden_pct", "equipment_share_pct", "is_estimate"):
        if col not in inputs.columns:
            raise BurdenInputError(t(
                "the three-Cs index needs a {col!r} column in the inputs",
                col=col,
            ))
    values = inputs[["iso3", "burden_pct", "equipment_share_pct"]].copy()
    part = efp_participation(efp, year)
    values = values.merge(part[["iso3", "efp_battlegroups", "efp_hosted"]], on="iso3", how="left")
    values["efp_battlegroups"] = values["efp_battlegroups"].fillna(0).astype(float)
    values["efp_hosted"] = values["efp_hosted"].fillna(0).astype(float)
    cf = "common_funding_vs_formula"
    reasons: dict[str, str] = {
        "readiness_vs_fair_share": READINESS_MISSING,
        cf: COST_SHARES_MISSING,
    }
    partial_gaps: list[Text] = []
    ratio = None
    if key is None or panel is None:
        reasons[cf] = key_reason
    else:
        nato_gdp_share, no_gdp = gdp_shares(panel, set(nato), year)
        ratio = common_funding_ratio(key, nato_gdp_share)
        effort = common_funding_vs_formula(key, nato_gdp_share, cap_next_largest=formula_cap)
        values[cf] = values["iso3"].map(effort)
        no_share = sorted(set(values["iso3"]) - set(key.loc[key["share_pct"].notna(), "iso3"]))
        if no_share:
            partial_gaps.append(t(
                "contributions: {indicator} of {allies} ({why}; not estimated)", indicator=cf,
                allies=", ".join(no_share), why=key_reason,
            ))  # fmt: skip
        if no_gdp:
            partial_gaps.append(t(
                "contributions: {indicator} uses the GDP of NATO members with GDP in release "
                "{release}; without GDP: {allies}", indicator=cf, release=release,
                allies=", ".join(no_gdp),
            ))  # fmt: skip
    if capabilities is not None:
        if not {"iso3", "readiness_vs_fair_share"} <= set(capabilities.columns):
            raise BurdenInputError(t("capabilities need columns iso3, readiness_vs_fair_share"))
        cap = pd.Series(
            capabilities["readiness_vs_fair_share"].to_numpy(), index=capabilities["iso3"]
        )
        values["readiness_vs_fair_share"] = values["iso3"].map(cap)
    out = three_cs(values, weights, missing_reasons=reasons)
    if ratio is not None:  # shown beside, not scored: it measures the US cap, not effort
        out["common_funding_ratio"] = out["iso3"].map(ratio)
    out["is_estimate"] = out["iso3"].map(inputs.set_index("iso3")["is_estimate"]).astype(bool)
    out.attrs["income_measure"] = t(
        "GDP as a proxy for GNI (NATO's formula uses GNI; no GNI table is shipped)"
    )
    out.attrs["formula"] = (
        t("income shares with the largest member capped at the next largest, excess pro rata")
        if formula_cap else t("income shares (no cap rule in force)")
    )

    out.attrs["missing_inputs"] = [*out.attrs["missing_inputs"], *partial_gaps]
    return out
