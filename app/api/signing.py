"""Standard Webhooks signatures: HMAC-SHA256 over ``{id}.{timestamp}.{body}``.

Each secret gives one ``v1,<base64>`` signature; during a rotation both the new and
the old secret sign, space-separated, so a receiver with either one verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING

from app.api.secret_box import secret_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """One ``v1,`` signature of a message."""
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(
    secrets: Sequence[str], message_id: str, timestamp: int, body: str
) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery attempt."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets),
        "content-type": "application/json",
    }
