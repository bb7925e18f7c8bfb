"""Delivered facts in plain Dutch, for staff pages and for letters to the young person.

Staff pages explain why a person was selected; letters (instroombrief, uitstroombrief)
tell the young person and their parents the same in words a 16-year-old understands
(B1). Both read the same tables here: a partner's name, a code of the delivery format
in words, a date written out, one sentence per fact, and the thresholds and windows of
the explanation (``uitleg.json``).

Every code list of ``regie.formats.codes`` has its words here; a code without words is
an error, never a raw code in a letter.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from regie.criteria.selection import Evidence
from regie.formats.codes import FACT_KINDS, FactKind

PARTNER_NAMES: Final[dict[str, str]] = {
    "politie": "de politie",
    "om": "het Openbaar Ministerie",
    "reclassering": "de reclassering",
    "jbra": "Jeugdbescherming Regio Amsterdam",
    "wss": "de William Schrikker Stichting",
    "dji": "de Dienst Justitiële Inrichtingen",
    "gemeente_amsterdam": "de gemeente Amsterdam",
    "gemeente_amstelveen": "de gemeente Amstelveen",
    "gemeente_aalsmeer": "de gemeente Aalsmeer",
    "gemeente_diemen": "de gemeente Diemen",
    "gemeente_ouder_amstel": "de gemeente Ouder-Amstel",
    "gemeente_uithoorn": "de gemeente Uithoorn",
}

_MUNICIPALITY_LABELS: Final[dict[str, str]] = {
    "amsterdam": "Amsterdam",
    "amstelveen": "Amstelveen",
    "aalsmeer": "Aalsmeer",
    "diemen": "Diemen",
    "ouder_amstel": "Ouder-Amstel",
    "uithoorn": "Uithoorn",
    "overig": "een gemeente buiten Amsterdam-Amstelland",
}

#: Offences read after "voor": "aangehouden voor straatroof".
_OFFENCE_LABELS: Final[dict[str, str]] = {
    "overval": "een overval",
    "straatroof": "straatroof",
    "woninginbraak": "woninginbraak",
    "zware_mishandeling": "zware mishandeling",
    "moord_doodslag": "moord of doodslag",
    "openlijke_geweldpleging": "openlijke geweldpleging (samen geweld gebruiken in het openbaar)",
    "mishandeling": "mishandeling",
    "bedreiging": "bedreiging",
    "wapenbezit": "verboden wapenbezit",
    "harddrugs_handel": "handel in harddrugs",
    "softdrugs": "bezit van of handel in softdrugs",
    "diefstal": "diefstal",
    "winkeldiefstal": "winkeldiefstal",
    "vernieling": "vernieling",
    "heling": "heling (gestolen spullen kopen, verkopen of hebben)",
    "oplichting": "oplichting",
    "overig_misdrijf": "een ander misdrijf",
    "apv_nepdope": "verkoop van nepdrugs (APV)",
    "overtreding": "een overtreding",
}

#: Sentences read after "kreeg je": "kreeg je een taakstraf".
_SENTENCE_LABELS: Final[dict[str, str]] = {
    "gevangenisstraf": "gevangenisstraf",
    "jeugddetentie": "jeugddetentie",
    "taakstraf": "een taakstraf",
    "geldboete": "een geldboete",
    "voorwaardelijk": "een voorwaardelijke straf",
    "maatregel": "een maatregel (zoals PIJ of ISD)",
    "geen": "geen straf (wel schuldig verklaard)",
}

_MEASURE_KIND_LABELS: Final[dict[str, str]] = {
    "justitieel": "justitiële maatregel (strafrecht)",
    "civiel": "civiele maatregel (jeugdbescherming)",
}

_MEASURE_LABELS: Final[dict[str, str]] = {
    "jeugdreclassering": "jeugdreclassering",
    "reclasseringstoezicht": "toezicht door de reclassering",
    "pij": "PIJ-maatregel",
    "gbm": "gedragsbeïnvloedende maatregel",
    "isd": "ISD-maatregel",
    "ots": "ondertoezichtstelling",
    "voogdij": "voogdij",
}

_SCHOOL_SIGNAL_LABELS: Final[dict[str, str]] = {
    "pv_leerplicht": "proces-verbaal leerplicht",
    "thuiszitter": "thuiszitter (geen school)",
    "absoluut_verzuim": "niet ingeschreven op een school",
    "vsv": "voortijdig schoolverlaten",
    "schoolwissel_po": "wisseling van basisschool",
    "schoolwissel_vo": "wisseling van middelbare school",
}

_ARRAIGNMENT_LABELS: Final[dict[str, str]] = {
    "ovj": "de officier van justitie",
    "rc": "de rechter-commissaris",
}

_DOMESTIC_VIOLENCE_ROLE_LABELS: Final[dict[str, str]] = {
    "pleger": "pleger",
    "slachtoffer": "slachtoffer",
    "getuige": "getuige",
    "betrokkene": "betrokkene",
}

_YOUTH_GROUP_KIND_LABELS: Final[dict[str, str]] = {
    "geprioriteerd": "geprioriteerd: politie en gemeente letten extra op deze groep",
    "overig": "niet geprioriteerd",
}

#: The words of each (soort, column) that carries a code list.
_LABELS: Final[dict[tuple[str, str], dict[str, str]]] = {
    ("inschrijving", "categorie"): _MUNICIPALITY_LABELS,
    ("aanhouding", "categorie"): _OFFENCE_LABELS,
    ("verdachte", "categorie"): _OFFENCE_LABELS,
    ("voorgeleiding", "categorie"): _OFFENCE_LABELS,
    ("voorgeleiding", "detail"): _ARRAIGNMENT_LABELS,
    ("veroordeling", "categorie"): _OFFENCE_LABELS,
    ("veroordeling", "detail"): _SENTENCE_LABELS,
    ("maatregel", "categorie"): _MEASURE_KIND_LABELS,
    ("maatregel", "detail"): _MEASURE_LABELS,
    ("leerplicht", "categorie"): _SCHOOL_SIGNAL_LABELS,
    ("huiselijk_geweld", "detail"): _DOMESTIC_VIOLENCE_ROLE_LABELS,
    ("jeugdgroep", "categorie"): _YOUTH_GROUP_KIND_LABELS,
}

_COLUMNS: Final = ("categorie", "detail")

_MONTHS: Final = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

#: Threshold keys of the explanation, in the order they are read out.
_THRESHOLD_WORDS: Final[dict[str, str]] = {
    "ten_minste": "minstens",
    "meer_dan": "meer dan",
    "ten_hoogste": "hoogstens",
    "jonger_dan": "jonger dan",
}


def partner_name(code: str) -> str:
    """The partner as it reads in a sentence: "de politie", "het Openbaar Ministerie"."""
    try:
        return PARTNER_NAMES[code]
    except KeyError:
        raise ValueError(f"onbekende partnercode '{code}'") from None


def code_label(soort: str, column: str, code: str | None) -> str | None:
    """The Dutch words for ``code`` in ``column`` (categorie or detail) of ``soort``.

    ``None`` for no code; a youth group's id (a free value) as it is. A code the format
    does not allow there is a ``ValueError``.
    """
    if soort not in FACT_KINDS:
        raise ValueError(f"onbekende soort '{soort}'")
    if column not in _COLUMNS:
        raise ValueError(f"onbekende kolom '{column}': kies categorie of detail")
    if code is None:
        return None
    kind = FACT_KINDS[soort]
    allowed = kind.categories if column == "categorie" else kind.details
    if allowed == FactKind.FREE:
        return code
    labels = _LABELS.get((soort, column), {})
    if allowed is None or code not in allowed or code not in labels:
        raise ValueError(f"onbekende code '{code}' in kolom '{column}' van soort '{soort}'")
    return labels[code]


def date_long(d: date) -> str:
    """A date written out: "3 maart 2025"."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _required_label(soort: str, column: str, code: str | None) -> str:
    label = code_label(soort, column, code)
    if label is None:
        raise ValueError(f"soort '{soort}' vraagt een {column}")
    return label


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period(evidence: Evidence) -> str:
    if evidence.einddatum is None:
        return f"sinds {date_long(evidence.datum)}"
    return f"van {date_long(evidence.datum)} tot en met {date_long(evidence.einddatum)}"


