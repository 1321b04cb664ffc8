"""Read a scrolling list screen by screen and yield each item once, in list order.

Apps show a window onto a long list; after a scroll, the top of the new screen repeats
the bottom of the last one. Items carry no position, so the overlap is found by
content: a run at the end of the last screen equal to the start of the new one.
Identical neighbours ("👍", "666") make several runs fit; then the one whose implied
movement is closest to the scroll's own distance wins. A scroll must move less than a
screen, which every scroll here does.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TypeVar

ItemT = TypeVar("ItemT", bound=Hashable)

# (item, top edge in pixels) as read from one screen, top to bottom.
Placed = tuple[ItemT, int]

# How many screens in a row may show nothing new before the list counts as ended
# (a swipe that did not move it: the end, or a list that will not scroll).
STALL_SCREENS = 2


def overlap(
    previous: Sequence[Placed[ItemT]], current: Sequence[Placed[ItemT]], shift: float | None
) -> int:
    """How many items at the start of ``current`` were already at the end of ``previous``."""
    before = [item for item, _ in previous]
    now = [item for item, _ in current]
    fits = [k for k in range(min(len(before), len(now)), 0, -1) if before[-k:] == now[:k]]
    if not fits:
        return 0
    if len(fits) == 1 or shift is None:
        return fits[0]

    def moved(k: int) -> float:
        return previous[-k][1] - current[0][1]

    return min(fits, key=lambda k: abs(moved(k) - shift))


def read_list(
    read_screen: Callable[[], Sequence[Placed[ItemT]]],
    scroll: Callable[[], float | None],
    *,
    at_end: Callable[[], bool] = lambda: False,
    max_scrolls: int = 200,
    check_stop: Callable[[], None] = lambda: None,
) -> Iterator[tuple[int, ItemT]]:
    """Yield ``(position, item)`` for every item once, scrolling as needed.

    ``scroll`` returns how far it moved the content up, in pixels, when it knows.
    Stops at the end of the list (``at_end`` true after a screen was read, or nothing
    new for STALL_SCREENS scrolls) or after ``max_scrolls``; a caller may stop earlier
    by leaving the loop.
    """
    previous: Sequence[Placed[ItemT]] = ()
    shift: float | None = None
    position = 0
    stalled = 0
    for scrolls in range(max_scrolls + 1):
        check_stop()
        current = read_screen()
        fresh = current[overlap(previous, current, shift) :]
        for item, _top in fresh:
            position += 1
            yield position, item
        previous = current
        stalled = 0 if fresh else stalled + 1
        if stalled >= STALL_SCREENS or at_end() or scrolls == max_scrolls:
            return
        shift = scroll()
