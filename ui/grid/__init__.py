"""The phone grid: one list model of tiles, a delegate that paints them, filters, actions."""
