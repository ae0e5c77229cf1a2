"""Forward presence: battlegroups joined, led and hosted, and the published troop figures.

Pure: the forward-presence table (``efp.csv``), the published troop figures
(``efp_troops.csv``) and a day in, one frame out. Troop figures are published for the whole
forward presence and per host (a battlegroup or brigade), plus two framework nations' plans;
per-contributor deployed troop numbers are not in the sources and are never estimated: the
output says "not published" where no figure exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from burdenshare.burden.index import efp_participation
from burdenshare.text import Text, t

#: The row of the whole forward presence (beside one row per ally).
ALL = "ALL"

#: The sources' own wording of a figure, for people (translated on the surfaces).
QUALIFIERS: dict[str, Text] = {
    "about": t("about"),
    "exactly": t("exactly"),
    "more than": t("more than"),
    "up to": t("up to"),
    "target": t("target"),
}
NOT_PUBLISHED = t("not published")
NOT_A_HOST = t("not a host")
NONE_PUBLISHED = t("none published")
COLUMNS = ["iso3", "hosts", "battlegroups_joined", "battlegroups_led", "troops", "qualifier",
           "troops_date", "troops_sources", "plan_troops", "plan_qualifier", "plan_at",
           "plan_by", "plan_sources"]  # fmt: skip


def _in_force(rows: pd.DataFrame, day: date) -> pd.Series | None:
    """The latest deployed figure dated on or before ``day`` (None when there is none)."""
    r = rows[(rows["kind"] == "deployed") & (rows["date"] <= pd.Timestamp(day))]
    if r.empty:
        return None
    return r.sort_values("date", kind="stable").iloc[-1]


def forward_presence(
    efp: pd.DataFrame, troops: pd.DataFrame, day: date, allies: Sequence[str]
) -> pd.DataFrame:
    """Per ally and for the whole: battlegroups and the published troop figure on ``day``.

    Args:
        efp: the battlegroup table (``host_iso3, framework_iso3, contributor_iso3, since``).
        troops: the published figures (``scope, host_iso3, nation_iso3, date, troops,
            qualifier, kind, by, sources``; :func:`burdenshare.burden.loader.load_efp_troops`).
        day: the day the figures are taken on (a figure counts from its date; a plan from
            the day it was announced).
        allies: the allies to list (one row each, after the ``ALL`` row).

    Returns:
        ``iso3`` (``ALL`` first), ``hosts`` (battlegroups hosted: 0/1 per ally, the number
        of hosts for ``ALL``), ``battlegroups_joined`` (abroad), ``battlegroups_led``
        (abroad, as framework nation), ``troops`` (the published figure in force: a
        number, "not published", or "not a host"), ``qualifier`` (the source's wording),
        ``troops_date``, ``troops_sources``, ``plan_troops`` (a plan the ally announced:
        number or "none published"), ``plan_qualifier``, ``plan_at`` (host), ``plan_by``,
        ``plan_sources``. Battlegroups count by the year of ``day`` (as in the three-Cs index).

    >>> efp = pd.DataFrame({"host_iso3": ["EST", "EST"], "framework_iso3": "GBR",
    ...     "contributor_iso3": ["GBR", "FRA"], "since": ["2017", "2017"]})
    >>> tr = pd.DataFrame({"scope": ["all", "host"], "host_iso3": ["", "EST"],
    ...     "nation_iso3": "", "date": pd.to_datetime(["2017-08-28", "2022-06-28"]),
    ...     "troops": [4500, 1430], "qualifier": ["about", "exactly"], "kind": "deployed",
    ...     "by": "", "sources": ["S-A", "S-B"]})
    >>> f = forward_presence(efp, tr, date(2023, 1, 1), ["EST", "FRA", "GBR"])
    >>> f[["iso3", "hosts", "battlegroups_joined", "troops"]].values.tolist()[:3]
    [['ALL', 1, 1, 4500], ['EST', 1, 0, 1430], ['FRA', 0, 1, 'not a host']]
    >>> forward_presence(efp, tr, date(2018, 1, 1), ["EST"])["troops"].tolist()
    [4500, 'not published']
    """
    part = efp_participation(efp, day.year).set_index("iso3")
    hosted = set(part.index[part["efp_hosted"] == 1])
    joined_by: dict[str, int] = {str(k): int(v) for k, v in part["efp_battlegroups"].items()}
    led_by: dict[str, int] = {str(k): int(v) for k, v in part["efp_framework"].items()}
    rows = []
    whole = _in_force(troops[troops["scope"] == "all"], day)
    rows.append({"iso3": ALL, "hosts": len(hosted), "battlegroups_joined": len(hosted),
                 "battlegroups_led": len(hosted), **_figure(whole, True)})  # fmt: skip
    for code in allies:
        joined = int(joined_by.get(code, 0))
        led = int(led_by.get(code, 0))
        host = code in hosted
        fig = _in_force(troops[(troops["scope"] == "host") & (troops["host_iso3"] == code)], day)
        rows.append({
            "iso3": code,
            "hosts": int(host),
            "battlegroups_joined": joined,
            "battlegroups_led": led,
            **_figure(fig, host),
            **_plan(troops, code, day),
        })  # fmt: skip
    out = pd.DataFrame(rows).reindex(columns=COLUMNS)
    for c in ("plan_troops", "plan_qualifier", "plan_at", "plan_by", "plan_sources"):
        out[c] = out[c].astype(object).where(out[c].notna(), "")
    out.attrs["notes"] = {
        "troops": t(
            "Troop figures are published for the whole forward presence and per host "
            "(battlegroup or brigade), each on its own date; the latest on or before {day} is "
            "shown. Per-contributor troop numbers are not in our sources and are not "
            "estimated; two framework nations' plans (Canada in Latvia, Germany in "
            "Lithuania) are shown as plans, not deployments.", day=day.isoformat()),
        "battlegroups": t(
            "Battlegroups joined and led count hosts abroad from the year a contribution is "
            "first attested (efp.csv); hosts count the battlegroup on their soil."),
    }  # fmt: skip
    return out


def _figure(fig: pd.Series | None, host: bool) -> dict[str, object]:
    if fig is None:
        return {"troops": NOT_PUBLISHED if host else NOT_A_HOST, "qualifier": "",
                "troops_date": "", "troops_sources": ""}  # fmt: skip
    return {
        "troops": int(fig["troops"]),
        "qualifier": QUALIFIERS[str(fig["qualifier"])],
        "troops_date": pd.Timestamp(fig["date"]).date().isoformat(),
        "troops_sources": str(fig["sources"]).replace(";", "; "),
    }


def _plan(troops: pd.DataFrame, code: str, day: date) -> dict[str, object]:
    plans = troops[(troops["kind"] == "plan") & (troops["nation_iso3"] == code)
                   & (troops["date"] <= pd.Timestamp(day))]  # fmt: skip
    if plans.empty:
        return {"plan_troops": NONE_PUBLISHED}
    p = plans.sort_values("date", kind="stable").iloc[-1]
    return {
        "plan_troops": int(p["troops"]),
        "plan_qualifier": QUALIFIERS[str(p["qualifier"])],
        "plan_at": str(p["host_iso3"]),
        "plan_by": str(p["by"]),
        "plan_sources": str(p["sources"]).replace(";", "; "),
    }


__all__ = ["ALL", "QUALIFIERS", "forward_presence"]
