"""burdenshare — an open engine for NATO burden sharing.

>>> import burdenshare as bs
>>> bs.releases()["release"].iloc[-1]
'2026-07'
>>> t = bs.spending_table(2024, release="2024-06")
>>> t.attrs["release"], t.iloc[0]["iso3"]
('2024-06', 'POL')
"""

from burdenshare import allies, catalog, rules, spending
from burdenshare.allies import members
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
    gdp_projection,
    rules_in_force,
    target_path,
)
from burdenshare.api.targets import scenario as target_scenario
from burdenshare.api.targets import simulate as simulate_targets
from burdenshare.catalog import observations, panel, releases, revisions, select_release
from burdenshare.errors import BurdenshareError

__version__ = "0.1.0"

__all__ = [
    "BurdenshareError",
    "allies",
    "allies_at_or_above",
    "ally_profile",
    "catalog",
    "compliance",
    "cumulative",
    "gdp_projection",
    "latest_year",
    "members",
    "observations",
    "overview",
    "panel",
    "releases",
    "revisions",
    "rules",
    "rules_in_force",
    "select_release",
    "simulate_targets",
    "spending",
    "spending_gap",
    "spending_group",
    "spending_table",
    "target_path",
    "target_scenario",
]
