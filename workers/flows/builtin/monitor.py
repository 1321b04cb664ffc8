"""Host-side flows that read what other flows collected; they need no phone."""

from __future__ import annotations

from typing import cast

from pydantic import field_validator

from workers.flows.sdk import Flow, FlowContext, FlowItem, FlowParams, param, text_or_list


class KeywordsParams(FlowParams):
    """Parameters of ``monitor.keywords``."""

    batch: int = param(label="Comments batch", help="A collect.comments batch to scan.", ge=1)
    keywords: list[str] = param(
        label="Keywords",
        help="Words to look for (comma-separated on the command line); case-insensitive.",
        min_length=1,
    )

    # The API's documents say what is accepted: a list, or one comma-separated text.
    @field_validator("keywords", mode="before", json_schema_input_type=text_or_list())
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
    """Emit every comment of the batch that contains a keyword (case-insensitive)."""
    params = cast(KeywordsParams, ctx.params)
    wanted = [(keyword, keyword.casefold()) for keyword in params.keywords]
    ctx.step(f"scan batch {params.batch}")
    scanned = 0
    for item in ctx.read_items(params.batch):
        ctx.check_stop()
        scanned += 1
        text = str(item.get("text", ""))
        folded = text.casefold()
        for keyword, needle in wanted:
            if needle in folded:
                source_run = int(item["run"])
                ctx.emit(
                    KeywordMatch(
                        match_key=f"{source_run}:{item.get('position')}:{keyword}",
                        keyword=keyword,
                        author=str(item.get("author", "")),
                        text=text,
                        likes=int(item.get("likes", 0)),
                        source_run=source_run,
                    )
                )
    ctx.log(f"scanned {scanned} comments of batch {params.batch}")


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
