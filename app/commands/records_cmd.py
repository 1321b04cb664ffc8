"""``records``: execution records (one per attempt), filtered; as a table, JSON or Excel."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id, whole
from app.errors import UserError
from app.pool_calls import open_pool, pool_call
from app.submission import registry
from db.pool.errors import PoolError
from db.pool.records import STATUS_WORDS, query_records
from db.pool.values import RecordFilter, iso

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings
    from db.pool.values import Record

CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_LIMIT = 1_000_000  # records a table, JSON or workbook may be asked for
MAX_AGO_DAYS = 100 * 366  # a span ago, e.g. 7d, reaches back at most a century
AGO = re.compile(r"^(\d{1,18})\s*([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def register(sub: Any) -> None:
    """Add the ``records`` command."""
    p = sub.add_parser("records", help="list or export execution records (one per attempt)")
    p.add_argument("--account", metavar="A", help="account uid")
    p.add_argument("--author", metavar="ID", help="author id (whose content it was)")
    p.add_argument("--flow", metavar="F")
    p.add_argument("--status", metavar="S", help="one of: " + ", ".join(STATUS_WORDS))
    p.add_argument("--code", metavar="C", help="error code, e.g. device_lost, ui_not_found")
    p.add_argument("--device", metavar="D", help="phone serial")
    p.add_argument("--host", metavar="H", help="PC host name")
    p.add_argument("--batch", type=record_id, metavar="B")
    p.add_argument("--since", metavar="T", help="ISO time (local unless it has an offset) or 2h")
    p.add_argument("--until", metavar="T", help="ISO time (local unless it has an offset) or 30m")
    p.add_argument(
        "--limit", type=whole(1, MAX_LIMIT), metavar="N", help="at most N records (default 100)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--export", type=Path, metavar="FILE.xlsx", help="write an Excel workbook")
    p.set_defaults(handler=run)


def parse_time(option: str, text: str | None, now: datetime | None = None) -> datetime | None:
    """An ISO 8601 time (local time when it has no offset) or a span ago like 2h, in UTC."""
    if text is None:
        return None
    now = now or datetime.now(UTC)
    ago = AGO.match(text.strip())
    if ago:
        seconds = int(ago.group(1)) * UNIT_SECONDS[ago.group(2)]
        if seconds > MAX_AGO_DAYS * UNIT_SECONDS["d"]:
            raise UserError(f"{option} {text!r}: reaches back more than {MAX_AGO_DAYS} days")
        return now - timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            moment = moment.astimezone()  # the operator's local time
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise UserError(
            f"{option} {text!r}: expected an ISO time such as 2026-03-01T14:00 or a span "
            "such as 30m, 2h, 7d"
        ) from None


def _filter(args: argparse.Namespace) -> RecordFilter:
    if args.status is not None and args.status not in STATUS_WORDS:
        raise UserError(f"--status {args.status!r}: expected one of {', '.join(STATUS_WORDS)}")
    if args.code is not None and not CODE.match(args.code):
        raise UserError(
            f"--code {args.code!r}: expected an error code of lower-case letters, digits "
            "and _ such as device_lost"
        )
    since = parse_time("--since", args.since)
    until = parse_time("--until", args.until)
    if since and until and since >= until:
        raise UserError("--since must be before --until")
    return RecordFilter(
        account=args.account,
        author=args.author,
        flow=args.flow,
        status=args.status,
        device=args.device,
        host=args.host,
        batch=args.batch,
        since=since,
        until=until,
        error_code=args.code,
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """List, print as JSON, or export the matching records."""
    flt = _filter(args)
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be at least 1")
    if args.export is not None:
        return _export(args, settings, flt)
    with open_pool(settings) as engine:
        records = pool_call(
            engine, lambda s: query_records(s, flt, limit=args.limit or 100), read_only=True
        )
    if args.json:
        print(json.dumps([r.to_json() for r in records], ensure_ascii=False))
    else:
        print(_table(records))
    return 0


def _export(args: argparse.Namespace, settings: Settings, flt: RecordFilter) -> int:
    path: Path = args.export
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"--export {path}: the file name must end in .xlsx")
    if not path.parent.exists():
        raise UserError(f"--export {path}: folder {path.parent} does not exist")
    # openpyxl loads only for an export, not for every command that lists records.
    from app.export_layout import export_layout
    from db.pool.export import EXCEL_MAX_CHARS, export_records

    layout = export_layout(registry(settings), settings.time_zone)
    with open_pool(settings) as engine:
        try:
            result = export_records(engine, flt, path, layout=layout, limit=args.limit)
        except PoolError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"--export {path}: {exc.strerror or exc}") from None
    if args.json:
        doc = {
            "file": result.path,
            "attempts": result.attempts,
            "items": result.items,
            "sheets": result.sheets,
            "cut_cells": result.cut_cells,
        }
        print(json.dumps(doc, ensure_ascii=False))
    else:
        print(
            f"exported {result.attempts} attempt(s) and {result.items} output item(s) to "
            f"{result.path} (sheets: {', '.join(result.sheets)})"
        )
        if result.cut_cells:
            print(
                f"{result.cut_cells} cell(s) held more than Excel's {EXCEL_MAX_CHARS:,} "
                "characters: each was cut and ends with a red [CUT: ...] marker"
            )
    return 0


def _table(records: list[Record]) -> str:
    rows = [
        f"{'ID':>7} {'BATCH':>6} {'TASK':>7} {'FLOW':<18} {'TRY':>3} {'STATUS':<10} "
        f"{'CLASS':<13} {'CODE':<18} {'DEVICE':<16} {'ACCOUNT':<14} {'STARTED (UTC)':<24} "
        f"{'MS':>7} {'OUT':>4}"
    ]
    for r in records:
        rows.append(
            f"{r.id:>7} {r.batch:>6} {r.task:>7} {r.flow:<18} {r.attempt:>3} "
            f"{r.status.value:<10} {(r.error_class.value if r.error_class else '-'):<13} "
            f"{(r.error_code or '-'):<18} "
            f"{(r.device or '-'):<16} {(r.account or '-'):<14} {iso(r.started_at) or '':<24} "
            f"{(r.duration_ms if r.duration_ms is not None else '-'):>7} {len(r.outputs):>4}"
        )
        if r.error_message:
            rows.append(f"{'':>7} {r.error_message}")
    if len(rows) == 1:
        rows.append("(no records match)")
    return "\n".join(rows)
