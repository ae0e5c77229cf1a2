"""The burdenshare service: a REST API (``/v1``) and web pages over the same facade.

Start it with ``burdenshare serve`` (or ``make run``); build the ASGI app with
:func:`create_app`. The service calls only the public functions of the package, through
:mod:`burdenshare.service.facade`, and does no arithmetic on figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(**options: Any) -> FastAPI:
    """The ASGI app (see :func:`burdenshare.service.app.create_app`)."""
    from burdenshare.service.app import create_app as _create

    return _create(**options)
