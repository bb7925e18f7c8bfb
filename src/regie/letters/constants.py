from __future__ import annotations

from typing import Final

from django.db import models


class LetterKind(models.TextChoices):
    INFLOW = "inflow", "instroombrief"
    OUTFLOW = "outflow", "uitstroombrief"


#: The sender of every letter, with the address where a person exercises their rights.
#: Synthetic: a production deployment replaces these with the partnership's own.
SENDER: Final = "Zorg- en Veiligheidshuis Amsterdam-Amstelland (synthetisch)"
SENDER_ADDRESS: Final = ("Postbus 99999", "1000 ZZ Amsterdam")
PRIVACY_EMAIL: Final = "privacy@zvh.example"
SUPERVISOR_NAME: Final = "Autoriteit Persoonsgegevens"
SUPERVISOR_WEBSITE: Final = "autoriteitpersoonsgegevens.nl"

#: The term for an objection (bezwaar) against the decision, counted from the letter date.
OBJECTION_WEEKS: Final = 6
#: The AVG's term for answering a request for access, correction or objection (art. 12).
ANSWER_MONTHS: Final = 1
#: Under this age parents or carers exercise the person's rights with them (UAVG, art. 5).
RIGHTS_OWN_AGE: Final = 16
#: A person younger than this on the letter date is a minor: the letter is also addressed
#: to the parents or carers.
ADULT_AGE: Final = 18

#: Ways a letter is handed over, offered as suggestions in the handover form.
HANDOVER_WAYS: Final = (
    "persoonlijk overhandigd",
    "per post verstuurd",
    "overhandigd aan ouders of verzorgers",
)

#: What the approach is, in plain words; ``{leeftijd_minimaal}`` and ``{leeftijd_maximaal}``
#: come from the regeling's parameters so that the text cannot drift from the criteria.
APPROACH_TEXTS: Final[dict[str, tuple[str, ...]]] = {
    "top400": (
        "De Top400 is een aanpak voor jongeren van {leeftijd_minimaal} tot en met "
        "{leeftijd_maximaal} jaar. Het gaat om jongeren die door de politie zijn aangehouden. "
        "En bij wie er ook zorgen zijn, bijvoorbeeld over school of thuis.",
        "In de Top400 werken organisaties samen: de gemeente, de politie, het Openbaar "
        "Ministerie, de jeugdbescherming, de reclassering en de zorg. Zij helpen je samen. "
        "Met school of werk, met thuis, met je gezondheid, met geld en met je vrije tijd.",
        "Het doel is dat het goed met je gaat. En dat je niet meer met de politie in "
        "aanraking komt.",
    ),
    "top600": (
        "De Top600 is een aanpak voor volwassenen die vaak zijn aangehouden of veroordeeld. "
        "Bijvoorbeeld voor een overval, straatroof, inbraak, geweld of handel in drugs.",
        "In de Top600 werken organisaties samen: de gemeente, de politie, het Openbaar "
        "Ministerie, de reclassering en de zorg. Zij helpen je samen. Met werk, met wonen, "
        "met geld, met je gezondheid en met de mensen om je heen.",
        "Het doel is dat het goed met je gaat. En dat je geen misdrijven meer pleegt.",
    ),
}

#: The name of the approach as it reads in a sentence.
APPROACH_NAMES: Final[dict[str, str]] = {"top400": "de Top400", "top600": "de Top600"}
