"""Background generation of large PDFs. Thin: take the job id, claim it, build, store."""

from __future__ import annotations

import logging

from celery import shared_task

from secor.reports import services

logger = logging.getLogger(__name__)


@shared_task(
    name="secor.reports.tasks.generate_report",
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def generate_report(job_id: int) -> str:
    """Generate the PDF of job ``job_id``. Safe to run twice: a job already claimed or finished is skipped."""
    return services.report_job_run(job_id=job_id)
