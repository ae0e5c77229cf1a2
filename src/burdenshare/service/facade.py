"""The ONE door from the service to the package: every facade call and provenance read.

The service (REST API and pages) calls only the public functions of ``burdenshare`` (the
facade, ``<area>_<what>``) and does no arithmetic on figures. Each name below is resolved
once from the package root; :data:`NAMES` lists them. A renamed or new facade function is
changed here and nowhere else in the service.

Provenance is read in one place, :func:`provenance_of`: the envelope on
``frame.attrs["provenance"]`` (:mod:`burdenshare.provenance`), or, for frames that do not
carry it yet, the flat attrs (``release``, ``source``, ``published``, ``partial``).

>>> env = provenance_of(spending_table(year=2024, release="2024-06"))
>>> env["release"], env["partial"], sorted(env)
('2024-06', False, ['attrs', 'datasets', 'notes', 'partial', 'release', 'what'])
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import burdenshare as bs

if TYPE_CHECKING:
    import pandas as pd

Fn = Callable[..., Any]


def _public(name: str) -> Fn:
    """A public function of the package (resolved by name: the root exports lazily)."""
    fn: Fn = getattr(bs, name)
    return fn


# --- data ---------------------------------------------------------------------------------
data_releases: Fn = _public("data_releases")
data_select_release: Fn = _public("data_select_release")
# --- spending -----------------------------------------------------------------------------
spending_overview: Fn = _public("spending_overview")
spending_profile: Fn = _public("spending_profile")
spending_count: Fn = _public("spending_count")
spending_check: Fn = _public("spending_check")
spending_cumulative: Fn = _public("spending_cumulative")
spending_table: Fn = _public("spending_table")
spending_group: Fn = _public("spending_group")
spending_gap: Fn = _public("spending_gap")
# --- targets ------------------------------------------------------------------------------
targets_compliance: Fn = _public("targets_compliance")
targets_path: Fn = _public("targets_path")
targets_simulate: Fn = _public("targets_simulate")
targets_rules: Fn = _public("targets_rules")
# --- funding and burden ---------------------------------------------------------------
funding_keys: Fn = _public("funding_keys")
funding_key: Fn = _public("funding_key")
funding_budgets: Fn = _public("funding_budgets")
funding_contributions: Fn = _public("funding_contributions")
funding_compare: Fn = _public("funding_compare")
funding_rules: Fn = _public("funding_rules")
funding_whatif: Fn = _public("funding_whatif")
burden_fair_share: Fn = _public("burden_fair_share")
burden_exploitation_series: Fn = _public("burden_exploitation_series")
burden_index: Fn = _public("burden_index")
burden_decomposition: Fn = _public("burden_decomposition")
# --- readiness and the ledger (tokens and roles enforced by the ledger) --------------------
readiness_check: Fn = _public("readiness_check")
readiness_timeline: Fn = _public("readiness_timeline")
readiness_tiers: Fn = _public("readiness_tiers")
readiness_source: Fn = _public("readiness_source")
ledger_init: Fn = _public("ledger_init")
ledger_export: Fn = _public("ledger_export")
ledger_update: Fn = _public("ledger_update")
# --- reports (documents, not frames) -------------------------------------------------------
reports_ally: Fn = _public("reports_ally")
reports_alliance: Fn = _public("reports_alliance")

#: every facade name the service uses (listed in the report to the lead and in the README)
NAMES = (
    "data_releases", "data_select_release",
    "spending_overview", "spending_profile", "spending_count", "spending_check",
    "spending_cumulative", "spending_table", "spending_group", "spending_gap",
    "targets_compliance", "targets_path", "targets_simulate", "targets_rules",
    "funding_keys", "funding_key", "funding_budgets", "funding_contributions",
    "funding_compare", "funding_rules", "funding_whatif",
    "burden_fair_share", "burden_exploitation_series", "burden_index", "burden_decomposition",
    "readiness_check", "readiness_timeline", "readiness_tiers", "readiness_source",
    "ledger_init", "ledger_export", "ledger_update", "reports_ally", "reports_alliance",
)  # fmt: skip

#: options a function may not take (funding data do not change with a NATO release)
_OPTIONAL = ("as_of", "release", "lang")


@cache
def _accepts(fn: Fn) -> frozenset[str]:
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return frozenset({"**"})
    return frozenset(p.name for p in params)


def call(fn: Fn, /, *args: Any, **options: Any) -> Any:
    """Call a facade function with keyword options, dropping ``as_of``, ``release`` and
    ``lang`` where the function takes none (its figures do not depend on them).

    >>> call(funding_keys, as_of="2024-07-01").attrs["what"]
    'cost-share keys on file'
    """
    names = _accepts(fn)
    if "**" not in names:
        for key in _OPTIONAL:
            if key in options and key not in names:
                options.pop(key)
    return fn(*args, **options)


# --- provenance ---------------------------------------------------------------------------
_FLAT = ("provenance", "release", "published", "source", "partial", "what", "notes")


def _json_scalar(value: Any) -> Any:
    """``value`` as a JSON scalar, or ``...`` (Ellipsis) when it is not one."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # numpy scalar
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return ...


