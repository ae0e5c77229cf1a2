"""The shipped data catalog: official releases with provenance, verified on load.

>>> from burdenshare import catalog
>>> catalog.select_release(as_of="2024-06-16").id
'2023-07'
"""

from burdenshare.catalog.checks import KNOWN_EXCEPTIONS, consistency_report
from burdenshare.catalog.errors import (
    AsOfError,
    CatalogDataError,
    CatalogError,
    CoverageError,
    UnknownIndicatorError,
    UnknownReleaseError,
)
from burdenshare.catalog.loader import (
    FLAG_ESTIMATE,
    FLAG_MISSING,
    FLAG_NOT_APPLICABLE,
    Catalog,
    Indicator,
    Release,
    default_catalog,
    load_catalog,
)
from burdenshare.catalog.query import (
    files,
    observations,
    panel,
    parse_date,
    published_aggregates,
    releases,
    revisions,
    select_release,
)

__all__ = [
    "FLAG_ESTIMATE",
    "FLAG_MISSING",
    "FLAG_NOT_APPLICABLE",
    "KNOWN_EXCEPTIONS",
    "AsOfError",
    "Catalog",
    "CatalogDataError",
    "CatalogError",
    "CoverageError",
    "Indicator",
    "Release",
    "UnknownIndicatorError",
    "UnknownReleaseError",
    "consistency_report",
    "default_catalog",
    "files",
    "load_catalog",
    "observations",
    "panel",
    "parse_date",
    "published_aggregates",
    "releases",
    "revisions",
    "select_release",
]
