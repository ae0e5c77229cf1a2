"""Claim checks: was a statement right with the figures published that day, and is it now?

:func:`claims_check` reads a claim file (YAML, :mod:`burdenshare.claims.model`) and, per
claim, fetches the figure **then** (from the latest release, key or rules in force on the
day it was said that hold the figure) and **now** (the latest), each through the same
public functions every surface uses (``spending_table``, ``spending_group``,
``spending_count``, ``spending_cumulative``, ``funding_key``, ``funding_compare``,
``targets_rules``), so a checked number is the number the API returns. The verdicts and
their reasons come from :mod:`burdenshare.claims.judge`; this module only fetches, walks
back through the releases and formats the reasons in the language asked.

Which release: the releases published on or before the day, newest first. One that holds
the figure is used. One that holds nothing of it is passed over when it is complete (NATO
did not publish the figure there: an older release may hold it); when it is held only in
part (``partial``: our copy of NATO's tables is incomplete), the figure NATO published that
day is unknown and the claim is ``not_verifiable`` — an older release would be a different
figure from the one the speaker had.

>>> from burdenshare.claims import example_path
>>> r = claims_check(example_path("nato_press_releases"), now="2026-12-01").set_index("id")
>>> r.loc["allies-2pct-2024", ["then_verdict", "now_verdict"]].tolist()
['holds', 'does_not_hold']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from burdenshare.claims import judge as _j
from burdenshare.claims.errors import ClaimFileError
from burdenshare.claims.model import Claim, Tolerance, parse_claims
from burdenshare.errors import BurdenshareError
from burdenshare.text import t

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.catalog.query import DateLike
    from burdenshare.shipped import Origin

#: The columns of a check, in order.
COLUMNS = (
    "id", "text", "said_on", "source", "measure", "claimed", "unit", "tolerance", "figure",
    "then_value", "then_basis", "then_verdict", "then_reason",
    "now_value", "now_basis", "now_verdict", "now_reason",
)  # fmt: skip


def _day(value: DateLike | None) -> dt.date:
    from burdenshare.catalog import parse_date

    return dt.date.today() if value is None else parse_date(value)


#: The groups a claim can name, as sentences call them.
GROUPS = {
    "nato": _j.gettext("NATO"),
    "europe_canada": _j.gettext("European Allies and Canada"),
    "eu": _j.gettext("the Allies in the EU"),
}


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _format(reason: _j.Reason, lang: str) -> str:
    """A reason in ``lang``: the sentence translated, its values formatted with Babel."""
    from babel.dates import format_date

    from burdenshare.i18n import ally_name, number, translator

    values: dict[str, str] = {}
    for k, v in reason.params.items():
        if k == "ally":
            values[k] = ally_name(str(v), lang)
        elif k == "group":
            values[k] = translator(lang).gettext(GROUPS.get(str(v), str(v)))
        elif isinstance(v, int) and not isinstance(v, bool):
            values[k] = str(v)
        elif isinstance(v, dt.date):
            values[k] = format_date(v, format="long", locale={"en": "en_GB", "nl": "nl_NL"}[lang])
        elif isinstance(v, float) and not float(v).is_integer():
            values[k] = number(v, lang, reason.decimals)
        elif isinstance(v, float | int):
            values[k] = number(v, lang, 0 if float(v).is_integer() else reason.decimals)
        elif isinstance(v, _j.Reason):
            values[k] = _format(v, lang)
        else:
            values[k] = str(v)
    return translator(lang).gettext(reason.template).format(**values)


def _tolerance(tol: Tolerance, lang: str) -> str:
    """The tolerance in the reader's language (``as written``, ``±5%``, ``±0,5``)."""
    from burdenshare.i18n import number, translator

    if tol.kind == "printed":
        return translator(lang).gettext("as written")
    if tol.kind == "relative":
        pct = tol.amount * 100
        return "±" + number(pct, lang, 0 if pct.is_integer() else 1) + "%"
    return "±" + number(tol.amount, lang, 0 if float(tol.amount).is_integer() else 2)


