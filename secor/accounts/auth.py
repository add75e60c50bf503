"""Log-in protection around Django's e-mail + password check (docs/accounts.md).

- :class:`LockoutBackend`: django-axes' lock-out check, first in ``AUTHENTICATION_BACKENDS``. After
  ``AXES_FAILURE_LIMIT`` failed log-ins for one e-mail address, or from one client address, every further
  try is refused for ``AXES_COOLOFF_TIME`` (the right password included), on the log-in page and on
  ``POST /api/auth/token/`` alike. Every log-in and failed log-in is kept (admin: "Axes").
- :func:`lockout_response`: what a locked-out client sees: a page, or JSON on the API, both 429.
- :class:`AccountBackend`: Django's e-mail + password check; reading the signed-in user (on every page)
  also counts their unread notices, for the navigation, in the same query.
- API tokens are django-rest-knox tokens (hashed at rest, expiring); :func:`end_tokens` deletes a user's
  tokens, called on log-out and on a password change.
"""

from __future__ import annotations

import functools
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from secor.core.prepared import PreparedQuery

LOCKED_OUT_MESSAGE = (
    "Too many failed log-ins: log-in is locked for {minutes} minutes for this e-mail address and from this "
    "network. Wait, then try again, or reset your password."
)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check. Django's own test client logs in without a request (``Client.login``), which axes
    refuses outright; every HTTP log-in path passes its request, so only that case is let through here."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[override]
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# The session's record of the backend that logged the user in (``django.contrib.auth.login(backend=…)``).
BACKEND = "secor.accounts.auth.AccountBackend"
UNREAD = "unread_notices"  # the attribute the count is read into (secor.web.templatetags.web.unread_count)


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``, whose ``get_user`` (the signed-in user, read at every request) also counts
    the user's unread notices in a subquery: one round trip to the database instead of two on every page
    with the navigation. Its SQL is compiled once per process (:mod:`secor.core.prepared`): building and
    compiling the ORM query cost more than running it. The row becomes a user as the ORM makes one
    (``Model.from_db``). The count is read at the start of the request; code that marks notices read forgets
    it (:func:`forget_unread`), so a page never shows a count older than its own changes."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model
        from django.core.exceptions import ValidationError

        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        rows = _USER.rows("user", [pk])
        if not rows:
            return None
        *values, unread = rows[0]
        user = model.from_db(_USER.compiled("user").alias, _user_attnames(), values)
        setattr(user, UNREAD, unread)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_attnames() -> tuple[str, ...]:
    """The user's columns in the model's order (what ``Model.from_db`` expects): worked out once."""
    from django.contrib.auth import get_user_model

    return tuple(f.attname for f in get_user_model()._meta.concrete_fields)


def _user_query(_context: Any, user_marker: int) -> Any:
    from django.contrib.auth import get_user_model
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from secor.reminders.models import Notification

    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    count = Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    return (
        get_user_model()
        ._default_manager.filter(pk=user_marker)
        .annotate(**{UNREAD: count})
        .values_list(*_user_attnames(), UNREAD)
    )


_USER = PreparedQuery(_user_query, nargs=1)


def forget_unread(user: Any) -> None:
    """The user's unread count, read with the user, is out of date: the navigation counts again."""
    target = getattr(user, "_wrapped", user)  # request.user is a lazy wrapper around the user
    if hasattr(target, "__dict__"):
        target.__dict__.pop(UNREAD, None)


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail address tried, as log-in compares it (case and surrounding spaces ignored), so
    ``Admin@…`` and ``admin@…`` count against the same account."""
    value = (credentials or {}).get("username")
    if value is None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("email") or ""
    return str(value).strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The client address as Django sees it (``REMOTE_ADDR``): never a header the client can set itself."""
    return request.META.get("REMOTE_ADDR")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return LOCKED_OUT_MESSAGE.format(minutes=lockout_minutes())


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "minutes": lockout_minutes()},
        status=status,
    )


def is_locked_out(request: Any) -> bool:
    """Whether axes flagged this request (a DRF ``Request`` or the Django request inside it)."""
    inner = getattr(request, "_request", None)
    return bool(getattr(request, "axes_locked_out", False) or getattr(inner, "axes_locked_out", False))


def end_tokens(user: Any) -> int:
    """Delete every API token of ``user``; answers how many."""
    from knox.models import AuthToken

    if user is None or getattr(user, "pk", None) is None:
        return 0
    deleted, _ = AuthToken.objects.filter(user_id=user.pk).delete()
    return deleted


@receiver(user_logged_out, dispatch_uid="accounts-end-tokens-on-logout")
def _end_tokens_on_logout(sender, request, user, **kwargs):
    """Logging out of the site ends the user's API tokens too (docs/accounts.md)."""
    end_tokens(user)
