"""Celery tasks of the audits area: thin wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task

from audits import services

logger = logging.getLogger(__name__)


@shared_task(name="audits.tasks.sweep_overdue_maintenance")
def sweep_overdue_maintenance() -> dict[str, int]:
    """Daily: mark missed maintenance audits and expired certificates (idempotent, see
    :func:`audits.services.sweep_overdue`)."""
    counts = services.sweep_overdue()
    logger.info("audit schedule sweep: %s", counts)
    return counts
