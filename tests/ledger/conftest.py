"""Backends for the ledger suite: every test runs on SQLite and on PostgreSQL.

PostgreSQL runs as a throwaway cluster of the tests' own (``initdb`` and ``pg_ctl`` in a
temporary folder, through ``runuser -u postgres`` when running as root, which ``initdb``
refuses), reached over a Unix socket only. The application connects as ``burdenshare``, a
role that is neither superuser nor BYPASSRLS, so the row-level policies apply. When the
server cannot be started the PostgreSQL tests fail under CI (``CI=true``) and skip, with
the reason, elsewhere.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from burdenshare.ledger.auth import User
from burdenshare.ledger.io import read_seed
from burdenshare.ledger.store import Ledger

APP_ROLE = "burdenshare"


@dataclass(frozen=True)
class Server:
    socket_dir: str
    port: int

    def url(self, database: str, user: str = APP_ROLE) -> str:
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket_dir}&port={self.port}"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


_SERVER: Server | str | None = None


def _start(base: Path) -> Server:
    bindir = _binaries()
    if bindir is None:
        raise RuntimeError("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)")
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    port = 54000 + os.getpid() % 1000

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-500:]}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--no-sync")  # fmt: skip
    opts = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=100"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w",
        "start")  # fmt: skip
    server = Server(str(base), port)
    import psycopg

    with psycopg.connect(host=str(base), port=port, user="postgres", dbname="postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB")
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    global _SERVER
    base = Path(tempfile.mkdtemp(prefix="bs-pg-"))
    try:
        _SERVER = _start(base)
    except Exception as exc:
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(str(exc))
    assert isinstance(_SERVER, Server)
    yield _SERVER
    bindir = _binaries()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if bindir is not None:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(base / "data"), "-m",
                        "immediate", "stop"], capture_output=True, timeout=60)  # fmt: skip
    shutil.rmtree(base, ignore_errors=True)


_counter = itertools.count()


def fresh_database(server: Server) -> str:
    """A new empty database owned by the application role; its URL."""
    import psycopg

    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(host=server.socket_dir, port=server.port, user="postgres",
                         dbname="postgres", autocommit=True) as conn:  # fmt: skip
        conn.execute(f"CREATE DATABASE {name} OWNER {APP_ROLE}")
    return server.url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    server: Server = request.getfixturevalue("pg_server")
    return fresh_database(server)


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:
    """An initialised store (local owner on SQLite, an ``admin`` owner on PostgreSQL)."""
    store = Ledger(url, initialise=False)
    store.init()  # on PostgreSQL this creates the 'admin' owner and shows its token once
    yield store
    store.close()


def owner_of(store: Ledger) -> User:
    """The store's first owner (the local owner on SQLite, ``admin`` by token on PostgreSQL)."""
    if store.embedded:
        return store.user()
    assert store.init_report is not None and store.init_report.owner_token
    return store.user(store.init_report.owner_token)


@pytest.fixture
def owner(ledger: Ledger) -> User:
    return owner_of(ledger)


@pytest.fixture
def seeded(ledger: Ledger, owner: User) -> Ledger:
    """A store holding the synthetic pledges."""
    pledges, _origin = read_seed(ledger.nations)
    ledger.import_pledges(owner, pledges)
    return ledger
