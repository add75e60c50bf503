"""The server-rendered workspaces: errors next to fields, the reviewer's page flow."""

from __future__ import annotations

import datetime as dt

import pytest

from audits.models import Audit, AuditRevision
from tests.audits.factories import enrolled_employer, pdf_file
from tests.audits.helpers import at, submitted_audit


@pytest.mark.django_db
def test_plan_page_shows_rule_error_next_to_field(client):
    s = enrolled_employer("GO2HR")
    client.force_login(s.owner)
    r = client.post(
        f"/audits/new/?employer={s.employer.pk}",
        {
            "employer": s.employer.pk,
            "kind": "certification",
            "auditor_type": "internal",
            "auditor_person": s.auditor.pk,
            "starts_on": "2026-03-20",
            "notice_sent_on": "2026-03-10",
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="starts_on_error"' in html or "id_starts_on_error" in html
    assert "2026-03-24 at the earliest" in html
    assert not Audit.objects.exists()
    r = client.post(
        f"/audits/new/?employer={s.employer.pk}",
        {
            "employer": s.employer.pk,
            "kind": "certification",
            "auditor_type": "internal",
            "auditor_person": s.auditor.pk,
            "starts_on": "2026-03-24",
            "notice_sent_on": "2026-03-10",
        },
    )
    audit = Audit.objects.get()
    assert r.status_code == 302
    assert r.url == f"/audits/{audit.pk}/"


@pytest.mark.django_db
def test_employer_pages_answer_upload_readiness(client):
    s = enrolled_employer("ACSA")
    client.force_login(s.owner)
    with at(dt.date(2026, 3, 10)):
        client.post(
            f"/audits/new/?employer={s.employer.pk}",
            {
                "employer": s.employer.pk,
                "kind": "certification",
                "auditor_type": "internal",
                "auditor_person": s.auditor.pk,
                "starts_on": "2026-03-02",
                "ends_on": "2026-03-06",
            },
        )
        audit = Audit.objects.get()
        q = audit.instrument.elements.get(number=1).questions.get(code="1.1")
        r = client.post(f"/audits/{audit.pk}/questions/{q.pk}/", {"score": "1"})  # all-or-nothing: 0 or 2
        assert r.status_code == 400
        assert "All or nothing" in r.content.decode()
        r = client.post(f"/audits/{audit.pk}/questions/{q.pk}/", {"score": "2", "notes": "Signed 2026-01-05"})
        assert r.status_code == 302
        bad = pdf_file("x.exe")
        r = client.post(
            f"/audits/{audit.pk}/questions/{q.pk}/evidence/", {"file": bad, "method": "documentation"}
        )
        assert r.status_code == 400
        assert "not an allowed file type" in r.content.decode()
        r = client.post(
            f"/audits/{audit.pk}/questions/{q.pk}/evidence/",
            {
                "file": pdf_file(),
                "method": "documentation",
                "checklist_item": "Signed and dated health and safety policy",
            },
        )
        assert r.status_code == 302
        evidence = audit.evidence.get()
        assert evidence.file.name.startswith("evidence/")
        assert "evidence.pdf" not in evidence.file.name
        page = client.get(f"/audits/{audit.pk}/readiness/").content.decode()
        assert "would not pass" in page
        assert "below the 50% element minimum" in page
        assert client.get(f"/audits/{audit.pk}/").status_code == 200
        r = client.post(f"/audits/{audit.pk}/submit/")
        assert r.status_code == 302
        assert not AuditRevision.objects.exists()


@pytest.mark.django_db
def test_reviewer_page_flow(api, client):
    s, audit = submitted_audit(api)
    client.force_login(s.reviewer)
    queue = client.get("/review/").content.decode()
    assert audit.employer.display_name in queue
    assert "unassigned" in queue
    assert client.post(f"/review/{audit.pk}/start/").status_code == 302
    q = audit.answers.first().question
    r = client.post(f"/review/{audit.pk}/note/", {"kind": "actionable", "text": ""})
    assert r.status_code == 400
    assert "errorlist" in r.content.decode()
    assert (
        client.post(
            f"/review/{audit.pk}/note/", {"kind": "actionable", "text": "Add the date", "question": q.pk}
        ).status_code
        == 302
    )
    assert client.post(f"/review/{audit.pk}/corrections/", {"reason": "See notes"}).status_code == 302
    audit.refresh_from_db()
    assert audit.status == "corrections_requested"
    page = client.get(f"/review/{audit.pk}/").content.decode()
    assert "Add the date" in page
    assert "Corrections requested" in page
    # the employer sees the note and can answer it
    client.force_login(s.owner)
    note = audit.notes.get()
    assert "Add the date" in client.get(f"/audits/{audit.pk}/").content.decode()
    assert client.post(f"/audits/notes/{note.pk}/respond/", {"response": "Dated"}).status_code == 302
    note.refresh_from_db()
    assert note.response == "Dated"
