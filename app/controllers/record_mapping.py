"""The record viewer's words in the pool's terms, and the pool's records in the viewer's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.controllers.record_artifacts import read_artifacts
from db.pool.reasons import parse_reason
from db.pool.records import count_records_up_to, query_record_summaries
from db.pool.values import RecordFilter as PoolFilter
from db.records_view import serials_named
from ui.records.error_codes import KNOWN_CODES
from ui.records.record_data import FilterChoices, RecordDetails, RecordPage, RecordRow

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from sqlalchemy.orm import Session

    from app.controllers.record_artifacts import Artifacts
    from db.artifacts.reader import ArtifactReader
    from db.pool.values import Record, RecordSummary
    from db.records_view import FilterValues
    from ui.records.record_data import RecordFilter, RecordQuery

COUNT_CAP = 10_000  # a first page says "of N" up to this many matches, else no total
COUNT_BUDGET_S = 0.15  # ...and if counting them is quick: sparse matches cost many reads


def status_word(flt: RecordFilter) -> str | None:
    """The pool's one status word: the error class when one is chosen (it is the more
    specific: it implies a failure), else the outcome, else None (any).

    "failed" lists failed attempts; an operator's stop ends an attempt as cancelled,
    found with the error class "cancelled".
    """
    if flt.error_class:
        return flt.error_class
    return flt.outcome.value or None


def pool_filter(flt: RecordFilter, serials: tuple[str, ...] | None = None) -> PoolFilter:
    """The pool's filter for the viewer's; ``serials``: the phones its device text names."""
    device = flt.device.strip()
    return PoolFilter(
        account=flt.account.strip() or None,
        author=flt.author_id.strip() or None,
        flow=flt.flow.strip() or None,
        status=status_word(flt),
        device=device if device and serials is None else None,
        devices=serials if device and serials is not None else None,
        host=flt.host.strip() or None,
        batch=flt.batch_id,
        since=_aware(flt.since),
        until=_aware(flt.until),
        error_code=flt.error_code.strip() or None,
    )


def resolve_pool_filter(session: Session, flt: RecordFilter) -> PoolFilter:
    """The pool's filter, with a phone given by its label turned into its serials."""
    device = flt.device.strip()
    return pool_filter(flt, serials_named(session, device) if device else None)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    # The bar sends local, timezone-aware times; a naive one is taken as local too.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.astimezone()


def record_row(record: Record | RecordSummary) -> RecordRow:
    """One attempt as the table lists it."""
    return RecordRow(
        record_id=record.id,
        started_at=record.started_at,
        flow=record.flow,
        status=record.status.value,
        device=record.device or "",
        host=record.host or "",
        batch_id=record.batch,
        finished_at=record.finished_at,
        error_class=record.error_class.value if record.error_class else "",
        error_code=record.error_code or "",
        account=record.account or "",
        author_id=record.author or "",
        attempt=record.attempt,
        message=record.error_message or "",
        items=record.output_count,
        reason=parse_reason(record.error_message),
    )


def record_details(record: Record, artifacts: Artifacts) -> RecordDetails:
    """Everything the details pane shows about one attempt."""
    items = tuple(item if isinstance(item, dict) else {"value": item} for item in record.outputs)
    return RecordDetails(
        record=record_row(record),
        params=record.params if isinstance(record.params, dict) else {"params": record.params},
        item_fields=item_fields(items),
        items=items,
        items_total=max(record.output_count, len(items)),
        failed_step=record.step or "",
        screenshot=artifacts.screenshot,
        artifacts=artifacts.notes,
        frames=artifacts.frames,
        failure_report=record.failure_report if isinstance(record.failure_report, dict) else None,
        hierarchy=artifacts.hierarchy,
        log_lines=artifacts.log_lines,
    )


def item_fields(items: Sequence[Mapping[str, object]]) -> tuple[str, ...]:
    """Every field of the items, in the order they first appear."""
    fields: dict[str, None] = {}
    for item in items:
        fields.update(dict.fromkeys(item))
    return tuple(fields)


def filter_choices(values: FilterValues) -> FilterChoices:
    """The drop-downs' values; a phone is offered by its label and by its serial."""
    return FilterChoices(
        flows=values.flows,
        hosts=values.hosts,
        devices=values.labels + tuple(s for s in values.serials if s not in values.labels),
        accounts=values.accounts,
        batches=values.batches,
        codes=tuple(sorted(set(values.codes) | set(KNOWN_CODES))),
    )


def records_page(session: Session, query: RecordQuery) -> RecordPage:
    """One page of the query's records, newest first, by key (``after``'s record id)."""
    flt = resolve_pool_filter(session, query.filter)
    before = query.after[1] if query.after is not None else None
    found = query_record_summaries(session, flt, before_id=before, limit=query.limit + 1)
    rows = tuple(record_row(summary) for summary in found[: query.limit])
    has_more = len(found) > query.limit
    total = None
    if query.after is None:  # once per search; later pages keep the first one's count
        total = len(rows) if not has_more else _bounded_count(session, flt)
    return RecordPage(query.request_id, rows, has_more, total)


def read_record_details(record: Record, reader: ArtifactReader | None) -> RecordDetails:
    """The details of one attempt, its artifacts read from the store and its screenshot
    decoded (any thread)."""
    return record_details(record, read_artifacts(reader, record.artifacts))


def _bounded_count(session: Session, flt: PoolFilter) -> int | None:
    return count_records_up_to(session, flt, COUNT_CAP, budget_s=COUNT_BUDGET_S)
