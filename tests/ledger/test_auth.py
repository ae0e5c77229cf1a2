"""Every role × every operation, including the refusals; RLS on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from burdenshare.ledger.auth import OPERATIONS, User
from burdenshare.ledger.errors import AccessError, NotFoundError
from burdenshare.ledger.store import Ledger
from burdenshare.readiness import Pledge, Requirement

OWN = Pledge("NLD-NEW", "NLD", "air_squadron", 10, date(2026, 1, 1))
OTHER = Pledge("DEU-NEW", "DEU", "mechanised_battalion", 10, date(2026, 1, 1))


@pytest.fixture
def people(seeded: Ledger, owner: User) -> dict[str, User]:
    out = {"owner": owner}
    for name, role, nation in [("staff", "alliance_staff", None), ("nl", "nation_planner", "NLD"),
                               ("public", "viewer", None)]:  # fmt: skip
        _user, token = seeded.create_user(owner, name, role, nation)
        out[role] = seeded.user(token)
    return out


def _ops(store: Ledger) -> dict[str, Callable[[User], Any]]:
    """One call per operation (each touching an NLD pledge where a nation matters)."""
    return {
        "aggregate": lambda u: store.aggregate_frame(u),
        "read_targets": lambda u: store.targets(u),
        "read_pledges": lambda u: store.get(u, "SYN-A06"),
        "write_pledges": lambda u: store.update(u, "SYN-A06", store.get(owner_of(store), "SYN-A06")
                                                .version, note=f"by {u.name}"),
        "source": lambda u: store.source_frame(u),
        "write_targets": lambda u: store.put_target(u, Requirement(f"t-{u.name}",
                                                                    {"air_squadron": 1}, 30)),
        "read_audit": lambda u: store.audit(u),
        "manage_users": lambda u: store.users(u),
    }  # fmt: skip


def owner_of(store: Ledger) -> User:
    from tests.ledger.conftest import owner_of as first_owner

    return first_owner(store)


EXPECTED = {
    "owner": set(OPERATIONS),
    "alliance_staff": {"aggregate", "read_targets", "read_pledges", "source", "write_targets",
                       "read_audit"},
    "nation_planner": {"aggregate", "read_targets", "read_pledges", "write_pledges"},
    "viewer": {"aggregate", "read_targets"},
}  # fmt: skip


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_role_and_operation(seeded: Ledger, people: dict[str, User], role: str) -> None:
    user = people[role]
    for op, call in _ops(seeded).items():
        if op in EXPECTED[role]:
            call(user)
        else:
            with pytest.raises(AccessError):
                call(user)


def test_planner_reads_and_writes_only_its_own_nation(seeded: Ledger,
                                                      people: dict[str, User]) -> None:  # fmt: skip
    nl = people["nation_planner"]
    assert {s.pledge.nation for s in seeded.pledges(nl)} == {"NLD"}
    with pytest.raises(NotFoundError):
        seeded.get(nl, "SYN-L02")  # DEU's
    with pytest.raises(NotFoundError):
        seeded.update(nl, "SYN-L02", 1, notice_days=1)
    with pytest.raises(AccessError, match="may not write pledges of DEU"):
        seeded.add(nl, OTHER)
    with pytest.raises(AccessError, match="DEU"):
        seeded.update(nl, "SYN-A06", 1, nation="DEU")
    with pytest.raises(AccessError, match="nothing written"):
        seeded.import_pledges(nl, [OWN, OTHER])
    assert seeded.add(nl, OWN).version == 1
    assert seeded.get(people["owner"], "SYN-L02").version == 1
    with pytest.raises(NotFoundError):
        seeded.get(people["owner"], "DEU-NEW")


def test_staff_reads_all_but_writes_no_pledge(seeded: Ledger, people: dict[str, User]) -> None:
    staff = people["alliance_staff"]
    assert len(seeded.pledges(staff)) == 19
    with pytest.raises(AccessError):
        seeded.add(staff, OWN)
    with pytest.raises(AccessError):
        seeded.import_pledges(staff, [OWN])


def test_viewer_sees_aggregates_only(seeded: Ledger, people: dict[str, User]) -> None:
    viewer = people["viewer"]
    agg = seeded.aggregate_frame(viewer)
    assert len(agg) == 19 and "nation" not in agg.columns
    for call in (seeded.pledges, seeded.pledge_frame, seeded.audit):
        with pytest.raises(AccessError):
            call(viewer)


def test_users_and_tokens_only_by_owner(seeded: Ledger, people: dict[str, User]) -> None:
    for role in ("alliance_staff", "nation_planner", "viewer"):
        with pytest.raises(AccessError):
            seeded.create_user(people[role], f"x-{role}", "owner")
        with pytest.raises(AccessError):
            seeded.rotate_token(people[role], "nl")


def test_row_level_security_backs_the_nation_rule(seeded: Ledger,
                                                  people: dict[str, User]) -> None:  # fmt: skip
    """Raw SQL inside a planner's transaction: PostgreSQL itself hides and protects rows."""
    if seeded.embedded:
        pytest.skip("row-level security is PostgreSQL's; SQLite relies on the store's checks")
    nl = people["nation_planner"]
    with seeded._tx(nl, write=True) as s:
        nations = {r[0] for r in s.execute(text("SELECT DISTINCT nation FROM pledges"))}
        hit = s.execute(text("UPDATE pledges SET note = 'x' WHERE nation = 'DEU'"))
        assert nations == {"NLD"} and hit.rowcount == 0
    with pytest.raises(Exception, match="row-level security"), seeded._tx(nl, write=True) as s:
        s.execute(text(
            "INSERT INTO pledges (id, nation, unit_type, notice_days, available_from, status, "
            "note, tags, synthetic, version, updated_at, updated_by) VALUES ('X', 'DEU', "
            "'other', 1, '2025-01-01', 'pledged', '', '[]', false, 1, now(), 'nl')"))
    with seeded._tx(None, write=False) as s:  # no role set: nothing visible
        assert s.execute(text("SELECT count(*) FROM pledges")).scalar() == 0
    with seeded._tx(people["alliance_staff"], write=True) as s:
        assert s.execute(text("UPDATE pledges SET note = 'x'")).rowcount == 0
    with seeded._tx(nl, write=False) as s:  # the audit holds every nation's rows
        assert s.execute(text("SELECT count(*) FROM audit")).scalar() == 0
    with seeded._tx(people["alliance_staff"], write=False) as s:
        assert s.execute(text("SELECT count(*) FROM audit")).scalar() > 19
