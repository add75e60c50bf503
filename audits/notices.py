"""Notices of the review loop: who is told what, in-app and by e-mail (through
:func:`secor.reminders.notices.notify`, which respects digests and mutes).

- corrections requested (with the reviewer's message and the date to answer by): the employer's contacts and
  consultants with access; kind ``review_corrections``; link to the audit page;
- accepted (no certificate change), rejected: the same people; ``review_decision``; the audit page;
- accepted and a certificate issued or renewed: the same people; ``certificate_issued``; the audit page;
- submitted, resubmitted, withdrawn: the assigned reviewer, or every reviewer of the partner when none is
  assigned; ``review_submission``; the review page;
- assigned or reassigned: the reviewer assigned (not when they took it themselves); ``review_assignment``;
  the review page.

"Employer contacts" are the members with *receives reminders* and the users of consultant firms holding an
active grant: the same people the deadline reminders go to (:func:`secor.reminders.services.recipients_for`).
The one who acted is never told of their own action. Each notice's ``event_key`` is the audit transition it
reports, so a notice exists at most once per person and event.
"""

from __future__ import annotations

from django.urls import reverse

from audits.models import Audit, AuditTransition
from secor.reminders.notices import notify
from secor.reminders.services import recipients_for


def _name(audit: Audit) -> str:
    return audit.employer.display_name


def _what(audit: Audit) -> str:
    return f"{audit.get_kind_display().lower()} audit"


def _employer_people(audit: Audit, actor) -> set[int]:
    ids = set(recipients_for([audit.employer_id]).get(audit.employer_id, set()))
    ids.discard(getattr(actor, "pk", None))
    return ids


def _reviewers(audit: Audit, actor) -> set[int]:
    from secor.accounts.models import User

    if audit.assigned_reviewer_id:
        ids = {audit.assigned_reviewer_id}
    else:
        ids = set(
            User.objects.filter(reviewer_partner_id=audit.partner_id, is_active=True).values_list(
                "pk", flat=True
            )
        )
    ids.discard(getattr(actor, "pk", None))
    return ids


def _key(t: AuditTransition) -> str:
    return f"audit-transition:{t.pk}"


def _employer_url(audit: Audit) -> str:
    return reverse("audits:detail", args=[audit.pk])


def _review_url(audit: Audit) -> str:
    return reverse("audits:review", args=[audit.pk])


def corrections_requested(audit: Audit, t: AuditTransition, *, actionable: int) -> None:
    number = t.revision.number if t.revision else audit.revision_count
    parts = [
        f"{audit.partner.name} sent revision {number} of your {_what(audit)} back for corrections.",
    ]
    message = (t.detail or {}).get("message") or ""
    if message:
        parts.append(f"Message from the reviewer: {message}")
    if audit.corrections_due_on:
        parts.append(f"Answer by: {audit.corrections_due_on:%A %-d %B %Y}.")
    parts.append(
        f"Answer the reviewer's {actionable} actionable note{'s' if actionable != 1 else ''}, correct the "
        "audit and resubmit it from the audit page."
    )
    notify(
        user_ids=_employer_people(audit, t.actor),
        kind="review_corrections",
        title=f"Corrections requested – {_name(audit)}",
        body="\n\n".join(parts),
        url=_employer_url(audit),
        event_key=_key(t),
        employer_id=audit.employer_id,
    )


def rejected(audit: Audit, t: AuditTransition) -> None:
    reason = (t.detail or {}).get("reason") or ""
    parts = [f"{audit.partner.name} rejected the {_what(audit)}. It is closed; no certificate changed."]
    if reason:
        parts.append(f"Reason given by the reviewer: {reason}")
    notify(
        user_ids=_employer_people(audit, t.actor),
        kind="review_decision",
        title=f"Audit rejected – {_name(audit)}",
        body="\n\n".join(parts),
        url=_employer_url(audit),
        event_key=_key(t),
        employer_id=audit.employer_id,
    )


def accepted(audit: Audit, t: AuditTransition, certificate: AuditTransition | None) -> None:
    number = t.revision.number if t.revision else audit.revision_count
    parts = [f"{audit.partner.name} accepted revision {number} of the {_what(audit)}."]
    if audit.outcome_verdict:
        parts.append(f"Outcome: {audit.outcome_verdict}")
    if certificate is not None:
        d = certificate.detail or {}
        renewed = certificate.action == AuditTransition.Action.CERTIFICATE_RENEWED
        parts.append(
            f"Certificate {d.get('certificate_number', '')} {'renewed' if renewed else 'issued'} on "
            f"{d.get('issued_on', '')}; it expires on {d.get('expires_on', '')}. The maintenance audits "
            "it needs are on your dashboard."
        )
        title = f"Certificate {'renewed' if renewed else 'issued'} – {_name(audit)}"
        kind, key = "certificate_issued", _key(certificate)
    else:
        title, kind, key = f"Audit accepted – {_name(audit)}", "review_decision", _key(t)
    notify(
        user_ids=_employer_people(audit, t.actor),
        kind=kind,
        title=title,
        body="\n\n".join(parts),
        url=_employer_url(audit),
        event_key=key,
        employer_id=audit.employer_id,
    )


def submitted(audit: Audit, t: AuditTransition) -> None:
    number = t.revision.number if t.revision else audit.revision_count
    resubmitted = number > 1
    parts = [
        f"{_name(audit)} {'resubmitted' if resubmitted else 'submitted'} its {_what(audit)} "
        f"(revision {number}) to {audit.partner.name}."
    ]
    if audit.review_due_on:
        parts.append(f"Review due by {audit.review_due_on:%A %-d %B %Y}.")
    notify(
        user_ids=_reviewers(audit, t.actor),
        kind="review_submission",
        title=f"{'Resubmitted' if resubmitted else 'New submission'} – {_name(audit)}",
        body="\n\n".join(parts),
        url=_review_url(audit),
        event_key=_key(t),
    )


def withdrawn(audit: Audit, t: AuditTransition) -> None:
    reason = (t.detail or {}).get("reason") or ""
    parts = [f"{_name(audit)} withdrew its {_what(audit)} before review; it is a draft again."]
    if reason:
        parts.append(f"Reason: {reason}")
    notify(
        user_ids=_reviewers(audit, t.actor),
        kind="review_submission",
        title=f"Submission withdrawn – {_name(audit)}",
        body="\n\n".join(parts),
        url=_review_url(audit),
        event_key=_key(t),
    )


def assigned(audit: Audit, t: AuditTransition, reviewer) -> None:
    by = getattr(t.actor, "display_name", "") or "A colleague"
    notify(
        user_ids={reviewer.pk} - {getattr(t.actor, "pk", None)},
        kind="review_assignment",
        title=f"Audit assigned to you – {_name(audit)}",
        body=f"{by} assigned the {_what(audit)} of {_name(audit)} (revision {audit.revision_count}) to you.",
        url=_review_url(audit),
        event_key=_key(t),
    )
