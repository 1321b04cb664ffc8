"""The data layer: engine factory, typed models, migrations and the task pool's rules."""
