"""What the console's record viewer reads besides the records: the filters' known values,
and the phones an operator's word for a phone names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.models import Account, Device, Host
from db.pool.models import PoolBatch, PoolRun

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute, Session

RECENT_BATCHES = 50


@dataclass(frozen=True)
class FilterValues:
    """Known values to offer in the record filters (each list sorted, no repeats).

    Attributes:
        flows: every flow a batch was submitted for.
        hosts: every PC that ran FleetDeck.
        serials, labels: every phone's serial, and the labels operators gave phones.
        accounts: every account uid.
        batches: the most recent batches as (id, name), newest first (unnamed ones by
            their pipeline stage or flow).
        codes: every error code on a record (read from its index).
    """

    flows: tuple[str, ...]
    hosts: tuple[str, ...]
    serials: tuple[str, ...]
    labels: tuple[str, ...]
    accounts: tuple[str, ...]
    batches: tuple[tuple[int, str], ...]
    codes: tuple[str, ...] = ()


def filter_values(session: Session, recent_batches: int = RECENT_BATCHES) -> FilterValues:
    """Known flows, hosts, phones, accounts and recent batches (small tables only)."""
    recent = session.execute(
        select(PoolBatch.id, PoolBatch.flow, PoolBatch.name, PoolBatch.pipeline, PoolBatch.stage)
        .order_by(PoolBatch.id.desc())
        .limit(recent_batches)
    ).all()
    batches = tuple((row[0], _batch_name(*row[1:])) for row in recent)
    return FilterValues(
        flows=_distinct(session, PoolBatch.flow),
        hosts=_distinct(session, Host.hostname),
        serials=_distinct(session, Device.serial),
        labels=_distinct(session, Device.label),
        accounts=_distinct(session, Account.uid),
        batches=batches,
        codes=_distinct(session, PoolRun.error_code),
    )


def _distinct(session: Session, column: InstrumentedAttribute[Any]) -> tuple[str, ...]:
    values = session.execute(select(column).where(column.is_not(None)).distinct()).scalars()
    return tuple(sorted({str(value) for value in values if value}))


def _batch_name(flow: str, name: str | None, pipeline: str | None, stage: str | None) -> str:
    if name:
        return name
    return f"{pipeline} / {stage or flow}" if pipeline else flow


def serials_named(session: Session, text: str) -> tuple[str, ...]:
    """The phones ``text`` names: a serial itself, else every phone labelled so.

    A word that is neither is kept as a serial (records outlive a phone's registration).
    A label names the phones that carry it now, not the ones that carried it before.
    """
    if session.execute(select(Device.id).where(Device.serial == text)).first() is not None:
        return (text,)
    labelled = session.execute(select(Device.serial).where(Device.label == text)).scalars()
    return tuple(sorted(labelled)) or (text,)
