"""What each audit action means, in one plain Dutch sentence for the person's access request.

The access request lists every audit record about a person; its "what" is the sentence of
the record's action. Every action code written anywhere in Regie has a sentence here
(tests/privacy/test_privacy_actions.py checks the source); an unknown code still gets a
neutral sentence, never a raw code alone.
"""

from __future__ import annotations

from typing import Final

ACTION_SENTENCES: Final[dict[str, str]] = {
    # the access log itself (the privacy officer)
    "audit_log_viewed": "De functionaris gegevensbescherming heeft het logboek bekeken.",
    "audit_log_exported": "De functionaris gegevensbescherming heeft het logboek gedownload.",
    "audit_chain_checked": (
        "De functionaris gegevensbescherming heeft gecontroleerd of het logboek onveranderd is."
    ),
    # deliveries and identity
    "delivery_accepted": "Een aanlevering van gegevens is opgeslagen.",
    "delivery_refused": "Een aanlevering van gegevens is geweigerd.",
    "delivery_viewed": "Een aanlevering van gegevens is bekeken.",
    "delivery_report_viewed": "Het foutenrapport van een aanlevering is bekeken.",
    "delivery_report_downloaded": "Het foutenrapport van een aanlevering is gedownload.",
    "linkage_run": "Regie heeft de geleverde gegevens aan personen gekoppeld.",
    "identity_queue_listed": (
        "Je gegevens stonden in de lijst van records die misschien bij dezelfde persoon horen."
    ),
    "identity_pair_viewed": (
        "Een analist heeft bekeken of twee records over dezelfde persoon gaan. Een van die "
        "records gaat over jou."
    ),
    "identity_pair_linked": "Een analist heeft besloten dat twee records over jou gaan.",
    "identity_pair_kept_apart": (
        "Een analist heeft besloten dat twee records niet over dezelfde persoon gaan."
    ),
    # rounds
    "round_started": "Een instroommoment is gestart.",
    "round_finished": "Een instroommoment is klaar.",
    "round_failed": "Een instroommoment is mislukt.",
    "round_viewed": "De uitkomsten van een instroommoment zijn bekeken.",
    "round_outcome_listed": "Je naam stond in de lijst met uitkomsten van een instroommoment.",
    "round_outcome_viewed": "Je uitkomst van een instroommoment is bekeken, met de uitleg.",
    "cases_proposed": "Regie heeft na een instroommoment kandidaten voorgesteld.",
    "case_proposed": "Regie heeft je na een instroommoment voorgesteld als kandidaat.",
    "outflow_proposed": "Regie heeft na een instroommoment voorgesteld dat je uitstroomt.",
    # cases
    "case_list_viewed": "De lijst van kandidaten en deelnemers is bekeken.",
    "case_listed": "Je naam stond in de lijst van kandidaten en deelnemers.",
    "case_viewed": "Je dossier is bekeken.",
    "case_assign_viewed": "De pagina om een regisseur aan je toe te wijzen is bekeken.",
    "case_checked": "Een analist heeft gecontroleerd dat de gegevens kloppen en bij jou horen.",
    "case_dossier": "Je dossier is opgesteld.",
    "case_in_regie": "Je bent in de aanpak gekomen, met een regisseur.",
    "case_reassessment": "Er is gevraagd om je selectie opnieuw te bekijken.",
    "case_withdrawn": "Je selectie is ingetrokken.",
    "case_outflowed": "Je bent uitgestroomd uit de aanpak.",
    "case_regisseur_changed": "Je hebt een (andere) regisseur gekregen.",
    "outflow_confirmed": "Besloten: je stroomt uit de aanpak.",
    "outflow_overruled": "Besloten: je stroomt nog niet uit, je blijft in de aanpak.",
    "participants_imported": "Deelnemers van voor Regie zijn overgenomen.",
    "participant_imported": "Je gegevens als deelnemer van voor Regie zijn overgenomen.",
    # letters
    "letter_produced": "Er is een brief aan jou gemaakt.",
    "letter_downloaded": "Een brief aan jou is gedownload.",
    "letter_handed_over": "Vastgelegd dat een brief aan jou is overhandigd.",
    # plan of approach and case direction
    "plan_case_viewed": "Je plan van aanpak en de afspraken erover zijn bekeken.",
    "plan_viewed": "Het expertpanel heeft je plan van aanpak bekeken.",
    "plan_created": "Je plan van aanpak is gemaakt.",
    "plan_goal_added": "Er is een doel aan je plan van aanpak toegevoegd.",
    "plan_subgoal_added": "Er is een subdoel aan je plan van aanpak toegevoegd.",
    "plan_action_added": "Er is een actie aan je plan van aanpak toegevoegd.",
    "plan_action_changed": "Een actie in je plan van aanpak is gewijzigd.",
    "plan_action_updated": "De stand van een actie in je plan van aanpak is bijgewerkt.",
    "plan_submitted": "Je plan van aanpak is naar het expertpanel gestuurd.",
    "plan_approved": "Het expertpanel heeft je plan van aanpak goedgekeurd.",
    "plan_returned": "Het expertpanel heeft je plan van aanpak teruggegeven met opmerkingen.",
    "case_partner_added": "Een organisatie is als partner bij je aanpak gekomen.",
    "case_meeting_recorded": "De afspraken van een overleg over jou zijn vastgelegd.",
    "case_reviewed": "Er is getoetst of de aanpak voor jou nog nodig en passend is.",
    "case_exclusion_recorded": "Er is een reden vastgelegd om je uit de aanpak te halen.",
    "bottleneck_raised": "Er is een knelpunt in je aanpak gemeld.",
    "bottleneck_escalated": "Een knelpunt in je aanpak is hoger in de organisatie gelegd.",
    "bottleneck_resolved": "Een knelpunt in je aanpak is opgelost.",
    "panel_agenda_viewed": "De agenda van het expertpanel is bekeken.",
    "panel_agenda_listed": "Je naam stond op de agenda van het expertpanel.",
    "regisseur_overview_viewed": "Een regisseur heeft het overzicht van eigen deelnemers bekeken.",
    "regisseur_overview_listed": "Je naam stond in het overzicht van je regisseur.",
    "manager_overview_viewed": "De programmamanager heeft het overzicht van de aanpak bekeken.",
    "manager_overview_listed": "Je naam stond in het overzicht van de programmamanager.",
    "manager_overview_exported": (
        "De programmamanager heeft de cijfers van de aanpak gedownload (zonder namen)."
    ),
    "provider_cases_viewed": "Een uitvoerder heeft de lijst van eigen deelnemers bekeken.",
    "provider_cases_listed": "Je naam stond in de lijst van een organisatie die je helpt.",
    # privacy
    "access_request_produced": "Je inzageverzoek is afgehandeld: dit overzicht is gemaakt.",
    "privacy_person_viewed": (
        "De functionaris gegevensbescherming heeft je gegevens bekeken voor je verzoek."
    ),
    "privacy_search_listed": (
        "Je naam stond in de zoekresultaten van de functionaris gegevensbescherming."
    ),
    "rights_request_recorded": "Je verzoek om correctie of je bezwaar is vastgelegd.",
    "rights_request_decided": "Er is besloten over je verzoek om correctie of je bezwaar.",
    # accounts, tokens and retention (these are about users, not about persons in an approach)
    "second_factor_enrolled": "Een medewerker heeft de tweede stap van inloggen ingesteld.",
    "second_factor_reset": "De tweede stap van inloggen van een medewerker is teruggezet.",
    "api_token_issued": "Een partner heeft een sleutel gekregen om gegevens aan te leveren.",
    "api_token_revoked": "Een sleutel van een partner om gegevens aan te leveren is ingetrokken.",
    "audit_trail_trimmed": "Oude regels van dit logboek zijn verwijderd (bewaartermijn).",
    "retention_deleted": "Gegevens zijn verwijderd omdat de bewaartermijn voorbij is.",
}

#: The sentence of an action that is not in the table (a newer code): still plain Dutch.
UNKNOWN_ACTION: Final = "Een handeling in Regie"


def action_sentence(action: str) -> str:
    """The plain Dutch sentence for the audit action ``action``."""
    sentence = ACTION_SENTENCES.get(action)
    if sentence is not None:
        return sentence
    return f"{UNKNOWN_ACTION} ({action})."
