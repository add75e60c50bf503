"""Celery task: recompute stored statuses (queued by :func:`secor.status.services.request_recompute`)."""

from __future__ import annotations

from celery import shared_task

from secor.status import services


@shared_task(name="secor.status.tasks.recompute_statuses", acks_late=True, max_retries=3)
def recompute_statuses(employer_ids: list[int]) -> int:
    """Recompute these employers' rows; those another run already made current are skipped."""
    from django.utils import timezone

    ids = services.stale_ids(employer_ids, timezone.localdate())
    for start in range(0, len(ids), 200):
        services.recompute(ids[start : start + 200])
    return len(ids)
