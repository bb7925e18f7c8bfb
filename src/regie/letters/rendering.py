"""A letter's content as PDF, laid out by the Typst template in ``letters/typst``.

The content goes in as JSON (``sys.inputs.data``), never as Typst markup: a name such as
"Jan #de *Vries*" prints as it is. Only the fonts embedded in Typst are used, so the
same content gives the same PDF on every machine. The PDF is PDF/A-2b (for the archive)
and PDF/UA-1 (tagged, for screen readers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import typst

from regie.letters.content import LetterContent

TEMPLATE: Final = Path(__file__).parent / "typst" / "brief.typ"


def letter_render(content: LetterContent) -> bytes:
    """The letter as PDF bytes."""
    return typst.compile(
        TEMPLATE,
        root=TEMPLATE.parent,
        ignore_system_fonts=True,
        sys_inputs={"data": content.as_json()},
        pdf_standards=["a-2b", "ua-1"],
    )
