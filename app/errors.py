"""Errors that end a command with one clear line instead of a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the operator can fix: bad input, bad configuration, unreachable server.

    Attributes:
        exit_code: the process exit status the command line uses for it.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
