"""The BSN pseudonym: stable under one key, different under another, refused without a key."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from regie.formats.pseudonym import PseudonymKeyError, bsn_pseudonym, pseudonym_key_check

KEY = pseudonym_key_check("synthetische-sleutel-voor-tests-0123456789")


def test_the_pseudonym_is_the_hmac_sha256_of_the_bsn() -> None:
    expected = hmac.new(KEY, b"300000005", hashlib.sha256).hexdigest()
    assert bsn_pseudonym("300000005", KEY) == expected
    assert len(expected) == 64


def test_one_bsn_gives_one_pseudonym_per_key() -> None:
    other = pseudonym_key_check("een-andere-synthetische-sleutel-9876543210")
    assert bsn_pseudonym("300000005", KEY) == bsn_pseudonym("300000005", KEY)
    assert bsn_pseudonym("300000005", KEY) != bsn_pseudonym("300000005", other)
    assert bsn_pseudonym("300000005", KEY) != bsn_pseudonym("300000017", KEY)


def test_a_missing_or_short_key_is_refused_with_what_is_wrong() -> None:
    with pytest.raises(PseudonymKeyError, match="de sleutel voor pseudoniemen ontbreekt"):
        pseudonym_key_check(None)
    with pytest.raises(PseudonymKeyError, match="is 5 tekens lang; minstens 32 zijn nodig"):
        pseudonym_key_check("kort!")
