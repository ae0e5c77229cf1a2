"""Spending metrics: pure functions over a release panel (see ``catalog.panel``).

Every function takes the wide panel (one row per ally-year) and plain values, and returns
a new DataFrame; nothing here reads files or holds state. Group functions take the
membership as a mapping ``year -> set of ISO codes`` (``allies.membership``), so the
caller decides who counts in which year.

Column conventions of the results: money columns name currency, price basis and scale
(``usd_current_mn``, ``usd_constant_mn`` with the base year in ``price_base``,
``nc_current_mn``); ratios end in ``_pct`` (percent) or ``_pp`` (percentage points).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

import numpy as np
import pandas as pd

from burdenshare import measure
from burdenshare.errors import BurdenshareError
from burdenshare.text import t

Membership = Mapping[int, Set[str]]


class MetricInputError(BurdenshareError):
    """The panel lacks a column or a year that the metric needs."""


def _need(panel: pd.DataFrame, *columns: str) -> None:
    for c in columns:
        if c not in panel.columns or panel[c].isna().all():
            release = panel["release"].iloc[0] if "release" in panel and len(panel) else "?"
            raise MetricInputError(
                t(
                    "release {release} has no {indicator!r}; this metric needs it (choose a "
                    "release that publishes it, e.g. with --as-of or release=)",
                    release=release, indicator=c,
                )
            )


def _in_members(panel: pd.DataFrame, members: Membership) -> pd.Series:
    pairs = zip(panel["iso3"], panel["year"], strict=True)
    return pd.Series(
        [iso in members.get(int(y), ()) for iso, y in pairs],
        index=panel.index,
        dtype=bool,
    )


def share_of_gdp(panel: pd.DataFrame) -> pd.DataFrame:
    """Share of GDP as published, and recomputed where the release allows it.

    NATO computes the share at constant prices; the recomputation is
    ``defence_exp_usd_constant_mn / (gdp_usd_constant_bn × 1000) × 100``. The difference is
    shown, not hidden: NATO prints some cells as exactly 2.00 (see SOURCES.md).

    Returns columns ``iso3``, ``year``, ``share_gdp_pct`` (published),
    ``share_gdp_pct_recomputed``, ``difference_pp`` (published − recomputed),
    ``is_estimate``.

    >>> p = pd.DataFrame({"release": ["x"], "iso3": ["AAA"], "year": [2024],
    ...     "is_estimate": [False], "share_gdp_pct": [2.0],
    ...     "defence_exp_usd_constant_mn": [19.9], "gdp_usd_constant_bn": [1.0]})
    >>> share_of_gdp(p)[["share_gdp_pct", "share_gdp_pct_recomputed"]].round(2).values.tolist()
    [[2.0, 1.99]]
    """
    _need(panel, "share_gdp_pct")
    out = panel[["iso3", "year", "share_gdp_pct", "is_estimate"]].copy()
    if {"defence_exp_usd_constant_mn", "gdp_usd_constant_bn"} <= set(panel.columns):
        recomputed = panel["defence_exp_usd_constant_mn"] / (panel["gdp_usd_constant_bn"] * 1000)
        out["share_gdp_pct_recomputed"] = recomputed * 100
    else:
        out["share_gdp_pct_recomputed"] = np.nan
    out["difference_pp"] = out["share_gdp_pct"] - out["share_gdp_pct_recomputed"]
    return out[["iso3", "year", "share_gdp_pct", "share_gdp_pct_recomputed", "difference_pp",
                "is_estimate"]]  # fmt: skip


def share_check(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """:func:`share_of_gdp` of one year, the largest absolute difference first.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["A", "B"], "year": 2024,
    ...     "is_estimate": False, "share_gdp_pct": [2.0, 1.5],
    ...     "defence_exp_usd_constant_mn": [19.9, 15.0], "gdp_usd_constant_bn": [1.0, 1.0]})
    >>> share_check(p, 2024)["iso3"].tolist()
    ['A', 'B']
    """
    out = share_of_gdp(panel[panel["year"] == year])
    out = out.reindex(out["difference_pp"].abs().sort_values(ascending=False).index)
    return out.reset_index(drop=True)


def real_change(panel: pd.DataFrame) -> pd.DataFrame:
    """Annual real change, as published and recomputed from the constant-price series.

    ``real_change_pct_recomputed`` = constant national-currency spending over the previous
    year's, minus one (percent); NaN where the release has no such series.
    """
    _need(panel, "real_change_pct")
    out = panel[["iso3", "year", "real_change_pct", "is_estimate"]].copy()
    col = "defence_exp_nc_constant_mn"
    if col in panel.columns and panel[col].notna().any():
        s = panel.sort_values(["iso3", "year"])
        prev = s.groupby("iso3")[col].shift(1)
        prev_year = s.groupby("iso3")["year"].shift(1)
        rec = (s[col] / prev - 1) * 100
        rec[prev_year != s["year"] - 1] = np.nan
        out["real_change_pct_recomputed"] = rec.reindex(out.index)
    else:
        out["real_change_pct_recomputed"] = np.nan
    return out


SUMMABLE_COLUMNS = (
    "defence_exp_usd_current_mn",
    "defence_exp_usd_constant_mn",
    "gdp_usd_current_bn",
    "gdp_usd_constant_bn",
    "military_personnel_thousands",
)

CATEGORY_COLUMNS = (
    "equipment_share_pct",
    "personnel_share_pct",
    "infrastructure_share_pct",
    "other_share_pct",
)


def composition(panel: pd.DataFrame, equipment_pct: float = 20.0) -> pd.DataFrame:
    """Equipment, personnel, infrastructure and other shares of defence expenditure (%).

    Adds ``total_pct`` (their sum, 100 within rounding) and ``meets_equipment_20`` (the
    Wales equipment guideline, ``equipment_pct`` percent of defence expenditure, met by the
    published value as printed: :func:`burdenshare.measure.meets`).

    >>> p = pd.DataFrame({"iso3": ["A", "B"], "year": 2024, "is_estimate": False,
    ...     "equipment_share_pct": [19.995, 19.9], "personnel_share_pct": [50.0, 50.0],
    ...     "infrastructure_share_pct": [5.0, 5.0], "other_share_pct": [25.005, 25.1]})
    >>> composition(p)["meets_equipment_20"].tolist()
    [True, False]
    """
    _need(panel, "equipment_share_pct")
    out = panel[["iso3", "year", *CATEGORY_COLUMNS, "is_estimate"]].copy()
    out["total_pct"] = out[list(CATEGORY_COLUMNS)].sum(axis=1, min_count=1)
    out["meets_equipment_20"] = measure.meets(out["equipment_share_pct"], equipment_pct)
    return out


def per_capita(panel: pd.DataFrame) -> pd.DataFrame:
    """Defence spending per head (constant USD, as published) and the implied population.

    ``population_mn`` = GDP (constant USD) ÷ GDP per head (constant USD), NaN where the
    release lacks either.
    """
    _need(panel, "defence_exp_per_capita_usd")
    out = panel[["iso3", "year", "defence_exp_per_capita_usd", "is_estimate"]].copy()
    if {"gdp_usd_constant_bn", "gdp_per_capita_usd_constant"} <= set(panel.columns):
        out["population_mn"] = (
            panel["gdp_usd_constant_bn"] * 1e3 / panel["gdp_per_capita_usd_constant"]
        )
    else:
        out["population_mn"] = np.nan
    return out


def group_totals(
    panel: pd.DataFrame, members: Membership, columns: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Sums of money (and personnel) over the group's members, per year.

    Only allies counted in the group that year are summed (``members``). Returns one row
    per year with the summed columns and ``n_allies``.
    """
    if columns is None:
        columns = tuple(
            c for c in SUMMABLE_COLUMNS if c in panel.columns and panel[c].notna().any()
        )
    sub = panel[_in_members(panel, members)]
    grouped = sub.groupby("year")
    out = grouped[list(columns)].sum(min_count=1)
    out["n_allies"] = grouped["iso3"].nunique()
    return out.reset_index()


