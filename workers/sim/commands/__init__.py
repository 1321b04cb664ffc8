"""The command table of the simulated phone's shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.sim.commands import dumpsys, files, packages, system
from workers.sim.shell import BUILTINS

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from workers.sim.shell import Result, ShellHost


def command_table() -> dict[str, Callable[[ShellHost, list[str], bytes], Awaitable[Result]]]:
    """Every command the sim's shell knows, by name."""
    return {
        **BUILTINS,
        **files.COMMANDS,
        **system.COMMANDS,
        **packages.COMMANDS,
        "dumpsys": dumpsys.dumpsys,
    }
