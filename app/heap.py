"""Keep the garbage collector's full passes short in the processes that run the pool.

CPython's full (oldest-generation) collection walks every container object alive.
A host agent's process holds some hundred thousand of them from start-up alone
(modules, SQLAlchemy's tables and compiled statements, Qt's wrappers); a full pass
over them took up to 0.8 s of wall time in ``bench pool`` on a busy 2-core machine,
and it stops every thread of the process, often in the middle of a claim
transaction whose row locks then hold up the other PCs' claims. What is alive once
the process has started stays alive, so it is collected once and frozen: later
full passes walk only what came after (``gc.freeze``).
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Collect once, then keep every object alive now out of later collections.

    Call it when start-up is over (the agent built, its statements compiled); returns
    how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