def group_share_of_gdp(panel: pd.DataFrame, members: Membership) -> pd.DataFrame:
    """A group's defence burden per year, two ways, each labelled.

    - ``share_gdp_pct_weighted``: NATO's method, Σ defence ÷ Σ GDP at constant prices
      (a GDP-weighted mean of the members' shares; the GDP of every member counts,
      Iceland's included, as in NATO's aggregate rows).
    - ``share_gdp_pct_mean``: the unweighted mean of the members' published shares.
    - ``share_gdp_pct_median``: the median of the members' published shares.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["A", "B"], "year": [2024, 2024],
    ...     "share_gdp_pct": [1.0, 3.0], "defence_exp_usd_constant_mn": [10.0, 3.0],
    ...     "gdp_usd_constant_bn": [1.0, 0.1]})
    >>> r = group_share_of_gdp(p, {2024: {"A", "B"}})
    >>> round(float(r["share_gdp_pct_weighted"].iloc[0]), 4), float(r["share_gdp_pct_mean"].iloc[0])
    (1.1818, 2.0)
    """
    _need(panel, "share_gdp_pct")
    sub = panel[_in_members(panel, members)]
    grouped = sub.groupby("year")
    out = pd.DataFrame(
        {
            "share_gdp_pct_mean": grouped["share_gdp_pct"].mean(),
            "share_gdp_pct_median": grouped["share_gdp_pct"].median(),
            "n_allies": grouped["share_gdp_pct"].count(),
        }
    )
    if {"defence_exp_usd_constant_mn", "gdp_usd_constant_bn"} <= set(sub.columns) and sub[
        "gdp_usd_constant_bn"
    ].notna().any():
        # NATO divides by the GDP of all members, Iceland included (no defence spending).
        spend = grouped["defence_exp_usd_constant_mn"].sum(min_count=1)
        weighted = spend / (grouped["gdp_usd_constant_bn"].sum(min_count=1) * 1e3)
        out.insert(0, "share_gdp_pct_weighted", weighted * 100)
    else:
        out.insert(0, "share_gdp_pct_weighted", np.nan)
    return out.reset_index()


