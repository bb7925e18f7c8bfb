"""The second factor for every page: a session that has the password but not yet the code
goes to the second step first (docs/login.md)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from regie.accounts.selectors import has_confirmed_device, is_verified

#: URL names a session may open before its second factor: logging in and out, and the
#: second step itself.
OPEN_URL_NAMES = (
    "login",
    "logout",
    "second_factor",
    "second_factor_enrol",
    "oidc_authentication_init",
    "oidc_authentication_callback",
)
#: Path prefixes that are not the web application's pages: the API (bearer tokens, no
#: session) and the static files.
OPEN_PREFIXES = ("/api/",)


def open_paths() -> frozenset[str]:
    paths = set()
    for name in OPEN_URL_NAMES:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:  # the OpenID Connect routes exist only when it is on
            continue
    return frozenset(paths)


def is_open(path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path in open_paths() or path.startswith((*OPEN_PREFIXES, static))


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: an authenticated user whose session is not
    verified by a TOTP device is sent to the code page (or, without a confirmed device,
    to the enrolment page), with the page they asked for as ``next``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not is_verified(user) and not is_open(request.path_info):
            step = "second_factor" if has_confirmed_device(user) else "second_factor_enrol"
            target = reverse(step)
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)
