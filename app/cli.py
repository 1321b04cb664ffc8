"""The command line: global options, subcommands, and one clear line on any failure."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from app import __version__
from app.errors import ErrorCode, UserError
from app.logging_setup import configure_logging
from app.settings import Settings, load_settings
from db.engine import DatabaseUnavailable
from db.urls import mask_in_text

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Settings], int]

# Bad input exits 2 (argparse's own status for a bad argument); everything else 1.
_EXIT_STATUS = {ErrorCode.INVALID: 2}


def _driver_message(exc: DBAPIError) -> str:
    orig = exc.orig
    args: tuple[object, ...] = tuple(getattr(orig, "args", ()))
    text = str(args[1]) if len(args) > 1 else str(orig or exc)
    return text.strip().splitlines()[0] if text.strip() else type(orig or exc).__name__


def exit_status(error: UserError) -> int:
    """The process exit status for a user error's code."""
    return _EXIT_STATUS.get(error.code, 1)


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, naming the bad argument."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {mask_in_text(message)} (see {self.prog} --help)\n")


def _command_modules() -> list[object]:
    # Imported here so that `--help` stays fast and Qt loads only for the console.
    from app.commands import (
        alerts_cmd,
        api_cmd,
        artifacts_cmd,
        bench_cmd,
        config_cmd,
        console_cmd,
        control_cmd,
        db_cmd,
        profile_cmd,
        records_cmd,
        schedule_cmd,
        seen_cmd,
        sim_cmd,
        status_cmd,
        submit_cmd,
        worker_cmd,
    )

    return [
        console_cmd,
        db_cmd,
        config_cmd,
        submit_cmd,
        status_cmd,
        control_cmd,
        records_cmd,
        artifacts_cmd,
        alerts_cmd,
        schedule_cmd,
        seen_cmd,
        worker_cmd,
        sim_cmd,
        profile_cmd,
        bench_cmd,
        api_cmd,
    ]


def build_parser() -> ArgumentParser:
    """The full parser: global options plus every registered subcommand."""
    parser = ArgumentParser(
        prog="fleetdeck",
        description="FleetDeck: run and watch automation flows on a fleet of Android phones. "
        "Without a command, starts the console.",
    )
    parser.add_argument("--version", action="version", version=f"FleetDeck {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides FLEETDECK_DB)")
    parser.add_argument(
        "--config", metavar="FILE", type=Path, help="settings file (default: user config dir)"
    )
    parser.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log verbosity"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in _command_modules():
        module.register(sub)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "console"])
    try:
        settings, _sources = load_settings(
            cli={"db": args.db, "log_level": args.log_level}, config_file=args.config
        )
        problem = configure_logging(
            settings.log_level,
            log_file=settings.log_file,
            secrets=[settings.s3_secret_key.get_secret_value()],
        )
        if problem is not None:
            print(f"fleetdeck: warning: {problem}; logging to stderr only", file=sys.stderr)
        handler: Handler = args.handler
        return handler(args, settings)
    except UserError as exc:
        print(f"fleetdeck: error: {mask_in_text(str(exc))}", file=sys.stderr)
        return exit_status(exc)
    except DatabaseUnavailable as exc:
        print(f"fleetdeck: error: {mask_in_text(str(exc))}", file=sys.stderr)
        return 1
    except (OperationalError, DataError) as exc:
        # The database went away mid-command, or refused a value a check let through:
        # the operator's problem to see in one line. Other database errors (a bad
        # statement) are bugs and keep their traceback.
        kind = "database unavailable" if isinstance(exc, OperationalError) else "database refused"
        print(f"fleetdeck: error: {kind}: {mask_in_text(_driver_message(exc))}", file=sys.stderr)
        return 1 if isinstance(exc, OperationalError) else 2
    except KeyboardInterrupt:
        print("fleetdeck: interrupted", file=sys.stderr)
        return 130
