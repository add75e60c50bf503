"""Download buttons for the PDFs. Small ones (readiness report, status letter) render in the request;
large ones (portfolio summary, audit package) are a job: POST creates it, the status page polls with htmx
until the file is ready, then offers the download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from secor import tenancy
from secor.core.files import serve_bytes, serve_file
from secor.reports import pdf
from secor.reports.models import ReportJob
from secor.reports.services import report_job_create, report_job_for_download
from secor.web.views import employer_required


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return serve_bytes(data, download_name=filename, content_type="application/pdf")


@employer_required
def readiness(request: HttpRequest, employer) -> HttpResponse:
    context = pdf.readiness_context(employer, user=request.user)
    if context.get("evaluation") is None:
        raise Http404("This employer is not enrolled with a certifying partner yet.")
    data = pdf.render_pdf("pdf/readiness.html", context)
    return pdf_response(data, f"readiness-{slugify(employer.display_name)}-{context['as_of']:%Y-%m-%d}.pdf")


@employer_required
def status_letter(request: HttpRequest, employer) -> HttpResponse:
    context = pdf.status_letter_context(employer, user=request.user)
    if context.get("enrolment") is None:
        raise Http404("This employer is not enrolled with a certifying partner yet.")
    data = pdf.render_pdf("pdf/status_letter.html", context)
    return pdf_response(
        data, f"secor-status-{slugify(employer.display_name)}-{context['as_of']:%Y-%m-%d}.pdf"
    )


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """GET: a page with the "generate" button; POST: start the job."""
    if request.method == "POST":
        job = report_job_create(user=request.user, kind=ReportJob.Kind.PORTFOLIO)
        return redirect("reports:job", pk=job.pk)
    return render(request, "pdf/start.html", {"title": "Portfolio summary (PDF)", "action": request.path})


@login_required
@require_POST
def audit_package(request: HttpRequest, revision_id: int) -> HttpResponse:
    from audits.models import AuditRevision

    revision = tenancy.get_for_user(
        AuditRevision.objects.select_related("audit"), request.user, pk=revision_id
    )
    job = report_job_create(
        user=request.user,
        kind=ReportJob.Kind.AUDIT_PACKAGE,
        employer=revision.audit.employer,
        object_id=revision.pk,
    )
    return redirect("reports:job", pk=job.pk)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; the htmx poll re-renders only the status block and stops once it is finished."""
    job = get_object_or_404(ReportJob, pk=pk, user=request.user)
    template = "pdf/_job_status.html" if request.htmx else "pdf/job.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = report_job_for_download(user=request.user, pk=pk)
    return serve_file(job.file, download_name=job.filename)
