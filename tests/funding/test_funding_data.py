"""Shipped funding data: provenance, hashes, precision, gaps; one broken copy per check."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from burdenshare.funding.errors import FundingError, RuleError
from burdenshare.funding.loader import DATA_DIR, default_data, load_funding


def test_every_file_is_listed_and_verified() -> None:
    d = default_data()
    names = {f.path for f in d.files}
    assert names == {p.name for p in DATA_DIR.iterdir() if p.name != "manifest.toml"}
    for f in d.files:
        digest = hashlib.sha256((DATA_DIR / f.path).read_bytes()).hexdigest()
        assert digest == f.sha256, f.path


def test_manifest_sources_match_sources_md() -> None:
    """Every id in SOURCES.md's table has an origin record, with its address."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| (S\d\d_[A-Z0-9_]+) \|", text, flags=re.M))
    d = default_data()
    assert ids == set(d.sources)
    assert d.sources["S03_NATO_BUDGET2021"].address.startswith("https://www.nato.int/")
    assert d.sources["S25_FACTUALLY"].reliability == "low"


def test_sums_and_gaps_as_documented_in_sources_md() -> None:
    """SOURCES.md, Gaps 1: listed sums 57.26 / 82.84 / 81.23 / 79.68 %, and which allies."""
    d = default_data()
    sums = {k.period: round(k.total, 2) for k in d.keys}
    assert sums == {"2016-2017": 57.26, "2018-2019": 82.84, "2020": 81.23, "2021-2024": 79.68}
    nine = ("CZE", "ESP", "HUN", "POL", "PRT", "ROU", "SVK", "SVN", "TUR")
    assert d.key("2018-2019").missing == nine
    assert d.key("2020").missing == tuple(sorted((*nine, "NOR")))
    assert d.key("2021-2024").missing == tuple(sorted((*nine, "NOR")))
    # Finland (2023) and Sweden (2024) joined during the period: not in the remainder
    assert d.key("2021-2024").joined == ("FIN", "SWE")
    assert d.key("2016-2017").joined == ("MNE",)
    assert len(d.key("2016-2017").missing) == 24


def test_precision_is_read_from_the_text() -> None:
    d = default_data()
    assert d.key("2020").get("USA").decimals == 1  # "22.1"  # type: ignore[union-attr]
    assert d.key("2016-2017").get("USA").decimals == 3  # "22.144"  # type: ignore[union-attr]
    assert d.key("2021-2024").get("FRA").decimals == 2  # "10.49"  # type: ignore[union-attr]
    assert d.key("2018-2019").get("NLD").decimals == 2  # "3.20", trailing zero kept  # type: ignore[union-attr]


# Cross-check values that differ from the main table beyond the two roundings, with the
# reason (SOURCES.md, "Cross-checks done"). Anything else must agree.
KNOWN_DISAGREEMENTS = {
    ("2018-2019", "DEU", "S10_STANDAARD2018"): "14.78 vs Ostermann 14.76: unresolved",
}


def test_crosscheck_values_agree_within_rounding_except_the_documented_ones() -> None:
    d = default_data()
    seen = set()
    for row in d.crosscheck.itertuples(index=False):
        period = f"{row.period_start}-{row.period_end}"
        share = d.key(period).get(row.iso3)
        if share is None:
            continue  # Spain 2016-17 'almost 5.8': no main value to compare with
        tol = share.half_unit + 0.5 * 10.0 ** (-row.decimals) + 1e-9
        key = (period, row.iso3, row.source_id)
        if abs(row.share_pct - share.share_pct) > tol:
            assert key in KNOWN_DISAGREEMENTS, f"{key}: {row.share_pct} vs {share.share_pct}"
            seen.add(key)
    assert seen == set(KNOWN_DISAGREEMENTS)


