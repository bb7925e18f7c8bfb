"""Under the strict Content-Security-Policy (regie.web.security) the main pages of several
roles work in a real browser: no policy violation and no error in the console, the
stylesheet applies (its computed styles are in effect), and the API documentation's
Swagger UI renders from its own static files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

ROUNDS_TESTS = Path(__file__).resolve().parent.parent / "rounds"
if str(ROUNDS_TESTS) not in sys.path:
    sys.path.insert(0, str(ROUNDS_TESTS))

from oversightkit import PEILDATUM, region_ready  # noqa: E402

from regie.accounts.constants import Role  # noqa: E402
from regie.accounts.models import User  # noqa: E402
from regie.deliveries.constants import Channel  # noqa: E402
from regie.deliveries.services import delivery_receive  # noqa: E402
from regie.identity.models import ReviewPair  # noqa: E402
from regie.identity.services import linkage_run_start  # noqa: E402
from regie.rounds.models import RoundOutcome  # noqa: E402
from regie.rounds.services import round_start  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

# Run in every page before its own scripts: a policy violation is also an event, which
# catches the ones a console message might word differently.
VIOLATIONS_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

POLICE_CSV = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
    "politie,p-1,200000007,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    "politie,p-2,200000007,Visser,,Daan,2009-06-12,verdachte,2025-04-10,,diefstal,\n"
    "politie,p-3,,Vissr,,Dan,2009-06-12,verdachte,2025-06-10,,vernieling,\n"
    "politie,p-4,200000019,Jansen,,Piet,1999-07-30,aanhouding,2025-03-11,,overval,\n"
)


class Watched:
    """A page's console errors and warnings, uncaught errors and policy violations."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.messages: list[str] = []
        page.add_init_script(VIOLATIONS_WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        # Django's admin pages link no icon, so the browser asks /favicon.ico on its own
        if message.location["url"].endswith("/favicon.ico"):
            return
        if message.type in ("error", "warning"):
            self.messages.append(f"{message.type}: {message.text} ({message.location['url']})")

    def open(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, path
        assert response.headers["content-security-policy"].startswith("default-src 'none'")

    def problems(self) -> list[str]:
        violations: list[str] = self.page.evaluate("window.__violations")
        return self.messages + [f"violation: {v}" for v in violations]


def style_of(page: Page, selector: str, prop: str) -> str:
    value: str = page.locator(selector).first.evaluate(
        f"(element) => getComputedStyle(element).getPropertyValue({prop!r})"
    )
    return value


def test_the_login_page_is_styled_under_the_policy(
    chromium: Browser, live_server: LiveServer
) -> None:
    # given a visitor who is not logged in
    context = chromium.new_context(locale="nl-NL", base_url=live_server.url)
    try:
        watched = Watched(context.new_page())
        # when they open the login page
        watched.open("/inloggen/")
        # then the stylesheet's layout is in effect, and nothing was refused
        assert style_of(watched.page, "header", "display") == "flex"
        assert style_of(watched.page, "body", "max-width") == "1152px"  # 72rem
        assert watched.problems() == []
    finally:
        context.close()


def test_an_analyst_and_an_administrator_work_under_the_policy(
    user_make: Callable[..., User],
    logged_in_page: Callable[..., Page],
    tmp_path: Path,
) -> None:
    # given a police delivery with an uncertain pair, and a staff administrator
    administrator = user_make("beheerder", Role.ADMINISTRATOR, partner="politie")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save(update_fields=["is_staff", "is_superuser"])
    analyst = user_make("analist", Role.ANALYST)
    path = tmp_path / "politie.csv"
    path.write_text(POLICE_CSV, encoding="utf-8")
    delivery_receive(
        path=path, partner="politie", delivered_by=administrator, channel=Channel.COMMAND_LINE
    )
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()

    # when the analyst opens the start page, the review queue and the pair
    watched = Watched(logged_in_page(analyst))
    for page_path in ("/", "/identiteit/", "/rondes/"):
        watched.open(page_path)
    watched.open(f"/identiteit/paren/{pair.pk}/")
    # then the differences are marked by the stylesheet (once inline CSS of the page)
    page = watched.page
    surname = page.locator("#records tr").filter(
        has=page.get_by_role("rowheader", name="Achternaam")
    )
    expect(surname.locator("td.verschil")).to_have_count(2)
    assert style_of(page, "#records td.verschil", "background-color") == "rgb(255, 243, 196)"
    assert style_of(page, "#records td.verschil", "font-weight") == "700"
    assert style_of(page, "header", "display") == "flex"
    assert watched.problems() == []

    # when the administrator opens the admin and the API documentation
    admin = Watched(logged_in_page(administrator))
    admin.open("/aanleveringen/")
    admin.open("/beheer/")
    expect(admin.page.locator("#site-name")).to_be_visible()
    admin.open("/api/docs")
    # then Swagger UI renders the API from its own files, within the policy
    expect(admin.page.locator(".swagger-ui .info .title")).to_contain_text("Regie API")
    expect(admin.page.locator(".opblock").first).to_be_visible()
    assert admin.problems() == []


def test_the_explanation_of_an_outcome_and_the_case_direction_pages(
    logged_in_page: Callable[..., Page], transactional_db: None, tmp_path: Path
) -> None:
    # given a region with a round that has run
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    outcome = RoundOutcome.objects.filter(round=round).order_by("pk").first()
    assert outcome is not None

    # when the analyst opens the round and a person's explanation
    analyst = Watched(logged_in_page(users["analist"]))
    analyst.open(f"/rondes/{round.pk}/")
    analyst.open(f"/rondes/{round.pk}/personen/{outcome.pk}/")
    # then the explanation is styled by the stylesheet, without a violation
    page = analyst.page
    expect(page.locator("section.uitleg .teken").first).to_be_visible()
    assert style_of(page, "section.uitleg .teken", "font-weight") == "700"
    assert style_of(page, "section.uitleg .bron", "color") == "rgb(85, 85, 85)"
    analyst.open("/dossiers/")
    assert analyst.problems() == []

    # when a regisseur and the programme manager open their case direction pages
    regisseur = Watched(logged_in_page(users["regisseur"]))
    regisseur.open("/regie/mijn/")
    manager = Watched(logged_in_page(users["manager"]))
    manager.open("/regie/overzicht/")
    manager.open("/dossiers/")
    # then nothing is refused there either
    assert regisseur.problems() == []
    assert manager.problems() == []
