"""The inputs of the burden measures, taken from a release panel (``catalog.panel``).

One pure function, :func:`alliance_inputs`, picks the columns for a currency basis and
keeps only the allies that were members of the group in each year and that have defence
spending (Iceland has no armed forces: NATO prints no spending, flag ``not_applicable``).
Allies left out are returned beside the inputs with the reason, so the output can say so.

Columns of the inputs (one row per ally-year):

- ``iso3``, ``year``, ``is_estimate``
- ``basis``: ``usd_current`` or ``usd_constant_<price base>`` (names the money columns)
- ``spending_usd_mn``: defence expenditure, US$ million, on the basis
- ``gdp_usd_bn``: GDP, US$ billion, on the basis
- ``burden_pct``: the published share of GDP (NATO computes it at constant prices)
- ``population_mn``: GDP (constant US$) ÷ GDP per head (constant US$), in millions, the
  derivation used by ``spending.metrics.per_capita``
- ``gdp_per_head_usd``: GDP per head on the basis (published for constant prices;
  current GDP ÷ population for current prices)
- ``equipment_share_pct``: equipment share of defence expenditure (published)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

import numpy as np
import pandas as pd

from burdenshare.burden.errors import BurdenInputError, UnknownBasisError
from burdenshare.text import t

Membership = Mapping[int, Set[str]]

#: Accepted currency bases → (spending column, GDP column).
BASES: dict[str, tuple[str, str]] = {
    "current": ("defence_exp_usd_current_mn", "gdp_usd_current_bn"),
    "constant": ("defence_exp_usd_constant_mn", "gdp_usd_constant_bn"),
}

INPUT_COLUMNS = (
    "iso3", "year", "basis", "spending_usd_mn", "gdp_usd_bn", "burden_pct", "population_mn",
    "gdp_per_head_usd", "equipment_share_pct", "is_estimate",
)  # fmt: skip


def check_basis(basis: str) -> str:
    """Return ``basis`` if accepted.

    Raises:
        UnknownBasisError: naming the accepted bases.

    >>> check_basis("constant")
    'constant'
    """
    if basis not in BASES:
        raise UnknownBasisError(t("currency basis"), basis, list(BASES))
    return basis


def basis_label(basis: str, price_base: int | None) -> str:
    """The unit label of a basis: ``usd_current`` or ``usd_constant_2021``.

    >>> basis_label("constant", 2021), basis_label("current", 2021)
    ('usd_constant_2021', 'usd_current')
    """
    check_basis(basis)
    if basis == "current":
        return "usd_current"
    return f"usd_constant_{price_base}" if price_base else "usd_constant"


def _col(panel: pd.DataFrame, name: str) -> pd.Series:
    if name in panel.columns:
        return pd.to_numeric(panel[name], errors="coerce").astype(float)
    return pd.Series(np.nan, index=panel.index, dtype=float)


def alliance_inputs(
    panel: pd.DataFrame,
    members: Membership,
    basis: str = "current",
    years: Iterable[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The burden inputs of the group's members, and the members left out.

    Args:
        panel: a release panel (``catalog.panel``).
        members: year → ISO codes of the group in that year (``allies.membership``).
        basis: ``current`` (current prices and exchange rates) or ``constant``
            (constant prices of the release's ``price_base``).
        years: the years wanted; all the panel's years by default.

    Returns:
        ``(inputs, skipped)``: the inputs (columns in the module docstring) of members
        with defence spending, GDP and a published share of GDP; and ``skipped`` with
        ``iso3``, ``year``, ``reason`` for members left out.

    Raises:
        UnknownBasisError: ``basis`` is not ``current`` or ``constant``.

    >>> p = pd.DataFrame({"iso3": ["A", "B", "C"], "year": 2024, "is_estimate": False,
    ...     "price_base": 2021, "defence_exp_usd_current_mn": [20.0, np.nan, 5.0],
    ...     "gdp_usd_current_bn": [1.0, 0.1, 0.5], "share_gdp_pct": [2.0, np.nan, 1.0]})
    >>> inputs, skipped = alliance_inputs(p, {2024: {"A", "B"}})
    >>> inputs["iso3"].tolist(), skipped[["iso3", "reason"]].values.tolist()
    (['A'], [['B', 'no defence expenditure published (not applicable or missing)']])
    """
    check_basis(basis)
    spend_col, gdp_col = BASES[basis]
    for needed in ("iso3", "year"):
        if needed not in panel.columns:
            raise BurdenInputError(t("the panel has no {needed!r} column", needed=needed))
    sub = panel
    if years is not None:
        wanted = {int(y) for y in years}
        sub = sub[sub["year"].astype(int).isin(wanted)]
    in_group = [
        iso in members.get(int(y), ()) for iso, y in zip(sub["iso3"], sub["year"], strict=True)
    ]
    sub = sub[np.asarray(in_group, dtype=bool)]
    price_base = None
    if "price_base" in sub.columns and sub["price_base"].notna().any():
        price_base = int(sub["price_base"].dropna().iloc[0])
    gdp_const = _col(sub, "gdp_usd_constant_bn")
    gdp_pc_const = _col(sub, "gdp_per_capita_usd_constant")
    population = gdp_const * 1e3 / gdp_pc_const
    gdp = _col(sub, gdp_col)
    if basis == "constant":
        per_head = gdp_pc_const
    else:
        per_head = gdp * 1e9 / (population * 1e6)
    estimate = (
        sub["is_estimate"].astype(bool)
        if "is_estimate" in sub.columns
        else pd.Series(False, index=sub.index)
    )
    frame = pd.DataFrame(
        {
            "iso3": sub["iso3"].astype(str),
            "year": sub["year"].astype("int64"),
            "basis": basis_label(basis, price_base),
            "spending_usd_mn": _col(sub, spend_col),
            "gdp_usd_bn": gdp,
            "burden_pct": _col(sub, "share_gdp_pct"),
            "population_mn": population,
            "gdp_per_head_usd": per_head,
            "equipment_share_pct": _col(sub, "equipment_share_pct"),
            "is_estimate": estimate,
        },
        index=sub.index,
    )
    no_spending = frame["spending_usd_mn"].isna() & frame["burden_pct"].isna()
    no_other = ~no_spending & frame[["spending_usd_mn", "gdp_usd_bn", "burden_pct"]].isna().any(
        axis=1
    )
    reasons = pd.Series("", index=frame.index, dtype=object)
    reasons[no_spending] = t("no defence expenditure published (not applicable or missing)")
    reasons[no_other] = t("no {spending}, {gdp} or share_gdp_pct in this release",
                          spending=spend_col, gdp=gdp_col)  # fmt: skip

    skipped = pd.DataFrame(
        {
            "iso3": frame["iso3"],
            "year": frame["year"],
            "reason": reasons,
        }
    )[no_spending | no_other]
    keep = frame[~(no_spending | no_other)]
    order = ["year", "iso3"]
    return (
        keep.sort_values(order).reset_index(drop=True),
        skipped.sort_values(order).reset_index(drop=True),
    )


