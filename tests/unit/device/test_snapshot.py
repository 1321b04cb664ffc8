"""The phone's state at a failure, parsed from what Android prints."""

from __future__ import annotations

from workers.device.snapshot import parse_snapshot, snapshot_command

ONLINE = """NetworkProviders for:
  WifiNetworkProvider

Active default network: 100

Current Networks:
  NetworkAgentInfo{network{100}  handle{432902426637}  ni{WIFI CONNECTED extra: }  \
nc{[ Transports: WIFI Capabilities: INTERNET&NOT_RESTRICTED&TRUSTED&VALIDATED]}}
"""
MOBILE = ONLINE.replace("Transports: WIFI", "Transports: CELLULAR")
OFFLINE = "NetworkProviders for:\n\nActive default network: none\n\nCurrent Networks:\n"
WIFI = (
    'Wi-Fi is enabled\nmWifiInfo SSID: "仓库-5G", BSSID: 02:00:00:00:01:00, MAC: 02:00:00:44:55:66,'
    " Supplicant state: COMPLETED, Wi-Fi standard: 11ac, RSSI: -61, Link speed: 433Mbps\n"
)
WIFI_DOWN = (
    "Wi-Fi is enabled\nmWifiInfo SSID: <unknown ssid>, BSSID: 02:00:00:00:00:00,"
    " Supplicant state: DISCONNECTED, RSSI: -127, Link speed: -1Mbps\n"
)
WINDOW = (
    "WINDOW MANAGER WINDOWS (dumpsys window windows)\n"
    "  mCurrentFocus=Window{1a2b3c u0 com.ss.android.ugc.aweme/.main.MainActivity}\n"
)
BATTERY = "Current Battery Service state:\n  level: 18\n  temperature: 431\n"


def output(*parts: str) -> str:
    marker = snapshot_command().split("; echo ")[1].split(";")[0]
    return f"\n{marker}\n".join(parts)


def test_an_online_phone_on_wifi() -> None:
    snap = parse_snapshot(output(ONLINE, WIFI, WINDOW, BATTERY))
    assert (snap.network_connected, snap.network_transport) == (True, "wifi")
    assert (snap.wifi_ssid, snap.wifi_rssi) == ("仓库-5G", -61)
    assert (snap.foreground_package, snap.foreground_activity) == (
        "com.ss.android.ugc.aweme",
        ".main.MainActivity",
    )
    assert (snap.battery_level, snap.battery_temp_c) == (18, 43.1)


def test_a_phone_without_network_and_one_on_mobile_data() -> None:
    off = parse_snapshot(output(OFFLINE, WIFI_DOWN, WINDOW, BATTERY))
    assert (off.network_connected, off.network_transport, off.wifi_ssid) == (False, None, None)
    mobile = parse_snapshot(output(MOBILE, WIFI_DOWN, WINDOW, BATTERY))
    assert (mobile.network_connected, mobile.network_transport) == (True, "mobile")


def test_silent_sources_give_none_not_an_error() -> None:
    snap = parse_snapshot("Can't find service: connectivity\n")
    assert snap.to_json() == dict.fromkeys(snap.to_json())
