"""Second-factor helpers for tests (docs/accounts.md, tests/conftest.py)."""

from __future__ import annotations

import django_otp
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from secor.accounts import mfa

# A fixed key (hex, 20 bytes) so a test can compute the code an authenticator app would show.
TEST_KEY = "3132333435363738393031323334353637383930"


def totp_device(user, key: str = TEST_KEY) -> TOTPDevice:
    """The user's confirmed authenticator-app device (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE_NAME, key=key, confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now (what ``device.verify_token`` accepts)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def verify_session(client, user) -> None:
    """Mark ``client``'s session as verified with a second factor, as ``django_otp.login`` does. Only for
    users who need one (staff, reviewers) or who set one up."""
    if not (mfa.mfa_required(user) or mfa.has_device(user)):
        return
    device = totp_device(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(mfa.PENDING_SESSION_KEY, None)
    session.save()
