"""Reading users' login state."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` has enrolled a TOTP device (and may enter a code)."""
    return bool(
        user.is_authenticated
        and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
    )


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this request's session passed the second factor (django_otp's
    OTPMiddleware sets ``otp_device`` to the device that verified it, or None)."""
    return user.is_authenticated and getattr(user, "otp_device", None) is not None
