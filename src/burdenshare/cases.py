"""YAML behaviour cases: one format and one runner for every area, for tests and analysts.

A **case** is a name, an area, inputs and expected outputs with a tolerance (STYLE habit
12). The same runner serves the test suite (``tests/*/test_*_cases.py``, one test per case)
and analysts (``burdenshare cases run FILE_OR_DIR...``, :func:`burdenshare.cases_run`)::

    name: exactly 2.00 meets the Vilnius floor      # what the case shows
    area: targets                                   # funding or targets
    source: hand computation                        # where the expected numbers come from
    compliance: {iso3: AAA, year: 2024, share_gdp_pct: 2.0, gdp_usd_current_bn: 100.0}
    expect:
      guideline-2pct: {kind: annual_floor, assessment: met}
    decimals: 2          # numbers compared at the printed precision: ± half a unit
    # or: tolerance: 1.0e-9   (absolute)

A file holds one case (a mapping) or several (a list). Each area declares its inputs and
expectations: :mod:`burdenshare.funding.cases` (keys, budgets, ministries, a derived key;
shares, contributions, ministry totals, changes, an expected error) and
:mod:`burdenshare.targets.cases` (rules in force on a day, compliance of one ally-year,
required growth, a linear path). Files written before ``area`` existed still run: the area
is inferred from the inputs when only one area has them.

A case file that breaks the format raises :class:`CaseFileError` naming the file, the line
and the case; a case whose expectations are not met is a failed :class:`CaseResult`.

>>> cases = parse_cases('''
... name: two allies
... area: funding
... keys: {k: {period: "2030", shares: {NLD: 25, DEU: 75}}}
... budgets: {civil: 200}
... expect: {contributions: {k: {NLD: {civil: 50}}}}
... ''', "x.yaml")
>>> run_case(cases[0]).passed
True
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from burdenshare.errors import BurdenshareError, located, message
from burdenshare.shipped.yamltext import YamlSyntaxError, load_with_lines, strip_lines
from burdenshare.text import t

#: Area → the module that checks its cases (imported when a case of that area runs).
AREAS: dict[str, str] = {
    "funding": "burdenshare.funding.cases",
    "targets": "burdenshare.targets.cases",
}
#: Keys every case may carry, whatever its area.
COMMON = ("name", "area", "source", "description", "tolerance", "decimals")
SUFFIXES = (".yaml", ".yml")


class CaseFileError(BurdenshareError):
    """A case file is absent, not valid YAML, or breaks the case format."""


@dataclass(frozen=True)
class Case:
    """One behaviour case, as written (``doc``), with where it was written."""

    name: str
    area: str
    doc: Mapping[str, Any] = field(repr=False)
    file: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        """``file, line N (case 'name')`` for messages."""
        parts = [p for p in (self.file, f"line {self.line}" if self.line else "") if p]
        return ", ".join([*parts, f"case {self.name!r}"]) if parts else f"case {self.name!r}"

    @property
    def tolerance(self) -> float:
        """The absolute tolerance: ``tolerance``, or half a unit of ``decimals``, or the
        area's default."""
        if "decimals" in self.doc:
            return 0.5 * 10.0 ** -int(self.doc["decimals"]) + 1e-9
        if "tolerance" in self.doc:
            return float(self.doc["tolerance"])
        return float(_area(self.area).DEFAULT_TOLERANCE)


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: ``failures`` is empty when it passes."""

    name: str
    area: str
    passed: bool
    failures: tuple[str, ...]
    file: str = ""
    line: int | None = None


def _area(name: str) -> ModuleType:
    return importlib.import_module(AREAS[name])






def _keys_of(area: str) -> tuple[str, ...]:
    return tuple(_area(area).CASE_KEYS)


def parse_cases(text: str | Mapping[str, Any] | Sequence[Any], file: str = "") -> tuple[Case, ...]:
    """The cases of one case file (its YAML text, or the parsed document).

    Raises:
        CaseFileError: not valid YAML, no case, a case without a name, an unknown area or
            key; the message names the file and the line.
    """

    def fail(message: str, line: int | None = None) -> CaseFileError:
        return CaseFileError(located(message, file, line))

    if isinstance(text, str):
        try:
            raw = load_with_lines(text)
        except YamlSyntaxError as exc:
            raise fail(t("not valid YAML: {problem}", problem=exc.problem), exc.line) from None
    else:
        raw = text
    items = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(items, list) or not items:
        raise fail(t("a case file holds one case (a mapping) or a list of cases"))
    out = []
    for i, item in enumerate(items, start=1):
        line = item.get("__line__") if isinstance(item, Mapping) else None
        if not isinstance(item, Mapping):
            raise fail(t("case {number} is not a mapping", number=i), line)
        doc = strip_lines(dict(item))
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(t("case {number} needs a 'name' (text)", number=i), line)
        area = doc.get("area")
        if area is None:
            matches = [a for a in AREAS if set(doc) & set(_keys_of(a)) - {"expect"}]
            if len(matches) != 1:
                raise fail(t(
                    "case {name!r} needs an 'area' ({AREAS})",
                    name=name, AREAS=' or '.join(AREAS),
                ), line)
            area = matches[0]
        if area not in AREAS:
            raise fail(t(
                "case {name!r}: unknown area {area!r}; accepted: {AREAS}",
                name=name, area=area, AREAS=', '.join(AREAS),
            ), line)
        accepted = (*COMMON, *_keys_of(area))
        unknown = sorted(k for k in doc if k not in accepted)
        if unknown:
            raise fail(
                t(
                    "case {name!r}: unknown key {unknown!r}; accepted: {accepted}",
                    name=name, unknown=unknown[0], accepted=', '.join(accepted),
                ),
                line,
            )
        if "tolerance" in doc and "decimals" in doc:
            raise fail(t(
                "case {name!r}: give 'tolerance' or 'decimals', not both",
                name=name,
            ), line)
        if "expect" not in doc:
            raise fail(t("case {name!r} has no 'expect'", name=name), line)
        out.append(Case(name, str(area), doc, file, line))
    return tuple(out)


def run_case(case: Case | Mapping[str, Any]) -> CaseResult:
    """Run one case; return which expectations failed (none when it passes).

    Raises:
        CaseFileError: the case itself is malformed (an expectation of an unknown kind, a
            key that is not defined...), naming its file, line and name.
    """
    c = case if isinstance(case, Case) else parse_cases(case)[0]
    try:
        failures = _area(c.area).check(c.doc, c.tolerance)
    except (BurdenshareError, KeyError, TypeError, ValueError, AttributeError) as exc:
        text = message(exc) if isinstance(exc, BurdenshareError) else f"{type(exc).__name__}: {exc}"
        raise CaseFileError(t(
            "{where}: malformed case: {text}",
            where=c.where, text=text,
        )) from None
    return CaseResult(c.name, c.area, not failures, tuple(failures), c.file, c.line)


def case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The case files named: each file as given, each folder's ``*.yaml``/``*.yml`` sorted.

    Raises:
        CaseFileError: a path that does not exist, or a folder without case files.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in SUFFIXES and f.is_file())
            if not found:
                raise CaseFileError(t("{path}: no case files (*.yaml) in this folder", path=p))
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise CaseFileError(t("{path}: no such file or folder", path=p))
    if not out:
        raise CaseFileError(t("no case files given"))
    return out


def read_cases(paths: Iterable[str | Path]) -> tuple[Case, ...]:
    """Every case in the files and folders named (see :func:`case_files`), checked."""
    out: list[Case] = []
    for f in case_files(paths):
        try:
            text = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseFileError(t("{file}: cannot be read: {exc}", file=f, exc=exc)) from None
        out += parse_cases(text, str(f))
    return tuple(out)


def run_cases(paths: Iterable[str | Path]) -> tuple[CaseResult, ...]:
    """Read every case in ``paths`` (all first, so a bad file stops before any runs) and run
    them in order."""
    return tuple(run_case(c) for c in read_cases(paths))


def same(got: Any, want: Any, tolerance: float) -> bool:
    """Whether ``got`` matches ``want``: numbers within ``tolerance`` (``None``/NaN expects no
    number), anything else equal.

    >>> same(2.004, 2.0, 0.005), same(float("nan"), None, 0.0), same("met", "met", 0)
    (True, True, True)
    """
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return (got is None or (isinstance(got, float) and math.isnan(got))
                or type(got).__name__ == "NAType")  # pandas' missing value  # fmt: skip
    if isinstance(want, int | float) and not isinstance(want, bool):
        try:
            g = float(got)
        except (TypeError, ValueError):
            return False
        return not math.isnan(g) and abs(g - float(want)) <= tolerance
    return bool(got == want)
