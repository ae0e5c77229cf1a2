"""A cache of what the loaders build from verified shipped files, keyed by content.

Every command verifies the shipped files (SHA-256 against the manifest) and then checks and
reshapes them; the second step is the same for the same bytes and the same code, so its
result is kept on disk and reused: the key is the SHA-256 of the package version, the
source code of the modules that build the result, and the verified files' checksums.
Changing a data file or the code gives a new key; a file that fails verification never
reaches the cache (the manifest is read and checked first, on every run).

The cache lives in the user's cache directory (``platformdirs``), or in
``BURDENSHARE_CACHE_DIR``; ``BURDENSHARE_CACHE_DIR=off`` turns it off. Writes are atomic
(a temporary file renamed into place); a cache that cannot be read or written is ignored,
never an error. It holds pickles written by this package for this user only.

>>> import tempfile, os
>>> os.environ["BURDENSHARE_CACHE_DIR"] = tempfile.mkdtemp()
>>> calls = []
>>> def build():
...     calls.append(1)
...     return {"answer": 42}
>>> cached("demo", ["file-sha"], build, modules=("burdenshare.shipped.cache",))
{'answer': 42}
>>> cached("demo", ["file-sha"], build, modules=("burdenshare.shipped.cache",)), len(calls)
({'answer': 42}, 1)
>>> cached("demo", ["other-sha"], build, modules=("burdenshare.shipped.cache",)), len(calls)
({'answer': 42}, 2)
>>> del os.environ["BURDENSHARE_CACHE_DIR"]
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Environment variable naming the cache folder (``off``: no cache).
ENV = "BURDENSHARE_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is turned off."""
    given = os.environ.get(ENV)
    if given == "off":
        return None
    if given:
        return Path(given)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("burdenshare"))


@cache
def _code_fingerprint(modules: tuple[str, ...]) -> str:
    """SHA-256 of the package version and the source of ``modules`` (whole packages for a
    package name)."""
    from burdenshare import __version__

    digest = hashlib.sha256(__version__.encode())
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            digest.update(name.encode())
            continue
        origin = Path(spec.origin)
        files = sorted(origin.parent.glob("*.py")) if origin.name == "__init__.py" else [origin]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(
    name: str,
    parts: Iterable[str],
    build: Callable[[], T],
    *,
    modules: tuple[str, ...],
) -> T:
    """``build()``'s result, from the cache when the same code has built it from the same
    verified content (``parts``: the files' checksums) before; else built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256(_code_fingerprint(modules).encode())
    for part in parts:
        key.update(part.encode())
    path = folder / f"{name}-{key.hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: rebuild and replace it
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
