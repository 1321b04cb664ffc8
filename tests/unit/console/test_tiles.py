"""A tile's one word: connection first, then what the operator asked, then the work."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.controllers.tiles import LivePhone, phone_state, tile_of
from db.fleet_view import PhoneRow
from db.models import AdminState, ConnState
from db.pool.states import ErrorClass
from ui.grid.phone_data import PhoneState, ResultKind
from ui.grid.tile_face import problem_text

ROW = PhoneRow(
    serial="SER1", adb_serial="127.0.0.1:5600", model="m", host="pc-2", host_alive=True,
    label="柜A-01", rack_slot="1-1", admin_state=AdminState.ENABLED, conn_state=ConnState.DEVICE,
    account="u1", battery_level=50, battery_temp_c=30.0, capture_method="screencap",
    running_flow="",
)  # fmt: skip


@pytest.mark.parametrize(
    ("row", "live", "state"),
    [
        (ROW, None, PhoneState.IDLE),
        (replace(ROW, running_flow="collect.titles"), None, PhoneState.RUNNING),
        (replace(ROW, host_alive=False), None, PhoneState.OFFLINE),  # its PC went silent
        (replace(ROW, conn_state=ConnState.UNAUTHORIZED), None, PhoneState.UNAUTHORIZED),
        (replace(ROW, admin_state=AdminState.STOPPED), None, PhoneState.STOPPED),
        (replace(ROW, admin_state=AdminState.STOPPED, running_flow="f"), None, PhoneState.STOPPING),
        (replace(ROW, admin_state=AdminState.DRAINING), None, PhoneState.DRAINING),
        (ROW, LivePhone("a", conn="offline"), PhoneState.OFFLINE),
        (ROW, LivePhone("a", run_id=7, flow="f"), PhoneState.RUNNING),
        (ROW, LivePhone("a", run_id=7, flow="f", stopping=True), PhoneState.STOPPING),
        (ROW, LivePhone("a", error=True), PhoneState.ERROR),
        # This PC's live view wins over a refresh that still lists a finished run.
        (replace(ROW, running_flow="f"), LivePhone("a"), PhoneState.IDLE),
    ],
)
def test_phone_state(row: PhoneRow, live: LivePhone | None, state: PhoneState) -> None:
    assert phone_state(row, live) is state


def test_tile_prefers_live_values_and_keeps_the_rest() -> None:
    live = LivePhone("a", run_id=3, flow="collect.titles", step="read the list", battery=12)
    tile = tile_of(replace(ROW, running_flow="stale.flow"), live)
    assert (tile.flow, tile.step, tile.battery_percent) == ("collect.titles", "read the list", 12)
    assert (tile.label, tile.rack_slot, tile.account, tile.host) == ("柜A-01", "1-1", "u1", "pc-2")
    assert tile.temperature_c == 30.0
    idle = tile_of(replace(ROW, running_flow="stale.flow"), LivePhone("a"))
    assert (idle.flow, idle.step) == ("", "")


@pytest.mark.parametrize(
    ("result", "kind"),
    [
        ("succeeded", ResultKind.SUCCEEDED),
        ("device", ResultKind.FAILED),
        ("timeout", ResultKind.FAILED),
        ("cancelled", ResultKind.STOPPED),  # an operator's stop: slate "stopped", not red
    ],
)
def test_an_attempts_result_becomes_a_kind(result: str, kind: ResultKind) -> None:
    assert ResultKind.of_result(result) is kind
    assert ResultKind.of_result(ErrorClass.CANCELLED) is ResultKind.STOPPED


def test_a_restricted_account_shows_on_its_tile_and_a_drained_phone_asks_for_attention() -> None:
    tile = tile_of(
        replace(ROW, problem="this account is restricted", problem_code="account_restricted"),
        None,
    )
    assert problem_text(tile) == "account restricted"
    drained = replace(tile, attention="drained after 3 device-class failures")
    assert problem_text(drained) == "needs attention: account restricted"
    # A code without a word of its own: the face says "device", never the worker's words.
    unknown = replace(tile, problem="captcha shown", problem_code="captcha")
    assert problem_text(unknown) == "device"
