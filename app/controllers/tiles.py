"""How a phone's tile is worked out from the database row and this PC's live events.

Pure functions over plain values: the grid controller calls them, tests call them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from db.models import AdminState, ConnState
from db.pool.reasons import parse_reason
from ui.grid.phone_data import PhoneState, PhoneTile, ResultKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from db.fleet_view import PhoneRow
    from ui.reasons import Said

T = TypeVar("T", int, float)


@dataclass
class LivePhone:
    """What this PC's agent says about one of its phones, newer than the database."""

    adb_serial: str
    conn: str = "device"
    flow: str = ""
    step: str = ""
    run_id: int | None = None
    stopping: bool = False
    last_result: str = ""  # the outcome word (a code the console translates)
    last_result_flow: str = ""
    last_result_at: str = ""  # local HH:MM
    last_result_kind: ResultKind | None = None
    last_message: str = ""
    last_reason: Said | None = None  # the message as a pool reason (code, values)
    battery: int | None = None
    temperature: float | None = None
    capture_method: str = ""
    error: bool = False
    health_pause: str = ""  # too_hot, battery_low: this PC's agent gives it no new work
    run_anyway: bool = False  # ... unless an operator said so


def phone_state(row: PhoneRow, live: LivePhone | None) -> PhoneState:
    """The one word a tile shows: connection first, then the operator's wish, then work."""
    if live is not None and live.error:
        return PhoneState.ERROR
    conn = live.conn if live is not None else str(row.conn_state)
    if live is None and not row.host_alive:
        return PhoneState.OFFLINE  # its PC went silent: the whole block greys out
    if conn == ConnState.UNAUTHORIZED:
        return PhoneState.UNAUTHORIZED
    if conn != ConnState.DEVICE:
        return PhoneState.OFFLINE
    running = bool(live.run_id) if live is not None else bool(row.running_flow)
    if row.admin_state is AdminState.STOPPED:
        return PhoneState.STOPPING if running else PhoneState.STOPPED
    if row.admin_state is AdminState.DRAINING:
        return PhoneState.DRAINING
    if running and live is not None and live.stopping:
        return PhoneState.STOPPING
    return PhoneState.RUNNING if running else PhoneState.IDLE


def tile_of(row: PhoneRow, live: LivePhone | None) -> PhoneTile:
    """The whole tile of one phone."""
    running_here = live is not None and live.run_id is not None
    return PhoneTile(
        serial=row.serial,
        state=phone_state(row, live),
        label=row.label,
        rack_slot=row.rack_slot,
        account=row.account,
        host=row.host,
        # This PC's own phones are known live; others only as of the last refresh.
        flow=(live.flow if running_here else "") if live is not None else row.running_flow,
        step=live.step if running_here and live is not None else "",
        last_result=live.last_result if live else "",
        last_result_flow=live.last_result_flow if live else "",
        last_result_at=live.last_result_at if live else "",
        last_result_kind=live.last_result_kind if live else None,
        last_message=live.last_message if live else "",
        last_reason=live.last_reason if live else None,
        battery_percent=_first(live.battery if live else None, row.battery_level),
        temperature_c=_first(live.temperature if live else None, row.battery_temp_c),
        capture_method=(live.capture_method if live else "") or row.capture_method,
        problem=row.problem,
        problem_code=row.problem_code,
        attention=row.attention,
        attention_reason=parse_reason(row.attention),
        health_pause=live.health_pause if live else "",
        run_anyway=live.run_anyway if live else False,
    )


def _first(live: T | None, stored: T | None) -> T | None:
    return live if live is not None else stored


def offline_simulation(rows: Iterable[PhoneRow], live: Mapping[str, LivePhone]) -> tuple[int, int]:
    """The simulated fleet an earlier run left offline: (phones, seed); (0, 0) if none.

    Simulated phones are named by their seed and index (``SIM-S7-0016``), so starting
    that many phones of that seed again brings the same phones, and their tiles, back.
    """
    from workers.sim.provision import parse_serial  # the simulator's own naming rule

    highest: Counter[int] = Counter()
    for row in rows:
        found = parse_serial(row.serial)
        if found is None or phone_state(row, live.get(row.serial)) is not PhoneState.OFFLINE:
            continue
        seed, index = found
        highest[seed] = max(highest[seed], index + 1)
    if not highest:
        return 0, 0
    seed, count = max(highest.items(), key=lambda item: item[1])
    return count, seed
