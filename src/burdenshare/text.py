"""Sentences the domain writes in English that a surface can show in the user's language.

The domain is pure and knows nothing of languages, but its error messages and method notes
are read by people, many of them in Dutch. :func:`t` builds a :class:`Text`: an ordinary
``str`` holding the English sentence (so ``str(err)``, JSON and CSV metadata stay
language-neutral), which also remembers its template and its values. A surface that knows the
user's language passes it to :func:`burdenshare.i18n.localize`, which looks the template up in
the one catalog and fills in the values with the language's number format.

``make i18n`` extracts every ``t("...")`` template into the catalog (keyword ``t``).

>>> err = t("year {year} is after the release's last year {last}", year=2031, last=2026)
>>> str(err)
"year 2031 is after the release's last year 2026"
>>> err.template, err.params
("year {year} is after the release's last year {last}", {'year': 2031, 'last': 2026})
>>> t("a share of {share:.2f}% is over 100", share=123.456)
'a share of 123.46% is over 100'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Text(str):
    """An English sentence with the template and values it was made from."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = dict(params)
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle
        return (self.template,), dict(self.params)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def join(pieces: Iterable[str], sep: str = "; ") -> str:
    """Sentences (or names) joined with ``"; "`` or ``", "``, each still translatable:
    a :class:`Text` when any piece is one, ``""`` for none.

    >>> join([t("halt decline: yes"), t("moving towards: no")])
    'halt decline: yes; moving towards: no'
    >>> join(["NLD", "BEL"], ", "), join([])
    ('NLD, BEL', '')
    """
    items = list(pieces)
    if not any(isinstance(p, Text) for p in items):
        return sep.join(items)
    template = {"; ": "{first}; {then}", ", ": "{first}, {then}", " | ": "{first} | {then}"}[sep]
    out: str = items[0]
    for piece in items[1:]:
        out = Text(template, first=out, then=piece)
    return out


def _mark_joins() -> None:  # pragma: no cover - only for `make i18n` (pybabel extract)
    t("{first}; {then}")
    t("{first}, {then}")
    t("{first} | {then}")


def t(template: str, /, **params: Any) -> Text:
    """A sentence for people: ``template`` filled with ``params`` (``str.format`` syntax).

    Keep numbers as numbers in ``params`` (format specs such as ``{x:.2f}`` or ``{n:,}`` are
    honoured in English and turned into the language's separators elsewhere); quote user
    input with ``!r`` only where the quotes help.
    """
    return Text(template, **params)

