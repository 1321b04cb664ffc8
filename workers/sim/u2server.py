"""The fake uiautomator2 server: its life (app_process launch, crash) and its HTTP routes.

Every HTTP request arrives as its own ``tcp:9008`` adb stream; the request is parsed
straight from the stream bytes (no extra real port per phone), answered with
Content-Length, and the stream is closed, as NanoHTTPD does for uiautomator2's client.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workers.sim import rpc

if TYPE_CHECKING:
    from workers.sim.adbd import Stream

DEFAULT_PORT = 9008
STARTED_LINE = b"[server] INFO: [UiAutomator2Server] Starting Server\n"
ALREADY_REGISTERED = (
    b"java.lang.IllegalStateException: UiAutomationService "
    b"android.accessibilityservice.IAccessibilityServiceClient$Stub$Proxy@5deffd5"
    b"already registered!\n"
)
_LAUNCH = re.compile(r"\bapp_process\b.*\bcom\.wetest\.uia2\.Main\b")
_PORT_ARG = re.compile(r"-p\s+(\d+)")
_CLASSPATH = re.compile(r"CLASSPATH=(\S+)")
MAX_BODY = 1024 * 1024


def launch_command(command: str) -> bool:
    """True for the shell line uiautomator2 uses to start its server."""
    return _LAUNCH.search(command) is not None


def launch_port(command: str) -> int:
    """The -p PORT of a launch line (9008 when absent)."""
    match = _PORT_ARG.search(command)
    return int(match.group(1)) if match else DEFAULT_PORT


def launch_classpath(command: str) -> str:
    """The jar a launch line loads."""
    match = _CLASSPATH.search(command)
    return match.group(1) if match else "/data/local/tmp/u2.jar"


class U2Server:
    """Whether the on-device server runs, on which port, and the stream that launched it.

    Attributes:
        survives_detach: keep serving after the launch stream closes (the path where
            uiautomator2 finds a server already alive); off by default, like app_process
            dying with its shell.
    """

    def __init__(self, survives_detach: bool = False) -> None:
        self.survives_detach = survives_detach
        self.port: int | None = None
        self.pid: int | None = None
        self.stream: Stream | None = None
        self._next_pid = 7000

    @property
    def running(self) -> bool:
        """True while /ping answers."""
        return self.port is not None

    def serves(self, port: int) -> bool:
        """True when a tcp:PORT stream reaches the server."""
        return self.port == port

    def start(self, port: int, stream: Stream | None) -> None:
        """Mark the server up on a port, launched by stream."""
        self._next_pid += 1
        self.port, self.pid, self.stream = port, self._next_pid, stream

    def detached(self, stream: Stream) -> None:
        """The launching stream closed: the server dies with it unless it survives."""
        if self.stream is stream:
            self.stream = None
            if not self.survives_detach:
                self.stop()

    def stop(self) -> None:
        """The server process ends."""
        self.port = self.pid = None

    def crash(self) -> bool:
        """The server dies at once: its launch stream closes; False when it was not running."""
        if not self.running:
            return False
        stream = self.stream
        self.stop()
        self.stream = None
        if stream is not None:
            stream.close_now()
        return True


@dataclass(frozen=True)
class Request:
    """One parsed HTTP request."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes


class BadRequest(Exception):
    """The bytes are not an HTTP request the server understands."""


async def read_request(stream: Stream) -> Request:
    """Read one HTTP/1.1 request (headers, then Content-Length bytes of body)."""
    buffer = bytearray()
    while b"\r\n\r\n" not in buffer:
        buffer += await stream.read_some()
        if len(buffer) > 65536:
            raise BadRequest("headers too long")
    head, _, body = bytes(buffer).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        raise BadRequest(f"bad request line {lines[0]!r}")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", "0") or 0)
    if length > MAX_BODY:
        raise BadRequest("body too large")
    rest = length - len(body)
    if rest > 0:
        body += await stream.read_exactly(rest)
    url = urllib.parse.urlsplit(parts[1])
    query = dict(urllib.parse.parse_qsl(url.query))
    return Request(parts[0], url.path, query, body[:length])


def response(status: int, content_type: str, body: bytes) -> bytes:
    """An HTTP/1.1 response with Content-Length, closing the connection."""
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


async def route(host: rpc.RpcHost, server: U2Server, request: Request) -> bytes:
    """The response bytes for one request."""
    if request.path == "/ping":
        return response(200, "text/plain", b"pong")
    if request.path == "/jsonrpc/0" and request.method == "POST":
        try:
            payload = json.loads(request.body or b"null")
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            host.model.record("rpc", str(payload.get("method")))
        reply = await rpc.call(host, payload)
        return response(200, "application/json", json.dumps(reply).encode("utf-8"))
    if request.path == "/stop":
        server.crash()
        return response(200, "text/plain", b"Server stopped!!!")
    if request.path == "/screenshot/0":
        return await _thumbnail(host, request)
    return response(404, "text/plain", b"Not Found!!!")


async def _thumbnail(host: rpc.RpcHost, request: Request) -> bytes:
    try:
        scale = float(request.query.get("scale", "1"))
        quality = int(request.query.get("quality", "80"))
    except ValueError:
        return response(400, "text/plain", b"bad scale or quality")
    if not (0 < scale <= 1) or not (1 <= quality <= 100):
        return response(400, "text/plain", b"scale must be in (0, 1], quality in 1..100")
    return response(200, "image/jpeg", await host.screenshot_jpeg(scale, quality))
