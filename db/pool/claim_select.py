"""The claim's reads: which targets have work, and the index-ordered locking selects.

Every locking select reads one target's range of ``ix_pool_ready_target_priority_id``
in index order (priority, id) with ``FOR UPDATE SKIP LOCKED`` and a forced index, so
InnoDB locks only the rows it returns; the anti-join subqueries are plain reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)

from db.models import AdminState
from db.pool import keys
from db.pool.driver import DriverStatement
from db.pool.models import CLAIM_INDEX, TARGET_LENGTH
from db.pool.sql import ACCOUNTS, ACTORS, BARS, BATCH_TARGETS, DEVICES, HOSTS, READY, SHARES
from db.pool.values import Slot

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy import BindParameter, Connection, Select

_FORCE_CLAIM_INDEX = f"FORCE INDEX ({CLAIM_INDEX})"
_READY_COLUMNS = (
    READY.c.id,
    READY.c.task_id,
    READY.c.batch_id,
    READY.c.slots_open,
    READY.c.needs_account,
    READY.c.restricted,
    READY.c.share_cap,
    READY.c.listed,
)


@dataclass
class SlotInfo:
    """A slot as the claim sees it: its keys, the targets it may take, its names."""

    slot: Slot
    actor: str
    device_key: str | None
    account_key: str | None
    targets: list[str]
    serial: str | None
    account_uid: str | None
    host_name: str | None
    chosen: bool = False

    @property
    def target_keys(self) -> list[str]:
        """The keys a batch's target list may name this slot by."""
        return [key for key in (self.device_key, self.account_key) if key is not None]


# Built once: the claim runs many times a second on every PC. One statement reads the
# phones, the accounts the slots name and the host's name (rows of kind 0), and the
# most urgent priority waiting in each target the slots may take (kind 1): two reads
# that used to be two round trips of every claim. For the phones whose attempt just
# ended (``reread``) it reads every account on them instead of the one the slot
# names, and the queue heads of those accounts: a flow may have just logged one in,
# and this saves the agent's tick a read of its own.
_NO_TEXT = literal(None, String(TARGET_LENGTH))
_NO_NUMBER = literal(None, Integer)
_REREAD: BindParameter[Any] = bindparam("reread", expanding=True)
_FLEET_PART = (
    select(
        literal(0, Integer).label("kind"),
        DEVICES.c.id,
        DEVICES.c.serial,
        DEVICES.c.admin_state,
        ACCOUNTS.c.id.label("account_id"),
        ACCOUNTS.c.uid,
        HOSTS.c.hostname,
        _NO_TEXT.label("target"),
        _NO_NUMBER.label("priority"),
    )
    .select_from(HOSTS)
    .outerjoin(DEVICES, DEVICES.c.id.in_(bindparam("devices", expanding=True)))
    .outerjoin(
        ACCOUNTS,
        (ACCOUNTS.c.device_id == DEVICES.c.id)
        & (ACCOUNTS.c.id.in_(bindparam("accounts", expanding=True)) | DEVICES.c.id.in_(_REREAD)),
    )
    .where(HOSTS.c.id == bindparam("host"))
)


def _heads_columns() -> Select[Any]:
    """The columns of a row of kind 1: a target and the most urgent priority in it."""
    return select(
        literal(1, Integer),
        _NO_NUMBER,
        _NO_TEXT,
        _NO_TEXT,
        _NO_NUMBER,
        _NO_TEXT,
        _NO_TEXT,
        READY.c.target,
        func.min(READY.c.priority),
    )


# The queue heads of the accounts on the re-read phones: from each account (a few rows,
# by ``device_id``) to its target's range of the claim index, the key built as
# ``keys.account_key`` does. Accounts first, always: read from the other side it is a
# scan of every ready row.
_ACCOUNT_TARGET = literal(keys.ACCOUNT_PREFIX, String(TARGET_LENGTH)) + cast(
    ACCOUNTS.c.id, String(TARGET_LENGTH)
)
_REREAD_HEADS_PART = (
    _heads_columns()
    .select_from(ACCOUNTS.join(READY, READY.c.target == _ACCOUNT_TARGET))
    .where(ACCOUNTS.c.device_id.in_(_REREAD))
    .group_by(READY.c.target)
    .prefix_with("STRAIGHT_JOIN", dialect="mysql")
)
_SLOTS_AND_HEADS = DriverStatement(
    union_all(
        _FLEET_PART,
        _heads_columns()
        .where(READY.c.target.in_(bindparam("targets", expanding=True)))
        .group_by(READY.c.target),
        _REREAD_HEADS_PART,
    )
)


@dataclass(frozen=True)
class ClaimView:
    """What the claim's first read found: the slots that may claim, the queue heads,
    and the account on each re-read phone now (None: none)."""

    infos: list[SlotInfo]
    heads: dict[str, int]
    accounts: dict[int, int | None]


