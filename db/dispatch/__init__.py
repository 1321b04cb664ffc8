"""The dispatch-centre API's data: tokens, client ids, the callback outbox, audit.

The pool's cousin (issue 11): its rules live here, next to ``db/pool``, and are
called by the API process and by the pool's own finish transaction.
"""
