"""Common funding: cost-share keys, budgets, contributions, key formulas and what-ifs.

Allies pay NATO's civil budget, military budget and NSIP by a cost-share key renegotiated
per period. This subpackage holds the shipped keys and budgets with their provenance
(:mod:`.loader`) and pure functions over them:

* :mod:`.keys` — :class:`Key` (shares with their published precision, missing allies),
  :func:`make_key`, :func:`check_key`, :func:`key_for_year`, estimates flagged as such;
* :mod:`.budgets` — budget tables (authorised amounts, NSIP ceilings), user bases;
* :mod:`.ministries` — which ministry pays which line, per ally, in English and Dutch;
* :mod:`.contributions` — share × budget, totals per ministry, change between two keys
  (``funding.contributions`` is the module; its function is ``contributions.contributions``);
* :mod:`.solver` — shares from weights with set/freeze/cap/next-largest constraints and an
  exact pro-rata redistribution;
* :mod:`.keyrules` — dated key rules (versions in the one dated-rule model,
  :mod:`burdenshare.rules`), keys derived from a key or from income, the one pricing of a
  joining ally (what-if joins and keys rescaled after accessions);
* :mod:`.reproduce` — a published key against a rule, within rounding;
* :mod:`.scenario` — what-if changes (a member joins, a share is set, a cap changes), dated
  overrides in the one scenario model (:mod:`burdenshare.rules.scenario`);
* :mod:`.cases` — the YAML behaviour-case runner.

>>> from burdenshare import funding
>>> funding.default_data().key("2020").get("USA").share_pct
22.1
"""

from burdenshare.funding.budgets import LINES, budget_base, budgets_for_year, check_budgets
from burdenshare.funding.contributions import add_labels, ally_totals, compare, ministry_totals
from burdenshare.funding.errors import (
    FundingDataError,
    FundingError,
    InfeasibleCapError,
    KeySumError,
    NegativeBudgetError,
    NoBudgetError,
    NoKeyForYearError,
    RuleError,
    ShareError,
    UnknownBudgetLineError,
    UnknownMinistryError,
    UnknownPeriodError,
    UnknownRuleError,
    UnknownSourceError,
)
from burdenshare.funding.keyrules import (
    DerivedKey,
    KeyRule,
    RescaledKey,
    apply_rule,
    derive_key,
    join_weight,
    rescale_for_accessions,
)
from burdenshare.funding.keys import (
    Key,
    Share,
    check_key,
    estimate_missing,
    fill_estimated,
    key_for_year,
    make_key,
    select_key,
)
from burdenshare.funding.loader import FundingData, default_data, load_funding
from burdenshare.funding.ministries import MinistryMap
from burdenshare.funding.reproduce import reproduction
from burdenshare.funding.scenario import apply_scenario, change, parse_scenario, scenario_over_years
from burdenshare.funding.solver import Constraint, derive_shares

__all__ = [
    "LINES",
    "Constraint",
    "DerivedKey",
    "FundingData",
    "FundingDataError",
    "FundingError",
    "InfeasibleCapError",
    "Key",
    "KeyRule",
    "KeySumError",
    "MinistryMap",
    "NegativeBudgetError",
    "NoBudgetError",
    "NoKeyForYearError",
    "RescaledKey",
    "RuleError",
    "Share",
    "ShareError",
    "UnknownBudgetLineError",
    "UnknownMinistryError",
    "UnknownPeriodError",
    "UnknownRuleError",
    "UnknownSourceError",
    "add_labels",
    "ally_totals",
    "apply_rule",
    "apply_scenario",
    "budget_base",
    "budgets_for_year",
    "change",
    "check_budgets",
    "check_key",
    "compare",
    "default_data",
    "derive_key",
    "derive_shares",
    "estimate_missing",
    "fill_estimated",
    "join_weight",
    "key_for_year",
    "load_funding",
    "make_key",
    "ministry_totals",
    "parse_scenario",
    "reproduction",
    "rescale_for_accessions",
    "scenario_over_years",
    "select_key",
]
