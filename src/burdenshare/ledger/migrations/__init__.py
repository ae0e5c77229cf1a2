"""Alembic migrations of the ledger, run programmatically (:func:`upgrade`).

The scripts live in ``versions/``; no ``alembic.ini`` or ``env.py`` is needed: the store
hands Alembic its open connection. ``burdenshare ledger init`` (or the first use of a
store) runs every migration not yet applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

HERE = Path(__file__).parent


def _script() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(HERE / "versions"))
    return cfg, ScriptDirectory.from_config(cfg)


def head() -> str:
    """The newest revision shipped."""
    _, script = _script()
    return str(script.get_current_head())


def current(connection: Connection) -> str | None:
    """The revision the database is at (``None``: not initialised)."""
    from alembic.runtime.migration import MigrationContext

    rev = MigrationContext.configure(connection).get_current_revision()
    return None if rev is None else str(rev)


def upgrade(connection: Connection, target: str = "head") -> list[str]:
    """Apply every migration up to ``target`` on ``connection``; return those applied."""
    from alembic.runtime.environment import EnvironmentContext

    cfg, script = _script()
    applied: list[str] = []

    def steps(rev: Any, context: Any) -> Any:
        revs = script._upgrade_revs(target, rev)
        applied.extend(str(r.revision.revision) for r in revs)
        return revs

    with EnvironmentContext(cfg, script, fn=steps) as env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()
    return applied


def downgrade(connection: Connection, target: str = "base") -> list[str]:
    """Revert migrations down to ``target`` (``base``: an empty database); return those
    reverted. Every pledge, user and audit row goes with them."""
    from alembic.runtime.environment import EnvironmentContext

    cfg, script = _script()
    reverted: list[str] = []

    def steps(rev: Any, context: Any) -> Any:
        revs = script._downgrade_revs(target, rev)
        reverted.extend(str(r.revision.revision) for r in revs)
        return revs

    with EnvironmentContext(cfg, script, fn=steps) as env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()
    return reverted
