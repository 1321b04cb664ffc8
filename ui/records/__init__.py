"""The record viewer: filters, a lazily loaded table, details and export."""
