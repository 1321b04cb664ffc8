"""Made-up but realistic data for screenshots, the grid benchmark and the UI tests.

Nothing here is used by the running console; it stands in for the pool and the phones
where the views are shown without them.
"""
