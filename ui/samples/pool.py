"""Sample flows, batches and a pipeline, shaped like the built-in flows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.flow_fields import FieldSpec, FieldType, FlowInfo, check_field_value
from ui.pool.pool_data import (
    BatchRow,
    BatchState,
    Mode,
    PipelineGraph,
    PipelineLink,
    PipelineStage,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

_APP = FieldSpec("app", "App", help="The app profile to collect from.", default="simvideo")
_CREATOR = FieldSpec(
    "creator",
    "Creator",
    help="The creator's id in the app, as shown on their profile.",
    required=True,
    is_author_id=True,
    minimum=1,
    maximum=64,
)

SAMPLE_FLOWS: tuple[FlowInfo, ...] = (
    FlowInfo(
        "collect.titles",
        "Collect a creator's video titles with their comment counts.",
        (
            _APP,
            _CREATOR,
            FieldSpec(
                "count", "Titles", FieldType.INT, "How many titles to collect.", 20, 1, 10_000
            ),
            FieldSpec(
                "min_comments",
                "Minimum comments",
                FieldType.INT,
                "Only videos with at least 10% more comments than this (the visible count "
                "includes replies); 0 = every video.",
                0,
                0,
            ),
        ),
        item_fields=("title", "comment_count", "video_key"),
        runs_per_device=False,
    ),
    FlowInfo(
        "collect.comments",
        "Collect the comments of one of a creator's videos.",
        (
            _APP,
            _CREATOR,
            FieldSpec(
                "title",
                "Video title",
                help="The exact title of the video.",
                required=True,
                minimum=1,
            ),
            FieldSpec(
                "scan_limit",
                "Videos to scan",
                FieldType.INT,
                "How many of the creator's videos to look through for the title (beyond "
                "Position, when it is given).",
                50,
                1,
                10_000,
            ),
            FieldSpec(
                "max_comments",
                "Comments",
                FieldType.INT,
                "How many comments to collect at most.",
                50,
                1,
                100_000,
            ),
        ),
        item_fields=("author", "text", "likes", "position"),
        runs_per_device=False,
    ),
    FlowInfo("device.health", "Read battery, temperature and storage.", item_fields=("battery",)),
    FlowInfo(
        "app.install",
        "Install an APK from this PC.",
        (
            FieldSpec(
                "apk", "APK file", help="Path of the APK on this PC.", required=True, minimum=1
            ),
        ),
    ),
    FlowInfo(
        "monitor.keywords",
        "Find comments that mention keywords.",
        (
            FieldSpec(
                "batch",
                "Comments batch",
                FieldType.INT,
                "A collect.comments batch.",
                required=True,
                minimum=1,
            ),
            FieldSpec(
                "keywords",
                "Keywords",
                FieldType.LIST,
                "Words to look for.",
                required=True,
                minimum=1,
            ),
        ),
        item_fields=("keyword", "author", "text"),
        needs_device=False,
        runs_per_device=False,
    ),
)


def sample_validate(flow: str, values: Mapping[str, object]) -> dict[str, str]:
    """Check values the way a flow's schema would (required fields, bounds, one rule)."""
    info = next((f for f in SAMPLE_FLOWS if f.name == flow), None)
    if info is None:
        return {"(flow)": f"unknown flow {flow}"}
    messages = {}
    for spec in info.fields:
        problem = check_field_value(spec, values.get(spec.name))
        if problem:
            messages[spec.name] = problem
    creator = values.get("creator")
    if isinstance(creator, str) and " " in creator:
        # A flow's own rule; its words are in the catalog like the console's.
        messages["creator"] = QCoreApplication.translate("FieldCheck", "an id has no spaces")
    return messages


# id, name, flow, mode, priority, state, (done, failed, running, queued), by, minutes ago,
# upstream, downstream; batches stopped by an operator have cancelled tasks (_CANCELLED)
# fmt: off
_BATCHES = (
    (41, "猫咪日常 标题采集", "collect.titles", Mode.POOL, 5, BatchState.COMPLETED, (20, 0, 0, 0),
     "王敏", 180, (), (42,)),
    (42, "猫咪日常 评论", "collect.comments", Mode.POOL, 5, BatchState.ACTIVE, (9, 2, 6, 3),
     "王敏", 170, (41,), (45,)),
    (43, "Health check, all phones", "device.health", Mode.EACH_DEVICE, 1, BatchState.ACTIVE,
     (38, 1, 3, 2), "ops", 45, (), ()),
    (44, "Install simvideo 2.3", "app.install", Mode.EACH_DEVICE, 3, BatchState.PAUSED,
     (12, 0, 0, 32), "li.wei", 30, (), ()),
    (45, "关键词监控", "monitor.keywords", Mode.POOL, 7, BatchState.ACTIVE, (0, 0, 1, 0),
     "王敏", 20, (42,), ()),
    (46, "travel_daily titles", "collect.titles", Mode.SPREAD, 5, BatchState.STOPPED, (3, 5, 0, 0),
     "ops", 300, (), ()),
    (47, "Old comments run", "collect.comments", Mode.POOL, 9, BatchState.STOPPED,
     (14, 1, 0, 0), "li.wei", 1500, (), ()),
    (48, "美食日记 标题", "collect.titles", Mode.POOL, 2, BatchState.ACTIVE, (4, 0, 8, 28),
     "王敏", 5, (), ()),
)
# fmt: on
_CANCELLED = {46: 4, 47: 24}


def sample_batches(now: dt.datetime | None = None) -> list[BatchRow]:
    """Return batches in every state, three of them a pipeline (41 → 42 → 45)."""
    now = now or dt.datetime.now(dt.UTC)
    rows = []
    for batch_id, name, flow, mode, priority, state, counts, by, ago, up, down in _BATCHES:
        done, failed, running, queued = counts
        created = now - dt.timedelta(minutes=ago)
        rows.append(
            BatchRow(
                batch_id,
                name,
                flow,
                mode,
                priority,
                state,
                done,
                failed,
                running,
                queued,
                by,
                created,
                upstream=up,
                downstream=down,
                cancelled=_CANCELLED.get(batch_id, 0),
            )  # fmt: skip
        )
    return rows


def sample_pipeline(focus: int = 42) -> PipelineGraph:
    """Return the pipeline of the sample batches 41 → 42 → 45."""
    return PipelineGraph(
        stages=(
            PipelineStage(
                41, "猫咪日常 标题采集", "collect.titles", BatchState.COMPLETED, 20, 0, 20
            ),
            PipelineStage(42, "猫咪日常 评论", "collect.comments", BatchState.ACTIVE, 9, 2, 20),
            PipelineStage(45, "关键词监控", "monitor.keywords", BatchState.ACTIVE, 0, 0, 1),
        ),
        links=(PipelineLink(41, 42, 20), PipelineLink(42, 45, 1_734)),
        focus_batch_id=focus,
    )
