"""SimVideo: the short-video app on simulated phones that FleetDeck's flows run against."""

from __future__ import annotations

PACKAGE = "com.fleetdeck.simvideo"
MAIN_ACTIVITY = ".MainActivity"
ID_PREFIX = PACKAGE + ":id/"


def rid(name: str) -> str:
    """The full resource id of a SimVideo view: com.fleetdeck.simvideo:id/NAME."""
    return ID_PREFIX + name
