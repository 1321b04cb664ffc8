"""The moments before a failure: a small ring of recent screen frames while an attempt runs.

A thread per running attempt takes a thumbnail a few times a second through the same
capture the grid uses (``ThumbnailSource``: the u2 server's scaled JPEG, screencap when
it is not there) and keeps the last ``RING_SECONDS`` of them as JPEG bytes. Nothing is
decoded or encoded while the attempt runs; only a failure turns the ring into an
animated WebP (``animated_webp``), which the attempt runner stores as a ``frames``
artifact. A slow or silent phone just gives fewer frames: a capture never holds the
attempt up, and a stop does not wait for a capture in flight (the thread ends after it;
``bench flows`` showed a join adding its wait to every attempt under load).
"""

from __future__ import annotations

import collections
import io
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from workers.device.errors import DeviceError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from workers.device.thumbnails import Thumbnail

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 2.0  # a few a second: enough to see what the flow did
RING_SECONDS = 10.0  # the seconds before the failure that are kept
FAILED_CAPTURE_PAUSE_S = 1.0  # a phone that gave no frame is asked again after this
WEBP_QUALITY = 70  # thumbnails: small files, still readable text


@dataclass(frozen=True)
class Frame:
    """One captured screen: JPEG bytes and when it arrived (time.time())."""

    jpeg: bytes
    taken_at: float


class FrameRing:
    """Keeps the last ``seconds`` of a phone's screen while it runs.

    ``capture`` takes one thumbnail (a ``ThumbnailSource.capture``); it is called from
    the ring's own thread only. Use ``start`` once, then ``stop``; ``frames`` may be read
    at any time.
    """

    def __init__(
        self,
        capture: Callable[[], Thumbnail],
        name: str,
        *,
        per_second: float = FRAMES_PER_SECOND,
        seconds: float = RING_SECONDS,
    ) -> None:
        if per_second <= 0 or seconds <= 0:
            raise ValueError("a frame ring needs a positive rate and length")
        self._capture = capture
        self._interval = 1.0 / per_second
        self._frames: collections.deque[Frame] = collections.deque(
            maxlen=max(1, round(per_second * seconds))
        )
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"frames-{name}", daemon=True)
        self.captured = 0  # frames taken in all (the ring keeps the newest)
        self.cpu_s = 0.0  # CPU time of the ring's thread so far (for bench flows)

    def start(self) -> FrameRing:
        """Start capturing in the ring's own thread."""
        self._thread.start()
        return self

    def stop(self) -> list[Frame]:
        """Stop capturing and return the frames kept, oldest first (at once: a capture
        still in flight ends on its own, and its frame is not kept)."""
        self._stopping.set()
        with self._lock:
            frames = list(self._frames)
            self._frames.clear()  # a late frame lands in an empty ring nobody reads
        return frames

    def frames(self) -> list[Frame]:
        """The frames kept now, oldest first."""
        with self._lock:
            return list(self._frames)

    def _run(self) -> None:
        while not self._stopping.is_set():
            began = time.monotonic()
            pause = self._interval
            try:
                thumbnail = self._capture()
            except DeviceError as exc:
                log.debug("no frame: %s", exc)
                pause = FAILED_CAPTURE_PAUSE_S
            except Exception:  # noqa: BLE001  (a broken capture must not end the attempt)
                log.exception("frame capture failed")
                pause = FAILED_CAPTURE_PAUSE_S
            else:
                with self._lock:
                    if not self._stopping.is_set():
                        self._frames.append(Frame(thumbnail.jpeg, thumbnail.taken_at))
                self.captured += 1
            self.cpu_s = time.thread_time()
            self._stopping.wait(max(0.0, pause - (time.monotonic() - began)))


def animated_webp(frames: Sequence[Frame], last_frame_ms: int | None = None) -> bytes:
    """Encode the frames as one looping animated WebP; each shows until the next came.

    Frames of another size than the first (a phone that rotated) are fitted to it, so
    the animation keeps one canvas.
    """
    if not frames:
        raise ValueError("no frames to encode")
    images = [Image.open(io.BytesIO(frame.jpeg)).convert("RGB") for frame in frames]
    size = images[0].size
    images = [image if image.size == size else image.resize(size) for image in images]
    tail = last_frame_ms if last_frame_ms is not None else round(1000 / FRAMES_PER_SECOND)
    durations = [
        max(20, round((later.taken_at - earlier.taken_at) * 1000))
        for earlier, later in zip(frames, frames[1:], strict=False)
    ] + [tail]
    out = io.BytesIO()
    images[0].save(
        out,
        format="WEBP",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        quality=WEBP_QUALITY,
        method=0,  # fastest: it runs on the failing phone's worker thread
        # Every frame whole: lossy frames drawn over the previous one left ghosts of it.
        kmin=0,
        kmax=1,
    )
    return out.getvalue()
