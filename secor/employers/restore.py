"""Soft delete and restore of employers, people and training records.

Deleting sets ``deleted_at`` (the row and its history stay); restoring clears it. Both are saved through the
model so django-simple-history records who did it and when, with the reason "deleted" / "restored".

Who may restore: site staff and the employer's admins (:func:`secor.tenancy.is_employer_admin`). Deleted rows
are invisible to the normal scope, so these services look them up with ``include_deleted=True`` and apply the
same rule as everywhere else: a user who cannot see the employer at all gets a 404, a user who can see it but
is not an admin gets a 403.

A child cannot come back before its parent: restoring a person of a deleted employer, or a training record of
a deleted person, is refused with a message saying what to restore first.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from secor import tenancy
from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer, Person

KINDS = ("employers", "people", "training-records")


def _models() -> dict[str, type[Model]]:
    from training.models import TrainingRecord

    return {"employers": Employer, "people": Person, "training-records": TrainingRecord}


def model_for(kind: str) -> type[Model]:
    try:
        return _models()[kind]
    except KeyError:
        raise Http404(f"Unknown kind {kind!r}") from None


def _employer_id(obj: Model) -> int:
    if isinstance(obj, Employer):
        return obj.pk
    if isinstance(obj, Person):
        return obj.employer_id
    return obj.person.employer_id  # type: ignore[attr-defined]


def get_deleted_for_admin(model: type[Model], user, pk: int) -> Model:
    """Fetch a (possibly deleted) employer, person or training record that ``user`` may restore.

    404 when the user cannot see its employer (for an employer: is not its member, consultant or staff);
    403 when they can see it but are not an employer admin or staff."""
    if model is Employer:
        obj = Employer.objects.filter(pk=pk).first()
        if obj is None:
            raise Http404("No employer matches the given query.")
        if not tenancy.is_employer_admin(user, obj.pk):
            # A deleted employer is invisible to everyone but staff and its own admins.
            if obj.deleted_at is None and tenancy.scope(Employer.objects.filter(pk=pk), user).exists():
                raise PermissionDenied("Only the employer's admins and site staff can restore records.")
            raise Http404("No employer matches the given query.")
        return obj
    queryset: QuerySet = tenancy.scope(model._default_manager.all(), user, include_deleted=True)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No {model._meta.verbose_name} matches the given query.")
    if not tenancy.is_employer_admin(user, _employer_id(obj)):
        raise PermissionDenied("Only the employer's admins and site staff can restore records.")
    return obj


@transaction.atomic
def soft_delete(*, obj: Model, user) -> Model:
    """Mark ``obj`` deleted (idempotent) and record who did it."""
    if obj.deleted_at is None:  # type: ignore[attr-defined]
        obj.deleted_at = timezone.now()  # type: ignore[attr-defined]
        obj._history_user = user  # type: ignore[attr-defined]
        obj._change_reason = "deleted"  # type: ignore[attr-defined]
        obj.save(update_fields=["deleted_at"])
    return obj


@transaction.atomic
def restore(*, obj: Model, user) -> Model:
    """Bring a soft-deleted employer, person or training record back, with a history entry "restored".

    Refuses (``ApplicationError``) when the row is not deleted, or when its parent is still deleted."""
    # Lock the row: two restores at once would both see it deleted and write two history entries.
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if obj.deleted_at is None:  # type: ignore[attr-defined]
        raise ApplicationError(f"{obj} is not deleted; there is nothing to restore.")
    if isinstance(obj, Person) and obj.employer.deleted_at is not None:
        raise ApplicationError(f"The employer {obj.employer} is deleted; restore the employer first.")
    if not isinstance(obj, Employer | Person):
        person = obj.person  # type: ignore[attr-defined]
        if person.deleted_at is not None:
            raise ApplicationError(f"{person.full_name} is deleted; restore the person first.")
        if person.employer.deleted_at is not None:
            raise ApplicationError(f"The employer {person.employer} is deleted; restore the employer first.")
    obj.deleted_at = None  # type: ignore[attr-defined]
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = "restored"  # type: ignore[attr-defined]
    obj.save(update_fields=["deleted_at"])
    return obj


def deleted_for_employer(*, employer: Employer) -> dict[str, QuerySet]:
    """The employer's deleted people and training records (training of deleted people included)."""
    from training.models import TrainingRecord

    return {
        "people": Person.objects.filter(employer=employer, deleted_at__isnull=False).order_by("-deleted_at"),
        "training_records": TrainingRecord.objects.filter(person__employer=employer, deleted_at__isnull=False)
        .select_related("person", "course")
        .order_by("-deleted_at"),
    }


def deleted_employers_for(*, user) -> QuerySet:
    """Deleted employers the user may restore: all for staff, else those the user is an admin of."""
    from secor.accounts.models import EmployerMembership

    qs = Employer.objects.filter(deleted_at__isnull=False).order_by("-deleted_at")
    if user.is_staff:
        return qs
    return qs.filter(
        pk__in=EmployerMembership.objects.filter(user_id=user.pk, role=EmployerMembership.Role.ADMIN).values(
            "employer_id"
        )
    )


def history_of(obj: Model) -> list[dict]:
    """The object's history, newest first: when, who, type (+ created, ~ changed, - removed) and reason."""
    return [
        {
            "at": h.history_date.isoformat(),
            "user": getattr(h.history_user, "email", None),
            "type": h.history_type,
            "reason": h.history_change_reason or "",
            "deleted": h.deleted_at is not None,
        }
        for h in obj.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    ]
