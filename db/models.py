"""Typed ORM models of the fleet: hosts, devices and app accounts.

The task pool's tables live in ``db.pool.models`` and share this ``Base``.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.clock import db_now
from db.types import UtcDateTime

# Stable constraint names, so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention every table uses."""

    metadata = MetaData(naming_convention=NAMING)


def str_enum(enum_cls: type[enum.StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint, same on both backends."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda cls: [member.value for member in cls],
    )


class AdminState(enum.StrEnum):
    """What the operator wants a phone to do; the pool reads it before every claim."""

    ENABLED = "enabled"  # takes work
    DRAINING = "draining"  # finishes its current attempt, takes no more
    STOPPED = "stopped"  # running attempt told to stop, takes no work
    DISABLED = "disabled"  # retired from the fleet


class ConnState(enum.StrEnum):
    """The adb connection state last reported by the phone's host."""

    DEVICE = "device"
    OFFLINE = "offline"
    UNAUTHORIZED = "unauthorized"
    GONE = "gone"


class AccountSource(enum.StrEnum):
    """Who bound an account to a phone."""

    DETECTED = "detected"  # read from the app's account page by a flow
    OPERATOR = "operator"  # set by hand in the console or CLI


class Host(Base):
    """One FleetDeck process on a PC (console or headless worker), with its heartbeat."""

    __tablename__ = "hosts"

    id: Mapped[int] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(128))
    pid: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # "console" or "worker"
    version: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    last_heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    stopped_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "last_heartbeat_at"),)


class Device(Base):
    """A phone, known by its hardware serial (``ro.serialno``), wherever it is plugged in."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    adb_serial: Mapped[str | None] = mapped_column(String(128))  # e.g. 127.0.0.1:40001 or USB id
    model: Mapped[str | None] = mapped_column(String(64))
    android_version: Mapped[str | None] = mapped_column(String(16))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("hosts.id", ondelete="SET NULL"))
    label: Mapped[str | None] = mapped_column(String(64))  # operator's name for the phone
    rack_slot: Mapped[str | None] = mapped_column(String(32))  # where it sits on the rack
    admin_state: Mapped[AdminState] = mapped_column(
        str_enum(AdminState, "admin_state"), default=AdminState.ENABLED
    )
    admin_reason: Mapped[str | None] = mapped_column(String(255))  # who set it, and why
    conn_state: Mapped[ConnState] = mapped_column(
        str_enum(ConnState, "conn_state"), default=ConnState.GONE
    )
    # When conn_state last changed (how long a phone has been offline: alerts).
    conn_state_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    battery_level: Mapped[int | None] = mapped_column(SmallInteger)  # percent
    battery_temp_c: Mapped[float | None] = mapped_column(Float)  # degrees Celsius
    screen_on: Mapped[bool | None] = mapped_column()
    storage_free_mb: Mapped[int | None] = mapped_column(Integer)
    capture_method: Mapped[str | None] = mapped_column(String(16))  # how thumbnails are taken
    health_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    # The last device-class failure of its account (e.g. "account_restricted"), and how
    # many batches such failures barred it from since the operator last resumed it.
    problem: Mapped[str | None] = mapped_column(String(255))
    problem_code: Mapped[str | None] = mapped_column(String(64))
    problem_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Why the pool drained it and raised it to the operator (None: nothing to see).
    attention: Mapped[str | None] = mapped_column(String(255))
    # An operator said "run anyway": the phone takes work although too hot or low on
    # battery, until it recovers (the host agent then clears this).
    health_override: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (Index(None, "host_id"),)


class Account(Base):
    """An account of an app; ``device_id`` is the phone it is logged in on, if any."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    app: Mapped[str] = mapped_column(String(64))  # app profile name, e.g. "simvideo"
    uid: Mapped[str] = mapped_column(String(64))  # the app's own account id
    name: Mapped[str | None] = mapped_column(String(128))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"))
    source: Mapped[AccountSource | None] = mapped_column(str_enum(AccountSource, "account_source"))
    bound_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (
        Index(None, "app", "uid", unique=True),
        Index(None, "device_id"),
    )
