"""The public surface: one export list, one naming rule, keyword-only options, provenance.

``burdenshare.api.__all__`` is the one export list; the root package derives its exports
from it, and both TYPE_CHECKING blocks must import exactly those names (checked on the
source, so an IDE sees what the runtime serves). Every public function is named
``<area>_<what>``, takes at most two positional arguments with its options keyword-only,
and every frame it returns carries ``attrs["provenance"]``.
"""

from __future__ import annotations

import ast
import functools
import inspect
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import burdenshare as bs
from burdenshare import api

SRC = Path(bs.__file__).parent
AREAS = (
    "data", "spending", "targets", "funding", "burden", "readiness", "ledger", "cases", "claims",
    "reports",
)  # fmt: skip

#: Options that are never positional, whatever the function.
ALWAYS_KEYWORD = {
    "as_of", "release", "lang", "catalog", "seed", "progress", "ministries",
    "estimate_missing", "income_overrides", "band_decimals", "published_key",
}  # fmt: skip

#: Listings that span releases: no single release, every release named in ``datasets``.
SPANNING = {"data_releases", "data_files", "data_check", "data_revisions"}
#: Checks that span releases, keys and rules: no single release, each dataset named.
MIXED = {"claims_check"}
#: The list of every shipped dataset: no single release, every dataset of every kind named.
ALL_SOURCES = {"data_sources"}
#: Results built from no NATO figure at all (the allies registry, cost-share keys and
#: budgets, the rules): ``release`` is None and no NATO release is among the datasets.
NO_RELEASE = {
    "data_allies", "funding_budgets", "funding_compare",
    "funding_derive", "funding_key", "funding_keys", "funding_reproduction", "funding_rules",
    "funding_whatif", "targets_rules", "cases_run", "readiness_check", "readiness_timeline",
    "readiness_tiers", "ledger_audit", "ledger_export", "ledger_import", "ledger_init",
    "ledger_target", "ledger_token", "ledger_update",
}  # fmt: skip
CASES = Path(__file__).parent / "funding" / "cases" / "basic_two_allies.yaml"


@functools.cache
def _ledger() -> str:
    """A throwaway SQLite ledger, seeded with the labelled synthetic units."""
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'ledger.sqlite3'}"
    bs.ledger_init(synthetic=True, url=url)
    return url


def _ledger_file() -> Path:
    path = Path(tempfile.mkdtemp()) / "pledges.yaml"
    bs.ledger_export(path, url=_ledger())
    return path


def _ledger_update() -> pd.DataFrame:
    row = bs.ledger_export(url=_ledger()).iloc[0]
    return bs.ledger_update(
        str(row["id"]), version=int(row["version"]), note="checked", url=_ledger()
    )


def _change() -> Any:
    from burdenshare.funding.scenario import change

    return change("set", "NLD", share_pct=4.0)


SCENARIO = {
    "name": "x",
    "overrides": [
        {"kind": "gdp", "from": 2030, "real_growth_pct": 1.0, "deflator_growth_pct": 2.0}
    ],
}

