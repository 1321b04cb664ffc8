"""Who a batch is aimed at, and who is still able to take its tasks."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.models import AdminState
from db.pool import keys
from db.pool.errors import InvalidRequest, NotFound, Refused
from db.pool.sql import ACCOUNTS, ACTORS, BARS, BATCH_TARGETS, DEVICES
from db.pool.states import TargetKind

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from db.pool.values import Targets


def resolve_targets(conn: Connection, targets: Targets) -> list[str]:
    """The device or account keys a batch's targets name; unknown names are refused."""
    if targets.kind == TargetKind.ALL_DEVICES:
        rows = conn.execute(
            select(DEVICES.c.id)
            .where(DEVICES.c.admin_state != AdminState.DISABLED)
            .order_by(DEVICES.c.id)
        )
        return [keys.device_key(device_id) for device_id in rows.scalars()]
    if targets.kind == TargetKind.DEVICES:
        return _device_keys(conn, targets.devices)
    return _account_keys(conn, targets.accounts)


def _device_keys(conn: Connection, serials: tuple[str, ...]) -> list[str]:
    if not serials:
        raise InvalidRequest(
            "devices: the list of serials is empty", Refused.EMPTY_LIST, field="devices"
        )
    found = dict(
        conn.execute(
            select(DEVICES.c.serial, DEVICES.c.id).where(DEVICES.c.serial.in_(serials))
        ).all()
    )
    for serial in serials:
        if serial not in found:
            raise NotFound(
                f"devices: no phone with serial {serial!r} is known",
                Refused.NO_PHONE,
                serial=serial,
            )
    return list(dict.fromkeys(keys.device_key(found[serial]) for serial in serials))


def _account_keys(conn: Connection, names: tuple[str, ...]) -> list[str]:
    if not names:
        raise InvalidRequest(
            "accounts: the list of accounts is empty", Refused.EMPTY_LIST, field="accounts"
        )
    uids = {_split_account(name)[1] for name in names}
    by_uid: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(
        select(ACCOUNTS.c.id, ACCOUNTS.c.app, ACCOUNTS.c.uid).where(ACCOUNTS.c.uid.in_(uids))
    ):
        by_uid[row.uid].append(row)
    result = []
    for name in names:
        app, uid = _split_account(name)
        matches = [row for row in by_uid.get(uid, []) if not app or row.app == app]
        if not matches:
            raise NotFound(
                f"accounts: no account {name!r} is known", Refused.NO_ACCOUNT, account=name
            )
        if len(matches) > 1:
            apps = ", ".join(sorted(row.app for row in matches))
            raise InvalidRequest(
                f"accounts: {uid!r} exists in several apps ({apps}); write it as APP:{uid}",
                Refused.AMBIGUOUS_ACCOUNT,
                account=uid,
                apps=apps,
            )
        result.append(keys.account_key(matches[0].id))
    return list(dict.fromkeys(result))


def _split_account(name: str) -> tuple[str, str]:
    app, sep, uid = name.partition(":")
    return (app, uid) if sep else ("", name)


def fleet_actors(conn: Connection, needs_account: bool, allowed: set[str] | None) -> set[str]:
    """Actors that could take a shared task: each phone not retired, as its account(s).

    A phone without an account counts as itself unless the flow needs an account;
    ``allowed`` (a batch's target list) keeps only the phones and accounts it names.
    """
    devices = conn.execute(
        select(DEVICES.c.id).where(DEVICES.c.admin_state != AdminState.DISABLED)
    ).scalars()
    accounts_on: dict[int, list[int]] = defaultdict(list)
    for account_id, device_id in conn.execute(
        select(ACCOUNTS.c.id, ACCOUNTS.c.device_id).where(ACCOUNTS.c.device_id.is_not(None))
    ):
        accounts_on[device_id].append(account_id)
    actors = set()
    for device_id in devices:
        device = keys.device_key(device_id)
        bound = [keys.account_key(a) for a in accounts_on.get(device_id, [])]
        for actor in bound or ([] if needs_account else [device]):
            if allowed is None or device in allowed or actor in allowed:
                actors.add(actor)
    return actors


def batch_allow_list(conn: Connection, batch_id: int) -> set[str]:
    """The phones and accounts a restricted batch names."""
    rows = conn.execute(select(BATCH_TARGETS.c.target).where(BATCH_TARGETS.c.batch_id == batch_id))
    return set(rows.scalars())


def actors_left(conn: Connection, task_id: int, batch: Any, restricted: bool) -> set[str]:
    """Actors still able to take a task: the fleet's, less those excluded, barred from the
    batch, or already members."""
    allowed = batch_allow_list(conn, batch.id) if restricted else None
    listed = set(conn.execute(select(ACTORS.c.actor).where(ACTORS.c.task_id == task_id)).scalars())
    barred = set(conn.execute(select(BARS.c.actor).where(BARS.c.batch_id == batch.id)).scalars())
    return fleet_actors(conn, bool(batch.needs_account), allowed) - listed - barred
