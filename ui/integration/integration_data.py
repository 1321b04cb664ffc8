"""What the Integration page shows: plain values the controller fills from the database.

Times are aware datetimes (shown in local time by ui/times.py); states are codes,
worded by ``DELIVERY_STATES`` and ``TOKEN_STATES`` at paint time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from datetime import datetime

DELIVERY_STATES = {
    "pending": QT_TRANSLATE_NOOP("DeliveryState", "pending"),
    "delivering": QT_TRANSLATE_NOOP("DeliveryState", "delivering"),
    "delivered": QT_TRANSLATE_NOOP("DeliveryState", "delivered"),
    "dead": QT_TRANSLATE_NOOP("DeliveryState", "dead"),
}
TOKEN_STATES = {
    "active": QT_TRANSLATE_NOOP("TokenState", "active"),
    "revoked": QT_TRANSLATE_NOOP("TokenState", "revoked"),
    "expired": QT_TRANSLATE_NOOP("TokenState", "expired"),
}


def delivery_state_word(code: str) -> str:
    """A delivery state as the operator reads it (the code when unknown)."""
    source = DELIVERY_STATES.get(code)
    return QCoreApplication.translate("DeliveryState", source) if source else code


def token_state_word(code: str) -> str:
    """A token state as the operator reads it."""
    source = TOKEN_STATES.get(code)
    return QCoreApplication.translate("TokenState", source) if source else code


@dataclass(frozen=True)
class ApiInfo:
    """Where the dispatch centre reaches the API, and the certificate to pin."""

    addresses: tuple[str, ...]  # https://HOST:PORT, one per name or LAN address
    fingerprint: str | None  # SHA-256 of the certificate; None before its first run


@dataclass(frozen=True)
class TokenRow:
    """One API token (never the token itself)."""

    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    state: str  # active | revoked | expired
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class EndpointInfo:
    """The callback endpoint as set by an operator (its secret stays sealed)."""

    url: str
    events: tuple[str, ...]
    allow_http: bool
    enabled: bool
    disabled_reason: str | None
    breaker_open: bool


@dataclass(frozen=True)
class DeliveryLine:
    """One delivery of the log."""

    id: int
    event_id: str
    event_type: str
    state: str
    attempts: int
    last_status: int | None
    latency_ms: int | None
    last_error: str | None
    created_at: datetime
