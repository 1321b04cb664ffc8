"""Measure the phone grid under load: event latency on the GUI thread, and frames.

A producer thread plays the capture workers: every phone gets a new state and a newly
painted screen picture (a QImage, built off the GUI thread) once a second, handed over
in batches by queued signal, as a controller would. A probe thread emits a timestamped
signal every 5 ms; how late each arrives on the GUI thread is the latency an operator
feels. Paint events of the tile view are the frames.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.grid.phone_data import TileThresholds, TileUpdate
from ui.grid.phone_grid_view import PhoneGridView
from ui.samples.phones import advance_tile, sample_tiles, screen_image

if TYPE_CHECKING:
    from app.settings import Settings

PROBE_INTERVAL_S = 0.005
BATCHES_PER_SECOND = 10  # each 100 ms the producer hands over a tenth of the phones
SCREEN_ASPECT = 19.5 / 9  # height / width of the simulated screens


def measure_grid(
    *,
    phones: int,
    seconds: float,
    warm_up: float,
    tile_width: int,
    window: tuple[int, int],
    settings: Settings,
) -> dict[str, Any]:
    """Show a grid of ``phones`` live tiles for ``seconds``; return the figures."""
    if QApplication.instance() is None:
        QApplication([])
    thresholds = TileThresholds(settings.battery_warn_percent, settings.temperature_warn_c)
    grid = PhoneGridView(thresholds)
    grid.resize(*window)
    grid.set_tile_width(tile_width)
    grid.set_tiles(sample_tiles(phones, seed=11))
    grid.show()
    meter = GridMeter(grid, warm_up)
    meter.start()
    # A local loop, not app.exec(): quitting the application would close every window.
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    meter.stop()
    figures = meter.figures(seconds - warm_up)
    figures["platform"] = QApplication.platformName()
    grid.close()
    grid.deleteLater()
    return figures


class _Relay(QObject):
    """Lives in the GUI thread, so signals emitted from the bench threads arrive queued."""

    updates_ready = Signal(list)
    probe_sent = Signal(float)


class GridMeter(QObject):
    """Runs the producer and probe threads and counts what reaches the GUI thread."""

    def __init__(self, grid: PhoneGridView, warm_up: float) -> None:
        super().__init__()
        self.grid = grid
        self.warm_up = warm_up
        self.relay = _Relay()
        self.relay.updates_ready.connect(grid.apply_updates)
        self.relay.probe_sent.connect(self._on_probe_sent)
        self.stopping = threading.Event()
        self.started_at = 0.0
        self.latencies: list[float] = []
        self.updates_sent = 0
        self.frames = 0
        self.changes = 0
        self.visible = 0
        self.picture_box = grid.picture_size()
        grid.view.viewport().installEventFilter(self)
        grid.model.dataChanged.connect(self._on_model_data_changed)
        grid.visible_serials_changed.connect(self._on_grid_visible_serials_changed)
        self._threads = [
            threading.Thread(target=self._produce, name="bench-producer", daemon=True),
            threading.Thread(target=self._probe, name="bench-probe", daemon=True),
        ]

    def start(self) -> None:
        """Start both threads."""
        self.started_at = time.perf_counter()
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop both threads and wait for them."""
        self.stopping.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def counting(self) -> bool:
        """Return True once the warm-up is over."""
        return time.perf_counter() - self.started_at >= self.warm_up

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Count the tile view's paint events."""
        if event.type() == QEvent.Type.Paint and self.counting():
            self.frames += 1
        return False

    def figures(self, seconds: float) -> dict[str, Any]:
        """Return what was measured after the warm-up."""
        latencies_ms = sorted(value * 1000 for value in self.latencies)
        return {
            "phones": self.grid.model.rowCount(),
            "seconds_measured": round(seconds, 1),
            "tile_updates_per_s": round(self.updates_sent / seconds, 1),
            "visible_tiles": self.visible,
            "latency_p50_ms": round(_percentile(latencies_ms, 50), 2),
            "latency_p99_ms": round(_percentile(latencies_ms, 99), 2),
            "latency_max_ms": round(latencies_ms[-1], 2) if latencies_ms else None,
            "latency_samples": len(latencies_ms),
            "frames_per_s": round(self.frames / seconds, 1),
            "data_changed_per_s": round(self.changes / seconds, 1),
        }

    def _on_probe_sent(self, sent: float) -> None:
        if self.counting():
            self.latencies.append(time.perf_counter() - sent)

    def _on_model_data_changed(self, *_args: object) -> None:
        if self.counting():
            self.changes += 1

    def _on_grid_visible_serials_changed(self, serials: frozenset[str]) -> None:
        self.visible = len(serials)

    def _probe(self) -> None:
        while not self.stopping.wait(PROBE_INTERVAL_S):
            self.relay.probe_sent.emit(time.perf_counter())

    def _produce(self) -> None:
        # Like a capture worker that honours picture_size_changed: scaled off this thread.
        box = self.picture_box
        height = min(box.height(), round(box.width() * SCREEN_ASPECT))
        width = round(height / SCREEN_ASPECT)
        rng = random.Random(3)
        model = self.grid.model
        tiles = [model.tile_at(row) for row in range(model.rowCount())]
        # Phones report in no particular order: a batch touches tiles all over the wall.
        order = list(range(len(tiles)))
        rng.shuffle(order)
        share = max(1, len(tiles) // BATCHES_PER_SECOND)
        frame = start = 0
        due = time.perf_counter()
        while not self.stopping.is_set():
            due += 1 / BATCHES_PER_SECOND
            batch = []
            for index in order[start : start + share]:
                tiles[index] = advance_tile(tiles[index], rng)
                picture = screen_image(tiles[index].serial, frame, width, height)
                batch.append(TileUpdate(tiles[index].serial, tiles[index], picture))
            self.relay.updates_ready.emit(batch)
            if self.counting():
                self.updates_sent += len(batch)
            start += share
            if start >= len(tiles):
                start, frame = 0, frame + 1
            self.stopping.wait(max(0.0, due - time.perf_counter()))


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]
