"""The Python API: fetch data, call one pure domain function, attach provenance.

One module per area (``api.data``, ``api.spending``, ``api.targets``, ``api.funding``,
``api.burden``); every public function is named ``<area>_<what>`` and takes its options
keyword-only. ``import burdenshare as bs`` re-exports them: :data:`__all__` here is the one
export list (the root package derives its exports from :data:`EXPORTS`). Every function
returning a frame sets ``attrs["provenance"]`` (:mod:`burdenshare.provenance`): the NATO
release and every other dataset used.

The area modules load on first use (PEP 562), so importing the API stays cheap and a
command pays only for the area it calls.

>>> from burdenshare import api
>>> "spending_overview" in api.__all__, api.EXPORTS["data_panel"]
(True, ('burdenshare.api.data', 'data_panel'))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: area -> public names, the one export list of the API (and of ``burdenshare``).
AREAS: dict[str, tuple[str, ...]] = {
    "data": (
        "data_allies",
        "data_check",
        "data_files",
        "data_indicators",
        "data_latest_year",
        "data_members",
        "data_observations",
        "data_panel",
        "data_releases",
        "data_revisions",
        "data_select_release",
        "data_sources",
    ),
    "spending": (
        "spending_check",
        "spending_count",
        "spending_cumulative",
        "spending_gap",
        "spending_group",
        "spending_overview",
        "spending_per_soldier",
        "spending_profile",
        "spending_sipri",
        "spending_table",
    ),
    "targets": (
        "targets_compliance",
        "targets_gdp_assumption",
        "targets_gdp_projection",
        "targets_path",
        "targets_required_share",
        "targets_rules",
        "targets_scenario",
        "targets_simulate",
    ),
    "funding": (
        "funding_budgets",
        "funding_compare",
        "funding_contributions",
        "funding_derive",
        "funding_key",
        "funding_keys",
        "funding_reproduction",
        "funding_rules",
        "funding_whatif",
    ),
    "readiness": (
        "readiness_capabilities",
        "readiness_check",
        "readiness_source",
        "readiness_tiers",
        "readiness_timeline",
    ),
    "ledger": (
        "ledger_audit",
        "ledger_export",
        "ledger_import",
        "ledger_init",
        "ledger_target",
        "ledger_token",
        "ledger_update",
    ),
    "cases": ("cases_run",),
    "claims": ("claims_check",),
    "reports": ("reports_alliance", "reports_ally"),
    "burden": (
        "burden_decomposition",
        "burden_exploitation",
        "burden_exploitation_pooled",
        "burden_exploitation_series",
        "burden_fair_share",
        "burden_forward_presence",
        "burden_index",
    ),
}

#: areas whose functions live in another area's module (the ledger's in api/readiness.py)
_MODULE = {"ledger": "readiness"}

#: public name -> (module, attribute in that module)
EXPORTS: dict[str, tuple[str, str]] = {
    name: (f"burdenshare.api.{_MODULE.get(area, area)}", name)
    for area, names in AREAS.items()
    for name in names
}

__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    if name in AREAS:
        return importlib.import_module(f"burdenshare.api.{_MODULE.get(name, name)}")
    if name in EXPORTS:
        module, attribute = EXPORTS[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'burdenshare.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__, *AREAS])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    # "name as name": an explicit re-export, for mypy --strict
    from burdenshare.api import burden as burden
    from burdenshare.api import cases as cases
    from burdenshare.api import claims as claims
    from burdenshare.api import data as data
    from burdenshare.api import funding as funding
    from burdenshare.api import readiness as readiness
    from burdenshare.api import reports as reports
    from burdenshare.api import spending as spending
    from burdenshare.api import targets as targets
    from burdenshare.api.burden import burden_decomposition as burden_decomposition
    from burdenshare.api.burden import burden_exploitation as burden_exploitation
    from burdenshare.api.burden import burden_exploitation_pooled as burden_exploitation_pooled
    from burdenshare.api.burden import burden_exploitation_series as burden_exploitation_series
    from burdenshare.api.burden import burden_fair_share as burden_fair_share
    from burdenshare.api.burden import burden_forward_presence as burden_forward_presence
    from burdenshare.api.burden import burden_index as burden_index
    from burdenshare.api.cases import cases_run as cases_run
    from burdenshare.api.claims import claims_check as claims_check
    from burdenshare.api.data import data_allies as data_allies
    from burdenshare.api.data import data_check as data_check
    from burdenshare.api.data import data_files as data_files
    from burdenshare.api.data import data_indicators as data_indicators
    from burdenshare.api.data import data_latest_year as data_latest_year
    from burdenshare.api.data import data_members as data_members
    from burdenshare.api.data import data_observations as data_observations
    from burdenshare.api.data import data_panel as data_panel
    from burdenshare.api.data import data_releases as data_releases
    from burdenshare.api.data import data_revisions as data_revisions
    from burdenshare.api.data import data_select_release as data_select_release
    from burdenshare.api.data import data_sources as data_sources
    from burdenshare.api.funding import funding_budgets as funding_budgets
    from burdenshare.api.funding import funding_compare as funding_compare
    from burdenshare.api.funding import funding_contributions as funding_contributions
    from burdenshare.api.funding import funding_derive as funding_derive
    from burdenshare.api.funding import funding_key as funding_key
    from burdenshare.api.funding import funding_keys as funding_keys
    from burdenshare.api.funding import funding_reproduction as funding_reproduction
    from burdenshare.api.funding import funding_rules as funding_rules
    from burdenshare.api.funding import funding_whatif as funding_whatif
    from burdenshare.api.readiness import ledger_audit as ledger_audit
    from burdenshare.api.readiness import ledger_export as ledger_export
    from burdenshare.api.readiness import ledger_import as ledger_import
    from burdenshare.api.readiness import ledger_init as ledger_init
    from burdenshare.api.readiness import ledger_target as ledger_target
    from burdenshare.api.readiness import ledger_token as ledger_token
    from burdenshare.api.readiness import ledger_update as ledger_update
    from burdenshare.api.readiness import readiness_capabilities as readiness_capabilities
    from burdenshare.api.readiness import readiness_check as readiness_check
    from burdenshare.api.readiness import readiness_source as readiness_source
    from burdenshare.api.readiness import readiness_tiers as readiness_tiers
    from burdenshare.api.readiness import readiness_timeline as readiness_timeline
    from burdenshare.api.reports import reports_alliance as reports_alliance
    from burdenshare.api.reports import reports_ally as reports_ally
    from burdenshare.api.spending import spending_check as spending_check
    from burdenshare.api.spending import spending_count as spending_count
    from burdenshare.api.spending import spending_cumulative as spending_cumulative
    from burdenshare.api.spending import spending_gap as spending_gap
    from burdenshare.api.spending import spending_group as spending_group
    from burdenshare.api.spending import spending_overview as spending_overview
    from burdenshare.api.spending import spending_per_soldier as spending_per_soldier
    from burdenshare.api.spending import spending_profile as spending_profile
    from burdenshare.api.spending import spending_sipri as spending_sipri
    from burdenshare.api.spending import spending_table as spending_table
    from burdenshare.api.targets import targets_compliance as targets_compliance
    from burdenshare.api.targets import targets_gdp_assumption as targets_gdp_assumption
    from burdenshare.api.targets import targets_gdp_projection as targets_gdp_projection
    from burdenshare.api.targets import targets_path as targets_path
    from burdenshare.api.targets import targets_required_share as targets_required_share
    from burdenshare.api.targets import targets_rules as targets_rules
    from burdenshare.api.targets import targets_scenario as targets_scenario
    from burdenshare.api.targets import targets_simulate as targets_simulate

    ledger = readiness  # the ledger's functions live in api/readiness.py
