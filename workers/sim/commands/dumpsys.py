"""``dumpsys``: the sections adbutils, uiautomator2 and FleetDeck's health checks parse."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from workers.sim.shell import text

if TYPE_CHECKING:
    from workers.sim.phone import PhoneModel
    from workers.sim.shell import Result, ShellHost


def _display(model: PhoneModel) -> str:
    width, height = model.size
    return (
        "DISPLAY MANAGER (dumpsys display)\n"
        "  mOnlyCode=false\n"
        f"  mDefaultViewport=DisplayViewport{{type=INTERNAL, valid=true, isActive=true, "
        f"displayId=0, uniqueId='local:0', physicalPort=0, orientation={model.rotation}, "
        f"logicalFrame=Rect(0, 0 - {width}, {height}), "
        f"physicalFrame=Rect(0, 0 - {width}, {height}), "
        f"deviceWidth={width}, deviceHeight={height}}}\n"
        f"  mCurrentOrientation={model.rotation}\n"
    )


def _window(model: PhoneModel) -> str:
    package, activity = model.current()
    return (
        "WINDOW MANAGER WINDOWS (dumpsys window windows)\n"
        f"  mCurrentFocus=Window{{1a2b3c u0 {package}/{activity}}}\n"
        f"  mFocusedApp=ActivityRecord{{4d5e6f u0 {package}/{activity} t12}}\n"
    )


def _activity(model: PhoneModel, section: str) -> str:
    package, activity = model.current()
    pid = model.pid_of(package) or 1500
    if section == "top":
        return f"TASK 12 id=12\n  ACTIVITY {package}/{activity} 4d5e6f pid={pid}\n"
    return (
        "ACTIVITY MANAGER ACTIVITIES (dumpsys activity activities)\n"
        f"  mResumedActivity: ActivityRecord{{4d5e6f u0 {package}/{activity} t12}}\n"
    )


def _battery(model: PhoneModel) -> str:
    health = model.health
    charging = health.charging
    return (
        "Current Battery Service state:\n"
        "  AC powered: false\n"
        f"  USB powered: {'true' if charging else 'false'}\n"
        "  Wireless powered: false\n"
        "  Max charging current: 500000\n"
        "  Max charging voltage: 5000000\n"
        "  Charge counter: 2900000\n"
        f"  status: {2 if charging else 3}\n"
        "  health: 2\n"
        "  present: true\n"
        f"  level: {health.battery_level()}\n"
        "  scale: 100\n"
        "  voltage: 4200\n"
        f"  temperature: {round(health.temperature_c() * 10)}\n"
        "  technology: Li-ion\n"
    )


def _power(model: PhoneModel) -> str:
    on = "true" if model.screen_on else "false"
    wakefulness = "Awake" if model.screen_on else "Asleep"
    return (
        "POWER MANAGER (dumpsys power)\n"
        f"  mWakefulness={wakefulness}\n"
        f"  mHoldingDisplaySuspendBlocker={on}\n"
        f"  Display Power: state={'ON' if model.screen_on else 'OFF'}\n"
    )


def _connectivity(model: PhoneModel) -> str:
    # The lines Android 13 prints that say whether, and how, the phone is online.
    net = model.network
    if not net.on:
        return (
            "NetworkProviders for:\n  WifiNetworkProvider\n\n"
            "Active default network: none\n\nCurrent Networks:\n\n"
            "Network Requests:\n  uid/pid:1000/1500 activeRequest: null\n"
        )
    transport = "WIFI" if net.transport == "wifi" else "CELLULAR"
    kind = "WIFI" if net.transport == "wifi" else "MOBILE"
    return (
        "NetworkProviders for:\n  WifiNetworkProvider\n\n"
        "Active default network: 100\n\nCurrent Networks:\n"
        f"  NetworkAgentInfo{{network{{100}}  handle{{432902426637}}  ni{{{kind} CONNECTED "
        f"extra: }}  Score(70 ; KeepConnected : 0 ; Policies : IS_VALIDATED&IS_DEFAULT)  "
        f"nc{{[ Transports: {transport} Capabilities: INTERNET&NOT_RESTRICTED&TRUSTED&"
        "VALIDATED LinkUpBandwidth>=40000Kbps]}}\n"
    )


def _wifi(model: PhoneModel) -> str:
    net = model.network
    connected = net.on and net.transport == "wifi"
    ssid = f'"{net.ssid}"' if connected else "<unknown ssid>"
    state = "COMPLETED" if connected else "DISCONNECTED"
    rssi = net.rssi if connected else -127
    return (
        "Wi-Fi is enabled\n"
        "Verbose logging is off\n"
        f"mWifiInfo SSID: {ssid}, BSSID: 02:00:00:00:01:00, MAC: 02:00:00:44:55:66, "
        f"Supplicant state: {state}, Wi-Fi standard: 11ac, RSSI: {rssi}, "
        "Link speed: 433Mbps, Frequency: 5180MHz\n"
    )


def _package(model: PhoneModel, name: str) -> str | None:
    info = model.packages.get(name)
    if info is None:
        return None
    return (
        "Packages:\n"
        f"  Package [{info.name}] (5e6f7a):\n"
        f"    codePath={info.apk_path.rsplit('/', 1)[0]}\n"
        f"    versionCode={info.version_code} minSdk=24 targetSdk=33\n"
        f"    versionName={info.version_name}\n"
        f"    pkgFlags=[ {'SYSTEM ' if info.system else ''}HAS_CODE ALLOW_CLEAR_USER_DATA ]\n"
        f"    firstInstallTime={info.first_install}\n"
        f"    lastUpdateTime={info.last_update}\n"
        "    signatures=PackageSignatures{7b8c9d version:2, signatures:[abc123], "
        "past signatures:[]}\n"
    )


async def dumpsys(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """dumpsys SERVICE [ARGS]: display, window, activity, battery, power, package,
    connectivity, wifi, meminfo."""
    model = host.model
    service = args[0] if args else ""
    rest = args[1:]
    if service == "display":
        return text(_display(model))
    if service == "window":
        return text(_window(model))
    if service == "activity":
        return text(_activity(model, rest[0] if rest else "activities"))
    if service == "battery":
        return text(_battery(model))
    if service == "power":
        return text(_power(model))
    if service == "package" and rest:
        return text(_package(model, rest[-1]) or f"Unable to find package: {rest[-1]}\n")
    if service == "connectivity":
        return text(_connectivity(model))
    if service == "wifi":
        return text(_wifi(model))
    if service == "meminfo":
        return text("Total RAM: 5,767,168K (status normal)\nFree RAM: 2,345,678K\n")
    if service == "SurfaceFlinger":
        return text('Display 4619827259835644672 (HWC display 0): port=0 displayName="SIM"\n')
    if not service:
        return text(
            "Currently running services:\n  activity\n  battery\n  connectivity\n  display\n"
            "  power\n  wifi\n"
        )
    return text(f"Can't find service: {service}\n")


def uptime_text(model: PhoneModel) -> str:
    """The line `uptime` prints."""
    seconds = int(time.time() - model.booted_at)
    return f" up {seconds // 86400} days, {seconds % 86400 // 3600}:{seconds % 3600 // 60:02d}\n"
