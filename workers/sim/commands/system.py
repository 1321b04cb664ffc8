"""System commands: getprop, wm, settings, ime, input, screencap, uiautomator, df, ..."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from workers.sim.commands.dumpsys import uptime_text
from workers.sim.fs import FsError
from workers.sim.health import STORAGE_TOTAL_MB
from workers.sim.shell import text
from workers.sim.uitree import hierarchy_xml

if TYPE_CHECKING:
    from workers.sim.shell import Result, ShellHost

LATIN_IME = "com.android.inputmethod.latin/.LatinIME"
DEFAULT_SETTINGS = {
    ("secure", "default_input_method"): LATIN_IME,
    ("system", "screen_brightness"): "128",
    ("system", "screen_brightness_mode"): "0",
    ("system", "screen_off_timeout"): "600000",
    ("global", "adb_enabled"): "1",
    ("global", "airplane_mode_on"): "0",
}


async def getprop(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """getprop [NAME [DEFAULT]]."""
    props = host.model.identity.props()
    if not args:
        return text("".join(f"[{k}]: [{v}]\n" for k, v in sorted(props.items())))
    default = args[1] if len(args) > 1 else ""
    return text(props.get(args[0], default) + "\n")


async def wm(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """wm size | wm density."""
    width, height = host.model.size
    if args[:1] == ["size"]:
        return text(f"Physical size: {width}x{height}\n")
    if args[:1] == ["density"]:
        return text("Physical density: 320\n")
    return text("usage: wm [size|density]\n", 255)


async def settings(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """settings get|put|delete NAMESPACE KEY [VALUE]."""
    values = host.model.settings
    if len(args) >= 3 and args[0] in ("get", "put", "delete"):
        key = (args[1], args[2])
        if args[0] == "get":
            return text(values.get(key, DEFAULT_SETTINGS.get(key, "null")) + "\n")
        if args[0] == "put" and len(args) >= 4:
            values[key] = args[3]
            return b"", 0
        if args[0] == "delete":
            values.pop(key, None)
            return text("Deleted 1 rows\n")
    return text("usage: settings [get|put|delete] NAMESPACE KEY [VALUE]\n", 255)


def _input_methods(host: ShellHost) -> list[str]:
    """The stock keyboard and every installed package's input-method services."""
    installed = [ime for info in host.model.packages.values() for ime in info.ime_ids]
    return [LATIN_IME, *sorted(installed)]


