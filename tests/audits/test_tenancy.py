"""Who sees what: reviewers only see submissions to their own partner (never drafts), employers and their
consultants see their own audits, other tenants get 404."""

from __future__ import annotations

import pytest

from secor.accounts.models import ConsultantAccess
from tests.audits.factories import reviewer_for
from tests.audits.helpers import submitted_audit
from tests.factories import ConsultantFirmFactory, UserFactory


@pytest.mark.django_db
def test_reviewer_of_another_partner_sees_nothing(api, client):
    s, audit = submitted_audit(api, "ACSA")
    other = reviewer_for("SCSA")
    c = api(other)
    assert c.get("/api/audits/").json()["count"] == 0
    assert c.get("/api/review-queue/").json()["count"] == 0
    assert c.get(f"/api/audits/{audit.pk}/").status_code == 404
    assert c.get(f"/api/audits/{audit.pk}/revisions/").status_code == 404
    assert c.get("/api/audit-revisions/").json()["count"] == 0
    assert c.post(f"/api/audits/{audit.pk}/start-review/").status_code == 404
    evidence = audit.evidence.first()
    client.force_login(other)
    assert client.get(f"/review/{audit.pk}/").status_code == 404
    assert client.get(f"/audits/evidence/{evidence.pk}/").status_code == 404
    assert client.get(f"/audits/{audit.pk}/revisions/1/").status_code == 404
    assert audit.employer.display_name.encode() not in client.get("/review/").content
    # the right reviewer sees it, everywhere
    client.force_login(s.reviewer)
    assert client.get(f"/review/{audit.pk}/").status_code == 200
    download = client.get(f"/audits/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert audit.employer.display_name.encode() in client.get("/review/").content


@pytest.mark.django_db
def test_reviewer_never_sees_drafts_or_withdrawn_audits(api):
    s, audit = submitted_audit(api, "ACSA", submit=False)
    reviewer = api(s.reviewer)
    assert reviewer.get(f"/api/audits/{audit.pk}/").status_code == 404
    owner = api(s.owner)
    import time_machine

    with time_machine.travel("2026-03-10 12:00 -0700", tick=False):
        assert owner.post(f"/api/audits/{audit.pk}/submit/").status_code == 201
    assert reviewer.get(f"/api/audits/{audit.pk}/").status_code == 200
    # working answers are the employer's; the reviewer reads the revision
    assert reviewer.get(f"/api/audits/{audit.pk}/answers/").json() == []
    assert len(reviewer.get(f"/api/audits/{audit.pk}/revisions/").json()) == 1
    r = owner.post(f"/api/audits/{audit.pk}/withdraw/", {"reason": "Forgot a file"}, format="json")
    assert r.status_code == 200
    assert r.json()["status"] == "draft"
    assert reviewer.get(f"/api/audits/{audit.pk}/").status_code == 404
    assert audit.transitions.filter(action="withdrawn", actor=s.owner).exists()


@pytest.mark.django_db
def test_withdraw_only_while_pending(api):
    s, audit = submitted_audit(api)
    assert api(s.reviewer).post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
    r = api(s.owner).post(f"/api/audits/{audit.pk}/withdraw/", {}, format="json")
    assert r.status_code == 400
    assert "pending review" in r.json()["detail"]


@pytest.mark.django_db
def test_employers_and_consultants(api):
    s, audit = submitted_audit(api)
    stranger = UserFactory()
    assert api(stranger).get(f"/api/audits/{audit.pk}/").status_code == 404
    assert api(stranger).get("/api/audits/").json()["count"] == 0
    firm = ConsultantFirmFactory()
    consultant = UserFactory(consultant_firm=firm)
    grant = ConsultantAccess.objects.create(employer=s.employer, firm=firm)
    assert api(consultant).get(f"/api/audits/{audit.pk}/").status_code == 200
    grant.revoked_at = grant.granted_at
    grant.save()
    assert api(consultant).get(f"/api/audits/{audit.pk}/").status_code == 404


@pytest.mark.django_db
def test_reviewer_cannot_act_for_employer_nor_employer_review(api):
    s, audit = submitted_audit(api)
    q = audit.answers.first().question
    assert (
        api(s.reviewer)
        .post(f"/api/audits/{audit.pk}/answers/", {"question": q.pk, "score": "0"}, format="json")
        .status_code
        == 403
    )
    r = api(s.owner).post(f"/api/audits/{audit.pk}/accept/", {}, format="json")
    assert r.status_code == 400
    assert "reviewers" in r.json()["detail"]
    assert audit.transitions.filter(action="accepted").count() == 0


@pytest.mark.django_db
def test_list_query_counts(api, django_assert_max_num_queries):
    s, audit = submitted_audit(api)
    for _ in range(3):
        submitted_audit(api)
    with django_assert_max_num_queries(8):
        r = api(s.reviewer).get("/api/review-queue/")
    assert r.json()["count"] == 4
    with django_assert_max_num_queries(8):
        api(s.owner).get("/api/audits/")
