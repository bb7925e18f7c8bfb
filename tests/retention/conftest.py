"""The retention tests use the small region of tests/rounds/oversightkit.py, the
letter helpers of tests/letters/letterkit.py and the page helpers of tests/pages."""

from __future__ import annotations

import sys
from pathlib import Path

for folder in ("rounds", "letters", "pages"):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / folder))
