"""Template helpers for the pages: navigation, status marks, countdowns, links to other areas' pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from secor.core import labels
from secor.core.prepared import PreparedQuery
from secor.web.current import current_employer

register = template.Library()


@dataclass
class Nav:
    items: list[dict] = field(default_factory=list)
    employer: object | None = None


_ARGLESS: dict[tuple[str, str | None, str], str | None] = {}


def url_or_none(name: str, *args) -> str | None:
    """The named URL, or None when no such page exists. A name without arguments is reversed once per URL
    configuration and script prefix (the navigation asks for about ten on every page)."""
    key = None
    if not args:
        key = (name, get_urlconf(), get_script_prefix())
        if key in _ARGLESS:
            return _ARGLESS[key]
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        url = None
    if key is not None:
        _ARGLESS[key] = url
    return url


@receiver(setting_changed)
def _forget_urls(**kwargs) -> None:  # tests that change ROOT_URLCONF
    _ARGLESS.clear()


@register.simple_tag
def url_or(name: str, fallback: str, *args) -> str:
    """``{% url_or 'audits:workspace' '/audits/' %}``: the named URL when that page exists, else the fallback
    path (other areas are built in parallel; a missing page must not break this one)."""
    return url_or_none(name, *args) or fallback


@register.simple_tag(takes_context=True)
def main_nav(context) -> Nav:
    request = context.get("request")
    nav = Nav()
    if request is None or not request.user.is_authenticated:
        return nav
    user = request.user
    employer = current_employer(request)
    nav.employer = employer
    items: list[tuple[str, str | None]] = []
    if user.is_consultant:
        items.append(("Clients", url_or_none("web:portfolio")))
        items.append(("Template library", url_or_none("program:library")))
    elif user.is_staff or user.is_reviewer:  # the same list: every employer they may see
        items.append(("Employers", url_or_none("web:portfolio")))
    if user.is_reviewer or user.is_staff:
        items.append(("Review queue", url_or_none("audits:review-queue")))
    if employer is not None:
        items += [
            ("Dashboard", url_or_none("web:dashboard")),
            ("People & training", url_or_none("web:people")),
            ("Accounts", url_or_none("web:accounts")),
            ("Safety program", url_or_none("program:overview")),
            ("Audits", url_or_none("audits:workspace") or url_or_none("audits:list")),
        ]
        if not user.is_reviewer:
            items.append(("Team", url_or_none("team")))
        from secor import tenancy

        # Pages that already know whether the user may write (the dashboard) spare the nav the query.
        can_write = context.get("can_write")
        if can_write is None:
            can_write = tenancy.can_write_employer(user, employer.pk)
        if can_write:
            items.append(("Import", url_or_none("web:import")))
    notifications = url_or_none("reminders:notifications")
    if notifications:
        unread = getattr(request, "_unread_notifications", None)  # counted by the page (the dashboard)
        if unread is None:
            unread = unread_count(user)
        items.append((f"Notifications ({unread} unread)" if unread else "Notifications", notifications))
    if user.is_staff:
        items.append(("Admin", url_or_none("admin:index")))
    path = request.path
    nav.items = [
        {"label": label, "url": url, "active": url != "/" and path.startswith(url)}
        for label, url in items
        if url
    ]
    return nav


def _unread_query(_context, user_marker: int):
    from django.db.models import Count

    from secor.reminders.models import Notification

    return (
        Notification.objects.filter(user_id=user_marker, read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


_UNREAD = PreparedQuery(_unread_query, nargs=1)


def unread_count(user) -> int:
    """The user's unread notices (every page's navigation): read with the user at the start of the request
    (:class:`secor.accounts.auth.AccountBackend`), else counted here, its SQL compiled once
    (:mod:`secor.core.prepared`)."""
    from secor.accounts.auth import UNREAD

    known = getattr(user, UNREAD, None)
    if known is not None:
        return int(known)
    rows = _UNREAD.rows("unread", [user.pk])
    return int(rows[0][0]) if rows else 0


@register.filter
def days_until(day: date | None) -> int | None:
    if day is None:
        return None
    return (day - timezone.localdate()).days


@register.filter
def countdown(day: date | None) -> str:
    """Plain words: "in 12 days", "today", "3 days ago"."""
    days = days_until(day)
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    if days == -1:
        return "yesterday"
    return f"{-days} days ago"


@register.filter
def rag_label(rag: str) -> str:
    return labels.label(rag)


@register.filter
def humanize_code(value: str) -> str:
    """Kept for old templates: the one label helper (:func:`secor.core.labels.label`)."""
    return labels.label(value)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None
