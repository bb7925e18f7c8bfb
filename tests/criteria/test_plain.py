"""Delivered facts in plain Dutch: names, code words, dates, sentences, thresholds, windows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from regie.criteria.plain import (
    PARTNER_NAMES,
    code_label,
    date_long,
    fact_sentence,
    partner_name,
    threshold_phrase,
    window_phrase,
)
from regie.criteria.selection import Evidence
from regie.formats.codes import FACT_KINDS, PARTNERS


def fact(
    bron: str,
    datum: date,
    *,
    einddatum: date | None = None,
    categorie: str | None = None,
    detail: str | None = None,
) -> Evidence:
    return Evidence(bron, "rij-1", datum, einddatum, categorie, detail)


# --- names and code words ----------------------------------------------------------------


def test_every_partner_has_a_name() -> None:
    # given every partner code of the format, when each is named
    names = [partner_name(code) for code in PARTNERS]
    # then each has a name of its own and the table holds no other partner
    assert all(names)
    assert len(set(names)) == len(PARTNERS)
    assert set(PARTNER_NAMES) == set(PARTNERS)
    assert partner_name("jbra") == "Jeugdbescherming Regio Amsterdam"
    assert partner_name("gemeente_ouder_amstel") == "de gemeente Ouder-Amstel"


def test_an_unknown_partner_is_refused() -> None:
    # given a partner code the format does not know, when it is named, then it is refused
    with pytest.raises(ValueError) as refused:
        partner_name("belastingdienst")
    assert str(refused.value) == "onbekende partnercode 'belastingdienst'"


def test_every_code_of_every_kind_has_distinct_words() -> None:
    # given every code list of every kind of fact (the youth group's free id aside)
    checked = 0
    for soort, kind in FACT_KINDS.items():
        for column, codes in (("categorie", kind.categories), ("detail", kind.details)):
            if not isinstance(codes, tuple):
                continue
            # when each code is put into words
            labels = [code_label(soort, column, code) for code in codes]
            # then each has words, and no two codes of one list share them
            assert all(labels), (soort, column)
            assert len(set(labels)) == len(codes), (soort, column)
            checked += len(codes)
    # (19 offences x 4 kinds, 7 municipalities, 2 arraignments, 7 sentences, 2 + 7 measure
    # codes, 6 school signals, 4 roles, 2 youth group kinds)
    assert checked == 19 * 4 + 7 + 2 + 7 + 2 + 7 + 6 + 4 + 2


def test_code_words_read_as_the_format_means() -> None:
    # given a few codes, when put into words, then they read as plain Dutch
    assert code_label("aanhouding", "categorie", "moord_doodslag") == "moord of doodslag"
    assert code_label("veroordeling", "categorie", "apv_nepdope") == "verkoop van nepdrugs (APV)"
    assert code_label("maatregel", "detail", "gbm") == "gedragsbeïnvloedende maatregel"
    assert code_label("leerplicht", "categorie", "absoluut_verzuim") == (
        "niet ingeschreven op een school"
    )
    assert code_label("voorgeleiding", "detail", "ovj") == "de officier van justitie"
    assert code_label("inschrijving", "categorie", "ouder_amstel") == "Ouder-Amstel"


def test_a_youth_group_id_is_returned_as_it_is() -> None:
    # given the free detail of a youth group, when put into words, then it stays as it is
    assert code_label("jeugdgroep", "detail", "JG-017") == "JG-017"


def test_no_code_has_no_words() -> None:
    # given an empty column, when put into words, then there are none
    assert code_label("aanhouding", "categorie", None) is None
    assert code_label("detentie", "detail", None) is None


def test_an_unknown_code_is_refused_with_its_place() -> None:
    # given a code the offence list does not know, when put into words
    with pytest.raises(ValueError) as refused:
        code_label("aanhouding", "categorie", "zakkenrollen")
    # then the message names the code, the column and the kind of fact
    assert str(refused.value) == (
        "onbekende code 'zakkenrollen' in kolom 'categorie' van soort 'aanhouding'"
    )


def test_a_code_where_the_format_has_none_is_refused() -> None:
    # given a code in a column that must be empty for detention, when put into words
    with pytest.raises(ValueError) as refused:
        code_label("detentie", "categorie", "straatroof")
    # then it is refused like any unknown code
    assert str(refused.value) == (
        "onbekende code 'straatroof' in kolom 'categorie' van soort 'detentie'"
    )


def test_a_code_of_another_list_is_refused() -> None:
    # given a measure code used as a sentence, when put into words, then it is refused
    with pytest.raises(ValueError) as refused:
        code_label("veroordeling", "detail", "ots")
    assert str(refused.value) == "onbekende code 'ots' in kolom 'detail' van soort 'veroordeling'"


def test_an_unknown_kind_or_column_is_refused() -> None:
    # given a kind of fact or a column the format does not know, then each is refused
    with pytest.raises(ValueError) as unknown_kind:
        code_label("boete", "categorie", "overtreding")
    with pytest.raises(ValueError) as unknown_column:
        code_label("aanhouding", "soort", "straatroof")
    assert str(unknown_kind.value) == "onbekende soort 'boete'"
    assert str(unknown_column.value) == "onbekende kolom 'soort': kies categorie of detail"


# --- dates -------------------------------------------------------------------------------


def test_date_long_writes_the_first_of_january_without_a_leading_zero() -> None:
    assert date_long(date(2024, 1, 1)) == "1 januari 2024"


def test_date_long_writes_a_leap_day() -> None:
    assert date_long(date(2024, 2, 29)) == "29 februari 2024"


def test_date_long_names_every_month() -> None:
    # given the first of each month of 2025, when written out, then each month has its name
    months = [date_long(date(2025, month, 1)).split(" ")[1] for month in range(1, 13)]
    assert months == [
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
    ]


# --- one sentence per fact ---------------------------------------------------------------


def test_an_arrest_for_staff_and_for_the_young_person() -> None:
    # given an arrest for street robbery
    arrest = fact("politie", date(2025, 3, 3), categorie="straatroof")
    # when it is told to staff and to the young person, then each reads as one sentence
    assert fact_sentence(arrest, "aanhouding", addressed=False) == (
        "Op 3 maart 2025 heeft de politie een aanhouding geregistreerd voor straatroof."
    )
    assert fact_sentence(arrest, "aanhouding", addressed=True) == (
        "Op 3 maart 2025 ben je door de politie aangehouden voor straatroof."
    )


def test_a_suspect_registration() -> None:
    suspect = fact("politie", date(2025, 3, 3), categorie="bedreiging")
    assert fact_sentence(suspect, "verdachte", addressed=False) == (
        "Op 3 maart 2025 heeft de politie deze persoon als verdachte geregistreerd voor bedreiging."
    )
    assert fact_sentence(suspect, "verdachte", addressed=True) == (
        "Op 3 maart 2025 heeft de politie je als verdachte geregistreerd voor bedreiging."
    )


def test_an_arraignment_names_before_whom() -> None:
    arraignment = fact("politie", date(2025, 3, 4), categorie="overval", detail="rc")
    assert fact_sentence(arraignment, "voorgeleiding", addressed=False) == (
        "Op 4 maart 2025 heeft de politie een voorgeleiding aan de rechter-commissaris "
        "geregistreerd voor een overval."
    )
    assert fact_sentence(arraignment, "voorgeleiding", addressed=True) == (
        "Op 4 maart 2025 heeft de politie je naar de rechter-commissaris gebracht voor een "
        "overval (voorgeleiding)."
    )


def test_a_conviction_with_a_sentence() -> None:
    # given a conviction for street robbery with community service
    conviction = fact("om", date(2025, 6, 12), categorie="straatroof", detail="taakstraf")
    # then both sentences name the offence and the sentence
    assert fact_sentence(conviction, "veroordeling", addressed=False) == (
        "Op 12 juni 2025 heeft het Openbaar Ministerie een veroordeling geregistreerd voor "
        "straatroof, met als straf een taakstraf."
    )
    assert fact_sentence(conviction, "veroordeling", addressed=True) == (
        "Op 12 juni 2025 ben je volgens het Openbaar Ministerie veroordeeld voor straatroof "
        "en kreeg je een taakstraf."
    )


def test_a_conviction_without_a_sentence_says_guilty_without_punishment() -> None:
    # given a conviction with sentence code "geen"
    conviction = fact("om", date(2025, 6, 12), categorie="zware_mishandeling", detail="geen")
    # then the sentences say guilty, and that no sentence was given
    assert fact_sentence(conviction, "veroordeling", addressed=False) == (
        "Op 12 juni 2025 heeft het Openbaar Ministerie een veroordeling geregistreerd voor "
        "zware mishandeling: schuldig verklaard, zonder straf."
    )
    assert fact_sentence(conviction, "veroordeling", addressed=True) == (
        "Op 12 juni 2025 ben je volgens het Openbaar Ministerie schuldig verklaard aan zware "
        "mishandeling, maar je kreeg geen straf."
    )


def test_a_closed_measure_names_both_dates() -> None:
    # given a supervision order that ran for half a year
    measure = fact(
        "jbra",
        date(2024, 1, 1),
        einddatum=date(2024, 6, 30),
        categorie="civiel",
        detail="ots",
    )
    assert fact_sentence(measure, "maatregel", addressed=False) == (
        "Jeugdbescherming Regio Amsterdam heeft geregistreerd dat deze persoon van 1 januari "
        "2024 tot en met 30 juni 2024 een maatregel had: ondertoezichtstelling."
    )
    assert fact_sentence(measure, "maatregel", addressed=True) == (
        "Jeugdbescherming Regio Amsterdam heeft vastgelegd dat je van 1 januari 2024 tot en "
        "met 30 juni 2024 een maatregel had: ondertoezichtstelling."
    )


def test_an_open_measure_says_since() -> None:
    # given a PIJ measure without an end date
    measure = fact("reclassering", date(2024, 1, 1), categorie="justitieel", detail="pij")
    # then it runs "sinds" its start, in the present tense, with the partner capitalised
    assert fact_sentence(measure, "maatregel", addressed=False) == (
        "De reclassering heeft geregistreerd dat deze persoon sinds 1 januari 2024 een "
        "maatregel heeft: PIJ-maatregel."
    )
    assert fact_sentence(measure, "maatregel", addressed=True) == (
        "De reclassering heeft vastgelegd dat je sinds 1 januari 2024 een maatregel hebt: "
        "PIJ-maatregel."
    )


def test_domestic_violence_is_told_neutrally_with_the_role() -> None:
    # given a domestic-violence incident the person witnessed
    incident = fact("politie", date(2025, 11, 2), detail="getuige")
    assert fact_sentence(incident, "huiselijk_geweld", addressed=False) == (
        "Op 2 november 2025 heeft de politie een incident van huiselijk geweld geregistreerd "
        "waarbij deze persoon betrokken was (als getuige)."
    )
    assert fact_sentence(incident, "huiselijk_geweld", addressed=True) == (
        "Op 2 november 2025 heeft de politie vastgelegd dat je betrokken was bij een incident "
        "van huiselijk geweld (als getuige)."
    )


def test_a_closed_detention() -> None:
    detention = fact("dji", date(2024, 9, 1), einddatum=date(2024, 12, 24))
    assert fact_sentence(detention, "detentie", addressed=False) == (
        "De Dienst Justitiële Inrichtingen heeft geregistreerd dat deze persoon van "
        "1 september 2024 tot en met 24 december 2024 in detentie zat."
    )
    assert fact_sentence(detention, "detentie", addressed=True) == (
        "De Dienst Justitiële Inrichtingen heeft vastgelegd dat je van 1 september 2024 tot "
        "en met 24 december 2024 vastzat."
    )


def test_an_open_detention() -> None:
    detention = fact("dji", date(2025, 1, 10))
    assert fact_sentence(detention, "detentie", addressed=False) == (
        "De Dienst Justitiële Inrichtingen heeft geregistreerd dat deze persoon sinds "
        "10 januari 2025 in detentie zit."
    )
    assert fact_sentence(detention, "detentie", addressed=True) == (
        "De Dienst Justitiële Inrichtingen heeft vastgelegd dat je sinds 10 januari 2025 vastzit."
    )


def test_a_residence_inside_and_outside_the_region() -> None:
    inside = fact(
        "gemeente_amsterdam", date(2020, 5, 1), einddatum=date(2024, 4, 30), categorie="amsterdam"
    )
    outside = fact("gemeente_diemen", date(2024, 5, 1), categorie="overig")
    assert fact_sentence(inside, "inschrijving", addressed=False) == (
        "De gemeente Amsterdam heeft geregistreerd dat deze persoon van 1 mei 2020 tot en met "
        "30 april 2024 in Amsterdam woonde."
    )
    assert fact_sentence(outside, "inschrijving", addressed=True) == (
        "De gemeente Diemen heeft vastgelegd dat je sinds 1 mei 2024 in een gemeente buiten "
        "Amsterdam-Amstelland woont."
    )


def test_a_school_signal() -> None:
    signal = fact("gemeente_ouder_amstel", date(2025, 9, 15), categorie="thuiszitter")
    assert fact_sentence(signal, "leerplicht", addressed=False) == (
        "Op 15 september 2025 heeft de gemeente Ouder-Amstel een leerplichtsignaal "
        "geregistreerd: thuiszitter (geen school)."
    )
    assert fact_sentence(signal, "leerplicht", addressed=True) == (
        "Op 15 september 2025 heeft de gemeente Ouder-Amstel een melding over je leerplicht "
        "vastgelegd: thuiszitter (geen school)."
    )


def test_a_youth_group_membership_names_the_group() -> None:
    membership = fact(
        "gemeente_amsterdam", date(2025, 2, 1), categorie="geprioriteerd", detail="JG-017"
    )
    assert fact_sentence(membership, "jeugdgroep", addressed=False) == (
        "De gemeente Amsterdam heeft geregistreerd dat deze persoon sinds 1 februari 2025 lid "
        "is van jeugdgroep JG-017 (geprioriteerd: politie en gemeente letten extra op deze "
        "groep)."
    )
    assert fact_sentence(membership, "jeugdgroep", addressed=True) == (
        "De gemeente Amsterdam heeft vastgelegd dat je sinds 1 februari 2025 lid bent van "
        "jeugdgroep JG-017 (geprioriteerd: politie en gemeente letten extra op deze groep)."
    )


def test_every_kind_of_fact_makes_one_sentence_in_both_modes() -> None:
    # given one valid fact of every kind, with every code of its lists
    for soort, kind in FACT_KINDS.items():
        categories = kind.categories or (None,)
        details = kind.details if isinstance(kind.details, tuple) else (None,)
        if kind.details == kind.FREE:
            details = ("JG-001",)
        for categorie in categories:
            for detail in details:
                evidence = fact(
                    kind.partners[0], date(2025, 3, 3), categorie=categorie, detail=detail
                )
                for addressed in (False, True):
                    # when told, then it is one sentence that names the date and the partner
                    sentence = fact_sentence(evidence, soort, addressed=addressed)
                    assert sentence.endswith("."), sentence
                    assert ". " not in sentence, sentence
                    assert "3 maart 2025" in sentence, sentence
                    assert partner_name(kind.partners[0]).lower() in sentence.lower(), sentence


def test_a_fact_without_a_required_code_is_refused() -> None:
    # given an arrest without an offence code, when told, then it is refused
    with pytest.raises(ValueError) as refused:
        fact_sentence(fact("politie", date(2025, 3, 3)), "aanhouding", addressed=True)
    assert str(refused.value) == "soort 'aanhouding' vraagt een categorie"


def test_a_fact_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError) as refused:
        fact_sentence(fact("politie", date(2025, 3, 3)), "boete", addressed=False)
    assert str(refused.value) == "onbekende soort 'boete'"


# --- thresholds and windows --------------------------------------------------------------


@pytest.mark.parametrize(
    ("drempel", "unit", "expected"),
    [
        ({"ten_minste": 3}, "aanhoudingen", "minstens 3 aanhoudingen"),
        ({"meer_dan": 100}, "dagen", "meer dan 100 dagen"),
        ({"ten_hoogste": 1}, "", "hoogstens 1"),
        ({"jonger_dan": 21}, "jaar", "jonger dan 21 jaar"),
        ({"ten_hoogste": 23, "ten_minste": 12}, "jaar", "minstens 12 en hoogstens 23 jaar"),
    ],
)
def test_threshold_phrase(drempel: dict[str, int], unit: str, expected: str) -> None:
    assert threshold_phrase(drempel, unit) == expected


def test_an_unknown_threshold_is_refused() -> None:
    with pytest.raises(ValueError) as refused:
        threshold_phrase({"ongeveer": 3}, "")
    assert str(refused.value) == "onbekende drempel: {'ongeveer': 3}"


@pytest.mark.parametrize(
    ("venster", "expected"),
    [
        (
            {"van": "2024-02-02", "tot_en_met": "2026-02-01"},
            "van 2 februari 2024 tot en met 1 februari 2026",
        ),
        ({"tot_en_met": "2026-02-01"}, "tot en met 1 februari 2026"),
        ({"op": "2026-02-01"}, "op 1 februari 2026"),
    ],
)
def test_window_phrase(venster: dict[str, str], expected: str) -> None:
    assert window_phrase(venster) == expected


def test_an_unknown_window_is_refused() -> None:
    with pytest.raises(ValueError) as refused:
        window_phrase({"van": "2024-02-02"})
    assert str(refused.value) == "onbekend venster: {'van': '2024-02-02'}"


# --- boundaries --------------------------------------------------------------------------


def test_importing_plain_loads_no_django() -> None:
    # given a fresh interpreter, when the module is imported
    program = (
        "import sys, regie.criteria.plain\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    # then no django module was loaded
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
