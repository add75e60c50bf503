"""PDFs that go to partners and bidders (issue 15 item 9): nothing runs off the page, and the status letter
says what the certificate ledger says (a maintenance audit with the partner is not "Done on time").

Each PDF is also written to ``test-artifacts/pdfs/`` so it can be rendered (``pdftoppm -r 60``) and looked
at."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audits.models import Audit
from secor.reports.models import ReportJob
from tests import factories as f
from tests.audits.factories import answer_everything, pdf_file, plan_payload
from tests.audits.helpers import at, submitted_audit

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdfs"
LONG_NAME = (
    "health-and-safety-policy-signed-and-dated-by-the-owner-2026-03-16-final-version-for-the-partner.pdf"
)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def keep(data: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    return path


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is required: apt-get install -y poppler-utils")
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def words_off_the_page(path: Path, margin_pt: float = 40.0) -> list[str]:
    """Words whose box ends in the right margin (16 mm, 45 pt: templates/pdf/_style.html) or beyond the
    page edge (``pdftotext -bbox``, in points). The page footer sits in the margin box but inside this."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    off: list[str] = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, re.S):
        width = float(page.group(1))
        for x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page.group(2)
        ):
            if float(x_max) > width - margin_pt:
                off.append(f"{word} (ends at {float(x_max):.0f} of {width:.0f} pt)")
    return off


def _package(client, setup, revision, django_capture_on_commit_callbacks) -> bytes:
    client.force_login(setup.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:audit_package", args=[revision.pk]))
    job = ReportJob.objects.filter(user=setup.owner, kind=ReportJob.Kind.AUDIT_PACKAGE).latest("pk")
    assert job.status == "done", job.error
    return body(client.get(reverse("reports:job_download", args=[job.pk])))


def test_audit_package_evidence_index_fits_the_page_with_whole_hashes(
    client, django_capture_on_commit_callbacks
):
    setup, audit = submitted_audit(api, submit=False)
    q = audit.answers.select_related("question").first().question
    with at(dt.date(2026, 3, 10)):
        r = api(setup.owner).post(
            f"/api/audits/{audit.pk}/evidence/",
            {"question": q.pk, "file": pdf_file(LONG_NAME, b"dated"), "method": "documentation"},
            format="multipart",
        )
        assert r.status_code == 201, r.json()
        assert api(setup.owner).post(f"/api/audits/{audit.pk}/submit/").status_code == 201
    revision = audit.revisions.get()
    path = keep(_package(client, setup, revision, django_capture_on_commit_callbacks), "audit-package")
    assert words_off_the_page(path) == []
    squeezed = pdf_text(path).replace(" ", "").replace("-", "")  # words broken over lines lose their hyphen
    for evidence in revision.snapshot["evidence"]:
        assert evidence["sha256"] in squeezed  # the whole hash is printed (broken over lines, never cut)
    assert LONG_NAME.replace("-", "") in squeezed
    assert "{'code'" not in pdf_text(path)  # the partner by its name, not a dictionary


def _certified_with_maintenance_submitted():
    setup, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        assert api(setup.reviewer).post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
        assert (
            api(setup.reviewer).post(f"/api/audits/{audit.pk}/accept/", {}, format="json").status_code == 200
        )
    with at(dt.date(2027, 2, 15)):
        r = api(setup.owner).post(
            "/api/audits/",
            plan_payload(
                setup, kind="maintenance", starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 5)
            ),
            format="json",
        )
        assert r.status_code == 201, r.json()
        maintenance = Audit.objects.get(pk=r.json()["id"])
        answer_everything(api(setup.owner), maintenance)
        assert api(setup.owner).post(f"/api/audits/{maintenance.pk}/submit/").status_code == 201
    return setup, maintenance


def test_status_letter_does_not_call_a_maintenance_audit_under_review_done(client):
    setup, maintenance = _certified_with_maintenance_submitted()
    with at(dt.date(2027, 2, 20)):
        client.force_login(setup.owner)
        path = keep(body(client.get(reverse("reports:status_letter"))), "status-letter-pending")
    text = pdf_text(path)
    assert "Done on time" not in text
    assert "Submitted on 2027-02-15; partner review pending" in text
    assert "the latest maintenance audit is with the partner for review" in text
    from secor.reports.pdf import status_letter_context

    with at(dt.date(2027, 2, 20)):
        assert status_letter_context(setup.employer, user=setup.owner)["standing_ok"]  # green, not red
    assert words_off_the_page(path) == []
    # Once the partner accepts it, the letter says so.
    with at(dt.date(2027, 2, 22)):
        assert api(setup.reviewer).post(f"/api/audits/{maintenance.pk}/start-review/").status_code == 200
        assert (
            api(setup.reviewer).post(f"/api/audits/{maintenance.pk}/accept/", {}, format="json").status_code
            == 200
        )
    with at(dt.date(2027, 2, 25)):
        client.force_login(setup.owner)
        path = keep(body(client.get(reverse("reports:status_letter"))), "status-letter-accepted")
    text = pdf_text(path)
    assert "Done on time (accepted, submitted 2027-02-15)" in text
    assert "partner review pending" not in text


def test_readiness_and_portfolio_pdfs_fit_the_page(client, django_capture_on_commit_callbacks):
    setup, _maintenance = _certified_with_maintenance_submitted()
    with at(dt.date(2027, 2, 20)):
        client.force_login(setup.owner)
        path = keep(body(client.get(reverse("reports:readiness"))), "readiness")
    assert words_off_the_page(path) == []
    firm = f.ConsultantFirmFactory()
    consultant = f.UserFactory(consultant_firm=firm)
    f.ConsultantAccessFactory(employer=setup.employer, firm=firm)
    for i in range(3):
        employer = f.EmployerFactory(
            legal_name=f"Client {i} with a long legal name Construction and Roofing Ltd."
        )
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(employer=employer)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:portfolio"))
    job = ReportJob.objects.get(user=consultant)
    assert job.status == "done", job.error
    path = keep(body(client.get(reverse("reports:job_download", args=[job.pk]))), "portfolio")
    assert words_off_the_page(path) == []
    text = pdf_text(path)
    assert "(inferred)" not in text  # our notes never reach a PDF
    assert ".;" not in text  # reasons are sentences, not a list glued with semicolons
