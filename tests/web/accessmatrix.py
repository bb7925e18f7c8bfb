"""The access matrix: for every URL of Regie, what each role gets.

One entry per URL name (``namespace:name``). For each column (each of the eight roles, a
few of them twice to show the per-case and per-organisation rules, and a visitor who is
not logged in) the entry gives the status of a GET and, for a view that changes
something, the status of a POST by each column that may not make the change. A POST that
is refused changes nothing.

``tests/web/test_access_matrix.py`` checks every entry against the running application
and fails on a URL without an entry; ``docs/access.md`` is generated from this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from regie.accounts.constants import Role

#: The columns: key, heading in docs/access.md, role (None: not logged in).
COLUMNS: Final[tuple[tuple[str, str, Role | None], ...]] = (
    ("anoniem", "niet ingelogd", None),
    ("leverancier", "gegevensleverancier (politie)", Role.PARTNER_SUPPLIER),
    ("leverancier_ander", "gegevensleverancier (andere partner)", Role.PARTNER_SUPPLIER),
    ("uitvoerder", "uitvoerder (betrokken partner)", Role.INTERVENTION_PROVIDER),
    ("uitvoerder_ander", "uitvoerder (niet betrokken)", Role.INTERVENTION_PROVIDER),
    ("analist", "analist", Role.ANALYST),
    ("regisseur", "regisseur (eigen deelnemer)", Role.REGISSEUR),
    ("regisseur_ander", "regisseur (andere regisseur)", Role.REGISSEUR),
    ("panel", "lid expertpanel", Role.PANEL_MEMBER),
    ("manager", "programmamanager", Role.PROGRAMME_MANAGER),
    ("privacy", "functionaris gegevensbescherming", Role.PRIVACY_OFFICER),
    ("beheerder", "beheerder", Role.ADMINISTRATOR),
)
COLUMN_KEYS: Final = tuple(key for key, _, _ in COLUMNS)
LOGGED_IN: Final = COLUMN_KEYS[1:]

OK: Final = 200
LOGIN: Final = 302  # sent to the login page (/inloggen/, the admin's own for /beheer/)
FORBIDDEN: Final = 403
NOT_FOUND: Final = 404
NOT_ALLOWED: Final = 405  # the method is not allowed (a form's address opened with GET)
REFUSED: Final = 400  # the page again, with the service's refusal; nothing changed


@dataclass(frozen=True)
class Entry:
    """What each column gets at one URL.

    ``path`` is the address with ``{key}`` placeholders for objects of the test world
    (tests/web/test_access_matrix.py: ``world``). ``post`` holds, for a view that changes
    something, the status of a POST by each column that may not change it; ``data`` is
    the form that POST sends (valid, so the refusal is about access, not the form).
    """

    route: str
    path: str
    get: Mapping[str, int]
    post: Mapping[str, int] = field(default_factory=dict)
    data: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    #: where a 302 sends a logged-in column, when not to the login page
    onward: str = ""


def _columns(allowed: Iterable[str], status: int, otherwise: int) -> dict[str, int]:
    chosen = set(allowed)
    unknown = chosen - set(LOGGED_IN)
    assert not unknown, f"unknown columns {unknown}"
    return {
        "anoniem": LOGIN,
        **{key: status if key in chosen else otherwise for key in LOGGED_IN},
    }


def page(allowed: Iterable[str], *, otherwise: int = NOT_FOUND, **special: int) -> dict[str, int]:
    """A page: 200 for ``allowed``, ``otherwise`` for the other logged-in columns, the
    login page for a visitor; ``special`` overrides single columns."""
    return {**_columns(allowed, OK, otherwise), **special}


def form_only() -> dict[str, int]:
    """The address of a form (POST only): GET gives 405 to anyone logged in."""
    return _columns((), NOT_ALLOWED, NOT_ALLOWED)


def refused(may: Iterable[str], *, otherwise: int = NOT_FOUND, **special: int) -> dict[str, int]:
    """A POST by every column except ``may`` (who may make the change): ``otherwise``
    (or the ``special`` status of a column); a visitor is sent to the login page."""
    chosen = set(may)
    statuses = {k: v for k, v in _columns((), otherwise, otherwise).items() if k not in chosen}
    return {**statuses, **special}


EVERYONE: Final = LOGGED_IN
SUPPLIERS: Final = ("leverancier", "leverancier_ander", "beheerder")
CASE_SEERS: Final = ("analist", "regisseur", "manager")  # cases:* of the regisseur's case
IN_SCOPE_400: Final = {key: REFUSED for key in CASE_SEERS}
PLAN_SEERS: Final = ("uitvoerder", "regisseur", "panel", "manager")
PAST: Final = "2026-01-15"
FUTURE: Final = "2099-12-31"

MATRIX: Final[dict[str, Entry]] = {
    # --- the site ---------------------------------------------------------------------------
    "home": Entry("", "/", page(EVERYONE)),
    "login": Entry("inloggen/", "/inloggen/", {"anoniem": OK, **dict.fromkeys(LOGGED_IN, OK)}),
    "logout": Entry(
        "uitloggen/",
        "/uitloggen/",
        {"anoniem": NOT_ALLOWED, **dict.fromkeys(LOGGED_IN, NOT_ALLOWED)},
        note="uitloggen gaat alleen met POST",
    ),
    "second_factor": Entry(
        "inloggen/tweede-factor/",
        "/inloggen/tweede-factor/",
        {"anoniem": LOGIN, **dict.fromkeys(LOGGED_IN, LOGIN)},
        note="alleen tussen wachtwoord en code; wie al binnen is gaat door naar de start",
        onward="/",
    ),
    "second_factor_enrol": Entry(
        "inloggen/tweede-factor/instellen/",
        "/inloggen/tweede-factor/instellen/",
        {"anoniem": LOGIN, **dict.fromkeys(LOGGED_IN, LOGIN)},
        note="alleen tussen wachtwoord en code; wie al binnen is gaat door naar de start",
        onward="/",
    ),
    "oidc_authentication_init": Entry(
        "inloggen/organisatie/",
        "/inloggen/organisatie/",
        dict.fromkeys(COLUMN_KEYS, NOT_FOUND),
        note="inloggen bij de eigen organisatie (OpenID Connect); 404 zolang dat uit staat",
    ),
    "oidc_authentication_callback": Entry(
        "inloggen/organisatie/terug/",
        "/inloggen/organisatie/terug/",
        dict.fromkeys(COLUMN_KEYS, NOT_FOUND),
        note="404 zolang inloggen bij de eigen organisatie uit staat",
    ),
    # --- deliveries -------------------------------------------------------------------------
    "deliveries:list": Entry(
        "aanleveringen/", "/aanleveringen/", page(SUPPLIERS, otherwise=FORBIDDEN)
    ),
    "deliveries:upload": Entry(
        "aanleveringen/nieuw/",
        "/aanleveringen/nieuw/",
        page(SUPPLIERS, otherwise=FORBIDDEN),
        post=refused(SUPPLIERS, otherwise=FORBIDDEN),
        data={"bron": "politie"},
    ),
    "deliveries:detail": Entry(
        "aanleveringen/<int:delivery_id>/",
        "/aanleveringen/{delivery}/",
        page(("leverancier", "beheerder"), otherwise=FORBIDDEN, leverancier_ander=NOT_FOUND),
        note="een aanlevering van de politie",
    ),
    "deliveries:report_csv": Entry(
        "aanleveringen/<int:delivery_id>/rapport.csv",
        "/aanleveringen/{refused_delivery}/rapport.csv",
        page(("leverancier", "beheerder"), otherwise=FORBIDDEN, leverancier_ander=NOT_FOUND),
        note="een geweigerde aanlevering van de politie",
    ),
    # --- identity ---------------------------------------------------------------------------
    "identity:queue": Entry("identiteit/", "/identiteit/", page(("analist",), otherwise=FORBIDDEN)),
    "identity:pair": Entry(
        "identiteit/paren/<int:pair_id>/",
        "/identiteit/paren/{pair}/",
        page(("analist",), otherwise=FORBIDDEN),
        post=refused(("analist",), otherwise=FORBIDDEN),
        data={"besluit": "koppelen", "toelichting": "Zelfde persoon."},
    ),
    "identity:run_start": Entry(
        "identiteit/koppelen/",
        "/identiteit/koppelen/",
        form_only(),
        post=refused(("analist",), otherwise=FORBIDDEN),
    ),
    # --- rounds -----------------------------------------------------------------------------
    "rounds:list": Entry("rondes/", "/rondes/", page(("analist", "manager"))),
    "rounds:new": Entry(
        "rondes/nieuw/",
        "/rondes/nieuw/",
        page(("analist",), manager=FORBIDDEN),
        post=refused(("analist",), manager=FORBIDDEN),
        data={"peildatum": "2026-01-01", "begrepen": "on"},
    ),
    "rounds:detail": Entry(
        "rondes/<int:round_id>/", "/rondes/{round}/", page(("analist", "manager"))
    ),
    "rounds:progress": Entry(
        "rondes/<int:round_id>/voortgang/",
        "/rondes/{round}/voortgang/",
        page(("analist", "manager")),
    ),
    "rounds:outcome": Entry(
        "rondes/<int:round_id>/personen/<int:outcome_id>/",
        "/rondes/{round}/personen/{outcome}/",
        page(("analist", "manager")),
    ),
    # --- cases (the case of "regisseur", in regie) -----------------------------------------
    "cases:list": Entry(
        "dossiers/", "/dossiers/", page(("analist", "regisseur", "regisseur_ander", "manager"))
    ),
    "cases:detail": Entry("dossiers/<int:case_id>/", "/dossiers/{case}/", page(CASE_SEERS)),
    "cases:check": Entry(
        "dossiers/<int:case_id>/controleren/",
        "/dossiers/{case}/controleren/",
        form_only(),
        post=refused((), **IN_SCOPE_400),
        data={"toelichting": "Klopt."},
        note="een deelnemer in regie valt niet (meer) te controleren",
    ),
    "cases:dossier": Entry(
        "dossiers/<int:case_id>/dossier/",
        "/dossiers/{case}/dossier/",
        form_only(),
        post=refused((), **IN_SCOPE_400),
        data={"dossier": "Synthetisch dossier."},
    ),
    "cases:withdraw": Entry(
        "dossiers/<int:case_id>/intrekken/",
        "/dossiers/{case}/intrekken/",
        form_only(),
        post=refused(("regisseur", "manager"), analist=REFUSED),
        data={"reden": "Synthetische reden."},
    ),
    "cases:reassessment_request": Entry(
        "dossiers/<int:case_id>/heroverweging/",
        "/dossiers/{case}/heroverweging/",
        form_only(),
        post=refused(("regisseur",), analist=REFUSED, manager=REFUSED),
        data={"vraag": "Klopt dit nog?"},
    ),
    "cases:reassessment_answer": Entry(
        "dossiers/<int:case_id>/heroverweging/antwoord/",
        "/dossiers/{case}/heroverweging/antwoord/",
        form_only(),
        post=refused((), **IN_SCOPE_400),
        data={"besluit": "blijft", "antwoord": "Blijft."},
        note="er is geen heroverweging gevraagd",
    ),
    "cases:assign": Entry(
        "dossiers/<int:case_id>/regisseur/",
        "/dossiers/{case}/regisseur/",
        page(("manager",), analist=FORBIDDEN, regisseur=FORBIDDEN),
        post=refused(("manager",), analist=FORBIDDEN, regisseur=FORBIDDEN),
        data={"regisseur": "{regisseur_ander_id}"},
    ),
    "cases:outflow_confirm": Entry(
        "dossiers/<int:case_id>/uitstroom/<int:proposal_id>/bevestigen/",
        "/dossiers/{outflow_case}/uitstroom/{proposal}/bevestigen/",
        form_only(),
        post=refused(("regisseur", "manager"), analist=REFUSED),
        data={"toelichting": "Klaar.", "organisatie": "Wijkteam", "zorg": "Begeleiding."},
        note="het uitstroomvoorstel van een deelnemer van de regisseur",
    ),
    "cases:outflow_overrule": Entry(
        "dossiers/<int:case_id>/uitstroom/<int:proposal_id>/afwijzen/",
        "/dossiers/{outflow_case}/uitstroom/{proposal}/afwijzen/",
        form_only(),
        post=refused(("regisseur", "manager"), analist=REFUSED),
        data={"reden": "Nog niet stabiel."},
    ),
    # --- letters ----------------------------------------------------------------------------
    "letters:produce": Entry(
        "brieven/dossier/<int:case_id>/maken/<str:kind>/",
        "/brieven/dossier/{case}/maken/inflow/",
        form_only(),
        post=refused(("regisseur", "manager"), analist=FORBIDDEN),
    ),
    "letters:pdf": Entry(
        "brieven/<int:letter_id>/pdf/", "/brieven/{letter}/pdf/", page(CASE_SEERS)
    ),
    "letters:handover": Entry(
        "brieven/<int:letter_id>/overhandigd/",
        "/brieven/{letter}/overhandigd/",
        form_only(),
        post=refused(("regisseur", "manager"), analist=FORBIDDEN),
        data={"overhandigd_op": PAST, "hoe": "Persoonlijk overhandigd."},
    ),
    # --- case direction ---------------------------------------------------------------------
    "plans:mine": Entry("regie/mijn/", "/regie/mijn/", page(("regisseur", "regisseur_ander"))),
    "plans:panel": Entry("regie/panel/", "/regie/panel/", page(("panel",))),
    "plans:plan_review": Entry(
        "regie/plan/<int:plan_id>/", "/regie/plan/{plan}/", page(("panel",))
    ),
    "plans:panel_decide": Entry(
        "regie/plan/<int:plan_id>/besluit/",
        "/regie/plan/{plan}/besluit/",
        form_only(),
        post=refused(("panel",)),
        data={"besluit": "approved"},
    ),
    "plans:overview": Entry("regie/overzicht/", "/regie/overzicht/", page(("manager",))),
    "plans:overview_csv": Entry("regie/overzicht.csv", "/regie/overzicht.csv", page(("manager",))),
    "plans:provider": Entry(
        "regie/interventies/", "/regie/interventies/", page(("uitvoerder", "uitvoerder_ander"))
    ),
    "plans:case": Entry("regie/<int:case_id>/", "/regie/{case}/", page(PLAN_SEERS)),
    "plans:plan_create": Entry(
        "regie/<int:case_id>/plan/",
        "/regie/{case}/plan/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"samenvatting": "Een plan."},
    ),
    "plans:partner_add": Entry(
        "regie/<int:case_id>/partner/",
        "/regie/{case}/partner/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"organisatie": "{housing_id}", "rol": "uitvoerder", "contactpersoon": "T. Test"},
    ),
    "plans:goal_add": Entry(
        "regie/<int:case_id>/doel/",
        "/regie/{case}/doel/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"leefgebied": "health", "doel": "Gezond."},
    ),
    "plans:subgoal_add": Entry(
        "regie/<int:case_id>/doel/<int:goal_id>/subdoel/",
        "/regie/{case}/doel/{goal}/subdoel/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"subdoel": "Een subdoel."},
    ),
    "plans:action_add": Entry(
        "regie/<int:case_id>/subdoel/<int:subgoal_id>/actie/",
        "/regie/{case}/subdoel/{subgoal}/actie/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={
            "actie": "Nog een actie.",
            "partner": "{probation_id}",
            "verantwoordelijke": "T. Test",
            "uiterlijk": FUTURE,
        },
    ),
    "plans:action_update": Entry(
        "regie/<int:case_id>/actie/<int:action_id>/status/",
        "/regie/{case}/actie/{action}/status/",
        form_only(),
        post=refused(("regisseur", "uitvoerder"), panel=REFUSED, manager=REFUSED),
        data={"status": "running", "toelichting": "Loopt."},
    ),
    "plans:action_change": Entry(
        "regie/<int:case_id>/actie/<int:action_id>/wijzigen/",
        "/regie/{case}/actie/{action}/wijzigen/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"actie": "Anders.", "verantwoordelijke": "T. Test", "uiterlijk": FUTURE},
    ),
    "plans:plan_submit": Entry(
        "regie/<int:case_id>/indienen/",
        "/regie/{case}/indienen/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
    ),
    "plans:meeting_record": Entry(
        "regie/<int:case_id>/casusoverleg/",
        "/regie/{case}/casusoverleg/",
        form_only(),
        post=refused(("regisseur",), panel=REFUSED, manager=REFUSED),
        data={"datum": PAST, "afspraken": "Afspraken."},
    ),
    "plans:review_record": Entry(
        "regie/<int:case_id>/toets/",
        "/regie/{case}/toets/",
        form_only(),
        post=refused(("regisseur", "manager"), panel=REFUSED),
        data={"datum": PAST, "oordeel": "continue", "onderbouwing": "Gaat goed."},
    ),
    "plans:exclusion_record": Entry(
        "regie/<int:case_id>/uitsluiting/",
        "/regie/{case}/uitsluiting/",
        form_only(),
        post=refused(("regisseur", "manager"), panel=REFUSED),
        data={"grond": "no_prospect", "toelichting": "Geen perspectief."},
    ),
    "plans:bottleneck_raise": Entry(
        "regie/<int:case_id>/knelpunt/",
        "/regie/{case}/knelpunt/",
        form_only(),
        post=refused(("regisseur", "manager", "panel")),
        data={"beschrijving": "Geen woning."},
    ),
    "plans:bottleneck_escalate": Entry(
        "regie/<int:case_id>/knelpunt/<int:bottleneck_id>/opschalen/",
        "/regie/{case}/knelpunt/{bottleneck}/opschalen/",
        form_only(),
        post=refused(("regisseur", "manager", "panel")),
        data={"toelichting": "Hoger op."},
    ),
    "plans:bottleneck_resolve": Entry(
        "regie/<int:case_id>/knelpunt/<int:bottleneck_id>/oplossen/",
        "/regie/{case}/knelpunt/{bottleneck}/oplossen/",
        form_only(),
        post=refused(("regisseur", "manager", "panel")),
        data={"toelichting": "Opgelost."},
    ),
    # --- privacy: only the privacy officer; everyone else the same 404 ----------------------
    "privacy:index": Entry("privacy/", "/privacy/", page(("privacy",))),
    "privacy:audit_log": Entry(
        "privacy/logboek/",
        "/privacy/logboek/",
        page(("privacy",)),
        post=refused(("privacy",)),
        note="POST: de hashketen controleren",
    ),
    "privacy:person": Entry(
        "privacy/persoon/<str:person_key>/", "/privacy/persoon/{person_key}/", page(("privacy",))
    ),
    "privacy:access_request": Entry(
        "privacy/persoon/<str:person_key>/inzage/",
        "/privacy/persoon/{person_key}/inzage/",
        form_only(),
        post=refused(("privacy",)),
        data={"datum_verzoek": PAST, "formaat": "json"},
    ),
    "privacy:rights_request": Entry(
        "privacy/persoon/<str:person_key>/verzoek/",
        "/privacy/persoon/{person_key}/verzoek/",
        form_only(),
        post=refused(("privacy",)),
        data={
            "dossier": "{case}",
            "soort": "correctie",
            "ontvangen_op": PAST,
            "verzoek": "Mijn adres klopt niet.",
            "besluit": "",
            "onderbouwing": "Nog niet.",
            "besloten_op": PAST,
        },
    ),
    "privacy:rights_decide": Entry(
        "privacy/verzoek/<int:request_id>/besluit/",
        "/privacy/verzoek/{rights_request}/besluit/",
        form_only(),
        post=refused(("privacy",)),
        data={"besluit": "afgewezen", "onderbouwing": "Het adres klopt.", "besloten_op": PAST},
    ),
    # --- retention: what was removed; only the privacy officer ------------------------------
    "retention:list": Entry("bewaartermijnen/", "/bewaartermijnen/", page(("privacy",))),
    # --- the API: a bearer token of a partner organisation, never a session ------------------
    "api:api-root": Entry(
        "api/",
        "/api/",
        dict.fromkeys(COLUMN_KEYS, NOT_FOUND),
        note="geen pagina; de API begint bij /api/aanleveringen",
    ),
    "api:openapi-json": Entry(
        "api/openapi.json", "/api/openapi.json", dict.fromkeys(COLUMN_KEYS, OK)
    ),
    "api:openapi-view": Entry("api/docs", "/api/docs", dict.fromkeys(COLUMN_KEYS, OK)),
    "api:delivery_post": Entry(
        "api/aanleveringen",
        "/api/aanleveringen",
        dict.fromkeys(COLUMN_KEYS, NOT_ALLOWED),
        post=dict.fromkeys(COLUMN_KEYS, 401),
        note="zonder token 401, ook met een sessie van de website",
    ),
    "api:delivery_get": Entry(
        "api/aanleveringen/<delivery_id>",
        "/api/aanleveringen/{delivery}",
        dict.fromkeys(COLUMN_KEYS, 401),
        note="zonder token 401, ook met een sessie van de website",
    ),
}

#: The Django admin under /beheer/: one rule for all its URLs. The administrator gets in;
#: everyone else, logged in or not, is sent to the admin's login page.
ADMIN_NAMESPACE: Final = "admin"
ADMIN_RULE: Final = {"beheerder": OK, **{k: LOGIN for k in COLUMN_KEYS if k != "beheerder"}}
#: Admin URLs with a rule of their own.
ADMIN_SPECIAL: Final[dict[str, dict[str, int]]] = {
    # the admin's own login page: open to all; an administrator is sent on to the index
    "admin:login": {**dict.fromkeys(COLUMN_KEYS, OK), "beheerder": LOGIN},
    # the admin's catch-all for an address it does not know: 404 for the administrator
    "admin:(zonder naam)": {**ADMIN_RULE, "beheerder": NOT_FOUND},
    # logging out is a POST only (the others are first sent to the admin's login)
    "admin:logout": {**ADMIN_RULE, "beheerder": NOT_ALLOWED},
    # the autocomplete of a form field: without its parameters refused
    "admin:autocomplete": {**ADMIN_RULE, "beheerder": FORBIDDEN},
    # "view on site": a user has no page on the site
    "admin:view_on_site": {**ADMIN_RULE, "beheerder": NOT_FOUND},
    # read-only in the admin: the audit trail, linkage runs, pair decisions, axes' logs
    **{
        f"admin:{model}_{action}": {**ADMIN_RULE, "beheerder": FORBIDDEN}
        for model, actions in (
            ("audit_auditevent", ("add", "delete")),
            ("identity_linkagerun", ("add", "delete")),
            ("identity_pairdecision", ("add", "delete")),
            ("axes_accessattempt", ("add",)),
            ("axes_accesslog", ("add",)),
            ("axes_accessfailurelog", ("add",)),
        )
        for action in actions
    },
}
#: An admin page of one object that does not exist sends the administrator to the index.
ADMIN_NO_OBJECT: Final = LOGIN


def cell(entry: Entry, column: str) -> str:
    """One cell of the table in docs/access.md: the GET status, and the POST refusal."""
    text = str(entry.get[column])
    if column in entry.post:
        text += f" / POST {entry.post[column]}"
    elif entry.post:
        text += " / POST mag"
    return text


def markdown() -> str:
    """docs/access.md, generated from this module (the test checks that it matches)."""
    lines = [
        "# Wie mag wat: de toegangsmatrix",
        "",
        "Gegenereerd uit `tests/web/accessmatrix.py`; `tests/web/test_access_matrix.py` "
        "controleert elke cel tegen de draaiende applicatie en faalt als deze pagina niet "
        "meer klopt of als er een URL bijkomt zonder regel in de matrix. Opnieuw maken:",
        "",
        "```",
        ".venv/bin/python -c \"import sys; sys.path.insert(0, 'tests/web'); "
        "import accessmatrix; print(accessmatrix.markdown(), end='')\" > docs/access.md",
        "```",
        "",
        "## Waar de regels staan",
        "",
        'Elke view vraagt het aan de `permissions.py` van zijn app; "bestaat niet" en '
        '"niet van jou" geven dezelfde 404.',
        "",
        "- `src/regie/deliveries/permissions.py`: aanleveren en aanleveringen zien "
        "(eigen organisatie; de beheerder alle).",
        "- `src/regie/identity/permissions.py`: paren beoordelen en koppelrondes (analist).",
        "- `src/regie/rounds/permissions.py`: instroommomenten zien (analist, "
        "programmamanager) en starten (analist).",
        "- `src/regie/cases/permissions.py`: dossiers zien (alle: analist en "
        "programmamanager; eigen: regisseur), overgangen (`ALLOWED_TRANSITIONS` in "
        "`cases/constants.py`), uitstroom en brieven.",
        "- `src/regie/letters/permissions.py`: een brief zien wie het dossier ziet.",
        "- `src/regie/plans/permissions.py`: regie (eigen regisseur; programmamanager en "
        "expertpanel alle; uitvoerder alleen waar de eigen organisatie betrokken is).",
        "- `src/regie/privacy/permissions.py`: inzageverzoeken, correctie en bezwaar "
        "(functionaris gegevensbescherming).",
        "- `src/regie/retention/permissions.py`: de verwijderingen na de bewaartermijn "
        "(functionaris gegevensbescherming).",
        "- `src/regie/accounts/middleware.py`: eerst de tweede stap (TOTP) voor elke pagina "
        "behalve inloggen, uitloggen en de API.",
        "- `src/regie/web/navigation.py`: welke links iemand in de kop ziet.",
        "- De API (`src/regie/deliveries/api.py`) kent alleen een bearer-token van een "
        "partnerorganisatie, nooit een sessie.",
        "- `/beheer/` (Django-admin): alleen de beheerder (`is_staff`).",
        "",
        "## De matrix",
        "",
        "Per cel: de status van een GET, en voor een pagina die iets verandert de status "
        'van een POST door wie het niet mag ("POST mag": deze kolom mag het). 200 = de '
        "pagina; 302 = naar de inlogpagina; 400 = de pagina opnieuw met de weigering van "
        "de dienst; 401 = geen geldige API-token; 403 = geen toegang; 404 = bestaat niet "
        "of niet van jou; 405 = alleen met een formulier (POST). Een geweigerde POST "
        "verandert niets.",
        "",
        "De kolommen: "
        + "; ".join(f"**{index}** {heading}" for index, (_, heading, _) in _numbered())
        + ".",
        "",
        "| URL | " + " | ".join(str(index) for index, _ in _numbered()) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for name, entry in MATRIX.items():
        cells = " | ".join(cell(entry, key) for key in COLUMN_KEYS)
        note = f" ({entry.note})" if entry.note else ""
        lines.append(f"| `{name}` `/{entry.route}`{note} | {cells} |")
    admin_cells = " | ".join(str(ADMIN_RULE[key]) for key in COLUMN_KEYS)
    lines.append(f"| elke `admin:*` onder `/beheer/` | {admin_cells} |")
    for name, statuses in ADMIN_SPECIAL.items():
        lines.append(f"| `{name}` | " + " | ".join(str(statuses[k]) for k in COLUMN_KEYS) + " |")
    lines.append("")
    return "\n".join(lines)


def _numbered() -> list[tuple[int, tuple[str, str, Role | None]]]:
    return list(enumerate(COLUMNS, start=1))
