"""The JSON-RPC methods of the fake uiautomator2 server (AutomatorService names)."""

from __future__ import annotations

import asyncio
import base64
import time
from typing import TYPE_CHECKING, Any, Protocol

from workers.sim import selector as sel
from workers.sim.uitree import hierarchy_xml, obj_info

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from workers.sim.phone import PhoneModel

NOT_FOUND = "androidx.test.uiautomator.UiObjectNotFoundException"
ORIENTATIONS = {"natural": 0, "n": 0, "left": 1, "l": 1, "upsidedown": 2, "u": 2, "right": 3}
# How often waitForExists looks at the screen again while it waits.
WAIT_POLL_SECONDS = 0.1


class RpcHost(Protocol):
    """What the methods need beyond the model."""

    model: PhoneModel

    async def screenshot_jpeg(self, scale: float, quality: int) -> bytes:
        """The screen as JPEG bytes."""
        ...


class RpcError(Exception):
    """A JSON-RPC error reply: the Java exception class as message, details as data."""

    def __init__(self, message: str, data: str = "", code: int = -32001) -> None:
        super().__init__(message)
        self.message = message
        self.data = data
        self.code = code


def _args(params: Any) -> list[Any]:
    if isinstance(params, list):
        return params
    return []  # u2 sends {} for a call without arguments


def _need(args: list[Any], count: int, method: str) -> None:
    if len(args) < count:
        raise RpcError(
            "java.lang.IllegalArgumentException", f"{method} needs {count} arguments", -32602
        )


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RpcError("java.lang.IllegalArgumentException", f"not a number: {value!r}") from None


async def device_info(host: RpcHost, args: list[Any]) -> Any:
    """deviceInfo: the DeviceInfo.java getters."""
    model = host.model
    width, height = model.size
    return {
        "currentPackageName": model.current()[0],
        "displayWidth": width,
        "displayHeight": height,
        "displayRotation": model.rotation,
        "displaySizeDpX": width // 2,
        "displaySizeDpY": height // 2,
        "productName": model.identity.product,
        "naturalOrientation": True,
        "screenOn": model.screen_on,
        "sdkInt": model.identity.sdk,
    }


async def dump_hierarchy(host: RpcHost, args: list[Any]) -> Any:
    """dumpWindowHierarchy(compressed, maxDepth[, rootInActive]): the XML dump."""
    return hierarchy_xml(host.model.windows(), host.model.rotation)


async def click(host: RpcHost, args: list[Any]) -> Any:
    """click(x, y[, ms]); click(selector) is not supported (u2 3.7 never sends it)."""
    _need(args, 2, "click")
    host.model.tap(_number(args[0]), _number(args[1]))
    return True


async def swipe(host: RpcHost, args: list[Any]) -> Any:
    """swipe(sx, sy, ex, ey, steps) and drag(...)."""
    _need(args, 4, "swipe")
    host.model.swipe(*(_number(a) for a in args[:4]))
    return True


async def swipe_points(host: RpcHost, args: list[Any]) -> Any:
    """swipePoints([x1, y1, ..., xn, yn], steps): a swipe from the first to the last point."""
    _need(args, 1, "swipePoints")
    points = [_number(v) for v in args[0]]
    if len(points) >= 4:
        host.model.swipe(points[0], points[1], points[-2], points[-1])
    return True


async def inject_input_event(host: RpcHost, args: list[Any]) -> Any:
    """injectInputEvent(action, x, y, meta): 0 down, 2 move, 1 up."""
    _need(args, 3, "injectInputEvent")
    action, x, y = int(_number(args[0])), _number(args[1]), _number(args[2])
    model = host.model
    if action == 0:
        model.touch_start = (x, y)
    elif action == 1 and model.touch_start is not None:
        sx, sy = model.touch_start
        model.touch_start = None
        if abs(sx - x) + abs(sy - y) < 10:
            model.tap(x, y)
        else:
            model.swipe(sx, sy, x, y)
    return True


