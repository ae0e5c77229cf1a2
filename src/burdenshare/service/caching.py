"""ETag and Cache-Control: shipped figures change only with a new package (a new release).

The ETag of a response is a hash of the package version, the data manifests shipped in the
package (each lists its files' SHA-256, so any change to a data file changes it), the day
(the rules in force default to today), the path, the query and the page language. A request
whose ``If-None-Match`` holds that tag is answered ``304 Not Modified`` before any figure
is computed; a request for an answer already given (same tag) is served from a small
in-process store of rendered answers (:func:`remember`), so repeated reads cost no work.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date
from functools import cache
from pathlib import Path

from fastapi import Request
from starlette.responses import Response

CACHE_CONTROL = "public, max-age=3600"
VARY = "Cookie"
#: rendered answers kept per process (least recently used dropped first)
STORE_SIZE = 256
_store: OrderedDict[str, tuple[bytes, list[tuple[bytes, bytes]]]] = OrderedDict()
_lock = threading.Lock()


@cache
def data_fingerprint() -> str:
    """SHA-256 over the package version and every shipped ``manifest.toml``."""
    import burdenshare

    root = Path(burdenshare.__file__).parent
    h = hashlib.sha256(burdenshare.__version__.encode())
    for path in sorted(root.rglob("manifest.toml")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def etag_for(request: Request, lang: str = "") -> str:
    """The (strong) ETag of the response to ``request``."""
    query = sorted(request.query_params.multi_items())
    h = hashlib.sha256(data_fingerprint().encode())
    for part in (date.today().isoformat(), request.url.path, repr(query), lang):
        h.update(b"\0" + part.encode())
    return f'"{h.hexdigest()[:32]}"'


class NotModified(Exception):
    """Raised before the work is done when the client holds the current ETag."""

    def __init__(self, etag: str, page: bool = False) -> None:
        super().__init__(etag)
        self.etag, self.page = etag, page


class Hit(Exception):
    """Raised before the work is done when the answer with this tag is already rendered."""

    def __init__(self, response: Response) -> None:
        super().__init__("cached")
        self.response = response


def remember(etag: str, response: Response) -> None:
    """Keep a rendered 200 answer under its tag."""
    if response.status_code != 200:
        return
    with _lock:
        _store[etag] = (bytes(response.body), list(response.raw_headers))
        _store.move_to_end(etag)
        while len(_store) > STORE_SIZE:
            _store.popitem(last=False)


def recall(etag: str) -> Response | None:
    with _lock:
        kept = _store.get(etag)
        if kept is None:
            return None
        _store.move_to_end(etag)
    response = Response(kept[0])
    response.raw_headers = list(kept[1])
    return response


def matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def conditional(request: Request, lang: str = "") -> str:
    """The ETag for ``request``; raises :class:`NotModified` when the client has it."""
    tag = etag_for(request, lang)
    if matches(request, tag):
        raise NotModified(tag, page=bool(lang))
    kept = recall(tag)
    if kept is not None:
        raise Hit(kept)
    return tag


def stamp(response: Response, etag: str, *, page: bool = False) -> Response:
    """Set ETag and Cache-Control (and, for pages, whose language is a cookie, Vary), and
    keep the rendered answer."""
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = CACHE_CONTROL
    if page:
        response.headers["Vary"] = VARY
    remember(etag, response)
    return response


def not_modified(etag: str, page: bool = False) -> Response:
    response = Response(status_code=304)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = CACHE_CONTROL
    if page:
        response.headers["Vary"] = VARY
    return response
