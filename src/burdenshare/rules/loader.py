"""Load the shipped rules: verify the manifest hash, then check every entry's schema.

The only module of the rules package that touches the disk. ``rules.yaml`` is shipped
byte-identical to the compiled file (``data/manifest.toml`` records its SHA-256 and the
number of parameter entries); the loader then checks each entry and fails on the first
violation with a message naming the file, the line, the parameter and the rule.
"""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from burdenshare.catalog import read_manifest, verify_sha256
from burdenshare.rules.errors import RulesError
from burdenshare.rules.model import RuleSet, Version, resolve_end, resolve_start

DATA_DIR = Path(__file__).parent / "data"

STATUSES = ("decided", "aim", "reported", "contested", "unverified")
CONFIDENCES = ("high", "medium", "low")
COMPARATORS = (">=", "<=")
TOP_LEVEL = ("meta", "parameters", "sources")
REQUIRED = ("id", "version", "description", "value", "valid_from", "valid_until", "status",
            "confidence", "source")  # fmt: skip
#: Optional keys and their type (``None``: any YAML value). An unknown key is an error, so
#: that a typo such as ``valid_form`` cannot silently drop a date.
OPTIONAL: dict[str, type | tuple[type, ...] | None] = {
    "unit": str,
    "kind": str,
    "comparator": str,
    "target_year": int,
    "target_year_for_allies_below": int,
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


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# libyaml's loader when PyYAML has it: about ten times faster, and every command that reads
# the rules pays it at start-up. A file it rejects is read again with the pure-Python
# loader above, so error messages stay the same.
_FastLineLoader: Any = type("_FastLineLoader", (getattr(yaml, "CSafeLoader", _LineLoader),), {})
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


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


def parse_rules(text: str, file: str = "rules.yaml") -> RuleSet:
    """Check and build a :class:`RuleSet` from the text of a rules file.

    Raises:
        RulesError: the first rule broken, naming file, line, parameter and rule.

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
    try:
        raw = yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        raw = None
    try:
        raw = yaml.load(text, Loader=_LineLoader) if raw is None else raw
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RulesError(file, f"not valid YAML: {problem}", line=line) from None
    if not isinstance(raw, dict):
        raise RulesError(file, "the file must be a mapping with 'parameters' and 'sources'")
    unknown_top = sorted(k for k in raw if k not in (*TOP_LEVEL, "__line__"))
    if unknown_top:
        raise RulesError(
            file, f"unknown top-level key {unknown_top[0]!r}; accepted: {', '.join(TOP_LEVEL)}"
        )
    params = raw.get("parameters")
    if not isinstance(params, list) or not params:
        raise RulesError(file, "'parameters' must be a non-empty list")
    sources = _sources(raw.get("sources"), file)
    versions: list[Version] = []
    for i, entry in enumerate(params, start=1):
        versions.append(_version(entry, i, file, sources))
    _check_versions(versions, file)
    meta = _strip(raw.get("meta") or {})
    return RuleSet(tuple(versions), sources, meta, file)


def _sources(raw: Any, file: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, list):
        raise RulesError(file, "'sources' must be a list of {id, title, ...}")
    out: dict[str, dict[str, Any]] = {}
    for s in raw:
        line = s.get("__line__") if isinstance(s, dict) else None
        if not isinstance(s, dict) or not isinstance(s.get("id"), str):
            raise RulesError(file, "a source must be a mapping with a string 'id'", line=line)
        if s["id"] in out:
            raise RulesError(file, f"duplicate source id {s['id']!r}", line=line)
        out[s["id"]] = _strip(s)
    return out


def _version(entry: Any, index: int, file: str, sources: dict[str, Any]) -> Version:
    if not isinstance(entry, dict):
        raise RulesError(file, f"parameter entry {index} is not a mapping")
    line = entry.get("__line__")
    label = f"{entry.get('id', f'entry {index}')} v{entry.get('version', '?')}"

    def fail(rule: str) -> RulesError:
        return RulesError(file, rule, line=line, parameter=label)

    for key in REQUIRED:
        if key not in entry:
            raise fail(f"missing key {key!r} (required)")
    for key in entry:
        if key != "__line__" and key not in REQUIRED and key not in OPTIONAL:
            raise fail(f"unknown key {key!r}")
    if not isinstance(entry["id"], str) or not entry["id"]:
        raise fail("'id' must be a non-empty string")
    version = entry["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(f"'version' must be a whole number >= 1, not {version!r}")
    if not isinstance(entry["description"], str):
        raise fail("'description' must be text")
    for key, kind in OPTIONAL.items():
        value = entry.get(key)
        if (
            kind is not None
            and value is not None
            and (not isinstance(value, kind) or (kind is int and isinstance(value, bool)))
        ):
            name = kind.__name__ if isinstance(kind, type) else str(kind)
            raise fail(f"{key!r} must be of type {name}, not {type(value).__name__}")
    if entry["status"] not in STATUSES:
        raise fail(f"status {entry['status']!r} is not one of: {', '.join(STATUSES)}")
    if entry["confidence"] not in CONFIDENCES:
        raise fail(f"confidence {entry['confidence']!r} is not one of: {', '.join(CONFIDENCES)}")
    if "comparator" in entry and entry["comparator"] not in COMPARATORS:
        raise fail(f"comparator {entry['comparator']!r} is not one of: {', '.join(COMPARATORS)}")
    refs = entry["source"]
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise fail("'source' must be a non-empty list of source ids")
    for r in refs:
        if r not in sources:
            raise fail(f"source {r!r} is not in the 'sources' registry")
    texts: dict[str, str | None] = {}
    for key in ("valid_from", "valid_until"):
        try:
            texts[key] = _date_text(entry[key])
        except TypeError:
            raise fail(
                f"{key} {entry[key]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
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
        raise fail(f"{which} {exc}") from None
    if end is not None and end < start:
        raise fail(f"valid_until {texts['valid_until']} is before valid_from {texts['valid_from']}")
    extra = {k: _strip(v) for k, v in entry.items() if k not in REQUIRED and k != "__line__"}
    return Version(
        id=entry["id"],
        version=version,
        value=_strip(entry["value"]),
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
            raise RulesError(
                file,
                f"duplicate version (first at line {first.line})",
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
                raise RulesError(
                    file,
                    f"overlaps {a.label} (valid until {until}); a day must select one version",
                    line=b.line,
                    parameter=b.label,
                )


def _manifest(root: Path) -> dict[str, Any]:
    return read_manifest(root, "rules/data/manifest.toml", RulesError)


def load_rules(root: Path | None = None) -> RuleSet:
    """Load ``rules.yaml`` from ``root`` (the shipped data by default), verified.

    The file's SHA-256 and its number of parameter entries must match
    ``manifest.toml``; then every entry is schema-checked (:func:`parse_rules`).

    Raises:
        RulesError: hash, count or schema failure (``CatalogError`` for a missing file).
    """
    root = DATA_DIR if root is None else Path(root)
    manifest = _manifest(root)
    rec = next((f for f in manifest.get("file", []) if f.get("kind") == "rules"), None)
    if rec is None:
        raise RulesError("manifest.toml", "no [[file]] of kind 'rules'")
    raw = verify_sha256(root / rec["path"], rec["sha256"], rec["path"])
    rules = parse_rules(raw.decode("utf-8"), rec["path"])
    if len(rules.versions) != rec["entries"]:
        raise RulesError(
            rec["path"], f"{len(rules.versions)} parameter entries, manifest says {rec['entries']}"
        )
    return rules


@cache
def default_rules() -> RuleSet:
    """The shipped rules, loaded and verified once per process."""
    return load_rules()
