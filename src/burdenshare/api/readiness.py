"""Readiness and the ledger: fetch pledges (ledger, shipped seed or a file), call one readiness
function, attach provenance.

Pledges come from the ledger (``url``: ``BURDENSHARE_DATABASE_URL`` or the embedded SQLite
file; ``token``: ``BURDENSHARE_TOKEN``, not needed for the embedded store's local owner),
or, with ``pledges="synthetic"``, from the shipped synthetic seed, or from a YAML/CSV file.
Counts (check, timeline, tiers) read pledges without identity, so every role may run them;
lists of units and sourcing need the right to read pledges. Every frame names the rules
file, the pledge source and, when any unit is synthetic, says so in
``attrs["provenance"]["notes"]["synthetic"]``.

>>> t = readiness_check("2026-01-01", requirement="mechanised_battalion=3,air_squadron=3,"
...                     "combat_vessel=2", max_notice=30, pledges="synthetic", with_offers=False)
>>> t[["unit_type", "required", "counted", "shortfall"]]
              unit_type  required  counted  shortfall
0  mechanised_battalion         3        3          0
1          air_squadron         3        2          1
2         combat_vessel         2        3          0
>>> provenance(t)["notes"]["synthetic"][:26]
'19 of 19 units are SYNTHET'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from burdenshare.api import _fetch as fetch
from burdenshare.ledger import io as _io
from burdenshare.ledger.auth import User
from burdenshare.provenance import attach, provenance
from burdenshare.readiness import checks as _checks
from burdenshare.readiness import model as _model
from burdenshare.readiness import targets as _targets
from burdenshare.readiness.errors import ReadinessError, TargetError
from burdenshare.shipped import Origin
from burdenshare.text import join, t

if TYPE_CHECKING:
    from burdenshare.ledger.store import Ledger

__all__ = [
    "ledger_audit",
    "ledger_export",
    "ledger_import",
    "ledger_init",
    "ledger_target",
    "ledger_token",
    "ledger_update",
    "provenance",
    "readiness_capabilities",
    "readiness_check",
    "readiness_source",
    "readiness_tiers",
    "readiness_timeline",
]

DayLike = date | datetime | str
PledgeSource = str | Path | None


def _day(value: DayLike, what: str = t("date")) -> date:
    from burdenshare.catalog.query import parse_date

    return parse_date(value, what=what, error=ReadinessError)


def _ledger_origin(store: Ledger) -> Origin:
    return Origin(
        id="readiness-ledger", kind="readiness_ledger", publisher="burdenshare ledger",
        title=f"pledges in the {store.backend} ledger", published=date.today().isoformat(),
        address=store.init_report.url if store.init_report else "",
    )  # fmt: skip


class _Source:
    """Where pledges come from for one call, and what may be read."""

    def __init__(self, pledges: PledgeSource, url: str | None, token: str | None) -> None:
        self.store: Ledger | None = None
        self.user: User | None = None
        self.origins: list[Origin] = []
        self.seed_origin: Origin | None = None
        self._frame: pd.DataFrame | None = None
        nations: list[str]
        if pledges is None:
            from burdenshare.ledger.store import Ledger

            self.store = Ledger(url, pooled=False)
            self.user = self.store.user(token or _io.env_token())
            self.origins.append(_ledger_origin(self.store))
            return
        from burdenshare.allies import registry

        nations = sorted(registry())
        if str(pledges) == "synthetic":
            items, origin = _io.read_seed(nations)
            self.seed_origin = origin
        else:
            items = _io.read_pledges(pledges, nations)
            origin = _io.file_origin(pledges)
        self.origins.append(origin)
        self._frame = _model.frame(items)

    def aggregate(self) -> pd.DataFrame:
        if self.store is not None and self.user is not None:
            return self.store.aggregate_frame(self.user)
        assert self._frame is not None
        return self._frame

    def detail(self, *, sourcing: bool = False) -> pd.DataFrame:
        if self.store is not None and self.user is not None:
            if sourcing:
                return self.store.source_frame(self.user)
            return self.store.pledge_frame(self.user)
        assert self._frame is not None
        return self._frame

    def user_targets(self) -> dict[str, _model.Requirement]:
        if self.store is not None and self.user is not None:
            from burdenshare.ledger.store import targets_by_name

            return targets_by_name(self.store.targets(self.user))
        return {}

    def finish(self, frame: pd.DataFrame, used: pd.DataFrame, what: str,
               notes: Mapping[str, str] | None = None, extra: list[Origin] | None = None,
               release: str | None = None) -> pd.DataFrame:  # fmt: skip
        all_notes = dict(notes or {})
        synthetic = int(used["synthetic"].sum()) if "synthetic" in used.columns else 0
        origins = [*(extra or []), fetch.rules_origin(), *self.origins]
        if synthetic:
            all_notes["synthetic"] = t(
                "{n} of {total} units are SYNTHETIC (invented test units, labelled as such; not "
                "real national pledges)", n=synthetic, total=len(used),
            )
            if self.store is not None:  # the ledger's synthetic units come from the seed
                origins.append(_seed_origin())
        return attach(frame, release=release, datasets=origins, what=what, notes=all_notes)


def _seed_origin() -> Origin:
    from burdenshare.allies import registry

    return _io.read_seed(sorted(registry()))[1]


def _requirement(
    src: _Source, target: str, day: date, requirement: str | None, max_notice: float | None
) -> _model.Requirement:
    if requirement is not None:
        if max_notice is None:
            raise ReadinessError(t("a requirement needs a notice limit (max_notice, --max-notice)"))
        return _model.Requirement.parse(requirement, max_notice)
    if max_notice is not None:
        raise ReadinessError(t("max_notice applies to a requirement of your own, not to a target"))
    from burdenshare.rules import default_rules

    return _targets.requirement(target, default_rules(), day, src.user_targets())


def _req_note(req: _model.Requirement) -> str:
    counts = ", ".join(f"{kind} {c}" for kind, c in req.counts.items())
    return t("{name} ({source}): {counts}, notice {days:g} days or less", name=req.name,
             source=req.source, counts=counts, days=req.max_notice_days)  # fmt: skip


def _offers(with_offers: bool) -> str:
    return t("included") if with_offers else t("excluded")


def readiness_check(
    day: DayLike,
    *,
    target: str = "nri",
    requirement: str | None = None,
    max_notice: float | None = None,
    with_offers: bool = True,
    units: bool = False,
    pledges: PledgeSource = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Counts per unit type against a target on ``day``: required, counted, shortfall.

    Args:
        day: the date checked (YYYY-MM-DD).
        target: ``nri`` (from the rules in force) or a target stored in the ledger.
        requirement: ``type=count,...`` of your own instead of ``target`` (with
            ``max_notice``).
        with_offers: count offered units too (``False``: firm pledges only).
        units: list the units that count instead of the counts (needs the right to read
            pledges; a nation planner sees its own).
        pledges: ``None`` (the ledger), ``"synthetic"`` (the shipped seed) or a file.
    """
    d = _day(day)
    src = _Source(pledges, url, token)
    req = _requirement(src, target, d, requirement, max_notice)
    notes = {"requirement": _req_note(req), "offers": _offers(with_offers),
             "notice": t("meets the limit when notice_days <= limit (unrounded)")}  # fmt: skip
    if units:
        detail = src.detail()
        out = _checks.counting_units(detail, req, d, with_offers=with_offers)
        return src.finish(out, detail, t("units counting towards {target} on {day}",
                                         target=req.name, day=str(d)), notes)  # fmt: skip
    agg = src.aggregate()
    out = _checks.check(agg, req, d, with_offers=with_offers)
    return src.finish(out, agg, t("{target} on {day}: counts per unit type", target=req.name,
                                  day=str(d)), notes)  # fmt: skip