class PartialCoverageError(MetricInputError):
    """A group statistic asked of a partial release that lacks some of the group's allies."""


#: Why a value is missing, in the words every surface shows (never "nan").
MISSING_PARTIAL = "partial release"
MISSING_NOT_PUBLISHED = "not published"
MISSING_NOT_APPLICABLE = "not applicable"


def coverage(
    panel: pd.DataFrame,
    members: Membership,
    indicator: str = "share_gdp_pct",
    not_applicable: Set[str] = frozenset(),
) -> pd.DataFrame:
    """Per year: how many of the group's members have a value of ``indicator``.

    ``members`` counts every member that year; ``reporting`` leaves out the allies for which
    NATO publishes no figure at all (``not_applicable``: Iceland has no armed forces);
    ``with_figures`` is how many of them the panel holds a value for; ``complete`` says
    whether every reporting member has one. The base of every "n of how many" count.

    >>> p = pd.DataFrame({"iso3": ["A", "B"], "year": 2019, "share_gdp_pct": [2.1, 2.2]})
    >>> c = coverage(p, {2019: {"A", "B", "C", "I"}}, not_applicable={"I"}).iloc[0]
    >>> [int(c[k]) for k in ("year", "members", "reporting", "with_figures")], bool(c["complete"])
    ([2019, 4, 3, 2], False)
    """
    years = sorted(int(y) for y in panel["year"].unique())
    has = panel[panel[indicator].notna()] if indicator in panel.columns else panel.iloc[0:0]
    rows = []
    for year in years:
        group = set(members.get(year, ()))
        reporting = group - set(not_applicable)
        holding = set(has.loc[has["year"] == year, "iso3"]) & reporting
        rows.append({"year": year, "members": len(group), "reporting": len(reporting),
                     "with_figures": len(holding), "complete": holding == reporting})  # fmt: skip
    return pd.DataFrame(rows, columns=["year", "members", "reporting", "with_figures", "complete"])


