"""Thumbnails: small JPEGs of a phone's screen for the grid, and how they were captured.

The preferred source is the uiautomator2 server's own screenshot endpoint
(``GET /screenshot/0?scale=&quality=`` on the phone's port 9008, reached through the
adb server), which scales and encodes on the phone. When it is not there (server not
started, or an old server) the phone's ``screencap -p`` PNG is scaled here instead,
and the endpoint is tried again after a while.
"""

from __future__ import annotations

import enum
import http.client
import time
from dataclasses import dataclass
from typing import Any

import adbutils

from workers.device.adb import device_error
from workers.device.errors import DeviceError, ErrorCode, is_device_exception
from workers.device.images import JPEG_MAGIC, PNG_MAGIC, image_size, open_image, to_jpeg

U2_PORT = 9008


class CaptureMethod(enum.StrEnum):
    """How a thumbnail was taken; stored as devices.capture_method (a contract)."""

    U2_ENDPOINT = "u2-screenshot"  # the on-phone server scaled and encoded it
    SCREENCAP = "screencap"  # full PNG from ``screencap -p``, scaled on this PC


@dataclass(frozen=True)
class Thumbnail:
    """One captured thumbnail.

    Attributes:
        jpeg: the JPEG bytes.
        width, height: its size in pixels.
        method: how it was captured.
        taken_at: time.time() when it arrived.
    """

    jpeg: bytes
    width: int
    height: int
    method: CaptureMethod
    taken_at: float


class _AdbHTTPConnection(http.client.HTTPConnection):
    """HTTP to a port on the phone, through an adb stream instead of a TCP socket."""

    def __init__(self, adb_device: Any, port: int, timeout: float) -> None:
        super().__init__("127.0.0.1", port, timeout=timeout)
        self._adb_device = adb_device
        self._port = port

    def connect(self) -> None:
        sock = self._adb_device.create_connection(adbutils.Network.TCP, self._port)
        sock.settimeout(self.timeout)
        self.sock = sock


class ThumbnailSource:
    """Takes thumbnails of one phone; use it from one thread.

    Attributes:
        method: how the last thumbnail was captured (None before the first).
    """

    def __init__(
        self,
        client: Any,
        adb_serial: str,
        *,
        scale: float = 0.25,
        quality: int = 60,
        timeout: float = 5.0,
        retry_endpoint_seconds: float = 10.0,
    ) -> None:
        if not 0 < scale <= 1:
            raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"thumbnail scale {scale} not in (0, 1]")
        if not 1 <= quality <= 100:
            raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"thumbnail quality {quality} not 1-100")
        self.adb_serial = adb_serial
        self.scale = scale
        self.quality = quality
        self.timeout = timeout
        self.retry_endpoint_seconds = retry_endpoint_seconds
        self.method: CaptureMethod | None = None
        self._client = client
        self._adb = client.device(adb_serial)
        self._endpoint_retry_at = 0.0

    def capture(self) -> Thumbnail:
        """Take one thumbnail: from the endpoint when it answers, else by screencap."""
        try:
            if time.monotonic() >= self._endpoint_retry_at:
                jpeg = self._from_endpoint()
                if jpeg is not None:
                    return self._done(jpeg, CaptureMethod.U2_ENDPOINT)
                self._endpoint_retry_at = time.monotonic() + self.retry_endpoint_seconds
            return self._done(self._from_screencap(), CaptureMethod.SCREENCAP)
        except DeviceError:
            raise
        except Exception as exc:
            if not is_device_exception(exc):
                raise
            raise device_error(exc, "thumbnail", self._client, self.adb_serial) from exc

    def _from_endpoint(self) -> bytes | None:
        """The endpoint's JPEG, or None when the phone has no such endpoint running."""
        path = f"/screenshot/0?scale={self.scale:g}&quality={self.quality}"
        try:
            conn = _AdbHTTPConnection(self._adb, U2_PORT, self.timeout)
            try:
                conn.request("GET", path, headers={"Accept-Encoding": ""})
                response = conn.getresponse()
                body = response.read()
            finally:
                conn.close()
        except adbutils.AdbError as exc:
            if "closed" in str(exc):  # nothing listens on the port: the u2 server is down
                return None
            raise
        if response.status != 200 or not body.startswith(JPEG_MAGIC):
            return None
        return body

    def _from_screencap(self) -> bytes:
        png = self._adb.shell("screencap -p", timeout=self.timeout, encoding=None)
        if not bytes(png).startswith(PNG_MAGIC):
            raise DeviceError(
                ErrorCode.DEVICE_LOST,
                f"screencap gave no PNG ({len(png)} bytes)",
                serial=self.adb_serial,
            )
        return to_jpeg(open_image(bytes(png), "screencap"), self.quality, self.scale)

    def _done(self, jpeg: bytes, method: CaptureMethod) -> Thumbnail:
        width, height = image_size(jpeg)
        self.method = method
        return Thumbnail(jpeg, width, height, method, time.time())
