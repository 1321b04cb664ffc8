"""Thumbnails: scaled JPEGs from the u2 endpoint, and the screencap fallback."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

from workers.device.errors import DeviceError, ErrorCode
from workers.device.thumbnails import CaptureMethod, ThumbnailSource

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.device.driver import DeviceDriver
    from workers.sim.fleet import PhoneInfo, SimFleet

SCREEN = (720, 1280)


def _check_jpeg(data: bytes, size: tuple[int, int]) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == size
    image.load()


@pytest.mark.parametrize(("scale", "size"), [(0.25, (180, 320)), (0.5, (360, 640))])
def test_endpoint_thumbnail_of_the_requested_scale(
    sim_phone: PhoneInfo,
    make_driver: Callable[..., DeviceDriver],
    device_client: Any,
    scale: float,
    size: tuple[int, int],
) -> None:
    make_driver(sim_phone).connect()  # the uiautomator2 server runs on the phone
    source = ThumbnailSource(device_client, sim_phone.adb_serial, scale=scale, quality=60)
    thumb = source.capture()
    assert thumb.method is CaptureMethod.U2_ENDPOINT
    assert source.method is CaptureMethod.U2_ENDPOINT
    assert (thumb.width, thumb.height) == size
    _check_jpeg(thumb.jpeg, size)


def test_screencap_fallback_when_the_endpoint_is_down_and_back_when_it_returns(
    sim_phone: PhoneInfo,
    sim_fleet: SimFleet,
    make_driver: Callable[..., DeviceDriver],
    device_client: Any,
) -> None:
    assert not sim_fleet.status(sim_phone.index).u2_running
    source = ThumbnailSource(
        device_client, sim_phone.adb_serial, scale=0.25, retry_endpoint_seconds=0
    )
    thumb = source.capture()
    assert thumb.method is CaptureMethod.SCREENCAP
    _check_jpeg(thumb.jpeg, (180, 320))
    assert any("screencap" in e.detail for e in sim_fleet.events(sim_phone.index, "service"))

    make_driver(sim_phone).connect()
    assert source.capture().method is CaptureMethod.U2_ENDPOINT
    assert sim_fleet.crash_u2(sim_phone.index)
    thumb = source.capture()
    assert thumb.method is CaptureMethod.SCREENCAP
    _check_jpeg(thumb.jpeg, (180, 320))


def test_thumbnail_of_a_phone_gone_offline_is_device_lost(
    sim_phone: PhoneInfo, sim_fleet: SimFleet, device_client: Any
) -> None:
    source = ThumbnailSource(device_client, sim_phone.adb_serial, timeout=2.0)
    source.capture()
    sim_fleet.set_offline(sim_phone.index)
    with pytest.raises(DeviceError) as info:
        source.capture()
    assert info.value.code is ErrorCode.DEVICE_LOST


def test_bad_scale_or_quality_is_refused(device_client: Any) -> None:
    with pytest.raises(DeviceError, match="scale"):
        ThumbnailSource(device_client, "127.0.0.1:1", scale=0)
    with pytest.raises(DeviceError, match="quality"):
        ThumbnailSource(device_client, "127.0.0.1:1", quality=101)
