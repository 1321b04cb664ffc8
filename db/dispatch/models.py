"""Typed ORM models of the dispatch API: tokens, client batches and tasks, events, audit.

An API task is one pool batch (``pool_batch_id``): its mode decides how many pool
tasks it fans out to; the client's ids are unique and permanent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.clock import db_now
from db.dispatch.states import DeliveryState
from db.models import Base, str_enum
from db.types import UtcDateTime

CLIENT_ID_LENGTH = 128


class ApiToken(Base):
    """A bearer token: only its SHA-256 is stored, with a short prefix to show."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16))  # "fdk_" + 8 characters, for logs
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(255))  # space-separated
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ApiBatch(Base):
    """A batch the dispatch centre submitted, keyed by its own id."""

    __tablename__ = "api_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_batch_id: Mapped[str] = mapped_column(String(CLIENT_ID_LENGTH), unique=True)
    request_sha256: Mapped[str] = mapped_column(String(64))  # same id + other body: 409
    priority: Mapped[int] = mapped_column(SmallInteger)
    token_prefix: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # batch.finished sent


class ApiTask(Base):
    """One task of an API batch: the pool batch that carries it out."""

    __tablename__ = "api_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    api_batch_id: Mapped[int] = mapped_column(ForeignKey("api_batches.id"))
    client_task_id: Mapped[str] = mapped_column(String(CLIENT_ID_LENGTH), unique=True)
    pool_batch_id: Mapped[int] = mapped_column(Integer, unique=True)  # the current run of it
    flow: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    request_json: Mapped[str] = mapped_column(Text)  # the task as submitted, for retry
    event_seq: Mapped[int] = mapped_column(Integer, default=0)  # rises with every event
    retries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # task.finished sent

    __table_args__ = (Index(None, "api_batch_id"),)


class ApiEvent(Base):
    """One callback event: the exact body every endpoint receives, and the pull feed's row.

    ``once_key`` makes an event that must happen once (task.finished of one run of a
    task) unique; ``id`` orders the feed (allocation order, served with a delay).
    """

    __tablename__ = "api_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)  # webhook-id, stable
    type: Mapped[str] = mapped_column(String(32))
    api_task_id: Mapped[int | None] = mapped_column(Integer)
    once_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (Index(None, "created_at"), Index(None, "type", "id"))


class ApiEndpoint(Base):
    """The dispatch centre's callback receiver, set by an operator, never by the API."""

    __tablename__ = "api_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1024))
    events: Mapped[str] = mapped_column(String(255))  # space-separated types, "*" for all
    secret_encrypted: Mapped[str] = mapped_column(Text)  # Fernet, key outside the DB
    old_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    old_secret_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    allow_http: Mapped[bool] = mapped_column(Boolean)
    ca_bundle: Mapped[str | None] = mapped_column(String(512))
    enabled: Mapped[bool] = mapped_column(Boolean)
    disabled_reason: Mapped[str | None] = mapped_column(String(255))
    breaker_until: Mapped[datetime | None] = mapped_column(UtcDateTime())  # open while set
    breaker_probes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())


class ApiDelivery(Base):
    """One event's delivery to one endpoint, claimed with SKIP LOCKED by a dispatcher."""

    __tablename__ = "api_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("api_events.id"))
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("api_endpoints.id"))
    state: Mapped[DeliveryState] = mapped_column(str_enum(DeliveryState, "delivery_state"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # receiver rejections
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(SmallInteger)
    last_error: Mapped[str | None] = mapped_column(String(255))
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (
        Index(None, "endpoint_id", "state", "next_attempt_at", "id"),  # the claim's order
        Index(None, "state", "lease_until"),  # the reaper's
        Index(None, "event_pk"),
    )


class ApiAudit(Base):
    """One mutating API call: who (token prefix), what, the answer, ids created."""

    __tablename__ = "api_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_prefix: Mapped[str | None] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(255))
    status: Mapped[int] = mapped_column(SmallInteger)
    created_ids: Mapped[str | None] = mapped_column(String(512))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (Index(None, "at"),)