def _in_span(c: Claim, title: str) -> bool:
    """Whether the years a claim needs lie within the years a release's title announces
    (NATO's ``(2014-2023)``): outside them NATO did not publish the figure in that release,
    so an older release may be asked even when the copy of this one is held in part."""
    import re

    span = re.search(r"\((\d{4})-(\d{4})\)", title)
    if span is None:
        return True
    first, last = int(span.group(1)), int(span.group(2))
    years = [int(y) for y in str(c.args.get("years", "")).split("-") if y] or [c.args["year"]]
    return all(first <= y <= last for y in years)


class _Fetcher:
    """Fetches figures for claims, remembering the frames and the datasets used."""

    def __init__(self) -> None:
        from burdenshare.api.data import data_releases

        rel = data_releases()
        self.releases = rel.sort_values("published", ascending=False).to_dict("records")
        self.origins: dict[str, Origin] = {}
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _keep(self, frame: pd.DataFrame) -> pd.DataFrame:
        from burdenshare.shipped.origin import Origin

        for d in frame.attrs.get("provenance", {}).get("datasets", []):
            if not str(d["id"]).startswith("user:"):
                self.origins.setdefault(
                    d["id"], Origin(**{k: v for k, v in d.items() if k != "citation"})
                )
        return frame

    def call(self, key: tuple[Any, ...], fn: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = self._keep(fn())
        frame: pd.DataFrame = self._cache[key]
        return frame

    # --- spending: walk back through the releases -------------------------------------
    def spending_frame(self, c: Claim, rel: str) -> pd.DataFrame | None:
        """The facade's frame for a spending claim in one release (None: not covered)."""
        from burdenshare import api
        from burdenshare.catalog.errors import CatalogError
        from burdenshare.spending import MetricInputError

        a = c.args

        def fetch() -> pd.DataFrame:
            if c.measure == "share_of_gdp":
                return api.spending_table(a["year"], "share_gdp_pct", release=rel)
            if c.measure == "real_change" and "ally" in a:
                return api.spending_table(a["year"], "real_change_pct", release=rel)
            if c.measure == "real_change":
                return api.spending_group(a["group"], release=rel)
            if c.measure == "allies_at_or_above":
                return api.spending_count(a["threshold"], group=a["group"], release=rel)
            last = int(str(a["years"]).split("-")[1])
            return api.spending_cumulative(a["group"], base=a["base_year"], to=last, release=rel)

        # one fetch per release and question (a table serves every ally of its year)
        others = sorted((k, str(v)) for k, v in a.items() if k != "ally")
        key = (c.measure, "ally" in a, rel, *others)
        try:
            return self.call(key, fetch)
        except (CatalogError, MetricInputError):
            return None

    def spending(self, c: Claim, day: dt.date, label: _j.Reason) -> _j.Figure:
        from burdenshare import api

        candidates = [r for r in self.releases if _as_date(r["published"]) <= day]
        if not candidates:
            return _j.Figure(None, "", _j.Reason(
                _j.gettext("no release of NATO's figures was published on or before {day}"),
                {"day": day}))  # fmt: skip
        in_force = candidates[0]
        members = (
            api.data_members(c.args["group"], c.args["year"]) if "year" in c.args and "group"
            in c.args else []
        )  # fmt: skip
        for r in candidates:
            rid = str(r["release"])
            partial = r["completeness"] != "full"
            frame = self.spending_frame(c, rid)
            seen = _j.look_spending(c, frame, release=rid, members=members)
            aggregate = c.measure == "cumulative_extra_spending" or (
                c.measure == "real_change" and "group" in c.args
            )
            if seen.status == _j.HELD and partial and aggregate:
                # a group's aggregate from a copy held in part is not NATO's aggregate
                seen = _j.Look(_j.ABSENT)
            if seen.status == _j.HELD:
                assert seen.value is not None
                note = _j.Reason(
                    _j.gettext("release {release}, published {published}"),
                    {"release": rid, "published": _as_date(r["published"])},
                )
                if c.measure == "cumulative_extra_spending" and frame is not None:
                    note = _j.Reason(
                        _j.gettext("release {release}, published {published}, in constant "
                                   "{price_base} US dollars"),
                        {**note.params, "price_base": str(frame["price_base"].iloc[0])},
                    )  # fmt: skip
                if rid != in_force["release"]:
                    note = _j.Reason(
                        _j.gettext("{note}; the release in force, {in_force}, does not "
                                   "publish it"),
                        {"note": note, "in_force": in_force["release"]},
                    )  # fmt: skip
                return _j.Figure(seen.value, rid, note, (f"nato-{rid}",))
            if seen.status == _j.INCOMPLETE:
                assert seen.reason is not None
                return _j.Figure(None, rid, seen.reason, (f"nato-{rid}",))
            if partial and _in_span(c, str(r["title"])):
                return _j.Figure(None, rid, _j.Reason(
                    _j.gettext("the release in force on {day}, {release}, is held only in part "
                               "({coverage}); it does not give {figure}"),
                    {"day": day, "release": rid, "coverage": r["coverage_note"],
                     "figure": label}), (f"nato-{rid}",))  # fmt: skip
        return _j.Figure(None, str(in_force["release"]), _j.Reason(
            _j.gettext("no release published on or before {day} gives {figure} (the release "
                       "in force was {release})"),
            {"day": day, "figure": label, "release": in_force["release"]}))  # fmt: skip

    # --- funding: the keys on file, known on a day if their sources were out by then -----
    def published(self) -> dict[str, str]:
        from burdenshare import api

        keys = self.call(("keys",), api.funding_keys)
        env = keys.attrs["provenance"]["datasets"]
        return {str(d["id"]): str(d["published"]) for d in env}

    def key(self, period: str) -> pd.DataFrame:
        from burdenshare import api

        return self.call(("k", period), lambda: api.funding_key(period))

    def funding(self, c: Claim, day: dt.date | None) -> _j.Figure:
        from burdenshare import api

        a = c.args
        if c.measure == "cost_share":
            key = self.key(str(a["period"]))
            seen = _j.look_key_share(c, key, self.published(), day=day)
            basis = f"key {a['period']}"
            note = _j.Reason(_j.gettext("cost-share key {period}, as on file"), dict(a))
        else:
            keys = [self.key(str(a["from"])), self.key(str(a["to"]))]
            cmp = self.call(
                ("x", *(str(a.get(k)) for k in ("from", "to", "civil", "military", "nsip", "ally")),
                 bool(a.get("ministry"))),
                lambda: api.funding_compare(
                    a["from"], a["to"], civil=a["civil"], military=a["military"], nsip=a["nsip"],
                    ally=a["ally"], by="ministry" if a.get("ministry") else "ally",
                ),
            )  # fmt: skip
            seen = _j.look_key_change(c, cmp, keys, self.published(), day=day)
            basis = f"keys {a['from']} → {a['to']}"
            note = _j.Reason(
                _j.gettext("cost-share keys {from} and {to} on file, on budgets of EUR {civil} "
                           "(civil), {military} (military) and {nsip} million (NSIP)"), dict(a),
                0,
            )  # fmt: skip
        if seen.status == _j.HELD:
            return _j.Figure(seen.value, basis, note)
        assert seen.reason is not None
        return _j.Figure(None, basis, seen.reason)

    # --- rules ------------------------------------------------------------------------
    def rule(self, c: Claim, day: dt.date) -> _j.Figure:
        from burdenshare import api

        frame = self.call(("r", day), lambda: api.targets_rules(day))
        seen = _j.look_rule(c, frame, day=day)
        basis = f"rules {day.isoformat()}"
        if seen.status == _j.HELD:
            return _j.Figure(seen.value, basis, _j.Reason(
                _j.gettext("the rules in force on {day}"), {"day": day}))  # fmt: skip
        assert seen.reason is not None
        return _j.Figure(None, basis, seen.reason)

    def figure(self, c: Claim, day: dt.date, *, now: bool) -> _j.Figure:
        if c.measure in ("cost_share", "cost_share_change"):
            return self.funding(c, None if now else day)
        if c.measure == "rule_parameter":
            return self.rule(c, day)
        return self.spending(c, day, _j.describe(c))


def _resolved(c: Claim, file: str) -> Claim:
    """The claim with its allies and groups checked against the registry (one line if not)."""
    import dataclasses

    from burdenshare import allies

    args = dict(c.args)
    try:
        if "ally" in args:
            args["ally"] = allies.resolve(str(args["ally"]))
        if "group" in args:
            allies.membership(str(args["group"]), [2020])
    except BurdenshareError as exc:
        raise ClaimFileError(file, t("claim {c_id!r}: {exc}", c_id=c.id, exc=exc)) from None
    return dataclasses.replace(c, args=args)


def _origin_of_file(path: Path) -> Origin:
    from burdenshare.claims import shipped_origin
    from burdenshare.shipped.origin import Origin

    shipped = shipped_origin(path)
    if shipped is not None:
        return shipped
    return Origin(id=f"user:{path.name}", kind="claim_file", publisher="user file",
                  title=path.name, published="", address=str(path))  # fmt: skip


def claims_check(
    path: str | Path, *, lang: str = "en", now: DateLike | None = None
) -> pd.DataFrame:
    """Check every claim of a claim file then (on the day said) and now.

    Args:
        path: a claim file (YAML), or the name of a shipped example
            (:func:`burdenshare.claims.examples`).
        lang: ``en`` or ``nl``: the reasons and the figure's description.
        now: the day "now" stands for (today by default): the latest release, key and
            rules in force on it.

    Returns:
        One row per claim: :data:`COLUMNS` (``claimed``, ``then_value`` and ``now_value`` in
        the claim's unit; verdicts ``holds``, ``does_not_hold`` or ``not_verifiable``).
        ``attrs["provenance"]`` names the claim file and every release, key source and
        rules file used; ``attrs["now"]`` the day "now" stood for.

    Raises:
        ClaimFileError: the file is missing, empty, not YAML, or a claim breaks the format
            (unknown measure, missing argument, bad date...): one line naming the claim.
    """
    import pandas as pd

    from burdenshare.claims import example_path, examples
    from burdenshare.i18n import check_language
    from burdenshare.provenance import attach
    from burdenshare.shipped.user import read_user_yaml

    check_language(lang)
    p = example_path(str(path)) if str(path) in examples() else Path(path)
    doc = read_user_yaml(p, what=t("claim file"), error=ClaimFileError)
    label = t("claim file {name}", name=p.name)
    claims = [_resolved(c, label) for c in parse_claims(doc, file=label)]
    today = _day(now)
    fetch = _Fetcher()
    rows = []
    for c in claims:
        then = fetch.figure(c, c.said_on, now=False)
        later = fetch.figure(c, today, now=True)
        dec = _j.DECIMALS.get(c.unit, 2)

        def said(fig: _j.Figure, dec: int = dec) -> str:
            return _format(_j.Reason(fig.reason.template, fig.reason.params, dec), lang)

        rows.append(
            {
                "id": c.id, "text": c.text, "said_on": c.said_on.isoformat(), "source": c.source,
                "measure": c.measure, "claimed": c.value, "unit": c.unit,
                "tolerance": _tolerance(c.tolerance, lang), "figure": _format(_j.describe(c), lang),
                "then_value": then.value, "then_basis": then.basis,
                "then_verdict": _j.judge(c.value, c.tolerance, then),
                "then_reason": said(then),
                "now_value": later.value, "now_basis": later.basis,
                "now_verdict": _j.judge(c.value, c.tolerance, later),
                "now_reason": said(later),
            }
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    attach(out, release=None, datasets=[_origin_of_file(p), *fetch.origins.values()],
           what=t("claim check of {file} (now: {day})", file=p.name,
                  day=today.isoformat()))  # fmt: skip
    out.attrs["now"] = today.isoformat()
    out.attrs["file"] = p.name
    return out


def verdict_counts(frame: pd.DataFrame) -> Mapping[str, int]:
    """How many claims each verdict has, then and now (for summaries)."""
    return {
        f"{when}_{v}": int((frame[f"{when}_verdict"] == v).sum())
        for when in ("then", "now")
        for v in _j.VERDICTS
    }


__all__ = ["claims_check"]
