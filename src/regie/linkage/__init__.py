"""Identity resolution: which delivered rows belong to the same person (core, no Django).

Rows with the same BSN (or BSN pseudonym) are one person. Rows without a BSN, and rows
whose BSN conflicts with their name and date of birth, are linked with Splink (DuckDB
backend). See docs/identity-resolution.md.
"""
