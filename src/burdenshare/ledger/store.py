"""The store: pledges, users, targets and the audit log in SQLite or PostgreSQL.

Every operation is one short transaction that checks the user's right first, writes the
change and its audit row together, and commits (or rolls back entirely). Concurrency
safety comes from the database:

- updates carry the version they were based on and run as
  ``UPDATE ... SET version = version + 1 WHERE id = :id AND version = :seen``; no row
  updated means someone else was first, and the update is refused with
  :class:`ConflictError` (no edit is silently lost);
- on SQLite, write transactions start with ``BEGIN IMMEDIATE`` (one writer at a time,
  waiting up to ``busy_timeout``), in WAL mode so readers are not blocked;
- on PostgreSQL, row-level security backs the per-nation rule: the store sets
  ``burdenshare.role`` and ``burdenshare.nation`` for each transaction (``set_config(...,
  true)``) and the policies on ``pledges`` allow a nation planner only its own rows. Connect
  as a role that is not a superuser and does not have BYPASSRLS (:meth:`Ledger.init` says
  whether the policies are effective).

The audit table is append-only in the database itself (a trigger raises on UPDATE and
DELETE, on both backends).

>>> from datetime import date
>>> from burdenshare.readiness import Pledge
>>> store = Ledger("sqlite://")                  # in memory; the local owner needs no token
>>> me = store.user()
>>> first = store.add(me, Pledge("X-1", "NLD", "air_squadron", 10, date(2026, 1, 1)))
>>> store.update(me, "X-1", first.version, notice_days=12).version
2
>>> try:
...     store.update(me, "X-1", first.version, note="based on version 1")
... except ConflictError as exc:
...     print(exc)
pledge 'X-1' changed since version 1 (now at version 2); reload and retry
>>> store.audit(me)["action"].tolist()          # the owner's creation, then the pledge's
['insert', 'insert', 'update']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, create_engine, delete, event, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from burdenshare.ledger import io, migrations
from burdenshare.ledger.auth import ROLES, User, hash_token, new_token, require
from burdenshare.ledger.errors import (
    AccessError,
    AuthenticationError,
    ConflictError,
    InvalidPledgeError,
    LedgerError,
    NotFoundError,
    StoreError,
)
from burdenshare.ledger.schema import AuditRow, PledgeRow, TargetRow, UserRow
from burdenshare.readiness.errors import PledgeError
from burdenshare.readiness.model import Pledge, Requirement, frame, validate
from burdenshare.text import t

LOCAL_OWNER = "local"
_PLEDGE_FIELDS = ("nation", "unit_type", "notice_days", "available_from", "available_until",
                  "status", "note", "tags", "synthetic")  # fmt: skip


@dataclass(frozen=True)
class Stored:
    """A pledge as stored, with the version an update must name."""

    pledge: Pledge
    version: int


@dataclass(frozen=True)
class ImportReport:
    """What an import changed: ids inserted, updated and left unchanged."""

    inserted: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def changed(self) -> int:
        return len(self.inserted) + len(self.updated)


@dataclass(frozen=True)
class InitReport:
    """What ``init`` did: migrations applied, users created, whether RLS is effective."""

    url: str
    backend: str
    applied: tuple[str, ...]
    revision: str
    created_owner: str | None = None
    owner_token: str | None = field(default=None, repr=False)
    rls: str = "not applicable (SQLite: the store enforces the per-nation rule)"


def _now() -> datetime:
    return datetime.now(UTC)


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _engine(url: str, pooled: bool = True) -> Engine:
    u = make_url(url)
    extra: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            from pathlib import Path

            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 30}, **extra)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    if u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        return create_engine(u, pool_pre_ping=True, **extra)
    raise StoreError(t(
        "database URL {safe_url!r}: only sqlite and postgresql are supported",
        safe_url=_safe_url(url),
    ))


def _pledge(row: PledgeRow) -> Stored:
    return Stored(
        Pledge(
            id=row.id,
            nation=row.nation,
            unit_type=row.unit_type,
            notice_days=int(row.notice_days),
            available_from=row.available_from,
            available_until=row.available_until,
            status=row.status,
            note=row.note or "",
            tags=tuple(row.tags or ()),
            synthetic=bool(row.synthetic),
        ),
        int(row.version),
    )


def _values(p: Pledge) -> dict[str, Any]:
    return {
        "nation": p.nation,
        "unit_type": p.unit_type,
        "notice_days": p.notice_days,
        "available_from": p.available_from,
        "available_until": p.available_until,
        "status": p.status,
        "note": p.note,
        "tags": list(p.tags),
        "synthetic": p.synthetic,
    }


def _check(pledges: Iterable[Pledge], nations: frozenset[str], where: str = "") -> list[Pledge]:
    """The domain's validation, raised as a ledger error (that is also a PledgeError)."""
    try:
        return validate(pledges, nations, where)
    except PledgeError as exc:
        raise InvalidPledgeError(exc.problems, exc.where) from None


