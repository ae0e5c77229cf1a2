"""The service stands on the facade only; the shipped JS is what its README says."""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pandas as pd

import burdenshare
from burdenshare import charts
from burdenshare.service import facade

SERVICE = Path(burdenshare.__file__).parent / "service"
#: what the service may import from the package besides itself (no domain, no api/)
ALLOWED = {"burdenshare", "burdenshare.charts", "burdenshare.i18n", "burdenshare.errors"}


def test_every_facade_name_resolves_to_a_public_function() -> None:
    for name in facade.NAMES:
        assert callable(getattr(facade, name)), name


def test_the_service_imports_only_the_facade_and_the_surface_helpers() -> None:
    for path in SERVICE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "burdenshare":
                mods = [f"burdenshare.{a.name}" for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module]
            elif isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            else:
                continue
            for mod in mods:
                if mod.startswith("burdenshare") and not mod.startswith("burdenshare.service"):
                    assert mod in ALLOWED, f"{path.name} imports {mod}"
    facade_src = (SERVICE / "facade.py").read_text(encoding="utf-8")
    assert "import burdenshare as bs" in facade_src
    others = [p for p in SERVICE.glob("*.py") if p.name != "facade.py"]
    for path in others:
        assert "import burdenshare as" not in path.read_text(encoding="utf-8"), path.name


def test_vendored_js_matches_its_readme() -> None:
    vendor = SERVICE / "static" / "vendor"
    table = (vendor / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.-]+\.js)` \|.*\| `([0-9a-f]{64})` \|$", table, re.M)
    assert {name for name, _ in rows} == {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}
    for name, digest in rows:
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    for lib in ("vega", "vega-lite", "vega-embed"):
        assert "Copyright" in (vendor / f"LICENSE-{lib}.txt").read_text(encoding="utf-8")


def test_vega_lite_major_version_matches_altair() -> None:
    import altair as alt

    head = (SERVICE / "static" / "vendor" / "vega-lite.min.js").read_text(encoding="utf-8")[:600]
    shipped = re.search(r'var \w+="(\d+)\.\d+\.\d+"', head)
    assert shipped is not None
    assert alt.SCHEMA_VERSION.lstrip("v").split(".")[0] == shipped.group(1)


def test_ranked_shares_has_one_bar_per_ally_and_one_rule_per_threshold() -> None:
    frame = pd.DataFrame(
        {"iso3": ["POL", "NLD", "ESP"], "ally": ["Poland", "Netherlands", "Spain"],
         "share_gdp_pct": [4.12, 2.05, 1.28], "is_estimate": [True, False, False]}
    )  # fmt: skip
    spec = charts.ranked_shares(
        frame, [("2 %", 2.0), ("3.5 %", 3.5), ("5 %", 5.0)], axis_title="% GDP", lang="nl"
    )
    data = spec["datasets"]
    bars, rules = spec["layer"][0], spec["layer"][1]
    assert len(data[bars["data"]["name"]]) == 3
    assert [r["share_gdp_pct"] for r in data[rules["data"]["name"]]] == [2.0, 3.5, 5.0]
    assert [r["status"] for r in data[bars["data"]["name"]]] == [
        "estimate", "published", "published"
    ]  # fmt: skip
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_charts_do_no_arithmetic_on_the_figures() -> None:
    frame = pd.DataFrame({"year": [2027, 2028], "q05": [1.0, 1.1], "q25": [1.5, 1.6],
                          "q50": [2.0, 2.1], "q75": [2.5, 2.6], "q95": [3.0, 3.1]})  # fmt: skip
    spec = charts.fan(frame, axis_title="% GDP")
    (rows,) = spec["datasets"].values()
    assert rows == frame.to_dict("records")


def test_every_page_sentence_is_in_the_one_catalog() -> None:
    from babel.messages.pofile import read_po

    from burdenshare.service.strings import STRINGS, words

    po = Path(burdenshare.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "burdenshare.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="nl")
    ids = {m.id for m in catalog if m.id}
    assert [s for s in STRINGS.values() if s not in ids] == []
    assert words("nl")["partial"].startswith("Gedeeltelijke editie")
    assert words("en")["partial"].startswith("Partial release")
