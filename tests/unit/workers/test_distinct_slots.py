"""The agent never offers the pool two slots that act as one phone or one account."""

from __future__ import annotations

from db.pool.values import Slot
from workers.agent_ops import distinct_slots


def _phone(device_id: int | None, account_id: int | None) -> Slot:
    return Slot(device_id, account_id)


def test_two_phones_reporting_one_account_offer_one_slot_this_tick() -> None:
    idle = [_phone(1, 10), _phone(2, 10), _phone(3, 11), _phone(None, None)]
    slots = distinct_slots(idle)
    assert [(s.device_id, s.account_id) for s in slots] == [(1, 10), (3, 11), (None, None)]


def test_phones_without_accounts_each_get_a_slot() -> None:
    slots = distinct_slots([_phone(1, None), _phone(2, None)])
    assert [s.device_id for s in slots] == [1, 2]