#: Small arguments for every public function that returns a frame.
CALLS: dict[str, Callable[[], Any]] = {
    "data_allies": lambda: bs.data_allies(),
    "data_check": lambda: bs.data_check(),
    "data_files": lambda: bs.data_files(),
    "data_indicators": lambda: bs.data_indicators(release="2024-06"),
    "data_observations": lambda: bs.data_observations(
        "share_gdp_pct", allies="NLD", release="2024-06"
    ),
    "data_panel": lambda: bs.data_panel(release="2024-06"),
    "data_releases": lambda: bs.data_releases(),
    "data_revisions": lambda: bs.data_revisions("NLD", "share_gdp_pct", years=2019),
    "data_sources": lambda: bs.data_sources(),
    "spending_check": lambda: bs.spending_check(2024, release="2024-06"),
    "spending_count": lambda: bs.spending_count(release="2024-06"),
    "spending_cumulative": lambda: bs.spending_cumulative(base=2016, to=2020, release="2024-06"),
    "spending_gap": lambda: bs.spending_gap(year=2024, release="2024-06"),
    "spending_group": lambda: bs.spending_group("nato", release="2024-06"),
    "spending_overview": lambda: bs.spending_overview(release="2024-06"),
    "spending_profile": lambda: bs.spending_profile("NLD", release="2024-06"),
    "spending_table": lambda: bs.spending_table(2024, release="2024-06"),
    "spending_per_soldier": lambda: bs.spending_per_soldier(2024, "NLD", release="2024-06"),
    "spending_sipri": lambda: bs.spending_sipri("NLD", years=[2023, 2024], group="one"),
    "targets_compliance": lambda: bs.targets_compliance(2024, ally="NLD", release="2024-06"),
    "targets_gdp_projection": lambda: bs.targets_gdp_projection("NLD"),
    "targets_path": lambda: bs.targets_path("NLD"),
    "targets_required_share": lambda: bs.targets_required_share("NLD", plan_growth_pct=5.0),
    "targets_rules": lambda: bs.targets_rules("2024-01-01"),
    "targets_scenario": lambda: bs.targets_scenario(SCENARIO, ally="NLD"),
    "targets_simulate": lambda: bs.targets_simulate("NLD", paths=50, seed=0),
    "funding_budgets": lambda: bs.funding_budgets(),
    "funding_compare": lambda: bs.funding_compare("2020", "2021-2024", civil=2120.0),
    "funding_contributions": lambda: bs.funding_contributions(2024, ally="NLD"),
    "funding_derive": lambda: bs.funding_derive("nov2019"),
    "funding_key": lambda: bs.funding_key("2021-2024"),
    "funding_keys": lambda: bs.funding_keys(),
    "funding_reproduction": lambda: bs.funding_reproduction(),
    "funding_rules": lambda: bs.funding_rules(),
    "funding_whatif": lambda: bs.funding_whatif("2021-2024", [_change()], civil=1000.0),
    "burden_decomposition": lambda: bs.burden_decomposition(
        "NLD", from_year=2023, to_year=2024, release="2024-06"
    ),
    "burden_exploitation": lambda: bs.burden_exploitation(
        2024, 2024, release="2024-06", n_resamples=99
    ),
    "burden_exploitation_pooled": lambda: bs.burden_exploitation_pooled(
        2023, 2024, release="2024-06", n_resamples=99
    ),
    "burden_exploitation_series": lambda: bs.burden_exploitation_series(
        2024, 2024, release="2024-06"
    ),
    "burden_fair_share": lambda: bs.burden_fair_share(2024, release="2024-06"),
    "burden_index": lambda: bs.burden_index(2024, release="2024-06"),
    "cases_run": lambda: bs.cases_run([CASES]),
    "readiness_check": lambda: bs.readiness_check("2026-01-01", pledges="synthetic"),
    "readiness_timeline": lambda: bs.readiness_timeline(
        "2026-01-01", "2026-06-30", pledges="synthetic"
    ),
    "readiness_tiers": lambda: bs.readiness_tiers("2026-01-01", pledges="synthetic"),
    "readiness_capabilities": lambda: bs.readiness_capabilities(
        "2026-01-01", pledges="synthetic", release="2024-06"
    ),
    "readiness_source": lambda: bs.readiness_source(
        "2026-01-01", pledges="synthetic", release="2024-06"
    ),
    "ledger_init": lambda: bs.ledger_init(synthetic=True, url=_ledger()),
    "ledger_export": lambda: bs.ledger_export(url=_ledger()),
    "ledger_import": lambda: bs.ledger_import(_ledger_file(), url=_ledger()),
    "ledger_audit": lambda: bs.ledger_audit(url=_ledger()),
    "ledger_token": lambda: bs.ledger_token("analyst", role="viewer", url=_ledger()),
    "ledger_target": lambda: bs.ledger_target(
        "demo", requirement="mechanised_battalion=1", max_notice=30, url=_ledger()
    ),
    "ledger_update": lambda: _ledger_update(),
    "claims_check": lambda: bs.claims_check("nato_press_releases", now="2026-12-01"),
}

#: Public functions that return something else than a frame, with the type they return.
NOT_FRAMES: dict[str, tuple[Callable[[], Any], type]] = {
    "data_latest_year": (lambda: bs.data_latest_year(release="2024-06"), int),
    "data_members": (lambda: bs.data_members("nato", 2024), list),
    "data_select_release": (lambda: bs.data_select_release(release="2024-06"), object),
    "targets_gdp_assumption": (lambda: bs.targets_gdp_assumption(), object),
    "reports_ally": (lambda: bs.reports_ally("NLD", fmt="html", release="2026-07"), bytes),
    "reports_alliance": (lambda: bs.reports_alliance(fmt="html", release="2026-07"), bytes),
}


