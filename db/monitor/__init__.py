"""Monitoring: recurring schedules that submit batches, and the store of what was seen.

Its rules sit beside the pool's (``db.pool``) and use the pool to submit; the
console, the CLI, the host agent and the dispatch API call these functions.
"""
