"""Roles, what each may do, and API tokens (stored only as a SHA-256 hash).

=================  ==========================================================
role               may
=================  ==========================================================
owner              everything (the embedded store's local owner, an admin)
alliance_staff     read every pledge, source, read the audit, write targets
nation_planner     read and write its own nation's pledges; aggregates
viewer             aggregates only (counts, shortfalls, timelines, tiers)
=================  ==========================================================

>>> allowed("viewer", "aggregate"), allowed("viewer", "read_pledges")
(True, False)
>>> len(new_token()) > 40, hash_token("bst_x") == hash_token("bst_x")
(True, True)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from burdenshare.ledger.errors import AccessError
from burdenshare.text import t

ROLES: tuple[str, ...] = ("owner", "alliance_staff", "nation_planner", "viewer")

#: Every operation the store guards.
OPERATIONS: tuple[str, ...] = (
    "aggregate", "read_targets", "read_pledges", "write_pledges", "source", "write_targets",
    "read_audit", "manage_users",
)  # fmt: skip

#: Each operation said in a sentence ("may not write pledges"), a template of the catalog.
_SAID = {
    "aggregate": t("aggregate"), "read_targets": t("read targets"),
    "read_pledges": t("read pledges"), "write_pledges": t("write pledges"),
    "source": t("source"), "write_targets": t("write targets"),
    "read_audit": t("read audit"), "manage_users": t("manage users"),
}  # fmt: skip

_ALLOWED: dict[str, frozenset[str]] = {
    "owner": frozenset(OPERATIONS),
    "alliance_staff": frozenset(
        {"aggregate", "read_targets", "read_pledges", "source", "write_targets", "read_audit"}
    ),
    "nation_planner": frozenset({"aggregate", "read_targets", "read_pledges", "write_pledges"}),
    "viewer": frozenset({"aggregate", "read_targets"}),
}


@dataclass(frozen=True)
class User:
    """Who is acting: a name, a role and, for a nation planner, the nation."""

    name: str
    role: str
    nation: str | None = None

    @property
    def own_nation_only(self) -> bool:
        """Whether pledges are limited to the user's nation (nation planners)."""
        return self.role == "nation_planner"


def allowed(role: str, operation: str) -> bool:
    """Whether ``role`` may perform ``operation`` at all (nation limits come on top)."""
    return operation in _ALLOWED.get(role, frozenset())


def require(user: User, operation: str, nation: str | None = None) -> None:
    """Raise unless ``user`` may perform ``operation`` (on ``nation``'s pledges).

    Raises:
        AccessError: naming the user, the role and what was refused.
    """
    if not allowed(user.role, operation):
        raise AccessError(
            t(
                "user {user_name!r} ({role}) may not {action}",
                user_name=user.name, role=user.role, action=_said(operation),
            )
        )
    if nation is not None and user.own_nation_only and nation != user.nation:
        raise AccessError(
            t(
                "user {user_name!r} (nation planner for {nation}) may not {action} of {nation2}",
                user_name=user.name, nation=user.nation, action=_said(operation),
                nation2=nation,
            )
        )


def _said(operation: str) -> str:
    return _SAID.get(operation) or operation.replace("_", " ")


def new_token() -> str:
    """A fresh random API token (shown once; only its hash is stored)."""
    return "bst_" + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 of a token, as stored. Tokens are 256-bit random, so no salt or stretching."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
