"""Verified e-mail at sign-up, and rate limits on the e-mails anyone can make us send (docs/accounts.md).

- Sign-up never says whether an address has an account. A new address gets its account (waiting for
  confirmation) and a link; an address that has an account gets an e-mail telling its owner someone tried
  to sign up with it. Both answers are the same "check your e-mail" page.
- The confirmation link is signed (Django's signing, salted, 3 days) and logs the user in once.
- Sign-up, resend-confirmation and password-reset e-mails are rate-limited with django-ratelimit: per
  address (``MAILS_PER_ADDRESS``) and per client address (``MAIL_REQUESTS_PER_CLIENT``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from secor.accounts.models import User
from secor.reminders.emails import make_message

SALT = "secor.accounts.confirm-email"
SENT_SESSION_KEY = "signup_sent_to"
LINK_DAYS = 3
MAILS_PER_ADDRESS = "3/h"
MAIL_REQUESTS_PER_CLIENT = "20/h"


def _address_key(address: str):
    def key(group: str, request: HttpRequest) -> str:
        return address

    return key


def _client(group: str, request: HttpRequest) -> str:
    # REMOTE_ADDR (from a trusted proxy: secor.core.proxy); a server that sets none counts as one client.
    return request.META.get("REMOTE_ADDR") or "unknown"


def client_over_limit(request: HttpRequest, group: str) -> bool:
    """Count one mail-sending request from this client; ``True`` when over the limit."""
    return is_ratelimited(request, group=group, key=_client, rate=MAIL_REQUESTS_PER_CLIENT, increment=True)


def address_over_limit(request: HttpRequest, group: str, address: str) -> bool:
    """Count one e-mail to ``address``; ``True`` when it had enough this hour (then send nothing)."""
    address = (address or "").strip().lower()
    return is_ratelimited(
        request, group=group, key=_address_key(address), rate=MAILS_PER_ADDRESS, increment=True
    )


def confirmation_link(user: User) -> str:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)
    return settings.SITE_URL + reverse("signup-confirm", args=[token])


def user_for_link(token: str) -> User | None:
    """The user a confirmation link is for (``None``: forged, expired or for an address since changed)."""
    try:
        data: dict[str, Any] = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()


def send_confirmation(request: HttpRequest, user: User) -> None:
    if address_over_limit(request, "signup-mail", user.email):
        return
    make_message(
        "confirm-email", user.email, {"user": user, "url": confirmation_link(user), "days": LINK_DAYS}
    ).send()


def send_account_exists(request: HttpRequest, email: str) -> None:
    if address_over_limit(request, "signup-mail", email):
        return
    make_message(
        "account-exists",
        email,
        {
            "login_url": settings.SITE_URL + reverse("login"),
            "reset_url": settings.SITE_URL + reverse("password_reset"),
        },
    ).send()


def confirm(user: User) -> bool:
    """Mark the address verified; ``True`` the first time."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return True


def signup_or_notify(
    request: HttpRequest, form_data: dict[str, Any], answers: dict[str, Any], *, remember: bool = True
) -> None:
    """Sign-up's one answer: create the account and send the link, or tell the address's owner.
    ``remember``: keep the address in the session for the "send a new link" page (the API has no session)."""
    from django.db import IntegrityError

    from secor.web.signup import signup_create

    email = form_data["email"]
    if remember:
        request.session[SENT_SESSION_KEY] = email
    if User.objects.filter(email__iexact=email).exists():
        send_account_exists(request, email)
        return
    try:
        user = signup_create(form_data=form_data, answers=answers)
    except IntegrityError:  # the same address signed up a moment ago
        send_account_exists(request, email)
        return
    send_confirmation(request, user)
