"""YAML text read with the line of every mapping, for errors that name the line.

One reader for every YAML document the package checks (rules, key rules, scenarios, cases,
claim files): mappings carry their line under :data:`LINE`, :func:`strip_lines` removes it,
and a syntax error becomes ``(problem, line)`` for the caller's own error.

>>> doc = load_with_lines("a:\\n  b: 1\\nc: [1, 2]\\n")
>>> doc["a"][LINE], strip_lines(doc)
(2, {'a': {'b': 1}, 'c': [1, 2]})
>>> load_with_lines("a: [1\\n")
Traceback (most recent call last):
...
burdenshare.shipped.yamltext.YamlSyntaxError: ("expected ',' or ']', but got '<stream end>'", 2)
"""

from __future__ import annotations

from typing import Any

import yaml

#: The key under which a mapping records the line it starts on (1-based).
LINE = "__line__"


class YamlSyntaxError(ValueError):
    """Not valid YAML: ``args == (problem, line)`` (line ``None`` when unknown)."""

    @property
    def problem(self) -> str:
        return str(self.args[0])

    @property
    def line(self) -> int | None:
        return self.args[1] if isinstance(self.args[1], int) else None


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# libyaml's parser when PyYAML has it: several times faster (the rules are read at
# start-up). A document it rejects is read again with the pure-Python loader, so the
# message and line of an error are the same whichever is installed.
_FastLineLoader: Any = type("_FastLineLoader", (getattr(yaml, "CSafeLoader", _LineLoader),), {})
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_with_lines(text: str) -> Any:
    """The YAML document in ``text``; each mapping has its line under :data:`LINE`.

    Raises:
        YamlSyntaxError: not valid YAML, with the problem and the line.
    """
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlSyntaxError(problem, mark.line + 1 if mark is not None else None) from None


def strip_lines(value: Any) -> Any:
    """``value`` without the :data:`LINE` keys (recursively)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
