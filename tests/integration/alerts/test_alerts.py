"""Alerts on both backends: what raises one, raised once across PCs (two sessions
interleaved), counted after, acknowledged, and each one an ``alert.raised`` event in the
dispatch API's outbox with a delivery for a subscribed endpoint."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import fleet as fleet_repo
from db.alerts import raised
from db.alerts.alerts import acknowledge, list_alerts, open_count, raise_alert
from db.alerts.models import AlertKind
from db.clock import db_now_plus
from db.dispatch.endpoints import set_endpoint
from db.dispatch.sql import DELIVERIES, EVENTS
from db.models import ConnState
from db.pool.sql import DEVICES
from db.pool.states import ErrorClass
from db.pool.tx import run_transaction
from db.pool.values import RunReport
from tests.support.overlap import beside, until_done_or_waiting

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.support.pool import Fleet

FATAL = RunReport.failure(
    ErrorClass.FATAL, "the video is gone", error_code="video_not_found", step="find the video"
)
RESTRICTED = RunReport.failure(
    ErrorClass.DEVICE, "this account is restricted", error_code="account_restricted"
)


def _raise(engine: Engine, key: str = "k1", host: str = "pc-a") -> int | None:
    return run_transaction(  # type: ignore[no-any-return]
        engine,
        lambda s: raise_alert(
            s.connection(), AlertKind.FATAL_FAILURE, key, "batch 1", {"code": "x"}, host
        ),
    )


def _events(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        bodies = conn.execute(
            select(EVENTS.c.body).where(EVENTS.c.type == "alert.raised").order_by(EVENTS.c.id)
        ).scalars()
        return [json.loads(body) for body in bodies]


def test_an_alert_is_raised_once_counted_after_and_sent_to_the_dispatch_centre(
    engine: Engine,
) -> None:
    run_transaction(
        engine,
        lambda s: set_endpoint(
            s, "https://centre.example/hook", ["alert.raised"], "enc", allow_http=False,
            ca_bundle=None,
        ),
    )  # fmt: skip
    first = _raise(engine)
    assert first is not None
    assert _raise(engine, host="pc-b") is None  # the same thing, seen again
    (alert,) = run_transaction(engine, lambda s: list_alerts(s))
    assert (alert.id, alert.kind, alert.count, alert.host_name) == (
        first, AlertKind.FATAL_FAILURE, 2, "pc-a",
    )  # fmt: skip
    (event,) = _events(engine)
    assert event["type"] == "alert.raised"
    assert event["data"]["alert"]["id"] == first
    assert event["data"]["alert"]["kind"] == "fatal_failure"
    assert event["data"]["alert"]["details"] == {"code": "x"}
    with engine.connect() as conn:
        assert len(conn.execute(select(DELIVERIES.c.id)).all()) == 1  # on its way
    assert _raise(engine, key="k2") is not None  # another thing: another alert
    assert len(_events(engine)) == 2


def test_acknowledged_alerts_leave_the_badge_and_keep_who_and_when(engine: Engine) -> None:
    ids = [_raise(engine, key=f"k{n}") for n in range(3)]
    assert run_transaction(engine, open_count) == 3
    found = run_transaction(engine, lambda s: acknowledge(s, [ids[0], ids[1], 999], "ann"))
    assert found == [ids[0], ids[1]]
    run_transaction(engine, lambda s: acknowledge(s, [ids[0]], "bob"))  # already: kept
    assert run_transaction(engine, open_count) == 1
    rows = {a.id: a for a in run_transaction(engine, lambda s: list_alerts(s))}
    assert rows[ids[0]].acknowledged_by == "ann"
    assert rows[ids[2]].acknowledged_at is None
    still_open = run_transaction(engine, lambda s: list_alerts(s, open_only=True))
    assert [a.id for a in still_open] == [ids[2]]
    assert run_transaction(
        engine, lambda s: list_alerts(s, kinds=[AlertKind.PHONE_OFFLINE])
    ) == []  # fmt: skip


@pytest.mark.parametrize("first_commits", [True, False])
def test_two_pcs_raising_the_same_alert_at_once_raise_it_once(
    engine: Engine, first_commits: bool
) -> None:
    def raise_as(host: str) -> Any:
        return lambda s: raise_alert(
            s.connection(), AlertKind.PHONE_OFFLINE, "phone_offline:P1:t0", "P1", {}, host
        )

    with Session(engine) as first:
        first.begin()
        mine = raise_as("pc-a")(first)
        assert mine is not None
        other = beside(engine, raise_as("pc-b"))
        # B's insert waits on A's unique key (MariaDB) or on the write lock (SQLite).
        assert until_done_or_waiting(other, engine) == "waiting"
        if first_commits:
            first.commit()
        else:
            first.rollback()
    theirs = other.outcome()
    alerts = run_transaction(engine, lambda s: list_alerts(s))
    assert len(alerts) == 1
    assert len(_events(engine)) == 1
    if first_commits:
        assert theirs is None
        assert (alerts[0].id, alerts[0].host_name, alerts[0].count) == (mine, "pc-a", 2)
    else:  # A's alert never was: B's is the one
        assert theirs == alerts[0].id
        assert (alerts[0].host_name, alerts[0].count) == ("pc-b", 1)


def test_fatal_failures_raise_one_alert_per_batch_and_code(fleet: Fleet) -> None:
    batch = fleet.submit(count=3)
    for claim in fleet.claim():
        fleet.finish(claim.run_id, FATAL)
    other = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    fleet.finish(claim.run_id, FATAL)
    alerts = fleet.tx(lambda s: list_alerts(s))
    by_batch = {a.details["batch_id"]: a for a in alerts}
    assert set(by_batch) == {batch, other}
    assert by_batch[batch].count == 3
    assert by_batch[batch].kind is AlertKind.FATAL_FAILURE
    assert by_batch[batch].details["code"] == "video_not_found"
    assert by_batch[batch].details["step"] == "find the video"
    assert by_batch[batch].details["device"] in fleet.serials
    assert len(_events(fleet.engine)) == 2


def test_retryable_and_device_failures_raise_nothing_until_no_account_is_left(
    make_fleet: Any,
) -> None:
    fleet: Fleet = make_fleet(phones=2)
    batch = fleet.submit(count=5)
    (first, second) = fleet.claim()
    fleet.finish(first.run_id, RunReport.failure(ErrorClass.RETRYABLE, "flaky", error_code="x"))
    fleet.finish(second.run_id, RESTRICTED)
    assert fleet.tx(lambda s: list_alerts(s)) == []  # one account left: not yet
    for claim in fleet.claim():
        fleet.finish(claim.run_id, RESTRICTED)
    (alert,) = fleet.tx(lambda s: list_alerts(s))
    assert alert.kind is AlertKind.NO_ELIGIBLE_ACCOUNT
    assert alert.details["batch_id"] == batch
    assert alert.details["code"] == "account_restricted"
    assert alert.details["tasks"] >= 1


def test_a_phone_offline_longer_than_the_setting_raises_once_per_spell(fleet: Fleet) -> None:
    serial = fleet.serials[1]

    def set_state(state: ConnState, minutes_ago: float) -> None:
        def work(s: Session) -> None:
            fleet_repo.upsert_device(s, serial, conn_state=state)
            s.execute(
                update(DEVICES)
                .where(DEVICES.c.serial == serial)
                .values(conn_state_at=db_now_plus(-60 * minutes_ago))
            )

        fleet.tx(work)

    def look(after_min: float = 10) -> list[int]:
        return fleet.tx(  # type: ignore[no-any-return]
            lambda s: raised.offline_phones(s.connection(), fleet.host, "pc-a", after_min * 60)
        )

    set_state(ConnState.OFFLINE, minutes_ago=3)
    assert look() == []  # not long enough yet
    set_state(ConnState.UNAUTHORIZED, minutes_ago=12)
    (first,) = look()
    assert look() == []  # the same spell: already raised
    assert look(after_min=0) == []  # 0: never
    set_state(ConnState.DEVICE, minutes_ago=1)
    assert look() == []
    set_state(ConnState.OFFLINE, minutes_ago=11)  # a new spell
    (second,) = look()
    alerts = {a.id: a for a in fleet.tx(lambda s: list_alerts(s))}
    assert alerts[first].details["state"] == "unauthorized"
    assert alerts[second].details["state"] == "offline"
    assert alerts[second].subject == serial
    assert alerts[second].details["minutes"] >= 11


def test_a_phone_state_keeps_the_time_it_changed_not_the_time_it_was_reported(
    fleet: Fleet,
) -> None:
    serial = fleet.serials[0]

    def since() -> Any:
        return fleet.tx(
            lambda s: s.execute(
                select(DEVICES.c.conn_state_at).where(DEVICES.c.serial == serial)
            ).scalar_one()
        )

    fleet.tx(lambda s: fleet_repo.upsert_device(s, serial, conn_state=ConnState.OFFLINE))
    went_offline = since()
    assert went_offline is not None
    done = threading.Event()
    done.wait(0.05)
    fleet.tx(lambda s: fleet_repo.upsert_device(s, serial, conn_state=ConnState.OFFLINE))
    assert since() == went_offline


def test_a_store_outage_raises_once(engine: Engine) -> None:
    def stalled(outage: str) -> int | None:
        return run_transaction(  # type: ignore[no-any-return]
            engine,
            lambda s: raised.store_stalled(
                s.connection(), "pc-a", outage, backend="s3", waiting=7, minutes=16.2,
                error="endpoint not reachable",
            ),
        )  # fmt: skip

    first = stalled("1234.5")
    assert first is not None
    assert stalled("1234.5") is None
    (alert,) = run_transaction(engine, lambda s: list_alerts(s))
    assert alert.kind is AlertKind.STORE_STALLED
    assert alert.details == {
        "host": "pc-a", "backend": "s3", "waiting": 7, "minutes": 16.2,
        "error": "endpoint not reachable",
    }  # fmt: skip
