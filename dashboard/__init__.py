"""Interactive geographic dashboard of reported territorial changes."""
