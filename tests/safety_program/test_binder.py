"""The evidence binder PDF of an audit: per element its questions with the records and files that back them
inside the review window, an index and checksums; read back with pdftotext. A submitted audit is bound as
the partner received it (later edits of a record do not show)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from audits.models import AuditRevision
from safety_program import audit_evidence
from safety_program.citation_models import CitedRecord
from tests import factories as f
from tests.audits.factories import answer_everything, pdf_file
from tests.audits.helpers import at
from tests.safety_program.test_audit_evidence import TODAY, api, cite, meeting, world  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def binder(client, audit, query: str = "") -> bytes:
    r = client.get(f"/program/audits/{audit.pk}/binder/{query}")
    assert r.status_code == 200, r.status_code
    assert r["Content-Type"] == "application/pdf"
    data = b"".join(r.streaming_content) if r.streaming else r.content
    if os.environ.get("SAVE_BINDER") and not query:  # to look at it: pdftoppm -png
        Path(os.environ["SAVE_BINDER"]).write_bytes(data)
    return data


def test_binder_lists_elements_questions_records_files_and_checksums(world, client):  # noqa: F811
    s = world
    record = meeting(s.employer, D(2025, 11, 5), topics="Fall protection")
    record.participants.add(s.auditor)
    record.findings = "Two ladders tagged out"
    record.save()
    assert cite(s, record).status_code == 201
    with_file = api(s.owner).post(
        f"/api/audits/{s.audit.pk}/evidence/",
        {"question": s.q13.pk, "file": pdf_file("minutes-scan.pdf"), "method": "documentation"},
        format="multipart",
    )
    assert with_file.status_code == 201
    client.force_login(s.owner)
    text = pdf_text(binder(client, s.audit))
    assert "Evidence binder" in text
    assert "Review window: 2025-03-02 to 2026-03-06" in text
    assert "Contents" in text
    assert "Index" in text
    assert "Element 1: Management Leadership & Organizational Commitment — 1 record, 1 file" in text
    assert "Element 2: Hazard Identification & Assessment — 0 records, 0 files" in text
    assert "Safety meeting 2025-11-05" in text
    assert "Fall protection" in text
    assert "Two ladders tagged out" in text
    assert s.auditor.full_name in text
    assert "minutes-scan.pdf" in text
    assert CitedRecord.objects.count() == 1
    digest = audit_evidence.current_checksum("safety_meeting", record.pk)
    assert digest[:32] in text.replace(" ", "")
    assert "program-rules" not in text  # sources only by their public names
    assert "[DOC]" not in text
    # one element only
    one = pdf_text(binder(client, s.audit, "?element=2"))
    assert "Element 2: Hazard Identification" in one
    assert "Element 1:" not in one
    assert client.get(f"/program/audits/{s.audit.pk}/binder/?element=99").status_code == 404
    # another tenant: the audit does not exist for them
    client.force_login(f.employer_admin(f.EmployerFactory()))
    assert client.get(f"/program/audits/{s.audit.pk}/binder/").status_code == 404


def test_submitted_audit_is_bound_as_the_partner_received_it(world, client):  # noqa: F811
    s = world
    record = meeting(s.employer, D(2025, 11, 5), topics="Fall protection")
    assert cite(s, record).status_code == 201
    with at(TODAY):
        answer_everything(api(s.owner), s.audit)
        assert api(s.owner).post(f"/api/audits/{s.audit.pk}/submit/").status_code == 201
    record.topics = "Heat stress"
    record.save()
    rev = AuditRevision.objects.get(audit=s.audit)
    client.force_login(s.reviewer)  # the partner's reviewer reads the submitted audit's binder
    text = pdf_text(binder(client, s.audit))
    assert "As submitted in revision 1" in text
    assert "Fall protection" in text
    assert "Heat stress" not in text
    assert rev.snapshot["records"][0]["sha256"][:32] in text.replace(" ", "")


def test_submission_package_lists_the_cited_records_as_submitted(world):  # noqa: F811
    from secor.reports import pdf

    s = world
    record = meeting(s.employer, D(2025, 11, 5), topics="Fall protection")
    assert cite(s, record).status_code == 201
    with at(TODAY):
        answer_everything(api(s.owner), s.audit)
        assert api(s.owner).post(f"/api/audits/{s.audit.pk}/submit/").status_code == 201
    rev = AuditRevision.objects.get(audit=s.audit)
    text = pdf_text(pdf.render_pdf("pdf/audit_package.html", pdf.audit_package_context(rev)))
    assert "Program records cited" in text
    assert "Safety meeting 2025-11-05" in text
    assert rev.snapshot["records"][0]["sha256"][:32] in text.replace(" ", "")
