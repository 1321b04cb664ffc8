"""The operators' title rule, as the README writes it: a video is kept when its visible
comment count is at least 10% above ``min_comments``.

The expected answers are worked out by hand from that sentence (10% above 100 is 110),
not from the implementation's arithmetic.
"""

from __future__ import annotations

import pytest

from workers.flows.builtin.collect import qualifies

# (min_comments, visible count, kept?)
EDGES = [
    (50, 55, True),
    (50, 54, False),
    (100, 110, True),
    (100, 109, False),
    (200, 220, True),
    (200, 219, False),
    (0, 0, True),  # 0 = every video, even one without comments
    (15, 17, True),  # 10% above 15 is 16.5: 17 is enough, 16 is not
    (15, 16, False),
    (1_000_000, 1_100_000, True),
    (1_000_000, 1_099_999, False),
]


@pytest.mark.parametrize(("min_comments", "count", "kept"), EDGES)
def test_a_video_is_kept_from_ten_percent_above_the_minimum(
    min_comments: int, count: int, kept: bool
) -> None:
    assert qualifies(count, min_comments) is kept
