"""Report jobs: create one (and dispatch the task after commit), run one (claim, render, store, checksum)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from secor.reports import pdf
from secor.reports.models import ReportJob

logger = logging.getLogger(__name__)


@transaction.atomic
def report_job_create(*, user, kind: str, employer=None, object_id: int | None = None) -> ReportJob:
    """Record the request and queue the task once the row is committed (a worker must find it)."""
    job = ReportJob(user=user, kind=kind, employer=employer, object_id=object_id)
    job.full_clean()
    job.save()
    from secor.reports.tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(job.pk))
    return job


def report_job_for_download(*, user, pk: int) -> ReportJob:
    """The user's finished job, if they may still see what it is about (checked now, not when it was made).

    - a job about one employer (readiness) or one audit revision (audit package): the employer or revision
      must still be visible through :mod:`secor.tenancy` (a revoked consultant, a removed member: 404);
    - a portfolio summary covers every client the consultant had when it was made: once any grant of the
      consultant's firm has been revoked since then, the file is withheld (404); generating a new summary
      gives one without that client."""
    from django.http import Http404

    from secor import tenancy
    from secor.accounts.models import ConsultantAccess
    from secor.employers.models import Employer

    job = ReportJob.objects.filter(pk=pk, user=user, status=ReportJob.Status.DONE).first()
    if job is None or not job.file:
        raise Http404("No such report.")
    if job.employer_id is not None:
        tenancy.get_for_user(Employer, user, pk=job.employer_id)
    if job.kind == ReportJob.Kind.AUDIT_PACKAGE:
        from audits.models import AuditRevision

        tenancy.get_for_user(AuditRevision, user, pk=job.object_id)
    if job.kind == ReportJob.Kind.PORTFOLIO and user.consultant_firm_id:
        revoked = ConsultantAccess.objects.filter(
            firm_id=user.consultant_firm_id, revoked_at__gte=job.created_at
        ).exists()
        if revoked:
            raise Http404("This summary includes a client you no longer have access to.")
    return job


def _set_progress(job_id: int, value: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(progress=value)


def _build(job: ReportJob) -> tuple[str, dict]:
    """(template, context) for the job, fetched through the tenancy layer as the requesting user."""
    from secor import tenancy
    from secor.employers.models import Employer

    user = job.user
    if job.kind == ReportJob.Kind.PORTFOLIO:
        return "pdf/portfolio.html", pdf.portfolio_context(user, progress=lambda v: _set_progress(job.pk, v))
    if job.kind == ReportJob.Kind.READINESS:
        employer = tenancy.get_for_user(Employer, user, pk=job.employer_id)
        return "pdf/readiness.html", pdf.readiness_context(employer, user=user)
    if job.kind == ReportJob.Kind.AUDIT_PACKAGE:
        from audits.models import AuditRevision

        revision = tenancy.get_for_user(
            AuditRevision.objects.select_related("audit__employer"), user, pk=job.object_id
        )
        return "pdf/audit_package.html", pdf.audit_package_context(revision)
    raise ValueError(f"unknown report kind {job.kind!r}")


def report_job_run(*, job_id: int) -> str:
    """1. Claim the job with a conditional UPDATE (pending -> running); if another run claimed it, or it is
    done, stop: running twice never renders twice. 2. Build and render. 3. Store the file and its SHA-256
    and mark it done; on an error mark it failed with a short message (the user sees it)."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.PENDING).update(
        status=ReportJob.Status.RUNNING, progress=10
    )
    if claimed != 1:
        logger.info("report job %s already claimed or finished; skipping", job_id)
        return "skipped"
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    try:
        template, context = _build(job)
        _set_progress(job.pk, 70)
        data = pdf.render_pdf(template, context)
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:500],
            finished_at=timezone.now(),
        )
        return "failed"
    job.file.save(job.filename, ContentFile(data), save=False)
    ReportJob.objects.filter(pk=job_id).update(
        file=job.file.name,
        sha256=pdf.sha256(data),
        status=ReportJob.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    return "done"
