"""The frame ring keeps only its last seconds, survives a phone that gives no frame, and
its WebP plays each frame as long as it was on screen."""

from __future__ import annotations

import io
import time

from PIL import Image

from workers.device.errors import DeviceError, ErrorCode
from workers.device.thumbnails import CaptureMethod, Thumbnail
from workers.frame_ring import Frame, FrameRing, animated_webp


def _jpeg(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (36, 64), (shade, shade, shade)).save(out, "JPEG")
    return out.getvalue()


class Screens:
    """A phone whose screen gets brighter with every capture; it fails every third one."""

    def __init__(self) -> None:
        self.taken = 0

    def capture(self) -> Thumbnail:
        self.taken += 1
        if self.taken % 3 == 0:
            raise DeviceError(ErrorCode.DEVICE_LOST, "no frame this time")
        return Thumbnail(_jpeg(self.taken), 36, 64, CaptureMethod.U2_ENDPOINT, time.time())


def test_the_ring_keeps_only_the_newest_frames_and_rides_over_failed_captures() -> None:
    screens = Screens()
    ring = FrameRing(screens.capture, "test", per_second=50, seconds=0.1)  # room for 5
    ring.start()
    deadline = time.monotonic() + 5
    while ring.captured < 8 and time.monotonic() < deadline:
        time.sleep(0.01)
    frames = ring.stop()
    assert ring.captured >= 8
    assert len(frames) == 5
    assert [f.taken_at for f in frames] == sorted(f.taken_at for f in frames)
    # The newest screens: the last frame kept is the brightest one captured.
    shades = [Image.open(io.BytesIO(f.jpeg)).convert("L").getpixel((5, 5)) for f in frames]
    assert shades == sorted(shades)
    assert shades[-1] >= ring.captured  # captures before the ring was full were dropped


def test_the_animation_shows_each_frame_as_long_as_it_was_on_screen() -> None:
    frames = [Frame(_jpeg(0), 100.0), Frame(_jpeg(120), 100.4), Frame(_jpeg(240), 101.4)]
    webp = animated_webp(frames, last_frame_ms=300)
    animation = Image.open(io.BytesIO(webp))
    durations = []
    for number in range(animation.n_frames):
        animation.seek(number)
        animation.load()
        durations.append(animation.info["duration"])
    assert durations == [400, 1000, 300]