def gdp_shares(
    panel: pd.DataFrame, members: Set[str], year: int, column: str = "gdp_usd_current_bn"
) -> tuple[pd.Series, list[str]]:
    """Each member's share of the members' total GDP in ``year`` (a fraction).

    The denominator of the common-funding ratio: NATO's cost-share key covers every
    member, so the GDP share it is compared with is the share of all members' GDP,
    whatever group the index ranks. Members without GDP in the panel are returned
    (sorted) beside the shares, never filled in; the total is over the others.

    Returns:
        ``(shares, lacking)``: shares indexed by ISO code; members without GDP.

    >>> p = pd.DataFrame({"iso3": ["A", "B", "C", "D"], "year": 2022,
    ...     "gdp_usd_current_bn": [300.0, 100.0, np.nan, 50.0]})
    >>> shares, lacking = gdp_shares(p, {"A", "B", "C"}, 2022)
    >>> shares.to_dict(), lacking
    ({'A': 0.75, 'B': 0.25}, ['C'])
    """
    if column not in panel.columns:
        raise BurdenInputError(t("the panel has no {column!r} column", column=column))
    sub = panel[(panel["year"].astype(int) == int(year)) & panel["iso3"].isin(members)]
    gdp = pd.to_numeric(sub.set_index("iso3")[column], errors="coerce").astype(float)
    have = gdp.dropna()
    have = have[have > 0]
    lacking = sorted(set(members) - set(have.index))
    total = float(have.sum())
    if total <= 0:
        return pd.Series(dtype=float, name="gdp_share"), lacking
    return (have / total).sort_index().rename("gdp_share"), lacking
