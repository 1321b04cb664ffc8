"""Health and identity parsing from the outputs real phones print."""

from __future__ import annotations

from workers.device.health import health_command, parse_free_mb, parse_health, parse_screen_on
from workers.device.identity import identity_command, parse_identity

BATTERY = """Current Battery Service state:
  AC powered: false
  USB powered: true
  Wireless powered: false
  Max charging current: 500000
  status: 2
  health: 2
  present: true
  level: 87
  scale: 100
  voltage: 4200
  temperature: 315
  technology: Li-ion
"""
POWER_ON = "Power Manager State:\n  mWakefulness=Awake\n  mHoldingDisplaySuspendBlocker=true\n"
TOYBOX_DF = (
    "Filesystem     1K-blocks    Used Available Use% Mounted on\n"
    "/dev/block/dm-5 115249236 8849236 106400000   8% /data\n"
)
OLD_DF = (
    "Filesystem               Size     Used     Free   Blksize\n"
    "/data                   25.0G     5.1G    19.9G   4096\n"
)
WLAN = (
    "wlan0     Link encap:UNSPEC\n"
    "          inet addr:192.0.2.7  Bcast:192.0.2.255  Mask:255.255.255.0\n"
)


def _joined(*parts: str) -> str:
    return "\n@@fleetdeck-section@@\n".join(parts)


def test_health_command_separates_its_parts() -> None:
    assert health_command().count("echo @@fleetdeck-section@@") == 3


def test_parse_health_reads_every_field() -> None:
    health = parse_health(_joined(BATTERY, POWER_ON, TOYBOX_DF, WLAN), checked_at=5.0)
    assert health.battery_level == 87
    assert health.battery_temp_c == 31.5
    assert health.charging is True
    assert health.plugged is True
    assert health.screen_on is True
    assert health.storage_free_mb == 106400000 // 1024
    assert health.wlan_ip == "192.0.2.7"
    assert health.network_up
    assert health.checked_at == 5.0


def test_full_battery_on_charger_is_plugged_but_not_charging() -> None:
    text = BATTERY.replace("status: 2", "status: 5")
    health = parse_health(_joined(text, "", "", ""))
    assert (health.charging, health.plugged) == (False, True)


def test_missing_sources_give_none_not_guesses() -> None:
    health = parse_health(
        _joined("", "", "df: /data: No such file", "ifconfig: wlan0: No such device")
    )
    assert health.battery_level is None
    assert health.battery_temp_c is None
    assert health.charging is None
    assert health.plugged is None
    assert health.screen_on is None
    assert health.storage_free_mb is None
    assert health.wlan_ip == ""
    assert not health.network_up


def test_screen_off_and_older_df_format() -> None:
    assert parse_screen_on("mHoldingDisplaySuspendBlocker=false\n") is False
    assert parse_screen_on("mWakefulness=Asleep\n") is False
    assert parse_free_mb(OLD_DF) == int(19.9 * 1024)


def test_identity_from_one_round_trip() -> None:
    assert identity_command().startswith("getprop ro.serialno; getprop ro.product.model")
    output = "SIM-0001\nSimPhone 1\nFleetSim\nsim\n13\n33\n"
    identity = parse_identity(output, "127.0.0.1:40001")
    assert identity.serial == "SIM-0001"
    assert identity.adb_serial == "127.0.0.1:40001"
    assert (identity.model, identity.manufacturer) == ("SimPhone 1", "FleetSim")
    assert (identity.android_version, identity.sdk) == ("13", 33)


def test_identity_without_serialno_keeps_the_adb_serial() -> None:
    identity = parse_identity("\nModel\n\nBrand\n9\n", "emulator-5554")
    assert identity.serial == "emulator-5554"
    assert identity.manufacturer == "Brand"
    assert identity.sdk is None
