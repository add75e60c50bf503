"""Reads of training records (always through :mod:`secor.tenancy`) and of the public course catalogue."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from secor import tenancy
from training.models import Course, TrainingRecord

if TYPE_CHECKING:
    from secor.accounts.models import User


def course_list() -> QuerySet[Course]:
    """The catalogue is reference data: every logged-in user may read it."""
    return Course.objects.select_related("partner")


def training_record_list_for(*, user: User) -> QuerySet[TrainingRecord]:
    """Live records of live people (a deleted person's training is hidden with them)."""
    return tenancy.scope(
        TrainingRecord.objects.select_related("person", "course").filter(person__deleted_at__isnull=True),
        user,
    )


def training_expiring_for(*, user: User, start: date, end: date) -> QuerySet[TrainingRecord]:
    """Training records the user may see that expire between ``start`` and ``end`` (inclusive)."""
    return training_record_list_for(user=user).filter(expires_on__gte=start, expires_on__lte=end)
