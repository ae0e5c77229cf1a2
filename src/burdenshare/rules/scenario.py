"""The one scenario model: a named set of dated overrides, applied after the baseline (pure).

A **scenario** is a name, a description and a list of **overrides**. Each override has a
``kind`` (what it changes: ``plan``, ``gdp`` or ``target`` in targets; ``join``, ``set``,
``freeze``, ``cap`` or ``cap_next_largest`` in funding), the allies it touches, its
parameters, and the first year it applies to (``from``) and optionally the last
(``until``, inclusive). Each area builds its baseline first and then applies the overrides
*in force* in each year (:meth:`Scenario.in_force`); every year before an override's start
is left exactly as in the baseline (STYLE habit 3; regression tests in both areas).

One YAML format serves both areas (:func:`parse_scenario`)::

    name: nl-more-from-2030
    description: the Netherlands spend more from 2030
    from: 2030                 # default start of every override (alias: start_year)
    overrides:                 # alias: changes
      - {kind: plan, allies: [NLD], growth_pct: 4.0}
      - {kind: gdp, from: 2031, until: 2033, real_growth_pct: 0.5}
      - {kind: set, ally: NLD, share_pct: 4.0}      # ally: one ally, allies: several

Each area declares its kinds and their fields (:class:`KindSpec`); the parser checks the
document against them and raises the area's error with the file, the line and the
override that is wrong.

>>> s = parse_scenario('''
... name: x
... from: 2030
... overrides:
...   - {kind: set, ally: nld, share_pct: 4}
...   - {kind: set, ally: deu, share_pct: 20, from: 2032, until: 2033}
... ''', kinds={"set": KindSpec({"share_pct": float})})
>>> [o.ally for o in s.in_force(2029)], [o.ally for o in s.in_force(2032)]
([], ['NLD', 'DEU'])
>>> s.start_year, s.overrides[1].get("share_pct")
(2030, 20.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from burdenshare.errors import BurdenshareError, located
from burdenshare.rules.errors import RulesError
from burdenshare.shipped.yamltext import YamlSyntaxError, load_with_lines, strip_lines
from burdenshare.text import t

#: The top-level keys of a scenario document (``changes`` and ``start_year`` are the
#: funding spellings of ``overrides`` and ``from``, kept so older files keep working).
TOP_LEVEL = ("name", "description", "from", "start_year", "until", "overrides", "changes")
#: Keys every override may carry, whatever its kind.
COMMON = ("kind", "from", "until", "ally", "allies")


class ScenarioSpecError(RulesError):
    """A scenario document breaks the format (the default error of :func:`parse_scenario`;
    each area passes its own, e.g. ``targets.errors.ScenarioFileError``)."""


@dataclass(frozen=True)
class Override:
    """One dated override.

    Attributes:
        kind: what it changes (declared by the area).
        start: the first year it applies to; ``None``: every year of the baseline.
        end: the last year it applies to (inclusive); ``None``: open.
        allies: ISO alpha-3 codes; empty: every ally.
        params: the kind's parameters (``growth_pct``, ``share_pct``...).
        line: the line of the override in its file, when parsed from text.
    """

    kind: str
    start: int | None = None
    end: int | None = None
    allies: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)

    def applies(self, year: int) -> bool:
        """Whether the override is in force in ``year``.

        >>> Override("x", 2030, 2031).applies(2029), Override("x", 2030, 2031).applies(2031)
        (False, True)
        """
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)

    @property
    def ally(self) -> str:
        """The one ally of an override that names exactly one (funding changes)."""
        if len(self.allies) != 1:
            raise ValueError(t(
                "override {self_kind} names {n_allies} allies, not one",
                self_kind=self.kind, n_allies=len(self.allies),
            ))
        return self.allies[0]

    def get(self, key: str, default: Any = None) -> Any:
        """A parameter of the override (``None`` when not given)."""
        return self.params.get(key, default)

    def with_allies(self, *allies: str) -> Override:
        """The same override for other allies."""
        return replace(self, allies=tuple(allies))

    def with_params(self, **params: Any) -> Override:
        """The same override with parameters added or replaced."""
        return replace(self, params={**self.params, **params})

    def describe(self) -> str:
        """``kind NLD from 2030 until 2031 (growth_pct=4.0)``: for titles and provenance."""
        parts = [self.kind]
        if self.allies:
            parts.append(",".join(self.allies))
        if self.start is not None:
            parts.append(f"from {self.start}")
        if self.end is not None:
            parts.append(f"until {self.end}")
        given = [
            f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
            for k, v in self.params.items()
            if v is not None and not hasattr(v, "shape")  # a frame of rates is not shown
        ]
        return " ".join(parts) + (f" ({', '.join(given)})" if given else "")


@dataclass(frozen=True)
class Scenario:
    """A named set of dated overrides (apply them after the baseline is built)."""

    name: str
    overrides: tuple[Override, ...]
    description: str = ""

    @property
    def start_year(self) -> int | None:
        """The first year any override touches (``None``: some override applies always)."""
        starts = [o.start for o in self.overrides]
        if not starts or any(s is None for s in starts):
            return None
        return min(s for s in starts if s is not None)

    def in_force(self, year: int) -> tuple[Override, ...]:
        """The overrides in force in ``year``, in the order given."""
        return tuple(o for o in self.overrides if o.applies(year))

    def describe(self) -> str:
        """The overrides in one line (``; ``-separated)."""
        return "; ".join(o.describe() for o in self.overrides)


@dataclass(frozen=True)
class KindSpec:
    """What one kind of override accepts.

    Attributes:
        fields: parameter name → converter (``float``, ``int``, ``str``...; a converter
            raises ``TypeError`` or ``ValueError`` for a bad value).
        check: called with the built :class:`Override`; raises ``ValueError`` with the
            rule broken (e.g. "a plan override needs exactly one of ...").
        one_ally: the override names exactly one ally (``ally:``).
    """

    fields: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    check: Callable[[Override], None] | None = None
    one_ally: bool = False






def _year(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(t(
            "{what} must be a year (e.g. 2030), not {value!r}",
            what=what, value=value,
        ))
    try:
        return int(value)
    except ValueError:
        raise ValueError(t(
            "{what} must be a year (e.g. 2030), not {value!r}",
            what=what, value=value,
        )) from None


def parse_scenario(
    text: str | Mapping[str, Any],
    file: str = "",
    *,
    kinds: Mapping[str, KindSpec],
    error: Callable[[str], BurdenshareError] = ScenarioSpecError,
    start_required: bool = False,
) -> Scenario:
    """A :class:`Scenario` from YAML text (lines named in errors) or a parsed mapping.

    Args:
        text: the YAML text or the mapping (see the module docstring for the format).
        file: the file name used in messages (empty for an in-memory mapping).
        kinds: the area's kinds of override.
        error: the area's error class (so the area's error base catches it).
        start_required: every override must have a start year (its own ``from`` or the
            scenario's).

    Raises:
        the ``error`` given: ``"FILE, line N: override 2: <what is wrong>"``.
    """

    def fail(message: str, line: int | None = None) -> BurdenshareError:
        return error(located(message, file, line))

    if isinstance(text, str):
        try:
            raw = load_with_lines(text)
        except YamlSyntaxError as exc:
            raise fail(t("not valid YAML: {problem}", problem=exc.problem), exc.line) from None
    else:
        raw = text
    if not isinstance(raw, Mapping):
        raise fail(t("a scenario is a mapping with 'name' and 'overrides'"))
    unknown = sorted(k for k in raw if k not in (*TOP_LEVEL, "__line__"))
    if unknown:
        raise fail(t(
            "unknown key {unknown!r}; accepted: {TOP_LEVEL}",
            unknown=unknown[0], TOP_LEVEL=', '.join(TOP_LEVEL),
        ))
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise fail(t("a scenario needs a 'name' (text)"))
    if "overrides" in raw and "changes" in raw:
        raise fail(t("scenario {name!r}: give 'overrides' or 'changes', not both", name=name))
    items = raw.get("overrides", raw.get("changes"))
    if not isinstance(items, list) or not items:
        raise fail(t("scenario {name!r}: 'overrides' must be a non-empty list", name=name))
    if "from" in raw and "start_year" in raw:
        raise fail(t("scenario {name!r}: give 'from' or 'start_year', not both", name=name))
    try:
        default_start = _year(raw.get("from", raw.get("start_year")), "'from'")
        default_end = _year(raw.get("until"), "'until'")
    except ValueError as exc:
        raise fail(t("scenario {name!r}: {exc}", name=name, exc=exc)) from None
    out = []
    for i, item in enumerate(items, start=1):
        line = item.get("__line__") if isinstance(item, Mapping) else None
        try:
            out.append(_override(item, kinds, default_start, default_end, start_required, line))
        except ValueError as exc:
            raise fail(t("override {number}: {exc}", number=i, exc=exc), line) from None
    return Scenario(name, tuple(out), " ".join(str(raw.get("description", "")).split()))


def _override(
    item: Any,
    kinds: Mapping[str, KindSpec],
    default_start: int | None,
    default_end: int | None,
    start_required: bool,
    line: int | None,
) -> Override:
    if not isinstance(item, Mapping):
        raise ValueError(t("must be a mapping with 'kind'"))
    o = strip_lines(dict(item))
    kind = o.get("kind")
    if kind not in kinds:
        raise ValueError(t(
            "unknown override kind {kind!r}; accepted: {kinds}",
            kind=kind, kinds=', '.join(kinds),
        ))
    spec = kinds[kind]
    accepted = (*COMMON, *spec.fields)
    bad = sorted(k for k in o if k not in accepted)
    if bad:
        raise ValueError(t(
            "unknown key {bad!r}; accepted: {accepted}",
            bad=bad[0], accepted=', '.join(accepted),
        ))
    start = _year(o["from"], "'from'") if "from" in o else default_start
    end = _year(o["until"], "'until'") if "until" in o else default_end
    if start_required and start is None:
        raise ValueError(t("needs 'from' (a year), on the override or the scenario"))
    if start is not None and end is not None and end < start:
        raise ValueError(t("'until' {end} is before 'from' {start}", end=end, start=start))
    if "ally" in o and "allies" in o:
        raise ValueError(t("give 'ally' or 'allies', not both"))
    allies = o.get("allies", [o["ally"]] if "ally" in o else [])
    if not isinstance(allies, list) or not all(isinstance(a, str) for a in allies):
        raise ValueError(t("'allies' must be a list of ISO codes"))
    if spec.one_ally and len(allies) != 1:
        raise ValueError(t("a {kind} override needs 'ally' (one ISO code)", kind=kind))
    params: dict[str, Any] = {}
    for key, convert in spec.fields.items():
        if o.get(key) is not None:
            try:
                params[key] = convert(o[key])
            except (TypeError, ValueError) as exc:
                raise ValueError(t("{key}: {exc}", key=key, exc=exc)) from None
    built = Override(str(kind), start, end, tuple(a.upper() for a in allies), params, line)
    if spec.check is not None:
        spec.check(built)
    return built
