"""The ledger's tables as SQLAlchemy 2 typed models.

The migrations (``migrations/versions``) create exactly these tables; a test compares them.

- ``users``: name, role (``owner``, ``alliance_staff``, ``nation_planner``, ``viewer``),
  nation (planners), SHA-256 of the API token (the token itself is never stored);
- ``pledges``: one row per unit, with a ``version`` raised by every update;
- ``targets``: user-defined requirements (counts per type, notice limit, dates), versioned;
- ``audit``: append-only (a database trigger refuses UPDATE and DELETE): who, when, what,
  the row before and after as JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES: tuple[str, ...] = ("owner", "alliance_staff", "nation_planner", "viewer")


class Base(DeclarativeBase):
    """Declarative base of the ledger's tables."""


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    nation: Mapped[str | None] = mapped_column(String(3), nullable=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PledgeRow(Base):
    __tablename__ = "pledges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nation: Mapped[str] = mapped_column(String(3), index=True)
    unit_type: Mapped[str] = mapped_column(String(32))
    notice_days: Mapped[int] = mapped_column(Integer)
    available_from: Mapped[date] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))


class TargetRow(Base):
    __tablename__ = "targets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    max_notice_days: Mapped[float] = mapped_column(Float)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))


class AuditRow(Base):
    __tablename__ = "audit"
    # Appending must not read back (RETURNING would need the read policy a planner lacks).
    __table_args__ = {"implicit_returning": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
