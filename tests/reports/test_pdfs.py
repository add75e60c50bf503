"""The four PDFs: rendered with WeasyPrint, their text extracted with pdftotext and checked."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from secor.accounts.models import EmployerMembership
from secor.certificates import services
from secor.employers.models import Enrolment
from secor.reports.models import ReportJob
from secor.reports.services import report_job_run
from tests import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is required: apt-get install -y poppler-utils")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())  # table cells wrap; compare words, not line breaks


def pdf_images(data: bytes, tmp_path) -> int:
    """The number of images in the PDF (pdfimages -list)."""
    if not shutil.which("pdfimages"):
        pytest.fail("pdfimages (poppler-utils) is required")
    path = tmp_path / "img.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    return max(0, len(out.strip().splitlines()) - 2)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def certified(db):
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.", operating_name="Prairie Roofing")
    user = f.UserFactory(email="owner@example.com")
    EmployerMembership.objects.create(user=user, employer=employer, role="admin")
    f.EnrolmentFactory(
        employer=employer,
        status=Enrolment.Status.CERTIFIED,
        registered_on=dt.date(2023, 1, 10),
        issued_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2027, 3, 1),
        certificate_number="AB-SECOR-4711",
    )
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    f.PersonFactory(employer=employer, first_name="Ada", last_name="Lovelace")
    return user, employer


def test_readiness_report(client, certified, tmp_path):
    user, employer = certified
    client.force_login(user)
    response = client.get(reverse("reports:readiness"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = body(response)
    assert data[:4] == b"%PDF"
    text = pdf_text(data, tmp_path)
    assert "SECOR readiness report" in text
    assert "Prairie Roofing Ltd." in text
    assert "Eligibility" in text
    assert "no more than 10" in text
    assert "Ada Lovelace" in text  # training matrix
    assert "Deadlines" in text
    assert "Audit readiness by element" in text


@time_machine.travel(dt.datetime(2025, 1, 15, 18, 0, tzinfo=dt.UTC), tick=False)
def test_status_letter(client, certified, tmp_path):
    """On 2025-01-15 the certificate (issued 2024-03-01, year-2 maintenance due 2025-03-01) is held; the letter
    carries the public verification link for its number and a QR code of that link."""
    user, employer = certified
    services.ledger_from_enrolment(enrolment=employer.enrolments.get(), reason="test records")
    client.force_login(user)
    data = body(client.get(reverse("reports:status_letter")))
    text = pdf_text(data, tmp_path)
    assert "Certification status letter" in text
    assert "AB-SECOR-4711" in text
    assert "March 1, 2024" in text
    assert "March 1, 2027" in text
    assert "Alberta Construction Safety Association" in text or "ACSA" in text
    assert "Maintenance" in text
    assert "Certificate held" in text
    assert "In good standing" in text
    assert "Verify this certificate" in text
    assert "/verify/?n=AB" in text  # the link (it wraps inside the number)
    assert "4711&t=" in text
    # the QR code is an image in the PDF, made from the same signed link
    assert pdf_images(data, tmp_path) == 1
    import segno

    from secor.certificates.models import Certificate
    from secor.certificates.public import verify_url
    from secor.reports.pdf import status_letter_context

    url = verify_url(Certificate.objects.get(number="AB-SECOR-4711"))
    context = status_letter_context(employer, user=user)
    assert context["verify_url"] == url
    assert context["verify_qr"] == segno.make(url, error="m").png_data_uri(scale=4, border=2)
    assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_status_letter_says_when_the_certificate_was_lost(client, certified, tmp_path):
    """On 2026-12-01 nothing was submitted for year 2 (due 2025-03-01): ACSA's rule cancelled the certificate on
    2025-03-02 and the letter says so, as every other page does."""
    user, employer = certified
    services.ledger_from_enrolment(enrolment=employer.enrolments.get(), reason="test records")
    client.force_login(user)
    with time_machine.travel(dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC), tick=False):
        data = body(client.get(reverse("reports:status_letter")))
    text = pdf_text(data, tmp_path)
    assert "Certificate cancelled since March 2, 2025" in text
    assert "Not in good standing: certificate cancelled since March 2, 2025" in text
    assert "Verify this certificate" in text
    # the public verification page behind the letter's link says the same, before the daily job records it
    from secor.certificates.models import Certificate
    from secor.certificates.public import verify_url

    url = verify_url(Certificate.objects.get(number="AB-SECOR-4711"))
    with time_machine.travel(dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(url.removeprefix(settings.SITE_URL)).content.decode()
    assert "Not valid" in page
    assert "Not valid since March 2, 2025" in page


def test_portfolio_summary_job_runs_and_downloads(client, tmp_path, django_capture_on_commit_callbacks):
    firm = f.ConsultantFirmFactory()
    consultant = f.UserFactory(consultant_firm=firm)
    for name in ("Alpha Roofing", "Beta Framing"):
        employer = f.EmployerFactory(legal_name=f"{name} Ltd.", operating_name=name)
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(employer=employer)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:portfolio"))
    job = ReportJob.objects.get(user=consultant)
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done"
    assert job.progress == 100
    assert len(job.sha256) == 64
    status = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Download the PDF" in status
    text = pdf_text(body(client.get(reverse("reports:job_download", args=[job.pk]))), tmp_path)
    assert "Portfolio summary" in text
    assert "Alpha Roofing" in text
    assert "Beta Framing" in text
    # running the task again changes nothing (the job was claimed once)
    assert report_job_run(job_id=job.pk) == "skipped"
    # another user cannot see the job
    client.force_login(f.UserFactory())
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404


def test_pending_job_page_polls(client):
    user = f.UserFactory()
    job = ReportJob.objects.create(user=user, kind=ReportJob.Kind.PORTFOLIO)
    client.force_login(user)
    html = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html


def test_readiness_needs_an_enrolment(client):
    user = f.EmployerMembershipFactory().user
    client.force_login(user)
    assert client.get(reverse("reports:readiness")).status_code == 404


def test_audit_submission_package(client, tmp_path, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from tests.audits.helpers import submitted_audit

    def api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    setup, audit = submitted_audit(api)
    revision = audit.revisions.get()
    client.force_login(setup.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:audit_package", args=[revision.pk]))
    job = ReportJob.objects.get(user=setup.owner, kind=ReportJob.Kind.AUDIT_PACKAGE)
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done", job.error
    text = pdf_text(body(client.get(reverse("reports:job_download", args=[job.pk]))), tmp_path)
    assert "Audit submission package" in text
    assert setup.employer.display_name in text
    assert "Scores by element" in text
    assert "Evidence index" in text
    assert revision.snapshot_sha256 in text
    element = revision.snapshot["scores"]["elements"][0]
    assert f"Element {element['number']}: {element['name']}" in text
    # a user who cannot see the audit cannot start a package for it
    client.force_login(f.UserFactory())
    assert client.post(reverse("reports:audit_package", args=[revision.pk])).status_code == 404


def test_readiness_scores_the_latest_open_audit_of_the_overview_list(monkeypatch):
    """The report finds its audit in the overview's list (newest first, those the user may see): the newest
    one not yet decided, past any accepted or rejected newer ones; none open, no score."""
    from types import SimpleNamespace

    import audits.services
    from audits.models import AuditStatus
    from secor.reports.pdf import _audit_readiness

    monkeypatch.setattr(audits.services, "live_score", lambda audit: f"score of {audit.pk}")
    accepted = SimpleNamespace(pk=9, status="accepted")  # as read from the database: a plain string
    rejected = SimpleNamespace(pk=8, status=AuditStatus.REJECTED)
    open_newer = SimpleNamespace(pk=7, status=AuditStatus.DRAFT)
    open_older = SimpleNamespace(pk=3, status=AuditStatus.DRAFT)
    found = _audit_readiness([accepted, rejected, open_newer, open_older])
    assert found == {"audit": open_newer, "score": "score of 7"}
    assert _audit_readiness([accepted, rejected]) is None
    assert _audit_readiness([]) is None