async def ime(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """ime list [-s] [-a] | enable ID | disable ID | set ID, over the installed methods.

    ``set`` makes it the default input method (``settings secure default_input_method``),
    which is what uiautomator2 reads back before it types through its AdbKeyboard.
    """
    verb, rest = (args[0], args[1:]) if args else ("", [])
    known = _input_methods(host)
    if verb == "list":
        return text("".join(method + "\n" for method in known))
    if verb in ("enable", "disable", "set") and rest:
        method = rest[0]
        if method not in known:
            return text(f"Unknown input method {method} cannot be selected for user #0\n", 255)
        settings_ = host.model.settings
        enabled = set(
            filter(None, settings_.get(("secure", "enabled_input_methods"), "").split(":"))
        )
        if verb == "enable":
            already = method in enabled or method == LATIN_IME
            enabled.add(method)
            settings_[("secure", "enabled_input_methods")] = ":".join(sorted(enabled))
            state = "already enabled" if already else "switched from disabled to enabled"
            return text(f"Input method {method}: {state} for user #0\n")
        if verb == "disable":
            enabled.discard(method)
            settings_[("secure", "enabled_input_methods")] = ":".join(sorted(enabled))
            if settings_.get(("secure", "default_input_method")) == method:
                settings_[("secure", "default_input_method")] = LATIN_IME
            return text(f"Input method {method}: switched from enabled to disabled for user #0\n")
        settings_[("secure", "default_input_method")] = method
        return text(f"Input method {method} selected for user #0\n")
    return text("usage: ime [list|enable|disable|set] ...\n", 255)


def current_input_method(host: ShellHost) -> str:
    """The default input method now (the stock keyboard unless one was set)."""
    key = ("secure", "default_input_method")
    return host.model.settings.get(key, DEFAULT_SETTINGS[key])


def _number(value: str) -> float:
    return float(value)


async def input_(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """input tap X Y | swipe X1 Y1 X2 Y2 [MS] | keyevent [--longpress] K... | text T."""
    model = host.model
    if args and args[0] in ("touchscreen", "touchpad", "keyboard"):
        args = args[1:]
    try:
        if args[:1] == ["tap"] and len(args) >= 3:
            model.tap(_number(args[1]), _number(args[2]))
        elif args[:1] == ["swipe"] and len(args) >= 5:
            model.swipe(*(_number(a) for a in args[1:5]))
        elif args[:1] == ["keyevent"]:
            for key in (a for a in args[1:] if not a.startswith("--")):
                model.press_key(int(key) if key.isdigit() else key)
        elif args[:1] == ["text"] and len(args) >= 2:
            model.clipboard, saved = " ".join(args[1:]).replace("%s", " "), model.clipboard
            model.paste()
            model.clipboard = saved
        else:
            return text("usage: input [tap|swipe|keyevent|text] ...\n", 1)
    except ValueError:
        return text(f"Error: bad number in: input {' '.join(args)}\n", 1)
    return b"", 0


async def screencap(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """screencap -p [FILE]: PNG of the screen, to stdout or a file."""
    data = await host.screenshot_png()
    files = [a for a in args if not a.startswith("-")]
    if not files:
        return data, 0
    try:
        host.model.fs.write(files[0], data)
    except FsError as exc:
        return text(f"Error: {exc}\n", 1)
    return b"", 0


async def uiautomator(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """uiautomator dump [FILE]: the hierarchy XML to a file (default /sdcard/window_dump.xml)."""
    if args[:1] != ["dump"]:
        return text("Usage: uiautomator <subcommand> [options]\n", 1)
    files = [a for a in args[1:] if not a.startswith("-")]
    target = files[0] if files else "/sdcard/window_dump.xml"
    xml = hierarchy_xml(host.model.windows(), host.model.rotation)
    try:
        host.model.fs.write(target, xml.encode("utf-8"))
    except FsError as exc:
        return text(f"ERROR: {exc}\n", 1)
    return text(f"UI hierchary dumped to: {target}\n")


def _ip(host: ShellHost) -> str:
    # TEST-NET-1 (RFC 5737): an address that looks real but is never routed.
    return f"192.0.2.{10 + zlib.crc32(host.model.identity.serial.encode()) % 240}"


async def ifconfig(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """ifconfig wlan0: a documentation-range address (nothing may dial it)."""
    if args and args[0] != "wlan0":
        return text(f"ifconfig: {args[0]}: No such device\n", 1)
    return text(
        "wlan0     Link encap:UNSPEC    Driver sim\n"
        f"          inet addr:{_ip(host)}  Bcast:192.0.2.255  Mask:255.255.255.0\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
    )


async def ip(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """ip addr show dev wlan0."""
    return text(f"3: wlan0: <BROADCAST,MULTICAST,UP>\n    inet {_ip(host)}/24 brd 192.0.2.255\n")


async def df(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """df [-h] [PATH]: /data and the shared storage, free space from the phone's health."""
    model = host.model
    free_kb = model.health.storage_free_mb(model.fs.used_bytes()) * 1024
    total_kb = STORAGE_TOTAL_MB * 1024
    used_kb = max(0, total_kb - free_kb)
    rows = [("/dev/block/dm-8", "/data"), ("/dev/fuse", "/storage/emulated")]
    human = "-h" in args
    wanted = [a for a in args if not a.startswith("-")]
    if wanted:
        rows = [r for r in rows if any(w.startswith(r[1]) or w == "/sdcard" for w in wanted)][:1]
    lines = ["Filesystem       1K-blocks     Used Available Use% Mounted on"]
    if human:
        lines = ["Filesystem        Size  Used Avail Use% Mounted on"]
    percent = f"{round(100 * used_kb / total_kb)}%"
    for device, mount in rows:
        if human:
            size, used, avail = (_human(total_kb), _human(used_kb), _human(free_kb))
            lines.append(f"{device:<16} {size:>5} {used:>5} {avail:>5} {percent:>4} {mount}")
        else:
            lines.append(
                f"{device:<16} {total_kb:>9} {used_kb:>8} {free_kb:>9} {percent:>4} {mount}"
            )
    return text("\n".join(lines) + "\n")


def _human(kilobytes: int) -> str:
    value = float(kilobytes)
    for unit in ("K", "M", "G", "T"):
        if value < 1024 or unit == "T":
            return f"{value:.1f}{unit}" if value < 10 else f"{value:.0f}{unit}"
        value /= 1024
    return f"{value:.0f}T"


async def reboot(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """reboot: the connection drops and the phone is back after a few seconds."""
    host.request_reboot()
    return b"", 0


async def date(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """date [+%s]: the phone's clock, which is the simulated clock its apps show."""
    now = host.model.clock.now()
    if args[:1] == ["+%s"]:
        return text(f"{int(now.timestamp())}\n")
    return text(now.strftime("%a %b %d %H:%M:%S UTC %Y") + "\n")


async def uptime(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """uptime."""
    return text(uptime_text(host.model))


COMMANDS = {
    "getprop": getprop,
    "wm": wm,
    "settings": settings,
    "ime": ime,
    "input": input_,
    "screencap": screencap,
    "uiautomator": uiautomator,
    "ifconfig": ifconfig,
    "ip": ip,
    "df": df,
    "reboot": reboot,
    "date": date,
    "uptime": uptime,
}
