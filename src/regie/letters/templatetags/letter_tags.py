"""``{% load letter_tags %}``: what the case page needs to list and make letters."""

from __future__ import annotations

from django import template

from regie.cases.models import Case
from regie.letters.constants import HANDOVER_WAYS, LetterKind
from regie.letters.forms import HandoverForm
from regie.letters.models import Letter
from regie.letters.selectors import letter_kinds_possible

register = template.Library()


@register.simple_tag
def letter_kinds_for(case: Case) -> list[LetterKind]:
    """The kinds of letter that can be made for ``case`` now."""
    return letter_kinds_possible(case)


@register.simple_tag
def handover_form(letter: Letter) -> HandoverForm:
    """An empty handover form for ``letter``, with ids of its own on a page of letters."""
    return HandoverForm(auto_id=f"brief-{letter.pk}-%s")


@register.simple_tag
def handover_ways() -> tuple[str, ...]:
    """The suggestions for "how" in the handover form."""
    return HANDOVER_WAYS
