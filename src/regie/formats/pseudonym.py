"""The BSN is never stored in clear: a keyed pseudonym (HMAC-SHA256) takes its place.

The same BSN with the same key always gives the same pseudonym, so records of one person
stay linked across deliveries; without the key the BSN cannot be recovered from it, not
even by trying all 10^9 numbers.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

MINIMUM_KEY_LENGTH: Final = 32


class PseudonymKeyError(ValueError):
    """The key is missing or too short."""


def pseudonym_key_check(key: str | None) -> bytes:
    if key is None:
        raise PseudonymKeyError("de sleutel voor pseudoniemen ontbreekt")
    if len(key) < MINIMUM_KEY_LENGTH:
        raise PseudonymKeyError(
            f"de sleutel voor pseudoniemen is {len(key)} tekens lang; "
            f"minstens {MINIMUM_KEY_LENGTH} zijn nodig"
        )
    return key.encode()


def bsn_pseudonym(bsn: str, key: bytes) -> str:
    """64 hexadecimal characters for ``bsn`` under ``key``."""
    return hmac.new(key, bsn.encode("ascii"), hashlib.sha256).hexdigest()
