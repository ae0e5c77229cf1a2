"""Initial ledger schema: users, pledges, targets, append-only audit; RLS on PostgreSQL.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_TYPES = "'mechanised_battalion', 'air_squadron', 'combat_vessel', 'other'"
_STATUSES = "'offered', 'pledged', 'withdrawn'"
_ROLES = "'owner', 'alliance_staff', 'nation_planner', 'viewer'"

# The per-nation rule as SQL: the role and nation are set per transaction by the store
# (set_config(..., true)); 'aggregate' is the store's read scope for anonymised counts.
_ROLE = "current_setting('burdenshare.role', true)"
_NATION = "current_setting('burdenshare.nation', true)"
_READ = f"({_ROLE} IN ('owner', 'alliance_staff', 'aggregate') OR ({_ROLE} = 'nation_planner' AND nation = {_NATION}))"  # noqa: E501
_WRITE = f"({_ROLE} = 'owner' OR ({_ROLE} = 'nation_planner' AND nation = {_NATION}))"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("nation", sa.String(3), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"role IN ({_ROLES})", name="users_role"),
        sa.CheckConstraint(
            "(role = 'nation_planner') = (nation IS NOT NULL)", name="users_planner_nation"
        ),
    )
    op.create_table(
        "pledges",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("nation", sa.String(3), nullable=False, index=True),
        sa.Column("unit_type", sa.String(32), nullable=False),
        sa.Column("notice_days", sa.Integer, nullable=False),
        sa.Column("available_from", sa.Date, nullable=False),
        sa.Column("available_until", sa.Date, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.CheckConstraint(f"unit_type IN ({_TYPES})", name="pledges_unit_type"),
        sa.CheckConstraint(f"status IN ({_STATUSES})", name="pledges_status"),
        sa.CheckConstraint("notice_days >= 0", name="pledges_notice"),
        sa.CheckConstraint(
            "available_until IS NULL OR available_until >= available_from", name="pledges_window"
        ),
        sa.CheckConstraint("version >= 1", name="pledges_version"),
    )
    op.create_table(
        "targets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("max_notice_days", sa.Float, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=True),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.CheckConstraint("max_notice_days >= 0", name="targets_notice"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("key", sa.String(100), nullable=False, index=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit "
                "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION burdenshare_audit_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'audit is append-only' USING ERRCODE = 'insufficient_privilege'; "
            "END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
            "FOR EACH ROW EXECUTE FUNCTION burdenshare_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION burdenshare_audit_append_only()"
        )
        op.execute("ALTER TABLE pledges ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE pledges FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY pledges_read ON pledges FOR SELECT USING {_READ}")
        op.execute(f"CREATE POLICY pledges_insert ON pledges FOR INSERT WITH CHECK {_WRITE}")
        op.execute(
            f"CREATE POLICY pledges_update ON pledges FOR UPDATE USING {_WRITE} WITH CHECK {_WRITE}"
        )
        op.execute(f"CREATE POLICY pledges_delete ON pledges FOR DELETE USING {_WRITE}")
        # The audit holds every nation's before/after: readable by owners and staff only;
        # every writer appends (no UPDATE/DELETE policy: with RLS forced, none is allowed).
        op.execute("ALTER TABLE audit ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE audit FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY audit_read ON audit FOR SELECT USING "
            f"({_ROLE} IN ('owner', 'alliance_staff'))"
        )
        op.execute(
            f"CREATE POLICY audit_append ON audit FOR INSERT WITH CHECK "
            f"({_ROLE} IN ('owner', 'alliance_staff', 'nation_planner'))"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
        op.execute("DROP FUNCTION IF EXISTS burdenshare_audit_append_only()")
    for table in ("audit", "targets", "pledges", "users"):
        op.drop_table(table)
