"""Production settings (docs/production.md): `check --deploy` finds nothing to warn about,
HTTPS only, and the static files collected by `collectstatic` are served by the production
WSGI application itself.

The commands run in a subprocess, as a deployer runs them: the settings are read once per
process, and this test process runs in development mode.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.web.conf.settings import (
    csrf_trusted_origins_for,
    hsts_seconds_get,
    yes_no_get,
)

WEB_STATIC = Path(__file__).resolve().parents[2] / "src" / "regie" / "web" / "static" / "regie"
HOST = "regie.example.nl"
NO_ISSUES = "System check identified no issues (0 silenced)."


def production_environment(folder: Path, **overrides: str) -> dict[str, str]:
    """A production environment with synthetic keys, an own SQLite file and static folder."""
    # nothing of the test process's own set-up: Regie's settings, the database, and
    # Django's variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the
    # deploy check rightly refuses in production)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REGIE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environment.update(
        {
            "REGIE_OMGEVING": "productie",
            "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
            "REGIE_PSEUDONIEM_SLEUTEL": "synthetische-pseudoniemsleutel-" + secrets.token_hex(16),
            "REGIE_ALLOWED_HOSTS": HOST,
            "REGIE_SQLITE": str(folder / "regie.sqlite3"),
            "REGIE_STATIC_MAP": str(folder / "static"),
            "DJANGO_SETTINGS_MODULE": "regie.web.conf.settings",
        }
    )
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value != ""}


def manage(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regie.web.manage", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def warnings_of(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The first sentence of each issue the check reports (``?: (id) text.``)."""
    return [
        line.split(". ")[0].rstrip(".") + "."
        for line in done.stderr.splitlines()
        if line.startswith("?: (")
    ]


# Asks the production WSGI application (regie.web.wsgi) for each path, as a WSGI server
# would, and prints status, headers and body of each as JSON.
WSGI_CHILD = """
import json, sys
from io import BytesIO
from wsgiref.util import setup_testing_defaults

from regie.web.wsgi import application
from django.templatetags.static import static

answers = []
for path, scheme, extra in json.loads(sys.argv[1]):
    if path.startswith("static:"):
        path = static(path.removeprefix("static:"))
    environ = {"PATH_INFO": path, "HTTP_HOST": "regie.example.nl", "wsgi.url_scheme": scheme}
    environ.update(extra)
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    result = application(environ, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    answers.append(
        {"path": path, "status": seen["status"], "headers": seen["headers"],
         "body": body.decode("utf-8", "replace")}
    )
print(json.dumps(answers))
"""


