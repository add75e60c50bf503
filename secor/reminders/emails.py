"""E-mail messages built from templates (healthchecks ``hc/lib/emails.py`` style).

Every e-mail ``name`` has three templates under ``templates/emails/``: ``<name>-subject.txt``,
``<name>-body-text.txt`` and ``<name>-body-html.html``. :func:`make_message` renders all three into one
multipart message; the caller sends it (so the caller decides about retries).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def make_message(
    name: str, to: str, ctx: dict[str, Any], *, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """``headers``: extra headers, e.g. ``List-Unsubscribe`` (:mod:`secor.reminders.unsubscribe`)."""
    ctx = {"SITE_NAME": "SECOR Tracker", "SITE_URL": settings.SITE_URL, **ctx}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body-text.txt", ctx)
    html = render_to_string(f"emails/{name}-body-html.html", ctx)
    msg = EmailMultiAlternatives(
        subject, text, to=[to], headers={"Auto-Submitted": "auto-generated", **(headers or {})}
    )
    msg.attach_alternative(html, "text/html")
    return msg