def readiness_timeline(
    start: DayLike,
    end: DayLike,
    *,
    target: str = "nri",
    requirement: str | None = None,
    max_notice: float | None = None,
    by: Literal["month", "quarter"] = "month",
    pledges: PledgeSource = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Fill status per month or quarter from ``start`` to ``end``, without and with offers.

    Counts are the lowest on any day of the period; the target is the one in force at each
    period's start (periods with none in force are left out).

    >>> t = readiness_timeline("2025-10-01", "2026-03-31", by="quarter", pledges="synthetic",
    ...                        requirement="air_squadron=3", max_notice=30)
    >>> t[["period", "counted", "counted_with_offers", "filled", "filled_with_offers"]]
       period  counted  counted_with_offers  filled  filled_with_offers
    0  2025Q4        4                    4    True                True
    1  2026Q1        2                    3   False                True
    """
    a, b = _day(start, t("start")), _day(end, t("end"))
    if b < a:
        raise ReadinessError(t("end {end} is before start {start}", end=b, start=a))
    src = _Source(pledges, url, token)
    spans = _checks.periods(a, b, by=by)
    reqs: list[_model.Requirement | None] = []
    cache: dict[Any, _model.Requirement | None] = {}
    for s in spans["start"]:
        day = s.date()
        try:
            req = _requirement(src, target, day, requirement, max_notice)
        except TargetError:
            if requirement is not None:
                raise
            req = None
        key = None if req is None else (req.name, req.source, tuple(req.counts.items()),
                                        req.max_notice_days)  # fmt: skip
        reqs.append(cache.setdefault(key, req))
    agg = src.aggregate()
    out = _checks.timeline(agg, spans, reqs)
    first = next((r for r in reqs if r is not None), None)
    notes = {"requirement": _req_note(first) if first else t("none in force"),
             "counts": t("lowest count on any day of the period")}  # fmt: skip
    what = (t("fill status by month, {start} to {end}", start=str(a), end=str(b)) if by == "month"
            else t("fill status by quarter, {start} to {end}", start=str(a), end=str(b)))
    return src.finish(out, agg, what, notes)


def readiness_tiers(
    day: DayLike,
    *,
    with_offers: bool = True,
    pledges: PledgeSource = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Units available on ``day`` per unit type and NATO Force Model tier.

    >>> t = readiness_tiers("2025-01-01", pledges="synthetic").set_index("unit_type")
    >>> t.loc["other"].tolist()
    [1, 0, 0, 0]
    """
    from burdenshare.rules import default_rules

    d = _day(day)
    src = _Source(pledges, url, token)
    tiers = _targets.nfm_tiers(default_rules(), d)
    agg = src.aggregate()
    out = _checks.tier_counts(agg, tiers, d, with_offers=with_offers)
    notes = {"tiers": join([t("tier {tier}: up to {days:g} days", tier=tier.tier,
                              days=tier.max_days) for tier in tiers]),
             "boundaries": t("a notice on a boundary goes to the faster tier (test "
                             "interpretation; NATO does not publish the boundaries)")}  # fmt: skip
    return src.finish(out, agg, t("NATO Force Model tiers on {day}", day=str(d)), notes)


FAIR_SHARES = ("gdp", "weights")
VIEWS = ("nations", "requirements", "units")


def _fair_share(fair_share: str | None, weights: object) -> str:
    """The fair-share basis: as given, else ``weights`` when weights are given, else ``gdp``."""
    share = fair_share or ("weights" if weights is not None else "gdp")
    if share not in FAIR_SHARES:
        raise ReadinessError(t(
            "unknown fair share {share!r} (accepted: {FAIR_SHARES})",
            share=share, FAIR_SHARES=', '.join(FAIR_SHARES),
        ))
    return share


def _weights(
    fair_share: str,
    weights: Mapping[str, float] | str | Path | None,
    release: str | None,
    day: date,
    nations: list[str],
) -> tuple[dict[str, float], str, list[Origin], str | None]:
    """Fair-share weights, what they are, the datasets used and the release id."""
    from burdenshare.readiness import sourcing as _src

    if fair_share == "gdp":
        _, rel, p = fetch.resolve_release(release=release)
        w, year = _src.gdp_weights(p, day.year, nations)
        basis = t("GDP (current USD) in {year}, NATO release {release}", year=year,
                  release=rel.id)
        return w, basis, [fetch.release_origin(rel)], rel.id
    if weights is None:
        raise ReadinessError(t("fair_share='weights' needs weights (a mapping or a file)"))
    w = dict(weights) if isinstance(weights, Mapping) else _io.read_weights(weights)
    return w, t("given weights"), [], None


def readiness_capabilities(
    day: DayLike,
    *,
    target: str = "nri",
    requirement: str | None = None,
    max_notice: float | None = None,
    fair_share: Literal["gdp", "weights"] | None = None,
    weights: Mapping[str, float] | str | Path | None = None,
    with_offers: bool = False,
    release: str | None = None,
    pledges: PledgeSource = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """The three-Cs index's capabilities component: each ally's counting units on ``day``
    over its fair share of all counting units (``iso3``, ``readiness_vs_fair_share``; pass
    it as ``burden_index(..., capabilities=...)``). GDP weights cover every ally in the
    release. Needs the right to read every pledge (owner, alliance staff).

    >>> c = readiness_capabilities("2026-01-01", requirement="air_squadron=3", max_notice=30,
    ...                            fair_share="weights", weights={"NLD": 1, "NOR": 1},
    ...                            pledges="synthetic")
    >>> c[["iso3", "units", "readiness_vs_fair_share"]].values.tolist()
    [['NLD', 1, 1.0], ['NOR', 1, 1.0]]
    >>> provenance(c)["notes"]["synthetic"][:26]
    '19 of 19 units are SYNTHET'
    """
    from burdenshare.readiness.capabilities import capabilities

    share = _fair_share(fair_share, weights)
    d = _day(day)
    src = _Source(pledges, url, token)
    req = _requirement(src, target, d, requirement, max_notice)
    detail = src.detail(sourcing=True)
    if share == "gdp":
        from burdenshare.allies import members_on

        nations = members_on("nato", d)
    else:
        nations = []
    w, basis, extra, rel_id = _weights(share, weights, release, d, nations)
    out = capabilities(detail, req, d, w, with_offers=with_offers)
    notes = {"requirement": _req_note(req), "fair share": basis,
             "offers": _offers(with_offers),
             "measure": t("counting units / (weight share x all counting units); 1 = fair")}
    return src.finish(out, detail, t("capabilities vs fair share on {day}", day=str(d)), notes,
                      extra, rel_id)  # fmt: skip


def readiness_source(
    day: DayLike,
    *,
    target: str = "nri",
    requirement: str | None = None,
    max_notice: float | None = None,
    fair_share: Literal["gdp", "weights"] | None = None,
    weights: Mapping[str, float] | str | Path | None = None,
    with_offers: bool = False,
    view: Literal["nations", "requirements", "units"] = "nations",
    release: str | None = None,
    time_limit: float = 60.0,
    pledges: PledgeSource = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Which units to designate on ``day`` so the target is filled and shares are fair.

    A MILP solved with HiGHS (:mod:`burdenshare.readiness.sourcing`); a requirement that
    cannot be filled comes back with its shortfall. ``fair_share="gdp"`` weighs nations by
    GDP from the NATO release (latest year up to ``day``); ``"weights"`` takes ``weights``
    (a mapping or a CSV/YAML file). ``view``: ``nations`` (designated vs fair share),
    ``requirements`` (filled and short per type) or ``units`` (the designations). The notes
    give the solver status and the optimality gap.

    >>> t = readiness_source("2026-01-01", requirement="air_squadron=3", max_notice=30,
    ...                      fair_share="weights", weights={"NLD": 1, "NOR": 1, "BEL": 1},
    ...                      pledges="synthetic", view="requirements")
    >>> t[["unit_type", "required", "designated", "shortfall"]].values.tolist()
    [['air_squadron', 3, 2, 1]]
    >>> provenance(t)["notes"]["optimality gap"]
    '0 (proven optimal)'
    """
    from burdenshare.readiness import sourcing as _src

    share = _fair_share(fair_share, weights)
    if view not in VIEWS:  # checked before the solver runs
        raise ReadinessError(t(
            "unknown view {view!r} (accepted: {VIEWS})",
            view=view, VIEWS=', '.join(VIEWS),
        ))
    d = _day(day)
    src = _Source(pledges, url, token)
    req = _requirement(src, target, d, requirement, max_notice)
    detail = src.detail(sourcing=True)
    pool = _src.available_units(detail, d, with_offers=with_offers)
    nations = sorted(set(pool["nation"]))
    w, basis, extra, rel_id = _weights(share, weights, release, d, nations)
    res = _src.source(pool, [req], w, time_limit=time_limit)
    gap = "unknown" if res.gap is None else (
        "0 (proven optimal)" if res.gap == 0 else f"{res.gap:.2%}"
    )
    notes = {"requirement": _req_note(req), "fair share": basis,
             "solver": f"HiGHS, {res.formulation} formulation, {res.status}, {res.seconds:.2f} s",
             "optimality gap": gap, "shortfall": str(res.shortfall),
             "offers": _offers(with_offers)}  # fmt: skip
    frames = {"nations": res.nations, "requirements": res.fill, "units": res.designations}
    out = frames[view]
    out.attrs.update({"optimality_gap": res.gap, "status": res.status, "shortfall": res.shortfall})
    return src.finish(out, pool, t("sourcing {target} on {day} ({view})", target=req.name,
                                   day=str(d), view=view), notes, extra, rel_id)  # fmt: skip


def ledger_init(*, synthetic: bool = False, url: str | None = None) -> pd.DataFrame:
    """Create or upgrade the ledger (migrations; the first owner); optionally load the
    shipped synthetic units. One row per fact (``key``, ``value``); a new owner's token is
    shown here once.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> url = f"sqlite:///{folder / 'ledger.sqlite3'}"
    >>> ledger_init(synthetic=True, url=url).set_index("key").loc["synthetic units", "value"]
    '19 inserted, 0 updated, 0 unchanged (SYNTHETIC, labelled)'
    >>> len(ledger_export(folder / "pledges.csv", url=url))
    19
    >>> ledger_import(folder / "pledges.csv", url=url)["action"].unique().tolist()
    ['unchanged']
    """
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False, initialise=False)
    report = store.init()
    rows = [("database", report.url), ("backend", report.backend),
            ("schema revision", report.revision),
            ("migrations applied", ", ".join(report.applied) or "none (up to date)"),
            ("row-level security", report.rls)]  # fmt: skip
    if report.created_owner:
        rows.append(("owner created", report.created_owner))
    if report.owner_token:
        rows.append(("owner token (shown once)", report.owner_token))
    origins = [_ledger_origin(store)]
    if synthetic:
        owner = store.user(report.owner_token)
        pledges, origin = _io.read_seed(sorted(store.nations))
        done = store.import_pledges(owner, pledges)
        counts = (f"{len(done.inserted)} inserted, {len(done.updated)} updated, "
                  f"{len(done.unchanged)} unchanged (SYNTHETIC, labelled)")  # fmt: skip
        rows.append(("synthetic units", counts))
        origins.append(origin)
    store.close()
    out = pd.DataFrame(rows, columns=["key", "value"])
    return attach(out, release=None, datasets=origins, what=t("ledger set-up"))


def ledger_import(
    path: str | Path, *, url: str | None = None, token: str | None = None
) -> pd.DataFrame:
    """Import pledges from a YAML or CSV file: every row checked first, then all or nothing;
    importing the same file again changes nothing. One row per pledge: ``id``, ``action``
    (``inserted``, ``updated``, ``unchanged``)."""
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    user = store.user(token or _io.env_token())
    pledges = _io.read_pledges(path, store.nations)
    done = store.import_pledges(user, pledges)
    rows = ([(i, "inserted") for i in done.inserted] + [(i, "updated") for i in done.updated]
            + [(i, "unchanged") for i in done.unchanged])  # fmt: skip
    out = pd.DataFrame(rows, columns=["id", "action"])
    notes = {}
    if any(p.synthetic for p in pledges):
        notes["synthetic"] = t("the file's units are SYNTHETIC (labelled in the file)")
    store.close()
    return attach(out, release=None, datasets=[_io.file_origin(path), _ledger_origin(store)],
                  what=t("import of {file}", file=Path(path).name), notes=notes)  # fmt: skip


def ledger_export(
    path: str | Path | None = None, *, url: str | None = None, token: str | None = None
) -> pd.DataFrame:
    """The pledges the user may read (with versions); written to ``path`` (YAML or CSV by
    its suffix) when given, in a form that imports unchanged."""
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    user = store.user(token or _io.env_token())
    stored = store.pledges(user)
    if path is not None:
        _io.write_pledges([s.pledge for s in stored], path)
    out = _model.frame([s.pledge for s in stored])
    out["version"] = [s.version for s in stored]
    notes = {}
    if out["synthetic"].any():
        notes["synthetic"] = t("{n} units are SYNTHETIC", n=int(out["synthetic"].sum()))

    store.close()
    return attach(out, release=None, datasets=[_ledger_origin(store)], what=t("ledger export"),
                  notes=notes)  # fmt: skip


def ledger_token(
    name: str,
    *,
    role: str = "viewer",
    nation: str | None = None,
    rotate: bool = False,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Create a user with an API token (or, with ``rotate``, a new token for a user). The
    token is shown once; only its SHA-256 is stored. Owners only."""
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    actor = store.user(token or _io.env_token())
    if rotate:
        new = store.rotate_token(actor, name)
        out = pd.DataFrame([{"name": name, "role": "", "nation": "", "token": new}])
    else:
        user, new = store.create_user(actor, name, role, nation)
        out = pd.DataFrame([{"name": user.name, "role": user.role, "nation": user.nation or "",
                             "token": new}])  # fmt: skip
    store.close()
    return attach(out, release=None, datasets=[_ledger_origin(store)],
                  what=t("API token"))  # fmt: skip


def ledger_update(
    pledge_id: str,
    *,
    version: int,
    notice_days: int | None = None,
    available_from: DayLike | None = None,
    available_until: DayLike | None = None,
    open_end: bool = False,
    status: str | None = None,
    note: str | None = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Change one pledge read at ``version`` (a stale version is refused with
    :class:`~burdenshare.ledger.ConflictError`); the pledge as stored, with its new version.
    ``open_end`` removes the window's end."""
    changes: dict[str, Any] = {}
    if notice_days is not None:
        changes["notice_days"] = notice_days
    if available_from is not None:
        changes["available_from"] = _day(available_from, "available_from")
    if available_until is not None and open_end:
        raise ReadinessError(t("give available_until or open_end, not both"))
    if available_until is not None:
        changes["available_until"] = _day(available_until, "available_until")
    if open_end:
        changes["available_until"] = None
    if status is not None:
        changes["status"] = status
    if note is not None:
        changes["note"] = note
    if not changes:
        raise ReadinessError(t("nothing to change"))
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    user = store.user(token or _io.env_token())
    stored = store.update(user, pledge_id, version, **changes)
    out = _model.frame([stored.pledge])
    out["version"] = [stored.version]
    store.close()
    return attach(out, release=None, datasets=[_ledger_origin(store)],
                  what=t("pledge {id} updated", id=pledge_id))  # fmt: skip


def ledger_audit(
    *, key: str | None = None, url: str | None = None, token: str | None = None
) -> pd.DataFrame:
    """The append-only audit log, oldest first (owners and alliance staff): who, when, what,
    and the row before and after (as JSON text)."""
    import json

    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    user = store.user(token or _io.env_token())
    out = store.audit(user, key=key)
    for col in ("before", "after"):
        out[col] = [None if v is None else json.dumps(v, sort_keys=True) for v in out[col]]
    store.close()
    return attach(out, release=None, datasets=[_ledger_origin(store)],
                  what=t("audit log"))  # fmt: skip



def ledger_target(
    name: str,
    *,
    requirement: str,
    max_notice: float,
    valid_from: DayLike | None = None,
    valid_until: DayLike | None = None,
    version: int | None = None,
    url: str | None = None,
    token: str | None = None,
) -> pd.DataFrame:
    """Store a requirement of your own as a dated target (owners and alliance staff), usable
    as ``target=name``. ``version=None`` creates it; otherwise the version you read (a stale
    one is refused). One row: name, counts, notice limit, dates, version."""
    if name in _targets.TARGETS:
        raise ReadinessError(t(
            "{name!r} is a target from the rules; choose another name",
            name=name,
        ))
    base = _model.Requirement.parse(requirement, max_notice, name=name)
    start = None if valid_from is None else _day(valid_from, "valid_from")
    end = None if valid_until is None else _day(valid_until, "valid_until")
    if start is not None and end is not None and end < start:
        raise ReadinessError(t(
            "valid_until {end} is before valid_from {start}",
            end=end, start=start,
        ))
    req = _model.Requirement(name, base.counts, base.max_notice_days, "ledger target", start, end)
    from burdenshare.ledger.store import Ledger

    store = Ledger(url, pooled=False)
    user = store.user(token or _io.env_token())
    new_version = store.put_target(user, req, version)
    store.close()
    out = pd.DataFrame([{"name": name, "requirement": requirement,
                         "max_notice_days": req.max_notice_days, "valid_from": start,
                         "valid_until": end, "version": new_version}])  # fmt: skip
    return attach(out, release=None, datasets=[_ledger_origin(store)],
                  what=t("target {name}", name=name))  # fmt: skip
