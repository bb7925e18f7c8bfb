"""Staff logins: django-axes' records of every attempt (user name, address, browser) go
REGIE_BEWAAR_INLOGGEGEVENS_DAGEN days after the attempt; expired sessions at every run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.retention.models import RetentionDeletion
from regie.retention.services import retention_run

pytestmark = pytest.mark.django_db

PASSWORD = "synthetisch-wachtwoord-42"


def _failed_logins(count: int) -> None:
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(count):
        client.post("/inloggen/", {"username": "analist9", "password": "fout"})


def test_login_records_go_after_their_term_and_expired_sessions_at_once(
    settings: Settings,
) -> None:
    # given a term of 180 days, two failed logins and one that got past the password
    settings.RETENTION_LOGIN_DAYS = 180
    User.objects.create_user(username="analist9", password=PASSWORD, role=Role.ANALYST)
    _failed_logins(2)
    Client().post("/inloggen/", {"username": "analist9", "password": PASSWORD})
    (attempt,) = AccessAttempt.objects.all()
    assert attempt.failures_since_start == 2
    assert AccessLog.objects.count() == 1
    # and one session that expired yesterday, one that is still valid
    for days in (-1, 1):
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() + timedelta(days=days)
        )
    sessions = Session.objects.count()
    today = timezone.localdate()
    # when retention runs 179 days later, only the expired session goes
    results = retention_run(today=today + timedelta(days=179), dry_run=False, actor=None)
    logins = next(r for r in results if r.kind == "login_records")
    assert (logins.count, logins.term) == (1, "180 dagen")
    assert Session.objects.count() == sessions - 1
    assert (AccessAttempt.objects.count(), AccessLog.objects.count()) == (1, 1)
    # when it runs 180 days later, every login record of that day goes
    results = retention_run(today=today + timedelta(days=180), dry_run=False, actor=None)
    logins = next(r for r in results if r.kind == "login_records")
    assert logins.count == 2  # the failed attempts' record and the login
    assert AccessAttempt.objects.count() == AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0  # axes keeps none (its default)
    assert list(
        RetentionDeletion.objects.filter(kind="login_records")
        .order_by("pk")
        .values_list("count", flat=True)
    ) == [1, 2]
