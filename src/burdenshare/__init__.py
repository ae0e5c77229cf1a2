"""burdenshare — an open engine for NATO burden sharing.

Submodules and functions load on first use (PEP 562), so ``import burdenshare`` and
``burdenshare --help`` stay fast; ``bs.spending_table(...)`` then imports pandas and the
catalog. The public functions are those of :mod:`burdenshare.api` (its ``__all__`` is the
one export list), named ``<area>_<what>`` with keyword-only options.

>>> import burdenshare as bs
>>> bs.data_releases()["release"].iloc[-1]
'2026-07'
>>> t = bs.spending_table(2024, release="2024-06")
>>> t.attrs["provenance"]["release"], t.iloc[0]["iso3"]
('2024-06', 'POL')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from burdenshare import api as _api

__version__ = "0.1.0"

#: public name -> (module, attribute): the API's export list, plus the error base.
_EXPORTS: dict[str, tuple[str, str]] = {
    "BurdenshareError": ("burdenshare.errors", "BurdenshareError"),
    **_api.EXPORTS,
}
_SUBMODULES = {
    "allies",
    "api",
    "burden",
    "cases",
    "catalog",
    "claims",
    "cli",
    "errors",
    "funding",
    "i18n",
    "measure",
    "provenance",
    "rules",
    "shipped",
    "spending",
    "targets",
}

__all__ = sorted([*_EXPORTS, *_SUBMODULES])


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"burdenshare.{name}")
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attribute)
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
        cases,
        catalog,
        claims,
        cli,
        errors,
        funding,
        i18n,
        measure,
        provenance,
        rules,
        shipped,
        spending,
        targets,
    )
    from burdenshare.api import (
        burden_decomposition,
        burden_exploitation,
        burden_exploitation_pooled,
        burden_exploitation_series,
        burden_fair_share,
        burden_forward_presence,
        burden_index,
        cases_run,
        claims_check,
        data_allies,
        data_check,
        data_files,
        data_indicators,
        data_latest_year,
        data_members,
        data_observations,
        data_panel,
        data_releases,
        data_revisions,
        data_select_release,
        data_sources,
        funding_budgets,
        funding_compare,
        funding_contributions,
        funding_derive,
        funding_key,
        funding_keys,
        funding_reproduction,
        funding_rules,
        funding_whatif,
        ledger_audit,
        ledger_export,
        ledger_import,
        ledger_init,
        ledger_target,
        ledger_token,
        ledger_update,
        readiness_capabilities,
        readiness_check,
        readiness_source,
        readiness_tiers,
        readiness_timeline,
        reports_alliance,
        reports_ally,
        spending_check,
        spending_count,
        spending_cumulative,
        spending_gap,
        spending_group,
        spending_overview,
        spending_per_soldier,
        spending_profile,
        spending_sipri,
        spending_table,
        targets_compliance,
        targets_gdp_assumption,
        targets_gdp_projection,
        targets_path,
        targets_required_share,
        targets_rules,
        targets_scenario,
        targets_simulate,
    )
    from burdenshare.errors import BurdenshareError