async def take_screenshot(host: RpcHost, args: list[Any]) -> Any:
    """takeScreenshot(scale, quality): base64 JPEG with Android's 76-column line breaks."""
    scale = _number(args[0]) if args else 1.0
    quality = int(_number(args[1])) if len(args) > 1 else 80
    encoded = base64.b64encode(await host.screenshot_jpeg(scale, quality)).decode("ascii")
    return "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76)) + "\n"


async def press_key(host: RpcHost, args: list[Any]) -> Any:
    """pressKey(name) -> bool."""
    _need(args, 1, "pressKey")
    return host.model.press_key(str(args[0]))


async def press_key_code(host: RpcHost, args: list[Any]) -> Any:
    """pressKeyCode(code[, meta]) -> bool."""
    _need(args, 1, "pressKeyCode")
    return host.model.press_key(int(_number(args[0])))


async def wake_up(host: RpcHost, args: list[Any]) -> Any:
    """wakeUp."""
    host.model.press_key("wakeup")


async def sleep(host: RpcHost, args: list[Any]) -> Any:
    """sleep (screen off)."""
    host.model.press_key("sleep")


async def is_screen_on(host: RpcHost, args: list[Any]) -> Any:
    """isScreenOn."""
    return host.model.screen_on


async def set_clipboard(host: RpcHost, args: list[Any]) -> Any:
    """setClipboard(label, text)."""
    _need(args, 2, "setClipboard")
    host.model.clipboard = None if args[1] is None else str(args[1])


async def get_clipboard(host: RpcHost, args: list[Any]) -> Any:
    """getClipboard."""
    return host.model.clipboard


async def paste_clipboard(host: RpcHost, args: list[Any]) -> Any:
    """pasteClipboard: into the focused input."""
    host.model.paste()


async def clear_input_text(host: RpcHost, args: list[Any]) -> Any:
    """clearInputText: empties the focused input."""
    host.model.clear_focused()


async def set_orientation(host: RpcHost, args: list[Any]) -> Any:
    """setOrientation(name)."""
    _need(args, 1, "setOrientation")
    host.model.rotation = ORIENTATIONS.get(str(args[0]).lower(), 0)
    host.model.changed()


async def open_notification(host: RpcHost, args: list[Any]) -> Any:
    """openNotification: the shade comes down."""
    host.model.open_shade("notifications")
    return True


async def open_quick_settings(host: RpcHost, args: list[Any]) -> Any:
    """openQuickSettings."""
    host.model.open_shade("quick_settings")
    return True


async def make_toast(host: RpcHost, args: list[Any]) -> Any:
    """makeToast(text, durationMs): shown, and kept as the last toast."""
    _need(args, 1, "makeToast")
    host.model.show_toast(str(args[0]))
    return True


async def get_last_toast(host: RpcHost, args: list[Any]) -> Any:
    """getLastToast -> the last toast's text, or None."""
    return host.model.toast


async def clear_last_toast(host: RpcHost, args: list[Any]) -> Any:
    """clearLastToast."""
    host.model.toast = None


async def get_last_traversed_text(host: RpcHost, args: list[Any]) -> Any:
    """getLastTraversedText -> the text the accessibility service last read, or None."""
    return host.model.traversed_text


async def clear_last_traversed_text(host: RpcHost, args: list[Any]) -> Any:
    """clearLastTraversedText."""
    host.model.traversed_text = None


async def returns_none(host: RpcHost, args: list[Any]) -> Any:
    """A void method the sim accepts and ignores (freezeRotation, clearLastToast, ...)."""
    return None


# ---------------------------------------------------------------------- selector methods
def _find(host: RpcHost, args: list[Any], method: str) -> list[Any]:
    _need(args, 1, method)
    try:
        return sel.find_all(host.model.windows(), args[0])
    except sel.BadSelector as exc:
        raise RpcError("java.lang.IllegalArgumentException", str(exc)) from None


def _first(host: RpcHost, args: list[Any], method: str) -> Any:
    found = _find(host, args, method)
    if not found:
        raise RpcError(NOT_FOUND, sel.describe(args[0]))
    return found[0]


async def exist(host: RpcHost, args: list[Any]) -> Any:
    """exist(selector) -> bool."""
    return bool(_find(host, args, "exist"))


