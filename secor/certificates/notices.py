"""Certificate status changes reach the employer's users (those who receive reminders) and its consultants:
an in-app notice and an e-mail with a link to the certificate page, once per ledger event."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from provinces.certificates import EVENT_LABELS, EventKind
from secor.certificates.models import CertificateEvent

# A missed maintenance audit is told by its consequence (cancelled / lapsed), recorded with it; what an
# accepted audit changes is told by the review decision's own notice.
SILENT = {EventKind.MAINTENANCE_MISSED}


def _body(event: CertificateEvent) -> str:
    partner = event.enrolment.partner.name
    number = event.certificate.number if event.certificate_id else ""
    kind = EventKind(event.kind)
    if kind in (EventKind.ISSUED, EventKind.RENEWED):
        verb = "renewed" if kind is EventKind.RENEWED else "issued"
        return (
            f"{partner} {verb} certificate {number}: valid from {event.issued_on:%Y-%m-%d} to "
            f"{event.expires_on:%Y-%m-%d}."
        )
    return f"{EVENT_LABELS[kind]} on {event.effective_on:%Y-%m-%d} ({partner}). {event.reason}"


def notify_event(event: CertificateEvent) -> int:
    from secor.certificates.tasks import send_certificate_notice
    from secor.reminders.models import Notification
    from secor.reminders.services import recipients_for

    kind = EventKind(event.kind)
    if kind in SILENT or event.decided_as == CertificateEvent.Decider.AUDIT:
        # An accepted audit's outcome is told by the review decision's notice (audits.notices).
        return 0
    employer = event.enrolment.employer
    users = sorted(recipients_for([employer.pk]).get(employer.pk, set()))
    if not users:
        return 0
    url = reverse("certificates:ledger", args=[employer.pk])
    title = f"{employer.display_name}: {EVENT_LABELS[kind].lower()}"
    body = _body(event)
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=u,
                employer_id=employer.pk,
                kind=f"certificate_{kind.value}",
                title=title[:300],
                body=body,
                url=url,
            )
            for u in users
        ]
    )
    for u in users:
        send_certificate_notice.delay(event.pk, u)
    return len(users)


def deliver(event_id: int, user_id: int) -> str:
    from secor.accounts.models import User
    from secor.reminders.emails import make_message

    event = CertificateEvent.objects.select_related(
        "enrolment__employer", "enrolment__partner", "certificate"
    ).get(pk=event_id)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "skipped"
    employer = event.enrolment.employer
    make_message(
        "certificate",
        user.email,
        {
            "user": user,
            "employer": employer,
            "event": event,
            "label": EVENT_LABELS[EventKind(event.kind)],
            "body": _body(event),
            "url": settings.SITE_URL + reverse("certificates:ledger", args=[employer.pk]),
        },
    ).send()
    return "sent"