def wsgi_get(environment: dict[str, str], requests: list[Any]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", WSGI_CHILD, json.dumps(requests)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A production folder whose static folder ``collectstatic`` has filled."""
    folder = tmp_path_factory.mktemp("productie")
    done = manage(production_environment(folder), "collectstatic", "--no-input")
    assert done.returncode == 0, done.stderr
    return folder


# --- check --deploy ------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_without_any_warning(tmp_path: Path) -> None:
    # given a production environment with every required setting
    environment = production_environment(tmp_path)

    # when the deployer runs Django's deployment check, failing on warnings
    done = manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    # then it finds nothing, with nothing silenced
    assert done.stdout.strip().splitlines() == [NO_ISSUES], done.stderr
    assert done.returncode == 0


def test_the_deploy_check_reports_hsts_switched_off(tmp_path: Path) -> None:
    # given production with HSTS switched off
    environment = production_environment(tmp_path, REGIE_HSTS_SECONDEN="0")

    # when the deployment check runs
    done = manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    # then it fails, naming HSTS, and only that
    assert done.returncode == 1
    assert warnings_of(done) == [
        "?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting."
    ]


def test_the_deploy_check_reports_a_missing_static_folder(tmp_path: Path) -> None:
    # given production without REGIE_STATIC_MAP
    environment = production_environment(tmp_path, REGIE_STATIC_MAP="")

    # when the deployment check runs
    done = manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    # then it fails, saying in Dutch what to set, and nothing else
    assert done.returncode == 1
    assert warnings_of(done) == [
        "?: (regie.W001) REGIE_STATIC_MAP is niet gezet: de webapplicatie heeft geen map met "
        "statische bestanden (CSS, JavaScript) om uit te serveren."
    ]
    assert "HINT: Kies een map, zet REGIE_STATIC_MAP en vul haar met " in done.stderr


# --- static files through the production application ---------------------------------------


def test_collected_static_files_are_served_by_the_production_application(
    collected: Path,
) -> None:
    # given production, and collectstatic run into a temporary folder
    environment = production_environment(collected)
    assert (collected / "static" / "staticfiles.json").is_file()
    progress = (WEB_STATIC / "progress.js").read_text(encoding="utf-8")
    stylesheet = (WEB_STATIC / "regie.css").read_text(encoding="utf-8")

    # when a browser asks the production WSGI application for them, over HTTPS
    answers = wsgi_get(
        environment,
        [
            ["static:regie/progress.js", "https", {}],
            ["static:regie/regie.css", "https", {}],
            ["/static/regie/progress.js", "https", {}],
        ],
    )

    # then each comes back whole, under a name with its content's hash, cached for ever
    js, css, plain = answers
    assert js["path"].startswith("/static/regie/progress.") and js["path"].endswith(".js")
    assert js["path"] != "/static/regie/progress.js"
    assert (js["status"], js["body"]) == ("200 OK", progress)
    assert js["headers"]["Content-Type"] == 'text/javascript; charset="utf-8"'
    assert js["headers"]["Cache-Control"] == "max-age=315360000, public, immutable"
    assert (css["status"], css["body"]) == ("200 OK", stylesheet)
    assert css["headers"]["Content-Type"] == 'text/css; charset="utf-8"'
    # the plain name stays available (a short cache), for a page cached before a deploy
    assert (plain["status"], plain["body"]) == ("200 OK", progress)
    assert plain["headers"]["Cache-Control"] == "max-age=60, public"


def test_production_sends_plain_http_to_https_and_trusts_a_proxy_only_when_told(
    collected: Path,
) -> None:
    # given production, not behind a proxy
    direct = production_environment(collected)
    # when a page is asked over plain http, also with a forged X-Forwarded-Proto
    plain, forged = wsgi_get(
        direct,
        [
            ["/inloggen/", "http", {}],
            ["/inloggen/", "http", {"HTTP_X_FORWARDED_PROTO": "https"}],
        ],
    )
    # then both are sent to the same page over HTTPS
    for answer in (plain, forged):
        assert answer["status"] == "301 Moved Permanently"
        assert answer["headers"]["Location"] == f"https://{HOST}/inloggen/"

    # given production behind a TLS-terminating proxy
    proxied = production_environment(collected, REGIE_ACHTER_PROXY="ja")
    # when the proxy passes an HTTPS request on over http
    (page,) = wsgi_get(proxied, [["/inloggen/", "http", {"HTTP_X_FORWARDED_PROTO": "https"}]])
    # then it is answered, with HSTS for a year, subdomains included, and the CSP
    assert page["status"] == "200 OK"
    assert page["headers"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert page["headers"]["Content-Security-Policy"].startswith("default-src 'none'; ")


# --- the settings' own parts -----------------------------------------------------------------


def test_csrf_trusts_the_https_origins_of_the_allowed_hosts() -> None:
    assert csrf_trusted_origins_for(["regie.example.nl", ".zvh.example", "*"]) == [
        "https://regie.example.nl",
        "https://*.zvh.example",
    ]


def test_an_hsts_time_that_is_not_a_whole_number_of_seconds_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REGIE_HSTS_SECONDEN", "een jaar")
    with pytest.raises(
        ImproperlyConfigured,
        match="REGIE_HSTS_SECONDEN='een jaar': geef een heel aantal seconden, "
        "van 0 tot en met 63072000",
    ):
        hsts_seconds_get()


def test_behind_a_proxy_takes_ja_or_nee_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from regie import config

    monkeypatch.setenv("REGIE_ACHTER_PROXY", "Ja")
    assert yes_no_get(config.BEHIND_PROXY) is True
    monkeypatch.setenv("REGIE_ACHTER_PROXY", "misschien")
    with pytest.raises(
        ImproperlyConfigured, match="REGIE_ACHTER_PROXY='misschien': kies ja of nee"
    ):
        yes_no_get(config.BEHIND_PROXY)
