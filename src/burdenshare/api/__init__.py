"""The Python API: fetch data from the catalog, call the pure domain functions.

One module per area (``api.spending``, and later ``api.targets``, ``api.funding``,
``api.burden``); ``import burdenshare as bs`` re-exports their functions. Every function
returns a pandas DataFrame whose ``attrs`` carry the provenance (``release``,
``published``, ``source``, ``partial``).
"""

from burdenshare.api import targets
from burdenshare.api.spending import (
    allies_at_or_above,
    ally_profile,
    cumulative,
    latest_year,
    overview,
    spending_gap,
    spending_group,
    spending_table,
)
from burdenshare.api.targets import (
    compliance,
    gdp_assumption,
    gdp_projection,
    rules_in_force,
    simulate,
    target_path,
)
from burdenshare.api.targets import scenario as target_scenario

__all__ = [
    "allies_at_or_above",
    "ally_profile",
    "compliance",
    "cumulative",
    "gdp_assumption",
    "gdp_projection",
    "latest_year",
    "overview",
    "rules_in_force",
    "simulate",
    "spending_gap",
    "spending_group",
    "spending_table",
    "target_path",
    "target_scenario",
    "targets",
]
