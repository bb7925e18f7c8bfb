"""For tests only: a test client logged in with both factors done."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.models import User


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, made when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device


def two_factor_login(client: Client, user: User) -> Client:
    """``client.force_login(user)`` and the session verified by the user's TOTP device,
    as ``django_otp.login`` marks it after a correct code. Returns the client."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now for ``device``, as typed."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
