"""Package and activity commands: pm, am, monkey, ps, pidof."""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

from workers.sim.apk import BadApk, read_sim_apk
from workers.sim.commands.system import current_input_method
from workers.sim.shell import text

if TYPE_CHECKING:
    from workers.sim.shell import Result, ShellHost


def _pm_list(host: ShellHost, args: list[str]) -> Result:
    packages = sorted(host.model.packages.values(), key=lambda p: p.name)
    if "-3" in args:
        packages = [p for p in packages if not p.system]
    if "-s" in args:
        packages = [p for p in packages if p.system]
    words = [a for a in args if not a.startswith("-")]
    if words:
        packages = [p for p in packages if words[0] in p.name]
    with_path = "-f" in args
    lines = [
        f"package:{p.apk_path}={p.name}" if with_path else f"package:{p.name}" for p in packages
    ]
    return text("".join(line + "\n" for line in lines))


def _pm_install(host: ShellHost, args: list[str]) -> Result:
    paths = [a for a in args if a.startswith("/")]
    if not paths:
        return text("Error: no package specified\n", 1)
    file = host.model.fs.get(paths[-1])
    if file is None:
        return text(f"Failure [INSTALL_FAILED_INVALID_URI: {paths[-1]} not found]\n", 1)
    try:
        info = read_sim_apk(file.data)
    except BadApk as exc:
        return text(f"Failure [INSTALL_PARSE_FAILED_NOT_APK: {exc}]\n", 1)
    old = host.model.packages.get(info.name)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    info.first_install = old.first_install if old else stamp
    info.last_update = stamp
    host.model.install(info)
    return text("Success\n")


