"""Audit trail: who did what, when, to which object, and why. Append-only."""
