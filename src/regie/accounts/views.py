"""Logging in: the password page, the second step (a code from an authenticator app, or
enrolling one with a QR code) and the page of a blocked account (docs/login.md)."""

from __future__ import annotations

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token

from regie.accounts.forms import CodeForm
from regie.accounts.lockout import address_is_locked
from regie.accounts.models import User
from regie.accounts.selectors import confirmed_device, is_verified
from regie.accounts.services import totp_device_confirm, totp_device_start

WRONG_CODE = "Deze code klopt niet. Typ de code die de app nu laat zien."
SECRET_GROUP = 4


class RegieLoginView(auth_views.LoginView):
    """Django's login page, with the link to single sign-on when that is switched on."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context


def lockout(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the page of a blocked account or address,
    saying for how long and whom to ask."""
    by_address = address_is_locked(request)
    return render(
        request,
        "registration/geblokkeerd.html",
        {
            "minutes": settings.AXES_LOCKOUT_MINUTES,
            "attempts": (
                settings.LOGIN_ATTEMPTS_PER_ADDRESS if by_address else settings.AXES_FAILURE_LIMIT
            ),
            "by_address": by_address,
        },
        status=429,
    )


def next_url(request: HttpRequest) -> str:
    """Where to go after the second step: ``next`` when it is a page of Regie, else home."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, request: HttpRequest) -> str:
    target = reverse(name)
    wanted = request.GET.get(REDIRECT_FIELD_NAME)
    if wanted:
        return f"{target}?{urlencode({REDIRECT_FIELD_NAME: wanted})}"
    return target


def credentials_of(user: User) -> dict[str, str]:
    return {User.USERNAME_FIELD: user.get_username()}


def is_locked(request: HttpRequest, user: User) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials_of(user))


def code_refused(request: HttpRequest, user: User) -> HttpResponse | None:
    """Count a wrong code as a failed login (django-axes); when that blocks the account,
    the session ends and the lockout page is the answer."""
    user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return lockout(request, None, None)
    return None


def second_factor_passed(request: HttpRequest, device: Any) -> HttpResponse:
    """Mark the session verified (as django_otp.login does), under a new session key, and
    forget the failed attempts."""
    request.session.cycle_key()
    otp_login(request, device)
    AxesProxyHandler.reset_attempts(username=request.user.get_username())
    return HttpResponseRedirect(next_url(request))


def step_user(request: HttpRequest) -> User | HttpResponse:
    """The user of the second step, or where to send the request instead."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if is_verified(request.user):
        return HttpResponseRedirect(next_url(request))
    assert isinstance(request.user, User)
    if is_locked(request, request.user):
        logout(request)
        return lockout(request, None, None)
    return request.user


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step: the current code of the user's authenticator app."""
    user = step_user(request)
    if isinstance(user, HttpResponse):
        return user
    device = confirmed_device(user)
    if device is None:
        return redirect(with_next("second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = verify_token(user, device.persistent_id, form.cleaned_data["code"])
        if verified is not None:
            return second_factor_passed(request, verified)
        refused = code_refused(request, user)
        if refused is not None:
            return refused
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/tweede_factor.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def secret_text(device: Any) -> str:
    """The device's key in base32, as authenticator apps ask for it, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + SECRET_GROUP] for i in range(0, len(secret), SECRET_GROUP))


def qr_svg(device: Any) -> str:
    """The device's otpauth:// address as a QR code, inline SVG without style attributes
    (the Content-Security-Policy allows no inline style)."""
    code = segno.make(device.config_url, error="m")
    return str(code.svg_inline(scale=5, dark="#000", light="#fff", title="QR-code voor de app"))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolling: a QR code (and the key as text) for the authenticator app, and the first
    code it shows to confirm."""
    user = step_user(request)
    if isinstance(user, HttpResponse):
        return user
    if confirmed_device(user) is not None:
        return redirect(with_next("second_factor", request))
    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, code=form.cleaned_data["code"]):
            device.refresh_from_db()
            messages.success(
                request,
                "De tweede factor is ingesteld. Voortaan vraagt Regie na het "
                "wachtwoord om de code uit de app.",
            )
            return second_factor_passed(request, device)
        refused = code_refused(request, user)
        if refused is not None:
            return refused
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/tweede_factor_instellen.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "qr_svg": mark_safe(qr_svg(device)),  # segno's own markup
            "secret": secret_text(device),
        },
    )
