"""SimChannels: a messenger app whose video feature (发现 → 视频号) FleetDeck's flows reach
through an app profile; built unlike SimVideo on purpose (see app.py)."""

from __future__ import annotations

PACKAGE = "com.fleetdeck.simchannels"
MAIN_ACTIVITY = ".ui.LauncherUI"
LABEL = "SimChannels"
