"""Claim checks: a statement's figures against the figures published on the day, and now.

:mod:`burdenshare.claims.model` is the claim-file format (measures, arguments, tolerance);
:mod:`burdenshare.claims.judge` reads a claim's figure out of the API's frames and judges
it. The facade is :func:`burdenshare.api.claims.claims_check`. Worked examples ship in
``claims/data`` (verified through the shipped-data layer's manifest).

>>> examples()
['nato_press_releases']
>>> shipped_origin(example_path("nato_press_releases")).kind
'claim_file'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from burdenshare.claims.errors import ClaimError, ClaimFileError

if TYPE_CHECKING:
    from burdenshare.shipped import Origin
    from burdenshare.shipped.manifest import Manifest

DATA_DIR = Path(__file__).parent / "data"


@cache
def _manifest() -> Manifest:
    import yaml

    from burdenshare.shipped.manifest import read_manifest

    m = read_manifest(DATA_DIR, label="claims/data/manifest.toml", error=ClaimFileError)
    for rec in m.of_kind("claim_file"):
        doc = yaml.safe_load(m.read_text(rec))
        m.check_entries(rec, "claims", len(doc.get("claims", [])), "claims")
    return m


def examples() -> list[str]:
    """The names of the shipped example claim files."""
    return sorted(Path(rec.path).stem for rec in _manifest().of_kind("claim_file"))


def example_path(name: str) -> Path:
    """The path of a shipped example claim file (verified against its manifest).

    Raises:
        ClaimError: no example of that name.
    """
    if name not in examples():
        from burdenshare.errors import InputError, message
        from burdenshare.text import t

        raise ClaimError(message(InputError(t("example claim file"), name, examples())))
    return DATA_DIR / f"{name}.yaml"


def shipped_origin(path: Path) -> Origin | None:
    """The origin record of a shipped example (None for any other file)."""
    try:
        resolved = Path(path).resolve()
    except OSError:  # pragma: no cover
        return None
    for rec in _manifest().of_kind("claim_file"):
        if (DATA_DIR / rec.path).resolve() == resolved and rec.dataset:
            return _manifest().datasets[rec.dataset]
    return None


__all__ = ["ClaimError", "ClaimFileError", "example_path", "examples", "shipped_origin"]
