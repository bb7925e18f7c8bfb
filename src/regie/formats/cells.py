"""Cells of CSV files that people open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula: a delivered name such as ``=HYPERLINK(...)``
would then do something on the reader's machine. Every CSV that Regie writes passes its
cells through :func:`cell_neutralised`, which puts a ``'`` in front of such a cell so
that the spreadsheet shows it as text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def cell_neutralised(value: Cell) -> str:
    """The text of a cell, with a leading ``'`` when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def row_neutralised(row: dict[str, str]) -> dict[str, str]:
    return {key: cell_neutralised(value) for key, value in row.items()}
