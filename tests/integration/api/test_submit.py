"""Submitting over HTTPS: the three modes and a pinned phone, idempotency under load."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.dispatch.sql import API_BATCHES, API_TASKS
from db.pool.sql import BATCHES, TASKS

if TYPE_CHECKING:
    from tests.support.api import ApiServer
    from tests.support.pool import Fleet


def batch_body(client_batch_id: str = "DC-0042", **overrides: Any) -> dict[str, Any]:
    """The spec's example batch, on the test fleet's phones."""
    body: dict[str, Any] = {
        "client_batch_id": client_batch_id,
        "priority": 5,
        "tasks": [
            {
                "client_task_id": f"{client_batch_id}-1",
                "flow": "collect.titles",
                "mode": "pool",
                "params": {"creator": "c001", "count": 20},
                "max_run_seconds": 900,
            },
            {
                "client_task_id": f"{client_batch_id}-2",
                "flow": "device.health",
                "mode": "each-device",
            },
            {
                "client_task_id": f"{client_batch_id}-3",
                "flow": "app.launch",
                "mode": "spread",
                "successes": 2,
            },
            {
                "client_task_id": f"{client_batch_id}-4",
                "flow": "device.health",
                "mode": "pool",
                "target": {"devices": ["SER001"]},
            },
        ],
    }
    body.update(overrides)
    return body


def count(engine: Any, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_batch_of_every_mode_is_stored_with_the_clients_ids(
    api_server: ApiServer, fleet: Fleet
) -> None:
    with api_server.client() as client:
        answer = client.post("/v1/batches", json=batch_body())
    assert answer.status_code == 201, answer.text
    batch = answer.json()
    assert batch["client_batch_id"] == "DC-0042"
    tasks = {t["client_task_id"]: t for t in batch["tasks"]}
    assert [tasks[f"DC-0042-{n}"]["mode"] for n in (1, 2, 3, 4)] == [
        "pool",
        "each-device",
        "spread",
        "pool",
    ]
    assert tasks["DC-0042-2"]["targets"] == len(fleet.devices)  # one per phone
    assert all(t["status"] == "queued" and t["id"].startswith("tsk_") for t in tasks.values())
    # The pinned task can go only to SER001: another phone claims nothing of it.
    pinned = fleet.tx(
        lambda s: s.execute(
            select(API_TASKS.c.pool_batch_id).where(API_TASKS.c.client_task_id == "DC-0042-4")
        ).scalar_one()
    )
    assert fleet.status(pinned).target_kind.value == "devices"
    with api_server.client() as client:
        by_client_id = client.get("/v1/tasks/DC-0042-4").json()
        by_own_id = client.get(f"/v1/tasks/{tasks['DC-0042-4']['id']}").json()
    assert by_client_id["id"] == by_own_id["id"] == tasks["DC-0042-4"]["id"]
    assert by_client_id["last_error"] is None


def test_an_identical_repeat_answers_the_stored_batch_and_another_body_conflicts(
    api_server: ApiServer,
) -> None:
    with api_server.client() as client:
        first = client.post("/v1/batches", json=batch_body())
        again = client.post("/v1/batches", json=batch_body())
        other = client.post("/v1/batches", json=batch_body(priority=1))
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 409
    assert other.headers["content-type"] == "application/problem+json"
    assert count(api_server.engine, API_BATCHES) == 1


def test_fifty_identical_submits_from_ten_threads_make_one_batch(api_server: ApiServer) -> None:
    body = batch_body("DC-RACE")
    start = threading.Barrier(10)

    def submit(_: int) -> tuple[int, str]:
        with api_server.client() as client:
            if _ < 10:
                start.wait()
            answer = client.post("/v1/batches", json=body)
            return answer.status_code, answer.json().get("id", answer.text)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(submit, range(50)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * 49 + [201], answers
    assert len({batch_id for _, batch_id in answers}) == 1
    assert count(api_server.engine, API_BATCHES) == 1
    assert count(api_server.engine, API_TASKS) == 4
    assert count(api_server.engine, BATCHES) == 4  # one pool batch per task, no more
    assert count(api_server.engine, TASKS) == 3 + 3  # pool, 3 phones, spread, pinned
