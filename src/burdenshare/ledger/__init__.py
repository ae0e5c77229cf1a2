"""The readiness ledger: pledges, users, targets and an append-only audit log in a database.

SQLAlchemy 2 models (:mod:`~burdenshare.ledger.schema`) with Alembic migrations shipped in
the package and run on first use; an embedded SQLite file by default, PostgreSQL via
``BURDENSHARE_DATABASE_URL``. :class:`~burdenshare.ledger.store.Ledger` is the store;
:mod:`~burdenshare.ledger.io` is the only module that reads or writes files.

Importing this package reads nothing and opens no database.
"""

from __future__ import annotations

from burdenshare.ledger.errors import (
    AccessError,
    AuthenticationError,
    ConflictError,
    FileFormatError,
    InvalidPledgeError,
    LedgerError,
    NotFoundError,
    SeedError,
    StoreError,
)

__all__ = [
    "AccessError",
    "AuthenticationError",
    "ConflictError",
    "FileFormatError",
    "InvalidPledgeError",
    "LedgerError",
    "NotFoundError",
    "SeedError",
    "StoreError",
]
