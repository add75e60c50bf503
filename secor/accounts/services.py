"""Employer admins' operations on who may act for their employer: consultant access grants and members.

Callers check :func:`secor.tenancy.is_employer_admin` first (the API does); these services enforce the
invariants: one active grant per firm, revoking keeps the row (the audit trail, with its history), and an
employer always keeps at least one admin.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from secor.accounts.models import ConsultantAccess, ConsultantFirm, EmployerMembership, User
from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer


def _by(obj, user: User | None) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


@transaction.atomic
def consultant_access_grant(
    *, employer: Employer, firm: ConsultantFirm, granted_by: User | None
) -> ConsultantAccess:
    """Grant ``firm`` access to ``employer``. Granting again while a grant is active is refused."""
    # Race: two admins granting at once; the partial unique constraint stops the second, the lock makes the
    # check below see the first.
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    if ConsultantAccess.objects.filter(employer=employer, firm=firm, revoked_at__isnull=True).exists():
        raise ApplicationError(
            f"{firm} already has access to {employer}.", {"firm": "Access is already granted."}
        )
    grant = ConsultantAccess(employer=employer, firm=firm, granted_by=granted_by, granted_at=timezone.now())
    _by(grant, granted_by)
    grant.full_clean(validate_constraints=False)
    grant.save()
    return grant


@transaction.atomic
def consultant_access_revoke(*, grant: ConsultantAccess, revoked_by: User | None) -> ConsultantAccess:
    """Revoke an active grant. The row stays (with its history) as the audit trail."""
    # Race: a double click; only one revocation is recorded.
    locked = ConsultantAccess.objects.select_for_update().get(pk=grant.pk)
    if locked.revoked_at is not None:
        raise ApplicationError("This access was already revoked.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    _by(locked, revoked_by)
    locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def _admin_count(employer: Employer) -> int:
    return EmployerMembership.objects.filter(employer=employer, role=EmployerMembership.Role.ADMIN).count()


@transaction.atomic
def member_update(
    *,
    membership: EmployerMembership,
    updated_by: User | None,
    role: str | None = None,
    receives_reminders: bool | None = None,
) -> EmployerMembership:
    """Change a member's role or reminder setting. The last admin cannot be demoted."""
    # Race: two admins demoting each other at once; lock the employer's memberships first.
    list(EmployerMembership.objects.select_for_update().filter(employer_id=membership.employer_id))
    membership.refresh_from_db()
    if role is not None:
        if role not in EmployerMembership.Role.values:
            raise ApplicationError(
                f"Unknown role {role!r}.", {"role": f"Choose one of {EmployerMembership.Role.values}."}
            )
        if (
            membership.role == EmployerMembership.Role.ADMIN
            and role != EmployerMembership.Role.ADMIN
            and _admin_count(membership.employer) == 1
        ):
            raise ApplicationError(
                "An employer needs at least one admin.", {"role": "This is the last admin."}
            )
        membership.role = role
    if receives_reminders is not None:
        membership.receives_reminders = receives_reminders
    _by(membership, updated_by)
    membership.save()
    return membership


@transaction.atomic
def member_remove(*, membership: EmployerMembership, removed_by: User | None) -> None:
    """Remove a member. The last admin cannot be removed."""
    list(EmployerMembership.objects.select_for_update().filter(employer_id=membership.employer_id))
    if membership.role == EmployerMembership.Role.ADMIN and _admin_count(membership.employer) == 1:
        raise ApplicationError("An employer needs at least one admin; this is the last one.")
    _by(membership, removed_by)
    membership.delete()
