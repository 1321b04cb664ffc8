"""Errors a person can fix, carrying a code and a message; each front end renders them.

The command line turns the code into an exit status, the API into an HTTP status and
a problem document, the console into a message box: none of that lives here.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


class ErrorCode(enum.StrEnum):
    """What kind of problem a UserError is; stable words for machines."""

    INVALID = "invalid"  # bad input: a field, an option, a file
    NOT_FOUND = "not_found"  # a batch, task, phone or account that does not exist
    CONFLICT = "conflict"  # valid input that clashes with what is stored
    UNAVAILABLE = "unavailable"  # a server, database or tool that cannot be reached
    FAILED = "failed"  # the work was tried and did not succeed


class UserError(Exception):
    """A problem the operator can fix: bad input, bad configuration, unreachable server.

    Attributes:
        code: what kind of problem it is (the CLI's exit status, the API's HTTP status).
        field: the request field at fault where one is (the API's ``errors[].field``).
        refusal: why, as a stable refusal code and its values (``ui/refusals.py`` words
            it in the console's language), where the request layer knows one.
    """

    def __init__(
        self,
        message: str,
        code: ErrorCode = ErrorCode.INVALID,
        field: str | None = None,
        refusal: tuple[str, Mapping[str, object]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.refusal = refusal
