"""Alembic migration scripts; run through ``db.migrate``, not the alembic CLI."""
