"""Every error code the workers can put on a record has a description for the console."""

from __future__ import annotations

import re
from pathlib import Path

from ui.records.error_codes import ERROR_CODE_TEXT, describe_code
from workers.device.errors import ErrorCode

ROOT = Path(__file__).resolve().parents[2]
# code="video_not_found" in flows; ErrorClass.FATAL, "bad_params" in the attempt runner.
CODE_PATTERNS = (
    re.compile(r"""\bcode=["']([a-z_]+)["']"""),
    re.compile(r"""ErrorClass\.[A-Z_]+,\s*["']([a-z_]+)["']"""),
)


def codes_raised_in_source() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "workers").rglob("*.py"):
        if "sim" in path.relative_to(ROOT).parts:
            continue  # the simulated phones' own protocol, not records
        text = path.read_text(encoding="utf-8")
        for pattern in CODE_PATTERNS:
            found.update(pattern.findall(text))
    return found


def test_every_device_code_is_described() -> None:
    assert sorted(c.value for c in ErrorCode if c.value not in ERROR_CODE_TEXT) == []


def test_every_code_a_flow_or_the_runner_raises_is_described() -> None:
    raised = codes_raised_in_source()
    assert {"bad_params", "lease_lost", "stopped", "video_not_found"} <= raised  # found them
    assert sorted(raised - set(ERROR_CODE_TEXT)) == []


def test_an_unknown_code_is_shown_as_a_flow_code_and_no_code_as_nothing() -> None:
    assert describe_code("") == ""
    assert describe_code("made_up_by_a_flow") == "A code set by the flow."
    assert describe_code("device_lost") == ERROR_CODE_TEXT["device_lost"]
