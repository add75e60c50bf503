"""Writes to training records beyond a plain save. The certificate upload lives with the other file
handling in :mod:`secor.core.files` (``attach_certificate``); soft delete and restore in
:mod:`secor.employers.restore`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from secor.employers.restore import soft_delete
from training.models import TrainingRecord

if TYPE_CHECKING:
    from secor.accounts.models import User


def training_record_delete(*, record: TrainingRecord, user: User) -> TrainingRecord:
    """Soft-delete (restorable; history records who and when)."""
    return soft_delete(obj=record, user=user)
