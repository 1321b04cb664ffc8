"""Alerts: what needs a person, raised once across every PC of a farm (issue 12)."""
