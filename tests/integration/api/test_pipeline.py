"""Pipelines over the API: a task ``after`` another with ``map`` gets one pool task per
output item of it (the pool's own fan-out); those tasks appear under the root task
and every event about them names the root's client id and the parent task."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from db.pool.values import RunReport
from tests.integration.api.test_callbacks import submit
from tests.support.api import wait_for

if TYPE_CHECKING:
    from tests.support.api import ApiServer, Receiver
    from tests.support.pool import Fleet

TITLES = [f"video {n}" for n in range(1, 4)]
BODY = {
    "client_batch_id": "DC-PIPE",
    "tasks": [
        {"client_task_id": "P-titles", "flow": "collect.titles",
         "params": {"creator": "c001", "count": 3}},
        {"client_task_id": "P-comments", "flow": "collect.comments", "after": "P-titles",
         "map": {"title": "title", "position": "position"}, "params": {"creator": "c001"}},
        {"client_task_id": "P-health", "flow": "device.health", "after": "P-comments"},
    ],
}  # fmt: skip


def title_item(n: int) -> tuple[str, dict[str, Any]]:
    title = TITLES[n]
    key = f"c001v{n:03d}"
    return key, {"title": title, "comment_count": 5, "video_key": key, "position": n + 1}


def test_fan_out_tasks_appear_under_the_root_and_name_root_and_parent_in_every_event(
    api_server: ApiServer, fleet: Fleet, receiver: Receiver
) -> None:
    receiver.secret = api_server.set_endpoint(receiver.url)
    batch = submit(api_server, BODY)
    ids = {t["client_task_id"]: t["id"] for t in batch["tasks"]}
    (titles,) = fleet.claim([0])
    fleet.emit(titles.run_id, *(title_item(n) for n in range(3)))
    fleet.finish(titles.run_id)
    made = []
    while claims := fleet.claim():
        for claim in claims:
            made.append(claim.params)
            fleet.finish(claim.run_id, RunReport.success())
    # Delivery is unordered (several in flight): batch.finished may come before the
    # last attempt.finished. Wait for both.
    wait_for(
        lambda: receiver.events("batch.finished") and len(receiver.events("attempt.finished")) >= 5
    )

    comment_params = [p for p in made if "title" in p]
    assert sorted(p["title"] for p in comment_params) == TITLES
    assert all(p["creator"] == "c001" for p in comment_params)
    expected_parent = {
        "P-titles": None,
        "P-comments": ids["P-titles"],
        "P-health": ids["P-comments"],
    }
    events = [e for e in receiver.events() if "task" in e["data"]]
    attempts = [e["data"]["task"] for e in events if e["type"] == "attempt.finished"]
    ran = Counter(task["client_task_id"] for task in attempts)
    assert ran == {"P-titles": 1, "P-comments": 3, "P-health": 1}
    for event in events:
        task = event["data"]["task"]
        assert task["root_client_task_id"] == "P-titles", event
        assert task["parent_task_id"] == expected_parent[task["client_task_id"]], event

    with api_server.client() as client:
        root = client.get("/v1/tasks/P-titles").json()
        assert [t["client_task_id"] for t in root["downstream"]] == ["P-comments", "P-health"]
        comments = root["downstream"][0]
        assert comments["fan_out"] is True
        assert comments["targets"] == 3
        assert comments["status"] == "succeeded"
        assert comments["parent_task_id"] == ids["P-titles"]
        assert root["downstream"][1]["parent_task_id"] == ids["P-comments"]
        attempts = client.get("/v1/tasks/P-comments/attempts").json()["items"]
        assert len(attempts) == 3


def test_a_pipeline_that_names_no_earlier_task_or_a_field_never_emitted_is_refused(
    api_server: ApiServer,
) -> None:
    cases = [
        ({"after": "P-later"}, "tasks.1.after"),
        ({"map": {"title": "title"}}, "tasks.1.map"),
        ({"after": "P-titles", "map": {"likes": "title"}}, "tasks.1.map"),
        ({"after": "P-titles", "map": {"title": "nothing"}}, "tasks.1.params"),
    ]
    with api_server.client() as client:
        for extra, field in cases:
            second = {"client_task_id": "P-2", "flow": "collect.comments",
                      "params": {"creator": "c001"}, **extra}  # fmt: skip
            body = {"client_batch_id": "DC-BAD", "tasks": [BODY["tasks"][0], second]}
            answer = client.post("/v1/batches", json=body)
            assert answer.status_code == 422, (extra, answer.text)
            assert field in {e["field"] for e in answer.json()["errors"]}, (extra, answer.text)
        assert client.get("/v1/batches/DC-BAD").status_code == 404
