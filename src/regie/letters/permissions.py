"""Who may see a letter: whoever may see its case (``regie.cases.permissions``).

Who may make a letter and record its handover is ``cases.permissions.may_write_letter``:
the programme manager, or the case's own regisseur.
"""

from __future__ import annotations

from django.http import Http404

from regie.accounts.models import User
from regie.cases.permissions import case_scope
from regie.letters.models import Letter


def letter_for_user(user: User, letter_id: int) -> Letter:
    """The letter, or the same 404 for "does not exist" and "not yours"."""
    try:
        return Letter.objects.select_related("case").get(pk=letter_id, case__in=case_scope(user))
    except Letter.DoesNotExist:
        raise Http404("geen brief") from None
