"""Bearer tokens: made once, stored as SHA-256 with a display prefix, scoped, revocable.

Tokens are 32 random bytes, so a fast hash is right (no password to brute-force);
a check costs one indexed read. The token itself is never stored or logged.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from db.clock import db_now
from db.dispatch.sql import TOKENS
from db.pool.errors import InvalidRequest, NotFound, Refused
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

TOKEN_PREFIX = "fdk_"
DISPLAY_CHARS = 8  # of the random part, after "fdk_"
# Writing last_used_at on every call would make every read a write; once a minute is
# enough for an operator to see which tokens are alive.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def token_sha256(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def display_prefix(token: str) -> str:
    """The part of a token that logs and lists may show."""
    return token[: len(TOKEN_PREFIX) + DISPLAY_CHARS]


@dataclass(frozen=True)
class NewToken:
    """A token just made: the only time ``token`` exists outside its holder."""

    id: int
    token: str
    prefix: str
    scopes: list[str]


@dataclass(frozen=True)
class TokenInfo:
    """A token as lists show it (never the token itself)."""

    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    def to_json(self) -> dict[str, object]:
        """The ``api token list --json`` object."""
        return {
            "id": self.id,
            "name": self.name,
            "prefix": self.prefix,
            "scopes": self.scopes,
            "created_by": self.created_by,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "revoked_at": iso(self.revoked_at),
            "last_used_at": iso(self.last_used_at),
        }


def create_token(
    session: Session, name: str, scopes: Sequence[str], by: str, expires_days: int | None = None
) -> NewToken:
    """Make a token; the returned value is the only copy of it."""
    # The codes let the console word the refusal; the CLI and API print the message.
    if not name.strip():
        raise InvalidRequest("--name: give 1-64 characters", Refused.FIELD_NEEDED, field="name")
    if len(name) > 64:
        raise InvalidRequest(
            "--name: give 1-64 characters", Refused.TOO_LONG, field="name", limit=64
        )
    if expires_days is not None and not 1 <= expires_days <= 3650:
        raise InvalidRequest("--expires-days: give 1-3650 days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = None
    if expires_days is not None:
        now = session.execute(select(db_now())).scalar_one()
        expires = now + timedelta(days=expires_days)
    result = session.connection().execute(
        insert(TOKENS).values(
            name=name.strip(),
            prefix=display_prefix(token),
            token_sha256=token_sha256(token),
            scopes=" ".join(scopes),
            created_by=by[:128],
            created_at=db_now(),
            expires_at=expires,
        )
    )
    token_id = result.inserted_primary_key[0]  # type: ignore[index]
    return NewToken(int(token_id), token, display_prefix(token), list(scopes))


def _info(row: object) -> TokenInfo:
    return TokenInfo(
        id=row.id,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        prefix=row.prefix,  # type: ignore[attr-defined]
        scopes=row.scopes.split(),  # type: ignore[attr-defined]
        created_by=row.created_by,  # type: ignore[attr-defined]
        created_at=row.created_at,  # type: ignore[attr-defined]
        expires_at=row.expires_at,  # type: ignore[attr-defined]
        revoked_at=row.revoked_at,  # type: ignore[attr-defined]
        last_used_at=row.last_used_at,  # type: ignore[attr-defined]
    )


def list_tokens(session: Session) -> list[TokenInfo]:
    """Every token, newest first."""
    return [_info(row) for row in session.execute(select(TOKENS).order_by(TOKENS.c.id.desc()))]


def revoke_token(session: Session, token_id: int) -> None:
    """Revoke a token; the next call with it is refused."""
    result = session.connection().execute(
        update(TOKENS)
        .where(TOKENS.c.id == token_id, TOKENS.c.revoked_at.is_(None))
        .values(revoked_at=db_now())
    )
    if result.rowcount == 0:
        exists = session.execute(select(TOKENS.c.id).where(TOKENS.c.id == token_id)).first()
        if exists is None:
            raise NotFound(f"there is no token {token_id}")


def authenticate(session: Session, token: str) -> TokenInfo | None:
    """The live token ``token`` is, or None (unknown, revoked or expired)."""
    row = session.execute(
        select(TOKENS).where(TOKENS.c.token_sha256 == token_sha256(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    now = session.execute(select(db_now())).scalar_one()
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        session.execute(update(TOKENS).where(TOKENS.c.id == row.id).values(last_used_at=now))
    return _info(row)
