"""The access request as PDF, laid out by the Typst template ``typst/inzage.typ``.

As for letters (``regie.letters.rendering``): the document goes in as JSON
(``sys.inputs.data``), never as Typst markup, so that whatever a name, a dossier text or
a request says prints as it is. Only Typst's embedded fonts are used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import typst

from regie.letters.constants import PRIVACY_EMAIL, SENDER, SENDER_ADDRESS, SUPERVISOR_NAME

TEMPLATE: Final = Path(__file__).parent / "typst" / "inzage.typ"


def access_request_render(data: dict[str, Any]) -> bytes:
    """The access request document (``selectors.access_request_build``) as PDF bytes."""
    document = {
        **data,
        "afzender": {"naam": SENDER, "adres": list(SENDER_ADDRESS), "email": PRIVACY_EMAIL},
        "toezichthouder": SUPERVISOR_NAME,
    }
    return typst.compile(
        TEMPLATE,
        root=TEMPLATE.parent,
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(document, ensure_ascii=False)},
        pdf_standards=["a-2b", "ua-1"],
    )
