"""The task pool: batches, tasks, claims, leases, retries, stops and execution records.

Every rule of the pool lives in this package; the console and the headless worker
call it and re-implement none of it.
"""
