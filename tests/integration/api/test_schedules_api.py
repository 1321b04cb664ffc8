"""/v1/schedules over HTTPS: create, list, read, pause, resume, run now, remove, and
the same refusals, in the same words, as ``schedule add``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from app.errors import UserError
from app.scheduling import ScheduleRequest, schedule_request
from db.monitor.tables import SCHEDULES
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from tests.support.api import ApiServer

BODY: dict[str, Any] = {
    "flow": "monitor.account",
    "params": {"creators": "c001,c002", "recent": 2},
    "every": "15m",
    "tz": "Asia/Shanghai",
    "catch_up": "10m",
    "priority": 3,
    "name": "创作者监控",
}


def _schedules(api: ApiServer) -> int:
    with api.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SCHEDULES)).scalar_one())


def test_a_schedule_is_created_controlled_and_removed(api_server: ApiServer) -> None:
    with api_server.client() as client:
        created = client.post("/v1/schedules", json=BODY)
        assert created.status_code == 201, created.text
        schedule = created.json()
        sid = schedule["schedule"]
        assert schedule["flow"] == "monitor.account"
        assert schedule["params"]["creators"] == ["c001", "c002"]
        assert (schedule["every_s"], schedule["tz"], schedule["state"]) == (
            900,
            "Asia/Shanghai",
            "active",
        )
        assert schedule["next_run"] is not None
        listed = client.get("/v1/schedules").json()["items"]
        assert [s["schedule"] for s in listed] == [sid]
        assert client.post(f"/v1/schedules/{sid}/pause").json()["state"] == "paused"
        again = client.post(f"/v1/schedules/{sid}/pause")
        assert again.status_code == 409
        assert again.headers["content-type"].startswith("application/problem+json")
        assert client.post(f"/v1/schedules/{sid}/resume").json()["state"] == "active"
        ran = client.post(f"/v1/schedules/{sid}/run").json()
        assert ran["slot"]["outcome"] == "fired"
        assert ran["slot"]["batch"] is not None
        shown = client.get(f"/v1/schedules/{sid}").json()
        assert [s["batch"] for s in shown["slots"]] == [ran["slot"]["batch"]]
        assert client.delete(f"/v1/schedules/{sid}").json()["state"] == "removed"
        gone = client.get(f"/v1/schedules/{sid}")
        assert gone.status_code == 404
        assert gone.json()["code"] == "not_found"
        assert client.get("/v1/schedules").json()["items"] == []


def _cli_words(body: dict[str, Any]) -> str:
    fields = {k: v for k, v in body.items() if k != "flow"}
    request = ScheduleRequest(flow=body["flow"], **fields)
    with pytest.raises(UserError) as refused:
        schedule_request(load_catalog().registry, request, "cli")
    return str(refused.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"every": "5x"}, "every"),
        ({"every": None}, "every"),
        ({"every": None, "cron": "61 * * * *"}, "cron"),
        ({"tz": "Mars/Base"}, "tz"),
        ({"catch_up": "9d"}, "catch_up"),
        ({"start": "tomorrow"}, "start"),
        ({"overlap": "sometimes"}, "overlap"),
        ({"mode": "everywhere"}, "mode"),
        ({"flow": "no.such.flow"}, "flow"),
        ({"params": {"recent": 2}}, "params"),
        ({"count": 0}, "count"),
        ({"timeout_s": 0}, "timeout_s"),
    ],
)
def test_a_bad_field_is_refused_in_the_words_of_the_command_line(
    api_server: ApiServer, change: dict[str, Any], field: str
) -> None:
    body = {**BODY, **change}
    with api_server.client() as client:
        answer = client.post("/v1/schedules", json=body)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["code"] == "invalid"
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["errors"][0]["message"] == _cli_words(body).rstrip(".")
    assert _schedules(api_server) == 0  # nothing stored


def test_shape_errors_and_scopes(api_server: ApiServer) -> None:
    reader = api_server.token_with("tasks:read")
    with api_server.client() as client:
        unknown = client.post("/v1/schedules", json={**BODY, "colour": "red"})
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "colour"
        flag = client.post("/v1/schedules", json={**BODY, "count": True})
        assert flag.status_code == 422
        assert flag.json()["errors"][0]["field"] == "count"
        assert client.post("/v1/schedules/0/pause").status_code == 422
        assert client.post("/v1/schedules/99/run").status_code == 404
    with api_server.client(token=reader) as client:
        assert client.get("/v1/schedules").status_code == 200
        assert client.post("/v1/schedules", json=BODY).status_code == 403
    assert _schedules(api_server) == 0
