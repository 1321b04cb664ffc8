"""Items carry the time the app showed, read against the phone's clock (issue 14).

End-to-end tests compare collected items with a catalog; this splits the five time
fields off an item, checks they agree with each other (and with the catalog's moment
when there is one), and returns the rest for an exact comparison.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

TIME_FIELDS = ("time", "posted_at", "posted_precision", "posted_earliest", "posted_latest")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def without_times(item: dict[str, Any], posted: datetime | None = None) -> dict[str, Any]:
    """The item less its time fields, after checking them (and ``posted`` if given)."""
    if "posted_at" in item and item["posted_at"] is not None:
        earliest, latest = _moment(item["posted_earliest"]), _moment(item["posted_latest"])
        assert earliest <= _moment(item["posted_at"]) <= latest, item
        if posted is not None:
            assert earliest <= posted <= latest, (item, posted)
    return {key: value for key, value in item.items() if key not in TIME_FIELDS}
