"""Keys naming who may claim a ready row and who ran an attempt.

A *target* is written on a ready row: one phone (``dev:7``), one account (``acct:3``),
or a shared queue (``*`` any phone, ``*acct`` any phone with an account logged in,
``host`` a PC's host-side worker). An *actor* is who ran an attempt, for exclusions,
spread shares and distinct-account counting: the account logged in on the phone, or,
when none is, the phone itself, so phones without an account still have an identity.
"""

from __future__ import annotations

ANY_PHONE = "*"
ANY_ACCOUNT = "*acct"
HOST_SIDE = "host"
SHARED_TARGETS = frozenset({ANY_PHONE, ANY_ACCOUNT, HOST_SIDE})


def device_key(device_id: int) -> str:
    """The key of one phone."""
    return f"dev:{device_id}"


ACCOUNT_PREFIX = "acct:"  # db.pool.claim_select builds the same key in SQL


def account_key(account_id: int) -> str:
    """The key of one account."""
    return f"{ACCOUNT_PREFIX}{account_id}"


def host_key(host_id: int) -> str:
    """The key of a PC's host-side worker."""
    return f"host:{host_id}"


def actor_key(host_id: int, device_id: int | None, account_id: int | None) -> str:
    """Who a slot acts as: its account, else its phone, else its host."""
    if account_id is not None:
        return account_key(account_id)
    if device_id is not None:
        return device_key(device_id)
    return host_key(host_id)


def slot_targets(device_id: int | None, account_id: int | None) -> list[str]:
    """Every target a slot may claim from, targeted ones first."""
    if device_id is None:
        return [HOST_SIDE]
    if account_id is None:
        return [device_key(device_id), ANY_PHONE]
    return [device_key(device_id), account_key(account_id), ANY_PHONE, ANY_ACCOUNT]


def shared_target(needs_device: bool, needs_account: bool) -> str:
    """The shared queue a pool or spread task waits in."""
    if not needs_device:
        return HOST_SIDE
    return ANY_ACCOUNT if needs_account else ANY_PHONE
