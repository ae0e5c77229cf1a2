"""Seed the embedded ledger with the labelled synthetic units, once (``make run`` does this
before ``burdenshare serve``).

``python -m burdenshare.service.seed``: creates or upgrades the ledger (``ledger_init``:
migrations, the local owner), then, when the ledger holds no pledge at all, loads the shipped
SYNTHETIC units. A ledger that holds pledges is left as it is, so edits made since (a
withdrawn unit, a changed notice) are never reset by the next start. The ledger is the
ledger's default: ``BURDENSHARE_DATABASE_URL`` when set, else the SQLite file in the user's
data directory. A shared store (PostgreSQL) is never seeded: its owner loads what it wants
with ``burdenshare ledger import``.

>>> import tempfile, pathlib
>>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'ledger.sqlite3'}"
>>> seed(url=url)
'ledger seeded with the labelled SYNTHETIC units: 19 inserted, 0 updated, 0 unchanged ...'
>>> seed(url=url)
'ledger holds 19 pledges; not seeded again'
"""

from __future__ import annotations

import os

from burdenshare.errors import BurdenshareError
from burdenshare.service import facade as f


def seed(*, url: str | None = None) -> str:
    """Set up the ledger and seed it once; one line saying what was done."""
    chosen = url or os.environ.get("BURDENSHARE_DATABASE_URL") or ""
    if chosen and not chosen.startswith("sqlite"):
        return "shared ledger: not seeded (load pledges with 'burdenshare ledger import')"
    f.call(f.ledger_init, url=url)
    held = f.call(f.ledger_export, url=url)
    if len(held):
        return f"ledger holds {len(held)} pledges; not seeded again"
    done = f.call(f.ledger_init, synthetic=True, url=url).set_index("key")
    counts = done.loc["synthetic units", "value"]
    return f"ledger seeded with the labelled SYNTHETIC units: {counts}"


def main() -> int:
    try:
        print(seed())
    except BurdenshareError as exc:  # the service still starts; its readiness pages say why
        print(f"ledger not seeded: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
