"""Every row of the spec's bad-input table: the documented status, problem+json, and
nothing written (the pool's and the API's tables unchanged)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from db.dispatch.sql import API_BATCHES, API_TASKS, DELIVERIES, EVENTS
from db.pool.sql import BATCHES, READY, RUNS, TASKS
from tests.integration.api.test_submit import batch_body

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from tests.support.api import ApiServer
    from tests.support.pool import Fleet

WATCHED = (API_BATCHES, API_TASKS, EVENTS, DELIVERIES, BATCHES, TASKS, READY, RUNS)


def snapshot(api: ApiServer) -> dict[str, int]:
    with api.engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in WATCHED
        }


def one_task(**task: Any) -> dict[str, Any]:
    base = {"client_task_id": "T-1", "flow": "device.health", "mode": "pool"}
    return {"client_batch_id": "B-bad", "tasks": [{**base, **task}]}


def post(body: Any) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.post("/v1/batches", json=body)


def raw(content: bytes) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.post(
        "/v1/batches", content=content, headers={"content-type": "application/json"}
    )


# (case, request, status, field named in errors or None)
CASES: list[tuple[str, Callable[[httpx.Client], httpx.Response], int, str | None]] = [
    ("body not JSON", raw(b'{"client_batch_id": '), 400, None),
    ("body not JSON, no JSON content type",
     lambda c: c.post("/v1/batches", content=b"tasks=1"), 400, None),
    ("body not UTF-8", raw('{"client_batch_id": "é"}'.encode("latin-1")), 400, None),
    ("missing field", post({"tasks": one_task()["tasks"]}), 422, "client_batch_id"),
    ("wrong type", post(one_task(successes="many")), 422, "tasks.0.successes"),
    ("bool for int", post({**one_task(), "priority": False}), 422, "priority"),
    ("out of range", post({**one_task(), "priority": 10}), 422, "priority"),
    ("unknown field", post(one_task(colour="red")), 422, "tasks.0.colour"),
    ("unknown flow", post(one_task(flow="no.such.flow")), 422, "tasks.0.flow"),
    ("bad flow params", post(one_task(flow="collect.titles", params={"count": 5})), 422,
     "tasks.0.params.creator"),
    ("reserved id prefix", post(one_task(client_task_id="tsk_9")), 422, "tasks.0.client_task_id"),
    ("bad id characters", post(one_task(client_task_id="a b")), 422, "tasks.0.client_task_id"),
    ("over 1,000 tasks", post({"client_batch_id": "B-big", "tasks": [
        {"client_task_id": f"T-{n}", "flow": "device.health"} for n in range(1001)]}), 422,
     "tasks"),
    ("no tasks", post({"client_batch_id": "B-none", "tasks": []}), 422, "tasks"),
    ("duplicate client_task_id", post({"client_batch_id": "B-dup", "tasks": [
        {"client_task_id": "T-1", "flow": "device.health"},
        {"client_task_id": "T-1", "flow": "device.health"}]}), 409, None),
    ("pinned phone unknown", post(one_task(target={"devices": ["NOPE"]})), 409, None),
    # Rules across a task's fields: the refusal names the task and the field.
    ("phones and accounts both", post(one_task(target={"devices": ["SER000"],
     "accounts": ["u0"]})), 422, "tasks.0.target"),
    ("a pool task that grows", post(one_task(roster="grow")), 422, "tasks.0.roster"),
    ("more successes than accounts", post({"client_batch_id": "B-few", "tasks": [
        {"client_task_id": "T-0", "flow": "device.health"},
        {"client_task_id": "T-1", "flow": "device.health", "mode": "spread",
         "successes": 9}]}), 422, "tasks.1.successes"),
    ("unknown batch id", lambda c: c.get("/v1/batches/bat_999"), 404, None),
    ("unknown task id", lambda c: c.get("/v1/tasks/NO-SUCH-TASK"), 404, None),
    ("body too large", raw(b'{"a": "' + b"x" * (1024 * 1024 + 10) + b'"}'), 413, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "call", "status", "field"), CASES, ids=[case[0] for case in CASES]
)
def test_bad_input_is_refused_with_a_problem_and_writes_nothing(
    shared_api: ApiServer,
    case: str,
    call: Callable[[httpx.Client], httpx.Response],
    status: int,
    field: str | None,
) -> None:
    before = snapshot(shared_api)
    with shared_api.client() as client:
        answer = call(client)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status
    assert problem["type"].startswith("https://")
    assert problem["title"]
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]], problem
    assert snapshot(shared_api) == before


def test_every_schema_error_is_reported_at_once(shared_api: ApiServer) -> None:
    body = {"client_batch_id": "B-many", "priority": True, "tasks": [
        {"client_task_id": "T-1", "flow": "no.such.flow"},
        {"client_task_id": "T-2", "flow": "device.health", "mode": "everywhere"}]}  # fmt: skip
    with shared_api.client() as client:
        answer = client.post("/v1/batches", json=body)
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"priority", "tasks.1.mode"} <= fields


def test_the_same_id_with_another_body_conflicts_and_writes_nothing(api_server: ApiServer) -> None:
    with api_server.client() as client:
        assert client.post("/v1/batches", json=batch_body("B-once")).status_code == 201
        before = snapshot(api_server)
        answer = client.post("/v1/batches", json=batch_body("B-once", priority=0))
    assert answer.status_code == 409
    assert answer.json()["code"] == "idempotency_conflict"
    assert snapshot(api_server) == before


def test_a_retry_of_a_running_task_conflicts(api_server: ApiServer, fleet: Fleet) -> None:
    with api_server.client() as client:
        client.post("/v1/batches", json=one_task())
        fleet.claim([0])
        before = snapshot(api_server)
        answer = client.post("/v1/tasks/T-1/retry")
    assert answer.status_code == 409, answer.text
    assert snapshot(api_server) == before


def test_tokens_are_checked_before_anything_is_read(shared_api: ApiServer) -> None:
    before = snapshot(shared_api)
    with shared_api.client(token="") as anonymous:
        missing = anonymous.post("/v1/batches", json=one_task())
    with shared_api.client(token="fdk_not-a-real-token") as stranger:
        wrong = stranger.post("/v1/batches", json=one_task())
    with shared_api.client(token=shared_api.token_with("tasks:read")) as reader:
        forbidden = reader.post("/v1/batches", json=one_task())
        allowed = reader.get("/v1/flows")
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert forbidden.status_code == 403
    assert "tasks:write" in forbidden.json()["detail"]
    assert allowed.status_code == 200
    assert snapshot(shared_api) == before


def test_a_revoked_token_is_refused_at_once(api_server: ApiServer) -> None:
    from db.dispatch.tokens import list_tokens, revoke_token
    from db.pool.tx import run_transaction

    token = api_server.token_with("tasks:read")
    with api_server.client(token=token) as client:
        assert client.get("/v1/flows").status_code == 200
        newest = run_transaction(api_server.engine, list_tokens)[0]
        run_transaction(api_server.engine, lambda s: revoke_token(s, newest.id))
        assert client.get("/v1/flows").status_code == 401


def test_the_rate_limit_answers_429_with_retry_after(fleet: Fleet, tmp_path: Any) -> None:
    from tests.support.api import start_api

    server = start_api(fleet.engine, tmp_path / "api", dispatcher=False, rate_per_minute=3)
    try:
        with server.client() as client:
            answers = [client.get("/v1/flows") for _ in range(3)]
            before = snapshot(server)
            limited = client.post("/v1/batches", json=one_task())
        with server.client(token=server.token_with("tasks:read")) as other:
            own_budget = other.get("/v1/flows")
    finally:
        server.stop.set()
        server.thread.join(timeout=15)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    assert own_budget.status_code == 200  # the limit is per token
    assert snapshot(server) == before


def test_detail_follows_accept_language(shared_api: ApiServer) -> None:
    with shared_api.client(**{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}) as chinese:
        zh = chinese.get("/v1/tasks/NO-SUCH").json()
    with shared_api.client(**{"Accept-Language": "en-US"}) as english:
        en = english.get("/v1/tasks/NO-SUCH").json()
    assert zh["title"] == en["title"] == "Not found"
    assert zh["detail"].startswith("未找到")
    assert en["detail"].startswith("there is no task")
    assert json.dumps(zh, ensure_ascii=False) != json.dumps(en, ensure_ascii=False)