async def count(host: RpcHost, args: list[Any]) -> Any:
    """count(selector) -> int."""
    return len(_find(host, args, "count"))


async def objinfo(host: RpcHost, args: list[Any]) -> Any:
    """objInfo(selector) -> ObjInfo of the first match."""
    return obj_info(_first(host, args, "objInfo"))


async def objinfo_all(host: RpcHost, args: list[Any]) -> Any:
    """objInfoOfAllInstances(selector) -> [ObjInfo]."""
    return [obj_info(node) for node in _find(host, args, "objInfoOfAllInstances")]


async def _wait(host: RpcHost, args: list[Any], want: bool, method: str) -> bool:
    timeout_ms = _number(args[1]) if len(args) > 1 else 0.0
    deadline = time.monotonic() + max(0.0, timeout_ms) / 1000
    while True:
        if bool(_find(host, args, method)) == want:
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(WAIT_POLL_SECONDS)


async def wait_for_exists(host: RpcHost, args: list[Any]) -> Any:
    """waitForExists(selector, ms) -> bool, polling the model until it appears."""
    return await _wait(host, args, True, "waitForExists")


async def wait_until_gone(host: RpcHost, args: list[Any]) -> Any:
    """waitUntilGone(selector, ms) -> bool."""
    return await _wait(host, args, False, "waitUntilGone")


async def set_text(host: RpcHost, args: list[Any]) -> Any:
    """setText(selector, text) -> bool."""
    _need(args, 2, "setText")
    return host.model.set_text(_first(host, args, "setText"), str(args[1]))


async def get_text(host: RpcHost, args: list[Any]) -> Any:
    """getText(selector) -> str."""
    return _first(host, args, "getText").text


async def clear_text_field(host: RpcHost, args: list[Any]) -> Any:
    """clearTextField(selector)."""
    host.model.set_text(_first(host, args, "clearTextField"), "")


async def ping(host: RpcHost, args: list[Any]) -> Any:
    """ping -> 'pong'."""
    return "pong"


METHODS: dict[str, Callable[[RpcHost, list[Any]], Awaitable[Any]]] = {
    "ping": ping,
    "deviceInfo": device_info,
    "dumpWindowHierarchy": dump_hierarchy,
    "click": click,
    "swipe": swipe,
    "drag": swipe,
    "swipePoints": swipe_points,
    "injectInputEvent": inject_input_event,
    "takeScreenshot": take_screenshot,
    "pressKey": press_key,
    "pressKeyCode": press_key_code,
    "wakeUp": wake_up,
    "sleep": sleep,
    "isScreenOn": is_screen_on,
    "setClipboard": set_clipboard,
    "getClipboard": get_clipboard,
    "pasteClipboard": paste_clipboard,
    "clearInputText": clear_input_text,
    "setOrientation": set_orientation,
    "freezeRotation": returns_none,
    "openNotification": open_notification,
    "openQuickSettings": open_quick_settings,
    "makeToast": make_toast,
    "getLastToast": get_last_toast,
    "clearLastToast": clear_last_toast,
    "getLastTraversedText": get_last_traversed_text,
    "clearLastTraversedText": clear_last_traversed_text,
    "exist": exist,
    "count": count,
    "objInfo": objinfo,
    "objInfoOfAllInstances": objinfo_all,
    "waitForExists": wait_for_exists,
    "waitUntilGone": wait_until_gone,
    "setText": set_text,
    "getText": get_text,
    "clearTextField": clear_text_field,
}


async def call(host: RpcHost, request: Any) -> dict[str, Any]:
    """Answer one JSON-RPC request object; errors become JSON-RPC error replies."""
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return _error(None, RpcError("Invalid Request", "not a JSON-RPC request", -32600))
    request_id = request.get("id")
    method = METHODS.get(request["method"])
    if method is None:
        return _error(request_id, RpcError("Method not found", request["method"], -32601))
    try:
        result = await method(host, _args(request.get("params")))
    except RpcError as exc:
        return _error(request_id, exc)
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def _error(request_id: Any, exc: RpcError) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "error": {"code": exc.code, "message": exc.message, "data": exc.data},
    }
