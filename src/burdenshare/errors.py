"""The root of burdenshare's errors.

Every error the package raises on purpose derives from :class:`BurdenshareError`, so an
interface (the CLI, the REST API) can tell a user's mistake from a bug: the first is shown
as one line, the second as a traceback. Each subpackage defines its own subclasses next to
its code (``catalog.errors``, ``allies``, ``spending``...).
"""

from __future__ import annotations

from collections.abc import Iterable


class BurdenshareError(ValueError):
    """A problem with the input or the data that the user can act on."""


class InputError(BurdenshareError):
    """A value given by the user is not one of the accepted values."""

    def __init__(self, what: str, value: object, accepted: Iterable[object] | str) -> None:
        self.what = what
        self.value = value
        if isinstance(accepted, str):
            self.accepted = accepted
        else:
            self.accepted = ", ".join(str(a) for a in accepted)
        super().__init__(f"unknown {what} {value!r}; accepted: {self.accepted}")
