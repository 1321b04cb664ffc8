"""``artifacts``: fetch one artifact by id, move every artifact to another store, prune."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.artifact_setup import BACKENDS, open_artifacts, read_artifact
from app.errors import ErrorCode, UserError
from app.pool_calls import open_pool
from db.artifacts.maintenance import apply_retention, migrate_artifacts
from db.artifacts.store import StoreUnavailable
from db.urls import mask_in_text

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``artifacts`` command and its verbs."""
    parser = sub.add_parser("artifacts", help="failure evidence: get, migrate, prune")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    get = verbs.add_parser("get", help="write one artifact's bytes to a file")
    get.add_argument("id", metavar="ID", help="artifact id (records --json lists them)")
    get.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
    get.set_defaults(handler=run_get)
    move = verbs.add_parser("migrate", help="move every stored artifact to another store")
    move.add_argument("--to", required=True, choices=BACKENDS, metavar="BACKEND",
                      help="local, db or s3")  # fmt: skip
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=run_migrate)
    prune = verbs.add_parser("prune", help="apply artifact_retention_days now")
    prune.add_argument("--days", type=float, metavar="N", help="instead of the setting")
    prune.add_argument("--json", action="store_true")
    prune.set_defaults(handler=run_prune)


def run_get(args: argparse.Namespace, settings: Settings) -> int:
    """Write the artifact to ``--output`` (whole, or not at all)."""
    output: Path = args.output
    if output.is_dir():
        raise UserError(f"--output {output}: is a folder; name a file")
    if not output.parent.exists():
        raise UserError(f"--output {output}: folder {output.parent} does not exist")
    with open_pool(settings) as engine:
        found = read_artifact(open_artifacts(settings, engine).reader, args.id)
    _write_whole(output, found.data)
    info = found.info
    print(
        f"wrote {info.kind.value} {info.id} ({info.size} bytes, sha256 {info.sha256}) to {output}"
    )
    return 0


def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Copy, verify, switch and delete, artifact by artifact."""
    with open_pool(settings) as engine:
        artifacts = open_artifacts(settings, engine)
        try:
            target = artifacts.backends(args.to)
            result = migrate_artifacts(engine, artifacts.reader, target)
        except StoreUnavailable as exc:
            raise UserError(mask_in_text(str(exc)), ErrorCode.UNAVAILABLE) from None
    if args.json:
        print(json.dumps({"to": args.to, "moved": result.moved, "missing": result.missing}))
    else:
        print(f"moved {result.moved} artifact(s) to {args.to}; {result.missing} not found")
    return 0


def run_prune(args: argparse.Namespace, settings: Settings) -> int:
    """Delete artifacts older than the retention (records stay)."""
    days = settings.artifact_retention_days if args.days is None else args.days
    if days <= 0:
        raise UserError("--days: retention is off (0); give a number of days above 0")
    with open_pool(settings) as engine:
        artifacts = open_artifacts(settings, engine)
        deleted = apply_retention(engine, days, artifacts.backends)
    if args.json:
        print(json.dumps({"deleted": deleted, "days": days}))
    else:
        print(f"deleted {deleted} artifact(s) older than {days:g} day(s); records kept")
    return 0


def _write_whole(path: Path, data: bytes) -> None:
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"--output {path}: {exc.strerror or exc}") from None
