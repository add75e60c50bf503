"""Every stored-file download carries the same protective headers; report PDFs are re-checked against tenancy
when downloaded; every page has a Content-Security-Policy and the templates need no inline code (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from secor.accounts.models import ConsultantAccess
from secor.reports.models import ReportJob
from tests import factories as f
from tests.audits.helpers import submitted_audit

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


def assert_download_headers(response, filename_part: str):
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename_part in response["Content-Disposition"]


def test_evidence_download_headers(client):
    def api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    s, audit = submitted_audit(api, submit=False)
    evidence = audit.evidence.first()
    assert evidence is not None
    client.force_login(s.owner)
    response = client.get(reverse("audits:evidence-download", args=[evidence.pk]))
    assert_download_headers(response, ".pdf")


def test_certificate_download_headers(client, owner):
    record = f.TrainingRecordFactory(person=owner.employer.people.first())
    record.certificate_file.save("c.pdf", ContentFile(PDF))
    client.force_login(owner)
    assert_download_headers(client.get(reverse("files:certificate", args=[record.pk])), "certificate")


def test_rendered_pdf_download_headers(client, owner):
    client.force_login(owner)
    assert_download_headers(client.get(reverse("reports:status_letter")), "secor-status-")


def _job(user, **kwargs) -> ReportJob:
    job = ReportJob.objects.create(user=user, status=ReportJob.Status.DONE, **kwargs)
    job.file.save("report.pdf", ContentFile(PDF))
    return job


def test_report_job_download_is_rechecked_after_the_grant_is_revoked(client):
    employer = f.EmployerFactory()
    consultant = f.consultant_for(employer)
    job = _job(consultant, kind=ReportJob.Kind.READINESS, employer=employer)
    client.force_login(consultant)
    url = reverse("reports:job_download", args=[job.pk])
    assert_download_headers(client.get(url), "readiness-")
    ConsultantAccess.objects.filter(employer=employer).update(revoked_at=timezone.now())
    assert client.get(url).status_code == 404


def test_portfolio_job_is_withheld_after_any_client_was_revoked(client):
    first, second = f.EmployerFactory(), f.EmployerFactory()
    consultant = f.consultant_for(first)
    f.ConsultantAccessFactory(employer=second, firm=consultant.consultant_firm)
    job = _job(consultant, kind=ReportJob.Kind.PORTFOLIO)
    client.force_login(consultant)
    url = reverse("reports:job_download", args=[job.pk])
    assert client.get(url).status_code == 200
    ConsultantAccess.objects.filter(employer=second).update(revoked_at=timezone.now())
    assert client.get(url).status_code == 404
    # A summary made after the revocation downloads again.
    later = _job(consultant, kind=ReportJob.Kind.PORTFOLIO)
    assert client.get(reverse("reports:job_download", args=[later.pk])).status_code == 200


def test_report_job_of_another_user_is_404(client):
    employer = f.EmployerFactory()
    job = _job(f.employer_admin(employer), kind=ReportJob.Kind.READINESS, employer=employer)
    client.force_login(f.employer_admin(employer))
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


# --- Content-Security-Policy ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/check/", "/accounts/login/"])
def test_pages_have_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_logged_in_pages_have_it_too(owner_client):
    policy = owner_client.get("/dashboard/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_api_docs_viewers_are_widened_for_their_cdn_only(client):
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "https://cdn.jsdelivr.net" in docs
    assert "script-src 'self' https://cdn.jsdelivr.net;" in docs + ";"  # no inline script on Swagger UI
    assert "https://cdn.jsdelivr.net" not in client.get("/check/")["Content-Security-Policy"]


SERVED_TEMPLATES = [
    p for p in (ROOT / "templates").rglob("*.html") if not {"pdf", "emails"} & set(p.relative_to(ROOT).parts)
]


@pytest.mark.parametrize("path", SERVED_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_have_no_inline_script_or_style(path):
    """The policy forbids inline code: a template that adds some would break in the browser silently."""
    html = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>: move it to static/js"
    assert "<style" not in html, "inline <style>: move it to static/css/app.css"
    assert not re.search(r"\sstyle=\"", html), "style attribute: use a class in static/css/app.css"
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler: use static/js/app.js"
    assert "hx-on" not in html, "hx-on needs eval, which the policy forbids"