def fact_sentence(evidence: Evidence, soort: str, *, addressed: bool) -> str:
    """One Dutch sentence for one delivered fact, naming its dates, partner and codes.

    ``addressed=False`` is for staff pages; ``addressed=True`` speaks to the young person
    ("je"), for letters.
    """
    if soort not in FACT_KINDS:
        raise ValueError(f"onbekende soort '{soort}'")
    partner = partner_name(evidence.bron)
    on = f"Op {date_long(evidence.datum)}"
    is_open = evidence.einddatum is None
    period = _period(evidence)
    # Period facts open with the partner; the registration verb differs per audience.
    subject = _sentence_start(partner)
    recorded = (
        f"{subject} heeft vastgelegd dat je {period}"
        if addressed
        else f"{subject} heeft geregistreerd dat deze persoon {period}"
    )

    if soort == "aanhouding":
        offence = _required_label(soort, "categorie", evidence.categorie)
        if addressed:
            return f"{on} ben je door {partner} aangehouden voor {offence}."
        return f"{on} heeft {partner} een aanhouding geregistreerd voor {offence}."
    if soort == "verdachte":
        offence = _required_label(soort, "categorie", evidence.categorie)
        whom = "je" if addressed else "deze persoon"
        return f"{on} heeft {partner} {whom} als verdachte geregistreerd voor {offence}."
    if soort == "voorgeleiding":
        offence = _required_label(soort, "categorie", evidence.categorie)
        before = _required_label(soort, "detail", evidence.detail)
        if addressed:
            return f"{on} heeft {partner} je naar {before} gebracht voor {offence} (voorgeleiding)."
        return f"{on} heeft {partner} een voorgeleiding aan {before} geregistreerd voor {offence}."
    if soort == "veroordeling":
        offence = _required_label(soort, "categorie", evidence.categorie)
        sentence = _required_label(soort, "detail", evidence.detail)
        if evidence.detail == "geen":
            if addressed:
                return (
                    f"{on} ben je volgens {partner} schuldig verklaard aan {offence}, "
                    "maar je kreeg geen straf."
                )
            return (
                f"{on} heeft {partner} een veroordeling geregistreerd voor {offence}: "
                "schuldig verklaard, zonder straf."
            )
        if addressed:
            return (
                f"{on} ben je volgens {partner} veroordeeld voor {offence} en kreeg je {sentence}."
            )
        return (
            f"{on} heeft {partner} een veroordeling geregistreerd voor {offence}, "
            f"met als straf {sentence}."
        )
    if soort == "inschrijving":
        municipality = _required_label(soort, "categorie", evidence.categorie)
        verb = "woont" if is_open else "woonde"
        return f"{recorded} in {municipality} {verb}."
    if soort == "maatregel":
        measure = _required_label(soort, "detail", evidence.detail)
        verb = ("hebt" if addressed else "heeft") if is_open else "had"
        return f"{recorded} een maatregel {verb}: {measure}."
    if soort == "detentie":
        if addressed:
            return f"{recorded} {'vastzit' if is_open else 'vastzat'}."
        return f"{recorded} in detentie {'zit' if is_open else 'zat'}."
    if soort == "jeugdgroep":
        kind = _required_label(soort, "categorie", evidence.categorie)
        group = _required_label(soort, "detail", evidence.detail)
        verb = ("bent" if addressed else "is") if is_open else "was"
        return f"{recorded} lid {verb} van jeugdgroep {group} ({kind})."
    if soort == "leerplicht":
        signal = _required_label(soort, "categorie", evidence.categorie)
        if addressed:
            return f"{on} heeft {partner} een melding over je leerplicht vastgelegd: {signal}."
        return f"{on} heeft {partner} een leerplichtsignaal geregistreerd: {signal}."
    assert soort == "huiselijk_geweld", soort
    role = _required_label(soort, "detail", evidence.detail)
    if addressed:
        return (
            f"{on} heeft {partner} vastgelegd dat je betrokken was bij een incident van "
            f"huiselijk geweld (als {role})."
        )
    return (
        f"{on} heeft {partner} een incident van huiselijk geweld geregistreerd waarbij "
        f"deze persoon betrokken was (als {role})."
    )


def threshold_phrase(drempel: dict[str, int], unit: str) -> str:
    """A threshold of the explanation in words: {"ten_minste": 3} -> "minstens 3"."""
    unknown = sorted(set(drempel) - set(_THRESHOLD_WORDS))
    if unknown or not drempel:
        raise ValueError(f"onbekende drempel: {drempel!r}")
    words = " en ".join(
        f"{word} {drempel[key]}" for key, word in _THRESHOLD_WORDS.items() if key in drempel
    )
    return f"{words} {unit}" if unit else words


def window_phrase(venster: dict[str, str]) -> str:
    """A window of the explanation in words: "van 2 februari 2024 tot en met 1 februari 2026"."""
    keys = set(venster)
    if keys == {"van", "tot_en_met"}:
        start = date_long(date.fromisoformat(venster["van"]))
        end = date_long(date.fromisoformat(venster["tot_en_met"]))
        return f"van {start} tot en met {end}"
    if keys == {"tot_en_met"}:
        return f"tot en met {date_long(date.fromisoformat(venster['tot_en_met']))}"
    if keys == {"op"}:
        return f"op {date_long(date.fromisoformat(venster['op']))}"
    raise ValueError(f"onbekend venster: {venster!r}")
