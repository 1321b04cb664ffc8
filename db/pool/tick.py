"""An agent's tick as one transaction: record the attempts that ended, claim for idle slots.

The order matters for how long other hosts wait. Finishing an attempt may complete
its batch, and to know whether it must, the finish share-locks one other open task of
the batch until commit (``settle.settled_later``); that task's own host, finishing
it, waits for the lock. Taken before the claim, the lock was held for the claim's
whole length; taken after it, for one round trip. And when this transaction has just
claimed a task of the batch, no lock is needed at all: that task commits running
with the finish, and whoever ends it settles the batch (``finish_runs(claimed_in=)``).

Only successes may go after the claim: a failure can drain the phone, bar its account
from the batch or re-queue the task, and the claim must see that first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from db.pool.claim import ClaimRound, claim_rereading_accounts
from db.pool.failures import DRAIN_AFTER_DEVICE_FAILURES
from db.pool.finish import finish_runs

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.orm import Session

    from db.pool.values import Claim, FinishResult, RunReport, Slot


class TickResult(NamedTuple):
    """What one tick did: a result per report (in order), the claims, and the account
    on each phone in ``reread_accounts_on`` now."""

    finished: list[FinishResult]
    claims: list[Claim]
    accounts: dict[int, int | None]


def finish_and_claim(
    session: Session,
    host_id: int,
    reports: Sequence[tuple[int, RunReport]],
    slots: Sequence[Slot],
    *,
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
    reread_accounts_on: Collection[int] = (),
) -> TickResult:
    """Apply ``reports`` (as ``finish_runs``) and claim for ``slots`` (as ``claim_tasks``),
    in the caller's transaction. The slots of the phones in ``reread_accounts_on`` claim
    as the account on them now (``claim_rereading_accounts``)."""

    def claim() -> ClaimRound:
        # With no slot but phones that ended (a host shutting down), the claim's read
        # still says which account is on them; it claims nothing.
        if not slots and not reread_accounts_on:
            return ClaimRound([], {})
        return claim_rereading_accounts(session, host_id, slots, reread_accounts_on)

    if reports and all(report.succeeded for _, report in reports):
        claimed = claim()
        claimed_in = {c.batch_id for c in claimed.claims}
        results = finish_runs(session, reports, drain_after=drain_after, claimed_in=claimed_in)
        return TickResult(results, claimed.claims, claimed.accounts)
    results = finish_runs(session, reports, drain_after=drain_after) if reports else []
    claimed = claim()
    return TickResult(results, claimed.claims, claimed.accounts)
