"""Second factor (django-otp): TOTP authenticator apps plus single-use recovery codes (docs/accounts.md).

- **Required** for site staff and certifying-partner reviewers (:func:`mfa_required`): until they have
  set up an authenticator app and entered a code in this session, every page sends them to set-up or to
  the code step and every API call by session answers 403; the token endpoint wants a code too.
- **Offered** to everyone else from the "Log-in and security" page; once set up, it is asked at every
  log-in the same way.
- A session is verified the way django-otp does it: ``django_otp.login(request, device)`` stores the
  device's persistent id in the session (``DEVICE_ID_SESSION_KEY``) and ``OTPMiddleware`` turns it back
  into ``request.user.is_verified()``. Tests do the same through the helper in ``tests/conftest.py``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_SESSION_KEY = "mfa_pending"
RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_DEVICE_NAME = "Authenticator app"

# Paths an authenticated but not yet verified user may still open.
_EXEMPT_PREFIXES = (
    "/accounts/mfa/",
    "/accounts/logout/",
    "/accounts/login/",
    "/static/",
    "/healthz",
    "/api/auth/token/",
)


def mfa_required(user: Any) -> bool:
    """Staff and partner reviewers must use a second factor."""
    return bool(getattr(user, "is_staff", False) or getattr(user, "reviewer_partner_id", None))


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def is_verified(request: HttpRequest) -> bool:
    user = request.user
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def verify_code(user: Any, code: str) -> Any:
    """The device (authenticator app or a recovery code) that accepts ``code``, else ``None``. A recovery
    code is used up. django-otp throttles repeated wrong codes per device."""
    code = "".join((code or "").split())
    if not code:
        return None
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user_id=user.pk, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                return device
    return None


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODES`` new ones and answer them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def mark_verified(request: HttpRequest, device: Any) -> None:
    """Verify this session with ``device`` (django-otp's own way)."""
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="mfa-pending-on-login")
def _remember_pending(sender, request, user, **kwargs):
    """After the password: someone who set up a second factor (not required of them) still owes the code.
    Kept in the session so later requests need no device query."""
    if request is None or not hasattr(request, "session"):
        return
    if not mfa_required(user) and has_device(user):
        request.session[PENDING_SESSION_KEY] = True


class RequireSecondFactorMiddleware:
    """After ``OTPMiddleware``: hold back users who owe a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = self.hold(request)
        return answer if answer is not None else self.get_response(request)

    def hold(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_EXEMPT_PREFIXES):
            return None
        owes = mfa_required(user) or request.session.get(PENDING_SESSION_KEY)
        if not owes or is_verified(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": "A second factor is required: finish log-in with your authenticator app on the "
                    "site, or use a token from POST /api/auth/token/ with your code."
                },
                status=403,
            )
        target = "mfa-verify" if has_device(user) else "mfa-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
