"""Which ministry pays which budget line, per ally, with English and Dutch labels.

The mapping is data (``funding/data/ministries.yaml``); users pass their own overrides per
ally. Pure: :func:`parse_ministries` takes an already-loaded YAML document.

>>> m = MinistryMap.default()
>>> m.ministry("NLD", "civil"), m.ministry("NLD", "nsip")
('foreign_affairs', 'defence')
>>> m2 = m.with_overrides({"DEU": {"civil": "defence"}})
>>> m2.ministry("DEU", "civil"), m2.label_ministry("defence", "nl")
('defence', 'ministerie van Defensie')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from burdenshare.funding.budgets import LINES, check_line
from burdenshare.funding.errors import RuleError, UnknownLanguageError, UnknownMinistryError
from burdenshare.text import t

LANGS = ("en", "nl")

_DEFAULT_LINES = {
    "civil": ("civil budget", "civiele begroting"),
    "military": ("military budget", "militaire begroting"),
    "nsip": (
        "NATO Security Investment Programme (NSIP)",
        "NAVO-investeringsprogramma voor veiligheid (NSIP)",
    ),
}
_DEFAULT_MINISTRIES = {
    "foreign_affairs": ("Ministry of Foreign Affairs", "ministerie van Buitenlandse Zaken (BZ)"),
    "defence": ("Ministry of Defence", "ministerie van Defensie"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UnknownLanguageError(t("language"), lang, LANGS)
    return lang


@dataclass(frozen=True)
class MinistryMap:
    """Budget line → ministry, by default and per ally, with labels."""

    default_map: Mapping[str, str]
    overrides: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    ministries: Mapping[str, tuple[str, str]] = field(
        default_factory=lambda: dict(_DEFAULT_MINISTRIES)
    )
    lines: Mapping[str, tuple[str, str]] = field(default_factory=lambda: dict(_DEFAULT_LINES))

    @classmethod
    def default(cls) -> MinistryMap:
        """Civil → foreign affairs; military and NSIP → defence."""
        return cls({"civil": "foreign_affairs", "military": "defence", "nsip": "defence"})

    def ministry(self, iso3: str, line: str) -> str:
        return self.overrides.get(iso3, {}).get(line, self.default_map[line])

    def with_overrides(
        self,
        overrides: Mapping[str, Mapping[str, str]],
        ministries: Mapping[str, tuple[str, str]] | None = None,
    ) -> MinistryMap:
        """A copy with per-ally overrides (and extra ministry labels) added; checked.

        Raises:
            UnknownBudgetLineError, UnknownMinistryError.
        """
        known = dict(self.ministries)
        known.update(ministries or {})
        merged = {k: dict(v) for k, v in self.overrides.items()}
        for iso3, mapping in overrides.items():
            for line, ministry in mapping.items():
                if line == "note":
                    continue
                check_line(line)
                if ministry not in known:
                    raise UnknownMinistryError(t("ministry"), ministry, sorted(known))
                merged.setdefault(str(iso3).upper(), {})[line] = ministry
        return replace(self, overrides=merged, ministries=known)

    def label_line(self, line: str, lang: str = "en") -> str:
        en, nl = self.lines[line]
        return nl if check_lang(lang) == "nl" else en

    def label_ministry(self, ministry: str, lang: str = "en") -> str:
        en, nl = self.ministries.get(ministry, (ministry, ministry))
        return nl if check_lang(lang) == "nl" else en


def _labels(raw: Any, where: str) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, Mapping):
        raise RuleError(t("{where}: expected a mapping", where=where))
    out = {}
    for k, v in raw.items():
        if not isinstance(v, Mapping) or "label_en" not in v or "label_nl" not in v:
            raise RuleError(t("{where}.{key}: needs label_en and label_nl", where=where, key=k))
        out[str(k)] = (str(v["label_en"]), str(v["label_nl"]))
    return out


def parse_ministries(doc: Mapping[str, Any]) -> MinistryMap:
    """A :class:`MinistryMap` from a ministries YAML document (see ``ministries.yaml``).

    A user's file may hold only ``allies:`` (and ``ministries:`` for extra labels); the
    shipped defaults fill the rest.

    Raises:
        RuleError, UnknownBudgetLineError, UnknownMinistryError.
    """
    if not isinstance(doc, Mapping):
        raise RuleError(t("ministry mapping: expected a YAML mapping"))
    unknown = set(doc) - {"schema_version", "lines", "ministries", "default", "allies"}
    if unknown:
        raise RuleError(t("ministry mapping: unknown keys {unknown}", unknown=sorted(unknown)))
    base = MinistryMap.default()
    lines = _labels(doc["lines"], "lines") if "lines" in doc else dict(base.lines)
    ministries = dict(base.ministries)
    if "ministries" in doc:
        ministries.update(_labels(doc["ministries"], "ministries"))
    default = dict(base.default_map)
    for line, ministry in (doc.get("default") or {}).items():
        check_line(line)
        if ministry not in ministries:
            raise UnknownMinistryError(t("ministry"), ministry, sorted(ministries))
        default[line] = ministry
    if set(default) != set(LINES):
        raise RuleError(t("ministry mapping: default must map {LINES}", LINES=', '.join(LINES)))
    m = MinistryMap(default, {}, ministries, lines)
    allies = doc.get("allies") or {}
    if not isinstance(allies, Mapping):
        raise RuleError(t("ministry mapping: 'allies' must map ISO codes to line → ministry"))
    return m.with_overrides(allies)