def slots_and_heads(
    conn: Connection,
    host_id: int,
    slots: Sequence[Slot],
    reread: Collection[int] = (),
    *,
    as_phones_are_now: bool = False,
) -> ClaimView:
    """The slots that may claim now (phone known and enabled), with their keys and names,
    and the most urgent priority waiting in each non-empty target they may take.

    ``reread``: phones whose account is read again here; their slots claim as the
    account on them now (the lowest id, as ``fleet.first_accounts_on``). With
    ``as_phones_are_now`` (the host agent's claim, whose slots may lag behind the
    phones) where two slots name one account only the first claims (``distinct_slots``);
    without it that is a caller's mistake, refused.
    """
    fresh_ids = sorted(set(reread))
    # The re-read phones too: one that ended may not claim now (paused, stopping), and
    # its account is still wanted.
    device_ids = sorted({s.device_id for s in slots if s.device_id is not None} | set(fresh_ids))
    account_ids = [s.account_id for s in slots if s.account_id is not None]
    # Every target any slot could take: a slot whose account turns out not to be on its
    # phone reads one head too many, which costs nothing.
    targets = sorted({t for s in slots for t in keys.slot_targets(s.device_id, s.account_id)})
    args = {
        "devices": device_ids,
        "accounts": account_ids,
        "host": host_id,
        "targets": targets,
        "reread": fresh_ids,
    }
    rows = _SLOTS_AND_HEADS.execute(conn, args).all()
    heads = {row.target: int(row.priority) for row in rows if row.kind == 1}
    fleet = [row for row in rows if row.kind == 0]
    if not fleet:
        raise ValueError(f"there is no host {host_id}: register it first")
    accounts = _accounts_now(fleet, fresh_ids)
    if accounts:
        slots = [
            Slot(s.device_id, accounts[s.device_id]) if s.device_id in accounts else s
            for s in slots
        ]
    if as_phones_are_now:
        slots = distinct_slots(slots)
    infos = _slot_infos(host_id, slots, fleet)
    return ClaimView(infos, heads if infos else {}, accounts)


def _accounts_now(rows: list[Any], fresh_ids: list[int]) -> dict[int, int | None]:
    found: dict[int, int | None] = dict.fromkeys(fresh_ids)
    for row in rows:
        if row.id in found and row.account_id is not None:
            current = found[row.id]
            found[row.id] = row.account_id if current is None else min(current, row.account_id)
    return found


def distinct_slots(idle: Sequence[Slot]) -> list[Slot]:
    """One claim slot per phone and per account among the idle phones.

    While phones come back (simulated phones started again, a phone re-plugged) two of
    them may briefly report the same account; the pool refuses a claim in which two
    slots act as one account, so the second waits for the next tick.
    """
    seen: set[tuple[str, object]] = set()
    kept = []
    for slot in idle:
        keys_of_slot: set[tuple[str, object]] = set()
        if slot.device_id is not None:
            keys_of_slot.add(("device", slot.device_id))
        if slot.account_id is not None:
            keys_of_slot.add(("account", slot.account_id))
        if keys_of_slot & seen:
            continue
        seen |= keys_of_slot
        kept.append(slot)
    return kept


def _slot_infos(host_id: int, slots: Sequence[Slot], rows: list[Any]) -> list[SlotInfo]:
    devices = {row.id: row for row in rows if row.id is not None}
    uids = {row.account_id: row.uid for row in rows if row.account_id is not None}
    host_name = rows[0].hostname
    infos = []
    for slot in slots:
        device = devices.get(slot.device_id) if slot.device_id is not None else None
        if slot.device_id is not None and (
            device is None or device.admin_state != AdminState.ENABLED
        ):
            continue
        account = slot.account_id if slot.account_id in uids else None
        infos.append(
            SlotInfo(
                slot=slot,
                actor=keys.actor_key(host_id, slot.device_id, account),
                device_key=keys.device_key(slot.device_id) if slot.device_id else None,
                account_key=keys.account_key(account) if account is not None else None,
                targets=keys.slot_targets(slot.device_id, account),
                serial=device.serial if device is not None else None,
                account_uid=uids.get(account) if account is not None else None,
                host_name=host_name,
            )
        )
    actors = [info.actor for info in infos]
    if len(set(actors)) != len(actors):
        raise ValueError("two slots act as the same account or phone in one claim")
    return infos


