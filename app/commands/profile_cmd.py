"""``profile check FILE``: validate an app profile the way the host loads it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``profile`` command group."""
    parser = sub.add_parser("profile", help="app profiles: validate one before installing it")
    actions = parser.add_subparsers(dest="profile_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="validate a profile file: FILE:LINE: FIELD: REASON on a mistake"
    )
    check.add_argument("file", metavar="FILE", type=Path, help="the profile (YAML)")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Load the profile with every check the host makes; say what it supports."""
    from workers.flows.profiles import load_profile
    from workers.flows.yaml_source import YamlError

    try:
        profile = load_profile(args.file)
    except YamlError as exc:
        raise UserError(str(exc)) from None
    print(
        f"{args.file}: ok: {profile.app} ({profile.title}, {profile.package}); "
        f"flows: {', '.join(profile.flows)}"
    )
    return 0