def _extras(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The other attrs a facade function sets (year, target, key...), when JSON scalars."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in _FLAT:
            continue
        if isinstance(value, list | tuple):
            items = [_json_scalar(v) for v in value]
            if all(i is not ... for i in items):
                out[str(key)] = items
            continue
        scalar = _json_scalar(value)
        if scalar is not ...:
            out[str(key)] = scalar
    return out


def provenance_of(frame: pd.DataFrame) -> dict[str, Any]:
    """The provenance envelope of a facade frame, JSON-ready.

    Keys: ``release``, ``datasets`` (origin records, each with its ``citation``), ``what``,
    ``partial``, ``notes`` (name -> text) and ``attrs`` (the other scalar attributes the
    facade set: the year, the target, the key...).
    """
    attrs = frame.attrs
    env = attrs.get("provenance")
    if isinstance(env, Mapping):
        out: dict[str, Any] = {
            "release": env.get("release"),
            "datasets": [dict(d) for d in env.get("datasets", ())],
            "what": str(env.get("what") or ""),
            "partial": bool(env.get("partial", False)),
            "notes": {str(k): str(v) for k, v in (env.get("notes") or {}).items()},
        }
    else:  # flat attrs (frames the facade does not yet give the envelope)
        release = attrs.get("release")
        source = str(attrs.get("source") or "").strip()  # one text: may hold several
        datasets = [
            {
                "id": str(release or ""),
                "published": str(attrs.get("published") or ""),
                "citation": source,
            }
        ] if source else []
        notes = attrs.get("notes")
        out = {
            "release": None if release is None else str(release),
            "datasets": datasets,
            "what": str(attrs.get("what") or ""),
            "partial": bool(attrs.get("partial", False)),
            "notes": {"notes": str(notes)} if notes else {},
        }
    out["attrs"] = _extras({str(k): v for k, v in attrs.items()})
    return out


def funding_change(kind: str, ally: str, share_pct: float | None = None) -> dict[str, Any]:
    """One change of a funding what-if (``set``, ``cap``, ``freeze``, ``join``), as the
    mapping :func:`funding_whatif` takes (it checks it).

    >>> funding_change("set", "NLD", 4.0)
    {'kind': 'set', 'ally': 'NLD', 'share_pct': 4.0}
    """
    change: dict[str, Any] = {"kind": kind, "ally": ally}
    if share_pct is not None:
        change["share_pct"] = share_pct
    return change


# --- what the pages need beside the frames ------------------------------------------------
def ally_name(iso3: str, lang: str) -> str:
    """An ally's name in ``lang`` as the CLI shows it (codes that are no ally as given).

    >>> ally_name("NLD", "nl"), ally_name("NLD", "en"), ally_name("GROUP", "nl")
    ('Nederland', 'Netherlands', 'GROUP')
    """
    from burdenshare.i18n import ally_name as name

    return str(name(iso3, lang))


def with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of ``frame`` whose ``ally`` column holds the names in ``lang``."""
    return frame.assign(ally=[ally_name(c, lang) for c in frame["iso3"]])


#: the commitments drawn as lines on the overview (values come from the rules in force)
HEADLINE_RULES = (
    "spending.core_guideline_pct_gdp",
    "spending.core_defence_pct_gdp",
    "spending.total_commitment_pct_gdp",
)


def rules_day(as_of: str | None, release: str | None) -> str:
    """The day whose rules apply: ``as_of``, the release's publication day, or today."""
    if as_of:
        return as_of
    if release:
        return str(data_select_release(release=release).published.isoformat())
    return date.today().isoformat()


def headline_thresholds(day: str) -> list[tuple[str, float, int | None]]:
    """``(parameter, % of GDP, target year)`` of the headline commitments in force on ``day``.

    >>> [(p.split(".")[1], v, y) for p, v, y in headline_thresholds("2024-01-01")]
    [('core_guideline_pct_gdp', 2.0, None)]
    """
    rules = call(targets_rules, day=day)
    rows = rules[rules["parameter"].isin(HEADLINE_RULES)]
    out: list[tuple[str, float, int | None]] = []
    for p, v, y in zip(rows["parameter"], rows["value"], rows["target_year"], strict=True):
        year = _json_scalar(y)
        out.append((str(p), float(v), int(year) if isinstance(year, int | float) else None))
    return out
