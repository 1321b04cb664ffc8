"""Between monitoring's stored values and the Schedules/Monitoring views' rows.

Slot reasons are stored as English notes with a leading code ("overlap: batch 12 is
still running"); the views get the code and its argument and word them in ui/.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from app.scheduling import ScheduleRequest
from ui.monitor.monitor_data import HitRow, MonitorRow, ScheduleRow
from ui.pool.pool_data import TargetKind

if TYPE_CHECKING:
    from db.monitor.hits import Hit, MonitorSummary
    from db.monitor.values import ScheduleInfo
    from ui.pool.pool_data import BatchSpec

MONITOR_FLOWS = ("monitor.account", "monitor.keyword", "monitor.post")
_REASONS = (
    (re.compile(r"^missed: .* beyond the catch-up window"), "late"),
    (re.compile(r"^missed: "), "missed"),
    (re.compile(r"^overlap: batch (\d+) is still running"), "overlap-skip"),
    (re.compile(r"^overlap: stopped batch (\d+)"), "overlap-stop"),
    (re.compile(r"^overlap: batch (\d+) still running, allowed"), "overlap-allow"),
    (re.compile(r"^submit refused"), "refused"),
)


def reason_code(reason: str | None) -> tuple[str | None, str | None]:
    """(code, argument) of a slot's stored reason; (None, None) when there is none."""
    for pattern, code in _REASONS:
        match = pattern.match(reason or "")
        if match:
            return code, match.group(1) if match.groups() else None
    return None, None


def schedule_row(info: ScheduleInfo) -> ScheduleRow:
    """One schedule as the Schedules view lists it."""
    last = info.last_slot
    code, _arg = reason_code(last.reason if last else None)
    return ScheduleRow(
        schedule_id=info.id,
        name=info.name or "",
        flow=info.flow,
        every_s=info.every_s,
        cron=info.cron,
        tz=info.tz,
        state=info.state.value,
        next_run=info.next_run,
        last_run=last.slot_at if last else None,
        last_outcome=last.outcome.value if last else None,
        last_reason=code,
        last_batch_id=last.batch_id if last else None,
        last_batch_state=last.batch_state if last else None,
        last_hits=info.last_hits,
        params=dict(info.params),
    )


def monitor_row(summary: MonitorSummary) -> MonitorRow:
    """One monitor in the Monitoring view's list."""
    name = summary.name or _watched(summary.params)
    return MonitorRow(
        schedule_id=summary.schedule_id,
        flow=summary.flow,
        name=name,
        hits=summary.hits,
        unread=summary.unread,
        newest_at=summary.newest_at,
    )


def _watched(params: dict[str, Any]) -> str:
    """What a monitor watches, from its parameters (creators, keywords or a post)."""
    for field in ("creators", "keywords"):
        if params.get(field):
            return ", ".join(str(v) for v in params[field])
    post = params.get("key") or params.get("title")
    return f"{params.get('creator', '')} {post}".strip() if post else ""


def hit_row(hit: Hit) -> HitRow:
    """One hit as the Monitoring view shows it."""
    data = hit.data
    return HitRow(
        item_id=hit.item_id,
        found_at=hit.found_at,
        batch_id=hit.batch_id,
        kind=str(data.get("kind", "")),
        creator=str(data.get("creator", "")),
        video_key=str(data.get("video_key", "")),
        title=str(data.get("title", "")),
        text=str(data.get("text") or ""),
        keyword=data.get("keyword"),
        read=hit.read,
        data=data,
    )


def schedule_request_of(spec: BatchSpec) -> ScheduleRequest:
    """What the new-batch dialog asked for, as the request ``schedule add`` makes."""
    repeat = spec.repeat
    assert repeat is not None
    targets = spec.targets
    return ScheduleRequest(
        flow=spec.flow,
        params={k: v for k, v in spec.params.items() if v is not None},
        every=repeat.every,
        cron=repeat.cron,
        tz=repeat.tz,
        overlap=repeat.overlap.value,
        catch_up=repeat.catch_up,
        start=repeat.start,
        end=repeat.end,
        mode=spec.mode.value,
        count=max(spec.count, 1),
        priority=spec.priority,
        devices=list(targets.serials) if targets.kind is TargetKind.PHONES else None,
        accounts=list(targets.accounts) if targets.kind is TargetKind.ACCOUNTS else None,
        max_attempts=spec.max_attempts,
        timeout_s=spec.timeout_s,
        name=spec.name.strip() or None,
    )
