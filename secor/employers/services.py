"""Writes to employer records that are more than a plain save: creating an employer (its creator becomes its
admin) and enrolment status changes (kept in history with a note). Soft delete and restore are in
:mod:`secor.employers.restore`.

Services are keyword-only, run in one transaction, call ``full_clean()`` before saving and raise
:class:`~secor.core.exceptions.ApplicationError` for anything the user can fix.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer, Enrolment

if TYPE_CHECKING:
    from secor.accounts.models import User

# A certificate-holding status needs the certificate's dates; the engine counts maintenance from them.
_NEEDS_CERTIFICATE = (Enrolment.Status.CERTIFIED, Enrolment.Status.IN_MAINTENANCE)
# The only statuses set here: the employer's own progress before a certificate. Every other status is the
# certifying partner's decision, written by the certificate ledger (secor.certificates.services).
EMPLOYER_STATUSES = (Enrolment.Status.REGISTERED, Enrolment.Status.IN_PROGRESS)


@transaction.atomic
def employer_create(*, user: User, **fields: Any) -> Employer:
    """Create an employer and make ``user`` its admin (site staff create employers without joining them).

    Reviewers (certifying-partner staff) do not create employer records (``PermissionDenied``: a 403)."""
    from secor.accounts.models import EmployerMembership

    if getattr(user, "reviewer_partner_id", None) and not user.is_staff:
        raise PermissionDenied("Certifying-partner reviewers cannot create employers.")
    employer = Employer(**fields)
    employer.full_clean()
    employer.save()
    if not user.is_staff:
        EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    return employer


@transaction.atomic
def enrolment_set_status(
    *,
    enrolment: Enrolment,
    status: str,
    user: User | None,
    note: str = "",
    on: date | None = None,
) -> Enrolment:
    """Change an enrolment's own progress (registered / in progress); the change, who made it and ``note``
    are kept in its history. Any other status is the partner's: ``PermissionDenied`` naming who can.

    1. Lock the row (two people changing the status at once must not both read the old status).
    2. Refuse an unknown status, a no-op change, and a certificate status without issue/expiry dates.
    3. ``removed`` sets ``removed_on`` (``on`` or today) when not set yet.
    4. Save with ``_change_reason`` = the note, so the history row says why.
    """
    if status not in Enrolment.Status.values:
        raise ApplicationError(
            f"Unknown status {status!r}.", {"status": f"Choose one of {Enrolment.Status.values}."}
        )
    if status not in EMPLOYER_STATUSES or enrolment.certificates.exists():
        # Certificate statuses are the partner's decisions, recorded in the certificate ledger.
        from secor.certificates.services import who_can_change

        raise PermissionDenied(who_can_change(enrolment))
    # Race: two status changes at once; the second one waits and sees the first one's result.
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == status:
        raise ApplicationError(
            f"The enrolment is already {locked.get_status_display().lower()}.",
            {"status": "This is the current status."},
        )
    if status in _NEEDS_CERTIFICATE and not (locked.issued_on and locked.expires_on):
        raise ApplicationError(
            "Record the certificate's issue and expiry dates before marking the enrolment certified.",
            {"status": "The certificate's issued_on and expires_on are required for this status."},
        )
    locked.status = status
    if status == Enrolment.Status.REMOVED and locked.removed_on is None:
        locked.removed_on = on or timezone.localdate()
    locked.full_clean()
    locked._change_reason = (note or f"status set to {status}")[:100]
    if user is not None and getattr(user, "is_authenticated", False):
        locked._history_user = user
    locked.save()
    return locked


def enrolment_status_history(*, enrolment: Enrolment) -> list[dict[str, Any]]:
    """The enrolment's status changes, oldest first: status, when, who, note."""
    rows = enrolment.history.order_by("history_date", "history_id").select_related("history_user")
    changes: list[dict[str, Any]] = []
    previous = None
    for row in rows:
        if row.status != previous:
            changes.append(
                {
                    "status": row.status,
                    "changed_at": row.history_date,
                    "changed_by": row.history_user.email if row.history_user else None,
                    "note": row.history_change_reason or "",
                }
            )
            previous = row.status
    return changes
