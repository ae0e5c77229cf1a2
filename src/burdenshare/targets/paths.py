"""Paths to a target share of GDP, and a check of actual spending against them (pure).

Three methods (METRICS.md C3 and C4):

* ``linear``: the share of GDP rises in equal steps from the base year's share to the
  target in the target year, ``b*_t = b_0 + (τ − b_0)(t − t_0)/(T − t_0)``, and the
  required spending is ``b*_t · Y_t``;
* ``constant-real``: spending grows at one constant real rate ``g`` that reaches
  ``τ · Y_T`` in ``T``: ``S_t = S_0 (1 + g)^(t − t_0) · D_t / D_0``, with
  ``1 + g = (τ Y_T / S_0)^(1/(T − t_0)) / (D_T / D_0)^(1/(T − t_0))``;
* ``plan``: the user's spending plan (national currency, or share of GDP, per year, or a
  constant nominal growth rate), checked against the target.

An ally already at or above the target in the base year is not sent down to it: its
``linear`` and ``constant-real`` paths hold the base share (the target is a minimum), and
``attrs["note"]`` says so; the required rates, then negative or small, show the slack.

Money is on **NATO's share basis**: spending in a year is NATO's printed share times GDP
in national currency (the foundation's gap uses the same basis). It equals reported
national-currency spending within rounding for every ally but one: NATO's printed share
of the Netherlands (constant prices) is 2.02% of GDP in 2024 while its current-price
ratio is 1.80%; the path follows the printed share.

Paths are illustrative: NATO publishes no interim milestones towards 2035; the Hague
declaration asks for a "credible, incremental" national path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from burdenshare import text as _text
from burdenshare.measure import meets
from burdenshare.rules.model import RuleSet
from burdenshare.targets.errors import CoverageGapError, TargetsError, UnknownMethodError
from burdenshare.text import Text, t

METHODS = ("linear", "constant-real", "plan")

#: Tolerance for "on path": NATO prints shares to two decimals.
ON_PATH_TOLERANCE_PP = 0.005


@dataclass(frozen=True)
class RequiredGrowth:
    """The constant yearly growth of spending that reaches the target (METRICS C3)."""

    nominal_pct: float
    real_pct: float
    years: int

    def __str__(self) -> str:
        return f"{self.nominal_pct:.2f}% a year nominal, {self.real_pct:.2f}% real"


def required_growth(
    spending0: float,
    gdp_target_year: float,
    target_pct: float,
    years: int,
    deflator_ratio: float = 1.0,
) -> RequiredGrowth:
    """Required constant growth of spending to reach ``target_pct`` of GDP in ``years``.

    Args:
        spending0: base-year spending (same unit as ``gdp_target_year``).
        gdp_target_year: projected nominal GDP in the target year.
        target_pct: the target share of GDP, percent.
        years: years from the base year to the target year (> 0).
        deflator_ratio: ``D_T / D_0``, the GDP deflator's rise over the period.

    Returns:
        :class:`RequiredGrowth` with nominal and real rates in percent.

    Raises:
        TargetsError: ``years`` < 1 or a non-positive amount.

    METRICS.md C3's example: GDP 1,000 growing 3% a year, spending 20, 3.5% in 10 years,
    2% inflation:

    >>> r = required_growth(20.0, 1000 * 1.03**10, 3.5, 10, 1.02**10)
    >>> round(r.nominal_pct, 2), round(r.real_pct, 2)
    (8.93, 6.79)
    """
    if years < 1:
        raise TargetsError(_text.t(
            "the target year must be after the base year ({years} years apart)",
            years=years,
        ))
    if spending0 <= 0 or gdp_target_year <= 0 or deflator_ratio <= 0:
        raise TargetsError(_text.t("spending, GDP and the deflator must be positive"))
    nominal = (target_pct / 100 * gdp_target_year / spending0) ** (1 / years) - 1
    real = (1 + nominal) / deflator_ratio ** (1 / years) - 1
    return RequiredGrowth(nominal * 100, real * 100, years)


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise UnknownMethodError(_text.t("path method"), method, METHODS)


def target_path(
    economy: pd.DataFrame,
    actual: pd.DataFrame,
    base_year: int,
    target_pct: float,
    target_year: int,
    method: str = "linear",
    plan: pd.DataFrame | None = None,
    plan_growth_pct: float | None = None,
) -> pd.DataFrame:
    """The yearly spending that reaches ``target_pct`` of GDP in ``target_year``.

    Args:
        economy: one ally's projected economy (``gdp.project_economy``): ``year,
            gdp_nc_bn, deflator, xr_nc_per_usd, origin``.
        actual: one ally's published figures: ``year, share_gdp_pct, is_estimate``.
        base_year: the year the path starts from (its share is the base share).
        target_pct: the target, percent of GDP.
        target_year: the year the target is to be reached.
        method: ``linear``, ``constant-real`` or ``plan``.
        plan: for ``plan``: ``year`` and ``spending_nc_mn`` or ``share_gdp_pct`` for every
            year after the base year up to the target year.
        plan_growth_pct: for ``plan`` instead of ``plan``: nominal growth a year.

    Returns:
        One row per year from ``base_year`` to ``target_year``: ``year, path_share_pct,
        path_spending_nc_mn`` (nominal), ``path_spending_real_nc_mn`` (prices of the
        base year, GDP deflator), ``path_spending_usd_mn``, ``gdp_nc_bn``, ``gdp_origin``,
        ``actual_share_pct``, ``actual_is_estimate``, ``deviation_pp`` (actual − path),
        ``deviation_nc_mn``, ``check`` (``on path``, ``behind by …``, ``ahead by …``).
        ``attrs``: ``required_nominal_growth_pct``, ``required_real_growth_pct`` (the
        constant rates that reach the target), ``share_in_target_year``, ``reaches_target``.

    Raises:
        UnknownMethodError, CoverageGapError (a year without GDP or without plan),
        TargetsError (target year not after the base year; no base-year share).

    The example of METRICS.md C4 (2.0% to 3.5% over 10 years, GDP 1,000 growing 3%):

    >>> econ = pd.DataFrame({"year": range(2025, 2036),
    ...     "gdp_nc_bn": [1000 * 1.03**k for k in range(11)], "deflator": 1.0,
    ...     "xr_nc_per_usd": 1.0, "origin": "test"})
    >>> act = pd.DataFrame({"year": [2025], "share_gdp_pct": [2.0], "is_estimate": [False]})
    >>> p = target_path(econ, act, 2025, 3.5, 2035)
    >>> p["path_share_pct"].round(2).tolist()[:4]
    [2.0, 2.15, 2.3, 2.45]
    >>> (p["path_spending_nc_mn"] / 1000).round(1).tolist()
    [20.0, 22.1, 24.4, 26.8, 29.3, 31.9, 34.6, 37.5, 40.5, 43.7, 47.0]
    """
    _check_method(method)
    if target_year <= base_year:
        raise TargetsError(_text.t(
            "target year {target_year} must be after the base year {base_year}",
            target_year=target_year, base_year=base_year,
        ))
    econ = economy.set_index("year").sort_index()
    years = list(range(base_year, target_year + 1))
    missing = [y for y in years if y not in econ.index]
    if missing:
        raise CoverageGapError(
            _text.t(
                "no GDP for {missing}; the projection covers {min}-{max}",
                missing=missing[0], min=int(econ.index.min()), max=int(econ.index.max()),
            )
        )
    act = actual.set_index("year").sort_index()
    b0 = float(act["share_gdp_pct"].get(base_year, np.nan))
    if np.isnan(b0):
        raise TargetsError(_text.t(
            "no published share of GDP in the base year {base_year}",
            base_year=base_year,
        ))
    gdp = econ.loc[years, "gdp_nc_bn"].to_numpy(dtype=float)
    defl = econ.loc[years, "deflator"].to_numpy(dtype=float)
    s0 = b0 / 100 * gdp[0] * 1e3  # NATO share basis, national currency, millions
    n = target_year - base_year
    steps = np.arange(n + 1)
    req = required_growth(s0, gdp[-1] * 1e3, target_pct, n, defl[-1] / defl[0])
    above = b0 >= target_pct and method != "plan"
    if above:
        # the commitment is a minimum: an ally already there is not sent down to it
        share = np.full(n + 1, b0)
        spend = share / 100 * gdp * 1e3
    elif method == "linear":
        share = b0 + (target_pct - b0) * steps / n
        spend = share / 100 * gdp * 1e3
    elif method == "constant-real":
        spend = s0 * (1 + req.real_pct / 100) ** steps * defl / defl[0]
        share = spend / (gdp * 1e3) * 100
    else:
        spend = _plan_spending(plan, plan_growth_pct, years, s0, gdp)
        share = spend / (gdp * 1e3) * 100
    out = pd.DataFrame(
        {
            "year": years,
            "method": method,
            "path_share_pct": share,
            "path_spending_nc_mn": spend,
            "path_spending_real_nc_mn": spend * defl[0] / defl,
            "path_spending_usd_mn": spend / econ.loc[years, "xr_nc_per_usd"].to_numpy(dtype=float),
            "gdp_nc_bn": gdp,
            "gdp_origin": pd.Series(econ.loc[years, "origin"].to_numpy(), dtype=object),
        }
    )
    a = act.reindex(years)
    out["actual_share_pct"] = a["share_gdp_pct"].to_numpy(dtype=float)
    out["actual_is_estimate"] = a["is_estimate"].astype("boolean").to_numpy()
    out["deviation_pp"] = out["actual_share_pct"] - out["path_share_pct"]
    out["deviation_nc_mn"] = out["deviation_pp"] / 100 * out["gdp_nc_bn"] * 1e3
    out["check"] = pd.Series([path_check(d, m) for d, m in zip(
        out["deviation_pp"], out["deviation_nc_mn"], strict=True)], index=out.index,
        dtype=object)  # object: each verdict stays a translatable Text  # fmt: skip

    out.attrs.update(
        {
            "method": method,
            "base_year": base_year,
            "base_share_pct": b0,
            "target_pct": target_pct,
            "target_year": target_year,
            "required_nominal_growth_pct": req.nominal_pct,
            "required_real_growth_pct": req.real_pct,
            "share_in_target_year": float(share[-1]),
            "reaches_target": meets(float(share[-1]), target_pct),
            "real_prices": t("national currency at {year} prices (GDP deflator)",
                             year=base_year),
            "money_basis": t("NATO share basis: printed share × GDP in national currency"),
            "official": t("illustrative: NATO publishes no interim milestones towards the "
                          "target"),
            "note": t(
                "already at or above {target}% in {year} ({share}%): the path holds the base "
                "share (the target is a minimum); the required rates show the slack",
                target=target_pct, year=base_year, share=b0,
            )
            if above
            else "",
        }
    )
    return out


def ally_path(
    panel: pd.DataFrame,
    economy: pd.DataFrame,
    iso3: str,
    *,
    target_pct: float,
    target_year: int,
    method: str = "linear",
    base_year: int | None = None,
    plan: pd.DataFrame | None = None,
    plan_growth_pct: float | None = None,
) -> pd.DataFrame:
    """One ally's path to a target from a release and a GDP projection.

    Picks the ally's rows of ``panel`` and ``economy``, starts from ``base_year`` (the
    latest outturn, the latest year that is not an estimate, by default, so later
    estimates are checked), keeps the ally's rows of a ``plan`` with an ``iso3`` column,
    and calls :func:`target_path`; adds ``iso3`` and ``currency_nc``.

    Raises:
        CoverageGapError: the ally has no share of GDP or no GDP.
    """
    e = economy[economy["iso3"] == iso3]
    a = panel[panel["iso3"] == iso3][["year", "share_gdp_pct", "is_estimate"]]
    if e.empty or a["share_gdp_pct"].isna().all():
        raise CoverageGapError(_text.t(
            "ally {iso3} has no share of GDP or GDP in this release",
            iso3=iso3,
        ))
    if base_year is None:
        outturns = a[~a["is_estimate"].astype(bool) & a["share_gdp_pct"].notna()]
        base_year = int(outturns["year"].max())
    if plan is not None and "iso3" in plan.columns:
        plan = plan[plan["iso3"] == iso3]
    out = target_path(e, a, base_year, target_pct, target_year, method, plan, plan_growth_pct)
    out.insert(0, "iso3", iso3)
    currency = panel.loc[panel["iso3"] == iso3, "currency_nc"].dropna()
    out["currency_nc"] = currency.iloc[-1] if len(currency) else None
    return out


def _plan_spending(
    plan: pd.DataFrame | None,
    growth_pct: float | None,
    years: list[int],
    s0: float,
    gdp: np.ndarray,
) -> np.ndarray:
    if plan is None and growth_pct is None:
        raise TargetsError(_text.t("method 'plan' needs a plan (CSV) or a plan growth rate"))
    if plan is None:
        assert growth_pct is not None
        return s0 * (1 + growth_pct / 100) ** np.arange(len(years))
    p = plan.set_index("year")
    need = years[1:]
    missing = [y for y in need if y not in p.index]
    if missing:
        raise CoverageGapError(
            _text.t(
                "the plan has no value for {missing}; it needs every year {first}-{last}",
                missing=missing[0], first=need[0], last=need[-1],
            )
        )
    if "spending_nc_mn" in p.columns:
        planned = p.loc[need, "spending_nc_mn"].to_numpy(dtype=float)
    else:
        planned = p.loc[need, "share_gdp_pct"].to_numpy(dtype=float) / 100 * gdp[1:] * 1e3
    return np.concatenate([[s0], planned])


def path_check(deviation_pp: float, deviation_money: float, unit: str = "mn") -> Text | str:
    """A one-phrase verdict on actual spending against the path.

    >>> path_check(-0.123, -1234.0)
    'behind by 0.12 pp (1,234 mn)'
    >>> path_check(0.004, 40.0), path_check(float("nan"), float("nan"))
    ('on path', '')
    """
    if deviation_pp is None or np.isnan(deviation_pp):
        return ""
    if abs(deviation_pp) < ON_PATH_TOLERANCE_PP:
        return t("on path")
    pp, money = abs(float(deviation_pp)), abs(float(deviation_money))
    if unit != "mn":
        word = "behind" if deviation_pp < 0 else "ahead"
        return f"{word} by {pp:.2f} pp ({money:,.0f} {unit})"
    if deviation_pp < 0:
        return t("behind by {pp:.2f} pp ({money:,.0f} mn)", pp=pp, money=money)
    return t("ahead by {pp:.2f} pp ({money:,.0f} mn)", pp=pp, money=money)


@dataclass(frozen=True)
class Target:
    """A named target: a share of GDP to reach by a year, from a dated parameter."""

    name: str
    parameter: str
    pct: float
    year: int | None
    label: str


#: Named targets for paths and simulations: name → (parameter, label; ``{year}`` is the
#: target year).
TARGETS: dict[str, tuple[str, str]] = {
    "core-2035": ("spending.core_defence_pct_gdp", "3.5% of GDP core defence by {year}"),
    "total-2035": ("spending.total_commitment_pct_gdp",
                   "5% of GDP by {year} (core + related; NATO publishes core only)"),
    "floor-2pct": ("spending.core_guideline_pct_gdp", "2% of GDP (Vilnius floor)"),
}  # fmt: skip


def _mark_targets() -> None:  # pragma: no cover - only for `make i18n` (pybabel extract)
    t("3.5% of GDP core defence by {year}")
    t("5% of GDP by {year} (core + related; NATO publishes core only)")
    t("2% of GDP (Vilnius floor)")


def resolve_target(
    rules: RuleSet,
    name: str,
    pct: float | None = None,
    year: int | None = None,
) -> Target:
    """A named target with its value and year from the rules in force in its target year.

    The rules are read on 31 December of the target year (for ``floor-2pct``, which has
    no target year, of ``year``, which is then required). ``pct``/``year`` override.

    Raises:
        UnknownTargetError: naming the accepted names.
        TargetsError: no target year known.

    >>> from burdenshare import rules
    >>> t = resolve_target(rules.default_rules(), "core-2035")
    >>> t.pct, t.year
    (3.5, 2035)
    """
    from datetime import date

    from burdenshare.targets.errors import UnknownTargetError

    if name not in TARGETS:
        raise UnknownTargetError(_text.t("target"), name, list(TARGETS))
    parameter, template = TARGETS[name]
    history = rules.history(parameter)
    latest_year = history[-1].get("target_year")
    when = year if year is not None else latest_year
    if when is None:
        raise TargetsError(_text.t(
            "target {name!r} has no target year; give one (--target-year)",
            name=name,
        ))
    if pct is not None and not 0 < pct < 100:
        raise TargetsError(_text.t(
            "the target share must be between 0 and 100% of GDP, not {pct}",
            pct=pct,
        ))
    v = rules.at(date(int(when), 12, 31)).get(parameter) or history[-1]
    label: Text
    if pct is not None:
        label = t("{pct}% of GDP by {year} (user value)", pct=pct, year=int(when))
    elif latest_year is None:
        label = t("{label} in {year}", label=t(template), year=int(when))
    elif int(when) != int(latest_year):
        label = t("{label} (target year set by the user)", label=t(template, year=int(when)))
    else:
        label = t(template, year=int(when))

    return Target(
        name=name,
        parameter=parameter,
        pct=float(v.value) if pct is None else float(pct),
        year=int(when),
        label=label,
    )
