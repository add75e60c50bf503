"""The one place that decides where a ``next`` (or any user-supplied) redirect may go.

Every view that redirects to a target it did not build itself calls :func:`safe_redirect_target` (or
:func:`safe_redirect`): the target must stay on this site (Django's ``url_has_allowed_host_and_scheme``
against the request's host and ``SITE_URL``'s host, https only when the request is https); anything else,
``https://evil.example/phish``, ``//evil.example``, ``/\\evil.example``, ``javascript:…``, falls back to the
view's default. The log-in page uses Django's ``LoginView``, which applies the same check."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def allowed_hosts(request: HttpRequest) -> set[str]:
    hosts = {request.get_host()}
    site_host = urlsplit(getattr(settings, "SITE_URL", "")).netloc
    if site_host:
        hosts.add(site_host)
    return hosts


def is_safe_target(request: HttpRequest, target: str | None) -> bool:
    """True if ``target`` stays on this site."""
    if not target:
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts=allowed_hosts(request), require_https=request.is_secure()
    )


def safe_redirect_target(request: HttpRequest, target: str | None, default: str) -> str:
    """``target`` if it stays on this site, else ``default`` (a URL or a URL name, resolved)."""
    if is_safe_target(request, target):
        return str(target)
    return resolve_url(default) if default else ""


def safe_next(request: HttpRequest, default: str, *, field: str = "next") -> str:
    """The request's ``next`` (form field first, then query string) if safe, else ``default``."""
    target = request.POST.get(field) or request.GET.get(field)
    return safe_redirect_target(request, target, default)


def safe_redirect(request: HttpRequest, target: str | None, default: str) -> HttpResponseRedirect:
    return redirect(safe_redirect_target(request, target, default))
