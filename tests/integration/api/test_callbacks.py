"""Callbacks: signed per Standard Webhooks (checked by the ``standardwebhooks`` package),
exactly one task.finished per task, statuses equal to the database's, rotation,
replay defence, the receiver's rejections, and the pull feed."""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select, update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.api.signing import signed_headers
from db.clock import db_now
from db.dispatch.sql import DELIVERIES, ENDPOINTS, EVENTS
from db.pool.states import ErrorClass
from db.pool.tx import run_transaction
from db.pool.values import RunReport
from tests.support.api import wait_for

if TYPE_CHECKING:
    from tests.support.api import ApiServer, Receiver
    from tests.support.pool import Fleet


def submit(api: ApiServer, body: dict[str, Any]) -> dict[str, Any]:
    with api.client() as client:
        answer = client.post("/v1/batches", json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def run_everything(fleet: Fleet, fail_first: bool = False) -> int:
    """Claim and finish every claimable attempt on every phone; return how many ran."""
    ran = 0
    while claims := fleet.claim():
        for claim in claims:
            report = RunReport.success()
            if fail_first and ran == 0:
                report = RunReport.failure(
                    ErrorClass.FATAL, "creator not found", step="open creator"
                )
            fleet.finish(claim.run_id, report)
            ran += 1
    return ran


BODY = {
    "client_batch_id": "DC-CB",
    "tasks": [
        {"client_task_id": "CB-1", "flow": "device.health", "mode": "pool"},
        {"client_task_id": "CB-2", "flow": "device.health", "mode": "each-device"},
        {"client_task_id": "CB-3", "flow": "app.launch", "mode": "spread", "successes": 2},
    ],
}


def test_every_result_arrives_signed_and_each_task_finishes_once(
    api_server: ApiServer, fleet: Fleet, receiver: Receiver
) -> None:
    receiver.secret = api_server.set_endpoint(receiver.url)
    submit(api_server, BODY)
    ran = run_everything(fleet, fail_first=True)
    # Delivery is unordered (several in flight): wait for every event, not the last made.
    wait_for(
        lambda: (
            receiver.events("batch.finished")
            and len(receiver.events("task.finished")) >= 3
            and len(receiver.events("attempt.finished")) >= ran
        )
    )
    assert receiver.deliveries
    assert all(d.verified for d in receiver.deliveries)
    finished = receiver.events("task.finished")
    assert Counter(e["data"]["task"]["client_task_id"] for e in finished) == {
        "CB-1": 1,
        "CB-2": 1,
        "CB-3": 1,
    }
    assert len(receiver.events("attempt.finished")) == ran
    with api_server.client() as client:
        for event in finished:
            task = client.get(f"/v1/tasks/{event['data']['task']['id']}").json()
            assert event["data"]["task"]["status"] == task["status"]
    failed = [e for e in receiver.events("attempt.finished") if e["data"]["error"]]
    assert failed[0]["data"]["error"]["class"] == "fatal"
    assert failed[0]["data"]["error"]["step"] == "open creator"
    seqs = [e["data"]["event_seq"] for e in receiver.events() if "event_seq" in e["data"]]
    assert all(s >= 1 for s in seqs)


def test_a_rotated_secret_signs_beside_the_old_one(
    api_server: ApiServer, receiver: Receiver
) -> None:
    old = api_server.set_endpoint(receiver.url)
    receiver.secret = old
    with api_server.client() as client:
        client.post("/v1/callbacks/test")
        wait_for(lambda: len(receiver.verified()) == 1)
        new = api_server.rotate()
        receiver.secret = new  # the receiver switched at once
        client.post("/v1/callbacks/test")
        wait_for(lambda: len(receiver.deliveries) == 2)
    rotated = receiver.deliveries[-1]
    assert rotated.verified, rotated.error
    assert len(rotated.headers["webhook-signature"].split()) == 2
    Webhook(old).verify(rotated.body, rotated.headers)  # a receiver not yet switched


def test_the_old_secret_stops_signing_when_its_day_is_over(
    api_server: ApiServer, receiver: Receiver
) -> None:
    """Its 24 h are counted by the database's clock (dispatchers on several PCs agree)."""
    old = api_server.set_endpoint(receiver.url)
    receiver.secret = api_server.rotate()
    run_transaction(
        api_server.engine,
        lambda s: s.execute(update(ENDPOINTS).values(old_secret_until=db_now())),
    )
    with api_server.client() as client:
        client.post("/v1/callbacks/test")
        wait_for(lambda: len(receiver.deliveries) == 1)
    (delivery,) = receiver.deliveries
    assert delivery.verified, delivery.error
    assert len(delivery.headers["webhook-signature"].split()) == 1
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(delivery.body, delivery.headers)


def test_a_stale_or_altered_delivery_is_rejected_by_the_reference_receiver(
    api_server: ApiServer, receiver: Receiver
) -> None:
    receiver.secret = api_server.set_endpoint(receiver.url)
    with api_server.client() as client:
        client.post("/v1/callbacks/test")
    captured = wait_for(lambda: receiver.verified())[0]
    body = captured.body.decode()
    message_id = captured.headers["webhook-id"]
    fresh = signed_headers([receiver.secret], message_id, int(time.time()), body)
    assert receiver.verify(fresh, captured.body) is None
    stale = signed_headers([receiver.secret], message_id, int(time.time()) - 360, body)
    assert receiver.verify(stale, captured.body) is not None
    altered = captured.body[:-2] + bytes([captured.body[-2] ^ 1]) + captured.body[-1:]
    assert receiver.verify(captured.headers, altered) is not None
    replayed_late = dict(captured.headers, **{"webhook-timestamp": str(int(time.time()) - 360)})
    try:
        Webhook(receiver.secret).verify(captured.body, replayed_late)
    except WebhookVerificationError:
        pass
    else:
        raise AssertionError("a six-minute-old timestamp was accepted")


def test_a_receiver_rejection_backs_off_then_dies_and_can_be_redelivered(
    api_server: ApiServer, receiver: Receiver
) -> None:
    receiver.secret = api_server.set_endpoint(receiver.url)
    receiver.status = 500
    with api_server.client() as client:
        event_id = client.post("/v1/callbacks/test").json()["id"]

        def states() -> list[Any]:
            with api_server.engine.connect() as conn:
                return list(conn.execute(select(DELIVERIES.c.state, DELIVERIES.c.attempts)))

        wait_for(lambda: [s for s, _ in states()] == ["dead"])
        assert states()[0][1] == 3  # the first try and the test schedule's two retries
        assert len(receiver.deliveries) == 3
        assert {d.headers["webhook-id"] for d in receiver.deliveries} == {event_id}
        time.sleep(2.1)  # the feed serves settled events only
        feed = client.get("/v1/events", params={"after": 0}).json()["items"]
        assert [e["id"] for e in feed] == [event_id]  # dead, but kept in the feed
        receiver.status = 204
        assert client.post(f"/v1/events/{event_id}/redeliver").status_code == 202
        wait_for(lambda: len(receiver.deliveries) == 4)
    assert receiver.deliveries[-1].headers["webhook-id"] == event_id


def test_a_cancel_over_the_api_stops_the_running_attempt_and_task_cancelled_follows(
    api_server: ApiServer, fleet: Fleet, receiver: Receiver
) -> None:
    receiver.secret = api_server.set_endpoint(receiver.url)
    submit(api_server, {"client_batch_id": "DC-X", "tasks": [
        {"client_task_id": "X-1", "flow": "device.health"}]})  # fmt: skip
    (claim,) = fleet.claim([0])
    with api_server.client() as client:
        answer = client.post("/v1/tasks/X-1/cancel", json={"strategy": "soft", "reason": "dc"})
        assert answer.status_code == 202
        assert answer.json()["status"] == "cancelling"
        (stop,) = fleet.polls()  # what the phone's host reads about every 0.3 s
        assert stop.run_id == claim.run_id
        fleet.finish(claim.run_id, RunReport.failure(ErrorClass.CANCELLED, stop.reason))
        wait_for(lambda: receiver.events("task.finished"))
        assert client.get("/v1/tasks/X-1").json()["status"] == "cancelled"
    cancelled = receiver.events("task.cancelled")
    assert [e["data"]["task"]["client_task_id"] for e in cancelled] == ["X-1"]
    assert receiver.events("task.finished")[0]["data"]["task"]["status"] == "cancelled"


def test_the_pull_feed_alone_reproduces_every_final_status(
    api_server: ApiServer, fleet: Fleet
) -> None:
    submit(api_server, BODY)  # no endpoint at all: callbacks off for the whole run
    run_everything(fleet, fail_first=True)
    with api_server.client() as client:

        def final() -> dict[str, str]:
            items = client.get("/v1/events", params={"after": 0, "type": "task.finished"}).json()
            return {e["data"]["task"]["client_task_id"]: e["data"]["task"]["status"]
                    for e in items["items"]}  # fmt: skip

        statuses = wait_for(lambda: len(final()) == 3 and final())
        for client_task_id, status in statuses.items():
            assert client.get(f"/v1/tasks/{client_task_id}").json()["status"] == status
    with api_server.engine.connect() as conn:
        assert conn.execute(select(DELIVERIES.c.id)).first() is None  # nothing was sent
        assert conn.execute(select(EVENTS.c.id)).first() is not None
