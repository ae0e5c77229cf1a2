"""The store on both backends: migrations, users, pledges, versions, audit, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text

from burdenshare.ledger import migrations
from burdenshare.ledger.auth import User
from burdenshare.ledger.errors import (
    AuthenticationError,
    ConflictError,
    LedgerError,
    NotFoundError,
)
from burdenshare.ledger.schema import Base
from burdenshare.ledger.store import Ledger
from burdenshare.readiness import Pledge, PledgeError

P = Pledge("T-1", "NLD", "air_squadron", 10, date(2025, 1, 1), None, note="test")


def test_init_is_idempotent_and_at_head(ledger: Ledger) -> None:
    again = ledger.init()
    assert again.applied == ()
    assert again.created_owner is None
    assert again.revision == migrations.head() == "0001"


def test_first_init_applies_the_migration_and_creates_one_owner(url: str) -> None:
    store = Ledger(url, initialise=False)
    report = store.init()
    assert report.applied == ("0001",)
    if store.embedded:
        assert report.created_owner == "local" and report.owner_token is None
    else:
        assert report.created_owner == "admin" and report.owner_token
        assert report.rls.startswith("effective")
    store.close()


def test_first_use_of_a_shared_store_creates_no_owner(url: str) -> None:
    """Only an explicit init shows a shared store's first token; first use creates none."""
    store = Ledger(url)
    with store.engine.connect() as conn:
        owners = conn.execute(text("SELECT name FROM users WHERE role = 'owner'")).all()
    assert [r[0] for r in owners] == (["local"] if store.embedded else [])
    store.close()


def test_migrated_tables_match_the_models(ledger: Ledger) -> None:
    found = inspect(ledger.engine)
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        assert have == {c.name for c in table.columns}, table.name


def test_local_owner_needs_no_token_only_when_embedded(ledger: Ledger) -> None:
    if ledger.embedded:
        assert ledger.user() == User("local", "owner", None)
    else:
        with pytest.raises(AuthenticationError, match="needs an API token"):
            ledger.user()
    with pytest.raises(AuthenticationError):
        ledger.user("bst_not-a-token")


def test_tokens_are_stored_hashed(ledger: Ledger, owner: User) -> None:
    user, token = ledger.create_user(owner, "ana", "viewer")
    assert ledger.user(token) == user
    with ledger.engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM users"))]
    assert token not in stored and all(s is None or len(s) == 64 for s in stored)
    new = ledger.rotate_token(owner, "ana")
    with pytest.raises(AuthenticationError):
        ledger.user(token)
    assert ledger.user(new).name == "ana"


def test_add_update_with_versions(ledger: Ledger, owner: User) -> None:
    s1 = ledger.add(owner, P)
    assert s1.version == 1
    s2 = ledger.update(owner, "T-1", 1, notice_days=12)
    assert (s2.version, s2.pledge.notice_days) == (2, 12)
    with pytest.raises(ConflictError, match="version 1") as info:
        ledger.update(owner, "T-1", 1, notice_days=13)
    assert info.value.current == 2
    assert ledger.get(owner, "T-1").pledge.notice_days == 12
    s3 = ledger.withdraw(owner, "T-1", 2)
    assert s3.pledge.status == "withdrawn"
    with pytest.raises(ConflictError):
        ledger.delete(owner, "T-1", 2)
    ledger.delete(owner, "T-1", 3)
    with pytest.raises(NotFoundError):
        ledger.get(owner, "T-1")
    log = ledger.audit(owner, key="T-1")
    assert log["action"].tolist() == ["insert", "update", "update", "delete"]
    assert log["after"].iloc[1]["notice_days"] == 12 and log["after"].iloc[1]["version"] == 2
    assert log["before"].iloc[3]["status"] == "withdrawn" and log["after"].iloc[3] is None