async def pm(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """pm list packages | path | install | uninstall | clear | grant."""
    model = host.model
    verb, rest = (args[0], args[1:]) if args else ("", [])
    if verb == "list" and rest[:1] == ["packages"]:
        return _pm_list(host, rest[1:])
    if verb == "path" and rest:
        info = model.packages.get(rest[-1])
        return text(f"package:{info.apk_path}\n") if info else (b"", 1)
    if verb == "install":
        return _pm_install(host, rest)
    if verb == "uninstall" and rest:
        if model.uninstall(rest[-1]):
            return text("Success\n")
        return text("Failure [DELETE_FAILED_INTERNAL_ERROR]\n", 1)
    if verb == "clear" and rest:
        if rest[-1] not in model.packages:
            return text("Failed\n", 1)
        model.force_stop(rest[-1])
        return text("Success\n")
    if verb in ("grant", "revoke") and len(rest) >= 2:
        return b"", 0 if rest[0] in model.packages else 1
    return text("usage: pm [list|path|install|uninstall|clear|grant] ...\n", 1)


# uiautomator2's AdbKeyboard (com.github.uiautomator/.AdbKeyboard) takes its input as
# broadcasts while it is the phone's input method: text in base64, clear, hide, enter.
KEYBOARD_ACTIONS = (
    "ADB_KEYBOARD_INPUT_TEXT",
    "ADB_KEYBOARD_CLEAR_TEXT",
    "ADB_KEYBOARD_HIDE",
    "ADB_KEYBOARD_EDITOR_CODE",
    "ADB_KEYBOARD_SMART_ENTER",
)


def _keyboard_receives(host: ShellHost, action: str) -> bool:
    if action not in KEYBOARD_ACTIONS:
        return False
    method = current_input_method(host)
    package = method.split("/", 1)[0]
    info = host.model.packages.get(package)
    return info is not None and method in info.ime_ids


def _keyboard(host: ShellHost, action: str, args: list[str]) -> bool:
    """What the AdbKeyboard does with one broadcast; False when it cannot."""
    model = host.model
    if action == "ADB_KEYBOARD_INPUT_TEXT":
        try:
            typed = base64.b64decode(_option(args, "text") or "", validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return False
        return model.type_text(typed)
    if action == "ADB_KEYBOARD_CLEAR_TEXT":
        model.clear_focused()
    elif action in ("ADB_KEYBOARD_EDITOR_CODE", "ADB_KEYBOARD_SMART_ENTER"):
        model.press_key("enter")
    return True


def _option(args: list[str], flag: str) -> str | None:
    if flag in args:
        index = args.index(flag)
        if index + 1 < len(args):
            return args[index + 1]
    return None


def _am_start(host: ShellHost, args: list[str]) -> Result:
    model = host.model
    component = _option(args, "-n")
    if "-S" in args and component:
        model.force_stop(component.split("/", 1)[0])
    if component is None:
        action = _option(args, "-a") or "android.intent.action.MAIN"
        url = _option(args, "-d")
        if url is not None:
            return _open_url(host, action, url)
        return text(f"Starting: Intent {{ act={action} }}\n")
    package, _, activity = component.partition("/")
    info = model.packages.get(package)
    out = f"Starting: Intent {{ cmp={component} }}\n"
    exported = info.launch_activity if info is not None else None
    if exported is None or activity not in (exported, package + exported):
        out += f"Error type 3\nError: Activity class {{{component}}} does not exist.\n"
        return text(out, 1)
    model.launch(package)
    return text(out)


def _open_url(host: ShellHost, action: str, url: str) -> Result:
    """A VIEW intent with a URL: the package whose scheme it is opens it."""
    model = host.model
    scheme = url.partition(":")[0].lower()
    out = f"Starting: Intent {{ act={action} dat={url} }}\n"
    handler = next((p for p in model.packages.values() if scheme in p.url_schemes), None)
    if handler is None and scheme in ("http", "https"):
        model.open_url(url)  # no app claims the link: the phone's browser shows it
        return text(out)
    if handler is None or not model.launch(handler.name):
        return text(out + "Error: Activity not started, unable to resolve Intent\n", 1)
    if model.front_app().open_url(url):
        model.changed()
    return text(out)


async def am(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """am start | start-activity | force-stop | kill | broadcast."""
    verb, rest = (args[0], args[1:]) if args else ("", [])
    if verb in ("start", "start-activity"):
        return _am_start(host, rest)
    if verb in ("force-stop", "kill") and rest:
        host.model.force_stop(rest[-1])
        return b"", 0
    if verb == "broadcast":
        action = _option(rest, "-a") or ""
        head = f"Broadcasting: Intent {{ act={action} flg=0x400000 }}\n"
        if _keyboard_receives(host, action):
            done = _keyboard(host, action, rest)
            code, data = (-1, "success") if done else (0, "failed")
            return text(head + f'Broadcast completed: result={code}, data="{data}"\n')
        return text(head + "Broadcast completed: result=0\n")
    return text("usage: am [start|force-stop|kill|broadcast] ...\n", 1)


async def monkey(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """monkey -p PACKAGE -c android.intent.category.LAUNCHER 1: launch an app."""
    package = _option(args, "-p")
    if package is None or not host.model.launch(package):
        return text("** No activities found to run, monkey aborted.\n", 252)
    return text(
        "  bash arg: -p\n  bash arg: " + package + "\n"
        "Events injected: 1\n## Network stats: elapsed time=12ms\n"
    )


def _process_rows(host: ShellHost) -> list[tuple[str, int, int, str]]:
    model = host.model
    rows = [
        ("root", 1, 0, "init"),
        ("root", 560, 1, "zygote64"),
        ("system", 1100, 560, "system_server"),
        ("u0_a50", 1500, 560, "com.android.launcher3"),
    ]
    for number, (package, running) in enumerate(model.running.items()):
        rows.append((f"u0_a{100 + number}", running.pid, 560, package))
    server_pid = host.u2_server_pid()
    if server_pid is not None:
        rows.append(("shell", server_pid, 1, "com.wetest.uia2.Main"))
    rows.append(("shell", 9001, 1, "sh"))
    return rows


async def ps(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """ps [-A]: nine columns, PID second, NAME last (what u2's app_list_running parses)."""
    lines = ["USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME"]
    for user, pid, ppid, name in _process_rows(host):
        lines.append(f"{user:<12} {pid:>5} {ppid:>5} 1010000  27580 SyS_epoll_ 0000000000 S {name}")
    return text("\n".join(lines) + "\n")


async def pidof(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """pidof NAME."""
    pids = [str(pid) for _u, pid, _p, name in _process_rows(host) if args and name == args[0]]
    return text(" ".join(pids) + "\n", 0) if pids else (b"", 1)


COMMANDS = {"pm": pm, "am": am, "monkey": monkey, "ps": ps, "pidof": pidof}
