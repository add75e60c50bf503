"""The four PDFs: rendered with WeasyPrint, their text extracted with pdftotext and checked."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from secor.accounts.models import EmployerMembership
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


def test_status_letter(client, certified, tmp_path):
    user, _employer = certified
    client.force_login(user)
    data = body(client.get(reverse("reports:status_letter")))
    text = pdf_text(data, tmp_path)
    assert "Certification status letter" in text
    assert "AB-SECOR-4711" in text
    assert "March 1, 2024" in text
    assert "March 1, 2027" in text
    assert "Alberta Construction Safety Association" in text or "ACSA" in text
    assert "Maintenance" in text


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
