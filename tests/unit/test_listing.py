"""Reading a list through a scrolling window yields each item once, in order."""

from __future__ import annotations

import pytest

from workers.flows.listing import overlap, read_list

ROW = 100  # pixels per list row


class ListWindow:
    """A list seen through a window of ``height`` rows that scrolls by ``step`` rows."""

    def __init__(self, items: list[str], height: int, step: int) -> None:
        self.items, self.height, self.step, self.top = items, height, step, 0
        self.reads = 0

    def screen(self) -> list[tuple[str, int]]:
        self.reads += 1
        shown = self.items[self.top : self.top + self.height]
        return [(item, row * ROW) for row, item in enumerate(shown)]

    def scroll(self) -> float:
        before = self.top
        self.top = min(self.top + self.step, max(len(self.items) - self.height, 0))
        return self.step * ROW if self.top > before else 0.0

    def at_end(self) -> bool:
        return self.top + self.height >= len(self.items)

    def read(self) -> list[str]:
        return [item for _, item in read_list(self.screen, self.scroll, at_end=self.at_end)]


@pytest.mark.parametrize(
    ("count", "height", "step"), [(0, 5, 3), (3, 5, 3), (40, 6, 4), (41, 7, 6)]
)
def test_every_item_once_in_order(count: int, height: int, step: int) -> None:
    items = [f"comment {i}" for i in range(count)]
    window = ListWindow(items, height, step)
    got = list(read_list(window.screen, window.scroll, at_end=window.at_end))
    assert got == list(enumerate(items, start=1))


@pytest.mark.parametrize("step", [1, 2, 3])
def test_identical_neighbours_are_all_kept(step: int) -> None:
    items = ["a", "b", "👍", "👍", "👍", "c", "👍", "d", "666", "666", "e", "f", "g"]
    assert ListWindow(items, 4, step).read() == items


def test_stops_when_list_does_not_move() -> None:
    items = [f"v{i}" for i in range(20)]
    window = ListWindow(items, 5, 0)  # a list that never scrolls
    assert window.read() == items[:5]
    assert window.reads == 3  # first screen, then two without anything new


def test_caller_can_stop_early() -> None:
    items = [f"v{i}" for i in range(100)]
    window = ListWindow(items, 5, 4)
    taken = []
    for position, item in read_list(window.screen, window.scroll, at_end=window.at_end):
        taken.append(item)
        if position == 12:
            break
    assert taken == items[:12]
    assert window.top < 20  # it did not read the whole list


def test_overlap_prefers_the_run_matching_the_scroll_distance() -> None:
    before = [("x", 0), ("y", 100), ("y", 200), ("y", 300)]
    after = [("y", 0), ("y", 100), ("z", 200)]
    assert overlap(before, after, shift=300) == 1
    assert overlap(before, after, shift=200) == 2
    assert overlap(before, after, shift=None) == 2
    assert overlap([], after, shift=None) == 0