def _type_checking_names(path: Path) -> set[str]:
    """The names a module's ``if TYPE_CHECKING:`` block binds (imports and assignments)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    names |= {a.asname or a.name for a in stmt.names}
                elif isinstance(stmt, ast.Assign):
                    names |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
    return names


def test_one_export_list_root_api_and_type_checking_in_sync() -> None:
    public = set(api.__all__)
    assert api.__all__ == sorted(public) and len(public) == len(api.__all__)
    assert public == {n for names in api.AREAS.values() for n in names}
    assert set(bs._EXPORTS) == public | {"BurdenshareError"}
    assert set(bs.__all__) == set(bs._EXPORTS) | set(bs._SUBMODULES)
    assert _type_checking_names(SRC / "api" / "__init__.py") == public | set(AREAS)
    assert _type_checking_names(SRC / "__init__.py") == (
        public | {"BurdenshareError"} | set(bs._SUBMODULES)
    )
    assert set(CALLS) | set(NOT_FRAMES) == public  # every public function is exercised below


@pytest.mark.parametrize("name", sorted(api.__all__))
def test_naming_rule_and_the_same_object_at_root_and_api(name: str) -> None:
    area = name.split("_", 1)[0]
    assert area in AREAS and name in api.AREAS[area]
    assert callable(getattr(bs, name))
    assert getattr(bs, name) is getattr(api, name)


@pytest.mark.parametrize(
    "name",
    sorted(api.__all__),
)
def test_options_are_keyword_only(name: str) -> None:
    params = inspect.signature(getattr(bs, name)).parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert len(positional) <= 2, f"{name}: options {positional[2:]} should be keyword-only"
    assert not ALWAYS_KEYWORD & set(positional), f"{name}: {positional} has an option"


@pytest.mark.parametrize(
    "name",
    sorted(CALLS),
)
def test_every_frame_carries_the_provenance_envelope(name: str) -> None:
    frame = CALLS[name]()
    assert isinstance(frame, pd.DataFrame)
    env = frame.attrs.get("provenance")
    assert env is not None, f"{name} returns no provenance"
    assert env["datasets"], f"{name} names no dataset"
    assert frame.attrs["source"] and env["what"]
    kinds = [d["kind"] for d in env["datasets"]]
    if name in SPANNING:
        assert env["release"] is None and set(kinds) == {"nato_release"}
    elif name in MIXED:
        assert env["release"] is None and {"nato_release", "rules"} <= set(kinds)
    elif name in ALL_SOURCES:
        assert env["release"] is None and {"nato_release", "rules", "gdp_forecast"} <= set(kinds)
    elif name in NO_RELEASE:
        assert env["release"] is None and "nato_release" not in kinds
    else:
        assert env["release"], f"{name} names no release"
        assert env["datasets"][0]["id"].endswith(env["release"]), "the release comes first"


def test_a_funding_frame_built_on_gdp_names_its_release_first() -> None:
    env = bs.funding_derive(None, year=2019, release="2024-06").attrs["provenance"]
    assert env["release"] == "2024-06" and env["datasets"][0]["id"] == "nato-2024-06"


@pytest.mark.parametrize("name", sorted(NOT_FRAMES))
def test_functions_that_return_no_frame(name: str) -> None:
    call, kind = NOT_FRAMES[name]
    assert isinstance(call(), kind)


def test_thresholds_come_from_the_rules_in_force() -> None:
    gap = bs.spending_gap(year=2024, release="2024-06")
    assert gap.attrs["threshold_pct"] == bs.rules.at("2024-12-31").value(
        "spending.core_guideline_pct_gdp"
    )
    assert "rules" in [d["kind"] for d in gap.attrs["provenance"]["datasets"]]
    given = bs.spending_gap(3.5, year=2024, release="2024-06")
    assert given.attrs["threshold_pct"] == 3.5
    assert "rules" not in [d["kind"] for d in given.attrs["provenance"]["datasets"]]


def _fresh(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_importing_the_package_and_the_api_is_cheap() -> None:
    out = _fresh(
        "import sys, burdenshare, burdenshare.api; "
        "print(sorted(m for m in ('pandas', 'scipy', 'numpy') if m in sys.modules))"
    )
    assert out == "[]"


def test_the_overview_does_not_import_scipy() -> None:
    out = _fresh(
        "import sys; from typer.testing import CliRunner; from burdenshare.cli import app; "
        "r = CliRunner().invoke(app, ['overview', '--release', '2024-06']); "
        "print(r.exit_code, 'scipy' in sys.modules, 'pandas' in sys.modules)"
    )
    assert out == "0 False True"