def test_budgets_are_labelled() -> None:
    b = default_data().budgets
    assert set(b.loc[b["line"] == "nsip", "kind"]) == {"ceiling"}
    assert set(b.loc[b["line"] != "nsip", "kind"]) == {"authorised"}
    row = b[(b["year"] == 2023) & (b["line"] == "civil")].iloc[0]
    assert (row["amount_eur_mn"], row["source"]) == (370.8, "S05_NATOWATCH_BUDGET2023")


# ------------------------------------------------------------------------------------------
# Broken copies: one per check, each asserting the message


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _rewrite(root: Path, name: str, old: str, new: str, rehash: bool = True) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if rehash:
        manifest = (root / "manifest.toml").read_text(encoding="utf-8")
        old_hash = next(f["sha256"] for f in tomllib.loads(manifest)["file"] if f["path"] == name)
        new_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        (root / "manifest.toml").write_text(manifest.replace(old_hash, new_hash), "utf-8")


def test_a_changed_file_fails_its_hash(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _rewrite(root, "cost_shares.csv", "NLD,Netherlands,3.45", "NLD,Netherlands,3.46", False)
    with pytest.raises(FundingError, match=r"cost_shares.csv: SHA-256 mismatch"):
        load_funding(root)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "cost_shares.csv",
            "NLD,Netherlands,3.45",
            "NLD,Netherlands,103.45",
            r"cost_shares.csv, line \d+: column 'share_pct': 103.45 is above the maximum 100",
        ),
        (
            "cost_shares.csv",
            "NLD,Netherlands,3.45,all,S08",
            "NLD,Netherlands,3.45,all,S99",
            r"source id 'S99_OSTERMANN2020' is not declared",
        ),
        (
            "cost_shares.csv",
            "2021,2024,ALB,Albania,0.09",
            "2021,2024,ALB,Albania,30.09",
            r"key 2021-2024 sums to 109.680000 %, above 100",
        ),
        (
            "cost_shares.csv",
            "2021,2024,NLD,Netherlands,3.45,all",
            "2021,2024,NLD,Netherlands,3.45,nsip",
            r"column 'budget_scope': unknown value 'nsip'; accepted: all",
        ),
        (
            "cost_shares.csv",
            "2020,2020,MKD",
            "2019,2019,MKD",
            r"periods \(2018, 2019\) and \(2019, 2019\) overlap",
        ),
        (
            "common_budgets.csv",
            "2024,nsip,1300,ceiling",
            "2024,nsip,-1300,ceiling",
            r"common_budgets.csv, line \d+: column 'amount_eur_mn': -1300 is below the minimum 0",
        ),
        (
            "common_budgets.csv",
            "2024,nsip,1300,ceiling",
            "2024,nsip,1300,authorised",
            r"the NSIP figure must be labelled 'ceiling'",
        ),
        (
            "common_budgets.csv",
            "2024,civil,438.1",
            "2024,welfare,438.1",
            r"column 'budget': unknown value 'welfare'; accepted: civil, military, nsip",
        ),
    ],
)
def test_broken_rows(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    root = _copy(tmp_path)
    _rewrite(root, name, old, new)
    with pytest.raises(FundingError, match=message):
        load_funding(root)


def test_a_row_count_that_differs(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _rewrite(root, "common_budgets.csv", "2026,military,2420,authorised,S07_AA_BUDGET2026\n", "")
    with pytest.raises(FundingError, match="18 rows, manifest says 19"):
        load_funding(root)


def test_a_malformed_rule(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _rewrite(root, "key_rules.yaml", "kind: freeze", "kind: floor")
    message = r"key_rules.yaml, line 30 .*constraint 3: unknown kind 'floor'"
    with pytest.raises(RuleError, match=message):
        load_funding(root)


def test_a_rule_citing_an_undeclared_source(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _rewrite(
        root,
        "key_rules.yaml",
        "source: [S11_DPA_WN2019, S15_JW2019",
        "source: [S11_DPA_WN2019, S99_NOWHERE",
    )
    with pytest.raises(FundingError, match="S99_NOWHERE"):
        load_funding(root)
