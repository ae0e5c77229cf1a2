"""burdenshare — an open engine for NATO burden sharing.

Submodules and functions load on first use (PEP 562), so ``import burdenshare`` and
``burdenshare --help`` stay fast; ``bs.spending_table(...)`` then imports pandas and the
catalog.

>>> import burdenshare as bs
>>> bs.releases()["release"].iloc[-1]
'2026-07'
>>> t = bs.spending_table(2024, release="2024-06")
>>> t.attrs["release"], t.iloc[0]["iso3"]
('2024-06', 'POL')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "BurdenshareError": "burdenshare.errors",
    "members": "burdenshare.allies",
    "observations": "burdenshare.catalog",
    "panel": "burdenshare.catalog",
    "releases": "burdenshare.catalog",
    "revisions": "burdenshare.catalog",
    "select_release": "burdenshare.catalog",
    "allies_at_or_above": "burdenshare.api",
    "ally_profile": "burdenshare.api",
    "cumulative": "burdenshare.api",
    "latest_year": "burdenshare.api",
    "overview": "burdenshare.api",
    "share_check": "burdenshare.api",
    "spending_gap": "burdenshare.api",
    "spending_group": "burdenshare.api",
    "spending_table": "burdenshare.api",
    "burden_decomposition": "burdenshare.api",
    "burden_exploitation": "burdenshare.api",
    "burden_exploitation_series": "burdenshare.api",
    "burden_fair_share": "burdenshare.api",
    "burden_index": "burdenshare.api",
    "funding_budgets": "burdenshare.api",
    "funding_compare": "burdenshare.api",
    "funding_contributions": "burdenshare.api",
    "funding_derive": "burdenshare.api",
    "funding_key": "burdenshare.api",
    "funding_keys": "burdenshare.api",
    "funding_reproduction": "burdenshare.api",
    "funding_rules": "burdenshare.api",
    "funding_whatif": "burdenshare.api",
    "cases_run": "burdenshare.api.cases",
    "targets_compliance": "burdenshare.api",
    "targets_gdp_assumption": "burdenshare.api",
    "targets_gdp_projection": "burdenshare.api",
    "targets_path": "burdenshare.api",
    "targets_rules": "burdenshare.api",
    "targets_scenario": "burdenshare.api",
    "targets_simulate": "burdenshare.api",
}
_SUBMODULES = {
    "allies",
    "api",
    "burden",
    "catalog",
    "cli",
    "errors",
    "funding",
    "i18n",
    "rules",
    "spending",
    "targets",
}

__all__ = sorted([*_EXPORTS, *_SUBMODULES])


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"burdenshare.{name}")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'burdenshare' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from burdenshare import (
        allies,
        api,
        burden,
        catalog,
        cli,
        errors,
        funding,
        i18n,
        rules,
        spending,
        targets,
    )
    from burdenshare.allies import members
    from burdenshare.api import (
        allies_at_or_above,
        ally_profile,
        burden_decomposition,
        burden_exploitation,
        burden_exploitation_series,
        burden_fair_share,
        burden_index,
        cumulative,
        funding_budgets,
        funding_compare,
        funding_contributions,
        funding_derive,
        funding_key,
        funding_keys,
        funding_reproduction,
        funding_rules,
        funding_whatif,
        latest_year,
        overview,
        share_check,
        spending_gap,
        spending_group,
        spending_table,
        targets_compliance,
        targets_gdp_assumption,
        targets_gdp_projection,
        targets_path,
        targets_rules,
        targets_scenario,
        targets_simulate,
    )
    from burdenshare.api.cases import cases_run
    from burdenshare.catalog import observations, panel, releases, revisions, select_release
    from burdenshare.errors import BurdenshareError
