"""The agent never offers the pool two slots that act as one phone or one account."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from workers.host_agent import _distinct_slots


def _phone(device_id: int | None, account_id: int | None) -> Any:
    return SimpleNamespace(device_id=device_id, account_id=account_id)


def test_two_phones_reporting_one_account_offer_one_slot_this_tick() -> None:
    idle = [_phone(1, 10), _phone(2, 10), _phone(3, 11), _phone(None, None)]
    slots = _distinct_slots(idle)
    assert [(s.device_id, s.account_id) for s in slots] == [(1, 10), (3, 11), (None, None)]


def test_phones_without_accounts_each_get_a_slot() -> None:
    slots = _distinct_slots([_phone(1, None), _phone(2, None)])
    assert [s.device_id for s in slots] == [1, 2]
