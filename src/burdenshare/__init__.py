"""burdenshare — an open engine for NATO burden sharing.

>>> import burdenshare as bs
>>> bs.releases()["release"].iloc[-1]
'2026-07'
>>> t = bs.spending_table(2024, release="2024-06")
>>> t.attrs["release"], t.iloc[0]["iso3"]
('2024-06', 'POL')
"""

from burdenshare import allies, catalog, funding, spending
from burdenshare.allies import members
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
    spending_gap,
    spending_group,
    spending_table,
)
from burdenshare.catalog import observations, panel, releases, revisions, select_release
from burdenshare.errors import BurdenshareError

__version__ = "0.1.0"

__all__ = [
    "BurdenshareError",
    "allies",
    "allies_at_or_above",
    "ally_profile",
    "catalog",
    "cumulative",
    "funding",
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
    "members",
    "observations",
    "overview",
    "panel",
    "releases",
    "revisions",
    "select_release",
    "spending",
    "spending_gap",
    "spending_group",
    "spending_table",
]
