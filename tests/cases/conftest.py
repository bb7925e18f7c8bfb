"""The case tests use the small region of tests/rounds/oversightkit.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "rounds"))