def group_aggregates(
    panel: pd.DataFrame,
    members: Membership,
    *,
    partial: bool = False,
    not_applicable: Set[str] = frozenset(),
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A group's aggregates per year: its shares of GDP, real change and summed money.

    :func:`group_share_of_gdp`, with NATO's :func:`group_real_change` and the
    :func:`group_totals` the release has when it publishes constant-price spending.

    From a ``partial`` release only the years in which every reporting member has a share of
    GDP are kept (:func:`coverage`); if none is left, :class:`PartialCoverageError` says why.
    ``published`` (NATO's own aggregate rows of the release: ``year``, ``indicator``,
    ``value``) fills the weighted share where the release lacks the GDP to compute it;
    ``share_gdp_pct_weighted_basis`` says for every year whether the weighted share was
    computed, published, or why it is missing. A year a partial release cannot give in full
    keeps a row only when NATO's own aggregate is shipped (that figure alone, labelled
    ``published``); ``attrs["left_out_years"]`` names the other years left out.

    >>> p = pd.DataFrame({"iso3": ["A"], "year": 2019, "share_gdp_pct": [2.5]})
    >>> group_aggregates(p, {2019: {"A", "B"}}, partial=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    burdenshare.spending.metrics.PartialCoverageError: partial release: 1 of the 2 ...
    """
    cov = coverage(panel, members, "share_gdp_pct", not_applicable)
    if partial:
        keep = set(cov.loc[cov["complete"], "year"])
        if not keep:
            last = cov.iloc[-1]
            raise PartialCoverageError(
                t(
                    "{MISSING_PARTIAL}: {with_figures} of the {reporting} reporting members have a "
                    "share of GDP in {year}; group statistics from it would mislead",
                    MISSING_PARTIAL=MISSING_PARTIAL, with_figures=int(last['with_figures']),
                    reporting=int(last['reporting']), year=int(last['year']),
                )
            )
        panel = panel[panel["year"].isin(keep)]
    left_out = sorted(int(y) for y in cov.loc[~cov["complete"], "year"]) if partial else []
    pub = pd.Series(dtype=float)
    if published is not None and not published.empty:
        pub = published[published["indicator"] == "share_gdp_pct"].set_index("year")["value"]
    shares = group_share_of_gdp(panel, members)
    # a left-out year keeps a row when NATO's own aggregate is shipped: that figure only
    shown = [y for y in left_out if y in pub.index]
    if shown:
        extra = pd.DataFrame({"year": shown, "share_gdp_pct_weighted": np.nan,
                              "share_gdp_pct_mean": np.nan, "share_gdp_pct_median": np.nan,
                              "n_allies": cov.set_index("year").loc[shown, "with_figures"]
                              .to_numpy()})  # fmt: skip
        shares = pd.concat([shares, extra], ignore_index=True).sort_values("year")
        shares = shares.reset_index(drop=True)
    shares.attrs["left_out_years"] = ", ".join(str(y) for y in left_out if y not in shown)
    shares["members"] = shares["year"].map(cov.set_index("year")["members"]).astype("int64")
    computed = shares["share_gdp_pct_weighted"].notna()
    basis = np.where(computed, "computed", MISSING_NOT_PUBLISHED).astype(object)
    if not pub.empty:
        fill = ~computed & shares["year"].isin(pub.index)
        shares.loc[fill, "share_gdp_pct_weighted"] = shares.loc[fill, "year"].map(pub)
        basis[fill.to_numpy()] = "published"
    shares["share_gdp_pct_weighted_basis"] = basis
    col = "defence_exp_usd_constant_mn"
    if col not in panel or not panel[col].notna().any():
        return shares
    totals = group_totals(panel, members).drop(columns="n_allies")
    rc = group_real_change(panel, members)[["year", "real_change_pct"]]
    same = group_real_change(panel, members, method="same_allies")[["year", "real_change_pct"]]
    rc = rc.merge(same.rename(columns={"real_change_pct": "real_change_same_allies_pct"}),
                  on="year", how="left")  # fmt: skip
    out = shares.merge(rc, on="year", how="left").merge(totals, on="year", how="left")
    out.attrs = dict(shares.attrs)
    changed = [y for y in sorted(members) if y - 1 in members
               and set(members[y]) != set(members[y - 1])
               and y in set(out["year"])]  # fmt: skip
    if changed:
        out.attrs["membership_note"] = t(
            "The group's members changed in {years}: real_change_pct (NATO's method) counts "
            "spending by members that joined or left as change; real_change_same_allies_pct "
            "compares the same allies in both years.",
            years=", ".join(str(y) for y in changed),
        )
    return out


def group_per_capita(panel: pd.DataFrame, members: Membership) -> pd.DataFrame:
    """A group's defence spending per head (constant USD), NATO's way.

    Σ constant-USD defence spending over Σ population of all members — Iceland's
    population counts although it has no defence spending, as in NATO's aggregate rows.
    Population is implied by GDP ÷ GDP per head (see :func:`per_capita`).
    """
    _need(panel, "defence_exp_usd_constant_mn", "gdp_per_capita_usd_constant")
    sub = per_capita(panel).assign(
        defence_exp_usd_constant_mn=panel["defence_exp_usd_constant_mn"]
    )[_in_members(panel, members)]
    g = sub.groupby("year")
    out = pd.DataFrame(
        {
            "defence_exp_per_capita_usd": g["defence_exp_usd_constant_mn"].sum()
            / g["population_mn"].sum(min_count=1),
            "population_mn": g["population_mn"].sum(min_count=1),
        }
    )
    return out.reset_index()


def group_real_change(
    panel: pd.DataFrame, members: Membership, method: str = "nato"
) -> pd.DataFrame:
    """A group's annual real change in constant-USD spending, labelled by ``method``.

    - ``nato`` (default, reproduces NATO's published aggregate rows): this year's members
      over last year's members, so an accession counts as growth (Finland in 2023, Sweden
      in 2024).
    - ``same_allies``: this year's members in both years, so it does not.
    """
    _need(panel, "defence_exp_usd_constant_mn")
    if method not in ("nato", "same_allies"):
        raise MetricInputError(t(
            "unknown method {method!r}; accepted: nato, same_allies",
            method=method,
        ))
    s = panel.set_index(["iso3", "year"])["defence_exp_usd_constant_mn"]
    years = sorted(int(y) for y in panel["year"].unique())
    rows = []
    for year in years:
        if year - 1 not in years:
            continue
        now_codes = sorted(members.get(year, ()))
        before_codes = now_codes if method == "same_allies" else sorted(members.get(year - 1, ()))
        now = s.reindex([(c, year) for c in now_codes]).sum(min_count=1)
        before = s.reindex([(c, year - 1) for c in before_codes]).sum(min_count=1)
        rows.append(
            {
                "year": year,
                "real_change_pct": (now / before - 1) * 100,
                "n_allies": len(now_codes),
                "method": method,
            }
        )
    return pd.DataFrame(rows)


def cumulative_increase(
    panel: pd.DataFrame,
    members: Membership,
    base: int,
    to: int,
    *,
    fixed_membership: bool = False,
) -> pd.DataFrame:
    """Cumulative extra spending since a base year, in constant prices (NATO's way).

    For each year t after ``base`` up to ``to``: the group's constant-USD spending S_t
    minus S_base, and the running total Σ (S_t − S_base). The group is summed with its
    membership of each year (as NATO's aggregate rows are).

    Returns ``year``, ``spending_usd_constant_mn``, ``extra_usd_constant_mn``,
    ``cumulative_usd_constant_mn``; ``attrs["cumulative_usd_constant_bn"]`` holds the total
    in billions. Beside them: ``accession_usd_constant_mn`` (the spending of members that
    joined after ``base``, in the year: growth by accession, not by spending more) and
    ``is_estimate`` (some summed figure of the year is a NATO estimate). With
    ``fixed_membership`` the group is the members of ``base`` in every year, so the
    accessions are left out (``attrs["membership"]`` says which).

    >>> p = pd.DataFrame({"release": "x", "iso3": "A", "year": [2016, 2017, 2018],
    ...     "defence_exp_usd_constant_mn": [100.0, 104.0, 108.0]})
    >>> cumulative_increase(p, {y: {"A"} for y in (2016, 2017, 2018)}, 2016, 2018)[
    ...     "cumulative_usd_constant_mn"].tolist()
    [4.0, 12.0]

    B joins in 2018 with 50: half of the extra in 2018 is the accession.

    >>> q = pd.concat([p, pd.DataFrame({"release": "x", "iso3": ["B"], "year": [2018],
    ...     "defence_exp_usd_constant_mn": [50.0]})])
    >>> m = {2016: {"A"}, 2017: {"A"}, 2018: {"A", "B"}}
    >>> c = cumulative_increase(q, m, 2016, 2018)
    >>> c[["extra_usd_constant_mn", "accession_usd_constant_mn"]].values.tolist()
    [[4.0, 0.0], [58.0, 50.0]]
    >>> cumulative_increase(q, m, 2016, 2018, fixed_membership=True)[
    ...     "cumulative_usd_constant_mn"].tolist()
    [4.0, 12.0]
    """
    _need(panel, "defence_exp_usd_constant_mn")
    if to <= base:
        raise MetricInputError(t(
            "'to' ({to}) must be after the base year ({base})",
            to=to, base=base,
        ))
    years = set(int(y) for y in panel["year"].unique())
    for y in (base, to):
        if y not in years:
            raise MetricInputError(
                t(
                    "year {year} is not in the release; covered: {min}-{max}",
                    year=y, min=min(years), max=max(years),
                )
            )
    founding = set(members.get(base, set()))
    fixed = {y: founding for y in members}
    used = fixed if fixed_membership else members
    col = "defence_exp_usd_constant_mn"
    totals = group_totals(panel, used, (col,)).set_index("year")
    series = totals[col]
    s_base = float(series.loc[base])
    window = series.loc[base + 1 : to]
    extra = window - s_base
    newcomers = {y: set(used.get(y, set())) - founding for y in used}
    joined = group_totals(panel, newcomers, (col,)).set_index("year")[col]
    flags = panel[_in_members(panel, used)]
    est = (flags.groupby("year")["is_estimate"].any() if "is_estimate" in flags.columns
           else pd.Series(False, index=window.index))  # fmt: skip
    out = pd.DataFrame(
        {
            "year": window.index.astype("int64"),
            "spending_usd_constant_mn": window.to_numpy(),
            "extra_usd_constant_mn": extra.to_numpy(),
            "cumulative_usd_constant_mn": extra.cumsum().to_numpy(),
            "accession_usd_constant_mn": joined.reindex(window.index).fillna(0.0).to_numpy(),
            "is_estimate": est.reindex(window.index).fillna(False).astype(bool).to_numpy(),
        }
    )
    out.attrs["cumulative_usd_constant_bn"] = float(extra.sum()) / 1e3
    out.attrs["membership"] = (
        t("the members of {year} in every year (accessions left out)", year=base)
        if fixed_membership
        else t("the members of each year (NATO's way: accessions count as growth; see "
               "accession_usd_constant_mn)")
    )

    return out


def rank(panel: pd.DataFrame, indicator: str, year: int, ascending: bool = False) -> pd.DataFrame:
    """Allies ranked by an indicator in one year (1 = highest unless ``ascending``).

    Ties share the lowest rank ("min" method). Allies without a value are left out.
    """
    _need(panel, indicator)
    sub = panel[(panel["year"] == year) & panel[indicator].notna()]
    out = sub[["iso3", "year", indicator, "is_estimate"]].copy()
    out["rank"] = _ranks(out[indicator], ascending).astype("int64")
    return out.sort_values(["rank", "iso3"]).reset_index(drop=True)


def _ranks(values: pd.Series, ascending: bool = False) -> pd.Series:
    """The one ranking rule: 1 = highest unless ``ascending``; ties share the lowest rank."""
    return values.rank(ascending=ascending, method="min")


def rank_observations(obs: pd.DataFrame, ascending: bool = False) -> pd.DataFrame:
    """Tidy observations of one indicator in one year, ranked as :func:`rank` ranks.

    Rows with a value, and rows flagged ``not_applicable`` (no rank: NATO publishes no
    figure, e.g. Iceland's defence expenditure), are kept; other missing rows are dropped.
    Returns ``rank`` (nullable integer), ``iso3``, ``year``, ``value``, ``unit``, ``flag``,
    sorted by rank then code.

    >>> obs = pd.DataFrame({"iso3": ["A", "B", "C", "D"], "year": 2024, "unit": "pct_gdp",
    ...     "value": [1.5, 2.5, float("nan"), 2.5], "flag": ["", "", "not_applicable", ""]})
    >>> r = rank_observations(obs)
    >>> r["iso3"].tolist(), r["rank"].tolist()
    (['B', 'D', 'A', 'C'], [1, 1, 3, <NA>])
    """
    kept = obs[obs["value"].notna() | (obs["flag"] == "not_applicable")].copy()
    kept["rank"] = _ranks(kept["value"], ascending).astype("Int64")
    kept = kept.sort_values(["rank", "iso3"], na_position="last")
    return kept[["rank", "iso3", "year", "value", "unit", "flag"]].reset_index(drop=True)


def count_at_or_above(
    panel: pd.DataFrame,
    threshold: float,
    members: Membership | None = None,
    indicator: str = "share_gdp_pct",
    decimals: int | None = 2,
) -> pd.DataFrame:
    """The number of allies at or above ``threshold``, per year.

    The comparison uses values rounded to ``decimals`` (NATO's printed two decimals by
    default; ``None`` compares unrounded values) with :func:`burdenshare.measure.meets`
    (half up, as printed: 1.995 counts as 2.00) — the count is sensitive to this, so the
    result names it in ``compared_at``.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["A", "B", "C"], "year": 2024,
    ...     "share_gdp_pct": [1.996, 2.4, 1.5]})
    >>> count_at_or_above(p, 2.0)["count"].tolist()
    [2]
    >>> count_at_or_above(p, 2.0, decimals=None)["count"].tolist()
    [1]
    """
    _need(panel, indicator)
    sub = panel if members is None else panel[_in_members(panel, members)]
    hit = sub.assign(_hit=measure.meets(sub[indicator], threshold, decimals=decimals))
    hit = hit[sub[indicator].notna()]
    g = hit.groupby("year")
    out = pd.DataFrame({"count": g["_hit"].sum().astype("int64"), "of": g["_hit"].size()})
    out["allies"] = hit[hit["_hit"]].groupby("year")["iso3"].agg(lambda s: " ".join(sorted(s)))
    out["allies"] = out["allies"].fillna("")
    if members is not None:
        out["members"] = [len(members.get(int(y), ())) for y in out.index]
    out["compared_at"] = measure.compared_at(decimals)
    return out.reset_index()


def gap_to_threshold(
    panel: pd.DataFrame, threshold: float, year: int, decimals: int | None = 2
) -> pd.DataFrame:
    """The money each ally needs to reach ``threshold`` percent of GDP in ``year``.

    The share is compared as NATO prints it, rounded half up to ``decimals`` (``None``:
    unrounded) by :mod:`burdenshare.measure`,
    so an ally printed at 2.00 meets 2% and shows no shortfall; ``compared_at`` says which.
    ``gap_pp`` = threshold − compared share (negative: above the threshold).
    ``gap_usd_current_mn`` = gap_pp / 100 × GDP (current USD, Table 5).
    ``gap_nc_current_mn`` = the same in national currency, at the exchange rate implied by
    Tables 1 and 2 (national-currency spending ÷ USD spending).
    ``shortfall_usd_current_mn`` = max(0, gap). Money columns are NaN where the release
    lacks GDP or national-currency tables.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["A"], "year": [2024], "is_estimate": True,
    ...     "share_gdp_pct": [1.5], "gdp_usd_current_bn": [1000.0],
    ...     "defence_exp_usd_current_mn": [15000.0], "defence_exp_nc_mn": [13500.0],
    ...     "currency_nc": ["Euros"]})
    >>> g = gap_to_threshold(p, 2.0, 2024)
    >>> g[["gap_pp", "gap_usd_current_mn", "gap_nc_current_mn"]].iloc[0].tolist()
    [0.5, 5000.0, 4500.0]
    """
    _need(panel, "share_gdp_pct")
    sub = panel[(panel["year"] == year) & panel["share_gdp_pct"].notna()]
    if sub.empty:
        raise MetricInputError(t("no share of GDP for {year} in this release", year=year))
    out = sub[["iso3", "year", "share_gdp_pct", "is_estimate"]].copy()
    out["threshold_pct"] = threshold
    out["gap_pp"] = measure.gap(out["share_gdp_pct"], threshold, decimals=decimals)
    gdp = sub.get("gdp_usd_current_bn", np.nan)
    out["gap_usd_current_mn"] = out["gap_pp"] / 100 * gdp * 1e3
    if {"defence_exp_nc_mn", "defence_exp_usd_current_mn"} <= set(sub.columns):
        xr = sub["defence_exp_nc_mn"] / sub["defence_exp_usd_current_mn"]
        out["gap_nc_current_mn"] = out["gap_usd_current_mn"] * xr
        out["currency_nc"] = sub.get("currency_nc")
    else:
        out["gap_nc_current_mn"] = np.nan
        out["currency_nc"] = None
    out["meets"] = measure.meets(out["share_gdp_pct"], threshold, decimals=decimals)
    out["shortfall_usd_current_mn"] = (
        out["gap_usd_current_mn"].clip(lower=0).where(~out["meets"], 0.0)
    )
    out["compared_at"] = measure.compared_at(decimals)
    return out.sort_values("gap_pp", ascending=False).reset_index(drop=True)


OVERVIEW_COLUMNS = (
    "share_gdp_pct",
    "equipment_share_pct",
    "real_change_pct",
    "defence_exp_usd_current_mn",
)


def overview(
    panel: pd.DataFrame,
    year: int,
    groups: Mapping[str, Membership],
    core_pct: float,
    equipment_pct: float,
    *,
    partial: bool = False,
    not_applicable: Set[str] = frozenset(),
    published: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The alliance at a glance in ``year``: one row per ally with a share of GDP.

    ``meets_2pct`` and ``meets_equipment_20`` compare the published figures, as printed,
    with the guidelines passed (``core_pct`` % of GDP, ``equipment_pct`` % of defence
    expenditure) by :func:`burdenshare.measure.meets`. Rows are sorted by share of GDP,
    highest first. ``attrs`` hold ``year``, ``count_2pct``, its base ``n_with_figures``
    (the allies with a share of GDP in the panel) and, for each group in ``groups``
    (name → membership), ``<group>_members`` (the members that year),
    ``<group>_with_figures`` (how many of them have a share of GDP),
    ``<group>_share_gdp_pct`` (NATO's weighted ratio, or ``None``) and
    ``<group>_share_gdp_pct_basis`` (``computed``, ``published`` when NATO's own aggregate
    from ``published`` stands in, or why it is missing: ``partial release``, ``not
    published``). A ``partial`` release that lacks some reporting members gives no
    computed group share.

    >>> p = pd.DataFrame({"release": "x", "iso3": ["A", "B"], "year": 2024,
    ...     "is_estimate": False, "share_gdp_pct": [1.995, 1.5],
    ...     "equipment_share_pct": [25.0, 10.0], "defence_exp_usd_constant_mn": [2.0, 1.5],
    ...     "gdp_usd_constant_bn": [0.1, 0.1]})
    >>> o = overview(p, 2024, {"nato": {2024: {"A", "B"}}}, 2.0, 20.0)
    >>> o["meets_2pct"].tolist(), o.attrs["count_2pct"], round(o.attrs["nato_share_gdp_pct"], 2)
    ([True, False], 1, 1.75)
    >>> o = overview(p.iloc[:1], 2024, {"nato": {2024: {"A", "B"}}}, 2.0, 20.0, partial=True)
    >>> o.attrs["count_2pct"], o.attrs["n_with_figures"], o.attrs["nato_members"]
    (1, 1, 2)
    >>> o.attrs["nato_share_gdp_pct"], o.attrs["nato_share_gdp_pct_basis"]
    (None, 'partial release')
    """
    _need(panel, "share_gdp_pct")
    sub = panel[panel["year"] == year].copy()
    for c in OVERVIEW_COLUMNS:
        if c not in sub:
            sub[c] = np.nan
    sub = sub[sub["share_gdp_pct"].notna()]
    out = sub[["iso3", *OVERVIEW_COLUMNS, "is_estimate"]].copy()
    out["meets_2pct"] = measure.meets(out["share_gdp_pct"], core_pct)
    out["meets_equipment_20"] = measure.meets(out["equipment_share_pct"], equipment_pct)
    out = out.sort_values("share_gdp_pct", ascending=False).reset_index(drop=True)
    out.attrs["year"] = year
    for name, members in groups.items():
        cov = coverage(panel, members, "share_gdp_pct", not_applicable).set_index("year")
        out.attrs[f"{name}_members"] = int(cov["members"].loc[year])
        out.attrs[f"{name}_with_figures"] = int(cov["with_figures"].loc[year])
        value: float | None = None
        basis = MISSING_PARTIAL if partial else MISSING_NOT_PUBLISHED
        if not partial or bool(cov["complete"].loc[year]):
            g = group_share_of_gdp(panel, members).set_index("year")
            computed = float(g["share_gdp_pct_weighted"].loc[year])
            if not np.isnan(computed):
                value, basis = computed, "computed"
            else:
                basis = MISSING_NOT_PUBLISHED
        pub = (published or {}).get(name)
        if value is None and pub is not None:
            hit = pub[(pub["indicator"] == "share_gdp_pct") & (pub["year"] == year)]
            if not hit.empty:
                value, basis = float(hit["value"].iloc[0]), "published"
        out.attrs[f"{name}_share_gdp_pct"] = value
        out.attrs[f"{name}_share_gdp_pct_basis"] = basis
    out.attrs["n_with_figures"] = len(out)
    out.attrs["count_2pct"] = int(out["meets_2pct"].sum())
    out.attrs["core_guideline_pct"] = core_pct
    out.attrs["equipment_guideline_pct"] = equipment_pct
    return out
