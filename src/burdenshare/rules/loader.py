"""Parse and load dated rules: one parser for every family of dated parameters.

``parse_rules`` is pure (text or an already-parsed document in, :class:`RuleSet` out): it
checks each entry against the schema of its *family* and fails on the first violation with
a message naming the file, the line, the parameter and the rule. Two families ship:

* :data:`COMMITMENTS` — ``rules/data/rules.yaml`` (spending commitments, readiness...);
* the cost-share key rules (``funding/data/key_rules.yaml``), declared by
  :data:`burdenshare.funding.keyrules.KEY_RULES`: the same entry format, with a structured
  ``value`` (base, period, constraints) checked by the family.

A family names its optional fields and their types, may check ``value``, and says whether
the file carries its own ``sources:`` registry. ``load_rules`` is the only function here
that touches the disk: ``rules.yaml`` is shipped byte-identical to the compiled file
(``data/manifest.toml`` records its SHA-256 and the number of parameter entries).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from burdenshare.errors import message
from burdenshare.rules.errors import RulesFileError
from burdenshare.rules.model import RuleSet, Version, resolve_end, resolve_start
from burdenshare.shipped.manifest import Manifest, read_manifest
from burdenshare.shipped.origin import Origin
from burdenshare.shipped.yamltext import YamlSyntaxError, load_with_lines, strip_lines
from burdenshare.text import t

DATA_DIR = Path(__file__).parent / "data"

STATUSES = ("decided", "aim", "reported", "contested", "unverified")
CONFIDENCES = ("high", "medium", "low")
COMPARATORS = (">=", "<=")
TOP_LEVEL = ("meta", "parameters", "sources")
REQUIRED = ("id", "version", "description", "value", "valid_from", "valid_until", "status",
            "confidence", "source")  # fmt: skip
#: Optional keys of the commitments family and their type (``None``: any YAML value). An
#: unknown key is an error, so that a typo such as ``valid_form`` cannot silently drop a date.
OPTIONAL: dict[str, type | tuple[type, ...] | None] = {
    "unit": str,
    "kind": str,
    "comparator": str,
    "target_year": int,
    "target_year_for_allies_below": int,
    "path_base_year": int,
    "notes": str,
    "decided_at": dict,
    "measured_by": str,
    "numerator": str,
    "review": str,
    "cadence": str,
    "interim_milestones": str,
    "bucket": str,
    "sub_rules": dict,
    "composition": dict,
    "categories_named": list,
    "reaffirmed": list,
    "high_readiness_headline_troops": int,
}


@dataclass(frozen=True)
class Family:
    """The field specification of one family of dated parameters.

    Attributes:
        name: what the entries are (used in messages).
        optional: optional keys and their type (``None``: any YAML value); the required
            keys (:data:`REQUIRED`) are common to every family.
        check_value: called with each entry's ``value`` (and the entry); raises
            ``ValueError`` with the rule broken, which the parser reports with file, line
            and parameter.
        registry: whether the file carries its own ``sources:`` registry that every
            ``source`` id must be in (otherwise the ids are checked by the data folder's
            manifest, by the loader that reads the file).
    """

    name: str
    optional: Mapping[str, type | tuple[type, ...] | None] = field(default_factory=dict)
    check_value: Callable[[Any, Mapping[str, Any]], None] | None = None
    registry: bool = True


#: Commitments, guidelines and readiness targets (``rules/data/rules.yaml``).
COMMITMENTS = Family("commitments", OPTIONAL)







def _date_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise TypeError


def parse_rules(
    text: str | Mapping[str, Any],
    file: str = "rules.yaml",
    *,
    family: Family = COMMITMENTS,
) -> RuleSet:
    """Check and build a :class:`RuleSet` from a rules file (its text, or the parsed document).

    Args:
        text: the YAML text (lines are then named in errors) or the parsed mapping.
        file: the file name used in messages.
        family: the field specification (:data:`COMMITMENTS` by default).

    Raises:
        RulesFileError: the first rule broken, naming file, line, parameter and rule.

    >>> rs = parse_rules('''
    ... parameters:
    ...   - {id: a.b, version: 1, description: d, value: 2.0, valid_from: "2006",
    ...      valid_until: null, status: aim, confidence: high, source: [S-1]}
    ... sources:
    ...   - {id: S-1, title: t}
    ... ''')
    >>> rs.at("2006-01-01")["a.b"].value
    2.0
    """
    if isinstance(text, str):
        try:
            raw = load_with_lines(text)
        except YamlSyntaxError as exc:
            raise RulesFileError(file, t(
                "not valid YAML: {problem}",
                problem=exc.problem,
            ), line=exc.line) from None
    else:
        raw = dict(text)
    top = TOP_LEVEL if family.registry else ("meta", "parameters")
    if not isinstance(raw, dict):
        raise RulesFileError(
            file, t("the file must be a mapping with {top}", top=' and '.join(map(repr, top)))
        )
    unknown_top = sorted(k for k in raw if k not in (*top, "__line__"))
    if unknown_top:
        raise RulesFileError(
            file, t(
                "unknown top-level key {unknown_top!r}; accepted: {top}",
                unknown_top=unknown_top[0], top=', '.join(top),
            )
        )
    params = raw.get("parameters")
    if not isinstance(params, list) or not params:
        raise RulesFileError(file, t("'parameters' must be a non-empty list"))
    sources = _sources(raw.get("sources"), file) if family.registry else {}
    versions: list[Version] = []
    for i, entry in enumerate(params, start=1):
        versions.append(_version(entry, i, file, sources, family))
    _check_versions(versions, file)
    meta = strip_lines(raw.get("meta") or {})
    return RuleSet(tuple(versions), sources, meta, file)


def _sources(raw: Any, file: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, list):
        raise RulesFileError(file, t("'sources' must be a list of {id, title, ...}"))
    out: dict[str, dict[str, Any]] = {}
    for s in raw:
        line = s.get("__line__") if isinstance(s, dict) else None
        if not isinstance(s, dict) or not isinstance(s.get("id"), str):
            raise RulesFileError(file, t(
                "a source must be a mapping with a string 'id'",
            ), line=line)
        if s["id"] in out:
            raise RulesFileError(file, t("duplicate source id {id!r}", id=s['id']), line=line)
        out[s["id"]] = strip_lines(s)
    return out


def _version(entry: Any, index: int, file: str, sources: dict[str, Any], family: Family) -> Version:
    if not isinstance(entry, dict):
        raise RulesFileError(file, t("parameter entry {index} is not a mapping", index=index))
    line = entry.get("__line__")
    label = f"{entry.get('id', f'entry {index}')} v{entry.get('version', '?')}"

    def fail(rule: str) -> RulesFileError:
        return RulesFileError(file, rule, line=line, parameter=label)

    for key in REQUIRED:
        if key not in entry:
            raise fail(t("missing key {key!r} (required)", key=key))
    for key in entry:
        if key != "__line__" and key not in REQUIRED and key not in family.optional:
            raise fail(t("unknown key {key!r}", key=key))
    if not isinstance(entry["id"], str) or not entry["id"]:
        raise fail(t("'id' must be a non-empty string"))
    version = entry["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(t("'version' must be a whole number >= 1, not {version!r}", version=version))
    if not isinstance(entry["description"], str):
        raise fail(t("'description' must be text"))
    for key, kind in family.optional.items():
        value = entry.get(key)
        if (
            kind is not None
            and value is not None
            and (not isinstance(value, kind) or (kind is int and isinstance(value, bool)))
        ):
            name = kind.__name__ if isinstance(kind, type) else str(kind)
            raise fail(t(
                "{key!r} must be of type {name}, not {name2}",
                key=key, name=name, name2=type(value).__name__,
            ))
    if entry["status"] not in STATUSES:
        raise fail(t(
            "status {status!r} is not one of: {STATUSES}",
            status=entry['status'], STATUSES=', '.join(STATUSES),
        ))
    if entry["confidence"] not in CONFIDENCES:
        raise fail(t(
            "confidence {confidence!r} is not one of: {CONFIDENCES}",
            confidence=entry['confidence'], CONFIDENCES=', '.join(CONFIDENCES),
        ))
    if "comparator" in entry and entry["comparator"] not in COMPARATORS:
        raise fail(t(
            "comparator {comparator!r} is not one of: {COMPARATORS}",
            comparator=entry['comparator'], COMPARATORS=', '.join(COMPARATORS),
        ))
    refs = entry["source"]
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise fail(t("'source' must be a non-empty list of source ids"))
    for r in refs:
        if family.registry and r not in sources:
            raise fail(t("source {source!r} is not in the 'sources' registry", source=r))
    if family.check_value is not None:
        try:
            family.check_value(strip_lines(entry["value"]), strip_lines(entry))
        except ValueError as exc:
            raise fail(message(exc)) from None
    texts: dict[str, str | None] = {}
    for key in ("valid_from", "valid_until"):
        try:
            texts[key] = _date_text(entry[key])
        except TypeError:
            raise fail(
                t(
                    "{key} {entry!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                    key=key, entry=entry[key],
                )
            ) from None
    try:
        start = date.min if texts["valid_from"] is None else resolve_start(texts["valid_from"])
        end = None if texts["valid_until"] is None else resolve_end(texts["valid_until"])
    except ValueError as exc:
        which = "valid_from"
        if texts["valid_from"] is not None:
            try:
                resolve_start(texts["valid_from"])
                which = "valid_until"
            except ValueError:
                pass
        raise fail(t("{which} {exc}", which=which, exc=exc)) from None
    if end is not None and end < start:
        raise fail(t(
            "valid_until {valid_until} is before valid_from {valid_from}",
            valid_until=texts['valid_until'], valid_from=texts['valid_from'],
        ))
    extra = {k: strip_lines(v) for k, v in entry.items() if k not in REQUIRED and k != "__line__"}
    return Version(
        id=entry["id"],
        version=version,
        value=strip_lines(entry["value"]),
        description=" ".join(entry["description"].split()),
        valid_from=start,
        valid_until=end,
        valid_from_text=texts["valid_from"],
        valid_until_text=texts["valid_until"],
        status=entry["status"],
        confidence=entry["confidence"],
        sources=tuple(refs),
        unit=entry.get("unit"),
        kind=entry.get("kind"),
        line=line,
        extra=extra,
    )


def _check_versions(versions: list[Version], file: str) -> None:
    seen: dict[tuple[str, int], Version] = {}
    for v in versions:
        if (v.id, v.version) in seen:
            first = seen[(v.id, v.version)]
            raise RulesFileError(
                file,
                t("duplicate version (first at line {first_line})", first_line=first.line),
                line=v.line,
                parameter=v.label,
            )
        seen[(v.id, v.version)] = v
    by_id: dict[str, list[Version]] = {}
    for v in versions:
        by_id.setdefault(v.id, []).append(v)
    for group in by_id.values():
        group.sort(key=lambda v: v.valid_from)
        for a, b in itertools.pairwise(group):
            if a.valid_until is None or a.valid_until >= b.valid_from:
                until = a.valid_until_text or "null (open)"
                raise RulesFileError(
                    file,
                    t(
                        "overlaps {a_label} (valid until {until}); a day must select one version",
                        a_label=a.label, until=until,
                    ),
                    line=b.line,
                    parameter=b.label,
                )


def _manifest(root: Path) -> Manifest:
    return read_manifest(root, label="rules/data/manifest.toml", error=RulesFileError)


def load_rules(root: Path | None = None) -> RuleSet:
    """Load ``rules.yaml`` from ``root`` (the shipped data by default), verified.

    The file's SHA-256 and its numbers of parameter entries and sources must match
    ``manifest.toml``; then every entry is schema-checked (:func:`parse_rules`).

    Raises:
        RulesFileError: hash, count or schema failure, or a file listed but absent (a
            :class:`RulesError`, as every error of this package).
    """
    return _load(DATA_DIR if root is None else Path(root))[0]


def _load(root: Path) -> tuple[RuleSet, Origin]:
    manifest = _manifest(root)
    rec = manifest.one("rules")
    rules = parse_rules(manifest.read_text(rec), rec.path)
    manifest.check_entries(rec, "parameters", len(rules.versions), "parameter entries")
    manifest.check_entries(rec, "sources", len(rules.sources), "sources")
    if rec.dataset is None:
        raise RulesFileError(manifest.label, t("{rec_path} names no dataset", rec_path=rec.path))
    return rules, manifest.origin(rec.dataset)


@cache
def _default() -> tuple[RuleSet, Origin]:
    """The shipped rules: the file verified on every run, the parsed rules from the cache of
    verified derivatives when this code parsed the same bytes before."""
    from burdenshare.shipped.cache import cached

    manifest = _manifest(DATA_DIR)
    parts = [f"{rec.path}:{rec.sha256}" for rec in manifest.files]
    return cached("rules", parts, lambda: _load(DATA_DIR),
                  modules=("burdenshare.rules", "burdenshare.shipped"))  # fmt: skip


def default_rules() -> RuleSet:
    """The shipped rules, loaded and verified once per process (on first use)."""
    return _default()[0]


def rules_origin() -> Origin:
    """The origin record of the shipped rules file (id ``rules``), with its SHA-256.

    >>> o = rules_origin()
    >>> o.id, o.kind, len(o.sha256)
    ('rules', 'rules', 64)
    """
    return _default()[1]