def _audit_dict(s: Stored | None) -> dict[str, Any] | None:
    return None if s is None else {**s.pledge.as_dict(), "version": s.version}


class Ledger:
    """A ledger store at ``url`` (default: :func:`burdenshare.ledger.io.default_url`).

    Args:
        url: a SQLAlchemy URL (``sqlite:///path``, ``postgresql://user@host/db``).
        nations: the nation codes pledges may name (default: NATO allies).
        pooled: keep connections open between operations (a long-lived store); one-shot
            callers (the API, the CLI) pass ``False`` so nothing stays open.
        initialise: run pending migrations on first use, and create the local owner of an
            embedded store. A shared store's first owner is created only by an explicit
            :meth:`init` (``burdenshare ledger init``), which shows its token once.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        nations: Iterable[str] | None = None,
        pooled: bool = True,
        initialise: bool = True,
    ) -> None:
        self.url = url or io.default_url()
        self.engine = _engine(self.url, pooled)
        self.backend = self.engine.dialect.name
        if nations is None:
            from burdenshare.allies import registry

            nations = registry()
        self.nations = frozenset(nations)
        #: Called inside every write transaction just before COMMIT (tests use it to crash).
        self.before_commit: Callable[[], None] | None = None
        #: What the last :meth:`init` did (an owner's first token is only here).
        self.init_report: InitReport | None = None
        if initialise:
            self.init(create_owner=self.embedded)

    @property
    def embedded(self) -> bool:
        """Whether this is an embedded (SQLite) store, where the local owner needs no token."""
        return self.backend == "sqlite"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def _tx(self, user: User | None, *, write: bool, scope: str | None = None) -> Iterator[Session]:
        bind = self.engine if write else self.engine.execution_options(sqlite_begin="DEFERRED")
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                if self.backend == "postgresql":
                    role = scope or (user.role if user else "")
                    nation = (user.nation or "") if user else ""
                    session.execute(
                        text(
                            "SELECT set_config('burdenshare.role', :r, true), "
                            "set_config('burdenshare.nation', :n, true)"
                        ),
                        {"r": role, "n": nation},
                    )
                yield session
                if write and self.before_commit is not None:
                    self.before_commit()
        except LedgerError:
            raise
        except IntegrityError as exc:
            raise LedgerError(t("the database refused the change: {orig}", orig=exc.orig)) from None
        except OperationalError as exc:
            raise StoreError(t(
                "database {safe_url}: {orig}",
                safe_url=_safe_url(self.url), orig=exc.orig,
            )) from None
        except SQLAlchemyError as exc:
            raise StoreError(t(
                "database {safe_url}: {exc}",
                safe_url=_safe_url(self.url), exc=exc,
            )) from None

    def _audit(
        self,
        session: Session,
        user: User,
        action: str,
        entity: str,
        key: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        session.execute(
            insert(AuditRow).values(
                at=_now(), actor=user.name, action=action, entity=entity, key=key,
                before=before, after=after,
            )
        )  # fmt: skip

    # -- set-up and users ---------------------------------------------------------------
    def init(self, *, create_owner: bool = True) -> InitReport:
        """Run pending migrations; create the first owner (local on SQLite, with a token on
        PostgreSQL) unless ``create_owner`` is false. Safe to run again: it then changes
        nothing."""
        try:
            with self.engine.begin() as conn:
                applied = migrations.upgrade(conn)
                revision = migrations.current(conn) or ""
        except OperationalError as exc:
            raise StoreError(t(
                "database {safe_url}: {orig}",
                safe_url=_safe_url(self.url), orig=exc.orig,
            )) from None
        created = token = None
        with self._tx(None, write=True, scope="owner") as s:
            none_yet = s.scalar(select(UserRow.id).where(UserRow.role == "owner").limit(1)) is None
            if create_owner and none_yet:
                if self.embedded:
                    created, hashed = LOCAL_OWNER, None
                else:
                    created, token = "admin", new_token()
                    hashed = hash_token(token)
                s.execute(
                    insert(UserRow).values(
                        name=created, role="owner", nation=None, token_hash=hashed,
                        created_at=_now(),
                    )
                )
                owner = User(created, "owner")
                self._audit(s, owner, "insert", "user", created, None,
                            {"name": created, "role": "owner", "nation": None})  # fmt: skip
        rls = InitReport.rls
        if self.backend == "postgresql":
            with self.engine.connect() as conn:
                row = conn.execute(
                    text(
                        "SELECT rolsuper OR rolbypassrls FROM pg_roles "
                        "WHERE rolname = current_user"
                    )
                ).scalar()
            rls = (
                "NOT effective: this database role is a superuser or has BYPASSRLS"
                if row
                else "effective (policies on pledges, forced for the table owner)"
            )
        self.init_report = InitReport(
            _safe_url(self.url), self.backend, tuple(applied), revision, created, token, rls
        )
        return self.init_report

    def user(self, token: str | None = None) -> User:
        """The user a token belongs to; without a token, the local owner of an embedded store.

        Raises:
            AuthenticationError: unknown token, or no token for a shared (PostgreSQL) store.
        """
        with self._tx(None, write=False) as s:
            if token:
                row = s.scalar(select(UserRow).where(UserRow.token_hash == hash_token(token)))
                if row is None:
                    raise AuthenticationError(t("unknown or revoked API token"))
            elif self.embedded:
                row = s.scalar(select(UserRow).where(UserRow.name == LOCAL_OWNER))
                if row is None:
                    raise AuthenticationError(t("no local owner: run 'burdenshare ledger init'"))
            else:
                raise AuthenticationError(
                    t("a shared ledger needs an API token (--token or BURDENSHARE_TOKEN)")
                )
            return User(row.name, row.role, row.nation)

    def create_user(
        self, actor: User, name: str, role: str, nation: str | None = None
    ) -> tuple[User, str]:
        """A new user and its API token (shown once; only the hash is stored)."""
        require(actor, "manage_users")
        if role not in ROLES:
            raise LedgerError(t(
                "unknown role {role!r} (accepted: {ROLES})",
                role=role, ROLES=', '.join(ROLES),
            ))
        if role == "nation_planner":
            if nation not in self.nations:
                raise LedgerError(t(
                    "a nation planner needs a known nation (got {nation!r})",
                    nation=nation,
                ))
        elif nation is not None:
            raise LedgerError(t("only a nation planner has a nation (role {role})", role=role))
        token = new_token()
        with self._tx(actor, write=True) as s:
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise LedgerError(t(
                    "user {name!r} exists; use a new token for it instead",
                    name=name,
                ))
            s.execute(insert(UserRow).values(name=name, role=role, nation=nation,
                                             token_hash=hash_token(token), created_at=_now()))
            self._audit(s, actor, "insert", "user", name, None,
                        {"name": name, "role": role, "nation": nation})  # fmt: skip
        return User(name, role, nation), token

    def rotate_token(self, actor: User, name: str) -> str:
        """A new token for user ``name`` (the old one stops working)."""
        require(actor, "manage_users")
        token = new_token()
        with self._tx(actor, write=True) as s:
            done = s.execute(
                update(UserRow).where(UserRow.name == name).values(token_hash=hash_token(token))
            )
            if getattr(done, "rowcount", 0) != 1:
                raise NotFoundError(t("no user {name!r}", name=name))
            self._audit(s, actor, "token", "user", name, None, {"name": name, "token": "new"})
        return token

    def users(self, actor: User) -> pd.DataFrame:
        """Every user (name, role, nation, has_token)."""
        require(actor, "manage_users")
        with self._tx(actor, write=False) as s:
            rows = s.scalars(select(UserRow).order_by(UserRow.name)).all()
            data = [{"name": r.name, "role": r.role, "nation": r.nation,
                     "has_token": r.token_hash is not None} for r in rows]  # fmt: skip
        return pd.DataFrame(data, columns=["name", "role", "nation", "has_token"])

    # -- pledges ------------------------------------------------------------------------
    def _visible(self, user: User) -> Any:
        q = select(PledgeRow)
        if user.own_nation_only:
            q = q.where(PledgeRow.nation == user.nation)
        return q

    def pledges(self, user: User) -> list[Stored]:
        """Every pledge ``user`` may read, by id."""
        require(user, "read_pledges")
        with self._tx(user, write=False) as s:
            rows = s.scalars(self._visible(user).order_by(PledgeRow.id)).all()
            return [_pledge(r) for r in rows]

    def get(self, user: User, pledge_id: str) -> Stored:
        """One pledge ``user`` may read."""
        require(user, "read_pledges")
        with self._tx(user, write=False) as s:
            row = s.scalar(self._visible(user).where(PledgeRow.id == pledge_id))
            if row is None:
                raise NotFoundError(t(
                    "no pledge {pledge_id!r}{among}",
                    pledge_id=pledge_id,
                    among=t(" among {nation}'s pledges", nation=user.nation)
                    if user.own_nation_only else "",
                ))
            return _pledge(row)

    def add(self, user: User, pledge: Pledge) -> Stored:
        """Store a new pledge (version 1)."""
        require(user, "write_pledges", pledge.nation)
        _check([pledge], self.nations)
        with self._tx(user, write=True) as s:
            if s.scalar(select(PledgeRow.id).where(PledgeRow.id == pledge.id)) is not None:
                raise LedgerError(t(
                    "pledge {pledge_id!r} exists; update it instead",
                    pledge_id=pledge.id,
                ))
            s.execute(insert(PledgeRow).values(
                id=pledge.id, **_values(pledge), version=1, updated_at=_now(),
                updated_by=user.name))  # fmt: skip
            stored = Stored(pledge, 1)
            self._audit(s, user, "insert", "pledge", pledge.id, None, _audit_dict(stored))
        return stored

    def _write(self, s: Session, user: User, old: Stored, new: Pledge) -> Stored:
        """Conditional UPDATE on the version ``old`` was read at; audit it."""
        done = s.execute(
            update(PledgeRow)
            .where(PledgeRow.id == old.pledge.id, PledgeRow.version == old.version)
            .values(**_values(new), version=PledgeRow.version + 1, updated_at=_now(),
                    updated_by=user.name)
        )
        if getattr(done, "rowcount", 0) != 1:
            current = s.scalar(select(PledgeRow.version).where(PledgeRow.id == old.pledge.id))
            raise ConflictError(t("pledge"), old.pledge.id, old.version, current)
        stored = Stored(new, old.version + 1)
        self._audit(s, user, "update", "pledge", new.id, _audit_dict(old), _audit_dict(stored))
        return stored

    def update(self, user: User, pledge_id: str, version: int, **changes: Any) -> Stored:
        """Change fields of a pledge read at ``version``.

        Raises:
            ConflictError: the pledge changed since ``version``.
            AccessError: not the user's nation (before or after the change).
        """
        require(user, "write_pledges")
        unknown = set(changes) - set(_PLEDGE_FIELDS)
        if unknown:
            fields = ", ".join(_PLEDGE_FIELDS)
            raise LedgerError(t(
                "cannot change {unknown} (fields: {fields})",
                unknown=sorted(unknown), fields=fields,
            ))
        with self._tx(user, write=True) as s:
            row = s.scalar(self._visible(user).where(PledgeRow.id == pledge_id))
            if row is None:
                raise NotFoundError(t("no pledge {pledge_id!r}", pledge_id=pledge_id))
            old = _pledge(row)
            require(user, "write_pledges", old.pledge.nation)
            if old.version != version:
                raise ConflictError(t("pledge"), pledge_id, version, old.version)
            new = old.pledge.with_changes(**changes)
            require(user, "write_pledges", new.nation)
            _check([new], self.nations)
            return self._write(s, user, Stored(old.pledge, version), new)

    def withdraw(self, user: User, pledge_id: str, version: int) -> Stored:
        """Set a pledge's status to ``withdrawn`` (kept, audited, never counted)."""
        return self.update(user, pledge_id, version, status="withdrawn")

    def delete(self, user: User, pledge_id: str, version: int) -> None:
        """Remove a pledge read at ``version`` (the audit keeps its last state)."""
        require(user, "write_pledges")
        with self._tx(user, write=True) as s:
            row = s.scalar(self._visible(user).where(PledgeRow.id == pledge_id))
            if row is None:
                raise NotFoundError(t("no pledge {pledge_id!r}", pledge_id=pledge_id))
            old = _pledge(row)
            require(user, "write_pledges", old.pledge.nation)
            done = s.execute(
                delete(PledgeRow).where(PledgeRow.id == pledge_id, PledgeRow.version == version)
            )
            if getattr(done, "rowcount", 0) != 1:
                raise ConflictError(t("pledge"), pledge_id, version, old.version)
            self._audit(s, user, "delete", "pledge", pledge_id, _audit_dict(old), None)

    def import_pledges(self, user: User, pledges: Iterable[Pledge]) -> ImportReport:
        """Insert new pledges, update changed ones, leave equal ones: idempotent, all or nothing.

        Every pledge is checked (rules, nation rights) before the transaction starts; one
        bad pledge refuses the whole set with every problem listed.
        """
        require(user, "write_pledges")
        items = _check(pledges, self.nations, "import")
        if user.own_nation_only:
            others = sorted({p.nation for p in items if p.nation != user.nation})
            if others:
                bad = [p.id for p in items if p.nation != user.nation]
                raise AccessError(
                    t(
                        "user {user_name!r} (nation planner for {nation}) may not write pledges of "
                        "{others}: {bad}; nothing written",
                        user_name=user.name, nation=user.nation, others=', '.join(others),
                        bad=', '.join(bad[:20]),
                    )
                )
        inserted: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with self._tx(user, write=True) as s:
            ids = [p.id for p in items]
            existing: dict[str, Stored] = {}
            for chunk in range(0, len(ids), 500):
                q = select(PledgeRow).where(PledgeRow.id.in_(ids[chunk : chunk + 500]))
                if self.backend == "postgresql":
                    q = q.with_for_update()
                existing.update({r.id: _pledge(r) for r in s.scalars(q)})
            for p in items:
                old = existing.get(p.id)
                if old is None:
                    s.execute(insert(PledgeRow).values(
                        id=p.id, **_values(p), version=1, updated_at=_now(),
                        updated_by=user.name))  # fmt: skip
                    self._audit(s, user, "insert", "pledge", p.id, None, _audit_dict(Stored(p, 1)))
                    inserted.append(p.id)
                elif old.pledge == p:
                    unchanged.append(p.id)
                else:
                    self._write(s, user, old, p)
                    updated.append(p.id)
        return ImportReport(tuple(inserted), tuple(updated), tuple(unchanged))

    def pledge_frame(self, user: User) -> pd.DataFrame:
        """The pledges ``user`` may read as a frame (readiness model columns + version)."""
        stored = self.pledges(user)
        out = frame([s.pledge for s in stored])
        out["version"] = [s.version for s in stored]
        return out

    def source_frame(self, user: User) -> pd.DataFrame:
        """Every pledge with its nation, for sourcing (alliance staff and owners only)."""
        require(user, "source")
        return self.pledge_frame(user)

    def aggregate_frame(self, user: User) -> pd.DataFrame:
        """Every pledge without identity (no id, nation or note): what counts need.

        Allowed to every role; on PostgreSQL it reads in the ``aggregate`` scope of the
        row-level policies. Columns: unit_type, notice_days, available_from,
        available_until, status, synthetic (``id`` is a row number).
        """
        require(user, "aggregate")
        cols = [PledgeRow.unit_type, PledgeRow.notice_days, PledgeRow.available_from,
                PledgeRow.available_until, PledgeRow.status, PledgeRow.synthetic]  # fmt: skip
        with self._tx(user, write=False, scope="aggregate") as s:
            rows = s.execute(select(*cols)).all()
        out = pd.DataFrame(
            [tuple(r) for r in rows],
            columns=["unit_type", "notice_days", "available_from", "available_until", "status",
                     "synthetic"],
        )  # fmt: skip
        for col in ("available_from", "available_until"):
            out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
        out["notice_days"] = out["notice_days"].astype("int64")
        out["synthetic"] = out["synthetic"].astype(bool)
        out.insert(0, "id", [f"#{i + 1}" for i in range(len(out))])
        return out

    # -- targets ------------------------------------------------------------------------
    def targets(self, user: User) -> dict[str, tuple[Requirement, int]]:
        """User-defined requirements by name, each with its version."""
        require(user, "read_targets")
        with self._tx(user, write=False) as s:
            rows = s.scalars(select(TargetRow).order_by(TargetRow.name)).all()
            return {
                r.name: (
                    Requirement(r.name, {k: int(v) for k, v in r.counts.items()},
                                float(r.max_notice_days), "ledger target", r.valid_from,
                                r.valid_until),
                    int(r.version),
                )
                for r in rows
            }  # fmt: skip

    def put_target(self, user: User, req: Requirement, version: int | None = None) -> int:
        """Create (``version=None``) or update a requirement; return its new version."""
        require(user, "write_targets")
        values = {"counts": dict(req.counts), "max_notice_days": float(req.max_notice_days),
                  "valid_from": req.valid_from, "valid_until": req.valid_until,
                  "updated_at": _now(), "updated_by": user.name}  # fmt: skip
        after = {"name": req.name, "counts": dict(req.counts),
                 "max_notice_days": float(req.max_notice_days),
                 "valid_from": None if req.valid_from is None else req.valid_from.isoformat(),
                 "valid_until": None if req.valid_until is None else req.valid_until.isoformat()}
        with self._tx(user, write=True) as s:
            row = s.scalar(select(TargetRow).where(TargetRow.name == req.name))
            if version is None:
                if row is not None:
                    raise LedgerError(t(
                        "target {req_name!r} exists (version {version})",
                        req_name=req.name, version=row.version,
                    ))
                s.execute(insert(TargetRow).values(name=req.name, version=1, **values))
                self._audit(s, user, "insert", "target", req.name, None, {**after, "version": 1})
                return 1
            if row is None:
                raise NotFoundError(t("no target {req_name!r}", req_name=req.name))
            before = {"name": row.name, "counts": dict(row.counts),
                      "max_notice_days": row.max_notice_days, "version": row.version}
            done = s.execute(
                update(TargetRow)
                .where(TargetRow.name == req.name, TargetRow.version == version)
                .values(version=TargetRow.version + 1, **values)
            )
            if getattr(done, "rowcount", 0) != 1:
                raise ConflictError(t("target"), req.name, version, row.version)
            self._audit(s, user, "update", "target", req.name, before,
                        {**after, "version": version + 1})  # fmt: skip
            return version + 1

    # -- audit --------------------------------------------------------------------------
    def audit(self, user: User, key: str | None = None) -> pd.DataFrame:
        """The audit log (oldest first), optionally for one key."""
        require(user, "read_audit")
        with self._tx(user, write=False) as s:
            q = select(AuditRow).order_by(AuditRow.id)
            if key is not None:
                q = q.where(AuditRow.key == key)
            rows = s.scalars(q).all()
            data = [{"id": r.id, "at": r.at, "actor": r.actor, "action": r.action,
                     "entity": r.entity, "key": r.key, "before": r.before, "after": r.after}
                    for r in rows]  # fmt: skip
        return pd.DataFrame(
            data, columns=["id", "at", "actor", "action", "entity", "key", "before", "after"]
        )


def targets_by_name(stored: Mapping[str, tuple[Requirement, int]]) -> dict[str, Requirement]:
    """The requirements of :meth:`Ledger.targets` without their versions."""
    return {name: req for name, (req, _version) in stored.items()}

