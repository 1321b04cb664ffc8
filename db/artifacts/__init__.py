"""Failure evidence kept apart from the records: the artifact catalog and its stores."""
