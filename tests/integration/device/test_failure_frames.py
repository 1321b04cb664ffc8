"""The moments before a failure: a failing attempt on a simulated phone stores the
phone's last screens as an animated WebP (kind ``frames``), and none when the setting
``failure_frames`` is off.

The flow shows three different screens a second and a half each, then fails. Every
frame of the stored WebP is compared with what the simulated phone showed (rendered by
the simulator at the grid's thumbnail size): each frame must be one of those screens,
in the order they were shown, each screen must appear, and the last frame must be the
screen at the failure.
"""

from __future__ import annotations

import io
import re
import time
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import Qt

from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.pool.states import ErrorClass
from tests.integration.device.conftest import TEST_PACKAGE, install_test_app, rid
from tests.unit.workers.test_attempt import CountParams, Store, spec
from workers.device.hierarchy import Selector
from workers.device_worker import DeviceWorker
from workers.flows.registry import FlowRegistry
from workers.flows.sdk import FatalFailure, Flow
from workers.sim import render
from workers.sim.simvideo import PACKAGE as SIMVIDEO

if TYPE_CHECKING:
    from pathlib import Path

    from workers.flows.sdk import FlowContext
    from workers.sim.fleet import PhoneInfo, SimFleet

SHOW_S = 1.5  # each screen stays this long: about three frames at two a second
THUMB_SCALE, THUMB_QUALITY = 0.25, 60  # what ThumbnailSource asks the phone for


class ScreensThenFail:
    """A flow that shows home, the test app, then SimVideo, and fails; it renders what
    the phone shows after each change (the ground truth the frames are compared with)."""

    def __init__(self, fleet: SimFleet, index: int) -> None:
        self.fleet, self.index = fleet, index
        self.shown: list[tuple[str, Image.Image]] = []

    def flows(self) -> Any:
        flow = Flow("test.screens", "Screens, then fail.", CountParams, None, self.run)
        registry = FlowRegistry([flow])

        class Source:
            def flow(self, name: str) -> Flow:
                return registry.get(name)

            def profile(self, name: str) -> Any:
                return None

        return Source()

    def run(self, ctx: FlowContext) -> None:
        phone = ctx.device
        ctx.step("home")
        phone.press("home")
        self._show("home")
        ctx.step("open the app")
        phone.app_start(TEST_PACKAGE)
        phone.wait(Selector(resource_id=rid("go")))
        self._show("app")
        ctx.step("open SimVideo")
        phone.app_start(SIMVIDEO)
        phone.wait_app(SIMVIDEO)
        self._show("simvideo")
        raise FatalFailure("the test's flow fails here", code="test_failure")

    def _show(self, name: str) -> None:
        jpeg = self.fleet.inspect(
            self.index,
            lambda m: render.encode_frame(
                m.windows(), m.size, m.screen_on, "jpeg", THUMB_SCALE, THUMB_QUALITY
            ),
        )
        self.shown.append((name, Image.open(io.BytesIO(jpeg)).convert("L")))
        time.sleep(SHOW_S)


def _run(
    sim_fleet: SimFleet, phone: PhoneInfo, client: Any, tmp_path: Path, record_frames: bool
) -> tuple[Any, ScreensThenFail, Spool]:
    install_test_app(sim_fleet, phone.index)
    flow = ScreensThenFail(sim_fleet, phone.index)
    spool = Spool(tmp_path / ("on" if record_frames else "off"))
    worker = DeviceWorker(
        phone.adb_serial, client, flow.flows(), Store(), spool, record_frames=record_frames
    )
    outcomes: list[Any] = []
    direct = Qt.ConnectionType.DirectConnection  # no event loop runs in this test
    worker.attempt_finished.connect(lambda _l, _s, outcome: outcomes.append(outcome), direct)
    try:
        worker.run(spec("test.screens"))
    finally:
        worker.close()
    assert len(outcomes) == 1
    return outcomes[0], flow, spool


def _difference(a: Image.Image, b: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def test_a_failure_stores_the_screens_before_it_as_an_animated_webp(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, device_client: Any, tmp_path: Path
) -> None:
    outcome, flow, spool = _run(sim_fleet, sim_phone, device_client, tmp_path, True)
    assert outcome.error_class is ErrorClass.FATAL
    assert outcome.error_code == "test_failure"
    frames = [ref for ref in outcome.artifacts if ref.kind is ArtifactKind.FRAMES]
    assert len(frames) == 1
    webp = spool.read(frames[0].id)
    animation = Image.open(io.BytesIO(webp))
    assert animation.format == "WEBP"
    assert animation.is_animated
    log = spool.read(next(r.id for r in outcome.artifacts if r.kind is ArtifactKind.LOG))
    kept = int(re.search(rb"kept (\d+) frames", log).group(1))  # type: ignore[union-attr]
    # About 4.5 s at two frames a second; a slow capture may skip one or two. The
    # encoder merges identical neighbours into one longer frame, so the animation has
    # fewer frames than were kept, and plays as long.
    assert 5 <= kept <= 11, kept
    names = [name for name, _ in flow.shown]
    matched: list[str] = []
    played_ms = 0
    for number in range(animation.n_frames):
        animation.seek(number)
        frame = animation.convert("L")  # loads the frame, and with it its duration
        played_ms += animation.info["duration"]
        assert frame.size == flow.shown[0][1].size  # the grid's thumbnail size
        distances = {name: _difference(frame, shown) for name, shown in flow.shown}
        best = min(distances, key=lambda name: distances[name])
        # The nearest screen is near (WebP and JPEG losses) and the others are not.
        assert distances[best] < 6, (number, distances)
        assert all(d > 3 * distances[best] for n, d in distances.items() if n != best), distances
        matched.append(best)
    # The frames follow the screens in the order the phone showed them, and each was seen.
    assert sorted(matched, key=names.index) == matched, matched
    assert set(matched) == set(names), matched
    assert matched[-1] == "simvideo"
    assert 3_500 <= played_ms <= 7_000, played_ms


def test_no_frames_are_kept_when_the_setting_is_off(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, device_client: Any, tmp_path: Path
) -> None:
    outcome, _flow, _spool = _run(sim_fleet, sim_phone, device_client, tmp_path, False)
    assert outcome.error_code == "test_failure"
    kinds = {ref.kind for ref in outcome.artifacts}
    assert ArtifactKind.SCREENSHOT in kinds  # the other evidence is still kept
    assert ArtifactKind.FRAMES not in kinds
