"""Vega-Lite chart specifications from facade frames (Altair on the server).

Pure functions: a frame (as the public API returns it) and the words to show in, a
Vega-Lite spec (a JSON-ready dict) out. No file, no network, no arithmetic on figures: the
charts show the columns the facade computed. The service's pages embed these specs with
the shipped vega-embed; the reports reuse them.

>>> import pandas as pd
>>> frame = pd.DataFrame({"iso3": ["POL", "ESP"], "ally": ["Poland", "Spain"],
...                       "share_gdp_pct": [4.12, 1.28], "is_estimate": [True, False]})
>>> spec = ranked_shares(frame, [("2%", 2.0), ("3.5%", 3.5)], axis_title="% of GDP")
>>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
True
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['bar', 'rule', 'text']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Vega-Lite number locales (CLDR signs; the same as Babel's for ``en_GB`` and ``nl_NL``)
LOCALES: dict[str, dict[str, Any]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", ""]},
}

PUBLISHED_COLOUR = "#1f4e79"
ESTIMATE_COLOUR = "#9dc3e6"
RULE_COLOUR = "#b2182b"


def _finish(chart: Any, lang: str, title: str) -> dict[str, Any]:
    chart = chart.properties(title=title) if title else chart
    spec: dict[str, Any] = chart.configure(
        locale={"number": LOCALES.get(lang, LOCALES["en"])},
        font="system-ui, sans-serif",
        axis={"labelFontSize": 12, "titleFontSize": 12},
    ).to_dict()
    return spec


def _status_scale(labels: Mapping[str, str]) -> Any:
    import altair as alt

    return alt.Scale(
        domain=[labels["published"], labels["estimate"]],
        range=[PUBLISHED_COLOUR, ESTIMATE_COLOUR],
    )


def _rules(thresholds: Sequence[tuple[str, float]], x: str, axis: str) -> list[Any]:
    """Dashed lines at the thresholds, each labelled."""
    import altair as alt
    import pandas as pd

    if not thresholds:
        return []
    data = pd.DataFrame({"label": [t[0] for t in thresholds], x: [float(t[1]) for t in thresholds]})
    base = alt.Chart(data)
    enc = {axis: alt.X(f"{x}:Q") if axis == "x" else alt.Y(f"{x}:Q")}
    rule = base.mark_rule(color=RULE_COLOUR, strokeDash=[5, 3], strokeWidth=1.5).encode(
        **enc, tooltip=["label:N"]
    )
    if axis == "x":
        text = base.mark_text(
            color=RULE_COLOUR, align="right", baseline="top", dx=-3, y=-12, fontSize=11
        ).encode(x=f"{x}:Q", text="label:N")
    else:
        text = base.mark_text(
            color=RULE_COLOUR, align="right", baseline="bottom", dy=-2, x="width", fontSize=11
        ).encode(y=f"{x}:Q", text="label:N")
    return [rule, text]


def ranked_shares(
    frame: pd.DataFrame,
    thresholds: Sequence[tuple[str, float]],
    *,
    axis_title: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """Allies ranked by share of GDP (one bar each), estimates in a lighter colour, a
    dashed line at each threshold (``(label, % of GDP)``: the commitments in force).

    ``frame`` has ``iso3``, ``ally``, ``share_gdp_pct``, ``is_estimate`` (the overview).
    """
    import altair as alt

    words = {"published": "published", "estimate": "estimate", "ally": "ally", **(labels or {})}
    data = frame[["iso3", "ally", "share_gdp_pct", "is_estimate"]].copy()
    data["status"] = [words["estimate"] if e else words["published"] for e in data["is_estimate"]]
    bars = (
        alt.Chart(data.drop(columns="is_estimate"))
        .mark_bar()
        .encode(
            y=alt.Y("ally:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X("share_gdp_pct:Q", title=axis_title),
            color=alt.Color(
                "status:N", scale=_status_scale(words), legend=alt.Legend(title=None, orient="top")
            ),
            tooltip=[
                alt.Tooltip("ally:N", title=words["ally"]),
                alt.Tooltip("share_gdp_pct:Q", title=axis_title, format=".2f"),
                alt.Tooltip("status:N", title=" "),
            ],
            href="link:N",
        )
        .transform_calculate(link="'allies/' + datum.iso3")
    )
    chart = alt.layer(bars, *_rules(thresholds, "share_gdp_pct", "x")).properties(
        width="container", height=alt.Step(17)
    )
    return _finish(chart, lang, title)


def share_history(
    frame: pd.DataFrame,
    thresholds: Sequence[tuple[str, float]],
    *,
    axis_title: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """One ally's share of GDP year by year (a line; estimates as hollow points), with a
    dashed line at each threshold.

    ``frame`` has ``year``, ``share_gdp_pct``, ``is_estimate`` (an ally's profile).
    """
    import altair as alt

    words = {"published": "published", "estimate": "estimate", "year": "year", **(labels or {})}
    data = frame[["year", "share_gdp_pct", "is_estimate"]].dropna(subset=["share_gdp_pct"])
    data = data.assign(
        status=[words["estimate"] if e else words["published"] for e in data["is_estimate"]]
    ).drop(columns="is_estimate")
    x = alt.X("year:O", title=words["year"], axis=alt.Axis(labelAngle=0))
    line = (
        alt.Chart(data)
        .mark_line(color=PUBLISHED_COLOUR)
        .encode(x=x, y=alt.Y("share_gdp_pct:Q", title=axis_title))
    )
    points = (  # estimates are hollow points
        alt.Chart(data)
        .mark_point(size=70, filled=True, stroke=PUBLISHED_COLOUR, strokeWidth=2, opacity=1)
        .encode(
            x=x,
            y="share_gdp_pct:Q",
            fill=alt.Fill(
                "status:N",
                scale=alt.Scale(
                    domain=[words["published"], words["estimate"]],
                    range=[PUBLISHED_COLOUR, "#ffffff"],
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=words["year"]),
                alt.Tooltip("share_gdp_pct:Q", title=axis_title, format=".2f"),
                alt.Tooltip("status:N", title=" "),
            ],
        )
    )
    chart = alt.layer(line, points, *_rules(thresholds, "share_gdp_pct", "y")).properties(
        width="container", height=260
    )
    return _finish(chart, lang, title)


def target_path(
    frame: pd.DataFrame,
    *,
    axis_title: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """The path to a target (share of GDP each year) beside the actual share.

    ``frame`` has ``year``, ``path_share_pct``, ``actual_share_pct`` (a target path).
    """
    import altair as alt

    words = {"path": "path", "actual": "actual", "year": "year", **(labels or {})}
    data = frame[["year", "path_share_pct", "actual_share_pct"]].rename(
        columns={"path_share_pct": words["path"], "actual_share_pct": words["actual"]}
    )
    long = data.melt("year", var_name="series", value_name="share_gdp_pct").dropna()
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=words["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share_gdp_pct:Q", title=axis_title),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=[words["path"], words["actual"]], range=[RULE_COLOUR, PUBLISHED_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=["year:O", "series:N", alt.Tooltip("share_gdp_pct:Q", format=".2f")],
        )
        .properties(width="container", height=260)
    )
    return _finish(chart, lang, title)


def fan(
    frame: pd.DataFrame,
    *,
    axis_title: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """A fan chart of simulated shares of GDP: 5-95 % and 25-75 % bands, the median.

    ``frame`` has ``year``, ``q05``, ``q25``, ``q50``, ``q75``, ``q95`` (a simulation).
    """
    import altair as alt

    words = {"year": "year", "median": "median", **(labels or {})}
    data = frame[["year", "q05", "q25", "q50", "q75", "q95"]]
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=words["year"], axis=alt.Axis(labelAngle=0))
    )
    outer = base.mark_area(opacity=0.25, color=PUBLISHED_COLOUR).encode(
        y=alt.Y("q05:Q", title=axis_title), y2="q95:Q"
    )
    inner = base.mark_area(opacity=0.45, color=PUBLISHED_COLOUR).encode(y="q25:Q", y2="q75:Q")
    median = base.mark_line(color=PUBLISHED_COLOUR).encode(
        y="q50:Q",
        tooltip=[
            alt.Tooltip("year:O", title=words["year"]),
            alt.Tooltip("q50:Q", title=words["median"], format=".2f"),
            alt.Tooltip("q05:Q", format=".2f"),
            alt.Tooltip("q95:Q", format=".2f"),
        ],
    )
    chart = alt.layer(outer, inner, median).properties(width="container", height=260)
    return _finish(chart, lang, title)


def ranked_amounts(
    frame: pd.DataFrame,
    value: str,
    *,
    axis_title: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """Allies ranked by an amount (one bar each), e.g. common-funding contributions.

    ``frame`` has ``iso3``, ``ally`` and the ``value`` column.
    """
    import altair as alt

    words = {"ally": "ally", **(labels or {})}
    data = frame[["iso3", "ally", value]].dropna(subset=[value])
    chart = (
        alt.Chart(data)
        .mark_bar(color=PUBLISHED_COLOUR)
        .encode(
            y=alt.Y("ally:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X(f"{value}:Q", title=axis_title),
            tooltip=[
                alt.Tooltip("ally:N", title=words["ally"]),
                alt.Tooltip(f"{value}:Q", title=axis_title, format=",.1f"),
            ],
        )
        .properties(width="container", height=alt.Step(17))
    )
    return _finish(chart, lang, title)


#: fill status colours of the readiness timeline: filled, filled only with offers, short
FILL_COLOURS = ("#1a7f37", "#e6a817", "#b2182b")


def readiness_timeline(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: str = "",
) -> dict[str, Any]:
    """Fill status per unit type and period (a strip per unit type): filled by firm pledges,
    filled only with offers, or short; each cell shows counted / required.

    ``frame`` is a readiness timeline (``period``, ``unit_type``, ``required``, ``counted``,
    ``counted_with_offers``, ``shortfall``, ``filled``, ``filled_with_offers``), as
    ``burdenshare.readiness_timeline`` returns it; the status is read from its flags.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"period": ["2026Q1", "2026Q1"],
    ...     "unit_type": ["air_squadron", "combat_vessel"], "required": [3, 2],
    ...     "counted": [2, 3], "counted_with_offers": [3, 3], "shortfall": [1, 0],
    ...     "filled": [False, True], "filled_with_offers": [True, True]})
    >>> spec = readiness_timeline(frame)
    >>> [r["status"] for r in spec["datasets"][spec["data"]["name"]]]
    ['filled with offers', 'filled']
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rect', 'text']
    """
    import altair as alt

    words = {"filled": "filled", "offers": "filled with offers", "short": "short",
             "period": "period", "unit_type": "unit type", "required": "required",
             "counted": "counted", "counted_with_offers": "with offers",
             "shortfall": "shortfall", **(labels or {})}  # fmt: skip
    cols = ["period", "unit_type", "required", "counted", "counted_with_offers", "shortfall"]
    data = frame[cols].assign(
        status=[
            words["filled"] if f else (words["offers"] if o else words["short"])
            for f, o in zip(frame["filled"], frame["filled_with_offers"], strict=True)
        ],
        cell=[f"{c}/{r}" for c, r in zip(frame["counted"], frame["required"], strict=True)],
    )
    x = alt.X("period:O", title=words["period"], axis=alt.Axis(labelAngle=-45))
    y = alt.Y("unit_type:N", title=words["unit_type"])
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "status:N",
            scale=alt.Scale(
                domain=[words["filled"], words["offers"], words["short"]],
                range=list(FILL_COLOURS),
            ),
            legend=alt.Legend(title=None, orient="top"),
        ),
        tooltip=[
            alt.Tooltip("period:O", title=words["period"]),
            alt.Tooltip("unit_type:N", title=words["unit_type"]),
            alt.Tooltip("required:Q", title=words["required"]),
            alt.Tooltip("counted:Q", title=words["counted"]),
            alt.Tooltip("counted_with_offers:Q", title=words["counted_with_offers"]),
            alt.Tooltip("shortfall:Q", title=words["shortfall"]),
            alt.Tooltip("status:N", title=" "),
        ],
    )
    text = base.mark_text(color="#ffffff", fontSize=10).encode(x=x, y=y, text="cell:N")
    chart = alt.layer(cells, text).properties(width="container", height=150)
    return _finish(chart, lang, title)
