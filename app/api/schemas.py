"""Request bodies of the API: pydantic models, unknown fields refused.

The traps a prototype hit (specs/dispatch-api.md, section 7) are avoided here: bools
are refused for integers explicitly (JSON's 5.0 stays a valid integer), enums are
``Literal`` without a model-wide strict mode, and ``Field`` comes before the
validator so its bounds reach the schema as minimum/maximum.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from db.dispatch.sql import RESERVED_PREFIXES

MAX_TASKS = 1000
MAX_ID = 2**63 - 1  # a cursor past the largest row id the databases hold is refused (422)
CLIENT_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def _not_reserved(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(RESERVED_PREFIXES):
        raise ValueError(f"a client id may not start with {', '.join(RESERVED_PREFIXES)}")
    return value


ClientId = Annotated[
    str,
    Field(pattern=CLIENT_ID_PATTERN, min_length=1, max_length=128),
    BeforeValidator(_not_reserved),
]
Priority = Annotated[int, Field(ge=0, le=9), BeforeValidator(_no_bool)]
Count = Annotated[int, Field(ge=1, le=1000), BeforeValidator(_no_bool)]
Seconds = Annotated[int, Field(ge=10, le=86_400), BeforeValidator(_no_bool)]
Attempts = Annotated[int, Field(ge=1, le=20), BeforeValidator(_no_bool)]
Serial = Annotated[str, Field(min_length=1, max_length=64)]
Account = Annotated[str, Field(min_length=1, max_length=128)]
ItemField = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]


class Target(BaseModel):
    """Where a task may run: listed phones (serials) or accounts; absent: any phone."""

    model_config = ConfigDict(extra="forbid")

    devices: list[Serial] | None = Field(default=None, min_length=1, max_length=1000)
    accounts: list[Account] | None = Field(default=None, min_length=1, max_length=1000)


class TaskIn(BaseModel):
    """One task of a submit, in our own words (modes each-device, pool, spread)."""

    model_config = ConfigDict(extra="forbid")

    client_task_id: ClientId
    flow: str = Field(min_length=1, max_length=64)
    mode: Literal["each-device", "pool", "spread"] = "pool"
    params: dict[str, Any] = Field(default_factory=dict)
    target: Target | None = None
    priority: Priority | None = None
    successes: Count = 1
    max_attempts: Attempts = 3
    max_run_seconds: Seconds = 600
    after: ClientId | None = Field(
        default=None,
        description="client_task_id of an earlier task of this batch: start when it has"
        " ended, or with map, get one task per output item of it (a pipeline)",
    )
    map: dict[ItemField, ItemField] | None = Field(
        default=None,
        min_length=1,
        max_length=20,
        description="{item field: parameter}: each output item of the 'after' task"
        " becomes one task of this one, the item's fields filling these parameters",
    )
    roster: Literal["fixed", "grow"] = Field(
        default="fixed",
        description="each-device without a target: 'grow' also runs on phones that join"
        " while the task is open; 'fixed' keeps the phones known at submit",
    )


class BatchIn(BaseModel):
    """A submit: 1-1,000 tasks, all stored or none."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "client_batch_id": "DC-20261128-0042",
                    "priority": 5,
                    "tasks": [
                        {"client_task_id": "DC-0042-1", "flow": "device.health", "mode": "pool"}
                    ],
                }
            ]
        },
    )

    client_batch_id: ClientId
    priority: Priority = 5
    tasks: list[TaskIn] = Field(min_length=1, max_length=MAX_TASKS)


class CancelIn(BaseModel):
    """A cancel: soft stops at the flow's next step; kill also force-stops the app."""

    model_config = ConfigDict(extra="forbid")

    strategy: Literal["soft", "kill"] = "soft"
    reason: str | None = Field(default=None, max_length=200)


def _iso_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 time as text, e.g. 2026-11-28T00:00:00Z")
    return value


IsoTime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]


class RecoverIn(BaseModel):
    """Send again what did not arrive in a time window."""

    model_config = ConfigDict(extra="forbid")

    since: IsoTime = Field(description="ISO 8601 time, e.g. 2026-11-28T00:00:00Z")
    until: IsoTime | None = None


EventTypeName = Literal[
    "attempt.finished",
    "task.finished",
    "batch.finished",
    "task.cancelled",
    "device.stopped",
    "monitor.hit",
    "ping",
]


Span = Annotated[int | str, BeforeValidator(_no_bool)]
Whole = Annotated[int, BeforeValidator(_no_bool)]


class ScheduleIn(BaseModel):
    """A schedule: a batch template plus a recurrence. Only the shape is checked here;
    every value is checked by the request layer the command line uses
    (``schedule add``), so both refuse the same things with the same words."""

    model_config = ConfigDict(extra="forbid")

    flow: str = Field(max_length=64, description="e.g. monitor.account")
    params: dict[str, Any] = Field(default_factory=dict)
    every: Span | None = Field(default=None, description="15m, 2h, 30s, 1d or seconds")
    cron: str | None = Field(default=None, max_length=200, description='e.g. "*/15 8-22 * * *"')
    tz: str | None = Field(default=None, max_length=64, description="e.g. Asia/Shanghai")
    overlap: str = Field(default="skip", max_length=16, description="skip, allow or cancel")
    catch_up: Span | None = Field(default=None, description="fire one missed slot this young")
    start: str | None = Field(default=None, max_length=64, description="ISO 8601 time")
    end: str | None = Field(default=None, max_length=64, description="ISO 8601 time")
    mode: str = Field(default="pool", max_length=16, description="each-device, pool or spread")
    count: Whole = 1
    priority: Whole = 5
    devices: list[Serial] | None = Field(default=None, max_length=1000)
    accounts: list[Account] | None = Field(default=None, max_length=1000)
    successes: Whole = 1
    per_account: Whole | None = None
    max_attempts: Whole = 3
    timeout_s: Whole = 600
    lease_s: Whole = 60
    name: str | None = Field(default=None, max_length=128)
