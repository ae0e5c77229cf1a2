"""One provenance format for every frame the API returns.

Every facade function ends with :func:`attach`: ``frame.attrs["provenance"]`` then holds

- ``release``: the id of the NATO release the figures come from (``None`` when no NATO
  figure was used, e.g. a rule table),
- ``datasets``: the origin record (:class:`burdenshare.shipped.Origin`, as a dict with its
  citation) of *every* dataset used, the release first,
- ``what``: one line saying what the frame holds,
- ``partial``: whether any dataset used is partial,
- ``notes``: the method notes a reader needs (how shares were compared, what stands in for
  what).

The flat keys ``release``, ``published``, ``source``, ``partial`` and ``what`` are kept
beside it for the terminal footer and older callers. Surfaces (CLI, service, reports) read
this one format and nothing else.

>>> import pandas as pd
>>> from burdenshare.shipped import Origin
>>> nato = Origin("nato-2024-06", "nato_release", "NATO", "Defence Expenditure", "2024-06-17")
>>> imf = Origin("imf-weo-2025-10", "gdp_forecast", "IMF", "World Economic Outlook", "2025-10")
>>> f = attach(pd.DataFrame({"x": [1]}), release="2024-06", datasets=[nato, imf], what="demo")
>>> [d["id"] for d in provenance(f)["datasets"]], f.attrs["release"], f.attrs["partial"]
(['nato-2024-06', 'imf-weo-2025-10'], '2024-06', False)
>>> f.attrs["source"]
'NATO, Defence Expenditure, 2024-06-17; IMF, World Economic Outlook, 2025-10'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

    from burdenshare.shipped import Origin

F = TypeVar("F", "pd.DataFrame", "pd.Series[Any]")

KEY = "provenance"


def envelope(
    *,
    release: str | None,
    datasets: Iterable[Origin] = (),
    what: str = "",
    notes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The provenance envelope as a plain, JSON-ready dict (see the module docstring)."""
    seen: dict[str, Origin] = {}
    for origin in datasets:
        seen.setdefault(origin.id, origin)
    records = [o.as_dict() for o in seen.values()]
    return {
        "release": release,
        "datasets": records,
        "what": what,
        "partial": any(o.partial for o in seen.values()),
        "notes": dict(notes or {}),
    }


def attach(
    frame: F,
    *,
    release: str | None,
    datasets: Iterable[Origin] = (),
    what: str = "",
    notes: Mapping[str, str] | None = None,
) -> F:
    """Set the provenance envelope on ``frame.attrs`` (and the flat keys); return ``frame``.

    Datasets already on the frame (from a domain step) are kept after the new ones, so
    attaching twice never loses a source.
    """
    from burdenshare.shipped.origin import Origin as _Origin  # runtime import (lazy)

    old = frame.attrs.get(KEY) or {}
    carried: list[Origin] = [
        _Origin(**{k: v for k, v in d.items() if k != "citation"})
        for d in old.get("datasets", [])
    ]
    env = envelope(
        release=release if release is not None else old.get("release"),
        datasets=[*datasets, *carried],
        what=what or old.get("what", ""),
        notes={**old.get("notes", {}), **(notes or {})},
    )
    first = env["datasets"][0] if env["datasets"] else None
    frame.attrs[KEY] = env
    frame.attrs.update(
        {
            "release": env["release"],
            "published": first["published"] if first else "",
            "source": "; ".join(d["citation"] for d in env["datasets"]),
            "partial": env["partial"],
            "what": env["what"],
        }
    )
    return frame


def provenance(frame: pd.DataFrame | pd.Series[Any]) -> dict[str, Any]:
    """The envelope on ``frame`` (an empty one if nothing was attached)."""
    env = frame.attrs.get(KEY)
    if env is None:
        return envelope(release=None)
    return dict(env)
