"""What a failed login locks (django-axes' AXES_LOCKOUT_PARAMETERS, docs/login.md).

Always the user name, with its failures summed over every address and browser, so that
changing those does not lift the lock. The address as well, but only once
``LOGIN_ATTEMPTS_PER_ADDRESS`` failures came from it within the cool-off, over all user
names: that stops one address trying a password on many accounts (password spraying),
while a Zorg- en Veiligheidshuis behind one address is not locked out for one person's
typing errors, as a lock per address at axes' own limit (a handful) would do.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessBase
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

BY_USER_NAME: list[str | list[str]] = ["username"]
BY_USER_NAME_AND_ADDRESS: list[str | list[str]] = ["username", "ip_address"]


def client_address(request: HttpRequest) -> str | None:
    """The client's network address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind a
    proxy that ends TLS (REGIE_ACHTER_PROXY=ja) the last address in X-Forwarded-For, the
    one that proxy added; the ones before it come from the client and prove nothing."""
    if settings.BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return address if isinstance(address, str) else None


def address_of(request_or_attempt: HttpRequest | AccessBase) -> str | None:
    if isinstance(request_or_attempt, AccessBase):
        return request_or_attempt.ip_address  # type: ignore[no-any-return]
    address = getattr(request_or_attempt, "axes_ip_address", None)
    return address if isinstance(address, str) else client_address(request_or_attempt)


def address_failures(address: str, request: HttpRequest | None = None) -> int:
    """Failed logins from ``address`` within the cool-off, over all user names."""
    moment = getattr(request, "axes_attempt_time", None) or timezone.now()
    threshold = moment - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=threshold).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return int(total or 0)


def address_is_locked(request: HttpRequest) -> bool:
    address = address_of(request)
    return address is not None and (
        address_failures(address, request) >= settings.LOGIN_ATTEMPTS_PER_ADDRESS
    )


def lockout_parameters(
    request_or_attempt: HttpRequest | AccessBase, credentials: Any = None
) -> list[str | list[str]]:
    """The user name; the address too once it reached its own limit."""
    if isinstance(request_or_attempt, HttpRequest) and address_is_locked(request_or_attempt):
        return BY_USER_NAME_AND_ADDRESS
    return BY_USER_NAME
