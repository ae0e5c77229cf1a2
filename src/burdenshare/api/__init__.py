"""The Python API: fetch data from the catalog, call the pure domain functions.

One module per area (``api.spending``, ``api.targets``, ``api.funding``, ``api.burden``);
``import burdenshare as bs`` re-exports their functions. Every function
returns a pandas DataFrame whose ``attrs`` carry the provenance (``release``,
``published``, ``source``, ``partial``).
"""

from burdenshare.api.burden import (
    burden_decomposition,
    burden_exploitation,
    burden_exploitation_series,
    burden_fair_share,
    burden_index,
)
from burdenshare.api.funding import (
    funding_budgets,
    funding_compare,
    funding_contributions,
    funding_derive,
    funding_key,
    funding_keys,
    funding_reproduction,
    funding_rules,
    funding_whatif,
)
from burdenshare.api.spending import (
    allies_at_or_above,
    ally_profile,
    cumulative,
    latest_year,
    overview,
    share_check,
    spending_gap,
    spending_group,
    spending_table,
)
from burdenshare.api.targets import (
    targets_compliance,
    targets_gdp_assumption,
    targets_gdp_projection,
    targets_path,
    targets_rules,
    targets_scenario,
    targets_simulate,
)

__all__ = [
    "allies_at_or_above",
    "ally_profile",
    "burden_decomposition",
    "burden_exploitation",
    "burden_exploitation_series",
    "burden_fair_share",
    "burden_index",
    "cumulative",
    "funding_budgets",
    "funding_compare",
    "funding_contributions",
    "funding_derive",
    "funding_key",
    "funding_keys",
    "funding_reproduction",
    "funding_rules",
    "funding_whatif",
    "latest_year",
    "overview",
    "share_check",
    "spending_gap",
    "spending_group",
    "spending_table",
    "targets",
    "targets_compliance",
    "targets_gdp_assumption",
    "targets_gdp_projection",
    "targets_path",
    "targets_rules",
    "targets_scenario",
    "targets_simulate",
]
