"""The callback endpoint an operator set: URL, events, the signing secret (encrypted).

The secret arrives here already encrypted: the key lives outside the database
(``app.api.secret_box``), so a database dump alone cannot sign callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from db.clock import db_now
from db.dispatch.sql import ENDPOINTS
from db.pool.errors import NotFound
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

# A rotated-out secret keeps signing beside the new one this long.
OLD_SECRET_KEPT = timedelta(hours=24)


@dataclass(frozen=True)
class Endpoint:
    """The receiver of callbacks, with its secrets still encrypted."""

    id: int
    url: str
    events: list[str]  # ["*"] for every event type
    secret_encrypted: str
    old_secret_encrypted: str | None
    old_secret_until: datetime | None
    allow_http: bool
    ca_bundle: str | None
    enabled: bool
    disabled_reason: str | None
    breaker_until: datetime | None
    breaker_probes: int

    def to_json(self) -> dict[str, Any]:
        """The ``api endpoint show --json`` object (no secret)."""
        return {
            "url": self.url,
            "events": self.events,
            "allow_http": self.allow_http,
            "ca_bundle": self.ca_bundle,
            "enabled": self.enabled,
            "disabled_reason": self.disabled_reason,
            "old_secret_until": iso(self.old_secret_until),
            "breaker_open_until": iso(self.breaker_until),
        }


def _endpoint(row: Any) -> Endpoint:
    return Endpoint(
        id=row.id,
        url=row.url,
        events=row.events.split(),
        secret_encrypted=row.secret_encrypted,
        old_secret_encrypted=row.old_secret_encrypted,
        old_secret_until=row.old_secret_until,
        allow_http=row.allow_http,
        ca_bundle=row.ca_bundle,
        enabled=row.enabled,
        disabled_reason=row.disabled_reason,
        breaker_until=row.breaker_until,
        breaker_probes=row.breaker_probes,
    )


def current_endpoint(session: Session) -> Endpoint | None:
    """The endpoint, or None when no operator has set one."""
    row = session.execute(select(ENDPOINTS).order_by(ENDPOINTS.c.id).limit(1)).first()
    return None if row is None else _endpoint(row)


def enabled_endpoints(session: Session) -> list[Endpoint]:
    """Every endpoint callbacks go to, each without its old secret once that expired by
    the database's clock (the dispatcher's PC clock may be off; every PC shares this one)."""
    rows = session.execute(
        select(ENDPOINTS, db_now().label("db_now")).where(ENDPOINTS.c.enabled.is_(True))
    )
    endpoints = []
    for row in rows:
        endpoint = _endpoint(row)
        until = endpoint.old_secret_until
        if until is not None and until <= row.db_now:
            endpoint = replace(endpoint, old_secret_encrypted=None)
        endpoints.append(endpoint)
    return endpoints


def set_endpoint(
    session: Session,
    url: str,
    events: Sequence[str],
    secret_encrypted: str,
    *,
    allow_http: bool,
    ca_bundle: str | None,
) -> Endpoint:
    """Point callbacks at ``url`` with a new secret; pending deliveries follow it."""
    values = {
        "url": url,
        "events": " ".join(events) or "*",
        "secret_encrypted": secret_encrypted,
        "old_secret_encrypted": None,
        "old_secret_until": None,
        "allow_http": allow_http,
        "ca_bundle": ca_bundle,
        "enabled": True,
        "disabled_reason": None,
        "breaker_until": None,
        "breaker_probes": 0,
    }
    existing = current_endpoint(session)
    if existing is None:
        session.execute(insert(ENDPOINTS).values(created_at=db_now(), **values))
    else:
        session.execute(update(ENDPOINTS).where(ENDPOINTS.c.id == existing.id).values(**values))
    found = current_endpoint(session)
    assert found is not None
    return found


def rotate_secret(session: Session, new_encrypted: str) -> Endpoint:
    """Sign with a new secret at once; the old one signs beside it for 24 h."""
    endpoint = current_endpoint(session)
    if endpoint is None:
        raise NotFound("no callback endpoint is set: run `api endpoint set URL` first")
    now = session.execute(select(db_now())).scalar_one()
    session.execute(
        update(ENDPOINTS)
        .where(ENDPOINTS.c.id == endpoint.id)
        .values(
            secret_encrypted=new_encrypted,
            old_secret_encrypted=endpoint.secret_encrypted,
            old_secret_until=now + OLD_SECRET_KEPT,
        )
    )
    rotated = current_endpoint(session)
    assert rotated is not None
    return rotated


def disable_endpoint(session: Session, endpoint_id: int, reason: str) -> None:
    """Stop sending to an endpoint (its receiver answered 410 Gone)."""
    session.execute(
        update(ENDPOINTS)
        .where(ENDPOINTS.c.id == endpoint_id)
        .values(enabled=False, disabled_reason=reason[:255])
    )


def open_breaker(session: Session, endpoint_id: int, probe_delays: Sequence[float]) -> float:
    """The receiver is down: wait for the next probe; return the wait in seconds."""
    probes = session.execute(
        select(ENDPOINTS.c.breaker_probes).where(ENDPOINTS.c.id == endpoint_id)
    ).scalar_one()
    wait = probe_delays[min(probes, len(probe_delays) - 1)]
    now = session.execute(select(db_now())).scalar_one()
    session.execute(
        update(ENDPOINTS)
        .where(ENDPOINTS.c.id == endpoint_id)
        .values(breaker_until=now + timedelta(seconds=wait), breaker_probes=probes + 1)
    )
    return float(wait)


def close_breaker(session: Session, endpoint_id: int) -> None:
    """The receiver answered: send normally again."""
    session.execute(
        update(ENDPOINTS)
        .where(ENDPOINTS.c.id == endpoint_id, ENDPOINTS.c.breaker_probes > 0)
        .values(breaker_until=None, breaker_probes=0)
    )
