"""The fleet's repository: hosts and their heartbeats, phones, and accounts bound to phones.

Session-first functions; the caller owns the transaction. The device layer calls
these as phones come and go; the pool reads the rows they write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import func, insert, or_, select, update

from db.clock import db_now
from db.models import Account, AccountSource, AdminState, ConnState, Device, Host

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Table
    from sqlalchemy.orm import Session

HOSTS = cast("Table", Host.__table__)
DEVICES = cast("Table", Device.__table__)
ACCOUNTS = cast("Table", Account.__table__)

# Columns the device layer reports; admin_state belongs to the operator (set_admin_state).
DEVICE_FIELDS = frozenset(
    {
        "adb_serial",
        "model",
        "android_version",
        "host_id",
        "label",
        "rack_slot",
        "conn_state",
        "battery_level",
        "battery_temp_c",
        "screen_on",
        "storage_free_mb",
        "capture_method",
        "health_at",
        "health_override",
    }
)


class UnknownDevice(LookupError):
    """No phone with that serial is known (``serial``: the one asked for)."""

    def __init__(self, serial: str) -> None:
        super().__init__(f"no phone with serial {serial!r} is known")
        self.serial = serial


def register_host(
    session: Session, hostname: str, *, pid: int, role: str = "worker", version: str = ""
) -> int:
    """Add a running FleetDeck process (a PC's console or worker); return its host id."""
    result = session.connection().execute(
        insert(HOSTS).values(
            hostname=hostname,
            pid=pid,
            role=role,
            version=version,
            started_at=db_now(),
            last_heartbeat_at=db_now(),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def heartbeat_host(session: Session, host_id: int) -> None:
    """Record that the host is alive, on the database clock."""
    session.execute(update(HOSTS).where(HOSTS.c.id == host_id).values(last_heartbeat_at=db_now()))


def stop_host(session: Session, host_id: int) -> None:
    """Record that the host shut down cleanly."""
    session.execute(update(HOSTS).where(HOSTS.c.id == host_id).values(stopped_at=db_now()))


# The admin reason of a phone an operator removed while it was offline: it comes back
# by itself when it connects again (a simulated fleet restarted, a phone plugged in).
REMOVED_WHILE_OFFLINE = "removed while offline"


def upsert_device(session: Session, serial: str, **fields: Any) -> int:
    """Create or update the phone with hardware serial ``serial``; mark it seen now.

    A phone removed while offline that connects again (``conn_state`` device) is
    enabled again.
    """
    unknown = set(fields) - DEVICE_FIELDS
    if unknown:
        raise TypeError(f"upsert_device: unknown device field {sorted(unknown)[0]!r}")
    existing = device_id_of(session, serial)
    values = {**fields, "last_seen_at": db_now()}
    if existing is None and "conn_state" in fields:
        values["conn_state_at"] = db_now()
    elif "conn_state" in fields:  # the time of the change, not of every report
        session.execute(
            update(DEVICES)
            .where(
                DEVICES.c.id == existing,
                or_(
                    DEVICES.c.conn_state != fields["conn_state"],
                    DEVICES.c.conn_state_at.is_(None),
                ),
            )
            .values(conn_state_at=db_now())
        )
    if existing is None:
        result = session.connection().execute(
            insert(DEVICES).values(
                serial=serial, admin_state=AdminState.ENABLED, created_at=db_now(), **values
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]
    session.execute(update(DEVICES).where(DEVICES.c.id == existing).values(**values))
    if fields.get("conn_state") == ConnState.DEVICE:
        session.execute(
            update(DEVICES)
            .where(
                DEVICES.c.id == existing,
                DEVICES.c.admin_state == AdminState.DISABLED,
                DEVICES.c.admin_reason.like(f"{REMOVED_WHILE_OFFLINE}%"),
            )
            .values(admin_state=AdminState.ENABLED, admin_reason=None)
        )
    return existing


def device_id_of(session: Session, serial: str) -> int | None:
    """The id of the phone with this serial, or None."""
    found = session.execute(select(DEVICES.c.id).where(DEVICES.c.serial == serial)).scalar()
    return None if found is None else int(found)


def bind_account(
    session: Session,
    device_id: int,
    app: str,
    uid: str,
    *,
    name: str | None = None,
    source: AccountSource = AccountSource.DETECTED,
) -> int:
    """Record that account ``uid`` of ``app`` is logged in on the phone; return its id.

    The account moves from any phone it was on; another account of the same app on
    this phone is unbound, since an app has one account logged in at a time.
    """
    session.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.device_id == device_id, ACCOUNTS.c.app == app, ACCOUNTS.c.uid != uid)
        .values(device_id=None, bound_at=None)
    )
    found = session.execute(
        select(ACCOUNTS.c.id).where(ACCOUNTS.c.app == app, ACCOUNTS.c.uid == uid)
    ).scalar()
    values = {"device_id": device_id, "source": source, "bound_at": db_now()}
    if name is not None:
        values["name"] = name
    if found is None:
        result = session.connection().execute(
            insert(ACCOUNTS).values(app=app, uid=uid, created_at=db_now(), **values)
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]
    session.execute(update(ACCOUNTS).where(ACCOUNTS.c.id == found).values(**values))
    return int(found)


def unbind_accounts(session: Session, device_id: int, app: str | None = None) -> int:
    """Record that no account (of ``app``, or of any app) is logged in on the phone."""
    query = update(ACCOUNTS).where(ACCOUNTS.c.device_id == device_id)
    if app is not None:
        query = query.where(ACCOUNTS.c.app == app)
    return session.connection().execute(query.values(device_id=None, bound_at=None)).rowcount


def accounts_on(session: Session, device_id: int) -> list[int]:
    """Ids of the accounts logged in on a phone, lowest first."""
    rows = session.execute(
        select(ACCOUNTS.c.id).where(ACCOUNTS.c.device_id == device_id).order_by(ACCOUNTS.c.id)
    )
    return [int(account_id) for account_id in rows.scalars()]


def first_accounts_on(session: Session, device_ids: Iterable[int]) -> dict[int, int | None]:
    """The account a phone works as (its lowest account id, as ``accounts_on``), or None,
    for each of ``device_ids``: one read for a tick's phones."""
    wanted = sorted(set(device_ids))
    found: dict[int, int | None] = dict.fromkeys(wanted)
    rows = session.execute(
        select(ACCOUNTS.c.device_id, func.min(ACCOUNTS.c.id))
        .where(ACCOUNTS.c.device_id.in_(wanted))
        .group_by(ACCOUNTS.c.device_id)
    )
    found.update({int(device): int(account) for device, account in rows})
    return found


def set_admin_state(
    session: Session, serial: str, state: AdminState, *, reason: str | None = None
) -> AdminState:
    """Set what the operator wants the phone to do; return the state it had."""
    row = session.execute(
        select(DEVICES.c.id, DEVICES.c.admin_state).where(DEVICES.c.serial == serial)
    ).first()
    if row is None:
        raise UnknownDevice(serial)
    session.execute(
        update(DEVICES)
        .where(DEVICES.c.id == row.id)
        .values(admin_state=state, admin_reason=reason[:255] if reason else None)
    )
    return AdminState(row.admin_state)


def set_label(session: Session, serial: str, label: str, rack_slot: str | None = None) -> None:
    """Set the operator's name for a phone (and where it sits), without marking it seen."""
    values: dict[str, Any] = {"label": label or None}
    if rack_slot is not None:
        values["rack_slot"] = rack_slot or None
    updated = session.execute(update(DEVICES).where(DEVICES.c.serial == serial).values(**values))
    if not updated.rowcount:  # type: ignore[attr-defined]
        raise UnknownDevice(serial)


def set_health_override(session: Session, serial: str, run_anyway: bool) -> None:
    """Let a phone take work although too hot or low on battery (until it recovers),
    or take that back. Raises UnknownDevice."""
    device_id = device_id_of(session, serial)
    if device_id is None:
        raise UnknownDevice(serial)
    session.execute(
        update(DEVICES).where(DEVICES.c.id == device_id).values(health_override=run_anyway)
    )


def health_override_of(session: Session, serial: str) -> bool:
    """Whether an operator said the phone runs despite its health."""
    query = select(DEVICES.c.health_override).where(DEVICES.c.serial == serial)
    return bool(session.execute(query).scalar())
