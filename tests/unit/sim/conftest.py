"""A simulated phone's model and shell without any network: fast unit-level fixtures."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from workers.sim import render
from workers.sim.commands import command_table
from workers.sim.provision import provision_phone
from workers.sim.shell import Shell

if TYPE_CHECKING:
    from workers.sim.phone import PhoneModel


class OfflineHost:
    """A ShellHost over a bare model: what the shell sees, minus the transport."""

    def __init__(self, model: PhoneModel) -> None:
        self.model = model
        self.reboots = 0

    async def screenshot_png(self) -> bytes:
        return render.png(render.render(self.model.windows(), self.model.size, True))

    def request_reboot(self) -> None:
        self.reboots += 1

    def u2_server_pid(self) -> int | None:
        return None

    def sh(self, line: str) -> tuple[str, int]:
        """Run one shell line; return (output text, exit status)."""
        out, status = asyncio.run(Shell(self, command_table()).run(line))
        return out.decode("utf-8", errors="replace"), status


@pytest.fixture
def phone_model() -> PhoneModel:
    """Phone 0 of seed 7, on its launcher, u2.jar preseeded."""
    return provision_phone(seed=7, index=0)


@pytest.fixture
def host(phone_model: PhoneModel) -> OfflineHost:
    """A shell host over phone_model."""
    return OfflineHost(phone_model)
