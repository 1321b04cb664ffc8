"""The operator's time zone: a named IANA zone, or this PC's own."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; ValueError naming it when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)"
        ) from None


def zone_in_effect(name: str) -> tuple[ZoneInfo | None, str]:
    """The zone for a ``time_zone`` setting and how to name it ("" means this PC's zone).

    This PC's zone is returned as None: converting with ``astimezone(None)`` applies the
    system's rules at each instant, summer time included.
    """
    if name:
        return zone_named(name), name
    return None, local_zone_name()


def local_zone_name() -> str:
    """This PC's zone by its IANA name when the system says it, else its abbreviation."""
    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    try:
        target = str(LOCALTIME.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    return datetime.now().astimezone().tzname() or "local time"
