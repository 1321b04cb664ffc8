"""What the record viewer asks for and shows: plain data the controller maps to the pool."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtGui import QImage

    from ui.reasons import Said


class TimePreset(enum.StrEnum):
    """The time ranges offered in the filter bar."""

    ANY = "any"
    LAST_HOUR = "last_hour"
    TODAY = "today"
    LAST_7_DAYS = "last_7_days"
    CUSTOM = "custom"


class Outcome(enum.StrEnum):
    """The status filter: the outcome of an attempt."""

    ANY = ""
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # any failure; ``error_class`` narrows it


ERROR_CLASSES = ("retryable", "device", "fatal", "timeout", "cancelled", "lease_expired")


@dataclass(frozen=True)
class RecordFilter:
    """Which records to list; an empty part matches every record.

    Attributes:
        account, author_id, flow, device, host: exact matches (device: serial or label).
        outcome: running, succeeded or failed.
        error_class: one of ``ERROR_CLASSES`` (implies a failure).
        error_code: the failure's machine word, e.g. ``device_lost`` (exact match).
        batch_id: only this batch's records.
        preset: the time range chosen; ``since``/``until`` are its resolved bounds.
        since, until: timezone-aware bounds of the attempt's start (None: open).
    """

    account: str = ""
    author_id: str = ""
    flow: str = ""
    outcome: Outcome = Outcome.ANY
    error_class: str = ""
    device: str = ""
    host: str = ""
    batch_id: int | None = None
    error_code: str = ""
    preset: TimePreset = TimePreset.ANY
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def to_settings(self) -> dict[str, Any]:
        """Return the filter as plain values (for QSettings)."""
        values = asdict(self)
        for name in ("since", "until"):
            values[name] = values[name].isoformat() if values[name] else ""
        values["batch_id"] = "" if self.batch_id is None else str(self.batch_id)
        return values

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> RecordFilter:
        """Rebuild a remembered filter; unknown or bad parts are left empty."""
        known = {f.name for f in fields(cls)}
        clean: dict[str, Any] = {k: str(v) for k, v in values.items() if k in known and v}
        try:
            if "batch_id" in clean:
                clean["batch_id"] = int(clean["batch_id"])
            for name in ("since", "until"):
                if name in clean:
                    clean[name] = dt.datetime.fromisoformat(clean[name])
            clean["outcome"] = Outcome(clean.get("outcome", ""))
            clean["preset"] = TimePreset(clean.get("preset", TimePreset.ANY))
        except ValueError:
            return cls()
        return cls(**clean)


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One attempt as the table lists it (newest first).

    Attributes:
        record_id: the attempt's id (also the paging key, with ``started_at``).
        started_at, finished_at: timezone-aware; ``finished_at`` None while running.
        status: the attempt's status word: running, succeeded, failed or cancelled.
        error_class: why it failed (empty when it did not).
        error_code: the failure's machine word, e.g. ``device_lost`` (empty: none).
        message: the failure message as stored (a worker's own words, or a pool reason).
        items: how many output items it gave (its result, when nothing failed).
        reason: ``message`` as a pool reason (code, values), worded by ``ui/reasons.py``;
            None when the message is a worker's own words.
    """

    record_id: int
    started_at: dt.datetime
    flow: str
    status: str
    device: str
    host: str
    batch_id: int
    finished_at: dt.datetime | None = None
    error_class: str = ""
    account: str = ""
    author_id: str = ""
    attempt: int = 1
    message: str = ""
    error_code: str = ""
    items: int = 0
    reason: Said | None = None


@dataclass(frozen=True)
class RecordQuery:
    """A request for one page of records.

    Attributes:
        request_id: echo it in the answering ``RecordPage``; older answers are dropped.
        filter: which records.
        offset: how many rows of this filter are already shown.
        limit: the page size.
        after: (started_at, record_id) of the last row shown, for keyset paging
            (None for the first page); rows strictly older than it come next.
    """

    request_id: int
    filter: RecordFilter
    offset: int
    limit: int
    after: tuple[dt.datetime, int] | None = None


@dataclass(frozen=True)
class RecordPage:
    """The answer to a ``RecordQuery``.

    Attributes:
        request_id: the query's id.
        rows: the records, newest first.
        has_more: whether older records exist beyond these.
        total: how many records the filter matches, when known cheaply (else None).
    """

    request_id: int
    rows: tuple[RecordRow, ...]
    has_more: bool
    total: int | None = None


@dataclass(frozen=True)
class ArtifactNote:
    """One artifact of an attempt, as the details pane lists it.

    Attributes:
        kind: screenshot, hierarchy, log or frames.
        artifact_id: its id (``python main.py artifacts get ID`` fetches it).
        size: bytes.
        state: stored (in the artifact store), waiting (for upload) or expired.
        problem: why it could not be shown here (empty: it was read).
    """

    kind: str
    artifact_id: str
    size: int
    state: str
    problem: str = ""


@dataclass(frozen=True)
class RecordDetails:
    """Everything about one attempt, for the details pane.

    Attributes:
        record: the row itself.
        params: the task's parameters.
        item_fields: the output items' field names, in column order.
        items: the output items (at most the first few hundred; ``items_total`` says all).
        failed_step: the step the flow was in when it failed.
        screenshot: the failure screenshot, decoded off the GUI thread (None: none).
        artifacts: every artifact of the attempt, its state and why it was not read.
        frames: the seconds before the failure, an animated WebP (empty: none).
        failure_report: the phone's network, front app, battery and its last driver
            calls at the failure (``records --json``'s ``failure_report``).
        hierarchy: the UI hierarchy dump's text (may be shortened).
        log_lines: the attempt's log lines.
    """

    record: RecordRow
    params: Mapping[str, object] = field(default_factory=dict)
    item_fields: tuple[str, ...] = ()
    items: tuple[Mapping[str, object], ...] = ()
    items_total: int = 0
    failed_step: str = ""
    screenshot: QImage | None = None
    artifacts: tuple[ArtifactNote, ...] = ()
    frames: bytes = b""
    failure_report: Mapping[str, Any] | None = None
    hierarchy: str = ""
    log_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilterChoices:
    """Known values offered in the filter bar's drop-downs (typing others still works)."""

    flows: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    batches: tuple[tuple[int, str], ...] = ()  # (id, name)
    codes: tuple[str, ...] = ()  # error codes found on records


def resolve_preset(
    preset: TimePreset, now: dt.datetime | None = None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the (since, until) bounds of a preset, in the operator's local time zone."""
    now = now or dt.datetime.now().astimezone()
    if preset is TimePreset.LAST_HOUR:
        return now - dt.timedelta(hours=1), None
    if preset is TimePreset.TODAY:
        return now.replace(hour=0, minute=0, second=0, microsecond=0), None
    if preset is TimePreset.LAST_7_DAYS:
        return now - dt.timedelta(days=7), None
    return None, None
