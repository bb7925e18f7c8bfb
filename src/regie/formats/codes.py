"""The code lists of the partner delivery format, version 1.

Everything here is transcribed from ``spec/delivery-format.md``; the criteria
engine, the validation and the explanations all read these tables, so a code
exists in exactly one place. The offence *sets* used by the criteria (HIC,
violence, ...) are not here: a regeling names them as parameters, and the
loader checks that every code it lists is one of the codes below.
"""

from __future__ import annotations

from typing import Final

FORMAT_VERSION: Final = 1

#: Columns of a delivery, in the order of the format.
FACT_COLUMNS: Final = (
    "bron",
    "bron_id",
    "bsn",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "soort",
    "datum",
    "einddatum",
    "categorie",
    "detail",
)
REQUIRED_FACT_COLUMNS: Final = frozenset(
    {"bron", "bron_id", "achternaam", "voornamen", "geboortedatum", "soort", "datum"}
)

#: Columns of ``deelnemers.csv`` (current participants).
PARTICIPANT_COLUMNS: Final = (
    "bsn",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "aanpak",
    "instroomdatum",
)
REQUIRED_PARTICIPANT_COLUMNS: Final = frozenset(
    {"bsn", "achternaam", "voornamen", "geboortedatum", "aanpak", "instroomdatum"}
)

#: Attributes that selection never uses. A delivery carrying one of these
#: columns is refused with a message that says why (spec: "What selection
#: never uses"); a regeling that refers to one is refused on load.
FORBIDDEN_ATTRIBUTES: Final = frozenset(
    {
        "etniciteit",
        "nationaliteit",
        "religie",
        "geloof",
        "geboorteland",
        "postcode",
        "wijk",
        "buurt",
        "huisnummer",
        "adres",
        "familie",
        "broer",
        "zus",
        "ouder",
        "ouders",
    }
)

APPROACHES: Final = ("top400", "top600")

MUNICIPALITY_PARTNERS: Final = (
    "gemeente_amsterdam",
    "gemeente_amstelveen",
    "gemeente_aalsmeer",
    "gemeente_diemen",
    "gemeente_ouder_amstel",
    "gemeente_uithoorn",
)
PARTNERS: Final = (
    "politie",
    "om",
    "reclassering",
    "jbra",
    "wss",
    "dji",
    *MUNICIPALITY_PARTNERS,
)

REGION_MUNICIPALITIES: Final = (
    "amsterdam",
    "amstelveen",
    "aalsmeer",
    "diemen",
    "ouder_amstel",
    "uithoorn",
)
MUNICIPALITIES: Final = (*REGION_MUNICIPALITIES, "overig")

OFFENCES: Final = (
    "overval",
    "straatroof",
    "woninginbraak",
    "zware_mishandeling",
    "moord_doodslag",
    "openlijke_geweldpleging",
    "mishandeling",
    "bedreiging",
    "wapenbezit",
    "harddrugs_handel",
    "softdrugs",
    "diefstal",
    "winkeldiefstal",
    "vernieling",
    "heling",
    "oplichting",
    "overig_misdrijf",
    "apv_nepdope",
    "overtreding",
)
SENTENCES: Final = (
    "gevangenisstraf",
    "jeugddetentie",
    "taakstraf",
    "geldboete",
    "voorwaardelijk",
    "maatregel",
    "geen",
)
MEASURES: Final = {
    "justitieel": ("jeugdreclassering", "reclasseringstoezicht", "pij", "gbm", "isd"),
    "civiel": ("ots", "voogdij"),
}
SCHOOL_SIGNALS: Final = (
    "pv_leerplicht",
    "thuiszitter",
    "absoluut_verzuim",
    "vsv",
    "schoolwissel_po",
    "schoolwissel_vo",
)
ARRAIGNMENT_BEFORE: Final = ("ovj", "rc")
DOMESTIC_VIOLENCE_ROLES: Final = ("pleger", "slachtoffer", "getuige", "betrokkene")
YOUTH_GROUP_KINDS: Final = ("geprioriteerd", "overig")


class FactKind:
    """What the format says about one ``soort``: period or not, its codes, who may deliver it.

    ``categories`` / ``details`` is ``None`` when the column must be empty ("–" in the
    format), a tuple of allowed codes, or ``FREE`` for a free value that is required
    (the youth group's id).
    """

    FREE: Final = "vrij"

    def __init__(
        self,
        *,
        name: str,
        is_period: bool,
        categories: tuple[str, ...] | None,
        details: tuple[str, ...] | str | None,
        partners: tuple[str, ...],
    ) -> None:
        self.name = name
        self.is_period = is_period
        self.categories = categories
        self.details = details
        self.partners = partners


FACT_KINDS: Final = {
    kind.name: kind
    for kind in (
        FactKind(
            name="inschrijving",
            is_period=True,
            categories=MUNICIPALITIES,
            details=None,
            partners=MUNICIPALITY_PARTNERS,
        ),
        FactKind(
            name="aanhouding",
            is_period=False,
            categories=OFFENCES,
            details=None,
            partners=("politie",),
        ),
        FactKind(
            name="verdachte",
            is_period=False,
            categories=OFFENCES,
            details=None,
            partners=("politie",),
        ),
        FactKind(
            name="voorgeleiding",
            is_period=False,
            categories=OFFENCES,
            details=ARRAIGNMENT_BEFORE,
            partners=("politie",),
        ),
        FactKind(
            name="veroordeling",
            is_period=False,
            categories=OFFENCES,
            details=SENTENCES,
            partners=("om",),
        ),
        FactKind(
            name="maatregel",
            is_period=True,
            categories=tuple(MEASURES),
            details=tuple(code for codes in MEASURES.values() for code in codes),
            partners=("reclassering", "jbra", "wss"),
        ),
        FactKind(
            name="detentie",
            is_period=True,
            categories=None,
            details=None,
            partners=("dji",),
        ),
        FactKind(
            name="leerplicht",
            is_period=False,
            categories=SCHOOL_SIGNALS,
            details=None,
            partners=MUNICIPALITY_PARTNERS,
        ),
        FactKind(
            name="huiselijk_geweld",
            is_period=False,
            categories=None,
            details=DOMESTIC_VIOLENCE_ROLES,
            partners=("politie",),
        ),
        FactKind(
            name="jeugdgroep",
            is_period=True,
            categories=YOUTH_GROUP_KINDS,
            details=FactKind.FREE,
            partners=MUNICIPALITY_PARTNERS,
        ),
    )
}


def codes_for(kind: str, attribute: str) -> tuple[str, ...] | None:
    """The codes the format allows for ``attribute`` (categorie or detail) of ``kind``.

    ``None`` when that column carries no code list for this kind (empty or free).
    """
    fact_kind = FACT_KINDS[kind]
    allowed = fact_kind.categories if attribute == "categorie" else fact_kind.details
    return allowed if isinstance(allowed, tuple) else None


def bsn_is_valid(value: str) -> bool:
    """The 11-test (elfproef) for a BSN: 9 digits, weighted sum divisible by 11.

    Weights 9..2 for the first eight digits and -1 for the last; a sum of 0 (all
    zeros) is refused too.
    """
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0
