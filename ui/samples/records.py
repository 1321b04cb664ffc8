"""Sample attempt records and their details, served a page at a time like the pool would."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from ui.records.record_data import ArtifactNote, RecordDetails, RecordPage, RecordRow
from ui.samples.phones import ACCOUNTS, HOSTS, TITLES, screen_image

if TYPE_CHECKING:
    from ui.reasons import Said
    from ui.records.record_data import RecordQuery

_FLOWS = ("collect.titles", "collect.comments", "device.health", "app.launch")
_FAILURES: tuple[tuple[str, str, str, Said | None], ...] = (
    ("failed", "device", "restricted: this account cannot see the creator's videos", None),
    ("failed", "retryable", "UiObjectNotFoundError: 评论列表 did not appear in 10 s", None),
    ("failed", "fatal", "video not found: '手工咖啡入门' is not among the first 50 videos", None),
    (
        "failed",
        "timeout",
        "ran past its maximum run time of 600 s",
        ("ran_past", {"seconds": "600"}),
    ),
    ("cancelled", "cancelled", "stopped by 王敏", ("stopped_by", {"by": "王敏"})),
)


def sample_record(record_id: int, now: dt.datetime | None = None) -> RecordRow:
    """Return record ``record_id`` (a higher id is newer); the same id gives the same row."""
    rng = random.Random(record_id)
    now = now or dt.datetime(2025, 6, 3, 15, 30, tzinfo=dt.UTC)
    started = now - dt.timedelta(seconds=(1_000_000 - record_id) * 37)
    failed = rng.random() < 0.22
    status, error_class, message, reason = (
        rng.choice(_FAILURES) if failed else ("succeeded", "", "", None)
    )
    items = 0 if failed else rng.randint(1, 50)
    return RecordRow(
        record_id=record_id,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=rng.randint(8, 400)),
        flow=rng.choice(_FLOWS),
        status=status,
        device=f"{'ABCD'[record_id % 4]}排-{record_id % 24 + 1:02d}",
        host=HOSTS[record_id % len(HOSTS)],
        batch_id=40 + record_id % 9,
        error_class=error_class,
        account=rng.choice(ACCOUNTS),
        author_id=rng.choice(("maomi_daily", "travel.lin", "小厨娘", "tech_review")),
        attempt=rng.randint(1, 3) if failed else 1,
        message=message,
        items=items,
        reason=reason,
    )


def sample_page(query: RecordQuery, newest_id: int = 1_000_000) -> RecordPage:
    """Answer a query from a fleet with ``newest_id`` records (ids newest_id down to 1)."""
    first = newest_id - query.offset
    ids = range(first, max(first - query.limit, 0), -1)
    rows = tuple(sample_record(record_id) for record_id in ids)
    return RecordPage(query.request_id, rows, has_more=first - len(rows) > 0, total=newest_id)


def sample_details(record: RecordRow) -> RecordDetails:
    """Return details for ``record``: items, and a screenshot and log when it failed."""
    fields, items = _sample_items(record.flow == "collect.comments")
    failed = bool(record.error_class)
    log = [
        f"{record.started_at:%H:%M:%S} claim task of batch #{record.batch_id} on {record.device}",
        f"{record.started_at:%H:%M:%S} step: open creator {record.author_id}",
        f"{record.started_at:%H:%M:%S} step: read the video list",
    ]
    if failed:
        items = items[:3]
        log.append(f"{record.started_at:%H:%M:%S} {record.status}: {record.message}")
    notes = tuple(
        ArtifactNote(kind, f"{record.record_id:08x}{n:024x}", size, "stored")
        for n, (kind, size) in enumerate(
            (("screenshot", 182_113), ("hierarchy", 9_421), ("log", 812))
        )
    )
    return RecordDetails(
        record=record,
        params={"app": "simvideo", "creator": record.author_id, "count": 20, "min_comments": 0},
        item_fields=fields,
        items=items,
        items_total=len(items),
        failed_step="read the comments" if failed else "",
        screenshot=screen_image(record.device, record.record_id % 7, 360, 780) if failed else None,
        artifacts=notes if failed else notes[-1:],
        hierarchy=_HIERARCHY if failed else "",
        log_lines=tuple(log),
    )


def _sample_items(comments: bool) -> tuple[tuple[str, ...], tuple[dict[str, object], ...]]:
    if comments:
        return ("author", "text", "likes", "position"), tuple(
            {
                "author": f"用户{n:03d}",
                "text": f"{TITLES[n % len(TITLES)]} 太好看了!",
                "likes": n * 7,
                "position": n + 1,
            }  # fmt: skip
            for n in range(12)
        )
    return ("title", "comment_count", "video_key"), tuple(
        {
            "title": TITLES[n % len(TITLES)],
            "comment_count": 120 + n * 13,
            "video_key": f"v{9000 + n}",
        }
        for n in range(12)
    )


_HIERARCHY = "\n".join(
    (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
        '<hierarchy rotation="0">',
        '  <node index="0" resource-id="com.sim.video:id/root"',
        '        class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">',
        '    <node index="0" text="评论" resource-id="com.sim.video:id/title"',
        '          class="android.widget.TextView" bounds="[40,120][400,200]" />',
        '    <node index="1" resource-id="com.sim.video:id/loading"',
        '          class="android.widget.ProgressBar" bounds="[480,1100][600,1220]" />',
        "  </node>",
        "</hierarchy>",
    )
)
