"""Retention: removing what has been kept long enough (docs/retention.md)."""
