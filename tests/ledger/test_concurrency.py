"""Several writers updating the same pledges at once, on both backends.

Each writer repeatedly reads a pledge and raises its notice by one day, retrying on a
conflict. Afterwards: no accepted write is lost (the final notice = start + accepted
writes), the versions have no gaps, and the audit log replays to the final state.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from datetime import date

import pytest

from burdenshare.ledger.auth import User
from burdenshare.ledger.errors import ConflictError
from burdenshare.ledger.store import Ledger
from burdenshare.readiness import Pledge
from tests.ledger.conftest import owner_of

IDS = ["C-1", "C-2"]
WRITERS = 6
EACH = 8


def _setup(store: Ledger, owner: User) -> None:
    for pid in IDS:
        store.add(owner, Pledge(pid, "NLD", "combat_vessel", 0, date(2025, 1, 1)))


def _work(store: Ledger, user: User, n: int, accepted: list[tuple[str, int]]) -> int:
    conflicts = 0
    for i in range(n):
        pid = IDS[i % len(IDS)]
        while True:
            cur = store.get(user, pid)
            try:
                new = store.update(user, pid, cur.version, notice_days=cur.pledge.notice_days + 1)
            except ConflictError:
                conflicts += 1
                continue
            accepted.append((pid, new.version))
            break
    return conflicts


def _check(store: Ledger, owner: User, accepted: list[tuple[str, int]]) -> None:
    for pid in IDS:
        mine = sorted(v for p, v in accepted if p == pid)
        final = store.get(owner, pid)
        assert mine == list(range(2, final.version + 1))  # every accepted write, no gaps
        assert final.pledge.notice_days == len(mine)  # none lost
        log = store.audit(owner, key=pid)
        updates = log[log["action"] == "update"]
        assert len(updates) == len(mine)
        assert [a["version"] for a in updates["after"]] == mine
        # each change starts where the previous one ended
        befores = [b["notice_days"] for b in updates["before"]]
        afters = [a["notice_days"] for a in updates["after"]]
        assert befores == [0, *afters[:-1]] and afters[-1] == final.pledge.notice_days


def test_threads_update_the_same_pledges(ledger: Ledger, owner: User) -> None:
    _setup(ledger, owner)
    accepted: list[tuple[str, int]] = []
    threads = [threading.Thread(target=_work, args=(ledger, owner, EACH, accepted))
               for _ in range(WRITERS)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accepted) == WRITERS * EACH
    _check(ledger, owner, accepted)


def _process(url: str, token: str | None, n: int, queue: mp.Queue[tuple[str, int]]) -> None:
    store = Ledger(url, initialise=False)
    accepted: list[tuple[str, int]] = []
    _work(store, store.user(token), n, accepted)
    for item in accepted:
        queue.put(item)
    store.close()


def test_processes_update_the_same_pledges(ledger: Ledger, owner: User) -> None:
    _setup(ledger, owner)
    report = ledger.init_report
    token = None if ledger.embedded else (report.owner_token if report else None)
    ctx = mp.get_context("spawn")
    queue: mp.Queue[tuple[str, int]] = ctx.Queue()
    procs = [ctx.Process(target=_process, args=(ledger.url, token, EACH, queue))
             for _ in range(4)]  # fmt: skip
    for p in procs:
        p.start()
    accepted = [queue.get(timeout=120) for _ in range(4 * EACH)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    _check(ledger, owner_of(ledger), accepted)


def test_a_stale_version_never_overwrites(ledger: Ledger, owner: User) -> None:
    """Two editors read version 1; the second to write is refused, the first is kept."""
    _setup(ledger, owner)
    a = ledger.get(owner, "C-1")
    b = ledger.get(owner, "C-1")
    ledger.update(owner, "C-1", a.version, note="first")
    with pytest.raises(ConflictError):
        ledger.update(owner, "C-1", b.version, note="second")
    assert ledger.get(owner, "C-1").pledge.note == "first"
