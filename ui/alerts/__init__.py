"""The alert list: what needs a person, with a badge on its tab."""
