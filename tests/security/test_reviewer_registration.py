"""A reviewer's view of an employer ends with the employer's registration with the partner (issue 12).

Decision (docs/tenancy.md): the employer, its people and records disappear for the partner's reviewers when
the enrolment and membership with the partner have ended; the audits submitted to the partner (the partner's
own review record) stay readable."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from secor import tenancy
from secor.employers.models import Employer, Enrolment, Membership, Person
from tests import factories as f
from tests.audits.helpers import submitted_audit

pytestmark = pytest.mark.django_db


def visible(user, model=Employer):
    return set(tenancy.scope(model.objects.all(), user).values_list("pk", flat=True))


@pytest.mark.parametrize("status", ["lapsed", "cancelled", "removed", "moved_to_cor"])
def test_an_ended_enrolment_ends_the_view(status):
    enrolment = f.EnrolmentFactory(status=Enrolment.Status.REGISTERED)
    person = f.PersonFactory(employer=enrolment.employer)
    reviewer = f.reviewer_of("AB", "ACSA")
    assert enrolment.employer_id in visible(reviewer)
    assert person.pk in visible(reviewer, Person)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    assert enrolment.employer_id not in visible(reviewer)
    assert person.pk not in visible(reviewer, Person)


@pytest.mark.parametrize(
    ("status", "seen"), [("active", True), ("pending", True), ("lapsed", False), ("ended", False)]
)
def test_membership_status_decides(status, seen):
    membership = f.MembershipFactory(status=status)
    reviewer = f.reviewer_of("AB", "ACSA")
    assert (membership.employer_id in visible(reviewer)) is seen


def test_pages_and_api_answer_404_after_the_registration_ended(client):
    enrolment = f.EnrolmentFactory(status=Enrolment.Status.CERTIFIED)
    person = f.PersonFactory(employer=enrolment.employer)
    reviewer = f.reviewer_of("AB", "ACSA")
    api = APIClient()
    api.force_authenticate(reviewer)
    assert api.get(f"/api/employers/{enrolment.employer_id}/").status_code == 200
    assert api.get(f"/api/people/{person.pk}/").status_code == 200
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.LAPSED)
    assert api.get(f"/api/employers/{enrolment.employer_id}/").status_code == 404
    assert api.get(f"/api/people/{person.pk}/").status_code == 404
    assert api.get("/api/employers/").json()["count"] == 0


def test_submitted_audits_stay_readable_for_the_reviewer():
    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    s, audit = submitted_audit(api)
    reviewer = api(s.reviewer)
    assert reviewer.get(f"/api/audits/{audit.pk}/").status_code == 200
    Enrolment.objects.filter(employer=s.employer).update(status=Enrolment.Status.CANCELLED)
    Membership.objects.filter(employer=s.employer).update(status=Membership.Status.ENDED)
    assert reviewer.get(f"/api/employers/{s.employer.pk}/").status_code == 404
    assert reviewer.get(f"/api/people/{s.auditor.pk}/").status_code == 404
    assert reviewer.get(f"/api/audits/{audit.pk}/").status_code == 200
    assert reviewer.get("/api/audit-revisions/", {"audit": audit.pk}).json()["count"] == 1
    # ...and only audits submitted to their partner: another partner's reviewer sees nothing.
    other = api(f.reviewer_of("SK", "SCSA"))
    assert other.get(f"/api/audits/{audit.pk}/").status_code == 404
