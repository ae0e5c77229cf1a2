"""The root of burdenshare's errors.

Every error the package raises on purpose derives from :class:`BurdenshareError`, so an
interface (the CLI, the REST API) can tell a user's mistake from a bug: the first is shown
as one line, the second as a traceback. Each subpackage defines its own subclasses next to
its code (``catalog.errors``, ``allies``, ``spending``...).
"""

from __future__ import annotations

from collections.abc import Iterable

from burdenshare.text import Text, t


class BurdenshareError(ValueError):
    """A problem with the input or the data that the user can act on."""


#: The accepted values an error lists fill at most this many characters (all allies fit).
SHOWN_ACCEPTED = 240


class InputError(BurdenshareError):
    """A value given by the user is not one of the accepted values.

    ``what`` names the kind of value (``t("ally")``); like the message it is a
    :class:`~burdenshare.text.Text`, so that a surface shows both in the user's language.

    >>> err = InputError(t("ally"), "XXX", ["NLD", "BEL"])
    >>> str(err)
    "unknown ally 'XXX'; accepted: NLD, BEL"
    >>> err.args[0].template
    'unknown {what} {value!r}; accepted: {accepted}'
    >>> str(InputError(t("source id"), "X", [f"source-{i}" for i in range(45)]))[-38:]
    ' source-20, source-21, ... and 23 more'
    """

    def __init__(self, what: str, value: object, accepted: Iterable[object] | str) -> None:
        self.what = what if isinstance(what, Text) else Text(what)
        self.value = value
        shown: str
        if isinstance(accepted, str):
            self.accepted = shown = accepted
        else:
            items = [str(a) for a in accepted]
            self.accepted = shown = ", ".join(items)
            if len(shown) > SHOWN_ACCEPTED:  # a line a reader can take in, not a wall
                k = next(i for i in range(len(items), 0, -1)
                         if len(", ".join(items[:i])) <= SHOWN_ACCEPTED)  # fmt: skip
                shown = t("{first}, ... and {n} more", first=", ".join(items[:k]),
                          n=len(items) - k)  # fmt: skip
        super().__init__(
            t(
                "unknown {what} {value!r}; accepted: {accepted}",
                what=self.what, value=value, accepted=shown,
            )
        )


def located(rule: str, file: str = "", line: int | None = None) -> str:
    """``rule`` with where it was found: ``FILE, line N: rule``, ``FILE: rule``,
    ``line N: rule`` or the rule alone; a translatable sentence either way.

    >>> str(located("not a mapping", "plan.yaml", 3)), str(located("empty", line=2))
    ('plan.yaml, line 3: not a mapping', 'line 2: empty')
    """
    if file and line:
        return t("{file}, line {line}: {rule}", file=file, line=line, rule=rule)
    if file:
        return t("{file}: {rule}", file=file, rule=rule)
    if line:
        return t("line {line}: {rule}", line=line, rule=rule)
    return rule


def message(exc: BaseException) -> str:
    """The message of ``exc``, kept as a :class:`~burdenshare.text.Text` when it is one.

    ``str(exc)`` gives the English sentence only; a surface that shows the error in the
    user's language passes this to :func:`burdenshare.i18n.localize`.

    >>> message(InputError(t("ally"), "XXX", ["NLD"])).template
    'unknown {what} {value!r}; accepted: {accepted}'
    >>> message(ValueError("plain"))
    'plain'
    """
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)