def _locking(query: Select[Any], exclude_ids: list[int], limit: int) -> Select[Any]:
    if exclude_ids:
        query = query.where(READY.c.id.not_in(exclude_ids))
    return (
        query.with_hint(READY, _FORCE_CLAIM_INDEX, "mysql")
        .order_by(READY.c.priority, READY.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


class RowCheck:
    """Checks a locked shared row against a slot: account, target list, share, listing."""

    def __init__(
        self,
        allowed: set[tuple[int, str]],
        shares: dict[tuple[int, str], int],
        listed: set[tuple[int, str]],
    ) -> None:
        self.allowed = allowed
        self.shares = shares
        self.listed = listed

    def __call__(self, row: Any, info: SlotInfo, share_use: Any) -> bool:
        if row.needs_account and info.account_key is None:
            return False
        if row.listed and (row.task_id, info.actor) in self.listed:
            return False
        if row.restricted and not any(
            (row.batch_id, key) in self.allowed for key in info.target_keys
        ):
            return False
        if row.share_cap:
            key = (row.batch_id, info.actor)
            if self.shares.get(key, 0) + share_use[key] >= row.share_cap:
                return False
        return True


_FIRST_ROWS = DriverStatement(
    select(*_READY_COLUMNS)
    .where(READY.c.target == bindparam("target"))
    .with_hint(READY, _FORCE_CLAIM_INDEX, "mysql")
    .order_by(READY.c.priority, READY.c.id)
    .limit(bindparam("n", type_=Integer, literal_execute=True))
    .with_for_update(skip_locked=True)
)


def lock_shared_rows(
    conn: Connection, target: str, slots: list[SlotInfo], exclude_ids: list[int]
) -> tuple[list[Any], RowCheck]:
    """Lock the first rows of a shared target for a group of slots, in one select.

    Returns the rows and a check of which slot may take which; the check's facts
    (target lists, shares, listings) are read only for the rows that need them.
    """
    if exclude_ids:
        first_rows = select(*_READY_COLUMNS).where(READY.c.target == target)
        query = _locking(first_rows, exclude_ids, len(slots))
        rows = list(conn.execute(query).all())
    else:  # the common case, built once
        rows = _FIRST_ROWS.execute(conn, {"target": target, "n": len(slots)}).all()
    actors = [info.actor for info in slots]
    return rows, RowCheck(
        _allowed(conn, rows, slots), _shares(conn, rows, actors), _listed(conn, rows, actors)
    )


def _allowed(conn: Connection, rows: list[Any], slots: list[SlotInfo]) -> set[tuple[int, str]]:
    restricted = sorted({row.batch_id for row in rows if row.restricted})
    if not restricted:
        return set()
    keys = sorted({key for info in slots for key in info.target_keys})
    found = conn.execute(
        select(BATCH_TARGETS.c.batch_id, BATCH_TARGETS.c.target).where(
            BATCH_TARGETS.c.batch_id.in_(restricted), BATCH_TARGETS.c.target.in_(keys)
        )
    )
    return {(row[0], row[1]) for row in found}


def _shares(conn: Connection, rows: list[Any], actors: list[str]) -> dict[tuple[int, str], int]:
    capped = sorted({row.batch_id for row in rows if row.share_cap})
    if not capped:
        return {}
    found = conn.execute(
        select(SHARES.c.batch_id, SHARES.c.actor, SHARES.c.taken).where(
            SHARES.c.batch_id.in_(capped), SHARES.c.actor.in_(actors)
        )
    )
    return {(b, a): int(n) for b, a, n in found}


def _listed(conn: Connection, rows: list[Any], actors: list[str]) -> set[tuple[int, str]]:
    """(task, actor) pairs a listed row refuses: task exclusions, members and batch bars."""
    listed_rows = [row for row in rows if row.listed]
    if not listed_rows:
        return set()
    tasks = sorted({row.task_id for row in listed_rows})
    found = conn.execute(
        select(ACTORS.c.task_id, ACTORS.c.actor).where(
            ACTORS.c.task_id.in_(tasks), ACTORS.c.actor.in_(actors)
        )
    )
    refused = {(row[0], row[1]) for row in found}
    batches = sorted({row.batch_id for row in listed_rows})
    bars = conn.execute(
        select(BARS.c.batch_id, BARS.c.actor).where(
            BARS.c.batch_id.in_(batches), BARS.c.actor.in_(actors)
        )
    ).all()
    for batch_id, actor in bars:
        refused.update((row.task_id, actor) for row in listed_rows if row.batch_id == batch_id)
    return refused


def lock_rows_for_slot(
    conn: Connection, target: str, info: SlotInfo, exclude_ids: list[int]
) -> Any | None:
    """Lock the most urgent row of ``target`` this slot may take, checking everything in SQL."""
    listed = exists().where(ACTORS.c.task_id == READY.c.task_id, ACTORS.c.actor == info.actor)
    barred = exists().where(BARS.c.batch_id == READY.c.batch_id, BARS.c.actor == info.actor)
    allowed = exists().where(
        BATCH_TARGETS.c.batch_id == READY.c.batch_id, BATCH_TARGETS.c.target.in_(info.target_keys)
    )
    over_share = exists().where(
        SHARES.c.batch_id == READY.c.batch_id,
        SHARES.c.actor == info.actor,
        SHARES.c.taken >= READY.c.share_cap,
    )
    query = select(*_READY_COLUMNS).where(
        READY.c.target == target,
        ~listed,
        or_(READY.c.listed.is_(False), ~barred),
        or_(READY.c.restricted.is_(False), allowed),
        or_(READY.c.share_cap == 0, ~over_share),
    )
    if info.account_key is None:
        query = query.where(READY.c.needs_account.is_(False))
    return conn.execute(_locking(query, exclude_ids, 1)).first()
