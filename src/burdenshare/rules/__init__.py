"""Commitments as dated rules: ``rules.at(day)`` gives what was in force.

The parameters (the 2% guideline and its versions, the 20% equipment guideline, the
Vilnius floor, The Hague's 3.5% + 1.5% = 5% by 2035, readiness targets...) live in
``data/rules.yaml`` with ``valid_from``/``valid_until``, status, confidence and sources.
Partial dates are resolved as documented in :mod:`burdenshare.rules.model`.

>>> from burdenshare import rules
>>> rules.at("2023-07-10")["spending.core_guideline_pct_gdp"].kind
'aim_move_towards'
>>> rules.at("2023-07-11")["spending.core_guideline_pct_gdp"].kind
'annual_floor'
>>> rules.at("2025-06-25").special_positions()
{'ESP': ('flexibility_letter_2025',)}
"""

from __future__ import annotations

from datetime import date, datetime

from burdenshare.rules.errors import (
    NotInForceError,
    RuleDateError,
    RulesError,
    RulesFileError,
    UnknownParameterError,
)
from burdenshare.rules.loader import default_rules, load_rules, parse_rules, rules_origin
from burdenshare.rules.model import InForce, RuleSet, Version, resolve_end, resolve_start


def at(day: date | datetime | str) -> InForce:
    """The shipped parameters in force on ``day`` (see :meth:`RuleSet.at`)."""
    return default_rules().at(day)


def history(parameter: str) -> tuple[Version, ...]:
    """Every version of one shipped parameter, oldest first."""
    return default_rules().history(parameter)


__all__ = [
    "InForce",
    "NotInForceError",
    "RuleDateError",
    "RuleSet",
    "RulesError",
    "RulesFileError",
    "UnknownParameterError",
    "Version",
    "at",
    "default_rules",
    "history",
    "load_rules",
    "parse_rules",
    "resolve_end",
    "resolve_start",
    "rules_origin",
]
