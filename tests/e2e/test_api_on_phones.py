"""The dispatch centre's view, end to end on simulated phones: a batch of every mode and
a pinned phone submitted over HTTPS, one signed task.finished per task with the
database's status, and a cancel over the API that stops a running flow (kill: and its app).

Real parts: the host agent and its workers, adb, uiautomator2, SimVideo, the API over
TLS with its dispatcher, and a receiver verifying with ``standardwebhooks``.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import select

from db.artifacts.catalog import ARTIFACTS
from db.models import Device
from db.pool.tx import run_transaction
from tests.e2e.test_worker_failures import long_video
from tests.support.api import start_api, wait_for
from tests.support.sim import login_usable
from workers.sim.simvideo import PACKAGE as SIMVIDEO

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from tests.support.api import Receiver
    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog


def known_phones(engine: Engine) -> set[str]:
    return set(run_transaction(engine, lambda s: s.scalars(select(Device.serial)).all()))


def test_a_batch_submitted_over_the_api_runs_on_phones_and_reports_back(
    engine: Engine,
    sim_catalog: Catalog,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    receiver: Receiver,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    phones = [sim_phone_factory() for _ in range(3)]
    start_host(engine, devices={p.serial for p in phones})
    qtbot.waitUntil(lambda: len(known_phones(engine)) == 3, timeout=30_000)
    api = start_api(engine, tmp_path / "api")
    try:
        receiver.secret = api.set_endpoint(receiver.url)
        body = {"client_batch_id": "DC-E2E", "tasks": [
            {"client_task_id": "E-pool", "flow": "device.health", "mode": "pool"},
            {"client_task_id": "E-each", "flow": "device.health", "mode": "each-device"},
            {"client_task_id": "E-spread", "flow": "app.launch", "mode": "spread",
             "successes": 2, "params": {"app": "simvideo"}},
            {"client_task_id": "E-pinned", "flow": "device.health",
             "target": {"devices": [phones[1].serial]}},
        ]}  # fmt: skip
        with api.client() as client:
            answer = client.post("/v1/batches", json=body)
            assert answer.status_code == 201, answer.text
            wanted = {"E-pool", "E-each", "E-spread", "E-pinned"}
            wait_for(
                lambda: (
                    {e["data"]["task"]["client_task_id"] for e in receiver.events("task.finished")}
                    == wanted
                ),  # fmt: skip
                timeout=120,
            )
            finished = receiver.events("task.finished")
            assert Counter(e["data"]["task"]["client_task_id"] for e in finished) == dict.fromkeys(
                wanted, 1
            )
            for event in finished:
                task = client.get(f"/v1/tasks/{event['data']['task']['client_task_id']}").json()
                assert event["data"]["task"]["status"] == task["status"] == "succeeded"
            pinned = client.get("/v1/tasks/E-pinned/attempts").json()["items"]
            assert {a["device"] for a in pinned} == {phones[1].serial}
            each = client.get("/v1/tasks/E-each/attempts").json()["items"]
            assert {a["device"] for a in each} == {p.serial for p in phones}
            wait_for(lambda: receiver.events("batch.finished"), timeout=30)
        assert all(d.verified for d in receiver.deliveries)
    finally:
        api.stop.set()
        api.thread.join(timeout=15)


@pytest.mark.parametrize("strategy", ["soft", "kill"])
def test_a_cancel_over_the_api_stops_a_running_flow_and_kill_also_force_stops_the_app(
    strategy: str,
    engine: Engine,
    sim_catalog: Catalog,
    sim_fleet: SimFleet,
    sim_adb: Any,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    receiver: Receiver,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    phone = sim_phone_factory()
    login_usable(sim_fleet, phone)  # the flow must run until the cancel, not end restricted
    start_host(engine, devices={phone.serial})
    qtbot.waitUntil(lambda: len(known_phones(engine)) == 1, timeout=30_000)
    api = start_api(engine, tmp_path / "api")
    creator, video = long_video(sim_catalog)
    try:
        receiver.secret = api.set_endpoint(receiver.url)
        params = {"creator": creator, "title": video.title, "max_comments": 500, "scan_limit": 10}
        body = {"client_batch_id": "DC-STOP", "tasks": [
            {"client_task_id": "S-1", "flow": "collect.comments", "params": params}]}  # fmt: skip
        with api.client() as client:
            assert client.post("/v1/batches", json=body).status_code == 201
            wait_for(lambda: client.get("/v1/tasks/S-1").json()["status"] == "running", 60)
            wait_for(lambda: sim_fleet.status(phone.index).package == SIMVIDEO, 30)
            time.sleep(0.8)  # well inside the flow
            asked = time.monotonic()
            answer = client.post("/v1/tasks/S-1/cancel", json={"strategy": strategy})
            assert answer.status_code == 202
            assert answer.json()["status"] in ("cancelling", "cancelled")
            wait_for(lambda: receiver.events("task.cancelled"), timeout=20)
            took = time.monotonic() - asked
            (attempt,) = client.get("/v1/tasks/S-1/attempts").json()["items"]
            assert attempt["status"] == "cancelled"
            assert client.get("/v1/tasks/S-1").json()["status"] == "cancelled"
        print(f"\nAPI cancel ({strategy}) -> task.cancelled at the receiver: {took * 1000:.0f} ms")
        finished = receiver.events("task.finished")
        assert [e["data"]["task"]["status"] for e in finished] == ["cancelled"]
        # What the phone says: soft leaves SimVideo open where the flow stopped; kill
        # force-stopped it (no process, the launcher in front).
        pid = sim_adb.device(phone.adb_serial).shell(["pidof", SIMVIDEO]).strip()
        front = sim_fleet.status(phone.index).package
        if strategy == "soft":
            assert pid, "soft: the app keeps running"
            assert front == SIMVIDEO
        else:
            assert not pid, "kill: the app's process is gone"
            assert front != SIMVIDEO
    finally:
        api.stop.set()
        api.thread.join(timeout=15)


@pytest.mark.slow  # ~20 s: the flow waits out its screen timeout for the missing creator
def test_a_failure_screenshot_comes_over_the_api_byte_for_byte(
    engine: Engine,
    sim_adb: Any,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    receiver: Receiver,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    phone = sim_phone_factory()
    start_host(engine, devices={phone.serial})
    qtbot.waitUntil(lambda: len(known_phones(engine)) == 1, timeout=30_000)
    # One PC: the API reads the host's store (local with SQLite, the database with MySQL).
    api = start_api(engine, tmp_path / "api", data_dir=tmp_path / "pc-1")
    try:
        receiver.secret = api.set_endpoint(receiver.url)
        body = {"client_batch_id": "DC-SHOT", "tasks": [
            {"client_task_id": "F-1", "flow": "collect.titles", "max_attempts": 1,
             "params": {"creator": "nobody-at-all", "count": 1}}]}  # fmt: skip
        with api.client() as client:
            assert client.post("/v1/batches", json=body).status_code == 201
            wait_for(lambda: receiver.events("task.finished"), timeout=60)
            (event,) = receiver.events("attempt.finished")
            error = event["data"]["error"]
            assert error["class"] == "fatal"
            url = error["artifacts"]["screenshot"]
            artifact_id = url.rsplit("/", 1)[1]
            # Uploaded by the host in the background: 409 until it is stored.
            answer = wait_for(lambda: (r := client.get(url)).status_code == 200 and r, 30)
        recorded = run_transaction(
            engine,
            lambda s: s.execute(
                select(ARTIFACTS.c.size, ARTIFACTS.c.sha256).where(ARTIFACTS.c.id == artifact_id)
            ).one(),
        )
        data = answer.content
        assert answer.headers["content-type"] == "image/png"
        assert len(data) == recorded.size > 1000
        assert hashlib.sha256(data).hexdigest() == recorded.sha256
        assert answer.headers["etag"] == f'"{recorded.sha256}"'
        image = QImage.fromData(data, "PNG")
        assert not image.isNull()
        width, height = sim_adb.device(phone.adb_serial).window_size()  # what adb says
        assert (image.width(), image.height()) == (width, height)
        print(f"\nscreenshot over the API: {len(data)} bytes, {width}x{height}, sha256 equal")
    finally:
        api.stop.set()
        api.thread.join(timeout=15)
