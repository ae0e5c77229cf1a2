"""A writer killed in the middle of a transaction leaves the store consistent.

The child process runs a write (an update, or a whole import) and is killed with SIGKILL
just before COMMIT, after every row and audit row was written inside the transaction.
Afterwards the transaction is entirely out: no pledge changed, no audit row, and the store
accepts new writes (no lock left behind).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from datetime import date

import pytest
from sqlalchemy import text

from burdenshare.ledger.auth import User
from burdenshare.ledger.io import read_seed
from burdenshare.ledger.store import Ledger
from burdenshare.readiness import Pledge


def _writer(url: str, token: str | None, what: str, ready: mp.Event) -> None:  # type: ignore[type-arg]
    store = Ledger(url, initialise=False)
    user = store.user(token)

    def hang() -> None:
        ready.set()
        time.sleep(600)

    store.before_commit = hang
    if what == "update":
        store.update(user, "K-1", 1, notice_days=99, note="never committed")
    else:
        store.import_pledges(user, read_seed(store.nations)[0])


@pytest.mark.parametrize("what", ["update", "import"])
def test_killed_writer_leaves_the_store_consistent(ledger: Ledger, owner: User, what: str) -> None:
    ledger.add(owner, Pledge("K-1", "NLD", "combat_vessel", 5, date(2025, 1, 1)))
    report = ledger.init_report
    token = None if ledger.embedded else (report.owner_token if report else None)
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_writer, args=(ledger.url, token, what, ready))
    proc.start()
    assert ready.wait(120), "the writer never reached its commit"
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(30)
    assert proc.exitcode == -signal.SIGKILL
    stored = ledger.pledges(owner)
    assert [(s.pledge.id, s.version, s.pledge.notice_days) for s in stored] == [("K-1", 1, 5)]
    assert ledger.audit(owner)["key"].tolist() == [ledger.audit(owner)["key"].iloc[0], "K-1"]
    if ledger.embedded:
        with ledger.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # no lock left behind: the next writer gets through at once
    assert ledger.update(owner, "K-1", 1, notice_days=6).version == 2
