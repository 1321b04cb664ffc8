"""Widgets, views and Qt item models; they never touch the database or a phone."""
