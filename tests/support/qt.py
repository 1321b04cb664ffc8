"""Qt test hygiene: no QThread may outlive the test that started it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a QThread running (napari's _dangling_qthreads idea)."""
    from PySide6.QtCore import QThread

    started: list[Any] = []
    original_start = QThread.start

    def tracking_start(self: Any, *args: Any, **kwargs: Any) -> None:
        started.append(self)
        original_start(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", tracking_start)
    yield
    dangling = []
    for thread in started:
        try:
            if thread.isRunning() and not thread.wait(2000):
                dangling.append(thread)
        except RuntimeError:  # the C++ object is gone, so its thread is too
            continue
    started.clear()
    if dangling:
        names = ", ".join(t.objectName() or type(t).__name__ for t in dangling)
        pytest.fail(f"QThread(s) still running after the test: {names}")
