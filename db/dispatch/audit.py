"""The audit trail: one row per mutating API call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import insert

from db.clock import db_now
from db.dispatch.sql import AUDIT
from db.pool.sql import clip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def record_call(
    session: Session,
    token_prefix: str | None,
    method: str,
    path: str,
    status: int,
    created_ids: str | None = None,
) -> None:
    """Keep who called what, and what it answered."""
    session.execute(
        insert(AUDIT).values(
            token_prefix=token_prefix,
            method=method[:8],
            path=clip(path, 255),
            status=status,
            created_ids=clip(created_ids, 512),
            at=db_now(),
        )
    )
