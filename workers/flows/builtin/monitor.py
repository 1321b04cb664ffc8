"""Host-side flows that read what other flows collected; they need no phone."""

from __future__ import annotations

from pydantic import field_validator

from workers.flows.sdk import Flow, FlowContext, FlowItem, FlowParams, param


class KeywordsParams(FlowParams):
    """Parameters of ``monitor.keywords``."""

    batch: int = param(label="Comments batch", help="A collect.comments batch to scan.", ge=1)
    keywords: list[str] = param(
        label="Keywords",
        help="Words to look for (comma-separated on the command line); case-insensitive.",
        min_length=1,
    )

    @field_validator("keywords", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


class KeywordMatch(FlowItem):
    """A collected comment that contains a keyword."""

    key_field = "match_key"
    match_key: str
    keyword: str
    author: str
    text: str
    likes: int
    source_run: int


def run_keywords(ctx: FlowContext) -> None:
    """Scan a comments batch's items for keywords."""
    raise NotImplementedError("monitor.keywords lands with the flow runtime (issue 5)")


FLOWS = [
    Flow(
        name="monitor.keywords",
        description="Find collected comments that contain any of the keywords.",
        params=KeywordsParams,
        item=KeywordMatch,
        run=run_keywords,
        needs_device=False,
    ),
]
