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


def t(template: str, /, **params: Any) -> Text:
    """A sentence for people: ``template`` filled with ``params`` (``str.format`` syntax).

    Keep numbers as numbers in ``params`` (format specs such as ``{x:.2f}`` or ``{n:,}`` are
    honoured in English and turned into the language's separators elsewhere); quote user
    input with ``!r`` only where the quotes help.
    """
    return Text(template, **params)


def joined(parts: Iterable[str], sep: str = ", ") -> Text:
    """``parts`` joined with ``sep``, each part kept as it is (a :class:`Text` stays one).

    A list of sentences (problems found in a file) is shown in the user's language part by
    part; the joined template is not a catalog entry.

    >>> j = joined([t("line {n}: empty", n=3), "x"], "; ")
    >>> str(j), j.params["p0"].template
    ('line 3: empty; x', 'line {n}: empty')
    """
    items = list(parts)
    glue = sep.replace("{", "{{").replace("}", "}}")
    template = glue.join(f"{{p{i}}}" for i in range(len(items)))
    return Text(template, **{f"p{i}": p for i, p in enumerate(items)})