def test_duplicate_id_is_refused(ledger: Ledger, owner: User) -> None:
    ledger.add(owner, P)
    with pytest.raises(LedgerError, match="exists"):
        ledger.add(owner, P)


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"nation": "XXX"}, "unknown nation"),
        ({"unit_type": "tank"}, "unknown unit type"),
        ({"notice_days": -1}, "0 or more"),
        ({"available_until": date(2024, 12, 31)}, "before available_from"),
        ({"status": "maybe"}, "unknown status"),
    ],
)
def test_bad_pledges_write_nothing(ledger: Ledger, owner: User, changes: dict[str, object],
                                   rule: str) -> None:  # fmt: skip
    with pytest.raises(PledgeError, match=rule) as info:
        ledger.add(owner, P.with_changes(**changes))
    assert isinstance(info.value, LedgerError)
    assert ledger.pledges(owner) == []
    assert ledger.audit(owner, key="T-1").empty
    ledger.add(owner, P)
    with pytest.raises(PledgeError, match=rule):
        ledger.update(owner, "T-1", 1, **changes)
    assert ledger.get(owner, "T-1").version == 1


def test_audit_is_append_only_in_the_database(ledger: Ledger, owner: User) -> None:
    """SQLite: a trigger raises. PostgreSQL: no policy lets the application role change a
    row (RLS is forced), and the trigger raises even for a superuser, who skips RLS."""
    from sqlalchemy import create_engine

    ledger.add(owner, P)
    before = ledger.audit(owner)
    for sql in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit"):
        if ledger.embedded:
            with ledger.engine.connect() as conn, pytest.raises(Exception, match="append-only"):
                conn.execute(text(sql))
                conn.commit()
            continue
        with ledger.engine.connect() as conn:
            conn.execute(text("SELECT set_config('burdenshare.role', 'owner', false)"))
            assert conn.execute(text(sql)).rowcount == 0
            conn.commit()
        admin = create_engine(ledger.engine.url.set(username="postgres"))
        with admin.connect() as conn, pytest.raises(Exception, match="append-only"):
            conn.execute(text(sql))
            conn.commit()
        admin.dispose()
    assert ledger.audit(owner).equals(before) and len(before) >= 2


def test_database_checks_back_the_domain_rules(ledger: Ledger, owner: User) -> None:
    ledger.add(owner, P)
    with ledger.engine.connect() as conn, pytest.raises(Exception, match="pledges_notice"):
        if not ledger.embedded:
            conn.execute(text("SELECT set_config('burdenshare.role', 'owner', false)"))
        conn.execute(text("UPDATE pledges SET notice_days = -5"))
        conn.commit()


def test_targets_are_versioned_and_audited(ledger: Ledger, owner: User) -> None:
    from burdenshare.readiness import Requirement

    req = Requirement("small", {"air_squadron": 2}, 20)
    assert ledger.put_target(owner, req) == 1
    assert ledger.put_target(owner, Requirement("small", {"air_squadron": 3}, 20), 1) == 2
    with pytest.raises(ConflictError):
        ledger.put_target(owner, req, 1)
    stored, version = ledger.targets(owner)["small"]
    assert dict(stored.counts) == {"air_squadron": 3} and version == 2
    assert ledger.audit(owner, key="small")["action"].tolist() == ["insert", "update"]


def test_aggregate_frame_hides_identity(seeded: Ledger, owner: User) -> None:
    frame = seeded.aggregate_frame(owner)
    assert len(frame) == 19
    assert "nation" not in frame.columns and "note" not in frame.columns
    assert frame["synthetic"].all()


def test_unreachable_database_is_a_store_error(tmp_path: object) -> None:
    from burdenshare.ledger.errors import StoreError

    with pytest.raises(StoreError, match="database"):
        Ledger("postgresql://nobody@/none?host=/nonexistent-dir&port=1")


def test_migrations_downgrade_and_upgrade_again(ledger: Ledger, owner: User) -> None:
    ledger.add(owner, P)
    with ledger.engine.begin() as conn:
        assert migrations.downgrade(conn) == ["0001"]
    assert set(inspect(ledger.engine).get_table_names()) <= {"alembic_version"}
    with ledger.engine.begin() as conn:
        assert migrations.upgrade(conn) == ["0001"]
        assert migrations.current(conn) == "0001"
